// The only module that talks to the Tauri backend (docs/desktop-api.md).
//
// Every command rejects with { kind, message, problems } whatever went wrong.

function tauri() {
  return typeof window !== "undefined" ? window.__TAURI__ : undefined;
}

export function normaliseError(err) {
  if (err && typeof err === "object") {
    const message = typeof err.message === "string" ? err.message : JSON.stringify(err);
    return {
      kind: typeof err.kind === "string" ? err.kind : "internal",
      message,
      problems: Array.isArray(err.problems) ? err.problems : [],
    };
  }
  return { kind: "internal", message: String(err ?? "Unknown error"), problems: [] };
}

async function call(command, args) {
  const core = tauri()?.core;
  if (!core || typeof core.invoke !== "function") {
    throw {
      kind: "environment",
      message: "The desktop backend is not available: open AI Exposure through its application, not in a browser.",
      problems: [],
    };
  }
  try {
    return await core.invoke(command, args);
  } catch (err) {
    throw normaliseError(err);
  }
}

/** The webview's locale goes along: the backend picks the default paper from it where the
 * environment names none. */
export const appState = () => call("app_state", { locale: webviewLocale() });

function webviewLocale() {
  try {
    return new Intl.DateTimeFormat().resolvedOptions().locale;
  } catch {
    return (typeof navigator !== "undefined" && navigator.language) || null;
  }
}
export const acknowledgeDisclaimer = () => call("acknowledge_disclaimer");
export const openFile = () => call("open_file");
export const cancelImport = () => call("cancel_import");
export const confirmImport = (name, replace) => call("confirm_import", { name, replace: !!replace });
export const discardImport = () => call("discard_import");
/** `asOf`: "YYYY-MM-DD" for the figures as of that day (only the deals announced by then), or
 * ""/null for the figures as of the dataset. */
export const analyse = (id, scenario, asOf) => call("analyse", { id, scenario: scenario ?? null, asOf: asOf || null });
/** The user has read "What's new in the deals": the core remembers what is shown now. */
export const dismissWhatsNew = (id, scenario) => call("dismiss_whats_new", { id, scenario: scenario ?? null });
export const saveScenario = (id, scenario) => call("save_scenario", { id, scenario });
export const renamePortfolio = (id, name) => call("rename_portfolio", { id, name });
export const deletePortfolio = (id) => call("delete_portfolio", { id });
export const deals = () => call("deals");
export const openSource = (url) => call("open_source", { url });
export const setDefaults = (scenario) => call("set_defaults", { scenario });
export const loadDataset = () => call("load_dataset");
export const useBundledDataset = () => call("use_bundled_dataset");
export const started = () => call("started");
export const printReport = (id, scenario, paper, asOf) => call("print_report", { id, scenario, paper, asOf: asOf || null });
/** Resolves with the saved file's name, or null if the save dialog was cancelled. */
export const exportReport = (id, scenario, format, paper, asOf) => call("export_report", { id, scenario, format, paper, asOf: asOf || null });
/** Imports the last unrecognised file with `mapping` (a ColumnMapping); Tauri maps saveProfile to save_profile. */
export const importWithMapping = (mapping, saveProfile) => call("import_with_mapping", { mapping, saveProfile: !!saveProfile });

/** The fund snapshots in use, the holdings files saved and the notes on saved files not used. */
export const funds = () => call("funds");
/** Asks for a fund's holdings file (native dialog) and imports it; resolves with FundImported,
 * or null if the dialog was cancelled. `symbol`: the holding the file is for when the file does
 * not name its fund, else null. */
export const importFundFile = (symbol) => call("import_fund_file", { symbol: symbol || null });
/** The last holdings file refused for naming no fund, read again as the holding `symbol`. */
export const importFundAgain = (symbol) => call("import_fund_again", { symbol });
/** Back to the bundled snapshot of the fund of saved holdings file `id`. */
export const removeFundFile = (id) => call("remove_fund_file", { id });

/** Settings → Currency and rates: `{ base (null = the account's currency), currencies, rates:
 * { date, source, origin, per_eur }, overrides: { code: per euro }, stale_after_days, note }`. */
export const currencySettings = () => call("currency_settings");
/** `code` null: each portfolio's account currency (else USD). Resolves with the settings. */
export const setBaseCurrency = (code) => call("set_base_currency", { code: code || null });
export const setStaleDays = (days) => call("set_stale_days", { days: String(days) });
/** The user's own rate (units of `code` per euro); `perEur` null removes it. Resolves with the settings. */
export const setRate = (code, perEur) => call("set_rate", { code, perEur: perEur || null });
/** Asks for a newer ECB rates file (native dialog); resolves with the settings, or null if cancelled. */
export const loadRatesFile = () => call("load_rates_file");
/** Back to the bundled rates; resolves with the settings. */
export const useBundledRates = () => call("use_bundled_rates");
/** The prices given for portfolio `id`: [{ symbol, isin, price, currency, date, origin: { kind: "typed" } | { kind: "file", file, line } }]. */
export const prices = (id) => call("prices", { id });
/** Saves a typed price for a holding (`price` "" removes the typed one; `currency` ""/null: the holding's own). */
export const setPrice = (id, symbol, isin, price, currency) => call("set_price", { id, symbol: symbol || null, isin: isin || null, price: String(price ?? ""), currency: currency || null });
/** Asks for a prices file (native dialog) for portfolio `id`; resolves with { file_name, format, count, warnings }, or null if cancelled. */
export const importPrices = (id) => call("import_prices", { id });
/** Forgets the prices of prices file `file` for portfolio `id`. */
export const removeFilePrices = (id, file) => call("remove_file_prices", { id, file });

/**
 * Listens to a backend event; handler gets the payload. Resolves with an
 * unlisten function (a no-op outside the desktop app).
 */
export async function onEvent(name, handler) {
  const event = tauri()?.event;
  if (!event || typeof event.listen !== "function") return () => {};
  try {
    return await event.listen(name, (e) => handler(e ? e.payload : undefined));
  } catch (err) {
    throw normaliseError(err);
  }
}

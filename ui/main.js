// Entry point: the shell (header, portfolio switcher, nav, disclaimer, errors)
// and the wiring between backend events, state and views.

import * as api from "./api.js";
import { byId, el, button, confirmDialog } from "./dom.js";
import { state, update, subscribe, DISCLAIMER } from "./state.js";
import { applyPreferences, formatDate } from "./format.js";
import { renderImport } from "./import.js";
import { problemText, needsFundSymbol } from "./logic.js";
import * as overview from "./views/overview.js";
import * as holdings from "./views/holdings.js";
import * as dealsView from "./views/deals.js";
import * as explain from "./views/explain.js";
import * as whatif from "./views/whatif.js";
import * as settings from "./views/settings.js";
import * as fundsView from "./views/funds.js";

const VIEWS = { overview, holdings, deals: dealsView, explain, whatif, funds: fundsView, settings };
const NEEDS_ANALYSIS = new Set(["overview", "holdings", "explain", "whatif"]);

// ------------------------------------------------------------------ errors

function showError(error) {
  const err = api.normaliseError(error);
  const region = byId("errors");
  const item = el("div", { className: "error-item", testid: "error-item", dataset: { kind: err.kind } });
  item.append(el("p", { className: "error-message", text: err.message }));
  if (err.problems.length) item.append(problemList(err.problems));
  item.append(button("Dismiss", () => item.remove(), { className: "btn btn-small", testid: "error-dismiss" }));
  region.append(item);
}

function problemList(problems) {
  const list = el("ul", { className: "problems", testid: "problems" });
  for (const p of problems) list.append(el("li", { className: "problem", text: problemText(p) }));
  return list;
}

/** Runs an async action; errors go to the error region, never uncaught. */
async function guard(fn) {
  try {
    return await fn();
  } catch (err) {
    showError(err);
    return undefined;
  }
}

// ----------------------------------------------------------------- actions

async function refreshAppState() {
  const app = await api.appState();
  update({ app });
  return app;
}

async function loadPortfolio(id) {
  if (id === null || id === undefined) {
    update({ analysis: null, baseline: null });
    return;
  }
  update({ busy: true });
  let analysis;
  try {
    analysis = await api.analyse(id, null, state.asOf);
  } catch (err) {
    update({ busy: false });
    throw err;
  }
  whatif.reset();
  // One update, so the views render once before the first paint (start-up time).
  update({ analysis, baseline: analysis, app: { ...state.app, current_id: id }, busy: false, pricesStatus: { phase: "idle" } });
}

let datasetPromise = null;
let asOfToken = 0; // the latest "Figures as of" choice
function ensureDataset() {
  if (state.dataset) return Promise.resolve(state.dataset);
  if (!datasetPromise) {
    datasetPromise = api.deals().then(
      (dataset) => {
        update({ dataset });
        return dataset;
      },
      (err) => {
        datasetPromise = null;
        throw err;
      },
    );
  }
  return datasetPromise;
}

// Number and date styles (Settings): a display preference of this computer, kept in the
// webview's local storage (in the app's data directory), not with a portfolio.
const DISPLAY_KEY = "ai-exposure.display";

function loadDisplay() {
  // Paper: the saved choice, else the one usual for this computer's locale (from the backend).
  const paper = (v) => (v === "letter" || v === "a4" ? v : state.app?.default_paper === "letter" ? "letter" : "a4");
  try {
    const v = JSON.parse(window.localStorage.getItem(DISPLAY_KEY) || "{}");
    return { numbers: String(v.numbers || "system"), dates: String(v.dates || "iso"), paper: paper(v.paper) };
  } catch {
    return { numbers: "system", dates: "iso", paper: paper(undefined) };
  }
}

async function exportReport(format) {
  if (!state.analysis) return;
  const name = await api.exportReport(state.analysis.meta.id, state.analysis.scenario ?? null, format, loadDisplay().paper, state.asOf);
  setStatus(name ? `Saved “${name}”.` : "");
}

/** The nav's status line (one line, cut with "…" when long: `title` is the whole of it). */
function setStatus(text, title = text) {
  const status = byId("nav-status");
  status.textContent = text;
  status.title = title || "";
}

// ------------------------------------------------------------------ funds

let fundsPromise = null;
let fundsChangedBeforeAnalysis = false; // a fund file came in while the first analysis ran

/** The Funds page's data (the `funds` command), loaded on first use and after every change. */
function loadFunds() {
  if (!fundsPromise) {
    fundsPromise = api.funds().then(
      (funds) => {
        fundsPromise = null;
        update({ funds });
        return funds;
      },
      (err) => {
        fundsPromise = null;
        update({ funds: { snapshots: [], files: [], notes: [] } });
        throw err;
      },
    );
  }
  return fundsPromise;
}

/** The fund snapshots changed (a file imported or removed): the Funds page and the figures of
 * the portfolio on screen (scenario and "Figures as of" kept), so that the dates shown follow. */
async function fundsChanged() {
  const jobs = [loadFunds()];
  if (state.analysis) jobs.push(refreshFigures());
  else fundsChangedBeforeAnalysis = true;
  await Promise.all(jobs);
}

/** The figures of the portfolio on screen asked for again (scenario and "Figures as of" kept):
 * the scenario on screen and the saved one, so that What-if still compares like with like. */
async function refreshFigures() {
  if (!state.analysis) return;
  const id = state.analysis.meta.id;
  const scenario = state.analysis.scenario ?? null;
  const [analysis, baseline] = await Promise.all([api.analyse(id, scenario, state.asOf), api.analyse(id, null, state.asOf)]);
  if (state.analysis && state.analysis.meta.id === id) update({ analysis, baseline });
}

// ------------------------------------------------------- currency, rates, prices

let currencyPromise = null;

/** Settings → Currency and rates (the `currency_settings` command), loaded on first use. */
function loadCurrency() {
  if (!currencyPromise) {
    currencyPromise = api.currencySettings().then(
      (currency) => {
        currencyPromise = null;
        update({ currency });
        return currency;
      },
      (err) => {
        currencyPromise = null;
        throw err;
      },
    );
  }
  return currencyPromise;
}

/** A currency setting changed (the core answered with the settings now in use): Settings shows
 * them and the portfolio on screen is valued again with them. */
async function currencyChanged(currency, message) {
  update({ currency, busy: true });
  try {
    await refreshFigures();
  } finally {
    update({ busy: false });
  }
  if (message) setStatus(message);
}

let pricesPromise = null;

/** The prices given for the portfolio on screen (typed, from prices files), for the Holdings
 * view's list of prices files. */
function loadPrices() {
  const id = state.analysis?.meta?.id;
  if (id === undefined || id === null) return Promise.resolve(null);
  if (!pricesPromise || pricesPromise.id !== id) {
    const job = api.prices(id).then(
      (list) => {
        if (pricesPromise === job) pricesPromise = null;
        if (state.analysis?.meta?.id === id) update({ prices: { id, list } });
        return list;
      },
      (err) => {
        if (pricesPromise === job) pricesPromise = null;
        update({ prices: { id, list: [] } });
        throw err;
      },
    );
    job.id = id;
    pricesPromise = job;
  }
  return pricesPromise;
}

/** A price was given or taken back: the figures and the list of prices again. */
async function pricesChanged() {
  update({ busy: true });
  try {
    await Promise.all([refreshFigures(), loadPrices()]);
  } finally {
    update({ busy: false });
  }
}

/** The holding's ISIN, from the imported holdings (the exposure rows name the symbol). */
function holdingIsin(row) {
  const list = state.analysis?.holdings?.holdings || [];
  const h = list.find((x) => x.symbol === row.symbol && (x.account ?? null) === (row.account ?? null)) || list.find((x) => x.symbol === row.symbol);
  return h?.isin ?? null;
}

/** A holdings file was read (the Import button, Open file…, the command line or a drop). */
async function fundImported(done) {
  const message = done?.message || `${done?.symbol ?? "The fund"}'s holdings as of ${formatDate(done?.as_of)} are in use.`;
  update({ fundsStatus: { phase: done?.used === false ? "older" : "done", used: done?.used !== false, message, symbol: done?.symbol, asOf: done?.as_of } });
  // The nav says it in short (the whole message is on the Funds page and the title).
  setStatus(done?.used === false ? `${done?.symbol ?? "Fund"}: the file is older than the snapshot, not used` : `${done?.symbol ?? "Fund"}: holdings as of ${formatDate(done?.as_of)} in use`, message);
  if (done?.used !== false) await guard(fundsChanged);
}

/** A holdings file could not be used (`fund-import-failed`, or the import command refused it). */
function fundImportFailed(err, symbolGiven, fileName) {
  const e = api.normaliseError(err);
  if (needsFundSymbol(e, symbolGiven)) {
    update({ fundsStatus: { phase: "ask", message: e.message, fileName }, view: "funds" });
    return;
  }
  update({ fundsStatus: { phase: "failed", message: e.message, problems: e.problems, fileName } });
  if (state.view !== "funds") showError({ kind: e.kind, message: fileName ? `${fileName}: ${e.message}` : e.message, problems: e.problems });
}

const actions = {
  display: loadDisplay,
  setDisplay(prefs) {
    try {
      window.localStorage.setItem(DISPLAY_KEY, JSON.stringify(prefs));
    } catch {
      // Storage unavailable: the choice still applies until the app closes.
    }
    applyPreferences(prefs);
    update({ display: prefs });
  },
  showError,
  guard,
  problemList,
  go(view) {
    update({ view });
  },
  explain(kind, key) {
    update({ explain: { kind, key }, view: "explain" });
  },
  async reanalyse(scenario) {
    if (!state.analysis) return;
    const id = state.analysis.meta.id;
    const analysis = await api.analyse(id, scenario, state.asOf);
    if (state.analysis && state.analysis.meta.id === id) update({ analysis });
  },
  async saveScenario(scenario) {
    const id = state.analysis.meta.id;
    await api.saveScenario(id, scenario);
    const analysis = await api.analyse(id, null, state.asOf);
    update({ analysis, baseline: analysis });
  },
  /** "Figures as of": "" (the dataset) or a day; the scenario on screen and the saved one are
   * both analysed again for it, so What-if still compares like with like. */
  setAsOf(day) {
    return guard(async () => {
      const asOf = day || "";
      const token = ++asOfToken;
      if (!state.analysis) return update({ asOf, asOfChosen: asOf });
      const id = state.analysis.meta.id;
      const scenario = state.analysis.scenario ?? null;
      // The control shows the day chosen at once; the figures and `asOf` change together.
      update({ busy: true, asOfChosen: asOf });
      try {
        const [analysis, baseline] = await Promise.all([api.analyse(id, scenario, asOf), api.analyse(id, null, asOf)]);
        // A later choice wins.
        if (token === asOfToken && state.analysis && state.analysis.meta.id === id) update({ asOf, analysis, baseline });
      } finally {
        if (token === asOfToken) update({ busy: false, asOfChosen: state.asOf });
      }
    });
  },
  /** "Got it" on What's new: the core remembers what is shown now; the panel goes. */
  dismissWhatsNew() {
    return guard(async () => {
      if (!state.analysis) return;
      const id = state.analysis.meta.id;
      const scenario = state.analysis.scenario ?? null;
      await api.dismissWhatsNew(id, scenario);
      const [analysis, baseline] = await Promise.all([api.analyse(id, scenario, state.asOf), api.analyse(id, null, state.asOf)]);
      if (state.analysis && state.analysis.meta.id === id) update({ analysis, baseline });
    });
  },
  async setDefaults(scenario) {
    await api.setDefaults(scenario);
    await refreshAppState();
  },
  ensureDataset,
  /** The first overview is on screen (start-up measurement; a failure does not matter). */
  started() {
    api.started().catch(() => {});
  },
  /** After the dataset changed: forget the cached deals, reload state and the analysis. */
  async datasetChanged() {
    datasetPromise = null;
    update({ dataset: null });
    const app = await refreshAppState();
    const id = state.analysis?.meta?.id ?? app?.current_id ?? null;
    await loadPortfolio(id);
  },
  async loadDataset() {
    return guard(async () => {
      const loaded = await api.loadDataset();
      if (loaded) await actions.datasetChanged();
      return loaded;
    });
  },
  async useBundledDataset() {
    return guard(async () => {
      await api.useBundledDataset();
      await actions.datasetChanged();
      return true;
    });
  },
  openSource: (url) => guard(() => api.openSource(url)),
  async openFile() {
    await guard(async () => {
      await api.openFile();
    });
  },
  async confirmImport(name, replace) {
    await guard(async () => {
      const meta = await api.confirmImport(name, replace);
      update({ import: { phase: "idle" } });
      await refreshAppState();
      await loadPortfolio(meta.id);
      update({ view: "overview" });
    });
  },
  async discardImport() {
    await guard(async () => {
      await api.discardImport();
      update({ import: { phase: "idle" } });
    });
  },
  cancelImport: () => guard(() => api.cancelImport()),
  /** Resolves true when the backend accepted the mapping (it then reports through the import events). */
  async importWithMapping(mapping, saveProfile) {
    return (await guard(() => api.importWithMapping(mapping, saveProfile))) !== undefined;
  },
  dismissImport() {
    update({ import: { phase: "idle" } });
  },
  loadFunds: () => guard(loadFunds),
  /** Import a newer holdings file…: `symbol` null, or the holding the user said it is for. */
  async importFundFile(symbol) {
    // A symbol answers "which holding is it?": the file already chosen is read again.
    const again = !!symbol && state.fundsStatus?.phase === "ask";
    update({ fundsStatus: { phase: "working" } });
    try {
      const done = again ? await api.importFundAgain(symbol) : await api.importFundFile(symbol ?? null);
      if (done === null || done === undefined) update({ fundsStatus: { phase: "idle" } });
      else await fundImported(done);
    } catch (err) {
      fundImportFailed(err, !!symbol, null);
    }
  },
  async removeFundFile(file) {
    const yes = await confirmDialog({
      title: "Remove this holdings file?",
      message: `Stop using “${file.file_name}” (holdings as of ${formatDate(file.as_of)})? The fund goes back to its bundled snapshot for every portfolio.`,
      confirm: "Remove",
      danger: true,
      testid: "fund-remove-dialog",
    });
    if (!yes) return;
    await guard(async () => {
      await api.removeFundFile(file.id);
      const message = `Removed ${file.file_name}: back to the bundled snapshot.`;
      update({ fundsStatus: { phase: "done", used: true, message } });
      setStatus(message);
      await fundsChanged();
    });
  },
  dismissFundStatus() {
    update({ fundsStatus: { phase: "idle" } });
  },
  loadCurrency: () => guard(loadCurrency),
  /** `code` "" or null: the account's currency (automatic). */
  setBaseCurrency(code) {
    return guard(async () => {
      const currency = await api.setBaseCurrency(code || null);
      await currencyChanged(currency, code ? `Values in ${code} from now on.` : "Values in each portfolio's account currency.");
    });
  },
  /** The age in days after which a price is marked stale. Resolves with null, or the reason it
   * was refused. */
  async setStaleDays(days) {
    let currency;
    try {
      currency = await api.setStaleDays(days);
    } catch (err) {
      return api.normaliseError(err).message;
    }
    await guard(() => currencyChanged(currency, `Prices older than ${currency.stale_after_days} days are marked stale.`));
    return null;
  },
  /** The user's rate for `code` (units per euro), or removes it (`perEur` null). Resolves with
   * null, or the reason it was refused (shown beside the form). */
  async setRate(code, perEur) {
    let currency;
    try {
      currency = await api.setRate(code, perEur);
    } catch (err) {
      return api.normaliseError(err).message;
    }
    await guard(() => currencyChanged(currency, perEur ? `Your rate for ${code} is in use.` : `Back to the reference rate for ${code}.`));
    return null;
  },
  loadRatesFile() {
    return guard(async () => {
      const currency = await api.loadRatesFile();
      if (currency) await currencyChanged(currency, `Rates of ${formatDate(currency.rates?.date)} from ${currency.rates?.origin ?? "the file"} in use.`);
    });
  },
  useBundledRates() {
    return guard(async () => {
      const currency = await api.useBundledRates();
      await currencyChanged(currency, `Bundled rates of ${formatDate(currency.rates?.date)} in use.`);
    });
  },
  loadPrices: () => guard(loadPrices),
  /** Saves a typed price for a holding row (`price` "": removes the typed one). Resolves with
   * null, or the reason it was refused (shown in the row's form). */
  async setPrice(row, price, currency) {
    if (!state.analysis) return "no portfolio is open";
    try {
      await api.setPrice(state.analysis.meta.id, row.symbol, holdingIsin(row), price, currency);
    } catch (err) {
      return api.normaliseError(err).message;
    }
    setStatus(price ? `${row.symbol}: your price is saved with the portfolio.` : `${row.symbol}: your price is removed.`);
    await guard(pricesChanged);
    return null;
  },
  importPrices() {
    if (!state.analysis) return undefined;
    const id = state.analysis.meta.id;
    return (async () => {
      update({ pricesStatus: { phase: "working" } });
      try {
        const done = await api.importPrices(id);
        if (!done) return update({ pricesStatus: { phase: "idle" } });
        update({ pricesStatus: { phase: "done", ...done } });
        setStatus(`${done.file_name}: ${done.count} price${done.count === 1 ? "" : "s"} read.`);
        await guard(pricesChanged);
      } catch (err) {
        const e = api.normaliseError(err);
        update({ pricesStatus: { phase: "failed", message: e.message, problems: e.problems } });
      }
    })();
  },
  async removeFilePrices(file) {
    if (!state.analysis) return;
    const id = state.analysis.meta.id;
    const yes = await confirmDialog({
      title: "Forget this prices file?",
      message: `Stop using the prices of “${file}” for this portfolio? Its holdings go back to their file's own prices (or none).`,
      confirm: "Forget",
      danger: true,
      testid: "prices-remove-dialog",
    });
    if (!yes) return;
    await guard(async () => {
      await api.removeFilePrices(id, file);
      update({ pricesStatus: { phase: "idle" } });
      setStatus(`The prices of ${file} are no longer used.`);
      await pricesChanged();
    });
  },
  dismissPricesStatus() {
    update({ pricesStatus: { phase: "idle" } });
  },
  /** A fund chosen on the Overview: its row in Holdings, opened. */
  showFund(symbol) {
    holdings.reveal(symbol);
    update({ view: "holdings" });
  },
};

// ------------------------------------------------------------------ shell

function renderSwitcher() {
  const app = state.app;
  const portfolios = app?.portfolios || [];
  byId("switcher").hidden = portfolios.length === 0;
  const select = byId("portfolio-switcher");
  const current = state.analysis?.meta?.id ?? app?.current_id;
  select.replaceChildren(
    ...portfolios.map((p) => {
      const o = el("option", { text: p.name, attrs: { value: String(p.id) } });
      o.selected = p.id === current;
      return o;
    }),
  );
}

function renderDataset() {
  const ds = state.analysis?.exposure?.dataset || state.app?.dataset;
  const asOf = state.asOf ? ` · figures as of ${formatDate(state.asOf)}` : "";
  byId("dataset").textContent = ds ? `Dataset ${ds.version ?? "?"} · as of ${formatDate(ds.as_of)}${asOf}` : "";
}

function renderDisclaimer() {
  const text = state.analysis?.disclaimer || DISCLAIMER;
  const rest = text.replace(/^\s*not financial advice\.?\s*/i, "");
  byId("disclaimer-text").textContent = rest;
  byId("first-run-text").textContent = rest;
}

function renderNav() {
  for (const b of document.querySelectorAll(".nav-btn")) {
    const active = b.dataset.view === state.view;
    if (active) b.setAttribute("aria-current", "page");
    else b.removeAttribute("aria-current");
    b.tabIndex = active ? 0 : -1;
  }
  if (state.busy) byId("nav-status").textContent = "Working…";
  else if (byId("nav-status").textContent === "Working…") byId("nav-status").textContent = "";
  byId("report-actions").hidden = !state.analysis;
}

function renderViews() {
  const hasPortfolios = (state.app?.portfolios || []).length > 0;
  const needs = NEEDS_ANALYSIS.has(state.view);
  // Not before the state has arrived: a saved portfolio would flash "Open a broker export".
  const showEmpty = needs && !state.analysis && !hasPortfolios && Boolean(state.app);
  byId("empty").hidden = !showEmpty;
  for (const [name, mod] of Object.entries(VIEWS)) {
    const section = byId(`view-${name}`);
    const visible = name === state.view && !showEmpty;
    section.hidden = !visible;
    if (visible) {
      try {
        mod.render(section, state, actions);
      } catch (err) {
        showError({ kind: "internal", message: `Could not display ${name}: ${err && err.message ? err.message : err}` });
      }
    }
  }
  if (state.analysis) document.body.dataset.state = "ready";
  else if (!hasPortfolios && state.app) document.body.dataset.state = "empty";
}

let lastView = null;
function renderShell() {
  renderSwitcher();
  renderDataset();
  renderDisclaimer();
  renderNav();
  renderViews();
  const region = byId("import-region");
  renderImport(region, state, actions);
  if (state.import.phase === "failed") document.body.dataset.state = "error";
  if (lastView !== state.view) {
    byId("scroll").scrollTop = 0;
    lastView = state.view;
  }
}

function wireShell() {
  const nav = byId("nav");
  const buttons = () => [...nav.querySelectorAll(".nav-btn")];
  nav.addEventListener("click", (e) => {
    const b = e.target instanceof Element ? e.target.closest(".nav-btn") : null;
    if (b) actions.go(b.dataset.view);
  });
  nav.addEventListener("keydown", (e) => {
    const list = buttons();
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    let j = null;
    if (e.key === "ArrowRight" || e.key === "ArrowDown") j = (i + 1) % list.length;
    else if (e.key === "ArrowLeft" || e.key === "ArrowUp") j = (i - 1 + list.length) % list.length;
    else if (e.key === "Home") j = 0;
    else if (e.key === "End") j = list.length - 1;
    if (j === null) return;
    e.preventDefault();
    for (const b of list) b.tabIndex = -1;
    list[j].tabIndex = 0;
    list[j].focus();
  });
  byId("print-view").addEventListener("click", () => guard(() => state.analysis && api.printReport(state.analysis.meta.id, state.analysis.scenario ?? null, loadDisplay().paper, state.asOf)));
  for (const format of ["pdf", "html", "csv"]) {
    byId(`export-${format}`).addEventListener("click", () => guard(() => exportReport(format)));
  }
  byId("open-file").addEventListener("click", () => actions.openFile());
  byId("open-file-empty").addEventListener("click", () => actions.openFile());
  byId("portfolio-switcher").addEventListener("change", (e) => {
    const id = Number(e.target.value);
    guard(() => loadPortfolio(id));
  });
  byId("rename-portfolio").addEventListener("click", () => renamePrompt());
  byId("delete-portfolio").addEventListener("click", () => deletePrompt());
  byId("acknowledge").addEventListener("click", () =>
    guard(async () => {
      await api.acknowledgeDisclaimer();
      const dialog = byId("first-run");
      if (dialog.open) dialog.close();
      update({ app: { ...state.app, disclaimer_acknowledged: true } });
    }),
  );
  // The first-run dialog cannot be dismissed with Escape: it must be acknowledged.
  byId("first-run").addEventListener("cancel", (e) => e.preventDefault());
}

function currentMeta() {
  const id = Number(byId("portfolio-switcher").value);
  return (state.app?.portfolios || []).find((p) => p.id === id) || null;
}

function renamePrompt() {
  const meta = currentMeta();
  if (!meta) return;
  const input = el("input", { className: "input", testid: "rename-input", attrs: { type: "text", id: "rename-input", value: meta.name, maxlength: "200" } });
  const ok = button("Rename", null, { className: "btn btn-primary", testid: "rename-confirm", attrs: { type: "submit" } });
  const cancel = button("Cancel", () => close(), { className: "btn" });
  const form = el("form", { className: "rename-form" }, el("label", { text: "New name", attrs: { for: "rename-input" } }), input, el("div", { className: "dialog-actions" }, cancel, ok));
  const dialog = el("dialog", { className: "dialog", testid: "rename-dialog", attrs: { "aria-label": "Rename portfolio" } }, el("h2", { text: "Rename portfolio" }), form);
  function close() {
    if (dialog.open) dialog.close();
    dialog.remove();
  }
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const name = input.value.trim();
    if (!name) return;
    close();
    guard(async () => {
      await api.renamePortfolio(meta.id, name);
      await refreshAppState();
      if (state.analysis && state.analysis.meta.id === meta.id) update({ analysis: { ...state.analysis, meta: { ...state.analysis.meta, name } } });
    });
  });
  dialog.addEventListener("cancel", () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  input.select();
}

async function deletePrompt() {
  const meta = currentMeta();
  if (!meta) return;
  const yes = await confirmDialog({
    title: "Delete portfolio?",
    message: `Delete “${meta.name}” and its saved scenario from this computer? The original file is not touched.`,
    confirm: "Delete",
    danger: true,
    testid: "delete-dialog",
  });
  if (!yes) return;
  await guard(async () => {
    await api.deletePortfolio(meta.id);
    const app = await refreshAppState();
    const next = app.current_id ?? app.portfolios[0]?.id ?? null;
    if (state.analysis && state.analysis.meta.id === meta.id) update({ analysis: null, baseline: null });
    await loadPortfolio(next);
  });
}

// ----------------------------------------------------------------- events

function listen() {
  return Promise.all([
    api.onEvent("import-progress", (p) => update({ import: { phase: "progress", ...(p || {}) } })),
    api.onEvent("import-preview", (p) => update({ import: { phase: "preview", preview: p } })),
    api.onEvent("import-failed", (p) => update({ import: { phase: "failed", ...(p || {}) } })),
    api.onEvent("import-cancelled", (p) => update({ import: { phase: "cancelled", ...(p || {}) } })),
    api.onEvent("fund-imported", (p) => fundImported(p)),
    api.onEvent("fund-import-failed", (p) => fundImportFailed({ kind: p?.kind ?? "import", message: p?.message, problems: p?.problems }, false, p?.file_name ?? null)),
  ]);
}

async function start() {
  performance.mark("s:modules");
  applyPreferences(loadDisplay());
  wireShell();
  subscribe(renderShell);
  renderShell();
  // Start-up stages, as performance marks for profiling (BENCHMARKS.md).
  performance.mark("s:shell");
  await guard(listen);
  performance.mark("s:listen");
  // The state and the current portfolio's analysis are asked for at once, and shown in one
  // update: one round trip and one frame fewer before the overview (start-up time).
  const [app, analysis] = await Promise.all([guard(api.appState), guard(() => api.analyse(null, null))]);
  performance.mark("s:analysis");
  if (!app) {
    document.body.dataset.state = "error";
    return;
  }
  if (analysis) whatif.reset();
  update({ app, analysis: analysis ?? null, baseline: analysis ?? null });
  performance.mark("s:rendered");
  // A holdings file given on the command line is read while the first analysis runs: if it
  // came in before that analysis was on screen, the figures are asked for again.
  if (fundsChangedBeforeAnalysis && analysis) {
    fundsChangedBeforeAnalysis = false;
    guard(fundsChanged);
  }
  if (!app.disclaimer_acknowledged) byId("first-run").showModal();
  if (app.preview) update({ import: { phase: "preview", preview: app.preview } });
  else if (app.importing) update({ import: { phase: "progress", stage: "reading", done: null, total: null } });
}

window.addEventListener("unhandledrejection", (e) => {
  e.preventDefault();
  showError(e.reason);
});

start();

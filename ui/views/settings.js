// Settings: default status weights, currency and rates, number formatting, dataset.

import { el, button } from "../dom.js";
import { formatDate, formatMoney, formatPercent, formatRate, humanize } from "../format.js";
import { buildScenario, scenarioToForm, normaliseCurrency } from "../logic.js";

let built = null;
// The "add a rate" row keeps what was typed across rebuilds of the panel.
const rateForm = { code: "", rate: "", error: "" };
let currencyAsked = false;

/** "ECB euro foreign exchange reference rates of 2026-10-30, bundled" (or "from FILE"). */
export function ratesText(rates) {
  if (!rates) return "";
  const origin = !rates.origin || rates.origin === "bundled" ? "bundled" : `loaded from ${rates.origin}`;
  return `${rates.source ?? "Reference rates"} of ${formatDate(rates.date)}, ${origin}`;
}

/** Settings → Currency and rates: the base currency, the reference rates in use, the user's own
 * rates. Every change is saved at once and the portfolio on screen is valued again. */
function currencyPanel(state, actions) {
  const c = state.currency;
  const section = el("section", { className: "panel currency-panel", testid: "settings-currency-panel", attrs: { "aria-labelledby": "currency-title" } });
  const head = el(
    "div",
    { className: "panel-head" },
    el("h2", { text: "Currency and rates", attrs: { id: "currency-title" } }),
    el("p", { className: "panel-note", text: "Values are shown in the base currency; deal amounts and look-through stay in US dollars, and are also shown converted." }),
  );
  if (!c) {
    section.append(head, el("p", { className: "loading-inline muted", text: "Loading…", attrs: { role: "status" } }));
    return section;
  }
  const select = el(
    "select",
    { className: "input", testid: "settings-base-currency", attrs: { id: "settings-base-currency" } },
    el("option", { text: "Account's currency (automatic)", attrs: { value: "" } }),
    ...(c.currencies || []).map((code) => el("option", { text: code, attrs: { value: code } })),
  );
  select.value = c.base ?? "";
  select.addEventListener("change", () => actions.setBaseCurrency(select.value || null));
  const staleInput = el("input", { className: "input input-rate", testid: "settings-stale-days", attrs: { id: "settings-stale-days", type: "text", inputmode: "numeric", value: String(c.stale_after_days ?? 30), autocomplete: "off" } });
  const staleError = el("span", { className: "field-error", testid: "settings-stale-error", attrs: { role: "alert" } });
  staleInput.addEventListener("change", async () => {
    staleError.textContent = (await actions.setStaleDays(staleInput.value.trim())) || "";
  });
  const rates = c.rates || {};
  const bundled = !rates.origin || rates.origin === "bundled";
  const facts = el(
    "dl",
    { className: "source-list currency-facts" },
    el(
      "div",
      {},
      el("dt", {}, el("label", { text: "Base currency", attrs: { for: "settings-base-currency" } })),
      el("dd", {}, select, " ", el("span", { className: "muted", text: c.base ? `every value in ${c.base}` : "the currency the file states for its account, else USD" })),
    ),
    el("div", {}, el("dt", { text: "Reference rates" }), el("dd", { testid: "settings-rates", dataset: { date: rates.date ?? "", origin: rates.origin ?? "" }, text: ratesText(rates) })),
    el("div", {}, el("dt", {}, el("label", { text: "Stale prices", attrs: { for: "settings-stale-days" } })), el("dd", { testid: "settings-stale" }, "a price older than ", staleInput, " days is marked stale ", staleError)),
  );
  const loadButtons = el(
    "div",
    { className: "actions" },
    button("Load a newer ECB rates file…", () => actions.loadRatesFile(), { className: "btn", testid: "settings-load-rates" }),
    bundled ? null : button("Use the bundled rates", () => actions.useBundledRates(), { className: "btn", testid: "settings-bundled-rates" }),
  );

  // The user's own rates: units of a currency per euro, over the reference rate.
  const perEur = rates.per_eur || {};
  const refText = (code) => (code === "EUR" ? "1" : perEur[code] ? formatRate(perEur[code]) : "none");
  const rows = Object.entries(c.overrides || {}).map(([code, rate]) =>
    el(
      "tr",
      { testid: "user-rate", dataset: { code } },
      el("td", { className: "first", text: code }),
      el("td", { className: "num strong", text: formatRate(rate) }),
      el("td", { className: "num muted", text: refText(code) }),
      el("td", { className: "actions-cell" }, button("Remove", () => actions.setRate(code, null), { className: "btn btn-small", testid: "user-rate-remove", attrs: { "aria-label": `Remove your rate for ${code}` } })),
    ),
  );
  const code = el("input", { className: "input input-code", testid: "user-rate-code", attrs: { id: "user-rate-code", type: "text", value: rateForm.code, placeholder: "code", maxlength: "3", autocomplete: "off", spellcheck: "false", "aria-label": "Currency code" } });
  const rate = el("input", { className: "input input-rate", testid: "user-rate-value", attrs: { id: "user-rate-value", type: "text", inputmode: "decimal", value: rateForm.rate, placeholder: "per euro", autocomplete: "off", "aria-label": "Units per euro" } });
  const error = el("p", { className: "field-error", testid: "user-rate-error", text: rateForm.error, attrs: { role: "alert" } });
  const ref = el("td", { className: "num muted", text: normaliseCurrency(rateForm.code) ? refText(normaliseCurrency(rateForm.code)) : "" });
  code.addEventListener("input", () => {
    rateForm.code = code.value;
    const n = normaliseCurrency(code.value);
    ref.textContent = n ? refText(n) : "";
  });
  rate.addEventListener("input", () => {
    rateForm.rate = rate.value;
  });
  const add = button("Add rate", null, { className: "btn btn-small btn-primary", testid: "user-rate-add", attrs: { type: "submit" } });
  const form = el(
    "form",
    { className: "user-rates", testid: "settings-user-rates-form" },
    el(
      "table",
      { className: "data data-compact user-rates-table", testid: "settings-user-rates" },
      el("caption", { className: "user-rates-caption", text: "Your rates: units of a currency per euro, as the ECB writes them (1 EUR = 1.17 USD is 1.17). Yours win over the reference rate." }),
      el("thead", {}, el("tr", {}, ...[["Currency", ""], ["Your rate", "num"], ["Reference", "num"], ["", ""]].map(([t, cls]) => el("th", { className: cls, text: t, attrs: { scope: "col" } })))),
      el("tbody", {}, ...rows, rows.length ? null : el("tr", { className: "empty" }, el("td", { text: "None: the reference rates are used.", attrs: { colspan: "4" } }))),
      el("tfoot", {}, el("tr", { className: "add-rate" }, el("td", { className: "first" }, code), el("td", { className: "num" }, rate), ref, el("td", { className: "actions-cell" }, add))),
    ),
    error,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const n = normaliseCurrency(rateForm.code);
    if (!n) {
      rateForm.error = "Give a currency code of three letters, such as CHF.";
      error.textContent = rateForm.error;
      code.setAttribute("aria-invalid", "true");
      return;
    }
    if (!rateForm.rate.trim()) {
      rateForm.error = `Give how many ${n} one euro buys.`;
      error.textContent = rateForm.error;
      rate.setAttribute("aria-invalid", "true");
      return;
    }
    // Emptied at once: the panel is rebuilt with the new rate before the call returns; what was
    // typed comes back with the reason if the rate is refused.
    const typed = { code: rateForm.code, rate: rateForm.rate };
    Object.assign(rateForm, { code: "", rate: "", error: "" });
    add.disabled = true;
    actions.setRate(n, typed.rate.trim()).then((refused) => {
      add.disabled = false;
      if (!refused) return;
      Object.assign(rateForm, { ...typed, error: refused });
      // The panel on screen (rebuilt or not) shows what was typed and why it was refused.
      const panel = document.querySelector('[data-testid="settings-currency-panel"]');
      const set = (tid, value) => {
        const e = panel?.querySelector(`[data-testid="${tid}"]`);
        if (e && "value" in e) e.value = value;
        else if (e) e.textContent = value;
        return e;
      };
      set("user-rate-code", typed.code);
      set("user-rate-value", typed.rate)?.setAttribute("aria-invalid", "true");
      set("user-rate-error", refused);
    });
  });
  section.append(...[head, facts, c.note ? el("p", { className: "field-error", testid: "settings-rates-note", text: c.note }) : null, loadButtons, form].filter(Boolean));
  return section;
}

export function render(container, state, actions) {
  const app = state.app;
  if (!app) {
    container.replaceChildren(el("p", { className: "loading", text: "Loading…" }));
    return;
  }
  if (!state.currency && !currencyAsked) {
    currencyAsked = true;
    actions.loadCurrency();
  }
  if (built && built.container === container && built.defaults === app.defaults) {
    // Only the currency settings changed: that panel alone is rebuilt (weights typed stay).
    if (built.currency !== state.currency) {
      const panel = currencyPanel(state, actions);
      built.currencyPanel.replaceWith(panel);
      built.currencyPanel = panel;
      built.currency = state.currency;
    }
    return;
  }
  const form = scenarioToForm(app.defaults);
  const statuses = app.statuses && app.statuses.length ? app.statuses : Object.keys(form.weights);
  const fields = el("div", { className: "grid-fields" });
  const status = el("p", { className: "muted", attrs: { role: "status" } });
  for (const s of statuses) {
    const id = `d-${s}`;
    const input = el("input", { className: "input input-pct", testid: "settings-weight", attrs: { id, type: "text", inputmode: "decimal", value: form.weights[s] ?? "", "data-status": s, "data-field": `weight:${s}` } });
    input.addEventListener("input", () => {
      form.weights[s] = input.value;
    });
    fields.append(el("div", { className: "field" }, el("label", { text: humanize(s), attrs: { for: id } }), el("span", { className: "pct" }, input, "%"), el("span", { className: "field-error" })));
  }
  const save = button("Save default weights", () => {
    const r = buildScenario(form);
    for (const input of fields.querySelectorAll("input")) {
      const msg = r.errors ? r.errors[input.dataset.field] : null;
      if (msg) input.setAttribute("aria-invalid", "true");
      else input.removeAttribute("aria-invalid");
      input.parentElement.parentElement.querySelector(".field-error").textContent = msg || "";
    }
    if (r.errors) {
      status.textContent = "Fix the highlighted values (0–100%).";
      return;
    }
    actions.guard(async () => {
      await actions.setDefaults(r.scenario);
      status.textContent = "Defaults saved: new portfolios start with these weights.";
    });
  }, { className: "btn btn-primary", testid: "settings-save" });

  const locale = new Intl.NumberFormat().resolvedOptions().locale;
  const prefs = actions.display();
  const choose = (testid, label, options, value, onChange) => {
    const select = el("select", { className: "input", testid, attrs: { "aria-label": label } }, ...options.map(([v, text]) => el("option", { text, attrs: { value: v } })));
    select.value = value;
    select.addEventListener("change", () => onChange(select.value));
    return select;
  };
  const rerender = () => {
    built = null;
    render(container, state, actions);
  };
  const numbersSelect = choose("settings-numbers", "Number format", [["system", `System (${locale})`], ["en", "1,234.56"], ["de", "1.234,56"], ["fr", "1 234,56"]], prefs.numbers, (v) => {
    actions.setDisplay({ ...actions.display(), numbers: v });
    rerender();
  });
  const datesSelect = choose("settings-dates", "Date format", [["iso", "2025-11-03 (ISO)"], ["system", "System"]], prefs.dates, (v) => {
    actions.setDisplay({ ...actions.display(), dates: v });
    rerender();
  });
  const paperSelect = choose("settings-paper", "Report paper size", [["a4", "A4"], ["letter", "US Letter"]], prefs.paper, (v) => {
    actions.setDisplay({ ...actions.display(), paper: v });
    rerender();
  });
  const ds = state.analysis?.exposure?.dataset || app.dataset || {};
  const currency = currencyPanel(state, actions);
  container.replaceChildren(
    el("section", { className: "panel" }, el("h2", { text: "Default status weights" }), el("p", { className: "panel-note", text: "The scenario new portfolios start with. Each portfolio's own scenario is edited in What-if." }), fields, el("div", { className: "actions" }, save), status),
    currency,
    el(
      "section",
      { className: "panel" },
      el("h2", { text: "Display" }),
      el(
        "dl",
        { className: "source-list" },
        el("div", {}, el("dt", { text: "Number format" }), el("dd", {}, numbersSelect, " ", el("span", { className: "muted", text: `${formatMoney("1234567.89")} · ${formatPercent("0.1234")}`, testid: "settings-locale" }))),
        el("div", {}, el("dt", { text: "Date format" }), el("dd", {}, datesSelect, " ", el("span", { className: "muted", text: formatDate("2025-11-03") }))),
        el("div", {}, el("dt", { text: "Report paper size" }), el("dd", {}, paperSelect, " ", el("span", { className: "muted", text: "for Export PDF… and printing the HTML report" }))),
        el("div", {}, el("dt", { text: "Dataset" }), el("dd", { text: `${ds.name ?? "?"} version ${ds.version ?? "?"}, as of ${formatDate(ds.as_of)}${app.dataset?.bundled === false ? " (loaded from a folder)" : " (bundled)"}`, testid: "settings-dataset" })),
      ),
    ),
    el(
      "section",
      { className: "panel" },
      el("h2", { text: "Deals dataset" }),
      el("p", { className: "panel-note", text: "A newer dataset is a folder with the same files as the app's data/ folder (dataset.json, deals.csv, deal_parties.csv, companies.csv, securities.csv, chips.csv). It is checked before use: a dataset with problems is refused with every problem listed, and the current one stays." }),
      app.dataset?.note ? el("p", { className: "field-error", text: app.dataset.note }) : null,
      el(
        "div",
        { className: "actions" },
        button("Load a newer dataset…", () => actions.loadDataset(), { className: "btn", testid: "settings-load-dataset" }),
        app.dataset?.bundled === false ? button("Use the bundled dataset", () => actions.useBundledDataset(), { className: "btn", testid: "settings-bundled-dataset" }) : null,
      ),
    ),
  );
  built = { container, defaults: app.defaults, currency: state.currency, currencyPanel: currency };
}

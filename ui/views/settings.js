// Settings: default status weights, currency, number formatting, dataset.

import { el, button } from "../dom.js";
import { applyPreferences, formatDate, formatMoney, formatPercent, humanize } from "../format.js";
import { buildScenario, scenarioToForm } from "../logic.js";

let built = null;

export function render(container, state, actions) {
  const app = state.app;
  if (!app) {
    container.replaceChildren(el("p", { className: "loading", text: "Loading…" }));
    return;
  }
  if (built && built.container === container && built.defaults === app.defaults) return;
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
  container.replaceChildren(
    el("section", { className: "panel" }, el("h2", { text: "Default status weights" }), el("p", { className: "panel-note", text: "The scenario new portfolios start with. Each portfolio's own scenario is edited in What-if." }), fields, el("div", { className: "actions" }, save), status),
    el(
      "section",
      { className: "panel" },
      el("h2", { text: "Display" }),
      el(
        "dl",
        { className: "source-list" },
        el("div", {}, el("dt", { text: "Base currency" }), el("dd", { text: "USD — the only currency supported offline (no exchange rates are downloaded).", testid: "settings-currency" })),
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
  built = { container, defaults: app.defaults };
}

// What-if: status weights, deal exclusions, indirect links, haircuts; recomputes as you type.

import { el, button } from "../dom.js";
import { formatMoney, humanize } from "../format.js";
import { buildScenario, scenarioToForm, subtractDecimal, compareDecimal } from "../logic.js";
import { USD, money, noAnalysis, asOfNotice } from "./common.js";

let built = null; // { id, container, form, results, messages }
let timer = null;

/** Forget the form (a different portfolio was loaded). */
export function reset() {
  built = null;
  clearTimeout(timer);
}

export function render(container, state, actions) {
  const a = state.analysis;
  if (!a) return noAnalysis(container);
  if (!built || built.id !== a.meta.id || built.container !== container || (state.dataset && !built.hadDataset)) {
    if (!state.dataset && !built) actions.guard(actions.ensureDataset);
    const form = built && built.id === a.meta.id ? built.form : scenarioToForm(a.scenario);
    build(container, state, actions, form);
  }
  updateResults(state, actions);
}

function schedule(state, actions) {
  clearTimeout(timer);
  timer = setTimeout(() => recompute(state, actions), 150);
}

function recompute(state, actions) {
  const r = buildScenario(built.form);
  for (const input of built.container.querySelectorAll("input[data-field]")) {
    const msg = r.errors ? r.errors[input.dataset.field] : null;
    if (msg) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
    const note = input.parentElement.querySelector(".field-error");
    if (note) note.textContent = msg || "";
  }
  built.status.textContent = r.errors ? "Fix the highlighted values to recompute." : "Recomputing…";
  if (r.errors) return;
  actions.guard(() => actions.reanalyse(r.scenario)).then(() => {
    built.status.textContent = "";
  });
}

function percentInput(id, field, value, attrs, onInput) {
  const input = el("input", { className: "input input-pct", attrs: { id, type: "text", inputmode: "decimal", value, "data-field": field, ...attrs } });
  input.addEventListener("input", () => onInput(input.value));
  return input;
}

function build(container, state, actions, form) {
  const a = state.analysis;
  const app = state.app || {};
  const changed = () => schedule(state, actions);
  const statuses = app.statuses && app.statuses.length ? app.statuses : Object.keys(form.weights);

  const weights = el("div", { className: "grid-fields" });
  for (const status of statuses) {
    const id = `w-${status}`;
    const input = percentInput(id, `weight:${status}`, form.weights[status] ?? "", { "data-status": status, "data-testid": "whatif-weight", "aria-describedby": `${id}-err` }, (v) => {
      form.weights[status] = v;
      changed();
    });
    weights.append(el("div", { className: "field" }, el("label", { text: humanize(status), attrs: { for: id } }), el("span", { className: "pct" }, input, "%"), el("span", { className: "field-error", attrs: { id: `${id}-err` } })));
  }

  const haircuts = el("div", { className: "grid-fields" });
  for (const cp of app.counterparties || []) {
    const id = `h-${cp.id}`;
    const input = percentInput(id, `haircut:${cp.id}`, form.haircuts[cp.id] ?? "100", { "data-counterparty": cp.id, "data-testid": "whatif-haircut", "aria-describedby": `${id}-err` }, (v) => {
      form.haircuts[cp.id] = v;
      changed();
    });
    haircuts.append(el("div", { className: "field" }, el("label", { text: `${cp.name} delivers`, attrs: { for: id } }), el("span", { className: "pct" }, input, "% of its commitments"), el("span", { className: "field-error", attrs: { id: `${id}-err` } })));
  }

  const indirect = el("input", { testid: "whatif-indirect", attrs: { type: "checkbox", id: "w-indirect" } });
  indirect.checked = form.includeIndirect;
  indirect.addEventListener("change", () => {
    form.includeIndirect = indirect.checked;
    changed();
  });

  const deals = state.dataset?.deals || (a.exposure.by_deal || []).map((d) => ({ id: d.deal_id, title: d.title, status: d.status }));
  const dealList = el("ul", { className: "deal-checks", testid: "whatif-deals" });
  for (const d of deals) {
    const id = `x-${d.id}`;
    const box = el("input", { testid: "whatif-deal", attrs: { type: "checkbox", id, "data-deal": d.id } });
    box.checked = !form.excluded.has(d.id);
    box.addEventListener("change", () => {
      if (box.checked) form.excluded.delete(d.id);
      else form.excluded.add(d.id);
      changed();
    });
    dealList.append(el("li", { dataset: { search: `${d.id} ${d.title ?? ""}`.toLowerCase() } }, box, el("label", { attrs: { for: id } }, el("span", { className: "ticker", text: d.id }), ` ${d.title ?? ""} (${humanize(d.status)})`)));
  }
  const search = el("input", { className: "input", testid: "whatif-deal-search", attrs: { id: "w-search", type: "search", placeholder: "Filter deals" } });
  search.addEventListener("input", () => {
    const q = search.value.trim().toLowerCase();
    for (const li of dealList.children) li.hidden = q !== "" && !li.dataset.search.includes(q);
  });

  const results = el("div", { className: "cards whatif-results", testid: "whatif-results", attrs: { "aria-live": "polite" } });
  const status = el("p", { className: "muted", attrs: { role: "status" } });
  const save = button("Save scenario", () => {
    const r = buildScenario(form);
    if (r.errors) return actions.showError({ kind: "usage", message: "Fix the highlighted values before saving." });
    actions.guard(() => actions.saveScenario(r.scenario)).then(() => {
      status.textContent = "Scenario saved.";
    });
  }, { className: "btn btn-primary", testid: "whatif-save" });
  const resetBtn = button("Reset to defaults", () => {
    const fresh = scenarioToForm(app.defaults);
    build(container, state, actions, fresh);
    schedule(state, actions);
  }, { className: "btn", testid: "whatif-reset" });

  const asOfSlot = el("div", { className: "as-of-slot" });
  container.replaceChildren(
    asOfSlot,
    el("section", { className: "panel" }, el("div", { className: "panel-head" }, el("h2", { text: "What-if" }), el("p", { className: "panel-note", text: "Change the assumptions; totals recompute immediately. The saved scenario is what the other views show on reopening." })), results, status, el("div", { className: "actions" }, save, resetBtn)),
    el("section", { className: "panel" }, el("h2", { text: "Status weights" }), el("p", { className: "panel-note", text: "How much of a deal to count at each status, from 0% to 100%." }), weights),
    el("section", { className: "panel" }, el("h2", { text: "Counterparty haircuts" }), el("p", { className: "panel-note", text: "100% = every commitment delivered (no haircut)." }), haircuts),
    el("section", { className: "panel" }, el("h2", { text: "Links and deals" }), el("div", { className: "field field-inline" }, indirect, el("label", { text: "Count indirect (supplier) links", attrs: { for: "w-indirect" } })), el("div", { className: "field" }, el("label", { text: "Deals included", attrs: { for: "w-search" } }), search), dealList),
  );
  built = { id: a.meta.id, container, form, results, status, asOfSlot, hadDataset: !!state.dataset };
}

function updateResults(state, actions) {
  const now = state.analysis.exposure.portfolio;
  const base = state.baseline?.exposure?.portfolio;
  const notice = asOfNotice(state, actions);
  built.asOfSlot.replaceChildren(...(notice ? [notice] : []));
  built.asOfSlot.hidden = !notice;
  const diff = base ? subtractDecimal(now.weighted_look_through_usd, base.weighted_look_through_usd) : null;
  let diffText = base ? "change unknown (a total is not known)" : "no saved scenario to compare";
  if (diff !== null) {
    const sign = compareDecimal(diff, "0");
    diffText = sign === 0 ? "no change vs the saved scenario" : `${sign > 0 ? "+" : ""}${formatMoney(diff, { currency: USD })} vs the saved scenario`;
  }
  const card = (label, value, sub, testid) => el("article", { className: "card" }, el("h3", { className: "card-label", text: label }), el("p", { className: "card-value", text: value, testid }), sub ? el("p", { className: "card-sub", text: sub }) : null);
  built.results.replaceChildren(
    card("Weighted look-through", money(now.weighted_look_through_usd, now.look_through_label, now.approximate), diffText, "whatif-weighted-total"),
    card("Look-through", money(now.look_through_usd, now.look_through_label, now.approximate), null, "whatif-look-through"),
    card("Saved scenario", base ? money(base.weighted_look_through_usd, base.look_through_label, base.approximate) : "none", "weighted look-through", "whatif-baseline"),
  );
  built.results.querySelector('[data-testid="whatif-weighted-total"]').parentElement.classList.add("card-accent");
  const diffNode = built.results.querySelector(".card-sub");
  if (diffNode) diffNode.dataset.testid = "whatif-change";
}

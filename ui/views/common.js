// Pieces shared by the views: figure buttons, status pills, why traces, expandable rows.

import { el, button, token, isMissing } from "../dom.js";
import { exclusionText, formatDate, formatFigure, formatMateriality, formatPercent, humanize } from "../format.js";

export const USD = "USD";

/** A money figure of the core; when it is null, `label` (the row's `look_through_label`, which
 * the core sets: "undisclosed", "share count unknown", "unknown"...) is shown instead. */
export function money(value, label, approximate = false) {
  return formatFigure(value, label, { currency: USD, approximate: !!approximate });
}

/** The note that explains "≈", when a figure shown carries it. */
export const APPROX_NOTE = "≈: the figure rests on an approximate share count (see the basis given for each company in the dataset).";

/** The label of a link's unknown look-through, as the core names it. */
export function linkLabel(link) {
  return link.look_through_label ?? "unknown";
}

/** "6.9% of Microsoft Corp's market value ($3.6T)"; null when the core gives no materiality. */
export function materialityText(link, companyName) {
  return formatMateriality(link.materiality, companyName || link.company_id || link.symbol, link.company_market_value_usd);
}

/** Company names by company id, from the analysis's holdings table. */
export function companyNames(exposure) {
  const names = new Map();
  for (const h of exposure?.by_holding || []) if (h.company_id && !names.has(h.company_id)) names.set(h.company_id, h.company_name || h.name || h.company_id);
  // Companies held only through a fund: named by the fund's constituents.
  for (const h of exposure?.by_holding || []) for (const c of h.constituents || []) if (c.company_id && !names.has(c.company_id)) names.set(c.company_id, c.company_name || c.company_id);
  return names;
}

/** Why a link or deal is not in the totals, in words. */
export function excludedText(reason, basis) {
  return exclusionText(reason || basis);
}

/** On the views other than the Overview (where the date control is): says the figures are as
 * of the chosen day, with a way back. Null when no day is chosen. */
export function asOfNotice(state, actions) {
  if (!state.asOf) return null;
  const day = formatDate(state.analysis?.exposure?.dataset?.figures_as_of ?? state.asOf);
  return el(
    "div",
    { className: "notice notice-panel as-of-notice", testid: "as-of-notice", attrs: { role: "status" } },
    el("p", { text: `Figures as of ${day}: only deals announced by then, each at its status that day.` }),
    button("Back to today", () => actions.setAsOf(""), { className: "btn btn-small", testid: "as-of-notice-reset" }),
  );
}

/** A figure that opens its why trace in Explain. */
export function figure(text, kind, key, actions, props = {}) {
  return button(text, () => actions.explain(kind, key), {
    className: `figure ${props.className || ""}`.trim(),
    testid: props.testid,
    title: props.title || "Why? Open the explanation",
    attrs: { "aria-label": `${props.label ? props.label + ": " : ""}${text}. Explain` },
  });
}

export function statusPill(status) {
  return el("span", { className: `status status-${token(status)}`, text: humanize(status) });
}

export function panel(title, note, ...children) {
  return el("section", { className: "panel" }, el("div", { className: "panel-head" }, el("h2", { text: title }), note ? el("p", { className: "panel-note", text: note }) : null), ...children);
}

function linkFigure(link) {
  if (isMissing(link.look_through_usd)) {
    if (link.look_through_unknown === "amount_undisclosed") return isMissing(link.amount_usd) ? "amount undisclosed" : "share of the amount undisclosed";
    return `look-through ${linkLabel(link)}`;
  }
  const weighted = isMissing(link.weighted_look_through_usd) ? linkLabel(link) : money(link.weighted_look_through_usd, null, link.approximate);
  return `${money(link.look_through_usd, null, link.approximate)} look-through · ${weighted} weighted`;
}

/** One link's trace as a collapsible card (`companyName`: for its materiality line). */
export function linkCard(link, heading, open, companyName, onExplain = null) {
  const roles = Array.isArray(link.roles) && link.roles.length ? link.roles.join(", ") : link.role;
  const meta = el(
    "summary",
    { className: "why-meta" },
    el("span", { className: "why-heading", text: heading }),
    el("span", { className: "why-chip", text: humanize(roles) }),
    el("span", { className: "why-chip", text: link.link === "indirect" ? "indirect" : "direct" }),
    link.via ? el("span", { className: "why-chip why-chip-via", testid: "link-via", text: `through ${link.via}${link.via_as_of ? ` (holdings as of ${formatDate(link.via_as_of)})` : ""}` }) : null,
    el("span", { className: "why-figure", text: linkFigure(link) }),
  );
  const material = materialityText(link, companyName);
  if (material) meta.insertBefore(el("span", { className: "why-chip why-chip-material", testid: "link-materiality-chip", text: `${formatPercent(link.materiality, { places: 1 })} of market value`, title: material }), meta.querySelector(".why-figure"));
  if (!link.in_totals) meta.append(el("span", { className: "why-excluded", text: `not in totals: ${excludedText(link.excluded_reason, link.amount_basis)}` }));
  const steps = el("ol", { className: "why-steps" });
  for (const step of link.why || []) steps.append(el("li", { text: step }));
  if (!steps.childElementCount) steps.append(el("li", { text: "No explanation was provided for this link." }));
  const explain = onExplain ? button("Explain this link", () => onExplain(link), { className: "btn btn-link why-explain", testid: "link-explain" }) : null;
  const details = el("details", {}, meta, material || explain ? el("p", { className: "why-materiality" }, material ? el("span", { testid: "link-materiality", text: `Materiality: ${material}` }) : null, explain) : null, steps);
  details.open = open;
  return el("li", { className: link.in_totals ? "why-link" : "why-link excluded" }, details);
}

/** A row's own why lines and one collapsible trace per link (`emptyText` null: say nothing when
 * there is no link, as for the portfolio totals, whose links are listed elsewhere). */
export function whyPanel(summary, links, headingOf, emptyText = "No deal in the dataset links to this row.", names = null, onExplain = null) {
  const wrap = el("div", { className: "why" });
  if (Array.isArray(summary) && summary.length) wrap.append(el("ul", { className: "why-summary" }, ...summary.map((l) => el("li", { text: l }))));
  if (!links.length) {
    if (emptyText) wrap.append(el("p", { className: "why-empty", text: emptyText }));
    return wrap;
  }
  wrap.append(el("p", { className: "why-caption", text: links.length === 1 ? "1 link, step by step:" : `${links.length} links, step by step (select one to expand):` }));
  const open = links.length <= 2;
  wrap.append(el("ul", { className: "why-list" }, ...links.map((l) => linkCard(l, headingOf(l), open, names?.get(l.company_id), onExplain))));
  return wrap;
}

/** Makes a table row a disclosure control (click / Enter / Space) with a detail row beneath it.
 * `onToggle(open)` is told of every change (so that a view rebuilt on a state change can keep
 * its rows open: `row.expand()` opens it once the row is in its table); `detailClass`: the
 * detail row's class. */
export function makeExpandable(row, columns, buildPanel, { onToggle = null, detailClass = "why-row" } = {}) {
  row.classList.add("expandable");
  row.tabIndex = 0;
  row.setAttribute("aria-expanded", "false");
  let detail = null;
  const toggle = () => {
    if (detail) {
      detail.remove();
      detail = null;
      row.setAttribute("aria-expanded", "false");
      row.classList.remove("open");
      onToggle?.(false);
      return;
    }
    detail = el("tr", { className: detailClass }, el("td", { attrs: { colspan: String(columns) } }, buildPanel()));
    row.after(detail);
    row.setAttribute("aria-expanded", "true");
    row.classList.add("open");
    onToggle?.(true);
  };
  row.expand = () => {
    if (!detail) toggle();
  };
  row.addEventListener("click", (e) => {
    if (e.target instanceof Element && e.target.closest("a, button, input, summary")) return;
    toggle();
  });
  row.addEventListener("keydown", (e) => {
    if (e.target !== row) return;
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      toggle();
    }
  });
}

export function firstCell(text) {
  return el("td", { className: "first" }, el("span", { className: "chevron", attrs: { "aria-hidden": "true" } }), el("span", { text }));
}

export function emptyRow(columns, message) {
  return el("tr", { className: "empty" }, el("td", { text: message, attrs: { colspan: String(columns) } }));
}

export function noAnalysis(container, message = "Loading the analysis…") {
  container.replaceChildren(el("p", { className: "loading", text: message, attrs: { role: "status" } }));
}

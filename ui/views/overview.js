// Overview: totals, look-through by counterparty (chart + table), top deals.

import { el } from "../dom.js";
import { formatDate, formatMoney, formatMoneyCompact, formatPercent, formatCount, UNDISCLOSED } from "../format.js";
import { counterpartyChart } from "../charts.js";
import { sortRows } from "../logic.js";
import { USD, money, figure, statusPill, panel, emptyRow, noAnalysis } from "./common.js";

function card(label, value, sub, accent) {
  return el("article", { className: accent ? "card card-accent" : "card" }, el("h3", { className: "card-label", text: label }), el("div", { className: "card-value" }, value), sub ? el("p", { className: "card-sub", text: sub }) : null);
}

export function render(container, state, actions) {
  const a = state.analysis;
  if (!a) return noAnalysis(container);
  const ex = a.exposure;
  const p = ex.portfolio;
  const cur = p.currency || USD;
  const f = (text, kind, key, props) => figure(text, kind, key, actions, props);

  const cards = el(
    "section",
    { className: "cards", attrs: { "aria-label": "Summary" } },
    card("Portfolio value", f(formatMoney(p.total_value, { currency: cur }), "portfolio", null, { label: "Portfolio value", testid: "overview-total-value" }), `${formatCount(p.holdings_count)} holdings · ${a.meta?.name ?? ""}`),
    card("Linked to AI deals", f(formatPercent(p.linked_share, { places: 1 }), "portfolio", null, { label: "Share linked to AI deals", testid: "overview-linked-share" }), `${formatMoney(p.linked_value, { currency: cur })} in deal-linked holdings`),
    card("Look-through exposure", f(money(p.look_through_usd), "portfolio", null, { label: "Look-through", testid: "overview-look-through" }), "Your pro-rata share of deal dollars"),
    card("Weighted look-through", f(money(p.weighted_look_through_usd), "portfolio", null, { label: "Weighted look-through", testid: "overview-weighted-total" }), "Discounted by deal status", true),
  );

  const rows = ex.by_counterparty || [];
  const chartRows = rows.map((r) => ({
    key: r.counterparty,
    label: r.counterparty_name ?? r.counterparty,
    raw: r.look_through_usd,
    weighted: r.weighted_look_through_usd,
    rawText: formatMoneyCompact(r.look_through_usd, { currency: USD, missing: UNDISCLOSED }),
    weightedText: formatMoneyCompact(r.weighted_look_through_usd, { currency: USD, missing: UNDISCLOSED }),
  }));
  const legend = el("p", { className: "chart-legend" }, el("span", { className: "legend-raw", text: "Look-through" }), el("span", { className: "legend-weighted", text: "Status-weighted" }));
  const chart = rows.length
    ? el("div", { className: "chart-wrap", testid: "overview-chart" }, legend, counterpartyChart(chartRows, { title: "Look-through dollars by counterparty, raw and status-weighted", onSelect: (r) => actions.explain("counterparty", r.key) }))
    : el("p", { className: "muted", text: "None of your holdings is linked to an AI-infrastructure deal." });

  const tbody = el("tbody");
  for (const r of rows) {
    const key = r.counterparty;
    tbody.append(
      el(
        "tr",
        { dataset: { counterparty: key } },
        el("td", { className: "first", text: r.counterparty_name ?? key }),
        el("td", { className: "symbols" }, ...(r.holdings || []).map((s) => el("span", { className: "ticker", text: s }))),
        el("td", { className: "num" }, f(formatMoney(r.linked_value, { currency: cur }), "counterparty", key)),
        el("td", { className: "num" }, f(formatPercent(r.linked_share), "counterparty", key)),
        el("td", { className: "num" }, f(money(r.look_through_usd), "counterparty", key)),
        el("td", { className: "num strong" }, f(money(r.weighted_look_through_usd), "counterparty", key)),
        el("td", { className: "num", text: formatCount(r.deal_count) }),
      ),
    );
  }
  if (!rows.length) tbody.append(emptyRow(7, "No counterparty."));
  const head = ["Counterparty", "Your holdings", "Linked value", "% of portfolio", "Look-through", "Weighted", "Deals"];
  const table = el("table", { className: "data", attrs: { id: "by-counterparty" } }, el("thead", {}, el("tr", {}, ...head.map((t, i) => el("th", { text: t, className: i >= 2 ? "num" : "", attrs: { scope: "col" } })))), tbody);

  const top = sortRows((ex.by_deal || []).filter((d) => d.in_totals && d.look_through_usd !== null), "look_through_usd", "decimal", "descending").slice(0, 5);
  const topList = el(
    "ol",
    { className: "top-deals", testid: "overview-top-deals" },
    ...top.map((d) =>
      el(
        "li",
        {},
        el("span", { className: "top-title" }, el("span", { className: "ticker", text: d.deal_id }), " ", d.title ?? ""),
        statusPill(d.status),
        f(money(d.look_through_usd), "deal", d.deal_id, { label: `${d.deal_id} look-through` }),
        f(money(d.weighted_look_through_usd), "deal", d.deal_id, { label: `${d.deal_id} weighted`, className: "strong" }),
      ),
    ),
  );
  if (!top.length) topList.append(el("li", { className: "muted", text: "No deal with a disclosed amount links to your holdings." }));

  const ds = ex.dataset || {};
  container.replaceChildren(
    cards,
    panel("Look-through by counterparty", "The AI labs your holdings do deals with. Select a bar or figure for the why.", chart, el("div", { className: "table-wrap" }, table)),
    panel("Top deals by look-through", null, topList),
    el("p", { className: "dataset-note", testid: "overview-dataset", text: `Dataset “${ds.name ?? "?"}” version ${ds.version ?? "?"}, as of ${formatDate(ds.as_of)}. Holdings as of ${a.holdings?.as_of ?? "the file's date (not stated)"}.` }),
  );
  // The first overview built, for bench/startup.py: the next animation frame, shortly before
  // WebKit paints it (a performance mark; `started` sends nothing).
  if (typeof performance !== "undefined" && !performance.getEntriesByName(FIRST_OVERVIEW).length) {
    requestAnimationFrame(() => {
      performance.mark(FIRST_OVERVIEW);
      actions.started?.();
    });
  }
}

const FIRST_OVERVIEW = "ai-exposure:first-overview";

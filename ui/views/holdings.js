// Holdings: sortable table; each row expands to its deal links; unresolved symbols called out.

import { el } from "../dom.js";
import { formatMoney, formatQuantity, formatCount } from "../format.js";
import { sortRows } from "../logic.js";
import { USD, money, figure, whyPanel, makeExpandable, firstCell, emptyRow, noAnalysis, asOfNotice, companyNames, APPROX_NOTE } from "./common.js";

const COLUMNS = [
  { key: "symbol", label: "Symbol", type: "text" },
  { key: "name", label: "Name", type: "text" },
  { key: "account", label: "Account", type: "text" },
  { key: "quantity", label: "Quantity", type: "decimal", num: true },
  { key: "market_value", label: "Value", type: "decimal", num: true },
  { key: "deal_count", label: "Linked deals", type: "number", num: true },
  { key: "look_through_usd", label: "Look-through", type: "decimal", num: true },
  { key: "weighted_look_through_usd", label: "Weighted", type: "decimal", num: true },
];

let sort = { key: null, direction: "ascending" };

function header(col, rerender) {
  const th = el("th", { className: col.num ? "num sortable" : "sortable", text: col.label, attrs: { scope: "col", tabindex: "0", "aria-sort": sort.key === col.key ? sort.direction : "none" }, dataset: { key: col.key } });
  const activate = () => {
    sort = sort.key === col.key ? { key: col.key, direction: sort.direction === "ascending" ? "descending" : "ascending" } : { key: col.key, direction: col.num ? "descending" : "ascending" };
    rerender(col.key);
  };
  th.addEventListener("click", activate);
  th.addEventListener("keydown", (e) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      activate();
    }
  });
  return th;
}

export function render(container, state, actions, focusKey) {
  const a = state.analysis;
  if (!a) return noAnalysis(container);
  const ex = a.exposure;
  const links = ex.links || [];
  const names = companyNames(ex);
  const cur = ex.portfolio?.currency || USD;
  let rows = ex.by_holding || [];
  if (sort.key) rows = sortRows(rows, sort.key, COLUMNS.find((c) => c.key === sort.key).type, sort.direction);

  const rerender = (key) => {
    render(container, state, actions, key);
  };
  const tbody = el("tbody");
  for (const row of rows) {
    const own = links.filter((l) => l.symbol === row.symbol && (l.company_id === row.company_id || !row.company_id));
    const unresolved = row.resolved === false;
    const name = el("td", { className: "name" }, el("span", { text: row.name ?? row.company_name ?? "" }));
    if (unresolved) name.append(el("span", { className: "badge badge-muted unresolved-reason", testid: "unresolved-reason", text: row.unresolved_reason || "not in the deals dataset" }));
    const key = `${row.symbol}|${row.account ?? ""}`;
    const tr = el(
      "tr",
      { className: unresolved ? "unresolved" : "", testid: "holding-row", dataset: { symbol: row.symbol ?? "" } },
      firstCell(row.symbol ?? ""),
      name,
      el("td", { text: row.account ?? "" }),
      el("td", { className: "num", text: formatQuantity(row.quantity) }),
      el("td", { className: "num", text: formatMoney(row.market_value, { currency: cur }) }),
      el("td", { className: "num", text: unresolved ? "–" : formatCount(row.deal_count) }),
      el("td", { className: unresolved ? "num muted" : "num" }, unresolved ? money(null, row.look_through_label) : figure(money(row.look_through_usd, row.look_through_label, row.approximate), "holding", key, actions, { label: `${row.symbol} look-through` })),
      el("td", { className: unresolved ? "num muted" : "num strong" }, unresolved ? money(null, row.look_through_label) : figure(money(row.weighted_look_through_usd, row.look_through_label, row.approximate), "holding", key, actions, { label: `${row.symbol} weighted` })),
    );
    makeExpandable(tr, COLUMNS.length, () => (unresolved ? el("p", { className: "why-empty", text: `${row.symbol}: ${row.unresolved_reason || "not in the deals dataset"}.` }) : whyPanel(row.why, own, (l) => `${l.deal_id} · ${l.deal_title ?? ""}`, undefined, names, (l) => actions.explain("link", `${l.deal_id}|${l.symbol}`))));
    tbody.append(tr);
  }
  if (!rows.length) tbody.append(emptyRow(COLUMNS.length, "The file has no holdings."));
  const headRow = el("tr", {}, ...COLUMNS.map((c) => header(c, rerender)));
  const unresolved = (ex.by_holding || []).filter((h) => h.resolved === false);
  container.replaceChildren(
    ...[asOfNotice(state, actions)].filter(Boolean),
    el(
      "section",
      { className: "panel" },
      el("div", { className: "panel-head" }, el("h2", { text: "Holdings" }), el("p", { className: "panel-note", text: `Select a header to sort, a row to see its deal links, a figure for its why.${rows.some((r) => r.approximate) ? " " + APPROX_NOTE : ""}` })),
      unresolved.length ? el("p", { className: "notice", testid: "unresolved-note", text: `No deal data for ${unresolved.map((h) => h.symbol).join(", ")}: these symbols are not companies in the deals dataset.` }) : null,
      el("div", { className: "table-wrap" }, el("table", { className: "data", attrs: { id: "holdings" }, testid: "holdings-table" }, el("thead", {}, headRow), tbody)),
    ),
  );
  if (focusKey) container.querySelector(`th[data-key="${focusKey}"]`)?.focus();
}

// Holdings: sortable table; each row expands to its deal links; a fund row expands to the
// companies it holds (its constituents, each expanding to its links); unresolved symbols called out.

import { el } from "../dom.js";
import { formatMoney, formatQuantity, formatCount, formatShares, formatPercent, formatDate, APPROX } from "../format.js";
import { sortRows, linksOfHolding, linksOfConstituent, linkKey, linkName, fundSnapshotText, fundIsApproximate, shortList } from "../logic.js";
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

const CONSTITUENT_COLUMNS = [
  ["Company", ""],
  ["Shares behind it", "num"],
  ["Weight in fund", "num"],
  ["Value part", "num"],
  ["Look-through", "num"],
  ["Weighted", "num"],
  ["Counterparties", ""],
];

let sort = { key: null, direction: "ascending" };
// Rows kept open while the view is rebuilt (every state change rebuilds it): holding keys and
// "holding key|company id" for constituents.
const open = new Set();

/** Opens the row of `symbol` (a fund chosen on the Overview) the next time the view is built. */
export function reveal(symbol) {
  revealSymbol = symbol;
}
let revealSymbol = null;

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

const explainLink = (actions) => (l) => actions.explain("link", linkKey(l));

/** A constituent's company shares: "≈ 4.1592" when the fund's method is approximate. */
function sharesText(c, fund) {
  if (c.quantity === null || c.quantity === undefined) return "fund figures unknown";
  const text = formatShares(c.quantity);
  return fundIsApproximate(fund) ? `${APPROX} ${text}` : text;
}

function constituentsTable(row, holdingKey, links, names, actions) {
  const fund = row.fund;
  const via = fund.symbol ?? row.symbol;
  const tbody = el("tbody");
  const pending = [];
  for (const c of row.constituents || []) {
    const own = linksOfConstituent(links, via, c);
    const cps = shortList(c.counterparties, 3);
    const tr = el(
      "tr",
      { testid: "constituent-row", dataset: { symbol: c.symbol ?? "", company: c.company_id ?? "", quantity: c.quantity ?? "" } },
      el(
        "td",
        { className: "first name constituent-name" },
        el("span", { className: "chevron", attrs: { "aria-hidden": "true" } }),
        el("span", { className: "constituent-company", text: c.company_name ?? c.company_id ?? "" }),
        " ",
        el("span", { className: "ticker", testid: "constituent-symbol", text: c.symbol ?? "" }),
      ),
      el("td", { className: "num", testid: "constituent-quantity", title: c.quantity ? `${c.quantity} ${c.symbol} shares` : undefined, text: sharesText(c, fund) }),
      el("td", { className: "num", text: formatPercent(c.weight, { places: 2 }) }),
      el("td", { className: "num", text: formatMoney(c.market_value, { currency: USD }) }),
      el("td", { className: "num", testid: "constituent-look-through", text: money(c.look_through_usd, c.look_through_label, c.approximate) }),
      el("td", { className: "num strong", testid: "constituent-weighted", text: money(c.weighted_look_through_usd, c.look_through_label, c.approximate) }),
      el("td", { className: "counterparties", title: cps.all || undefined, text: cps.shown ? `${cps.shown}${cps.more ? ` +${cps.more} more` : ""}` : "–" }),
    );
    const key = `${holdingKey}|${c.company_id}`;
    makeExpandable(
      tr,
      CONSTITUENT_COLUMNS.length,
      () => whyPanel(c.why, own, (l) => `${linkName(l)} · ${l.deal_id} · ${l.deal_title ?? ""}`, `No deal in the dataset links to ${c.company_name ?? c.symbol}.`, names, explainLink(actions)),
      { onToggle: (isOpen) => (isOpen ? open.add(key) : open.delete(key)) },
    );
    tr.setAttribute("aria-label", `${c.symbol} through ${via}: ${sharesText(c, fund)} shares. Show its deal links`);
    tbody.append(tr);
    if (open.has(key)) pending.push(tr);
  }
  if (!tbody.childElementCount) tbody.append(emptyRow(CONSTITUENT_COLUMNS.length, "None of the companies it holds is in the deals dataset."));
  const table = el(
    "table",
    { className: "data data-compact constituents", testid: "constituents", dataset: { fund: via } },
    el("caption", { className: "sr-only", text: `Companies of the deals dataset held by ${via}` }),
    el("thead", {}, el("tr", {}, ...CONSTITUENT_COLUMNS.map(([t, c]) => el("th", { className: c, text: t, attrs: { scope: "col" } })))),
    tbody,
  );
  return { table, pending };
}

/** The panel under a fund row: its snapshot, what is not counted, the companies it holds. */
function fundPanel(row, holdingKey, links, names, actions) {
  const fund = row.fund;
  const wrap = el("div", { className: "why fund-detail", testid: "fund-detail", dataset: { fund: fund.symbol ?? row.symbol } });
  wrap.append(el("p", { className: "fund-snapshot", testid: "fund-snapshot", text: fundSnapshotText(fund) }));
  const why = (row.why || []).length ? row.why : fund.why || [];
  if (why.length) wrap.append(el("ul", { className: "why-summary" }, ...why.map((l) => el("li", { text: l }))));
  if ((fund.not_counted || []).length) {
    wrap.append(
      el("div", { className: "notice fund-not-counted", testid: "fund-not-counted" }, el("p", { className: "notice-title", text: "Held but not counted:" }), el("ul", {}, ...fund.not_counted.map((t) => el("li", { text: t })))),
    );
  }
  const { table, pending } = constituentsTable(row, holdingKey, links, names, actions);
  wrap.append(
    el("p", { className: "why-caption", text: `The companies of the deals dataset ${fund.symbol ?? row.symbol} holds, seen through your ${formatQuantity(row.quantity)} shares (select one for its deal links):` }),
    el("div", { className: "table-wrap constituents-wrap" }, table),
  );
  if (fundIsApproximate(fund)) wrap.append(el("p", { className: "muted", text: `${APPROX}: derived from weights and the snapshot's prices, not from share counts.` }));
  // Constituent rows open before the rebuild: once the panel is in the table.
  queueMicrotask(() => pending.forEach((tr) => tr.expand()));
  return wrap;
}

/** Scrolls the page's scroll area (not the window: scrollIntoView would also move the body,
 * whose overflow is hidden, and take the header and the disclaimer off screen) to `row`. */
function scrollToRow(row) {
  const area = document.getElementById("scroll");
  if (!area) return;
  area.scrollTop += row.getBoundingClientRect().top - area.getBoundingClientRect().top - 12;
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
  const toOpen = [];
  let revealed = null;
  for (const row of rows) {
    const own = linksOfHolding(links, row);
    const unresolved = row.resolved === false;
    const isFund = !!row.fund;
    const name = el("td", { className: "name" }, el("span", { text: row.name ?? row.company_name ?? row.fund?.name ?? "" }));
    if (unresolved) name.append(el("span", { className: "badge badge-muted unresolved-reason", testid: "unresolved-reason", text: row.unresolved_reason || "not in the deals dataset" }));
    if (isFund) name.append(el("span", { className: "badge badge-fund", testid: "fund-badge" }, "fund · holdings as of ", el("span", { className: "nowrap", text: formatDate(row.fund.as_of) })));
    const key = `${row.symbol}|${row.account ?? ""}`;
    const tr = el(
      "tr",
      { className: [unresolved ? "unresolved" : "", isFund ? "fund-row" : ""].filter(Boolean).join(" "), testid: "holding-row", dataset: { symbol: row.symbol ?? "", fund: isFund ? "true" : "false" } },
      firstCell(row.symbol ?? ""),
      name,
      el("td", { text: row.account ?? "" }),
      el("td", { className: "num", text: formatQuantity(row.quantity) }),
      el("td", { className: "num", text: formatMoney(row.market_value, { currency: cur }) }),
      el("td", { className: "num", text: unresolved ? "–" : formatCount(row.deal_count) }),
      el("td", { className: unresolved ? "num muted" : "num" }, unresolved ? money(null, row.look_through_label) : figure(money(row.look_through_usd, row.look_through_label, row.approximate), "holding", key, actions, { label: `${row.symbol} look-through` })),
      el("td", { className: unresolved ? "num muted" : "num strong" }, unresolved ? money(null, row.look_through_label) : figure(money(row.weighted_look_through_usd, row.look_through_label, row.approximate), "holding", key, actions, { label: `${row.symbol} weighted` })),
    );
    const build = () => {
      if (unresolved) return el("p", { className: "why-empty", text: `${row.symbol}: ${row.unresolved_reason || "not in the deals dataset"}.` });
      if (isFund) return fundPanel(row, key, links, names, actions);
      return whyPanel(row.why, own, (l) => `${l.deal_id} · ${l.deal_title ?? ""}`, undefined, names, explainLink(actions));
    };
    makeExpandable(tr, COLUMNS.length, build, { onToggle: (isOpen) => (isOpen ? open.add(key) : open.delete(key)), detailClass: isFund ? "why-row fund-why-row" : "why-row" });
    if (isFund) tr.setAttribute("aria-label", `${row.symbol}, a fund: ${formatQuantity(row.quantity)} shares. Show the companies it holds`);
    tbody.append(tr);
    if (revealSymbol && row.symbol === revealSymbol && !revealed) {
      revealed = tr;
      open.add(key);
    }
    if (open.has(key)) toOpen.push(tr);
  }
  revealSymbol = null;
  if (!rows.length) tbody.append(emptyRow(COLUMNS.length, "The file has no holdings."));
  const headRow = el("tr", {}, ...COLUMNS.map((c) => header(c, rerender)));
  const unresolved = (ex.by_holding || []).filter((h) => h.resolved === false);
  const funds = (ex.by_holding || []).filter((h) => h.fund);
  const notes = [
    "Select a header to sort, a row to see its deal links, a figure for its why.",
    funds.length ? "A fund's row opens the companies it holds." : "",
    rows.some((r) => r.approximate) ? APPROX_NOTE : "",
  ].filter(Boolean);
  container.replaceChildren(
    ...[asOfNotice(state, actions)].filter(Boolean),
    el(
      "section",
      { className: "panel" },
      el("div", { className: "panel-head" }, el("h2", { text: "Holdings" }), el("p", { className: "panel-note", text: notes.join(" ") })),
      unresolved.length ? el("p", { className: "notice", testid: "unresolved-note", text: `No deal data for ${unresolved.map((h) => h.symbol).join(", ")}: these symbols are not companies in the deals dataset, nor funds with holdings we have.` }) : null,
      el("div", { className: "table-wrap" }, el("table", { className: "data", attrs: { id: "holdings" }, testid: "holdings-table" }, el("thead", {}, headRow), tbody)),
    ),
  );
  for (const tr of toOpen) tr.expand();
  if (focusKey) container.querySelector(`th[data-key="${focusKey}"]`)?.focus();
  else if (revealed) {
    revealed.focus({ preventScroll: true });
    scrollToRow(revealed);
  }
}

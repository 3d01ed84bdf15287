// Holdings: sortable table; each row expands to its deal links; a fund row expands to the
// companies it holds (its constituents, each expanding to its links); unresolved symbols called out.

import { el, button, token } from "../dom.js";
import { formatMoneyIn, formatPrice, formatQuantity, formatCount, formatShares, formatPercent, formatDate, APPROX } from "../format.js";
import { sortRows, linksOfHolding, linksOfConstituent, linkKey, linkName, fundSnapshotText, fundIsApproximate, shortList, priceSourceText, valueBasisText, priceFiles } from "../logic.js";
import { USD, money, figure, whyPanel, makeExpandable, firstCell, emptyRow, noAnalysis, asOfNotice, companyNames, APPROX_NOTE } from "./common.js";

const COLUMNS = [
  { key: "symbol", label: "Symbol", type: "text" },
  { key: "name", label: "Name", type: "text" },
  { key: "account", label: "Account", type: "text" },
  { key: "quantity", label: "Quantity", type: "decimal", num: true },
  { key: "price", label: "Price", type: "decimal", num: true },
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

// Price forms open (holding keys), with what was typed in them: { price, currency, error }.
const editing = new Map();

/** The price a holding is valued at, where it comes from and its day; "Set price" when it has
 * none, "Edit" for a price the user typed. */
function priceCell(row, key, staleDays, rerender) {
  const td = el("td", { className: "num price-cell", testid: "holding-price", dataset: { source: row.price_source ?? "none", stale: row.price_stale ? "true" : "false" } });
  const open = () => {
    if (!editing.has(key)) editing.set(key, { price: row.price_source === "typed" ? row.price ?? "" : "", currency: row.price_source === "typed" ? row.price_currency ?? "" : "", error: "" });
    rerender(null, key);
  };
  if (row.price === null || row.price === undefined) {
    td.append(el("span", { className: "price-none", text: "no price" }));
    if (!editing.has(key)) td.append(button("Set price", open, { className: "btn btn-small price-set", testid: "price-set", attrs: { "aria-label": `Set a price for ${row.symbol}` } }));
    return td;
  }
  td.append(el("span", { className: "price-value", testid: "price-value", text: formatPrice(row.price, row.price_currency) }));
  td.append(el("span", { className: "sub price-source", testid: "price-source", text: priceSourceText(row) }));
  if (row.price_stale) td.append(el("span", { className: "badge badge-stale", testid: "price-stale", text: "stale", title: `Older than ${staleDays} days: give a newer price` }));
  if (row.price_source === "typed" && !editing.has(key)) td.append(button("Edit", open, { className: "btn btn-link price-edit", testid: "price-edit", attrs: { "aria-label": `Edit your price for ${row.symbol}` } }));
  return td;
}

/** The row under a holding where its price is typed: saved with the portfolio (as of today), it
 * wins over the file's price. */
function priceEditorRow(row, key, actions, rerender) {
  const draft = editing.get(key);
  const typed = row.price_source === "typed";
  const id = `price-${token(key)}`;
  const price = el("input", { className: "input input-price", testid: "price-input", attrs: { id, type: "text", inputmode: "decimal", value: draft.price, placeholder: "e.g. 145.20", autocomplete: "off", "aria-describedby": `${id}-note` } });
  const currency = el("input", { className: "input input-code", testid: "price-currency", attrs: { id: `${id}-currency`, type: "text", value: draft.currency, placeholder: row.local_currency || "USD", maxlength: "3", autocomplete: "off", spellcheck: "false" } });
  price.addEventListener("input", () => {
    draft.price = price.value;
  });
  currency.addEventListener("input", () => {
    draft.currency = currency.value;
  });
  const error = el("p", { className: "field-error", testid: "price-error", text: draft.error, attrs: { role: "alert" } });
  const save = (value) => {
    editing.delete(key);
    actions.setPrice(row, value, value ? draft.currency.trim() : "").then((refused) => {
      if (!refused) return;
      editing.set(key, { ...draft, error: refused });
      rerender(null, key);
    });
  };
  const form = el(
    "form",
    { className: "price-form", testid: "price-form", dataset: { symbol: row.symbol ?? "" } },
    el("label", { text: `Price of ${row.symbol}`, attrs: { for: id } }),
    price,
    el("label", { text: "in", attrs: { for: `${id}-currency` } }),
    currency,
    button(typed ? "Save price" : "Set price", null, { className: "btn btn-small btn-primary", testid: "price-save", attrs: { type: "submit" } }),
    typed ? button("Remove your price", () => save(""), { className: "btn btn-small", testid: "price-remove" }) : null,
    button("Cancel", () => {
      editing.delete(key);
      rerender();
    }, { className: "btn btn-small", testid: "price-cancel" }),
    el("p", { className: "price-note muted", text: `Saved with this portfolio as of today; it wins over the file's price. Currency empty: ${row.local_currency || "the holding's own"}.`, attrs: { id: `${id}-note` } }),
    error,
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    if (!draft.price.trim()) {
      draft.error = "Type the price of one share.";
      error.textContent = draft.error;
      price.setAttribute("aria-invalid", "true");
      return;
    }
    save(draft.price.trim());
  });
  return el("tr", { className: "price-edit-row", testid: "price-edit-row", dataset: { symbol: row.symbol ?? "" } }, el("td", { attrs: { colspan: String(COLUMNS.length) } }, form));
}

/** A holding's value in the details: how it was reached (the rate and its day when converted),
 * or why it has none. */
function valueLines(row, base) {
  const lines = [];
  const basis = valueBasisText(row, base);
  if (row.market_value !== null && row.market_value !== undefined && basis) lines.push(el("li", { testid: "holding-value-basis", text: `Value ${formatMoneyIn(row.market_value, base)} = ${basis}.` }));
  if (row.unvalued_reason) lines.push(el("li", { testid: "holding-unvalued", text: `Not valued: ${row.unvalued_reason}. It is not in the portfolio value (never counted as 0).` }));
  return lines.length ? el("ul", { className: "why-summary value-lines", testid: "holding-value" }, ...lines) : null;
}

/** Above the table: the base currency, "Load prices file…", the prices files in use, and what
 * the last one gave. */
function pricesBar(state, actions) {
  const p = state.analysis.exposure.portfolio || {};
  const id = state.analysis.meta.id;
  const given = state.prices && state.prices.id === id ? priceFiles(state.prices.list) : { files: [], typed: 0 };
  const status = state.pricesStatus || { phase: "idle" };
  const files = given.files.map((f) =>
    el(
      "li",
      { className: "prices-file", testid: "prices-file", dataset: { file: f.file } },
      el("span", { className: "prices-file-name", text: f.file }),
      el("span", { className: "muted", text: ` · ${formatCount(f.count)} price${f.count === 1 ? "" : "s"}` }),
      button("Forget", () => actions.removeFilePrices(f.file), { className: "btn btn-link", testid: "prices-file-remove", attrs: { "aria-label": `Forget the prices of ${f.file}` } }),
    ),
  );
  let note = null;
  if (status.phase === "working") note = el("p", { className: "notice prices-status", testid: "prices-status", attrs: { role: "status" }, text: "Reading the prices file…" });
  else if (status.phase === "done")
    note = el(
      "div",
      { className: "notice notice-ok prices-status", testid: "prices-status", dataset: { phase: "done" }, attrs: { role: "status" } },
      el("p", { text: `${status.file_name}: ${formatCount(status.count)} price${status.count === 1 ? "" : "s"} read (${status.format}).` }),
      (status.warnings || []).length ? el("ul", {}, ...status.warnings.map((w) => el("li", { text: w }))) : null,
    );
  else if (status.phase === "failed")
    note = el(
      "div",
      { className: "notice notice-error prices-status", testid: "prices-status", dataset: { phase: "failed" }, attrs: { role: "alert" } },
      el("p", { text: status.message ?? "The prices file could not be read." }),
      (status.problems || []).length ? actions.problemList(status.problems) : null,
    );
  return el(
    "div",
    { className: "prices-bar", testid: "prices-bar" },
    el("p", { className: "prices-intro", testid: "prices-intro", text: `Values in ${p.currency ?? USD}; look-through in US dollars. Each price says where it comes from; a prices file or a price you type wins over the file's.${given.typed ? ` ${formatCount(given.typed)} typed by you.` : ""}` }),
    el("div", { className: "prices-actions" }, button("Load prices file…", () => actions.importPrices(), { className: "btn btn-small", testid: "load-prices" }), files.length ? el("ul", { className: "prices-files" }, ...files) : null),
    note,
  );
}

let sort = { key: null, direction: "ascending" };
// The portfolio's base currency, for the constituents' value parts (set by render).
let baseCurrency = USD;

/** The symbol, wrapping when long (an option's "AMD 9/20/2024 Call $160.00"), so the table fits
 * 1024 px. */
function symbolCell(symbol) {
  const td = firstCell(symbol);
  if (symbol.length > 12) td.classList.add("wrap");
  return td;
}

/** The value in the base currency; under it, the amount it was converted from. */
function valueCell(row, base) {
  const known = row.market_value !== null && row.market_value !== undefined;
  const td = el("td", { className: known ? "num" : "num muted", testid: "holding-value-cell" }, el("span", { text: formatMoneyIn(row.market_value, base, { missing: row.unvalued_reason ? "not valued" : "unknown" }) }));
  if (known && row.value_basis?.kind === "converted" && row.local_value !== null && row.local_value !== undefined) td.append(el("span", { className: "sub", text: `from ${formatMoneyIn(row.local_value, row.local_currency)}`, title: valueBasisText(row, base) }));
  if (known && row.value_basis?.kind === "stated") td.append(el("span", { className: "sub", text: "as your file states", title: valueBasisText(row, base) }));
  return td;
}
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
      el("td", { className: "num", text: formatMoneyIn(c.market_value, baseCurrency) }),
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

export function render(container, state, actions, focusKey, editKey) {
  const a = state.analysis;
  if (!a) return noAnalysis(container);
  const ex = a.exposure;
  const links = ex.links || [];
  const names = companyNames(ex);
  const cur = ex.portfolio?.currency || USD;
  const staleDays = ex.portfolio?.stale_after_days ?? 30;
  baseCurrency = cur;
  if (!state.prices || state.prices.id !== a.meta.id) actions.loadPrices?.();
  let rows = ex.by_holding || [];
  if (sort.key) rows = sortRows(rows, sort.key, COLUMNS.find((c) => c.key === sort.key).type, sort.direction);

  const rerender = (key, edit) => {
    render(container, state, actions, key, edit);
  };
  const tbody = el("tbody");
  const toOpen = [];
  let revealed = null;
  for (const row of rows) {
    const own = linksOfHolding(links, row);
    const unresolved = row.resolved === false;
    const isFund = !!row.fund;
    const name = el("td", { className: "name" }, el("span", { text: row.name ?? row.company_name ?? row.fund?.name ?? "" }));
    if (row.unvalued_reason) name.append(el("span", { className: "sub unvalued-reason", testid: "unvalued-reason", text: `Not valued: ${row.unvalued_reason}` }));
    if (unresolved) name.append(el("span", { className: "badge badge-muted unresolved-reason", testid: "unresolved-reason", text: row.unresolved_reason || "not in the deals dataset" }));
    if (isFund) name.append(el("span", { className: "badge badge-fund", testid: "fund-badge" }, "fund · holdings as of ", el("span", { className: "nowrap", text: formatDate(row.fund.as_of) })));
    const key = `${row.symbol}|${row.account ?? ""}`;
    const tr = el(
      "tr",
      { className: [unresolved ? "unresolved" : "", isFund ? "fund-row" : ""].filter(Boolean).join(" "), testid: "holding-row", dataset: { symbol: row.symbol ?? "", fund: isFund ? "true" : "false" } },
      symbolCell(row.symbol ?? ""),
      name,
      el("td", { text: row.account ?? "" }),
      el("td", { className: "num", text: formatQuantity(row.quantity) }),
      priceCell(row, key, staleDays, rerender),
      valueCell(row, cur),
      el("td", { className: "num", text: unresolved ? "–" : formatCount(row.deal_count) }),
      el("td", { className: unresolved ? "num muted" : "num" }, unresolved ? money(null, row.look_through_label) : figure(money(row.look_through_usd, row.look_through_label, row.approximate), "holding", key, actions, { label: `${row.symbol} look-through` })),
      el("td", { className: unresolved ? "num muted" : "num strong" }, unresolved ? money(null, row.look_through_label) : figure(money(row.weighted_look_through_usd, row.look_through_label, row.approximate), "holding", key, actions, { label: `${row.symbol} weighted` })),
    );
    const build = () => {
      const values = valueLines(row, cur);
      let panel;
      if (unresolved) panel = el("div", { className: "why" }, el("p", { className: "why-empty", text: `${row.symbol}: ${row.unresolved_reason || "not in the deals dataset"}.` }));
      else if (isFund) panel = fundPanel(row, key, links, names, actions);
      else panel = whyPanel(row.why, own, (l) => `${l.deal_id} · ${l.deal_title ?? ""}`, undefined, names, explainLink(actions));
      if (values) panel.prepend(values);
      return panel;
    };
    makeExpandable(tr, COLUMNS.length, build, { onToggle: (isOpen) => (isOpen ? open.add(key) : open.delete(key)), detailClass: isFund ? "why-row fund-why-row" : "why-row" });
    if (isFund) tr.setAttribute("aria-label", `${row.symbol}, a fund: ${formatQuantity(row.quantity)} shares. Show the companies it holds`);
    tbody.append(tr);
    if (editing.has(key)) tbody.append(priceEditorRow(row, key, actions, rerender));
    if (revealSymbol && row.symbol === revealSymbol && !revealed) {
      revealed = tr;
      open.add(key);
    }
    if (open.has(key)) toOpen.push(tr);
  }
  revealSymbol = null;
  if (!rows.length) tbody.append(emptyRow(COLUMNS.length, "The file has no holdings."));
  const headRow = el("tr", {}, ...COLUMNS.map((c) => header(c.key === "market_value" ? { ...c, label: `Value (${cur})` } : c, rerender)));
  const unresolved = (ex.by_holding || []).filter((h) => h.resolved === false);
  const funds = (ex.by_holding || []).filter((h) => h.fund);
  const p = ex.portfolio || {};
  const unvalued = p.unvalued_holdings || [];
  const notes = [
    "Select a header to sort, a row to see its deal links and how it is valued, a figure for its why.",
    funds.length ? "A fund's row opens the companies it holds." : "",
    rows.some((r) => r.approximate) ? APPROX_NOTE : "",
  ].filter(Boolean);
  container.replaceChildren(
    ...[asOfNotice(state, actions)].filter(Boolean),
    el(
      "section",
      { className: "panel" },
      el("div", { className: "panel-head" }, el("h2", { text: "Holdings" }), el("p", { className: "panel-note", text: notes.join(" ") })),
      pricesBar(state, actions),
      unvalued.length ? el("p", { className: "notice", testid: "unvalued-note", text: `Not valued, so not in the portfolio value: ${unvalued.map((u) => `${u.symbol}${u.account ? ` (${u.account})` : ""}: ${u.reason}`).join("; ")}. Set a price on its row, or load a prices file.` }) : null,
      p.stale_price_count ? el("p", { className: "notice", testid: "stale-note", text: `${formatCount(p.stale_price_count)} price${p.stale_price_count === 1 ? " is" : "s are"} older than ${staleDays} days (marked stale): give newer ones with a prices file or on the row.` }) : null,
      unresolved.length ? el("p", { className: "notice", testid: "unresolved-note", text: `No deal data for ${unresolved.map((h) => h.symbol).join(", ")}: these symbols are not companies in the deals dataset, nor funds with holdings we have.` }) : null,
      el("div", { className: "table-wrap" }, el("table", { className: "data", attrs: { id: "holdings" }, testid: "holdings-table" }, el("thead", {}, headRow), tbody)),
    ),
  );
  for (const tr of toOpen) tr.expand();
  if (editKey && editing.has(editKey)) container.querySelector(`[data-testid="price-edit-row"][data-symbol="${CSS.escape(editKey.split("|")[0])}"] [data-testid="price-input"]`)?.focus();
  else if (focusKey) container.querySelector(`th[data-key="${focusKey}"]`)?.focus();
  else if (revealed) {
    revealed.focus({ preventScroll: true });
    scrollToRow(revealed);
  }
}

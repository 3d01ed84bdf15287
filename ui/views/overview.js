// Overview: the "Figures as of" day, what's new since the last look, totals, the status-weighted
// look-through over time, look-through by counterparty (chart + table), top deals.

import { el, button } from "../dom.js";
import { formatDate, formatMoneyIn, formatMoneyCompact, formatPercent, formatCount, formatFigure, formatChange, formatRate, UNKNOWN, APPROX } from "../format.js";
import { counterpartyChart, timelineChart, fundChart } from "../charts.js";
import { sortRows, timelineSeries, stackGeometry, fundSourceText, groupHoldings, fxText, ratesLabel, directionRows, directionLine } from "../logic.js";
import { USD, money, figure, statusPill, panel, emptyRow, noAnalysis, APPROX_NOTE } from "./common.js";

function card(label, value, sub, accent) {
  return el("article", { className: accent ? "card card-accent" : "card" }, el("h3", { className: "card-label", text: label }), el("div", { className: "card-value" }, value), sub ? el("p", { className: "card-sub", text: sub, title: sub }) : null);
}

// ------------------------------------------------------------- figures as of

/** The date control: empty = the figures as of the dataset; a day = only the deals announced by
 * then, each at its status that day (the core's `analyse(id, scenario, as_of)`). */
function asOfBar(state, actions) {
  const a = state.analysis;
  const dates = a.timeline?.dates || [];
  const ds = a.exposure?.dataset || {};
  const input = el("input", {
    className: "input input-date",
    testid: "as-of-input",
    attrs: { id: "figures-as-of", type: "date", value: state.asOfChosen ?? state.asOf ?? "", min: dates[0] || null, max: dates[dates.length - 1] || null, "aria-describedby": "as-of-note" },
  });
  const first = dates[0] || "";
  const last = dates[dates.length - 1] || "";
  input.addEventListener("change", () => {
    const value = input.value || "";
    // Outside the timeline's days (a year still being typed, say): said, not analysed.
    if (value && ((first && value < first) || (last && value > last))) {
      input.setAttribute("aria-invalid", "true");
      note.textContent = `Choose a day from ${formatDate(first)} to ${formatDate(last)}.`;
      return;
    }
    input.removeAttribute("aria-invalid");
    if (value !== (state.asOfChosen ?? state.asOf ?? "")) actions.setAsOf(value);
  });
  const chosen = state.asOfChosen ?? state.asOf ?? "";
  const loading = chosen !== (state.asOf || "");
  const reset = button("Back to today", () => actions.setAsOf(""), { className: "btn btn-small", testid: "as-of-reset", title: "The figures as of the dataset" });
  reset.hidden = !state.asOf && !chosen;
  const note = el("p", {
    className: "as-of-note",
    testid: "as-of-note",
    text: loading
      ? `Computing the figures as of ${chosen ? formatDate(chosen) : "the dataset"}…`
      : state.asOf
        ? `Figures as of ${formatDate(ds.figures_as_of ?? state.asOf)}: only deals announced by then, each at its status that day.`
        : `Figures as of the dataset (its newest event: ${formatDate(ds.as_of)}).`,
    attrs: { id: "as-of-note", role: "status" },
  });
  return el(
    "div",
    { className: state.asOf ? "as-of-bar as-of-set" : "as-of-bar", testid: "as-of-bar", attrs: { role: "group", "aria-label": "Figures as of" } },
    el("label", { text: "Figures as of", attrs: { for: "figures-as-of" } }),
    input,
    reset,
    note,
  );
}

// ------------------------------------------------------------------ what's new

const SHOWN_CHANGES = 5;
let showAll = false; // "Show all N changes" pressed (kept across re-renders)

function whatsNewPanel(a, actions) {
  const wn = a.whats_new;
  const ch = wn.changes || {};
  const p = ch.portfolio || {};
  const changes = ch.changes || [];
  const holdings = ch.holdings || {};
  const before = wn.before_is_last_shown ? "Before = the figures you were last shown." : `Before = the deals as of ${formatDate(ch.since)}.`;
  const total = el(
    "p",
    { className: "whats-new-total", testid: "whats-new-total" },
    "Weighted look-through: ",
    el("span", { className: "wn-before", testid: "whats-new-before", text: formatFigure(p.before, UNKNOWN) }),
    " → ",
    el("strong", { className: "wn-after", testid: "whats-new-after", text: formatFigure(p.after, UNKNOWN) }),
    p.change !== undefined ? ` (${formatChange(p.change)})` : null,
  );
  const cpRows = (p.by_counterparty || []).map((r) =>
    el(
      "tr",
      { testid: "whats-new-counterparty", dataset: { counterparty: r.counterparty } },
      el("td", { className: "first", text: r.counterparty_name ?? r.counterparty }),
      el("td", { className: "num", text: formatFigure(r.before, UNKNOWN) }),
      el("td", { className: "num strong", text: formatFigure(r.after, UNKNOWN) }),
      el("td", { className: "num", text: formatChange(r.change) }),
      el("td", { className: "symbols" }, ...(r.deals || []).map((d) => el("span", { className: "ticker", text: d }))),
    ),
  );
  const cpTable = cpRows.length
    ? el(
        "div",
        { className: "table-wrap" },
        el(
          "table",
          { className: "data data-compact", testid: "whats-new-counterparties" },
          el("thead", {}, el("tr", {}, ...["Counterparty", "Before", "Now", "Change", "Deals behind it"].map((t, i) => el("th", { text: t, className: i >= 1 && i <= 3 ? "num" : "", attrs: { scope: "col" } })))),
          el("tbody", {}, ...cpRows),
        ),
      )
    : el("p", { className: "muted", text: "No counterparty's weighted look-through moved." });
  const changeRow = (c) =>
    el(
      "tr",
      { testid: "whats-new-change", dataset: { deal: c.deal_id, kind: c.kind } },
      el("td", { className: "nowrap", text: formatDate(c.on) }),
      el("td", { className: "title" }, el("span", { className: "ticker", text: c.deal_id }), " ", c.title ?? ""),
      el("td", { text: c.summary ?? c.kind ?? "" }),
      el("td", { className: "symbols" }, ...(holdings[c.deal_id] || []).map((s) => el("span", { className: "ticker", text: s }))),
    );
  const tbody = el("tbody", {}, ...(showAll ? changes : changes.slice(0, SHOWN_CHANGES)).map(changeRow));
  const more = changes.length > SHOWN_CHANGES && !showAll
    ? button(`Show all ${changes.length} changes`, () => {
        showAll = true;
        tbody.replaceChildren(...changes.map(changeRow));
        more.remove();
      }, { className: "btn", testid: "whats-new-more" })
    : null;
  const list = changes.length
    ? el(
        "div",
        { className: "table-wrap" },
        el(
          "table",
          { className: "data data-compact", testid: "whats-new-changes" },
          el("thead", {}, el("tr", {}, ...["Date", "Deal", "What changed", "Your holdings"].map((t) => el("th", { text: t, attrs: { scope: "col" } })))),
          tbody,
        ),
      )
    : el("p", { className: "muted", text: "No change to a deal of your holdings." });
  const gotIt = button("Got it", () => actions.dismissWhatsNew(), { className: "btn btn-primary", testid: "whats-new-dismiss" });
  return el(
    "section",
    { className: "panel whats-new", testid: "whats-new", attrs: { "aria-labelledby": "whats-new-title" } },
    el(
      "div",
      { className: "panel-head" },
      el("h2", { text: "What's new in the deals since you last looked", attrs: { id: "whats-new-title" } }),
      el("p", { className: "panel-note", testid: "whats-new-note", text: `Dataset ${wn.previous_version} → ${wn.current_version}: what changed after ${formatDate(ch.since)} in the deals of your holdings. ${before}` }),
    ),
    total,
    cpTable,
    list,
    el("div", { className: "actions" }, more, gotIt),
  );
}

// ------------------------------------------------------------------ over time

function timelinePanel(a, state) {
  const tl = a.timeline;
  if (!tl || !(tl.dates || []).length) return null;
  const view = timelineSeries(tl, { top: 5 });
  const geometry = stackGeometry(view, { width: 900, height: 196, top: 16 });
  const text = (v) => formatFigure(v, UNKNOWN, { currency: USD });
  const chart = timelineChart(geometry, view, {
    title: "Status-weighted look-through over time, stacked by counterparty",
    text,
    dateText: (d) => formatDate(d),
    maxText: formatMoneyCompact(geometry.max, { currency: USD }),
    marker: state.asOf || null,
  });
  const legend = el(
    "ul",
    { className: "tl-legend", testid: "timeline-legend" },
    ...view.series.map((s, i) => el("li", { dataset: { series: s.key } }, el("span", { className: `tl-swatch series-${i}`, attrs: { "aria-hidden": "true" } }), s.name)),
  );
  const head = ["Date", "Total", ...view.series.map((s) => s.name)];
  const rows = view.dates.map((d, i) =>
    el("tr", {}, el("td", { className: "nowrap", text: formatDate(d) }), el("td", { className: "num strong", text: text(view.total[i]) }), ...view.series.map((s) => el("td", { className: "num", text: text(s.values[i]) }))),
  );
  const table = el(
    "details",
    { className: "tl-table", testid: "timeline-table" },
    el("summary", { text: "The figures as a table" }),
    el("div", { className: "table-wrap tl-table-wrap" }, el("table", { className: "data data-compact" }, el("thead", {}, el("tr", {}, ...head.map((t, i) => el("th", { text: t, className: i ? "num" : "", attrs: { scope: "col" } })))), el("tbody", {}, ...rows))),
  );
  const last = view.dates[view.dates.length - 1];
  return el(
    "section",
    { className: "panel", testid: "overview-timeline", attrs: { "aria-labelledby": "timeline-title" } },
    el(
      "div",
      { className: "panel-head" },
      el("h2", { text: "Status-weighted look-through over time", attrs: { id: "timeline-title" } }),
      el("p", { className: "panel-note", text: `Each month end to ${formatDate(last)}, with the deals as they stood then; your holdings as imported. Hover a column for its figures.` }),
    ),
    legend,
    el("div", { className: "chart-wrap tl-wrap" }, chart),
    table,
  );
}

/** The holdings of a counterparty's row: the tickers held directly, then one chip per fund
 * ("through VTI (9)", naming the companies it holds in its title and accessible name). */
function holdingChips(names) {
  const { direct, via } = groupHoldings(names);
  return [
    ...direct.map((s) => el("span", { className: "ticker", text: s })),
    ...via.map((g) => el("span", { className: "ticker ticker-via", testid: "holding-via", text: `through ${g.fund} (${g.symbols.length})`, title: `Through ${g.fund}: ${g.symbols.join(", ")}`, attrs: { "aria-label": `through ${g.fund}: ${g.symbols.join(", ")}` } })),
  ];
}

// ------------------------------------------------------- direct and through funds

/** "Held directly" vs "Through funds" (the core's portfolio.direct / .via_funds), and a bar per
 * fund of its weighted look-through with the day of the holdings it is seen through. */
function fundsPanel(ex, actions) {
  const p = ex.portfolio || {};
  const funds = ex.funds || [];
  const parts = [
    ["direct", "Held directly", p.direct],
    ["via_funds", "Through funds", p.via_funds],
  ];
  if (!funds.length && !(p.via_funds && p.via_funds.link_count)) return null;
  const cell = (field, text, className = "num") => el("td", { className, text, dataset: { field } });
  const approx = { direct: !!ex.portfolio?.direct?.approximate, via_funds: !!ex.portfolio?.via_funds?.approximate };
  const rows = parts.map(([key, label, part]) => {
    const x = part || {};
    const lbl = x.look_through_label;
    return el(
      "tr",
      { testid: "split-row", dataset: { part: key } },
      el("th", { className: "first", text: label, attrs: { scope: "row" } }),
      cell("linked_value", formatFigure(x.linked_value, lbl)),
      cell("look_through", money(x.look_through_usd, lbl, approx[key])),
      cell("weighted", money(x.weighted_look_through_usd, lbl, approx[key]), "num strong"),
      cell("links", formatCount(x.link_count ?? 0)),
    );
  });
  const table = el(
    "table",
    { className: "data data-compact split-table", testid: "overview-split-table" },
    el("thead", {}, el("tr", {}, ...["", "Linked value", "Look-through", "Weighted", "Links"].map((t, i) => el("th", { text: t, className: i ? "num" : "", attrs: { scope: "col" } })))),
    el("tbody", {}, ...rows),
  );
  const chartRows = funds.map((f) => {
    const text = formatFigure(f.weighted_look_through_usd, f.look_through_label, { currency: USD, approximate: f.approximate });
    const date = formatDate(f.as_of);
    return {
      key: f.symbol,
      label: f.symbol,
      date: f.as_of,
      dateText: `as of ${date}`,
      value: f.weighted_look_through_usd,
      text,
      name: `${f.symbol} (${f.name ?? f.fund_id}): ${text} weighted look-through, holdings as of ${date} (${fundSourceText(f.source)}). Show the companies it holds`,
    };
  });
  const chart = funds.length
    ? el("div", { className: "chart-wrap fund-chart-wrap" }, fundChart(chartRows, { title: "Weighted look-through carried by each fund", onSelect: (r) => actions.showFund(r.key) }))
    : null;
  const dates = [...new Set(funds.map((f) => f.as_of))].sort();
  const note = funds.length
    ? `Funds are seen through their holdings (${dates.map((d) => formatDate(d)).join(", ")}); a fund counts in the linked value by its part in linked companies. Select a fund for the companies it holds.`
    : "Funds are seen through their holdings.";
  return el(
    "section",
    { className: "panel overview-funds", testid: "overview-split", attrs: { "aria-labelledby": "split-title" } },
    el("div", { className: "panel-head" }, el("h2", { text: "Held directly and through funds", attrs: { id: "split-title" } }), el("p", { className: "panel-note", text: note })),
    el("div", { className: "table-wrap" }, table),
    chart,
    el("div", { className: "actions" }, button("Funds and their holdings files", () => actions.go("funds"), { className: "btn btn-small", testid: "overview-funds-page" })),
  );
}

// ------------------------------------------------------- direction of the money

/** "By direction of the money": the weighted look-through split by the core's
 * portfolio.by_direction (revenue to the companies, their investments, their purchases, capital
 * they receive, partnerships), which add up to the weighted total on the card. */
function directionsPanel(p) {
  const rows = directionRows(p.by_direction);
  if (!rows.length) return null;
  const body = rows.map((r) =>
    el(
      "tr",
      { testid: "direction-row", dataset: { direction: r.direction } },
      el("th", { className: "first wrap", text: r.name, attrs: { scope: "row" } }),
      el("td", { className: "num strong", text: r.weightedText, dataset: { field: "weighted" } }),
      el("td", { className: "num", text: r.lookThroughText, dataset: { field: "look_through" } }),
      el("td", { className: "num muted", text: r.links, dataset: { field: "links" } }),
    ),
  );
  const table = el(
    "table",
    { className: "data data-compact direction-table", testid: "overview-directions-table" },
    el("thead", {}, el("tr", {}, ...["Direction", "Weighted", "Look-through", "Links"].map((t, i) => el("th", { text: t, className: i ? "num" : "", attrs: { scope: "col" } })))),
    el("tbody", {}, ...body),
  );
  return el(
    "section",
    { className: "panel overview-directions", testid: "overview-directions", attrs: { "aria-labelledby": "directions-title" } },
    el(
      "div",
      { className: "panel-head" },
      el("h2", { text: "By direction of the money", attrs: { id: "directions-title" } }),
      el("p", { className: "panel-note", text: "Who pays whom in your companies' deals. The weighted look-through above adds these up; an undisclosed amount is named, not counted as $0." }),
    ),
    el("div", { className: "table-wrap" }, table),
  );
}

// ------------------------------------------------------------ value and rates

/** The weighted look-through in the base currency, when that is not USD: "€9,295.38" (≈ when
 * approximate); null when the base is USD. */
function weightedInBase(p) {
  if (!p.currency || p.currency === USD) return null;
  if (p.weighted_look_through_base === null || p.weighted_look_through_base === undefined) return p.look_through_label ?? UNKNOWN;
  const text = formatMoneyIn(p.weighted_look_through_base, p.currency);
  return p.approximate ? `${APPROX} ${text}` : text;
}

/** Under the cards: what the portfolio value is (its currency, cash beside it), how many
 * holdings are valued and which are not (never as 0), the rates used, and the weighted
 * look-through converted when the base is not USD. */
function valuationPanel(p, actions) {
  const cur = p.currency || USD;
  const unvalued = p.unvalued_holdings || [];
  const cash = p.cash_lines
    ? `Cash beside it: ${formatMoneyIn(p.cash_value, cur)} (${formatCount(p.cash_lines)} line${p.cash_lines === 1 ? "" : "s"}${p.total_with_cash ? `; with cash ${formatMoneyIn(p.total_with_cash, cur)}` : ""}).`
    : "No cash in the file.";
  const value = el(
    "li",
    { testid: "valuation-value" },
    el("strong", { text: `Portfolio value ${formatMoneyIn(p.total_value, cur)}` }),
    ` in ${cur}, cash not included. `,
    el("span", { testid: "valuation-cash", text: cash }),
  );
  // The holdings not valued, grouped by the reason the core gives.
  const reasons = [];
  for (const u of unvalued) {
    const group = reasons.find((r) => r.reason === u.reason);
    if (group) group.holdings.push(u);
    else reasons.push({ reason: u.reason, holdings: [u] });
  }
  const valued = el(
    "li",
    { testid: "valuation-count" },
    `Valued ${formatCount(p.valued_holdings_count)} of ${formatCount(p.holdings_count)} holdings.`,
    unvalued.length ? " Not valued, so not in the total: " : null,
    ...reasons.map((r, i) =>
      el(
        "span",
        { className: "unvalued-group" },
        i ? "; " : "",
        ...r.holdings.map((u) => el("span", { className: "ticker", testid: "valuation-unvalued", dataset: { symbol: u.symbol }, text: u.account ? `${u.symbol} (${u.account})` : u.symbol })),
        r.reason,
      ),
    ),
    unvalued.length ? ". " : null,
    unvalued.length ? button("Set prices in Holdings", () => actions.go("holdings"), { className: "btn btn-link", testid: "valuation-set-prices" }) : null,
  );
  const stale = p.stale_price_count
    ? el("li", { testid: "valuation-stale", text: `${formatCount(p.stale_price_count)} price${p.stale_price_count === 1 ? " is" : "s are"} older than ${p.stale_after_days ?? 30} days: marked stale in Holdings.` })
    : null;
  const label = ratesLabel(p);
  const rates = (p.fx || []).concat(p.usd_to_base && !(p.fx || []).some((f) => f.currency === "USD" && f.source === p.usd_to_base.source && f.rate === p.usd_to_base.rate) ? [p.usd_to_base] : []);
  const ratesLine = el(
    "li",
    { testid: "valuation-rates", dataset: { label: label ?? "" } },
    el("strong", { text: label ? `Rates: ${label}` : "Rates: none needed" }),
    label ? `. ${rates.map(fxText).join("; ")}.` : ` (every value is in ${cur}).`,
  );
  const inBase = weightedInBase(p);
  const weighted = inBase
    ? el(
        "li",
        { testid: "valuation-weighted" },
        `Weighted look-through ${formatFigure(p.weighted_look_through_usd, p.look_through_label, { currency: USD, approximate: p.approximate })}, in ${cur} `,
        el("strong", { testid: "valuation-weighted-base", text: inBase }),
        p.usd_to_base ? ` at 1 USD = ${formatRate(p.usd_to_base.rate)} ${cur}${p.usd_to_base.date ? ` of ${formatDate(p.usd_to_base.date)}` : ` (${p.usd_to_base.source})`}.` : ".",
      )
    : null;
  return el("section", { className: "panel valuation", testid: "overview-valuation", attrs: { "aria-label": "Portfolio value and rates" } }, el("ul", { className: "valuation-list" }, ...[value, valued, stale, ratesLine, weighted].filter(Boolean)));
}

// ------------------------------------------------------------------ the view

export function render(container, state, actions) {
  const a = state.analysis;
  if (!a) return noAnalysis(container);
  const ex = a.exposure;
  const p = ex.portfolio;
  const cur = p.currency || USD;
  const f = (text, kind, key, props) => figure(text, kind, key, actions, props);
  const label = p.look_through_label;

  const unvalued = p.linked_unvalued_count ? ` (+${formatCount(p.linked_unvalued_count)} linked without a value)` : "";
  const unknowns = [p.undisclosed_link_count ? `${formatCount(p.undisclosed_link_count)} undisclosed` : null, p.share_count_unknown_link_count ? `${formatCount(p.share_count_unknown_link_count)} share count unknown` : null].filter(Boolean);
  const cards = el(
    "section",
    { className: "cards", attrs: { "aria-label": "Summary" } },
    card("Portfolio value", f(formatMoneyIn(p.total_value, cur), "portfolio", null, { label: "Portfolio value", testid: "overview-total-value" }), p.cash_lines ? `Cash not included · cash ${formatMoneyIn(p.cash_value, cur)}` : "Cash not included (none in the file)"),
    card("Linked to AI deals", f(formatPercent(p.linked_share, { places: 1 }), "portfolio", null, { label: "Share linked to AI deals", testid: "overview-linked-share" }), `${formatMoneyIn(p.linked_value, cur)} in deal-linked holdings${unvalued}`),
    card("Look-through exposure", f(money(p.look_through_usd, label, p.approximate), "portfolio", null, { label: "Look-through", testid: "overview-look-through" }), unknowns.length ? `Your pro-rata share of deal dollars; links not counted: ${unknowns.join(", ")}` : "Your pro-rata share of deal dollars"),
    card("Weighted look-through", f(money(p.weighted_look_through_usd, label, p.approximate), "portfolio", null, { label: "Weighted look-through", testid: "overview-weighted-total" }), weightedInBase(p) ? `${weightedInBase(p)} in ${cur} · by deal status` : "Discounted by deal status", true),
  );

  const rows = ex.by_counterparty || [];
  const chartRows = rows.map((r) => ({
    key: r.counterparty,
    label: r.counterparty_name ?? r.counterparty,
    raw: r.look_through_usd,
    weighted: r.weighted_look_through_usd,
    rawText: formatFigure(r.look_through_usd, r.look_through_label, { currency: USD, compact: true, approximate: r.approximate }),
    weightedText: formatFigure(r.weighted_look_through_usd, r.look_through_label, { currency: USD, compact: true, approximate: r.approximate }),
  }));
  const legend = el("p", { className: "chart-legend" }, el("span", { className: "legend-raw", text: "Look-through" }), el("span", { className: "legend-weighted", text: "Status-weighted" }));
  const chart = rows.length
    ? el("div", { className: "chart-wrap", testid: "overview-chart" }, legend, counterpartyChart(chartRows, { title: "Look-through dollars by counterparty, raw and status-weighted", onSelect: (r) => actions.explain("counterparty", r.key) }))
    : el("p", { className: "muted", text: state.asOf ? "None of your holdings was linked to an AI-infrastructure deal on that day." : "None of your holdings is linked to an AI-infrastructure deal." });

  const tbody = el("tbody");
  for (const r of rows) {
    const key = r.counterparty;
    tbody.append(
      el(
        "tr",
        { dataset: { counterparty: key } },
        el("td", { className: "first wrap", text: r.counterparty_name ?? key }),
        el("td", { className: "symbols" }, ...holdingChips(r.holdings)),
        el("td", { className: "num" }, f(formatMoneyIn(r.linked_value, cur), "counterparty", key)),
        el("td", { className: "num" }, f(formatPercent(r.linked_share), "counterparty", key)),
        el("td", { className: "num" }, f(money(r.look_through_usd, r.look_through_label, r.approximate), "counterparty", key)),
        el("td", { className: "num strong" }, f(money(r.weighted_look_through_usd, r.look_through_label, r.approximate), "counterparty", key)),
        el("td", { className: "num", text: formatCount(r.deal_count) }),
      ),
    );
    const split = directionLine(r.by_direction);
    if (split) {
      tbody.append(
        el(
          "tr",
          { className: "direction-line-row" },
          el("td", { className: "direction-line", testid: "counterparty-directions", text: `By direction, weighted: ${split}`, attrs: { colspan: "7" } }),
        ),
      );
    }
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
        f(money(d.look_through_usd, d.look_through_label, d.approximate), "deal", d.deal_id, { label: `${d.deal_id} look-through` }),
        f(money(d.weighted_look_through_usd, d.look_through_label, d.approximate), "deal", d.deal_id, { label: `${d.deal_id} weighted`, className: "strong" }),
      ),
    ),
  );
  if (!top.length) topList.append(el("li", { className: "muted", text: "No deal with a disclosed amount links to your holdings." }));

  const ds = ex.dataset || {};
  const figuresAsOf = state.asOf ? ` Figures as of ${formatDate(ds.figures_as_of ?? state.asOf)}.` : "";
  const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id || document.activeElement.dataset?.testid : null;
  const parts = [
    asOfBar(state, actions),
    cards,
    directionsPanel(p),
    valuationPanel(p, actions),
    a.whats_new ? whatsNewPanel(a, actions) : null,
    fundsPanel(ex, actions),
    timelinePanel(a, state),
    panel("Look-through by counterparty", "The counterparties your holdings do deals with, each with its split by direction of the money. Select a bar or figure for the why.", chart, el("div", { className: "table-wrap" }, table)),
    panel("Top deals by look-through", null, topList),
    el("p", { className: "dataset-note", testid: "overview-dataset", text: `Dataset “${ds.name ?? "?"}” version ${ds.version ?? "?"}, as of ${formatDate(ds.as_of)}.${figuresAsOf} Holdings as of ${a.holdings?.as_of ?? "the file's date (not stated)"}.${p.approximate ? " " + APPROX_NOTE : ""}` }),
  ];
  container.replaceChildren(...parts.filter(Boolean));
  // Rebuilt on every change: keep the keyboard where it was (the date control, "Got it"...).
  if (focused) (document.getElementById(focused) || container.querySelector(`[data-testid="${focused}"]`))?.focus();
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

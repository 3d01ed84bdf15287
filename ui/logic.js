// Pure logic (no DOM): decimal arithmetic on strings, sorting, filtering,
// scenario building and validation, chart geometry. Tested in tests/ui/.

import { parseDecimal, shiftDecimal, formatDate, formatPercent, formatMoneyIn, formatRate, formatFigure, formatCount } from "./format.js";

// ----------------------------------------------------------- decimal strings

/** "12.5" -> { n: 125n, scale: 1 }; null when not a plain decimal. */
function toScaled(value) {
  const d = parseDecimal(value);
  if (!d) return null;
  const n = BigInt(d.int + d.frac);
  return { n: d.neg ? -n : n, scale: d.frac.length };
}

function align(a, b) {
  const scale = Math.max(a.scale, b.scale);
  return [a.n * 10n ** BigInt(scale - a.scale), b.n * 10n ** BigInt(scale - b.scale), scale];
}

function fromScaled(n, scale) {
  const neg = n < 0n;
  let digits = (neg ? -n : n).toString().padStart(scale + 1, "0");
  const int = digits.slice(0, digits.length - scale);
  const frac = scale ? digits.slice(digits.length - scale) : "";
  const text = (neg ? "-" : "") + int + (frac ? "." + frac : "");
  return text === "-0" || /^-0\.0*$/.test(text) ? text.slice(1) : text;
}

/** Compares two decimal strings: -1, 0 or 1. Missing/invalid values sort first. */
export function compareDecimal(a, b) {
  const x = toScaled(a);
  const y = toScaled(b);
  if (!x || !y) return (x ? 1 : 0) - (y ? 1 : 0);
  const [p, q] = align(x, y);
  return p < q ? -1 : p > q ? 1 : 0;
}

/** a - b as a decimal string; null if either is missing. */
export function subtractDecimal(a, b) {
  const x = toScaled(a);
  const y = toScaled(b);
  if (!x || !y) return null;
  const [p, q, scale] = align(x, y);
  return fromScaled(p - q, scale);
}

/** a + b as a decimal string, exactly; null if either is missing. */
export function addDecimal(a, b) {
  const x = toScaled(a);
  const y = toScaled(b);
  if (!x || !y) return null;
  const [p, q, scale] = align(x, y);
  return fromScaled(p + q, scale);
}

/** The exact sum of the known values (decimal strings); null when none is known. */
export function sumKnown(values) {
  let sum = null;
  for (const v of values) {
    if (!toScaled(v)) continue;
    sum = addDecimal(sum ?? "0", v);
  }
  return sum;
}

/**
 * value / max as a Number in [0, 1], for chart geometry only (never shown as a
 * figure). Computed on integers with 6 digits of precision.
 */
export function ratio(value, max) {
  const x = toScaled(value);
  const y = toScaled(max);
  if (!x || !y || y.n <= 0n || x.n <= 0n) return 0;
  const [p, q] = align(x, y);
  const r = Number((p * 1000000n) / q) / 1000000;
  return Math.min(1, r);
}

// ------------------------------------------------------------------- sorting

/**
 * Sorts rows by `key` ("text" or "decimal" or "number" type), ascending or
 * descending; missing values always go last. Stable. Returns a new array.
 */
export function sortRows(rows, key, type, direction = "ascending") {
  const sign = direction === "descending" ? -1 : 1;
  return rows
    .map((row, i) => ({ row, i }))
    .sort((a, b) => {
      const va = a.row[key];
      const vb = b.row[key];
      const ma = va === null || va === undefined || va === "";
      const mb = vb === null || vb === undefined || vb === "";
      if (ma || mb) return ma === mb ? a.i - b.i : ma ? 1 : -1;
      let c;
      if (type === "decimal") c = compareDecimal(va, vb);
      else if (type === "number") c = va < vb ? -1 : va > vb ? 1 : 0;
      else c = String(va).localeCompare(String(vb), undefined, { sensitivity: "base", numeric: true });
      return c * sign || a.i - b.i;
    })
    .map((x) => x.row);
}

// ----------------------------------------------------------------- deals

/**
 * Filters the dataset's deals. `filter` = { text, counterparty, status, from, to }:
 * text matches the deal id, title, or any party's id/name (case-insensitive);
 * from/to are ISO dates compared with announced_on (inclusive).
 */
export function filterDeals(dataset, filter = {}) {
  const deals = dataset?.deals || [];
  const names = new Map((dataset?.companies || []).map((c) => [c.id, c.name || c.id]));
  const partiesOf = new Map();
  for (const p of dataset?.parties || []) {
    if (!partiesOf.has(p.deal_id)) partiesOf.set(p.deal_id, []);
    partiesOf.get(p.deal_id).push(p);
  }
  const text = (filter.text || "").trim().toLowerCase();
  return deals.filter((deal) => {
    if (filter.counterparty && deal.counterparty !== filter.counterparty) return false;
    if (filter.status && deal.status !== filter.status) return false;
    const date = deal.announced_on || "";
    if (filter.from && (!date || date < filter.from)) return false;
    if (filter.to && (!date || date.slice(0, filter.to.length) > filter.to)) return false;
    if (!text) return true;
    const hay = [deal.id, deal.title, deal.counterparty, names.get(deal.counterparty)];
    for (const p of partiesOf.get(deal.id) || []) hay.push(p.party, names.get(p.party));
    return hay.some((h) => h && String(h).toLowerCase().includes(text));
  });
}

// ----------------------------------------------------------------- scenarios

/**
 * A percentage typed by the user ("75", "12.5", "100") -> fraction string
 * ("0.75", "0.125", "1"); { error } when not a number in 0–100.
 */
export function percentToFraction(text) {
  let raw = String(text ?? "").trim().replace(/%$/, "").trim();
  if (!raw.includes(".") && (raw.match(/,/g) || []).length === 1) raw = raw.replace(",", ".");
  if (raw === "") return { error: "Enter a percentage from 0 to 100." };
  const d = parseDecimal(raw);
  if (!d || d.neg) return { error: "Enter a percentage from 0 to 100." };
  if (compareDecimal(raw, "100") > 0) return { error: "At most 100%." };
  const f = shiftDecimal(d, -2);
  let frac = f.frac.replace(/0+$/, "");
  return { value: f.int + (frac ? "." + frac : "") };
}

/** A fraction string ("0.75") -> percentage text for an input ("75"). */
export function fractionToPercent(value) {
  const d = parseDecimal(value);
  if (!d) return "";
  const p = shiftDecimal(d, 2);
  const frac = p.frac.replace(/0+$/, "");
  return (d.neg ? "-" : "") + p.int + (frac ? "." + frac : "");
}

/** True when `value` is a decimal string between 0 and 1 inclusive. */
export function isValidWeight(value) {
  const d = parseDecimal(value);
  return !!d && !d.neg && compareDecimal(value, "1") <= 0;
}

/** A deep, normalised copy of a scenario (missing parts filled in). */
export function normaliseScenario(s) {
  return {
    status_weights: { ...(s?.status_weights || {}) },
    include_indirect: s?.include_indirect !== false,
    excluded_deals: [...(s?.excluded_deals || [])],
    haircuts: { ...(s?.haircuts || {}) },
  };
}

/**
 * Builds a Scenario from the what-if form state:
 * { weights: {status: "75"}, includeIndirect, excluded: Set|array, haircuts: {company: "50"} }
 * (percentages as typed). Returns { scenario } or { errors: {field: message} }.
 * A haircut of 100% means "delivers everything" and is left out of `haircuts`.
 */
export function buildScenario(form) {
  const errors = {};
  const status_weights = {};
  for (const [status, text] of Object.entries(form.weights || {})) {
    const r = percentToFraction(text);
    if (r.error) errors[`weight:${status}`] = r.error;
    else status_weights[status] = r.value;
  }
  const haircuts = {};
  for (const [company, text] of Object.entries(form.haircuts || {})) {
    if (String(text ?? "").trim() === "") continue;
    const r = percentToFraction(text);
    if (r.error) errors[`haircut:${company}`] = r.error;
    else if (r.value !== "1") haircuts[company] = r.value;
  }
  if (Object.keys(errors).length) return { errors };
  return {
    scenario: {
      status_weights,
      include_indirect: form.includeIndirect !== false,
      excluded_deals: [...(form.excluded || [])].sort(),
      haircuts,
    },
  };
}

/** The form state (percent strings) for a Scenario. */
export function scenarioToForm(scenario) {
  const s = normaliseScenario(scenario);
  const weights = {};
  for (const [k, v] of Object.entries(s.status_weights)) weights[k] = fractionToPercent(v);
  const haircuts = {};
  for (const [k, v] of Object.entries(s.haircuts)) haircuts[k] = fractionToPercent(v);
  return { weights, includeIndirect: s.include_indirect, excluded: new Set(s.excluded_deals), haircuts };
}

// ------------------------------------------------------------------- charts

/**
 * Geometry of a horizontal bar chart with two bars (raw, weighted) per row.
 * rows: [{ label, raw, weighted }] (decimal strings or null). Returns
 * { width, height, bars: [{ label, y, rawWidth, weightedWidth }] } with all
 * lengths in px, scaled to the largest raw (or weighted) value.
 */
export function barGeometry(rows, { width = 640, labelWidth = 140, valueWidth = 110, rowHeight = 34, barHeight = 11, gap = 3, top = 8 } = {}) {
  let max = "0";
  for (const r of rows) {
    for (const v of [r.raw, r.weighted]) if (v !== null && v !== undefined && compareDecimal(v, max) > 0) max = v;
  }
  const track = Math.max(0, width - labelWidth - valueWidth);
  const bars = rows.map((r, i) => {
    const y = top + i * rowHeight;
    return {
      label: r.label,
      y,
      x: labelWidth,
      rawY: y,
      weightedY: y + barHeight + gap,
      rawWidth: Math.round(ratio(r.raw, max) * track * 10) / 10,
      weightedWidth: Math.round(ratio(r.weighted, max) * track * 10) / 10,
      barHeight,
    };
  });
  return { width, height: top * 2 + rows.length * rowHeight, track, labelWidth, bars };
}

/**
 * The series drawn for the core's timeline ({ dates, series: [{ counterparty,
 * counterparty_name, values }], total }): its first `top` series (the core sorts them largest
 * at the last point first), then "Others", the exact sum of the rest at each date (null where
 * none of them is known). Returns { dates, total, series: [{ key, name, values }] }.
 */
export function timelineSeries(timeline, { top = 5 } = {}) {
  const dates = timeline?.dates || [];
  const all = timeline?.series || [];
  const series = all.slice(0, top).map((s) => ({ key: s.counterparty, name: s.counterparty_name ?? s.counterparty, values: s.values || [] }));
  const rest = all.slice(top);
  if (rest.length) {
    series.push({ key: "others", name: rest.length === 1 ? rest[0].counterparty_name ?? rest[0].counterparty : `Others (${rest.length})`, values: dates.map((_, i) => sumKnown(rest.map((s) => (s.values || [])[i]))) });
  }
  return { dates, total: timeline?.total || [], series };
}

/**
 * Geometry of stacked columns, one per date of timelineSeries(): every column stacks its
 * series' values (unknown ones draw nothing), scaled to the largest column or total. Only the
 * pixel positions are Numbers; the figures stay decimal strings. Returns { width, height,
 * plotTop, baseline, max, columns: [{ i, date, x, w, total, segments: [{ key, index, y, h }] }] }.
 */
export function stackGeometry(view, { width = 900, height = 200, left = 4, right = 4, top = 10, bottom = 20, gap = 1 } = {}) {
  const n = view.dates.length;
  const cumulative = view.dates.map((_, i) => {
    let sum = "0";
    return view.series.map((s) => {
      const v = s.values[i];
      if (toScaled(v) && compareDecimal(v, "0") > 0) sum = addDecimal(sum, v);
      return sum;
    });
  });
  let max = "0";
  view.dates.forEach((_, i) => {
    const stacked = cumulative[i].length ? cumulative[i][cumulative[i].length - 1] : "0";
    for (const v of [stacked, view.total[i]]) if (toScaled(v) && compareDecimal(v, max) > 0) max = v;
  });
  const plotW = Math.max(0, width - left - right);
  const plotH = Math.max(0, height - top - bottom);
  const baseline = top + plotH;
  const step = n ? plotW / n : 0;
  const w = Math.max(1, Math.round((step - gap) * 10) / 10);
  const px = (v) => Math.round(ratio(v, max) * plotH * 10) / 10;
  const columns = view.dates.map((date, i) => {
    const x = Math.round((left + i * step) * 10) / 10;
    let below = 0;
    const segments = [];
    view.series.forEach((s, index) => {
      const upTo = px(cumulative[i][index]);
      const h = Math.round((upTo - below) * 10) / 10;
      if (h > 0) segments.push({ key: s.key, index, y: Math.round((baseline - upTo) * 10) / 10, h });
      below = upTo;
    });
    return { i, date, x, w, total: view.total[i] ?? null, segments };
  });
  return { width, height, plotTop: top, baseline, max, columns };
}

// ------------------------------------------------------------------ problems

/** A Problem as `file:line:column  column 'header': message` (missing parts left out). */
export function problemText(p) {
  const where = [p.file ?? "file", p.line, p.column].filter((x) => x !== null && x !== undefined).join(":");
  const header = p.header ? `column '${p.header}': ` : "";
  return `${where}  ${header}${p.message ?? ""}`;
}

// ------------------------------------------------------------ column mapping

/** The ColumnMapping fields, in the order the mapping form shows them. */
export const MAPPING_FIELDS = ["symbol", "quantity", "price", "market_value", "name", "account", "currency", "isin", "cusip", "date", "action"];

/** Index of the first row with at least 2 non-empty cells (0 when none). */
export function defaultHeaderRow(rows) {
  const i = (rows || []).findIndex((r) => (r || []).filter((c) => String(c ?? "").trim() !== "").length >= 2);
  return i < 0 ? 0 : i;
}

/**
 * Builds a ColumnMapping (docs/desktop-api.md) from the mapping form:
 * { columns: { field: header text or "" }, numberFormat: "" | "1,234.56" | "1.234,56",
 *   dateFormat: text, kind: "" | "positions" | "transactions", negativeSells: bool }.
 * Empty choices are left out (the backend guesses them); `header_line` is left out
 * because the UI does not know line numbers. Returns { mapping } or { error, missing: [field] }.
 */
export function buildColumnMapping(form) {
  const columns = {};
  for (const field of MAPPING_FIELDS) {
    const value = String(form?.columns?.[field] ?? "").trim();
    if (value) columns[field] = value;
  }
  const missing = [];
  if (!columns.quantity) missing.push("quantity");
  if (!columns.symbol && !columns.isin && !columns.cusip) missing.push("symbol");
  if (missing.length) {
    const parts = [];
    if (missing.includes("quantity")) parts.push("the quantity");
    if (missing.includes("symbol")) parts.push("the symbol, ISIN or CUSIP");
    return { error: `Choose the column that holds ${parts.join(" and the column that holds ")}.`, missing };
  }
  const mapping = { columns };
  if (form.numberFormat === "1,234.56" || form.numberFormat === "1.234,56") mapping.number_format = form.numberFormat;
  const dateFormat = String(form.dateFormat ?? "").trim();
  if (dateFormat) mapping.date_format = dateFormat;
  if (form.kind === "positions" || form.kind === "transactions") mapping.kind = form.kind;
  if (form.negativeSells) mapping.sell_quantities_negative = true;
  return { mapping };
}

// --------------------------------------------------------------------- funds

/** A link's key for Explain: its deal, symbol and the fund it is held through ("" = held
 * directly): "D18|NVDA|VTI". NVDA held directly and through VTI are two links of one deal. */
export function linkKey(link) {
  return `${link.deal_id}|${link.symbol}|${link.via ?? ""}`;
}

/** The link with `key` (linkKey; a key without the fund part means held directly), or null. */
export function findLink(links, key) {
  const [deal, symbol, via = ""] = String(key ?? "").split("|");
  return (links || []).find((l) => l.deal_id === deal && l.symbol === symbol && (l.via ?? "") === via) || null;
}

/** "NVDA via VTI" for a link through a fund, else "NVDA". */
export function linkName(link) {
  return link.via ? `${link.symbol} via ${link.via}` : String(link.symbol ?? "");
}

/** The links of a Holdings row: a fund's are those held through it (`via`), a company's those
 * of its own shares (not the same company's shares through a fund). */
export function linksOfHolding(links, row) {
  const all = links || [];
  if (row.fund) {
    const via = row.fund.symbol ?? row.symbol;
    return all.filter((l) => l.via === via);
  }
  return all.filter((l) => !l.via && l.symbol === row.symbol && (l.company_id === row.company_id || !row.company_id));
}

/** The links of one constituent (a company) of the fund held as `fundSymbol`. */
export function linksOfConstituent(links, fundSymbol, constituent) {
  return (links || []).filter((l) => l.via === fundSymbol && l.company_id === constituent.company_id);
}

/** True when the fund's figures are approximate because of its method (weights, a stand-in). */
export function fundIsApproximate(fund) {
  return !!fund && fund.method !== "shares";
}

/** Where a fund's holdings come from: "bundled snapshot" or "from IVV_holdings_2026-10-30.csv". */
export function fundSourceText(source) {
  return !source || source === "bundled" ? "bundled snapshot" : `from ${source}`;
}

/**
 * The line that says which holdings a fund is seen through (a FundUse of the core):
 * "Holdings as of 2026-08-31 · bundled snapshot · method weight (≈) · covers 27.5% of the fund";
 * a proxy adds "seen through IVV's holdings (FXAIX publishes none we have)".
 */
export function fundSnapshotText(fund) {
  if (!fund) return "";
  const parts = [`Holdings as of ${formatDate(fund.as_of)}`, fundSourceText(fund.source)];
  if (fund.method === "proxy") parts.push(`seen through ${fund.proxy_of ?? "another fund"}'s holdings (${fund.symbol} publishes none we have)`);
  parts.push(`method ${fund.method ?? "unknown"}${fundIsApproximate(fund) ? " (≈)" : ""}`);
  parts.push(fund.coverage === null || fund.coverage === undefined ? "coverage unknown" : `covers ${formatPercent(fund.coverage, { places: 1 })} of the fund`);
  return parts.join(" · ");
}

/** What a fund's method means, in words. */
export function fundMethodText(method) {
  if (method === "shares") return "shares: the fund's shares held ÷ its shares outstanding, exact";
  if (method === "weight") return "weight: your position's value × each company's weight ÷ its price on the snapshot's day, approximate";
  if (method === "proxy") return "proxy: another fund tracking the same index stands in, by weight, approximate";
  return String(method ?? "unknown");
}

/** The Holdings rows that may be funds, for "which holding is this file for?": the fund rows
 * first, then the symbols not in the deals dataset (a fund without a snapshot is one of those).
 * Unique symbols, in table order. */
export function fundLikeHoldings(byHolding) {
  const rows = byHolding || [];
  const out = [];
  const seen = new Set();
  for (const pass of [(r) => !!r.fund, (r) => !r.fund && r.resolved === false]) {
    for (const r of rows) {
      if (!r.symbol || seen.has(r.symbol) || !pass(r)) continue;
      seen.add(r.symbol);
      out.push({ symbol: r.symbol, name: r.name ?? r.fund?.name ?? "", fund: !!r.fund });
    }
  }
  return out;
}

/** Whether a refused fund file only lacks the holding it is for (kind `fund_not_named`), so
 * that asking which holding it is and reading it again (`import_fund_again`) can work. */
export function needsFundSymbol(err, symbolGiven) {
  return !!err && err.kind === "fund_not_named" && !symbolGiven;
}

/** A ticker typed by the user: trimmed, upper case; null when it is not a plausible ticker. */
export function normaliseTicker(text) {
  const t = String(text ?? "").trim().toUpperCase();
  return /^[A-Z0-9][A-Z0-9.\-]{0,14}$/.test(t) ? t : null;
}

/** Names of the first `n` counterparties and how many more: { shown: "OpenAI, Anthropic", more: 3 }. */
export function shortList(names, n = 3) {
  const list = (names || []).filter(Boolean);
  return { shown: list.slice(0, n).join(", "), more: Math.max(0, list.length - n), all: list.join(", ") };
}

/** A row's holdings as the core names them ("MSFT", "NVDA via VTI"), grouped: the symbols held
 * directly, then per fund the companies held through it, in order of first appearance:
 * { direct: ["MSFT"], via: [{ fund: "VTI", symbols: ["NVDA", "MSFT"] }] }. */
export function groupHoldings(names) {
  const direct = [];
  const via = [];
  for (const name of names || []) {
    const m = /^(.+?) via (.+)$/.exec(String(name));
    if (!m) {
      direct.push(String(name));
      continue;
    }
    let group = via.find((g) => g.fund === m[2]);
    if (!group) via.push((group = { fund: m[2], symbols: [] }));
    group.symbols.push(m[1]);
  }
  return { direct, via };
}

// ------------------------------------------------------------- prices and rates

/** Where a holding's price comes from (a `by_holding` row of the core), in words:
 * "last trade 2025-06-17, line 12", "your file, line 2", "quotes.csv of 2026-12-01, line 4",
 * "typed 2026-12-05"; "" when the row has no price. */
export function priceSourceText(row) {
  if (!row || row.price === null || row.price === undefined) return "";
  const day = row.price_date ? formatDate(row.price_date) : "";
  const line = row.price_line ? `, line ${row.price_line}` : "";
  switch (row.price_source) {
    case "last_trade":
      return `last trade${day ? " " + day : ""}${line}`;
    case "prices_file":
      return `${row.price_file || "your prices file"}${day ? " of " + day : ""}${line}`;
    case "typed":
      return `typed${day ? " " + day : ""}`;
    case "file":
      return `your file${day ? " of " + day : ""}${line}`;
    default:
      return String(row.price_source ?? "");
  }
}

/** How a rate was had (a `Conversion.source` of the core), in words, as the core's
 * `describe`: "ECB reference rate of 2026-10-30", "your rate for CHF", "the rate in your file,
 * line 12, of 2026-01-05". */
export function rateSourceText(source) {
  if (!source) return "rate of unknown source";
  if (source.kind === "reference") return `ECB reference rate of ${formatDate(source.date)}${source.origin && source.origin !== "bundled" ? `, from ${source.origin}` : ""}`;
  if (source.kind === "user") return `your rate for ${source.currency ?? "it"}`;
  if (source.kind === "file") return `the rate in your file${source.line ? `, line ${source.line}` : ""}${source.date ? `, of ${formatDate(source.date)}` : ""}`;
  return String(source.kind ?? "rate");
}

/** "1 USD = 0.854701 EUR (ECB reference rate of 2026-10-30)": a holding's conversion. */
export function conversionText(c) {
  if (!c) return "";
  return `1 ${c.from} = ${formatRate(c.rate)} ${c.to} (${rateSourceText(c.source)})`;
}

/** A rate the portfolio used (`portfolio.fx[]`, `portfolio.usd_to_base`): "1 USD = 0.854701
 * EUR (ECB euro foreign exchange reference rates of 2026-10-30, bundled)", "1 USD = 0.8547 EUR
 * (your rate for USD)", "1 CHF = 1.07 EUR (your file, line 12, of 2026-01-05)". */
export function fxText(fx) {
  if (!fx) return "";
  const day = fx.date ? ` of ${formatDate(fx.date)}` : "";
  let from = fx.source ?? "";
  if (fx.origin === "bundled") from += `${day}, bundled`;
  else if (fx.origin === "user") from += day;
  else if (fx.origin === "file") from += fx.date ? `, of ${formatDate(fx.date)}` : "";
  else if (fx.origin) from += `${day}, from ${fx.origin}`;
  return `1 ${fx.currency} = ${formatRate(fx.rate)} ${fx.base} (${from})`;
}

/** The rates behind a portfolio's figures, in short: "ECB of 2026-10-30", "your rates",
 * "your file's rates", joined by " + " when mixed; null when nothing was converted. */
export function ratesLabel(portfolio) {
  const p = portfolio || {};
  const all = [...(p.fx || []), ...(p.usd_to_base ? [p.usd_to_base] : [])];
  if (!all.length) return null;
  const parts = [];
  const add = (t) => parts.includes(t) || parts.push(t);
  for (const fx of all.filter((f) => f.origin !== "user" && f.origin !== "file")) add(`ECB of ${formatDate(fx.date)}`);
  if (all.some((f) => f.origin === "user")) add("your rates");
  if (all.some((f) => f.origin === "file")) add("your file's rates");
  return parts.join(" + ");
}

/** How a holding's value in the base currency was reached (its `value_basis`), or null when it
 * is already in that currency: "58,260.00 USD × 1 USD = 0.854701 EUR (ECB reference rate of
 * 2026-10-30)", "as your file states it in EUR (line 7)". */
export function valueBasisText(row, base) {
  const b = row?.value_basis;
  if (!b || b.kind === "own") return null;
  if (b.kind === "stated") return `as your file states it in ${base}${b.line ? ` (line ${b.line})` : ""}`;
  if (b.kind === "converted") {
    const local = row.local_value === null || row.local_value === undefined ? "" : `${formatMoneyIn(row.local_value, row.local_currency)} × `;
    return `${local}${conversionText(b.conversion)}`;
  }
  return null;
}

/** The prices files given for a portfolio (the `prices` command's list), one entry per file
 * with how many prices it gave, in the order first given; and how many prices were typed. */
export function priceFiles(prices) {
  const files = [];
  let typed = 0;
  for (const p of prices || []) {
    const o = p.origin || {};
    if (o.kind === "typed") {
      typed += 1;
      continue;
    }
    if (o.kind !== "file") continue;
    const f = files.find((x) => x.file === o.file);
    if (f) f.count += 1;
    else files.push({ file: o.file, count: 1 });
  }
  return { files, typed };
}

/** A currency code typed by the user: trimmed, upper case; null unless three letters. */
export function normaliseCurrency(text) {
  const t = String(text ?? "").trim().toUpperCase();
  return /^[A-Z]{3}$/.test(t) ? t : null;
}

// ------------------------------------------------------- direction of the money

/** The core's directions (`by_direction[].direction`) in the order shown, in plain words. */
export const DIRECTIONS = [
  ["revenue", "Revenue to your companies"],
  ["investment", "Your companies' investments"],
  ["purchase", "Your companies' purchases"],
  ["funding_received", "Capital your companies receive"],
  ["partnership", "Partnerships (no stated flow)"],
];

const DIRECTION_NAMES = new Map(DIRECTIONS);

/** The plain name of a direction; a direction not known here keeps the core's label. */
export function directionName(direction, label) {
  return DIRECTION_NAMES.get(direction) ?? label ?? String(direction ?? "unknown").replace(/_/g, " ");
}

/** The core's `by_direction` rows in the order of DIRECTIONS (others after, as given), each with
 * its plain name and its figures as text in USD: the amount ("≈ " when approximate), else the
 * core's `look_through_label` ("undisclosed"), never $0. `links` says how many links, and how
 * many of them are undisclosed. */
export function directionRows(byDirection) {
  const order = (d) => {
    const i = DIRECTIONS.findIndex(([k]) => k === d.direction);
    return i < 0 ? DIRECTIONS.length : i;
  };
  return (byDirection || [])
    .map((d, i) => ({ d, i }))
    .sort((a, b) => order(a.d) - order(b.d) || a.i - b.i)
    .map(({ d }) => {
      const opts = { currency: "USD", approximate: !!d.approximate };
      const count = d.link_count ?? 0;
      const undisclosed = d.undisclosed_link_count ?? 0;
      return {
        direction: d.direction,
        name: directionName(d.direction, d.label),
        weighted: d.weighted_look_through_usd ?? null,
        weightedText: formatFigure(d.weighted_look_through_usd, d.look_through_label, opts),
        lookThroughText: formatFigure(d.look_through_usd, d.look_through_label, opts),
        links: `${formatCount(count)} link${count === 1 ? "" : "s"}${undisclosed ? `, ${formatCount(undisclosed)} undisclosed` : ""}`,
      };
    });
}

/** A counterparty's split in one line: "Revenue to your companies $752.60 · Your companies'
 * investments $5,678.30 · …" (weighted look-through); "" when the core gives no split. */
export function directionLine(byDirection) {
  return directionRows(byDirection)
    .map((r) => `${r.name} ${r.weightedText}`)
    .join(" · ");
}

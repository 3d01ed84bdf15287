// Renders an Analysis (the core's JSON) into the page.
//
// Every piece of text that comes from the imported file or the deals dataset
// is inserted with textContent / createElement, never as HTML.

import {
  UNDISCLOSED,
  UNKNOWN,
  formatCount,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  formatQuantity,
  formatWeight,
  humanize,
} from "./format.js";

const USD = "USD";

// ---------------------------------------------------------------- DOM helpers

function byId(id) {
  return document.getElementById(id);
}

/** el("td", { className: "num", text: "1", title: "…" }, child, …) */
function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  const { className, text, title, attrs } = props;
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (title) node.title = title;
  if (attrs) {
    for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function setText(id, text) {
  byId(id).textContent = text;
}

/** A CSS class token derived from a data value ("in_talks (rumoured)" -> "in-talks-rumoured"). */
function token(value) {
  return String(value ?? "unknown")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "") || "unknown";
}

function numCell(text, { title, muted = false, strong = false } = {}) {
  const classes = ["num"];
  if (muted) classes.push("muted");
  if (strong) classes.push("strong");
  return el("td", { className: classes.join(" "), text, title });
}

function isMissing(value) {
  return value === null || value === undefined;
}

// ----------------------------------------------------------------- why traces

/** Plain-text version of the why steps of some links, for `title` tooltips. */
function whyTooltip(links) {
  if (!links.length) return "No deal links.";
  const lines = [];
  for (const link of links.slice(0, 4)) {
    lines.push(`${link.symbol} · ${link.deal_id}:`);
    for (const step of link.why || []) lines.push(`  ${step}`);
  }
  if (links.length > 4) lines.push(`… and ${links.length - 4} more links.`);
  lines.push("Select the row for the full trace.");
  return lines.join("\n");
}

function linkFigure(link) {
  if (isMissing(link.look_through_usd)) {
    return isMissing(link.amount_usd) ? "amount undisclosed" : "share of the amount undisclosed";
  }
  const weighted = formatMoney(link.weighted_look_through_usd, { currency: USD });
  return `${formatMoney(link.look_through_usd, { currency: USD })} look-through · ${weighted} weighted`;
}

function linkCard(link, heading, open) {
  const roles = Array.isArray(link.roles) && link.roles.length ? link.roles.join(", ") : link.role;
  const meta = el(
    "summary",
    { className: "why-meta" },
    el("span", { className: "why-heading", text: heading }),
    el("span", { className: "why-chip", text: humanize(roles) }),
    el("span", { className: "why-chip", text: link.link === "indirect" ? "indirect" : "direct" }),
    el("span", { className: "why-figure", text: linkFigure(link) }),
  );
  if (!link.in_totals) {
    meta.append(
      el("span", {
        className: "why-excluded",
        text: `not in totals: ${humanize(link.excluded_reason || link.amount_basis)}`,
      }),
    );
  }
  const steps = el("ol", { className: "why-steps" });
  for (const step of link.why || []) steps.append(el("li", { text: step }));
  if (!steps.childElementCount) steps.append(el("li", { text: "No explanation was provided for this link." }));
  const details = el("details", {}, meta, steps);
  details.open = open;
  return el("li", { className: link.in_totals ? "why-link" : "why-link excluded" }, details);
}

/** The row's own explanation (its `why` lines) and one collapsible trace per link. */
function whyPanel(summary, links, headingOf) {
  const wrap = el("div", { className: "why" });
  if (Array.isArray(summary) && summary.length) {
    const list = el("ul", { className: "why-summary" });
    for (const line of summary) list.append(el("li", { text: line }));
    wrap.append(list);
  }
  if (!links.length) {
    wrap.append(el("p", { className: "why-empty", text: "No deal in the dataset links to this row." }));
    return wrap;
  }
  wrap.append(
    el("p", {
      className: "why-caption",
      text: links.length === 1 ? "1 link, step by step:" : `${links.length} links, step by step (select one to expand):`,
    }),
  );
  const list = el("ul", { className: "why-list" });
  const open = links.length <= 2;
  for (const link of links) list.append(linkCard(link, headingOf(link), open));
  wrap.append(list);
  return wrap;
}

/** Tooltip for a row's figures: its own `why` lines, else its links' steps. */
function rowTooltip(row, links) {
  if (Array.isArray(row.why) && row.why.length) return `${row.why.join("\n")}\nSelect the row for the full trace.`;
  return whyTooltip(links);
}

/** A look-through figure; null means the amount (or this holding's share of it) is not public. */
function lookThrough(value) {
  return formatMoney(value, { currency: USD, missing: UNDISCLOSED });
}

/**
 * Makes `row` a disclosure control: click or Enter/Space toggles a detail row
 * with the why trace right beneath it.
 */
function makeExpandable(row, columns, buildPanel) {
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
      return;
    }
    const cell = el("td", { attrs: { colspan: String(columns) } }, buildPanel());
    detail = el("tr", { className: "why-row" }, cell);
    row.after(detail);
    row.setAttribute("aria-expanded", "true");
    row.classList.add("open");
  };
  row.addEventListener("click", (event) => {
    if (event.target instanceof Element && event.target.closest("a, button")) return;
    toggle();
  });
  row.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      toggle();
    }
  });
}

function firstCell(text) {
  const td = el("td", { className: "first" });
  td.append(el("span", { className: "chevron", attrs: { "aria-hidden": "true" } }));
  td.append(el("span", { text }));
  return td;
}

// --------------------------------------------------------------------- header

function renderHeader(analysis) {
  const dataset = analysis?.exposure?.dataset;
  byId("dataset").hidden = false;
  if (dataset) {
    setText("dataset", `Dataset ${dataset.version ?? UNKNOWN}, as of ${dataset.as_of ?? UNKNOWN}`);
    byId("dataset").title = dataset.name ? String(dataset.name) : "";
  } else {
    setText("dataset", "Dataset unknown");
  }
}

function renderSource(analysis) {
  const source = analysis.source || {};
  const holdings = analysis.holdings || {};
  setText("source-file", source.file_name ?? UNKNOWN);
  setText("source-broker", humanize(source.broker ?? holdings.broker));
  setText("source-kind", humanize(source.kind ?? holdings.kind));
  const count = analysis.exposure?.portfolio?.holdings_count ?? (holdings.holdings || []).length;
  setText("source-count", formatCount(count));
  setText("source-asof", holdings.as_of ?? "not stated in file");
}

function renderCards(portfolio) {
  const currency = portfolio.currency || USD;
  setText("card-total", formatMoney(portfolio.total_value, { currency }));
  setText(
    "card-total-sub",
    `${formatCount(portfolio.holdings_count)} holdings${isMissing(portfolio.total_value) ? " · some prices missing" : ""}`,
  );
  setText("card-share", formatPercent(portfolio.linked_share, { places: 1 }));
  setText("card-share-sub", `${formatMoney(portfolio.linked_value, { currency })} in deal-linked holdings`);
  setText("card-lt", lookThrough(portfolio.look_through_usd));
  setText("card-wlt", lookThrough(portfolio.weighted_look_through_usd));
  const why = Array.isArray(portfolio.why) ? portfolio.why.join("\n") : "";
  for (const card of document.querySelectorAll(".cards .card")) card.title = why;
}

function renderNotes(analysis) {
  const list = byId("notes-list");
  list.replaceChildren();
  for (const w of analysis.holdings?.warnings || []) {
    const item = el("li", { className: "note-import" });
    if (!isMissing(w.line)) item.append(el("span", { className: "note-line", text: `Line ${w.line}` }));
    item.append(el("span", { text: w.message ?? String(w) }));
    list.append(item);
  }
  for (const w of analysis.exposure?.warnings || []) {
    list.append(el("li", { className: "note-dataset" }, el("span", { className: "note-line", text: "Dataset" }), el("span", { text: w })));
  }
  byId("notes").hidden = list.childElementCount === 0;
}

// --------------------------------------------------------------------- tables

/** Link count with the undisclosed ones on a second, muted line. */
function linkCountCell(links, undisclosed) {
  const td = numCell(formatCount(links));
  if (undisclosed) td.append(el("span", { className: "sub", text: `${formatCount(undisclosed)} undisclosed` }));
  return td;
}

function symbolList(symbols) {
  const td = el("td", { className: "symbols" });
  if (!symbols || !symbols.length) {
    td.append(el("span", { className: "muted", text: "none" }));
    return td;
  }
  for (const symbol of symbols) td.append(el("span", { className: "ticker", text: symbol }));
  return td;
}

function lookThroughCells(row, tip, { muted = false } = {}) {
  const lt = row.look_through_usd;
  const wlt = row.weighted_look_through_usd;
  return [
    numCell(lookThrough(lt), { title: tip, muted: muted || isMissing(lt) }),
    numCell(lookThrough(wlt), { title: tip, muted: muted || isMissing(wlt), strong: !muted && !isMissing(wlt) }),
  ];
}

function renderCounterparties(rows, links, portfolio) {
  const tbody = byId("by-counterparty").querySelector("tbody");
  tbody.replaceChildren();
  const currency = portfolio.currency || USD;
  for (const row of rows) {
    const own = links.filter((l) => l.counterparty === row.counterparty);
    const name = row.counterparty_name ?? row.counterparty;
    const tr = el(
      "tr",
      {},
      firstCell(name),
      symbolList(row.holdings),
      numCell(formatMoney(row.linked_value, { currency })),
      numCell(formatPercent(row.linked_share)),
      ...lookThroughCells(row, rowTooltip(row, own)),
      numCell(formatCount(row.deal_count)),
      linkCountCell(row.link_count, row.undisclosed_link_count),
    );
    makeExpandable(tr, 8, () => whyPanel(row.why, own, (l) => `${l.symbol} · ${l.deal_id} ${l.deal_title ?? ""}`));
    tbody.append(tr);
  }
  emptyRow(tbody, 8, rows.length, "None of your holdings is linked to an AI-infrastructure deal.");
}

function statusPill(status) {
  return el("span", { className: `status status-${token(status)}`, text: humanize(status) });
}

function renderDeals(rows, links, holdings) {
  const names = new Map(holdings.map((h) => [h.symbol, h.name ?? h.company_name]));
  const tbody = byId("by-deal").querySelector("tbody");
  tbody.replaceChildren();
  for (const row of rows) {
    const own = links.filter((l) => l.deal_id === row.deal_id);
    const title = el("td", { className: "title" }, el("span", { text: row.title ?? "" }));
    if (!row.in_totals) {
      const reason = humanize(row.excluded_reason || row.amount_basis || "excluded");
      title.append(el("span", { className: "excluded-note", text: `shown, not in totals: ${reason}` }));
    }
    const undisclosed = isMissing(row.amount_usd);
    const amountTitle = undisclosed
      ? "Amount not disclosed"
      : `${formatMoney(row.amount_usd, { currency: USD })} (${humanize(row.amount_basis)})`;
    const tr = el(
      "tr",
      { className: row.in_totals ? "" : "not-in-totals" },
      firstCell(row.deal_id),
      title,
      el("td", { className: "party", text: row.counterparty_name ?? row.counterparty ?? UNKNOWN }),
      el("td", { className: "nowrap" }, statusPill(row.status)),
      numCell(formatWeight(row.weight)),
      numCell(formatMoneyCompact(row.amount_usd, { currency: USD, missing: UNDISCLOSED }), {
        title: amountTitle,
        muted: undisclosed,
      }),
      ...lookThroughCells(row, rowTooltip(row, own), { muted: !row.in_totals }),
    );
    makeExpandable(
      tr,
      8,
      () => whyPanel(row.why, own, (l) => (names.get(l.symbol) ? `${l.symbol} · ${names.get(l.symbol)}` : l.symbol)),
    );
    tbody.append(tr);
  }
  emptyRow(tbody, 8, rows.length, "No deal in the dataset involves your holdings.");
}

function renderHoldings(rows, links, portfolio) {
  const tbody = byId("holdings").querySelector("tbody");
  tbody.replaceChildren();
  const currency = portfolio.currency || USD;
  for (const row of rows) {
    const own = links.filter((l) => l.symbol === row.symbol);
    const unresolved = row.resolved === false;
    const name = el("td", { className: "name" }, el("span", { text: row.name ?? row.company_name ?? "" }));
    const parties = el("td", { className: "parties" });
    let figures;
    if (unresolved) {
      const reason = row.unresolved_reason || "This holding is not a company in the deals dataset.";
      parties.append(el("span", { className: "badge badge-muted", text: "no deal data", title: reason }));
      figures = [numCell("–", { title: reason, muted: true }), numCell("–", { title: reason, muted: true })];
    } else {
      const names = row.counterparties || [];
      for (const n of names) parties.append(el("span", { className: "badge", text: n }));
      if (!names.length) parties.append(el("span", { className: "muted", text: "no deals" }));
      figures = lookThroughCells(row, rowTooltip(row, own));
    }
    if (row.undisclosed_link_count) {
      parties.append(
        el("span", {
          className: "undisclosed-count",
          text: `+${formatCount(row.undisclosed_link_count)} undisclosed`,
          title: "Links to deals whose amount (or this company's share of it) is not public: not in the dollar figures.",
        }),
      );
    }
    const ownership = isMissing(row.ownership_fraction)
      ? numCell(unresolved ? "–" : UNKNOWN, { muted: true, title: unresolved ? "" : "Shares outstanding unknown" })
      : numCell(formatPercent(row.ownership_fraction), { title: `Ownership fraction ${row.ownership_fraction}` });
    const tr = el(
      "tr",
      { className: unresolved ? "unresolved" : "" },
      firstCell(row.symbol),
      name,
      numCell(formatQuantity(row.quantity)),
      numCell(formatMoney(row.market_value, { currency })),
      ownership,
      ...figures,
      parties,
    );
    tr.dataset.symbol = row.symbol ?? "";
    makeExpandable(
      tr,
      8,
      () => whyPanel(row.why, own, (l) => `${l.deal_id} · ${l.deal_title ?? ""}`),
    );
    tbody.append(tr);
  }
  emptyRow(tbody, 8, rows.length, "The file has no holdings.");
}

function renderRoles(rows) {
  const tbody = byId("by-role").querySelector("tbody");
  tbody.replaceChildren();
  for (const row of rows) {
    tbody.append(
      el(
        "tr",
        {},
        el("td", { text: humanize(row.role) }),
        numCell(lookThrough(row.look_through_usd)),
        numCell(lookThrough(row.weighted_look_through_usd)),
        numCell(formatCount(row.link_count)),
      ),
    );
  }
  emptyRow(tbody, 4, rows.length, "No links.");
}

function renderSettings(settings) {
  const tbody = byId("status-weights").querySelector("tbody");
  tbody.replaceChildren();
  const weights = settings?.status_weights || {};
  for (const [status, weight] of Object.entries(weights)) {
    tbody.append(el("tr", {}, el("td", {}, statusPill(status)), numCell(formatWeight(weight))));
  }
  emptyRow(tbody, 2, Object.keys(weights).length, "No weights.");
  const indirect = settings?.include_indirect;
  setText(
    "method-note",
    `A deal's amount is attributed to you in proportion to the shares you own. Indirect links (through a subsidiary or a stake) are ${
      indirect === false ? "excluded" : "included"
    }. Aggregates and superseded deals are listed but not added to totals, so nothing is counted twice.`,
  );
}

function emptyRow(tbody, columns, count, message) {
  if (count) return;
  tbody.append(el("tr", { className: "empty" }, el("td", { text: message, attrs: { colspan: String(columns) } })));
}

// -------------------------------------------------------------------- entries

export function renderLoading() {
  byId("loading").hidden = false;
  byId("error-panel").hidden = true;
  byId("report").hidden = true;
}

/** Shows the full analysis. Throws if the JSON lacks the expected sections. */
export function renderAnalysis(analysis) {
  const exposure = analysis?.exposure;
  if (!exposure || !exposure.portfolio) throw new Error("the analysis has no exposure section");
  const links = exposure.links || [];
  renderHeader(analysis);
  renderSource(analysis);
  renderCards(exposure.portfolio);
  renderNotes(analysis);
  renderCounterparties(exposure.by_counterparty || [], links, exposure.portfolio);
  renderDeals(exposure.by_deal || [], links, exposure.by_holding || []);
  renderHoldings(exposure.by_holding || [], links, exposure.portfolio);
  renderRoles(exposure.by_role || []);
  renderSettings(exposure.settings);
  byId("loading").hidden = true;
  byId("error-panel").hidden = true;
  byId("report").hidden = false;
  document.body.dataset.state = "ready";
}

function capitalize(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

const LOCATED = /^(.+?):(\d+)(?::(\d+))?:\s+(.+)$/;

/** "path/file.csv:3:7: message" -> { file, line, column, text }; null for other lines. */
function locate(line) {
  const m = LOCATED.exec(line);
  if (!m || /\s/.test(m[1].slice(-1))) return null;
  return { file: m[1], line: m[2], column: m[3], text: m[4] };
}

/** Shows a load error ({ kind, message }): one list item per line of the message. */
export function renderError(error) {
  const message = error && typeof error.message === "string" ? error.message : String(error);
  const lines = message
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
  if (!lines.length) lines.push("Unknown error.");

  // A first line ending with ":" introduces the problems listed below it.
  const lead = lines.length > 1 && lines[0].endsWith(":") ? lines.shift() : null;
  const leadNode = byId("error-lead");
  leadNode.textContent = lead ? capitalize(lead) : "";
  leadNode.hidden = !lead;

  const files = new Set();
  const items = lines.map((line) => {
    const loc = locate(line);
    if (!loc) return el("li", {}, el("span", { className: "error-text", text: capitalize(line) }));
    files.add(loc.file);
    const where = loc.column ? `Line ${loc.line}, column ${loc.column}` : `Line ${loc.line}`;
    return el("li", { title: line }, el("span", { className: "error-loc", text: where }), el("span", { className: "error-text", text: capitalize(loc.text) }));
  });
  byId("error-lines").replaceChildren(...items);
  const fileNode = byId("error-file");
  fileNode.textContent = files.size === 1 ? `File: ${[...files][0]}` : "";
  fileNode.hidden = files.size !== 1;

  setText(
    "error-title",
    error && error.kind === "analysis" ? "Could not analyse the portfolio" : "Could not load the portfolio",
  );
  byId("error-panel").dataset.kind = (error && error.kind) || "internal";
  byId("dataset").hidden = true;
  byId("loading").hidden = true;
  byId("report").hidden = true;
  byId("error-panel").hidden = false;
  document.body.dataset.state = "error";
}

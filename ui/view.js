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
    return isMissing(link.amount_usd) ? "amount undisclosed" : "look-through unknown";
  }
  const weighted = formatMoney(link.weighted_look_through_usd, { currency: USD });
  return `${formatMoney(link.look_through_usd, { currency: USD })} look-through · ${weighted} weighted`;
}

function linkCard(link, heading) {
  const roles = Array.isArray(link.roles) && link.roles.length ? link.roles.join(", ") : link.role;
  const meta = el(
    "div",
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
  return el("li", { className: link.in_totals ? "why-link" : "why-link excluded" }, meta, steps);
}

function whyPanel(links, headingOf) {
  const wrap = el("div", { className: "why" });
  if (!links.length) {
    wrap.append(el("p", { className: "why-empty", text: "No deal in the dataset links to this row." }));
    return wrap;
  }
  const list = el("ul", { className: "why-list" });
  for (const link of links) list.append(linkCard(link, headingOf(link)));
  wrap.append(list);
  return wrap;
}

/**
 * Makes `row` a disclosure control: click or Enter/Space toggles a detail row
 * with the why trace right beneath it.
 */
function makeExpandable(row, columns, buildPanel, label) {
  row.classList.add("expandable");
  row.tabIndex = 0;
  row.setAttribute("aria-expanded", "false");
  row.setAttribute("aria-label", `${label}: show how the figures are computed`);
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

function firstCell(text, open = true) {
  const td = el("td", { className: "first" });
  if (open) td.append(el("span", { className: "chevron", attrs: { "aria-hidden": "true" } }));
  td.append(el("span", { text }));
  return td;
}

// --------------------------------------------------------------------- header

function renderHeader(analysis) {
  const dataset = analysis?.exposure?.dataset;
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
  setText("card-share-sub", `${formatMoney(portfolio.linked_value, { currency })} held in companies with deal links`);
  setText("card-lt", formatMoney(portfolio.look_through_usd, { currency: USD }));
  setText("card-wlt", formatMoney(portfolio.weighted_look_through_usd, { currency: USD }));
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

function linkCountText(links, undisclosed) {
  const n = formatCount(links);
  return undisclosed ? `${n} (${formatCount(undisclosed)} undisclosed)` : n;
}

function renderCounterparties(rows, links, portfolio) {
  const tbody = byId("by-counterparty").querySelector("tbody");
  tbody.replaceChildren();
  const currency = portfolio.currency || USD;
  for (const row of rows) {
    const own = links.filter((l) => l.counterparty === row.counterparty);
    const tip = whyTooltip(own);
    const tr = el(
      "tr",
      {},
      firstCell(row.counterparty_name ?? row.counterparty),
      el("td", { className: "symbols", text: (row.holdings || []).join(", ") || "none" }),
      numCell(formatMoney(row.linked_value, { currency })),
      numCell(formatPercent(row.linked_share)),
      numCell(formatMoney(row.look_through_usd, { currency: USD }), { title: tip }),
      numCell(formatMoney(row.weighted_look_through_usd, { currency: USD }), { title: tip, strong: true }),
      numCell(formatCount(row.deal_count)),
      numCell(linkCountText(row.link_count, row.undisclosed_link_count)),
    );
    makeExpandable(
      tr,
      8,
      () => whyPanel(own, (l) => `${l.symbol} · ${l.deal_id} ${l.deal_title ?? ""}`.trim()),
      row.counterparty_name ?? row.counterparty,
    );
    tbody.append(tr);
  }
  emptyRow(tbody, 8, rows.length, "None of your holdings is linked to an AI-infrastructure deal.");
}

function statusPill(status) {
  return el("span", { className: `status status-${token(status)}`, text: humanize(status) });
}

function renderDeals(rows, links) {
  const tbody = byId("by-deal").querySelector("tbody");
  tbody.replaceChildren();
  for (const row of rows) {
    const own = links.filter((l) => l.deal_id === row.deal_id);
    const tip = whyTooltip(own);
    const title = el("td", { className: "title" }, el("span", { text: row.title ?? "" }));
    if (!row.in_totals) {
      const reason = humanize(row.excluded_reason || row.amount_basis || "excluded");
      title.append(el("span", { className: "excluded-note", text: `shown, not in totals: ${reason}` }));
    }
    const undisclosed = isMissing(row.amount_usd);
    const ltMissing = undisclosed ? UNDISCLOSED : UNKNOWN;
    const tr = el(
      "tr",
      { className: row.in_totals ? "" : "not-in-totals" },
      firstCell(row.deal_id),
      title,
      el("td", { text: row.counterparty_name ?? row.counterparty ?? UNKNOWN }),
      el("td", {}, statusPill(row.status)),
      numCell(formatWeight(row.weight)),
      numCell(formatMoneyCompact(row.amount_usd, { currency: USD, missing: UNDISCLOSED }), {
        title: undisclosed ? "Amount not disclosed" : `${formatMoney(row.amount_usd, { currency: USD })} (${humanize(row.amount_basis)})`,
        muted: undisclosed,
      }),
      numCell(formatMoney(row.look_through_usd, { currency: USD, missing: ltMissing }), {
        title: tip,
        muted: isMissing(row.look_through_usd) || !row.in_totals,
      }),
      numCell(formatMoney(row.weighted_look_through_usd, { currency: USD, missing: ltMissing }), {
        title: tip,
        muted: isMissing(row.weighted_look_through_usd) || !row.in_totals,
        strong: row.in_totals,
      }),
    );
    makeExpandable(tr, 8, () => whyPanel(own, (l) => `${l.symbol} · ${l.company_id ?? ""}`.trim()), `Deal ${row.deal_id}`);
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
    const tip = whyTooltip(own);
    const name = el("td", { className: "title" }, el("span", { text: row.name ?? row.company_name ?? "" }));
    const parties = el("td", { className: "parties" });
    let ltText;
    let wltText;
    if (row.resolved === false) {
      const reason = row.unresolved_reason || "This holding is not a company in the deals dataset.";
      parties.append(el("span", { className: "badge badge-muted", text: "no deal data", title: reason }));
      ltText = "–";
      wltText = "–";
    } else {
      const names = row.counterparties || [];
      if (names.length) {
        for (const n of names) parties.append(el("span", { className: "badge", text: n }));
      } else {
        parties.append(el("span", { className: "muted", text: "no deals" }));
      }
      ltText = formatMoney(row.look_through_usd, { currency: USD });
      wltText = formatMoney(row.weighted_look_through_usd, { currency: USD });
    }
    if (row.undisclosed_link_count) {
      parties.append(
        el("span", {
          className: "undisclosed-count",
          text: `+${formatCount(row.undisclosed_link_count)} undisclosed`,
          title: "Links to deals whose amount is not public: not counted in the look-through figures.",
        }),
      );
    }
    const tr = el(
      "tr",
      { className: row.resolved === false ? "unresolved" : "" },
      firstCell(row.symbol),
      name,
      numCell(formatQuantity(row.quantity)),
      numCell(formatMoney(row.market_value, { currency })),
      numCell(formatPercent(row.ownership_fraction), {
        title: isMissing(row.ownership_fraction) ? "Shares outstanding unknown" : `Ownership fraction ${row.ownership_fraction}`,
      }),
      numCell(ltText, { title: tip, muted: row.resolved === false }),
      numCell(wltText, { title: tip, muted: row.resolved === false, strong: row.resolved !== false }),
      parties,
    );
    tr.dataset.symbol = row.symbol ?? "";
    makeExpandable(tr, 8, () => whyPanel(own, (l) => `${l.deal_id} · ${l.deal_title ?? ""}`), `Holding ${row.symbol}`);
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
        numCell(formatMoney(row.look_through_usd, { currency: USD })),
        numCell(formatMoney(row.weighted_look_through_usd, { currency: USD })),
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
  renderDeals(exposure.by_deal || [], links);
  renderHoldings(exposure.by_holding || [], links, exposure.portfolio);
  renderRoles(exposure.by_role || []);
  renderSettings(exposure.settings);
  byId("loading").hidden = true;
  byId("error-panel").hidden = true;
  byId("report").hidden = false;
  document.body.dataset.state = "ready";
}

/** Shows a load error ({ kind, message }); one list item per line of the message. */
export function renderError(error) {
  const message = error && typeof error.message === "string" ? error.message : String(error);
  const lines = message.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const list = byId("error-lines");
  list.replaceChildren(...(lines.length ? lines : ["Unknown error."]).map((line) => el("li", { text: line })));
  setText(
    "error-title",
    error && error.kind === "analysis" ? "Could not analyse the portfolio" : "Could not load the portfolio",
  );
  byId("error-panel").dataset.kind = (error && error.kind) || "internal";
  byId("loading").hidden = true;
  byId("report").hidden = true;
  byId("error-panel").hidden = false;
  document.body.dataset.state = "error";
}

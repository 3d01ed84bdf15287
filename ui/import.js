// The import flow panels: progress, preview, failure, cancellation.

import { el, button } from "./dom.js";
import { formatDate, formatMoney, formatQuantity, humanize } from "./format.js";
import { MAPPING_FIELDS, defaultHeaderRow, buildColumnMapping } from "./logic.js";

const STAGES = { reading: "Reading the file…", parsing: "Reading rows…", netting: "Netting transactions into holdings…", saving: "Saving…" };

let rendered = null;

/** Renders state.import into `region` (only when it changed, so typed names survive). */
export function renderImport(region, state, actions) {
  const imp = state.import;
  if (rendered === imp) return;
  rendered = imp;
  region.replaceChildren();
  region.hidden = imp.phase === "idle";
  region.dataset.phase = imp.phase;
  if (imp.phase === "progress") region.append(progressPanel(imp, actions));
  else if (imp.phase === "preview") region.append(previewPanel(imp.preview || {}, actions));
  else if (imp.phase === "failed") region.append(failedPanel(imp, actions));
  else if (imp.phase === "cancelled") region.append(cancelledPanel(imp, actions));
  const focus = region.querySelector("[data-autofocus]");
  if (focus) focus.focus();
}

function progressPanel(p, actions) {
  const bytes = p.stage === "reading" && p.total !== null && p.total !== undefined && p.done !== null && p.done !== undefined;
  const bar = el("progress", { className: "progress", testid: "import-progress", attrs: { "aria-label": "Import progress" } });
  if (bytes) {
    bar.max = Number(p.total) || 1;
    bar.value = Number(p.done) || 0;
  }
  const text = bytes ? `Reading the file… ${formatQuantity(String(p.done))} of ${formatQuantity(String(p.total))} bytes` : STAGES[p.stage] || "Importing…";
  return el(
    "div",
    { className: "panel import-panel", testid: "import-progress-panel" },
    el("h2", { text: "Importing" }),
    el("p", { className: "import-stage", text, attrs: { role: "status" } }),
    bar,
    el("div", { className: "actions" }, button("Cancel", () => actions.cancelImport(), { className: "btn", testid: "import-cancel", attrs: { "data-autofocus": "" } })),
  );
}

function baseName(fileName) {
  const name = String(fileName || "Portfolio").split(/[\\/]/).pop();
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

function previewPanel(pv, actions) {
  const nameId = "import-name";
  const name = el("input", { className: "input", testid: "import-name", attrs: { id: nameId, type: "text", value: baseName(pv.file_name), maxlength: "200", "data-autofocus": "" } });
  const rows = (pv.holdings || []).map((h) =>
    el(
      "tr",
      { dataset: { symbol: h.symbol ?? "" } },
      el("td", { className: "first", text: h.symbol ?? "" }),
      el("td", { text: h.name ?? "" }),
      el("td", { text: h.account ?? "" }),
      el("td", { className: "num", text: formatQuantity(h.quantity) }),
      el("td", { className: "num", text: formatMoney(h.price, { currency: h.currency || "USD" }) }),
      el("td", { className: "num", text: formatMoney(h.market_value, { currency: h.currency || "USD", missing: "–" }) }),
    ),
  );
  const table = el(
    "table",
    { className: "data", testid: "import-holdings" },
    el("thead", {}, el("tr", {}, ...["Symbol", "Name", "Account", "Quantity", "Price", "Value"].map((t, i) => el("th", { text: t, className: i >= 3 ? "num" : "", attrs: { scope: "col" } })))),
    el("tbody", {}, ...(rows.length ? rows : [el("tr", { className: "empty" }, el("td", { text: "No holdings in this file.", attrs: { colspan: "6" } }))])),
  );
  const cash = pv.cash || [];
  const warnings = pv.warnings || [];
  const panel = el(
    "div",
    { className: "panel import-panel", testid: "import-preview" },
    el("h2", { text: `Preview: ${pv.file_name ?? "file"}` }),
    el(
      "dl",
      { className: "source-list" },
      el("div", {}, el("dt", { text: "Broker" }), el("dd", { text: pv.broker_label || humanize(pv.broker), testid: "import-broker" })),
      el("div", {}, el("dt", { text: "Kind" }), el("dd", { text: pv.kind === "history" ? "transaction history" : humanize(pv.kind) })),
      el("div", {}, el("dt", { text: "As of" }), el("dd", { text: formatDate(pv.as_of, { missing: "not stated in file" }) })),
      el("div", {}, el("dt", { text: "Holdings" }), el("dd", { text: String((pv.holdings || []).length) })),
      pv.transaction_count ? el("div", {}, el("dt", { text: "Transactions" }), el("dd", { text: formatQuantity(String(pv.transaction_count)) })) : null,
    ),
    el("div", { className: "table-wrap" }, table),
    cash.length
      ? el("div", { className: "import-cash" }, el("h3", { text: "Cash" }), el("ul", {}, ...cash.map((c) => el("li", { text: `${c.account ? c.account + ": " : ""}${formatMoney(c.amount ?? c.balance ?? c.value, { currency: c.currency || "USD" })}` }))))
      : el("p", { className: "muted", text: "No cash balances in this file." }),
    warnings.length
      ? el("div", { className: "import-warnings" }, el("h3", { text: `Warnings (${warnings.length})` }), el("ul", { testid: "import-warnings" }, ...warnings.map((w) => el("li", { text: w.line !== null && w.line !== undefined ? `Line ${w.line}: ${w.message}` : w.message }))))
      : null,
    el("div", { className: "field" }, el("label", { text: "Portfolio name", attrs: { for: nameId } }), name),
  );
  const chosenName = () => name.value.trim() || baseName(pv.file_name);
  const dup = pv.duplicate_of;
  if (dup) {
    const date = formatDate(dup.imported_at);
    panel.append(
      el("p", { className: "notice", testid: "import-duplicate", text: `This file was already imported as ${dup.name} on ${date}.` }),
      el(
        "div",
        { className: "actions" },
        button("Replace its holdings", () => actions.confirmImport(dup.name, true), { className: "btn btn-primary", testid: "import-replace" }),
        button("Save as a new portfolio", () => actions.confirmImport(chosenName(), false), { className: "btn", testid: "import-confirm" }),
        button("Discard", () => actions.discardImport(), { className: "btn", testid: "import-discard" }),
      ),
    );
  } else {
    panel.append(
      el(
        "div",
        { className: "actions" },
        button("Confirm", () => actions.confirmImport(chosenName(), false), { className: "btn btn-primary", testid: "import-confirm" }),
        button("Discard", () => actions.discardImport(), { className: "btn", testid: "import-discard" }),
      ),
    );
  }
  name.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !dup) {
      e.preventDefault();
      actions.confirmImport(chosenName(), false);
    }
  });
  return panel;
}

function failedPanel(f, actions) {
  const problems = f.problems || [];
  const u = f.unrecognised;
  const rows = u && Array.isArray(u.rows) && u.rows.every(Array.isArray) ? u.rows : null;
  // guesses[i]: the columns the backend guessed were row i the header ({ field: header text }).
  const guesses = u && Array.isArray(u.guesses) ? u.guesses : [];
  const mapping = rows && rows.length ? mappingForm(rows, guesses, actions) : null;
  return el(
    "div",
    { className: "panel error-panel import-failed", testid: "import-failed", attrs: { id: "error-panel" } },
    el("h2", { text: `Could not import ${f.file_name ?? "the file"}` }),
    el("p", { text: problems.length === 1 ? "1 problem; nothing was saved:" : `${problems.length} problems; nothing was saved:` }),
    actions.problemList(problems),
    mapping
      ? el("p", { className: "error-hint", text: "No broker format recognised this file. If it is a table of positions or transactions, tell AI Exposure which column holds what:" })
      : el("p", { className: "error-hint", text: "Fix the file (or export it again from your broker), then open it again." }),
    mapping,
    el("div", { className: "actions" }, button("Dismiss", () => actions.dismissImport(), { className: "btn", testid: "import-failed-dismiss", attrs: mapping ? {} : { "data-autofocus": "" } })),
  );
}

// ------------------------------------------------------ column-mapping step

const FIELD_LABELS = {
  symbol: "Symbol",
  quantity: "Quantity (required)",
  price: "Price",
  market_value: "Market value",
  name: "Name",
  account: "Account",
  currency: "Currency",
  isin: "ISIN",
  cusip: "CUSIP",
  date: "Date",
  action: "Action (buy, sell, …)",
};

const PREVIEW_ROWS = 5;

const cellText = (c) => String(c ?? "").trim();

function rowLabel(row, i) {
  const cells = row.map(cellText).filter(Boolean);
  const shown = cells.slice(0, 4).map((c) => (c.length > 24 ? c.slice(0, 23) + "…" : c));
  return `Row ${i + 1}: ${shown.join(" · ") || "(empty)"}${cells.length > 4 ? " · …" : ""}`;
}

function select(id, testid, options, extra = {}) {
  const s = el("select", { testid, attrs: { id, ...(extra.attrs || {}) }, dataset: extra.dataset });
  for (const [value, text] of options) s.append(el("option", { text, attrs: { value } }));
  return s;
}

function field(labelText, control, { inline = false } = {}) {
  const label = el("label", { text: labelText, attrs: { for: control.id } });
  return inline ? el("div", { className: "field field-inline" }, control, label) : el("div", { className: "field" }, label, control);
}

/** The "Map the columns" form for a file no broker format recognised. */
function mappingForm(rows, guesses, actions) {
  const width = Math.max(...rows.map((r) => r.length));
  const headerSelect = select(
    "mapping-header-row",
    "mapping-header-row",
    rows.map((r, i) => [String(i), rowLabel(r, i)]),
    { attrs: { "data-autofocus": "" } },
  );
  headerSelect.value = String(defaultHeaderRow(rows));

  const previewWrap = el("div", { className: "table-wrap mapping-preview-wrap" });
  const fieldSelects = {};
  const fieldGrid = el("div", { className: "grid-fields mapping-fields" });
  for (const name of MAPPING_FIELDS) {
    const s = select(`mapping-field-${name}`, "mapping-field", [["", "(none)"]], { dataset: { field: name } });
    fieldSelects[name] = s;
    fieldGrid.append(field(FIELD_LABELS[name], s));
  }

  const numberFormat = select("mapping-number-format", "mapping-number-format", [
    ["", "Guess from the values"],
    ["1,234.56", "1,234.56"],
    ["1.234,56", "1.234,56"],
  ]);
  const dateFormat = el("input", { className: "input", testid: "mapping-date-format", attrs: { id: "mapping-date-format", type: "text", placeholder: "%d.%m.%Y", maxlength: "40", spellcheck: "false", autocomplete: "off", "aria-describedby": "mapping-date-format-hint" } });
  const kind = select("mapping-kind", "mapping-kind", [
    ["", "Automatic (transactions when an action column is chosen)"],
    ["positions", "Positions"],
    ["transactions", "Transactions"],
  ]);
  const negativeSells = el("input", { testid: "mapping-negative-sells", attrs: { id: "mapping-negative-sells", type: "checkbox" } });
  const saveProfile = el("input", { testid: "mapping-save-profile", attrs: { id: "mapping-save-profile", type: "checkbox" } });
  saveProfile.checked = true;
  const error = el("p", { className: "field-error mapping-error", testid: "mapping-error", attrs: { id: "mapping-error", role: "alert" } });
  error.hidden = true;
  const submit = button("Import with this mapping", null, { className: "btn btn-primary", testid: "mapping-submit", attrs: { type: "submit" } });

  function header() {
    return rows[Number(headerSelect.value)] || [];
  }

  function renderPreview() {
    const h = Number(headerSelect.value);
    const head = header();
    const body = rows.slice(h + 1, h + 1 + PREVIEW_ROWS);
    const cols = Math.max(width, 1);
    const table = el(
      "table",
      { className: "data data-compact", testid: "mapping-preview" },
      el("caption", { className: "mapping-caption", text: body.length ? `The ${body.length === 1 ? "row" : `${body.length} rows`} below the header` : "No rows below this header" }),
      el("thead", {}, el("tr", {}, ...Array.from({ length: cols }, (_, i) => el("th", { text: cellText(head[i]) || `(column ${i + 1})`, attrs: { scope: "col" } })))),
      el("tbody", {}, ...body.map((r) => el("tr", {}, ...Array.from({ length: cols }, (_, i) => el("td", { text: cellText(r[i]) }))))),
    );
    previewWrap.replaceChildren(table);
  }

  function renderFieldOptions() {
    const names = [...new Set(header().map(cellText).filter(Boolean))];
    const guess = guesses[Number(headerSelect.value)] || {};
    for (const name of MAPPING_FIELDS) {
      const s = fieldSelects[name];
      s.replaceChildren(el("option", { text: "(none)", attrs: { value: "" } }), ...names.map((n) => el("option", { text: n, attrs: { value: n } })));
      s.value = guess[name] && names.includes(guess[name]) ? guess[name] : "";
      s.removeAttribute("aria-invalid");
    }
  }

  function showError(message, missing = []) {
    error.textContent = message || "";
    error.hidden = !message;
    for (const name of MAPPING_FIELDS) {
      const bad = missing.includes(name);
      if (bad) {
        fieldSelects[name].setAttribute("aria-invalid", "true");
        fieldSelects[name].setAttribute("aria-describedby", "mapping-error");
      } else {
        fieldSelects[name].removeAttribute("aria-invalid");
        fieldSelects[name].removeAttribute("aria-describedby");
      }
    }
  }

  headerSelect.addEventListener("change", () => {
    renderPreview();
    renderFieldOptions();
    showError("");
  });

  const form = el(
    "form",
    { className: "mapping-form", testid: "mapping-form", attrs: { "aria-labelledby": "mapping-title", novalidate: true } },
    el("h3", { text: "Map the columns", attrs: { id: "mapping-title" } }),
    el("p", { className: "muted", text: "Choose the row that holds the column names, then which column holds each field. Quantity and one of symbol, ISIN or CUSIP are needed." }),
    field("Header row", headerSelect),
    previewWrap,
    fieldGrid,
    el(
      "div",
      { className: "grid-fields mapping-options" },
      field("Number format", numberFormat),
      el(
        "div",
        { className: "field" },
        el("label", { text: "Date format", attrs: { for: "mapping-date-format" } }),
        dateFormat,
        el("span", { className: "mapping-hint", text: "strftime, e.g. %d.%m.%Y; empty: guess", attrs: { id: "mapping-date-format-hint" } }),
      ),
      field("File holds", kind),
    ),
    field("Sells are written as negative quantities", negativeSells, { inline: true }),
    field("Save this mapping for files with the same header", saveProfile, { inline: true }),
    error,
    el("div", { className: "actions" }, submit),
  );

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (submit.disabled) return;
    const columns = {};
    for (const name of MAPPING_FIELDS) columns[name] = fieldSelects[name].value;
    const built = buildColumnMapping({ columns, numberFormat: numberFormat.value, dateFormat: dateFormat.value, kind: kind.value, negativeSells: negativeSells.checked });
    if (built.error) {
      showError(built.error, built.missing);
      const first = built.missing.includes("quantity") ? fieldSelects.quantity : fieldSelects.symbol;
      first.focus();
      return;
    }
    showError("");
    submit.disabled = true;
    try {
      await actions.importWithMapping(built.mapping, saveProfile.checked);
    } finally {
      submit.disabled = false;
    }
  });

  renderPreview();
  renderFieldOptions();
  return form;
}

function cancelledPanel(c, actions) {
  return el(
    "div",
    { className: "panel notice-panel", testid: "import-cancelled" },
    el("p", { text: `Import of ${c.file_name ?? "the file"} cancelled; nothing was saved.`, attrs: { role: "status" } }),
    button("Dismiss", () => actions.dismissImport(), { className: "btn btn-small", attrs: { "data-autofocus": "" } }),
  );
}

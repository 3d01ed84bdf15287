// The import flow panels: progress, preview, failure, cancellation.

import { el, button } from "./dom.js";
import { formatMoney, formatQuantity, humanize } from "./format.js";

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
      el("div", {}, el("dt", { text: "As of" }), el("dd", { text: pv.as_of ?? "not stated in file" })),
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
    const date = String(dup.imported_at ?? "").slice(0, 10);
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
  return el(
    "div",
    { className: "panel error-panel import-failed", testid: "import-failed", attrs: { id: "error-panel" } },
    el("h2", { text: `Could not import ${f.file_name ?? "the file"}` }),
    el("p", { text: problems.length === 1 ? "1 problem; nothing was saved:" : `${problems.length} problems; nothing was saved:` }),
    actions.problemList(problems),
    el("p", { className: "error-hint", text: "Fix the file (or export it again from your broker), then open it again." }),
    el("div", { className: "actions" }, button("Dismiss", () => actions.dismissImport(), { className: "btn", testid: "import-failed-dismiss", attrs: { "data-autofocus": "" } })),
  );
}

function cancelledPanel(c, actions) {
  return el(
    "div",
    { className: "panel notice-panel", testid: "import-cancelled" },
    el("p", { text: `Import of ${c.file_name ?? "the file"} cancelled; nothing was saved.`, attrs: { role: "status" } }),
    button("Dismiss", () => actions.dismissImport(), { className: "btn btn-small", attrs: { "data-autofocus": "" } }),
  );
}

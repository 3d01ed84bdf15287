// Funds: the fund snapshots in use (bundled or from an imported issuer file, with their dates),
// the holdings files saved, and importing a newer one.

import { el, button, isMissing } from "../dom.js";
import { formatDate, formatPercent, formatCount, humanize } from "../format.js";
import { fundLikeHoldings, fundMethodText, fundSourceText, normaliseTicker } from "../logic.js";
import { makeExpandable, emptyRow, panel } from "./common.js";

// The "which holding is it?" form keeps what was typed across rebuilds of the view.
const ask = { choice: "", typed: "", error: "" };
const openRows = new Set();

const SNAPSHOT_COLUMNS = [
  ["Fund", ""],
  ["Name", ""],
  ["Issuer", ""],
  ["Holdings as of", ""],
  ["Source", ""],
  ["Method", ""],
  ["Companies", "num"],
  ["Weight covered", "num"],
];

function statusPanel(status, actions) {
  if (!status || status.phase === "idle") return null;
  if (status.phase === "working") return el("p", { className: "notice fund-status", testid: "fund-import-status", attrs: { role: "status" }, text: "Reading the holdings file…" });
  if (status.phase === "failed") {
    return el(
      "div",
      { className: "notice notice-error fund-status", testid: "fund-import-status", dataset: { phase: "failed" }, attrs: { role: "alert" } },
      el("p", { text: `${status.fileName ? status.fileName + ": " : ""}${status.message ?? "The file could not be used."}` }),
      (status.problems || []).length ? actions.problemList(status.problems) : null,
    );
  }
  if (status.phase === "ask") return null; // the form says it
  return el("p", { className: status.used === false ? "notice fund-status" : "notice notice-ok fund-status", testid: "fund-import-status", dataset: { phase: status.phase }, attrs: { role: "status" }, text: status.message ?? "" });
}

/** The file does not name its fund: which holding is it? Then the file is chosen again. */
function askForm(state, actions) {
  const status = state.fundsStatus;
  const holdings = fundLikeHoldings(state.analysis?.exposure?.by_holding);
  const select = el(
    "select",
    { className: "input", testid: "fund-symbol-select", attrs: { id: "fund-symbol-select" } },
    el("option", { text: holdings.length ? "Choose a holding…" : "No fund in this portfolio", attrs: { value: "" } }),
    ...holdings.map((h) => el("option", { text: `${h.symbol}${h.name ? " · " + h.name : ""}`, attrs: { value: h.symbol } })),
  );
  select.value = ask.choice;
  select.addEventListener("change", () => {
    ask.choice = select.value;
    ask.error = "";
  });
  const input = el("input", { className: "input input-ticker", testid: "fund-symbol-input", attrs: { id: "fund-symbol-input", type: "text", value: ask.typed, placeholder: "e.g. IVV", maxlength: "15", autocomplete: "off", spellcheck: "false", "aria-describedby": "fund-ask-note" } });
  input.addEventListener("input", () => {
    ask.typed = input.value;
    ask.error = "";
  });
  const error = el("p", { className: "field-error", testid: "fund-symbol-error", text: ask.error, attrs: { role: "alert" } });
  const form = el(
    "form",
    { className: "fund-ask", testid: "fund-ask", attrs: { "aria-labelledby": "fund-ask-title" } },
    el("h3", { text: "Which holding is this file for?", attrs: { id: "fund-ask-title" } }),
    el("p", { className: "muted", text: status.message ?? "", attrs: { id: "fund-ask-note" } }),
    el(
      "div",
      { className: "fund-ask-fields" },
      el("div", { className: "field" }, el("label", { text: "A holding of the portfolio", attrs: { for: "fund-symbol-select" } }), select),
      el("div", { className: "field" }, el("label", { text: "or its ticker", attrs: { for: "fund-symbol-input" } }), input),
    ),
    error,
    el("p", { className: "muted", text: "Then choose the same file again: it is read with that holding's fund." }),
    el(
      "div",
      { className: "actions" },
      button("Cancel", () => {
        Object.assign(ask, { choice: "", typed: "", error: "" });
        actions.dismissFundStatus();
      }, { className: "btn", testid: "fund-ask-cancel" }),
      button("Import it as this holding", null, { className: "btn btn-primary", testid: "fund-ask-submit", attrs: { type: "submit" } }),
    ),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const typed = ask.typed.trim();
    const symbol = typed ? normaliseTicker(typed) : ask.choice || null;
    if (!symbol) {
      ask.error = typed ? `“${typed}” is not a ticker.` : "Choose a holding or type its ticker.";
      error.textContent = ask.error;
      (typed ? input : select).focus();
      return;
    }
    Object.assign(ask, { choice: "", typed: "", error: "" });
    actions.importFundFile(symbol);
  });
  return form;
}

function snapshotsTable(view, state) {
  const inPortfolio = new Map((state.analysis?.exposure?.funds || []).map((f) => [f.fund_id, f.symbol]));
  const tbody = el("tbody");
  const pending = [];
  const snapshots = [...(view.snapshots || [])].sort((a, b) => (inPortfolio.has(b.id) ? 1 : 0) - (inPortfolio.has(a.id) ? 1 : 0));
  for (const s of snapshots) {
    const symbols = (s.symbols || []).join(", ");
    const held = inPortfolio.get(s.id);
    const imported = s.origin && s.origin !== "bundled";
    const tr = el(
      "tr",
      { testid: "fund-snapshot-row", dataset: { fund: s.id, origin: s.origin ?? "", asOf: s.as_of ?? "" } },
      el("td", { className: "first" }, el("span", { className: "chevron", attrs: { "aria-hidden": "true" } }), el("span", { text: symbols })),
      el("td", { className: "name" }, el("span", { text: s.name ?? "" }), held ? el("span", { className: "badge badge-fund", text: "in this portfolio" }) : null),
      el("td", { text: s.issuer ?? "" }),
      el("td", { className: "nowrap", testid: "fund-snapshot-date", text: formatDate(s.as_of) }),
      el("td", { className: imported ? "fund-origin imported" : "fund-origin", testid: "fund-snapshot-origin", text: imported ? s.origin : "bundled" }),
      el("td", { className: "nowrap", text: s.method === "proxy" ? `proxy of ${s.proxy_of ?? "?"}` : humanize(s.method) }),
      el("td", { className: "num", text: formatCount(s.constituents) }),
      el("td", { className: "num", text: isMissing(s.coverage) ? "unknown" : formatPercent(s.coverage, { places: 1 }) }),
    );
    makeExpandable(
      tr,
      SNAPSHOT_COLUMNS.length,
      () =>
        el(
          "dl",
          { className: "source-list fund-source" },
          el("div", {}, el("dt", { text: "Index" }), el("dd", { text: s.index || "–" })),
          el("div", {}, el("dt", { text: "Method" }), el("dd", { text: fundMethodText(s.method) })),
          el("div", {}, el("dt", { text: "Holdings" }), el("dd", { text: `${fundSourceText(s.origin)}, as of ${formatDate(s.as_of)}${s.source_date ? ` (source dated ${formatDate(s.source_date)})` : ""}` })),
          el("div", {}, el("dt", { text: "Source" }), el("dd", { className: "fund-citation", text: s.source || "–" })),
          s.notes ? el("div", {}, el("dt", { text: "Notes" }), el("dd", { text: s.notes })) : null,
        ),
      { onToggle: (isOpen) => (isOpen ? openRows.add(s.id) : openRows.delete(s.id)) },
    );
    tr.setAttribute("aria-label", `${symbols}: holdings as of ${formatDate(s.as_of)}, ${imported ? s.origin : "bundled"}. Show the source and notes`);
    tbody.append(tr);
    if (openRows.has(s.id)) pending.push(tr);
  }
  if (!tbody.childElementCount) tbody.append(emptyRow(SNAPSHOT_COLUMNS.length, "No fund snapshot in the dataset."));
  const table = el("table", { className: "data data-compact", testid: "fund-snapshots", attrs: { id: "fund-snapshots" } }, el("thead", {}, el("tr", {}, ...SNAPSHOT_COLUMNS.map(([t, c]) => el("th", { className: c, text: t, attrs: { scope: "col" } })))), tbody);
  return { table, pending };
}

function filesTable(view, actions) {
  const files = view.files || [];
  if (!files.length) return el("p", { className: "muted", testid: "fund-files-empty", text: "No holdings file imported: every fund is seen through its bundled snapshot." });
  const snapshots = new Map((view.snapshots || []).map((s) => [s.id, s]));
  const rows = files.map((f) =>
    el(
      "tr",
      { testid: "fund-file-row", dataset: { id: String(f.id), fund: f.fund_id, fileName: f.file_name } },
      el("td", { className: "first fund-file-name", text: f.file_name }),
      el("td", { className: "nowrap", text: f.symbol || (snapshots.get(f.fund_id)?.symbols || [f.fund_id]).join(", ") }),
      el("td", { className: "nowrap", text: formatDate(f.as_of) }),
      el("td", { className: "nowrap", text: formatDate(f.imported_at) }),
      el("td", { className: "nowrap" }, button("Remove", () => actions.removeFundFile(f), { className: "btn btn-small", testid: "fund-file-remove", attrs: { "aria-label": `Remove ${f.file_name} (back to the bundled snapshot)` } })),
    ),
  );
  return el(
    "div",
    { className: "table-wrap" },
    el("table", { className: "data data-compact", testid: "fund-files" }, el("thead", {}, el("tr", {}, ...["File", "Fund", "Holdings as of", "Imported", ""].map((t) => el("th", { text: t, attrs: { scope: "col" } })))), el("tbody", {}, ...rows)),
  );
}

export function render(container, state, actions) {
  const view = state.funds;
  if (!view) {
    actions.loadFunds();
    container.replaceChildren(el("p", { className: "loading", text: "Loading the fund snapshots…", attrs: { role: "status" } }));
    return;
  }
  const focused = document.activeElement && container.contains(document.activeElement) ? document.activeElement.id || document.activeElement.dataset?.testid : null;
  const status = state.fundsStatus || { phase: "idle" };
  const importButton = button("Import a newer holdings file…", () => actions.importFundFile(null), { className: "btn btn-primary", testid: "fund-import", attrs: { disabled: status.phase === "working" } });
  const { table, pending } = snapshotsTable(view, state);
  const parts = [
    panel(
      "Fund holdings",
      null,
      el("p", { className: "fund-intro", text: "A fund (an ETF, an index mutual fund) is seen through the companies it holds, from a snapshot of its holdings. An issuer's holdings file (iShares, Vanguard, Invesco, SPDR, Schwab, ARK, or an SEC N-PORT filing) as new as the snapshot or newer replaces it for every portfolio." }),
      el("p", { className: "muted", testid: "fund-drop-note", text: "Holdings files can also be dropped on the window, or opened with Open file…: they are recognised by their content." }),
      el("div", { className: "actions" }, importButton),
      statusPanel(status, actions),
      status.phase === "ask" ? askForm(state, actions) : null,
    ),
    (view.notes || []).length ? el("div", { className: "notice fund-notes", testid: "fund-notes" }, el("p", { className: "notice-title", text: "Saved holdings files not in use:" }), el("ul", {}, ...view.notes.map((n) => el("li", { text: n })))) : null,
    panel("Saved holdings files", "Used for every portfolio. Remove one to go back to the bundled snapshot.", filesTable(view, actions)),
    panel("Snapshots in use", "Select a fund for its source and notes.", el("div", { className: "table-wrap" }, table)),
  ];
  container.replaceChildren(...parts.filter(Boolean));
  for (const tr of pending) tr.expand();
  if (focused) (document.getElementById(focused) || container.querySelector(`[data-testid="${focused}"]`))?.focus();
}

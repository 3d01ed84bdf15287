// The mapping form in the import-failed panel, on a minimal fake DOM (no npm deps).
import test from "node:test";
import assert from "node:assert/strict";

class FakeNode {
  constructor(tag) {
    this.tagName = String(tag).toUpperCase();
    this.children = [];
    this.attributes = {};
    this.listeners = {};
    this.dataset = {};
    this.parent = null;
    this._text = "";
    this.hidden = false;
    this.checked = false;
    this.disabled = false;
    this._value = undefined;
  }
  setAttribute(k, v) {
    this.attributes[k] = String(v);
  }
  getAttribute(k) {
    return k in this.attributes ? this.attributes[k] : null;
  }
  removeAttribute(k) {
    delete this.attributes[k];
  }
  get id() {
    return this.getAttribute("id");
  }
  append(...nodes) {
    for (const n of nodes) {
      const node = typeof n === "string" ? Object.assign(new FakeNode("#text"), { _text: n }) : n;
      node.parent = this;
      this.children.push(node);
    }
  }
  replaceChildren(...nodes) {
    this.children = [];
    this.append(...nodes);
  }
  set textContent(t) {
    this.children = [];
    this._text = String(t);
  }
  get textContent() {
    return this._text + this.children.map((c) => c.textContent).join("");
  }
  get value() {
    if (this.tagName === "SELECT") {
      const opts = this.all().filter((n) => n.tagName === "OPTION");
      const v = this._value === undefined ? opts[0]?.getAttribute("value") : this._value;
      return opts.some((o) => o.getAttribute("value") === v) ? v : "";
    }
    return this._value ?? this.getAttribute("value") ?? "";
  }
  set value(v) {
    this._value = String(v);
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  dispatch(type) {
    const e = { type, preventDefault() {} };
    return Promise.all((this.listeners[type] || []).map((fn) => fn(e)));
  }
  focus() {
    globalThis.document.activeElement = this;
  }
  all() {
    return this.children.flatMap((c) => [c, ...c.all()]);
  }
  querySelector(sel) {
    return this.querySelectorAll(sel)[0] || null;
  }
  querySelectorAll(sel) {
    const m = sel.match(/^\[([\w-]+)(?:="([^"]*)")?\]$/);
    if (!m) throw new Error(`unsupported selector ${sel}`);
    return this.all().filter((n) => {
      const v = m[1].startsWith("data-") && m[1] !== "data-testid" && m[1] !== "data-autofocus" ? n.dataset[m[1].slice(5)] : n.getAttribute(m[1]);
      return v !== null && v !== undefined && (m[2] === undefined || v === m[2]);
    });
  }
}

globalThis.Node = FakeNode;
globalThis.document = { createElement: (t) => new FakeNode(t), createElementNS: (_, t) => new FakeNode(t), activeElement: null };

const { renderImport } = await import("../../ui/import.js");

const byTestId = (root, id) => root.querySelectorAll(`[data-testid="${id}"]`);
const one = (root, id) => byTestId(root, id)[0];

// The backend's guesses for each row as the header (src/import/mapping.rs guess_columns): only
// row 2 names columns.
const GUESSES = [{}, { date: "Datum", symbol: "Ticker", quantity: "Anzahl", price: "Kurs" }, {}, {}, {}];

function setup(rows, guesses = GUESSES) {
  const region = new FakeNode("section");
  const calls = [];
  const actions = {
    problemList: () => new FakeNode("ul"),
    dismissImport() {},
    importWithMapping: async (mapping, save) => {
      calls.push([mapping, save]);
      return true;
    },
  };
  const state = { import: { phase: "failed", file_name: "x.csv", problems: [{ file: "x.csv", line: null, column: null, header: null, message: "no format recognised" }], unrecognised: rows ? { rows, guesses } : null } };
  renderImport(region, state, actions);
  return { region, calls };
}

const ROWS = [["Depotauszug"], ["Datum", "Ticker", "Anzahl", "Kurs", ""], ["01.02.2024", "AAPL", "10", "180,5"], ["02.02.2024", "MSFT", "5", "400"], ["", "Summe", "", ""]];

test("no mapping form without unrecognised rows", () => {
  const { region } = setup(null);
  assert.equal(one(region, "mapping-form"), undefined);
  assert.ok(one(region, "import-failed"));
});

test("mapping form: header row, preview, guessed fields, testids", async () => {
  const { region, calls } = setup(ROWS);
  const form = one(region, "mapping-form");
  assert.ok(form);
  for (const id of ["mapping-header-row", "mapping-number-format", "mapping-date-format", "mapping-kind", "mapping-negative-sells", "mapping-save-profile", "mapping-submit", "mapping-error"]) assert.ok(one(form, id), id);
  const header = one(form, "mapping-header-row");
  assert.equal(header.value, "1");
  assert.equal(document.activeElement, header);
  assert.match(header.children[1].textContent, /^Row 2: Datum · Ticker · Anzahl · Kurs$/);
  const fields = Object.fromEntries(byTestId(form, "mapping-field").map((s) => [s.dataset.field, s]));
  assert.deepEqual(Object.keys(fields), ["symbol", "quantity", "price", "market_value", "name", "account", "currency", "isin", "cusip", "date", "action"]);
  assert.deepEqual(fields.symbol.children.map((o) => o.textContent), ["(none)", "Datum", "Ticker", "Anzahl", "Kurs"]);
  assert.deepEqual(Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, s.value]).filter(([, v]) => v)), { symbol: "Ticker", quantity: "Anzahl", price: "Kurs", date: "Datum" });
  const preview = one(form, "mapping-preview");
  const bodyRows = preview.all().filter((n) => n.tagName === "TBODY")[0].children;
  assert.equal(bodyRows.length, 3);
  assert.equal(bodyRows[0].children[1].textContent, "AAPL");
  assert.equal(one(form, "mapping-save-profile").checked, true);
  // every control has a label bound to it
  const labels = form.all().filter((n) => n.tagName === "LABEL").map((l) => l.getAttribute("for"));
  for (const c of form.all().filter((n) => ["SELECT", "INPUT"].includes(n.tagName))) assert.ok(labels.includes(c.id), c.id);

  one(form, "mapping-number-format").value = "1.234,56";
  one(form, "mapping-date-format").value = "%d.%m.%Y";
  one(form, "mapping-save-profile").checked = false;
  await form.dispatch("submit");
  assert.deepEqual(calls, [[{ columns: { symbol: "Ticker", quantity: "Anzahl", price: "Kurs", date: "Datum" }, number_format: "1.234,56", date_format: "%d.%m.%Y" }, false]]);
  assert.equal(one(form, "mapping-error").hidden, true);
});

test("mapping form: validation message instead of a call; header change re-guesses", async () => {
  const { region, calls } = setup(ROWS);
  const form = one(region, "mapping-form");
  const fields = Object.fromEntries(byTestId(form, "mapping-field").map((s) => [s.dataset.field, s]));
  fields.quantity.value = "";
  await form.dispatch("submit");
  assert.deepEqual(calls, []);
  const error = one(form, "mapping-error");
  assert.equal(error.hidden, false);
  assert.equal(error.textContent, "Choose the column that holds the quantity.");
  assert.equal(fields.quantity.getAttribute("aria-invalid"), "true");
  assert.equal(document.activeElement, fields.quantity);

  const header = one(form, "mapping-header-row");
  header.value = "0";
  await header.dispatch("change");
  assert.deepEqual(fields.symbol.children.map((o) => o.textContent), ["(none)", "Depotauszug"]);
  assert.equal(fields.quantity.value, "");
  assert.equal(error.hidden, true);
  assert.equal(fields.quantity.getAttribute("aria-invalid"), null);
  // Back to row 2: the backend's guesses for that row again.
  header.value = "1";
  await header.dispatch("change");
  assert.equal(fields.symbol.value, "Ticker");
  assert.equal(fields.quantity.value, "Anzahl");
});

test("mapping form: without guesses every field starts empty", () => {
  const { region } = setup(ROWS, []);
  const fields = byTestId(one(region, "mapping-form"), "mapping-field");
  assert.deepEqual(fields.map((s) => s.value), Array(11).fill(""));
});

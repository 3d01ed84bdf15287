// Column-mapping step: header guessing, ColumnMapping building, the API call.
// Every expectation worked out by hand.
import test from "node:test";
import assert from "node:assert/strict";
import { MAPPING_FIELDS, defaultHeaderRow, buildColumnMapping } from "../../ui/logic.js";

test("defaultHeaderRow: first row with at least 2 non-empty cells", () => {
  const rows = [["Depot 1234"], ["", "Stand 31.12.2024", " "], ["Datum", "Ticker", "Anzahl"], ["01.02.2024", "AAPL", "10"]];
  assert.equal(defaultHeaderRow(rows), 2);
  assert.equal(defaultHeaderRow([["a", "b"]]), 0);
  assert.equal(defaultHeaderRow([["only"], [""]]), 0);
  assert.equal(defaultHeaderRow([]), 0);
});

test("buildColumnMapping: chosen columns by header text, (none) and guesses left out", () => {
  const columns = Object.fromEntries(MAPPING_FIELDS.map((f) => [f, ""]));
  Object.assign(columns, { date: "Datum", symbol: "Ticker", quantity: "Anzahl", price: "Kurs" });
  const r = buildColumnMapping({ columns, numberFormat: "", dateFormat: "  ", kind: "", negativeSells: false });
  assert.deepEqual(r, { mapping: { columns: { symbol: "Ticker", quantity: "Anzahl", price: "Kurs", date: "Datum" } } });
  assert.ok(!("header_line" in r.mapping));
});

test("buildColumnMapping: every option set", () => {
  const r = buildColumnMapping({
    columns: { isin: "ISIN", quantity: "Stück", action: "Art" },
    numberFormat: "1.234,56",
    dateFormat: " %d.%m.%Y ",
    kind: "transactions",
    negativeSells: true,
  });
  assert.deepEqual(r, {
    mapping: {
      columns: { quantity: "Stück", isin: "ISIN", action: "Art" },
      number_format: "1.234,56",
      date_format: "%d.%m.%Y",
      kind: "transactions",
      sell_quantities_negative: true,
    },
  });
  assert.deepEqual(buildColumnMapping({ columns: { cusip: "C", quantity: "Q" }, numberFormat: "1,234.56", kind: "positions" }).mapping, {
    columns: { quantity: "Q", cusip: "C" },
    number_format: "1,234.56",
    kind: "positions",
  });
  // Unknown values are not sent.
  assert.deepEqual(buildColumnMapping({ columns: { symbol: "S", quantity: "Q" }, numberFormat: "1 234,56", kind: "other" }).mapping, { columns: { symbol: "S", quantity: "Q" } });
});

test("buildColumnMapping: quantity and symbol/ISIN/CUSIP required", () => {
  const noQty = buildColumnMapping({ columns: { symbol: "Ticker" } });
  assert.deepEqual(noQty.missing, ["quantity"]);
  assert.equal(noQty.error, "Choose the column that holds the quantity.");
  assert.ok(!noQty.mapping);
  const noId = buildColumnMapping({ columns: { quantity: "Anzahl", name: "Name" } });
  assert.deepEqual(noId.missing, ["symbol"]);
  assert.equal(noId.error, "Choose the column that holds the symbol, ISIN or CUSIP.");
  const none = buildColumnMapping({ columns: {} });
  assert.deepEqual(none.missing, ["quantity", "symbol"]);
  assert.equal(none.error, "Choose the column that holds the quantity and the column that holds the symbol, ISIN or CUSIP.");
  assert.deepEqual(buildColumnMapping(undefined).missing, ["quantity", "symbol"]);
});

test("api.importWithMapping: command name, camelCase args, normalised errors", async () => {
  const api = await import("../../ui/api.js");
  const calls = [];
  let fail = null;
  globalThis.window = {
    __TAURI__: {
      core: {
        invoke: async (command, args) => {
          calls.push([command, args]);
          if (fail) throw fail;
          return true;
        },
      },
    },
  };
  try {
    const mapping = { columns: { symbol: "Ticker", quantity: "Anzahl" } };
    assert.equal(await api.importWithMapping(mapping, true), true);
    assert.deepEqual(calls, [["import_with_mapping", { mapping, saveProfile: true }]]);
    await api.importWithMapping(mapping, undefined);
    assert.deepEqual(calls[1][1], { mapping, saveProfile: false });
    fail = "no unrecognised file to import";
    await assert.rejects(api.importWithMapping(mapping, false), { kind: "internal", message: "no unrecognised file to import", problems: [] });
    fail = { kind: "usage", message: "nothing to map" };
    await assert.rejects(api.importWithMapping(mapping, false), { kind: "usage", message: "nothing to map", problems: [] });
  } finally {
    delete globalThis.window;
  }
});

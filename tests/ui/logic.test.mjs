// Pure logic of the UI; every expected number worked out by hand.
import test from "node:test";
import assert from "node:assert/strict";
import {
  compareDecimal,
  subtractDecimal,
  ratio,
  sortRows,
  filterDeals,
  percentToFraction,
  fractionToPercent,
  isValidWeight,
  buildScenario,
  scenarioToForm,
  barGeometry,
  problemText,
} from "../../ui/logic.js";
import { formatMoney, useSystemLocale } from "../../ui/format.js";

test("decimal comparison and subtraction on strings", () => {
  assert.equal(compareDecimal("10.5", "9.99"), 1);
  assert.equal(compareDecimal("-1", "0"), -1);
  assert.equal(compareDecimal("1.0", "1"), 0);
  assert.equal(compareDecimal("0.1", "0.10000000000000000001"), -1); // beyond float precision
  // 8133.21 - 8775.07 = -(8775.07 - 8133.21) = -641.86
  assert.equal(subtractDecimal("8133.21", "8775.07"), "-641.86");
  assert.equal(subtractDecimal("5", "0.25"), "4.75");
  assert.equal(subtractDecimal("1.10", "1.1"), "0.00");
  assert.equal(subtractDecimal(null, "1"), null);
});

test("ratio for geometry", () => {
  assert.equal(ratio("50", "200"), 0.25);
  assert.equal(ratio("200", "200"), 1);
  assert.equal(ratio(null, "200"), 0);
  assert.equal(ratio("5", "0"), 0);
});

test("sortRows: decimals, text, missing last, stable", () => {
  const rows = [
    { s: "B", v: "10" },
    { s: "a", v: "9.5" },
    { s: "C", v: null },
    { s: "d", v: "10.00" },
  ];
  assert.deepEqual(sortRows(rows, "v", "decimal").map((r) => r.s), ["a", "B", "d", "C"]);
  assert.deepEqual(sortRows(rows, "v", "decimal", "descending").map((r) => r.s), ["B", "d", "a", "C"]);
  assert.deepEqual(sortRows(rows, "s", "text").map((r) => r.s), ["a", "B", "C", "d"]);
  assert.deepEqual(sortRows([{ n: 3 }, { n: 1 }, { n: 2 }], "n", "number", "descending").map((r) => r.n), [3, 2, 1]);
  assert.deepEqual(rows.map((r) => r.s), ["B", "a", "C", "d"], "input not mutated");
});

const DATASET = {
  companies: [
    { id: "openai", name: "OpenAI" },
    { id: "amazon", name: "Amazon.com Inc" },
    { id: "nvidia", name: "NVIDIA Corp" },
    { id: "anthropic", name: "Anthropic" },
  ],
  deals: [
    { id: "D1", title: "AWS compute", counterparty: "openai", status: "signed", announced_on: "2025-11-03" },
    { id: "D2", title: "GPU supply", counterparty: "openai", status: "announced", announced_on: "2025-09-22" },
    { id: "D3", title: "Investment", counterparty: "anthropic", status: "announced", announced_on: "2025-11-18" },
    { id: "D4", title: "Old talks", counterparty: "openai", status: "superseded", announced_on: null },
  ],
  parties: [
    { deal_id: "D1", party: "amazon" },
    { deal_id: "D2", party: "nvidia" },
    { deal_id: "D3", party: "nvidia" },
  ],
};

test("filterDeals by party name, counterparty, status and dates", () => {
  const ids = (f) => filterDeals(DATASET, f).map((d) => d.id);
  assert.deepEqual(ids({}), ["D1", "D2", "D3", "D4"]);
  assert.deepEqual(ids({ text: "nvidia" }), ["D2", "D3"]);
  assert.deepEqual(ids({ text: "AMAZON.COM" }), ["D1"]);
  assert.deepEqual(ids({ text: "gpu" }), ["D2"]);
  assert.deepEqual(ids({ counterparty: "openai" }), ["D1", "D2", "D4"]);
  assert.deepEqual(ids({ counterparty: "openai", status: "announced" }), ["D2"]);
  assert.deepEqual(ids({ from: "2025-11-01" }), ["D1", "D3"]);
  assert.deepEqual(ids({ from: "2025-09-01", to: "2025-11-03" }), ["D1", "D2"]);
  assert.deepEqual(ids({ text: "nvidia", to: "2025-10-01" }), ["D2"]);
});

test("percent <-> fraction, validated 0–100%", () => {
  assert.deepEqual(percentToFraction("75"), { value: "0.75" });
  assert.deepEqual(percentToFraction("12.5"), { value: "0.125" });
  assert.deepEqual(percentToFraction("12,5"), { value: "0.125" });
  assert.deepEqual(percentToFraction("100"), { value: "1" });
  assert.deepEqual(percentToFraction("0"), { value: "0" });
  assert.deepEqual(percentToFraction(" 90 %"), { value: "0.9" });
  assert.ok(percentToFraction("101").error);
  assert.ok(percentToFraction("-5").error);
  assert.ok(percentToFraction("abc").error);
  assert.ok(percentToFraction("").error);
  assert.equal(fractionToPercent("0.75"), "75");
  assert.equal(fractionToPercent("0.125"), "12.5");
  assert.equal(fractionToPercent("1"), "100");
  assert.equal(fractionToPercent("0"), "0");
  assert.equal(isValidWeight("0.5"), true);
  assert.equal(isValidWeight("1.01"), false);
  assert.equal(isValidWeight("-0.1"), false);
});

test("buildScenario from the what-if form", () => {
  const r = buildScenario({
    weights: { signed: "100", rumoured: "25" },
    includeIndirect: false,
    excluded: new Set(["S03", "D10"]),
    haircuts: { openai: "50", anthropic: "100", nvidia: "" },
  });
  assert.deepEqual(r, {
    scenario: {
      status_weights: { signed: "1", rumoured: "0.25" },
      include_indirect: false,
      excluded_deals: ["D10", "S03"],
      haircuts: { openai: "0.5" },
    },
  });
  const bad = buildScenario({ weights: { signed: "150" }, haircuts: { openai: "x" } });
  assert.deepEqual(Object.keys(bad.errors).sort(), ["haircut:openai", "weight:signed"]);
  // round trip
  const form = scenarioToForm(r.scenario);
  assert.deepEqual(form.weights, { signed: "100", rumoured: "25" });
  assert.deepEqual(form.haircuts, { openai: "50" });
  assert.equal(form.includeIndirect, false);
  assert.deepEqual(buildScenario(form), r);
});

test("bar chart geometry", () => {
  const g = barGeometry(
    [
      { label: "OpenAI", raw: "200", weighted: "100" },
      { label: "Anthropic", raw: "50", weighted: null },
    ],
    { width: 400, labelWidth: 100, valueWidth: 100, rowHeight: 34, barHeight: 11, gap: 3, top: 8 },
  );
  assert.equal(g.track, 200); // 400 - 100 - 100
  assert.equal(g.height, 84); // 8 * 2 + 2 * 34
  assert.deepEqual(
    g.bars.map((b) => [b.y, b.rawWidth, b.weightedWidth, b.weightedY]),
    [
      [8, 200, 100, 22], // 200/200, 100/200 of 200 px; 8 + 11 + 3
      [42, 50, 0, 56], // 50/200 of 200 px; missing weighted = 0
    ],
  );
  assert.equal(barGeometry([]).bars.length, 0);
});

test("problem lines", () => {
  assert.equal(
    problemText({ file: "a.csv", line: 3, column: 3, header: "Shares", message: "not a number" }),
    "a.csv:3:3  column 'Shares': not a number",
  );
  assert.equal(problemText({ file: "a.csv", line: null, column: null, header: null, message: "empty file" }), "a.csv  empty file");
  assert.equal(problemText({ file: "a.csv", line: 7, column: null, header: "Price", message: "missing" }), "a.csv:7  column 'Price': missing");
});

test("locale separators from Intl", () => {
  try {
    const seps = useSystemLocale("de-DE");
    if (seps.group === "." && seps.decimal === ",") assert.equal(formatMoney("1234.5"), "$1.234,50");
    useSystemLocale("en-US");
    assert.equal(formatMoney("1234.5"), "$1,234.50");
  } finally {
    useSystemLocale("en-US");
  }
});


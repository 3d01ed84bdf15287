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
  addDecimal,
  sumKnown,
  timelineSeries,
  stackGeometry,
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


test("exact sums on decimal strings", () => {
  assert.equal(addDecimal("187.11", "120.54"), "307.65");
  assert.equal(addDecimal("0.1", "0.2"), "0.3"); // 0.30000000000000004 in floats
  assert.equal(addDecimal("5", "-5.00"), "0.00");
  assert.equal(addDecimal(null, "1"), null);
  // 187.11 + 120.54 + 72.61 + 29.05 = 409.31; unknown values left out.
  assert.equal(sumKnown(["187.11", null, "120.54", "72.61", undefined, "29.05"]), "409.31");
  assert.equal(sumKnown([null, undefined]), null);
  assert.equal(sumKnown([]), null);
  assert.equal(sumKnown(["12345678901234567.01", "0.99"]), "12345678901234568.00"); // beyond float precision
});

const TIMELINE = {
  dates: ["2025-10-31", "2025-11-30", "2025-12-03"],
  series: [
    { counterparty: "openai", counterparty_name: "OpenAI", values: ["60.00", "60.00", "70.00"] },
    { counterparty: "anthropic", counterparty_name: "Anthropic", values: [null, "20.00", "20.00"] },
    { counterparty: "iren", counterparty_name: "IREN", values: [null, "5.50", "5.50"] },
    { counterparty: "xai", counterparty_name: "xAI", values: [null, null, "4.50"] },
  ],
  total: [null, "85.50", "100.00"],
};

test("timeline series: the first ones, then Others summed exactly", () => {
  const v = timelineSeries(TIMELINE, { top: 2 });
  assert.deepEqual(v.dates, TIMELINE.dates);
  assert.deepEqual(v.total, TIMELINE.total);
  assert.deepEqual(v.series.map((s) => [s.key, s.name]), [["openai", "OpenAI"], ["anthropic", "Anthropic"], ["others", "Others (2)"]]);
  // IREN + xAI: none known, 5.50, 5.50 + 4.50 = 10.00.
  assert.deepEqual(v.series[2].values, [null, "5.50", "10.00"]);
  // One left over keeps its own name; nothing left over, no Others.
  assert.equal(timelineSeries(TIMELINE, { top: 3 }).series[3].name, "xAI");
  assert.equal(timelineSeries(TIMELINE, { top: 4 }).series.length, 4);
  assert.deepEqual(timelineSeries(null), { dates: [], total: [], series: [] });
});

test("stacked column geometry, scaled to the largest column", () => {
  const v = timelineSeries(TIMELINE, { top: 2 });
  // plot: 300 - 0 - 0 wide, 120 - 10 - 10 = 100 high; 3 columns of 100 px, 1 px gap.
  const g = stackGeometry(v, { width: 300, height: 120, left: 0, right: 0, top: 10, bottom: 10, gap: 1 });
  assert.equal(g.max, "100.00"); // the last column: 70 + 20 + 10
  assert.equal(g.baseline, 110);
  assert.deepEqual(g.columns.map((c) => [c.date, c.x, c.w, c.total]), [
    ["2025-10-31", 0, 99, null],
    ["2025-11-30", 100, 99, "85.50"],
    ["2025-12-03", 200, 99, "100.00"],
  ]);
  // Column 1: OpenAI 60 -> 60 px from the baseline; unknown Anthropic and Others draw nothing.
  assert.deepEqual(g.columns[0].segments, [{ key: "openai", index: 0, y: 50, h: 60 }]);
  // Column 2: 60, then 20 (60..80), then 5.5 (80..85.5).
  assert.deepEqual(g.columns[1].segments.map((s) => [s.key, s.y, s.h]), [["openai", 50, 60], ["anthropic", 30, 20], ["others", 24.5, 5.5]]);
  // Column 3 reaches the top of the plot.
  assert.deepEqual(g.columns[2].segments.map((s) => [s.key, s.y, s.h]), [["openai", 40, 70], ["anthropic", 20, 20], ["others", 10, 10]]);
  // Nothing known anywhere: no segment, and no division by zero.
  const empty = stackGeometry(timelineSeries({ dates: ["2019-01-31"], series: [], total: [null] }));
  assert.equal(empty.max, "0");
  assert.deepEqual(empty.columns[0].segments, []);
});

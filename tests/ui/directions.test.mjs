// The split by direction of the money (ui/logic.js directionRows / directionLine); every
// expected text worked out by hand from the inputs.
import test from "node:test";
import assert from "node:assert/strict";
import { directionRows, directionLine, directionName, DIRECTIONS } from "../../ui/logic.js";
import { useSystemLocale } from "../../ui/format.js";

useSystemLocale("en-US");

const row = (direction, weighted, extra = {}) => ({
  direction,
  label: `core label of ${direction}`,
  look_through_usd: weighted,
  weighted_look_through_usd: weighted,
  weighted_look_through_base: weighted,
  link_count: 1,
  undisclosed_link_count: 0,
  look_through_label: weighted === null ? "undisclosed" : null,
  approximate: false,
  ...extra,
});

test("the directions in plain words, in the order shown", () => {
  assert.deepEqual(
    DIRECTIONS.map(([, n]) => n),
    ["Revenue to your companies", "Your companies' investments", "Your companies' purchases", "Capital your companies receive", "Partnerships (no stated flow)"],
  );
  assert.equal(directionName("purchase"), "Your companies' purchases");
  // Not a direction known here: the core's label, else the code in words.
  assert.equal(directionName("royalty", "royalties paid"), "royalties paid");
  assert.equal(directionName("some_new_kind"), "some new kind");
});

test("rows: fixed order, figures as money, ≈ when approximate, the label when null (never $0)", () => {
  const rows = directionRows([
    row("partnership", null, { link_count: 6, undisclosed_link_count: 6 }),
    row("investment", "6609.385", { look_through_usd: "6729.04", approximate: true, link_count: 44, undisclosed_link_count: 16 }),
    row("revenue", "3421.79", { look_through_usd: "4139.19", link_count: 1 }),
    row("funding_received", "0"),
  ]);
  assert.deepEqual(rows.map((r) => r.direction), ["revenue", "investment", "funding_received", "partnership"]);
  assert.deepEqual(rows[0], {
    direction: "revenue",
    name: "Revenue to your companies",
    weighted: "3421.79",
    weightedText: "$3,421.79",
    lookThroughText: "$4,139.19",
    links: "1 link",
  });
  // 6609.385 rounds half up to 6609.39; approximate puts "≈ " before both figures.
  assert.equal(rows[1].weightedText, "≈ $6,609.39");
  assert.equal(rows[1].lookThroughText, "≈ $6,729.04");
  assert.equal(rows[1].links, "44 links, 16 undisclosed");
  // A real zero stays $0.00; a null is the core's label.
  assert.equal(rows[2].weightedText, "$0.00");
  assert.equal(rows[3].weightedText, "undisclosed");
  assert.equal(rows[3].lookThroughText, "undisclosed");
  assert.equal(rows[3].weighted, null);
  assert.equal(rows[3].links, "6 links, 6 undisclosed");
  // Null without a label: "unknown", still not $0; approximate does not mark a missing figure.
  const [unknown] = directionRows([row("purchase", null, { look_through_label: null, approximate: true })]);
  assert.equal(unknown.weightedText, "unknown");
  assert.deepEqual(directionRows(undefined), []);
});

test("a counterparty's split in one line", () => {
  const line = directionLine([
    row("purchase", null),
    row("revenue", "752.6"),
    row("investment", "5678.30", { approximate: true }),
  ]);
  assert.equal(line, "Revenue to your companies $752.60 · Your companies' investments ≈ $5,678.30 · Your companies' purchases undisclosed");
  assert.equal(directionLine([]), "");
  assert.equal(directionLine(null), "");
});

// Unit tests for ui/format.js (string-based decimal formatting).
// Run with: node --test tests/ui/
import { test } from "node:test";
import assert from "node:assert/strict";
import {
  formatCount,
  formatMoney,
  formatMoneyCompact,
  formatPercent,
  formatQuantity,
  formatWeight,
  humanize,
} from "../../ui/format.js";

test("money: 2 decimals, half-up rounding, thousands separators", () => {
  assert.equal(formatMoney("1234567.895"), "$1,234,567.90");
  assert.equal(formatMoney("999.995"), "$1,000.00");
  assert.equal(formatMoney("0.004"), "$0.00");
  assert.equal(formatMoney("-0.004"), "$0.00");
  assert.equal(formatMoney("-12.345"), "-$12.35");
  assert.equal(formatMoney(".5"), "$0.50");
  assert.equal(formatMoney("240842.4", { currency: "EUR" }), "€240,842.40");
  assert.equal(formatMoney("5", { currency: "SEK" }), "SEK 5.00");
  // precision beyond float64 is kept
  assert.equal(formatMoney("12345678901234567.125"), "$12,345,678,901,234,567.13");
});

test("missing values are words, never 0", () => {
  assert.equal(formatMoney(null), "unknown");
  assert.equal(formatMoney(undefined, { missing: "undisclosed" }), "undisclosed");
  assert.equal(formatMoneyCompact(null), "unknown"); // unknown unless the caller knows it was undisclosed
  assert.equal(formatMoneyCompact(null, { missing: "undisclosed" }), "undisclosed");
  assert.equal(formatPercent(null), "unknown");
  assert.equal(formatQuantity(null), "unknown");
  assert.equal(formatCount(null), "unknown");
});

test("non-decimal text is shown as is", () => {
  assert.equal(formatMoney("1e5"), "1e5");
  assert.equal(formatQuantity("abc"), "abc");
});

test("compact deal amounts", () => {
  assert.equal(formatMoneyCompact("38000000000"), "$38B");
  assert.equal(formatMoneyCompact("1400000000000"), "$1.4T");
  assert.equal(formatMoneyCompact("6600000000"), "$6.6B");
  assert.equal(formatMoneyCompact("11900000000"), "$11.9B");
  assert.equal(formatMoneyCompact("999999999999"), "$1,000B");
  assert.equal(formatMoneyCompact("6300000"), "$6.3M");
  assert.equal(formatMoneyCompact("950000"), "$950,000.00");
});

test("percentages shift the decimal point; tiny values keep 2 significant digits", () => {
  assert.equal(formatPercent("0.7312"), "73.12%");
  assert.equal(formatPercent("0.857918"), "85.79%");
  assert.equal(formatPercent("0.857918", { places: 1 }), "85.8%");
  assert.equal(formatPercent("1"), "100.00%");
  assert.equal(formatPercent("0"), "0%");
  assert.equal(formatPercent("0.000000016145573539212197096"), "0.0000016%");
  assert.equal(formatPercent("0.0000000166"), "0.0000017%");
  assert.equal(formatPercent("0.00009999"), "0.01%");
  assert.equal(formatPercent("0.000000999"), "0.0001%");
});

test("quantities, weights, codes", () => {
  assert.equal(formatQuantity("1200.000"), "1,200");
  assert.equal(formatQuantity("0.5000"), "0.5");
  assert.equal(formatWeight("0.25"), "0.25");
  assert.equal(formatWeight("1.00"), "1");
  assert.equal(formatCount(3), "3");
  assert.equal(humanize("letter_of_intent"), "letter of intent");
});

test("display preferences: number style and date style", async () => {
  const f = await import("../../ui/format.js");
  f.applyPreferences({ numbers: "de", dates: "iso" });
  // 1234567.89 with '.' grouping and ',' decimals.
  assert.ok(f.formatMoney("1234567.89").includes("1.234.567,89"), f.formatMoney("1234567.89"));
  assert.equal(f.formatDate("2025-11-03"), "2025-11-03");
  assert.equal(f.formatDate("2026-11-26T15:09:30.123Z"), "2026-11-26");
  assert.equal(f.formatDate(null), "?");
  assert.equal(f.formatDate("not a date"), "not a date");
  f.applyPreferences({ numbers: "en", dates: "system" });
  assert.ok(f.formatMoney("1234567.89").includes("1,234,567.89"), f.formatMoney("1234567.89"));
  const shown = f.formatDate("2025-11-03");
  assert.notEqual(shown, "2025-11-03");
  assert.ok(shown.includes("2025") && shown.includes("3"), shown);
  f.applyPreferences({});
});

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

test("unknown figures: the core's label, never $0.00 and never 'undisclosed' by default", async () => {
  const f = await import("../../ui/format.js");
  f.applyPreferences({ numbers: "en", dates: "iso" });
  assert.equal(f.formatFigure("5248.92", null), "$5,248.92");
  assert.equal(f.formatFigure("0", null), "$0.00"); // a known zero stays a number
  assert.equal(f.formatFigure(null, "share count unknown"), "share count unknown");
  assert.equal(f.formatFigure(null, "undisclosed"), "undisclosed");
  assert.equal(f.formatFigure(null, null), "unknown");
  assert.equal(f.formatFigure(undefined, ""), "unknown");
  assert.equal(f.formatFigure("300000000000", null, { compact: true }), "$300B");
  assert.equal(f.formatFigure(null, "not in totals", { compact: true }), "not in totals");
  // "≈" (an approximate share count) only on a known amount, never on a label.
  assert.equal(f.formatFigure("1153.12", null, { approximate: true }), "≈ $1,153.12");
  assert.equal(f.formatFigure("30000000000", null, { compact: true, approximate: true }), "≈ $30B");
  assert.equal(f.formatFigure(null, "share count unknown", { approximate: true }), "share count unknown");
});

test("signed changes, materiality, exclusion reasons", async () => {
  const f = await import("../../ui/format.js");
  f.applyPreferences({ numbers: "en", dates: "iso" });
  assert.equal(f.formatChange("1753.94"), "+$1,753.94");
  assert.equal(f.formatChange("-12"), "-$12.00");
  assert.equal(f.formatChange("0.004"), "no change"); // rounds to 0.00
  assert.equal(f.formatChange("-0.005"), "-$0.01"); // half away from zero
  assert.equal(f.formatChange(null), "unknown");
  // 0.0693 = 6.93 % -> 6.9 % at one place; $3,608,419,351,502.50 -> $3.6T.
  assert.equal(f.formatMateriality("0.0693", "Microsoft Corp", "3608419351502.50"), "6.9% of Microsoft Corp's market value ($3.6T)");
  assert.equal(f.formatMateriality("0.0005", "NVIDIA Corp", null), "0.1% of NVIDIA Corp's market value"); // 0.05 % rounds half up
  assert.equal(f.formatMateriality("0.00004", null, null), "0.004% of the company's market value"); // tiny: 1 significant digit kept
  assert.equal(f.formatMateriality(null, "Microsoft Corp", "1"), null);
  assert.equal(f.exclusionText("monthly_fee"), "a monthly fee, not a total amount");
  assert.equal(f.exclusionText("maximum"), "a maximum, not a committed amount");
  assert.equal(f.exclusionText("excluded_by_user"), "excluded in What-if");
  assert.equal(f.exclusionText("indirect_off"), "indirect links switched off");
  assert.equal(f.exclusionText("aggregate"), "an aggregate of other deals");
  assert.equal(f.exclusionText("brand_new_reason"), "brand new reason");
  assert.equal(f.exclusionText(null), "unknown");
});

test("dates with the dataset's precision", async () => {
  const f = await import("../../ui/format.js");
  f.applyPreferences({ numbers: "en", dates: "iso" });
  assert.equal(f.formatDatePrecision("2025-05-01", "month"), "2025-05");
  assert.equal(f.formatDatePrecision("2019-01-01", "year"), "2019");
  assert.equal(f.formatDatePrecision("2026-04-20", "day"), "2026-04-20");
  assert.equal(f.formatDatePrecision("2026-04-20", null), "2026-04-20");
  assert.equal(f.formatDatePrecision(null, "month"), "?");
  f.applyPreferences({ numbers: "en", dates: "system" });
  const month = f.formatDatePrecision("2025-05-01", "month");
  assert.ok(month.includes("2025") && !month.includes("1,"), month); // e.g. "May 2025": no day
  assert.equal(f.formatDatePrecision("2019-01-01", "year"), "2019");
  f.applyPreferences({ numbers: "en", dates: "iso" });
});

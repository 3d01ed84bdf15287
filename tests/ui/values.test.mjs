// Values in the UI: money in any currency, exchange rates and prices as shown, where a price
// comes from, how a value was converted. Every expected text worked out by hand.
import test from "node:test";
import assert from "node:assert/strict";
import { formatMoneyIn, formatRate, formatPrice, applyPreferences } from "../../ui/format.js";
import { priceSourceText, rateSourceText, conversionText, fxText, ratesLabel, valueBasisText, priceFiles, normaliseCurrency } from "../../ui/logic.js";

applyPreferences({ numbers: "en", dates: "iso" });

test("money in a currency: €, £, $, else the code before the amount", () => {
  assert.equal(formatMoneyIn("1234.565", "EUR"), "€1,234.57");
  assert.equal(formatMoneyIn("1234.5", "GBP"), "£1,234.50");
  assert.equal(formatMoneyIn("0.004", "USD"), "$0.00");
  assert.equal(formatMoneyIn("1234.56", "CHF"), "CHF 1,234.56");
  assert.equal(formatMoneyIn("-12", "SEK"), "-SEK 12.00");
  assert.equal(formatMoneyIn("-12.345", "EUR"), "-€12.35");
  assert.equal(formatMoneyIn("12345678901234567.125", "JPY"), "JPY 12,345,678,901,234,567.13");
  assert.equal(formatMoneyIn("5", null), "5.00");
});

test("money in a currency: unknown is a word, never 0", () => {
  assert.equal(formatMoneyIn(null, "EUR"), "unknown");
  assert.equal(formatMoneyIn(undefined, "EUR", { missing: "not valued" }), "not valued");
});

test("rates: six significant digits, two decimals at least from 1 up, trailing zeros dropped", () => {
  // 1 ÷ 1.1172 = 0.89509488005728607232366630863…: six decimals below 1.
  assert.equal(formatRate("0.8950948800572860723236663086"), "0.895095");
  assert.equal(formatRate("0.8"), "0.8");
  assert.equal(formatRate("1"), "1");
  assert.equal(formatRate("1.1172"), "1.1172");
  assert.equal(formatRate("1.117249"), "1.11725");
  assert.equal(formatRate("175.680"), "175.68");
  assert.equal(formatRate("20275.17"), "20,275.17");
  assert.equal(formatRate("20275.175"), "20,275.18");
  assert.equal(formatRate("0.0000493"), "0.000049");
  assert.equal(formatRate(null), "unknown");
});

test("prices: as given, two decimals at least, six at most, with the currency", () => {
  assert.equal(formatPrice("118.50", "USD"), "118.50 USD");
  assert.equal(formatPrice("485.5", "USD"), "485.50 USD");
  assert.equal(formatPrice("90.1200", "EUR"), "90.12 EUR");
  assert.equal(formatPrice("1234.5678", "EUR"), "1,234.5678 EUR");
  assert.equal(formatPrice("0.123456789", "GBX"), "0.123457 GBX");
  assert.equal(formatPrice("2150", "GBX"), "2,150.00 GBX");
  assert.equal(formatPrice(null, "USD"), "unknown");
});

test("where a price comes from", () => {
  assert.equal(priceSourceText({ price: "118.50", price_source: "last_trade", price_date: "2024-07-19", price_line: 7 }), "last trade 2024-07-19, line 7");
  assert.equal(priceSourceText({ price: "485.50", price_source: "file", price_date: null, price_line: 2 }), "your file, line 2");
  assert.equal(priceSourceText({ price: "1", price_source: "prices_file", price_file: "quotes.csv", price_date: "2026-12-01", price_line: 4 }), "quotes.csv of 2026-12-01, line 4");
  assert.equal(priceSourceText({ price: "150.25", price_source: "typed", price_date: "2026-12-05", price_line: null }), "typed 2026-12-05");
  assert.equal(priceSourceText({ price: "150.25", price_source: "typed" }), "typed");
  assert.equal(priceSourceText({ price: null, price_source: null }), "");
});

test("how a value was converted", () => {
  const ecb = { from: "USD", to: "EUR", rate: "0.8950948800572860723236663086", source: { kind: "reference", date: "2026-10-30", source: "ECB euro foreign exchange reference rates", origin: "bundled" } };
  assert.equal(conversionText(ecb), "1 USD = 0.895095 EUR (ECB reference rate of 2026-10-30)");
  assert.equal(rateSourceText({ kind: "reference", date: "2026-11-02", origin: "eurofxref.csv" }), "ECB reference rate of 2026-11-02, from eurofxref.csv");
  assert.equal(rateSourceText({ kind: "user", currency: "CHF" }), "your rate for CHF");
  assert.equal(rateSourceText({ kind: "file", line: 12, date: "2026-01-05" }), "the rate in your file, line 12, of 2026-01-05");
  const row = { market_value: "52148.21", local_value: "58260.00", local_currency: "USD", value_basis: { kind: "converted", conversion: ecb } };
  assert.equal(valueBasisText(row, "EUR"), "$58,260.00 × 1 USD = 0.895095 EUR (ECB reference rate of 2026-10-30)");
  assert.equal(valueBasisText({ value_basis: { kind: "stated", line: 7 } }, "EUR"), "as your file states it in EUR (line 7)");
  assert.equal(valueBasisText({ value_basis: { kind: "own" } }, "USD"), null);
  assert.equal(valueBasisText({ value_basis: null }, "USD"), null);
});

test("the rates a portfolio used", () => {
  const ecb = { currency: "USD", base: "EUR", rate: "0.8950948800572860723236663086", date: "2026-10-30", source: "ECB euro foreign exchange reference rates", origin: "bundled", used_by: 8 };
  const mine = { currency: "USD", base: "EUR", rate: "0.8", date: null, source: "your rate for USD", origin: "user", used_by: 8 };
  const file = { currency: "CHF", base: "EUR", rate: "1.07", date: "2026-01-05", source: "your file, line 12", origin: "file", used_by: 1 };
  assert.equal(fxText(ecb), "1 USD = 0.895095 EUR (ECB euro foreign exchange reference rates of 2026-10-30, bundled)");
  assert.equal(fxText({ ...ecb, origin: "eurofxref.csv" }), "1 USD = 0.895095 EUR (ECB euro foreign exchange reference rates of 2026-10-30, from eurofxref.csv)");
  assert.equal(fxText(mine), "1 USD = 0.8 EUR (your rate for USD)");
  assert.equal(fxText(file), "1 CHF = 1.07 EUR (your file, line 12, of 2026-01-05)");
  assert.equal(ratesLabel({ fx: [ecb], usd_to_base: ecb }), "ECB of 2026-10-30");
  assert.equal(ratesLabel({ fx: [mine], usd_to_base: mine }), "your rates");
  assert.equal(ratesLabel({ fx: [file], usd_to_base: ecb }), "ECB of 2026-10-30 + your file's rates");
  assert.equal(ratesLabel({ fx: [], usd_to_base: null }), null);
});

test("prices files given, one entry per file; typed prices counted", () => {
  const list = [
    { symbol: "NVDA", price: "180", origin: { kind: "file", file: "quotes.csv", line: 2 } },
    { symbol: "ORCL", price: "150.25", origin: { kind: "typed" } },
    { symbol: "MSFT", price: "500", origin: { kind: "file", file: "quotes.csv", line: 3 } },
    { symbol: "AMD", price: "200", origin: { kind: "file", file: "positions.csv", line: 5 } },
  ];
  assert.deepEqual(priceFiles(list), { files: [{ file: "quotes.csv", count: 2 }, { file: "positions.csv", count: 1 }], typed: 1 });
  assert.deepEqual(priceFiles(null), { files: [], typed: 0 });
});

test("a currency code typed: three letters, upper case", () => {
  assert.equal(normaliseCurrency(" chf "), "CHF");
  assert.equal(normaliseCurrency("EURO"), null);
  assert.equal(normaliseCurrency("E1R"), null);
  assert.equal(normaliseCurrency(""), null);
});

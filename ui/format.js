// String-based formatting of the core's decimal strings.
//
// The core sends every amount, quantity and fraction as a decimal string
// ("12345.678", "-0.5", "0.0000000161"). Converting those to JS numbers would
// lose precision, so everything here works on the digits themselves: rounding
// half-up, grouping thousands and shifting the decimal point for percentages.
// null / undefined mean "not known" and are rendered as words, never as 0.

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export const UNDISCLOSED = "undisclosed";
export const UNKNOWN = "unknown";

/** Parses "-123.45" into { neg, int: "123", frac: "45" }; null if not a plain decimal. */
export function parseDecimal(value) {
  if (value === null || value === undefined) return null;
  const text = String(value).trim();
  const m = DECIMAL.exec(text);
  if (!m || (m[2] === "" && (m[3] === undefined || m[3] === ""))) return null;
  const int = m[2].replace(/^0+(?=\d)/, "") || "0";
  const frac = m[3] || "";
  return { neg: m[1] === "-", int, frac };
}

function isZero(d) {
  return /^0*$/.test(d.int) && /^0*$/.test(d.frac);
}

/** Adds one unit in the last place of a string of digits ("199" -> "200", "99" -> "100"). */
function incrementDigits(digits) {
  const out = digits.split("");
  let i = out.length - 1;
  while (i >= 0) {
    if (out[i] === "9") {
      out[i] = "0";
      i -= 1;
    } else {
      out[i] = String(Number(out[i]) + 1);
      return out.join("");
    }
  }
  return "1" + out.join("");
}

/** Rounds a parsed decimal to `places` fractional digits, half away from zero. */
export function roundDecimal(d, places) {
  if (d.frac.length <= places) {
    return { neg: d.neg, int: d.int, frac: d.frac.padEnd(places, "0") };
  }
  const keep = d.int + d.frac.slice(0, places);
  const roundUp = d.frac.charCodeAt(places) >= "5".charCodeAt(0);
  const digits = roundUp ? incrementDigits(keep) : keep;
  const split = digits.length - places;
  const int = (digits.slice(0, split) || "0").replace(/^0+(?=\d)/, "");
  const frac = digits.slice(split);
  return { neg: d.neg, int, frac };
}

/** Moves the decimal point: shift > 0 multiplies by 10^shift. */
export function shiftDecimal(d, shift) {
  let int = d.int;
  let frac = d.frac;
  if (shift > 0) {
    frac = frac.padEnd(shift, "0");
    int = int + frac.slice(0, shift);
    frac = frac.slice(shift);
  } else if (shift < 0) {
    const n = -shift;
    int = int.padStart(n + 1, "0");
    frac = int.slice(int.length - n) + frac;
    int = int.slice(0, int.length - n);
  }
  int = int.replace(/^0+(?=\d)/, "") || "0";
  return { neg: d.neg, int, frac };
}

// Separators: "," and "." until useSystemLocale() picks the system's.
let GROUP = ",";
let POINT = ".";

/**
 * Uses the grouping and decimal separators of `locale` (default: the system
 * locale, via Intl). Returns { group, decimal }.
 */
export function useSystemLocale(locale) {
  try {
    const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
    const group = parts.find((p) => p.type === "group");
    const decimal = parts.find((p) => p.type === "decimal");
    // The C/POSIX locale (no grouping) is what a system without a locale set reports: group as en.
    GROUP = group ? group.value : ",";
    POINT = decimal ? decimal.value : ".";
  } catch {
    GROUP = ",";
    POINT = ".";
  }
  return { group: GROUP, decimal: POINT };
}

// ------------------------------------------------------------------ user preferences

let DATE_STYLE = "iso";

/** The number and date styles chosen in Settings: `numbers` is "system" (the system locale),
 * "en" (1,234.56), "de" (1.234,56) or "fr" (1 234,56); `dates` is "iso" (2025-11-03) or
 * "system" (the system locale's short date). */
export function applyPreferences({ numbers = "system", dates = "iso" } = {}) {
  const locales = { system: undefined, en: "en-US", de: "de-DE", fr: "fr-FR" };
  useSystemLocale(locales[numbers]);
  DATE_STYLE = dates === "system" ? "system" : "iso";
}

/** An ISO date ("2025-11-03", or a timestamp) in the chosen date style; other text unchanged. */
export function formatDate(value, { missing = "?" } = {}) {
  if (value === null || value === undefined || value === "") return missing;
  const text = String(value);
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!m) return text;
  if (DATE_STYLE === "iso") return `${m[1]}-${m[2]}-${m[3]}`;
  // Built from the parts, at noon UTC: no time zone can move it to another day.
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" }).format(d);
}

/** "1234567" -> "1,234,567" (with the current grouping separator). */
export function groupThousands(int) {
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
}

function render(d, { trimZeros = false } = {}) {
  let frac = d.frac;
  if (trimZeros) frac = frac.replace(/0+$/, "");
  const sign = d.neg && !isZero(d) ? "-" : "";
  return sign + groupThousands(d.int) + (frac ? POINT + frac : "");
}

const CURRENCY_SYMBOLS = { USD: "$", EUR: "€", GBP: "£", JPY: "¥", CAD: "C$", AUD: "A$", CHF: "CHF " };

function currencyPrefix(currency) {
  if (!currency) return "";
  return CURRENCY_SYMBOLS[currency] ?? `${currency} `;
}

/** Money with thousands separators and 2 decimals: "$1,234.50", "-$12.00". */
export function formatMoney(value, { currency = "USD", missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const r = roundDecimal(d, 2);
  const sign = r.neg && !isZero(r) ? "-" : "";
  return sign + currencyPrefix(currency) + render({ ...r, neg: false });
}

const UNITS = [
  { digits: 13, shift: 12, suffix: "T" },
  { digits: 10, shift: 9, suffix: "B" },
  { digits: 7, shift: 6, suffix: "M" },
];

/** Large amounts in short form: "$38B", "$1.4T", "$6.6B", "$950,000.00". */
export function formatMoneyCompact(value, { currency = "USD", missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const unit = UNITS.find((u) => d.int.length >= u.digits);
  if (!unit) return formatMoney(value, { currency, missing });
  const scaled = roundDecimal(shiftDecimal(d, -unit.shift), 1);
  const sign = scaled.neg && !isZero(scaled) ? "-" : "";
  return sign + currencyPrefix(currency) + render({ ...scaled, neg: false }, { trimZeros: true }) + unit.suffix;
}

/** Share quantities: grouped, no trailing zeros: "1,200", "0.5". */
export function formatQuantity(value, { missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  return render(d, { trimZeros: true });
}

/** Share counts seen through a fund (the core gives up to 28 decimals: "55.8947946301…"):
 * rounded half-up to `places` decimals, trailing zeros dropped: "55.8948", "60", "0.0246". A
 * count too small for `places` keeps 2 significant digits ("0.000012"). */
export function formatShares(value, { places = 4, missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  if (isZero(d)) return "0";
  let r = roundDecimal(d, places);
  if (isZero(r)) {
    const leading = d.frac.match(/^0*/)[0].length;
    r = roundDecimal(d, leading + 2);
  }
  return render(r, { trimZeros: true });
}

/**
 * A fraction (0.7312) as a percentage ("73.12%"). Values too small for
 * `places` decimals keep `significant` significant digits instead, so a tiny
 * ownership fraction reads "0.0000016%" rather than "0.00%".
 */
export function formatPercent(value, { places = 2, significant = 2, missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const pct = shiftDecimal(d, 2);
  if (isZero(pct)) return "0%";
  let rounded = roundDecimal(pct, places);
  if (isZero(rounded)) {
    const leading = pct.frac.match(/^0*/)[0].length;
    rounded = roundDecimal(pct, leading + significant);
    rounded = { ...rounded, frac: rounded.frac.replace(/0+$/, "") };
  }
  return render(rounded) + "%";
}

/** A status weight (multiplier) such as "0.25" -> "0.25", "1.000" -> "1". */
export function formatWeight(value) {
  return formatQuantity(value, { missing: UNKNOWN });
}

/** Integer counts coming as numbers or strings. */
export function formatCount(value) {
  if (value === null || value === undefined) return UNKNOWN;
  return formatQuantity(String(value));
}

/**
 * A date the dataset gives with a precision ("day", "month" or "year"; the date is then the
 * first of that month or year): "2025-05-01" at month precision reads "2025-05" (ISO style) or
 * "May 2025" (system style), at year precision "2019". Day precision is formatDate.
 */
export function formatDatePrecision(value, precision, options) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value ?? ""));
  if (!m || (precision !== "month" && precision !== "year")) return formatDate(value, options);
  if (precision === "year") return m[1];
  if (DATE_STYLE === "iso") return `${m[1]}-${m[2]}`;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15, 12));
  return new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", timeZone: "UTC" }).format(d);
}

/**
 * A link's materiality (the amount attributed to the company ÷ its market value, a fraction
 * string from the core) as "6.9% of Microsoft Corp's market value ($3.6T)"; null when unknown.
 */
export function formatMateriality(materiality, companyName, marketValue, { currency = "USD" } = {}) {
  if (materiality === null || materiality === undefined || materiality === "") return null;
  const who = companyName ? `${companyName}'s` : "the company's";
  const mv = marketValue === null || marketValue === undefined ? "" : ` (${formatMoneyCompact(marketValue, { currency })})`;
  return `${formatPercent(materiality, { places: 1 })} of ${who} market value${mv}`;
}

const EXCLUSIONS = {
  aggregate: "an aggregate of other deals",
  superseded: "superseded",
  cancelled: "cancelled",
  excluded_by_user: "excluded in What-if",
  indirect_off: "indirect links switched off",
  monthly_fee: "a monthly fee, not a total amount",
  maximum: "a maximum, not a committed amount",
};

/** Why a link or deal is shown but not in the totals (the core's `excluded_reason` code), in
 * words; unknown codes are humanized. */
export function exclusionText(code) {
  if (code === null || code === undefined || code === "") return UNKNOWN;
  return EXCLUSIONS[code] ?? humanize(code);
}

/** A money figure the core may not know: the amount, else the core's label for it (else
 * "unknown"). Never "$0.00" for an unknown value. `approximate` (the core's flag: the figure
 * rests on an approximate share count) puts "≈ " before a known amount. */
export function formatFigure(value, label, { currency = "USD", compact = false, approximate = false } = {}) {
  const missing = label === null || label === undefined || label === "" ? UNKNOWN : String(label);
  const known = parseDecimal(value) !== null;
  const text = compact ? formatMoneyCompact(value, { currency, missing }) : formatMoney(value, { currency, missing });
  return approximate && known ? `${APPROX} ${text}` : text;
}

/** The mark of a figure resting on an approximate share count (the core's `approximate`), as
 * the CLI and the reports print it. */
export const APPROX = "≈";

/** A signed change of money, as the core computed it: "+$1,753.94", "-$12.00", "no change";
 * `missing` when unknown. */
export function formatChange(value, { currency = "USD", missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const r = roundDecimal(d, 2);
  if (isZero(r)) return "no change";
  return (r.neg ? "-" : "+") + currencyPrefix(currency) + render({ ...r, neg: false });
}

/** "in_talks" / "letter_of_intent" -> "in talks" / "letter of intent". */
export function humanize(code) {
  if (code === null || code === undefined || code === "") return UNKNOWN;
  return String(code).replace(/_/g, " ");
}

// ------------------------------------------------------------- other currencies

const MONEY_SIGNS = { USD: "$", EUR: "€", GBP: "£" };

/** Money in the currency `code` (the base currency the core valued the portfolio in): "$1,234.50",
 * "€1,234.50", "£1,234.50", else the code before the amount: "CHF 1,234.56", "-SEK 12.00".
 * `missing` when unknown, never 0. */
export function formatMoneyIn(value, code, { missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const r = roundDecimal(d, 2);
  const sign = r.neg && !isZero(r) ? "-" : "";
  const c = code ? String(code) : "";
  const prefix = MONEY_SIGNS[c] ?? (c ? `${c} ` : "");
  return sign + prefix + render({ ...r, neg: false });
}

/** An exchange rate as people read it (as the core's `shown_rate`): six significant digits,
 * at least two decimals kept for a rate of 1 or more, trailing zeros dropped: "0.854701",
 * "1.1172", "175.68", "20,275.17", "1". */
export function formatRate(value, { missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const places = d.int !== "0" ? Math.max(6 - d.int.length, 2) : 6;
  return render(roundDecimal(d, places), { trimZeros: true });
}

/** A price in its currency, as the core gives it (at least two decimals, at most six):
 * "145.20 USD", "1,234.5678 EUR", "2,150.00 GBX". */
export function formatPrice(value, currency, { missing = UNKNOWN } = {}) {
  const d = parseDecimal(value);
  if (!d) return value === null || value === undefined ? missing : String(value);
  const r = d.frac.length > 6 ? roundDecimal(d, 6) : d;
  const frac = r.frac.replace(/0+$/, "").padEnd(2, "0");
  const text = render({ ...r, frac });
  return currency ? `${text} ${currency}` : text;
}

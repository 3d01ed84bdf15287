//! DEGIRO `Portfolio.csv` (Portfolio → Export → CSV): positions on the day of the export (the
//! file carries no date), headers in the account's language.
//!
//! Two layouts:
//! - current: `Product,Symbool/ISIN,Aantal,Slotkoers,Lokale waarde,,Waarde in EUR`: the
//!   local-value column holds the currency code and the UNNAMED column after it the amount;
//! - pre-2021, six columns: `Produkt,Symbol/ISIN,Anzahl,Schlußkurs,Wert,Wert in EUR`, currency
//!   and amount in one cell (`USD 1234.12`).
//!
//! Numbers use a decimal comma in most files and a point in some: the separator is worked out
//! per file, and per cell where only one reading is possible (`USD 1234.12` in a comma file).
//! `CASH & CASH FUND & FTX CASH (XXX)` rows are cash balances (one per currency, may be
//! negative). The last column, the value in the account's base currency (`Waarde in EUR`,
//! `Value in CHF`), names the account's currency and gives each line's value in it
//! ([`Stated::account_value`], [`Cash::account_value`]); holdings keep their local value and
//! currency.
//!
//! This module also holds the number helpers the other European formats share
//! ([`parse_number`], [`detect_number_format`], [`number_cell`]).

use rust_decimal::Decimal;

use super::toolkit::{classify_identifier, is_total, Columns};
use super::{Cash, Format, Holding, Money, Parsed, Source, Stated, Warning};
use crate::diag::{snippet, Problem};
use crate::money::{self, NumberFormat};
use crate::table::{same_header, Recorded, Records, Row};

pub struct DegiroPortfolio;

const PRODUCT: &[&str] = &[
    "Product", "Produkt", "Prodotto", "Producto", "Produit", "Produto",
];
const IDENT: &[&str] = &[
    "Symbool/ISIN",
    "Symbol/ISIN",
    "Codice",
    "Symbole/ISIN",
    "Símbolo/ISIN",
    "Código",
];
const QUANTITY: &[&str] = &[
    "Aantal",
    "Amount",
    "Quantity",
    "Anzahl",
    "Quantità",
    "Suma",
    "Cantidad",
    "Quantité",
    "Quantidade",
];
const CLOSE: &[&str] = &[
    "Slotkoers",
    "Closing",
    "Closing price",
    "Schlußkurs",
    "Schlusskurs",
    "Ultimo",
    "Kurs",
    "Precio de",
    "Precio de cierre",
    "Clôture",
    "Cours de clôture",
    "Fecho",
];
const LOCAL_VALUE: &[&str] = &[
    "Lokale waarde",
    "Local value",
    "Wert",
    "Valore",
    "Lokalna wartość",
    "Valor local",
    "Valeur locale",
    "Valore locale",
];
/// `<prefix> XXX` names the base-currency value column.
const BASE_VALUE_PREFIXES: &[&str] = &[
    "waarde in ",
    "value in ",
    "wert in ",
    "valore in ",
    "wartość w ",
    "valor en ",
    "valeur en ",
    "valor em ",
];

/// The base-currency column of a DEGIRO header (`Waarde in EUR` → `EUR`).
fn base_currency(header: &str) -> Option<&str> {
    let h = header.trim();
    BASE_VALUE_PREFIXES.iter().find_map(|p| {
        let head = h.get(..p.len())?;
        let code = h.get(p.len()..)?.trim();
        (head.eq_ignore_ascii_case(p) && is_currency_code(code)).then_some(code)
    })
}

fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.chars().all(|c| c.is_ascii_uppercase())
}

/// Index of the Portfolio.csv header among the first rows (exports have none before it).
fn header_row(records: &Records) -> Option<usize> {
    (0..records.len().min(5)).find(|&i| {
        let rec = records.record(i);
        let cell = |j: usize| rec.get(j).unwrap_or("");
        let is = |j: usize, names: &[&str]| names.iter().any(|n| same_header(cell(j), n));
        is(0, PRODUCT)
            && is(1, IDENT)
            && is(2, QUANTITY)
            && is(3, CLOSE)
            && is(4, LOCAL_VALUE)
            && rec.iter().any(|c| base_currency(c).is_some())
    })
}

impl Format for DegiroPortfolio {
    fn name(&self) -> &'static str {
        "degiro-portfolio"
    }

    fn label(&self) -> &'static str {
        "DEGIRO Portfolio.csv"
    }

    fn detect(&self, source: &Source) -> bool {
        source
            .records()
            .map(|r| header_row(r).is_some())
            .unwrap_or(false)
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header_row(records) else {
            return Err(vec![Problem::at(
                &source.file,
                records.first().map(|r| r.0).unwrap_or(1),
                "no DEGIRO Portfolio header (Product, Symbol/ISIN, Quantity, Closing, Local value, Value in XXX)",
            )]);
        };
        let mut table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let product = cols.required(PRODUCT);
        let ident = cols.required(IDENT);
        let quantity = cols.required(QUANTITY);
        let close = cols.required(CLOSE);
        let local = cols.required(LOCAL_VALUE);
        cols.finish()?;
        // The value in the account's currency: the column `header_row` found (`Waarde in EUR`).
        let base = table.headers.iter().enumerate().find_map(|(i, h)| {
            let code = base_currency(h)?;
            (i > local).then(|| (i, code.to_string()))
        });
        // Current layout: the column after "Local value" has no name and holds the amount. It
        // is named after its neighbour so that messages about it say which column it is.
        let layout = match table.headers.get(local + 1) {
            Some(next) if next.trim().is_empty() => {
                let name = format!("{} (amount)", table.headers[local]);
                table.headers[local + 1] = name;
                Layout::Split {
                    currency: local,
                    amount: local + 1,
                }
            }
            _ => Layout::Combined(local),
        };
        let format = detect_number_format(
            table.iter().flat_map(|(_, rec)| {
                let amount = match layout {
                    Layout::Split { amount, .. } => rec.get(amount),
                    Layout::Combined(c) => rec.get(c).map(|t| split_currency(t).1),
                };
                let stated = base.as_ref().and_then(|(c, _)| rec.get(*c));
                [rec.get(quantity), rec.get(close), amount, stated]
                    .into_iter()
                    .flatten()
            }),
            NumberFormat::CommaDecimal,
        );

        let mut problems = Vec::new();
        let mut holdings = Vec::new();
        let mut cash = Vec::new();
        let mut warnings = Vec::new();
        for i in 0..table.len() {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let name = row.text(product);
            if is_total(name) {
                continue;
            }
            let (currency, value) = local_value(&mut row, layout, format);
            let account_value = match &base {
                Some((c, code)) => number_cell(&mut row, *c, format).map(|v| {
                    v.map(|amount| Money {
                        amount,
                        currency: code.clone(),
                    })
                }),
                None => Ok(None),
            };
            if is_cash_row(name, row.text(ident), row.text(quantity)) {
                let currency = currency.or_else(|| currency_in_label(name));
                match value {
                    Ok(Some(amount)) => {
                        if let Ok(account_value) = account_value {
                            cash.push(Cash {
                                account: None,
                                label: name.to_string(),
                                amount,
                                currency,
                                line,
                                account_value,
                            });
                        }
                    }
                    Ok(None) => row.problem(
                        match layout {
                            Layout::Split { amount, .. } => amount,
                            Layout::Combined(c) => c,
                        },
                        "is empty but required (the cash balance)",
                    ),
                    Err(Recorded) => {}
                }
                continue;
            }
            if name.is_empty() {
                row.problem(product, "is empty but required");
            }
            let id = classify_identifier(row.text(ident));
            if id.symbol.is_none() && id.isin.is_none() && id.cusip.is_none() {
                row.problem(ident, "is empty: no symbol or ISIN on this row");
            }
            let qty = match number_cell(&mut row, quantity, format) {
                Ok(Some(q)) => Some(q),
                Ok(None) => {
                    row.problem(quantity, "is empty but required");
                    None
                }
                Err(Recorded) => None,
            };
            let price = number_cell(&mut row, close, format);
            let (Some(qty), Ok(price), Ok(value), Ok(account_value)) =
                (qty, price, value, account_value)
            else {
                continue;
            };
            if qty.is_zero() {
                warnings.push(Warning::at(
                    line,
                    format!("{name}: quantity 0, not a holding (left out)"),
                ));
                continue;
            }
            let (price, value, currency) = pence_to_pounds(price, value, currency);
            holdings.push(Holding {
                account: None,
                symbol: id.symbol,
                isin: id.isin,
                cusip: id.cusip,
                name: (!name.is_empty()).then(|| name.to_string()),
                asset_class: None,
                quantity: qty,
                price,
                market_value: value,
                currency,
                line,
                stated: Stated {
                    account_value,
                    ..Stated::default()
                },
            });
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut parsed = Parsed::positions(holdings);
        parsed.cash = cash;
        parsed.warnings = warnings;
        parsed.account_currency = base.map(|(_, code)| code);
        Ok(parsed)
    }
}

#[derive(Clone, Copy)]
enum Layout {
    /// Currency code in one column, amount in the next (unnamed) one.
    Split { currency: usize, amount: usize },
    /// `USD 1234.12` in one cell (pre-2021).
    Combined(usize),
}

/// The local currency and value of a row; a bad cell is recorded and gives `Err`.
fn local_value(
    row: &mut Row,
    layout: Layout,
    format: NumberFormat,
) -> (Option<String>, Result<Option<Decimal>, Recorded>) {
    match layout {
        Layout::Split { currency, amount } => {
            let code = row.text(currency);
            let code = if code.is_empty() {
                None
            } else if is_currency_code(code) {
                Some(code.to_string())
            } else {
                row.problem(
                    currency,
                    format!(
                        "{} is not a currency code (this column holds the currency, the unnamed one after it the amount)",
                        snippet(code)
                    ),
                );
                return (None, Err(Recorded));
            };
            (code, number_cell(row, amount, format))
        }
        Layout::Combined(col) => {
            let (code, number) = split_currency(row.text(col));
            let value = match parse_number(number, format) {
                Ok(v) => checked(row, col, v),
                Err(e) => {
                    let t = row.text(col);
                    row.problem(
                        col,
                        format!(
                            "{} is not a currency and amount such as USD 1234.12: {e}",
                            snippet(t)
                        ),
                    );
                    Err(Recorded)
                }
            };
            (code.map(str::to_string), value)
        }
    }
}

/// `USD 1234.12` → (`USD`, `1234.12`); a cell without a leading code is all number.
fn split_currency(cell: &str) -> (Option<&str>, &str) {
    let t = cell.trim();
    match t.split_once(char::is_whitespace) {
        Some((code, rest)) if is_currency_code(code) => (Some(code), rest.trim()),
        _ => (None, t),
    }
}

/// The cash lines: `CASH & CASH FUND & FTX CASH (EUR)`, older `CASH & CASH FUND (USD)`.
fn is_cash_row(name: &str, ident: &str, quantity: &str) -> bool {
    let upper = name.trim().to_ascii_uppercase();
    upper.starts_with("CASH & CASH FUND")
        || (ident.is_empty() && quantity.is_empty() && upper.starts_with("CASH"))
}

/// `CASH & CASH FUND & FTX CASH (USD)` → `USD`.
fn currency_in_label(name: &str) -> Option<String> {
    let inner = name.trim().strip_suffix(')')?.rsplit_once('(')?.1.trim();
    is_currency_code(inner).then(|| inner.to_string())
}

/// London lines are quoted in pence (`GBX`): price and value become pounds.
pub(super) fn pence_to_pounds(
    price: Option<Decimal>,
    value: Option<Decimal>,
    currency: Option<String>,
) -> (Option<Decimal>, Option<Decimal>, Option<String>) {
    match currency.as_deref() {
        Some(c) if c.eq_ignore_ascii_case("GBX") || c == "GBp" => {
            let hundred = Decimal::ONE_HUNDRED;
            (
                price.map(|p| p / hundred),
                value.map(|v| v / hundred),
                Some("GBP".to_string()),
            )
        }
        _ => (price, value, currency),
    }
}

/// Which way a `rate` a row states goes, from the row's value in its own currency (`local`)
/// and in the account's (`account`): `Some(true)` for 1 account unit = `rate` local units
/// (local ÷ rate ≈ account), `Some(false)` for 1 local unit = `rate` account units (local ×
/// rate ≈ account), the closer of the two within 2 % (fees and a rounded rate); `None` when
/// neither reading gives the row's values.
pub(super) fn rate_direction(local: Decimal, account: Decimal, rate: Decimal) -> Option<bool> {
    let (l, a) = (local.abs(), account.abs());
    if a.is_zero() || rate.is_zero() {
        return None;
    }
    let off = |x: Option<Decimal>| {
        x.and_then(|x| x.checked_sub(a)?.checked_div(a))
            .map(|d| d.abs())
            .filter(|d| *d <= Decimal::new(2, 2))
    };
    match (off(l.checked_div(rate)), off(l.checked_mul(rate))) {
        (Some(f), Some(b)) => Some(f <= b),
        (f, b) => f.map(|_| true).or(b.map(|_| false)),
    }
}

/// Whether every `sep` in `digits` is followed by exactly three digits (a thousands separator).
fn groups_of_three(text: &str, sep: char) -> bool {
    let mut parts = text.split(sep);
    parts.next();
    let mut any = false;
    for p in parts {
        any = true;
        let digits = p.chars().take_while(char::is_ascii_digit).count();
        if digits != 3 {
            return false;
        }
    }
    any
}

/// What one cell says about the decimal separator: `Some` when only one reading is possible.
fn cell_format(text: &str) -> Option<NumberFormat> {
    let (dot, comma) = (text.rfind('.'), text.rfind(','));
    match (dot, comma) {
        (Some(d), Some(c)) => Some(if d > c {
            NumberFormat::DotDecimal
        } else {
            NumberFormat::CommaDecimal
        }),
        (Some(_), None) if text.matches('.').count() > 1 => Some(NumberFormat::CommaDecimal),
        (Some(_), None) if !groups_of_three(text, '.') => Some(NumberFormat::DotDecimal),
        (None, Some(_)) if text.matches(',').count() > 1 => Some(NumberFormat::DotDecimal),
        (None, Some(_)) if !groups_of_three(text, ',') => Some(NumberFormat::CommaDecimal),
        _ => None,
    }
}

/// The decimal separator of a file: a majority vote of the cells that can only be read one way
/// (`"1657,80"` votes comma, `123.45` point, `1234` and `1.234` abstain); `default` on a tie.
pub(super) fn detect_number_format<'a>(
    cells: impl Iterator<Item = &'a str>,
    default: NumberFormat,
) -> NumberFormat {
    let (mut dot, mut comma) = (0usize, 0usize);
    for c in cells {
        match cell_format(c.trim()) {
            Some(NumberFormat::DotDecimal) => dot += 1,
            Some(NumberFormat::CommaDecimal) => comma += 1,
            None => {}
        }
    }
    match dot.cmp(&comma) {
        std::cmp::Ordering::Greater => NumberFormat::DotDecimal,
        std::cmp::Ordering::Less => NumberFormat::CommaDecimal,
        std::cmp::Ordering::Equal => default,
    }
}

/// A number in a file whose separator is `file` (see [`detect_number_format`]); a cell that can
/// only be read one way (`0.2989` in a comma file, `-3.002,8` anywhere) is read that way.
pub(super) fn parse_number(text: &str, file: NumberFormat) -> Result<Option<Decimal>, String> {
    let t = text.trim();
    money::parse_in(t, cell_format(t).unwrap_or(file))
}

fn checked(row: &mut Row, col: usize, value: Option<Decimal>) -> Result<Option<Decimal>, Recorded> {
    match value {
        Some(v) if v.abs() > money::MAX_INPUT => {
            let t = row.text(col);
            row.problem(
                col,
                format!(
                    "{} is implausibly large (more than 1,000,000,000,000)",
                    snippet(t)
                ),
            );
            Err(Recorded)
        }
        v => Ok(v),
    }
}

/// [`Row::number_in`] with [`parse_number`]'s per-cell reading.
pub(super) fn number_cell(
    row: &mut Row,
    col: usize,
    file: NumberFormat,
) -> Result<Option<Decimal>, Recorded> {
    let t = row.text(col);
    match parse_number(t, file) {
        Ok(v) => checked(row, col, v),
        Err(e) => {
            row.problem(col, format!("{} is not a number: {e}", snippet(t)));
            Err(Recorded)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn numbers_are_read_per_file_and_per_cell() {
        let comma = NumberFormat::CommaDecimal;
        let dot = NumberFormat::DotDecimal;
        assert_eq!(parse_number("1657,80", comma), Ok(Some(dec!(1657.80))));
        assert_eq!(parse_number("1657,80", dot), Ok(Some(dec!(1657.80))));
        assert_eq!(parse_number("1234.12", comma), Ok(Some(dec!(1234.12))));
        assert_eq!(parse_number("-3.002,8", dot), Ok(Some(dec!(-3002.8))));
        assert_eq!(parse_number("1.234", comma), Ok(Some(dec!(1234))));
        assert_eq!(parse_number("1.234", dot), Ok(Some(dec!(1.234))));
        assert_eq!(parse_number("1,234", dot), Ok(Some(dec!(1234))));
        assert_eq!(parse_number("1,234", comma), Ok(Some(dec!(1.234))));
        assert_eq!(parse_number("1.234.567", dot), Ok(Some(dec!(1234567))));
        assert_eq!(parse_number("Not available", dot), Ok(None));
        assert!(parse_number("12x", comma).is_err());
        assert_eq!(
            detect_number_format(["\"1657,80\"", "8", "1.234"].into_iter(), dot),
            comma
        );
        assert_eq!(
            detect_number_format(["123.45", "8", "1,234"].into_iter(), comma),
            dot
        );
        assert_eq!(detect_number_format(["8"].into_iter(), comma), comma);
    }

    #[test]
    fn header_pieces() {
        assert_eq!(base_currency("Waarde in EUR"), Some("EUR"));
        assert_eq!(base_currency("Wartość w EUR"), Some("EUR"));
        assert_eq!(base_currency("Value in CHF"), Some("CHF"));
        assert_eq!(base_currency("Value"), None);
        assert_eq!(split_currency("USD 1234.12"), (Some("USD"), "1234.12"));
        assert_eq!(split_currency("-0,56"), (None, "-0,56"));
        assert_eq!(
            currency_in_label("CASH & CASH FUND & FTX CASH (USD)").as_deref(),
            Some("USD")
        );
    }
}

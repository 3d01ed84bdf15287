//! Fidelity Portfolio Positions (`Portfolio_Positions_Mmm-DD-YYYY.csv`): one row per position of
//! every account, one header whose spelling changed over the years (2021 `Cost Basis`, 2023–25
//! `Cost Basis Total`, 2026 sentence case `Account number,...,Last price`, an optional
//! `Basket Name` column), a trailing comma on data rows, cash rows (`SPAXX**`, `FCASH**`,
//! `USD***`), signed `Pending activity` rows, and a footer of disclaimers and
//! `Date downloaded ...`, whose date becomes the portfolio's `as_of`.

use super::{account_label, data_end, download_date, security};
use crate::diag::Problem;
use crate::import::toolkit::{is_cash, is_total, Columns};
use crate::import::{Cash, Format, Holding, Parsed, Source, Warning};
use crate::table::same_header;

pub struct Positions;

const ACCOUNT_NUMBER: &[&str] = &["account number"];
const ACCOUNT_NAME: &[&str] = &["account name"];
const SYMBOL: &[&str] = &["symbol"];
const DESCRIPTION: &[&str] = &["description"];
const QUANTITY: &[&str] = &["quantity"];
const LAST_PRICE: &[&str] = &["last price"];
const CURRENT_VALUE: &[&str] = &["current value"];

/// The header is the first record; a re-saved file may have a blank or title line or two above.
const HEADER_WITHIN: usize = 3;

impl Format for Positions {
    fn name(&self) -> &'static str {
        "fidelity-positions"
    }

    fn label(&self) -> &'static str {
        "Fidelity Portfolio Positions"
    }

    fn detect(&self, source: &Source) -> bool {
        header(source).is_some()
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        let Some(h) = header(source) else {
            return Err(vec![Problem::file(
                &source.file,
                "no Fidelity positions header (Account Number, Symbol, Quantity, Last Price, Current Value)",
            )]);
        };
        let table = records.table(h, records.len());
        let mut cols = Columns::new(&table);
        let number_col = cols.required(ACCOUNT_NUMBER);
        let symbol_col = cols.required(SYMBOL);
        let quantity_col = cols.required(QUANTITY);
        let value_col = cols.required(CURRENT_VALUE);
        let name_col = cols.optional(ACCOUNT_NAME);
        let desc_col = cols.optional(DESCRIPTION);
        let price_col = cols.optional(LAST_PRICE);
        cols.finish()?;

        let mut problems = Vec::new();
        let mut holdings = Vec::new();
        let mut cash = Vec::new();
        let mut warnings = Vec::new();
        let end = data_end(&table);
        for i in 0..end {
            let mut row = table.row(i, &mut problems);
            let line = row.line;
            let symbol_text = row.text(symbol_col);
            if same_header(symbol_text, SYMBOL[0]) {
                continue; // the header repeated (files joined by hand)
            }
            if is_total(symbol_text) || is_total(row.text(number_col)) {
                continue; // "Pending activity" (14 or 17 fields), totals
            }
            let description = desc_col.map(|c| row.text(c)).unwrap_or("");
            let account = account_label(
                name_col.and_then(|c| row.opt_text(c)),
                row.opt_text(number_col),
            );
            let quantity = row.number(quantity_col);
            let price = price_col.map(|c| row.number(c)).transpose();
            let value = row.number(value_col);
            let (Ok(quantity), Ok(price), Ok(value)) = (quantity, price, value) else {
                continue; // the bad cell is already a problem
            };
            let price = price.flatten();
            if is_cash(symbol_text, description) {
                // Cash rows carry only a Current Value.
                match value {
                    Some(amount) => cash.push(Cash {
                        account,
                        label: symbol_text.to_string(),
                        amount,
                        currency: None,
                        line,
                        account_value: None,
                    }),
                    None => warnings.push(Warning::at(
                        line,
                        format!("{symbol_text}: a cash row without a value is left out"),
                    )),
                }
                continue;
            }
            let Some(quantity) = quantity else {
                let what = if symbol_text.is_empty() {
                    description
                } else {
                    symbol_text
                };
                let why = if what.to_ascii_uppercase().contains("BROKERAGELINK") {
                    "the balance of a 401(k) BrokerageLink window, whose holdings are listed under their own account"
                } else {
                    "a row without a quantity is not a position"
                };
                let value = value.map(|v| format!(" (value {v})")).unwrap_or_default();
                warnings.push(Warning::at(line, format!("{what}: {why}; left out{value}")));
                continue;
            };
            let sec = security(symbol_text, description);
            let name = (!description.is_empty()).then(|| description.to_string());
            if sec.symbol.is_none() && sec.isin.is_none() && sec.cusip.is_none() {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "{}: no symbol or CUSIP, so it cannot be linked to a company; its value still counts in the total",
                        name.as_deref().unwrap_or("a position")
                    ),
                ));
            }
            if quantity.is_sign_negative() {
                warnings.push(Warning::at(
                    line,
                    format!("negative quantity {quantity} (a short position) kept as is"),
                ));
            }
            let holding = Holding {
                account,
                symbol: sec.symbol,
                isin: sec.isin,
                cusip: sec.cusip,
                name,
                asset_class: sec.asset_class,
                quantity,
                price,
                market_value: value,
                currency: None,
                line,
                stated: Default::default(),
            };
            if holding.value().is_none() {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "{} has no price or current value: its value is unknown and not in the portfolio total",
                        holding.label()
                    ),
                ));
            }
            holdings.push(holding);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let mut parsed = Parsed::positions(holdings);
        parsed.as_of = download_date(&source.text);
        parsed.cash = cash;
        parsed.warnings = warnings;
        Ok(parsed)
    }
}

/// Index of the header record, one of the first few: every spelling has these five columns.
fn header(source: &Source) -> Option<usize> {
    let records = source.records().ok()?;
    let names = [
        ACCOUNT_NUMBER[0],
        SYMBOL[0],
        QUANTITY[0],
        LAST_PRICE[0],
        CURRENT_VALUE[0],
    ];
    records
        .iter()
        .take(HEADER_WITHIN)
        .position(|(_, rec)| names.iter().all(|n| rec.iter().any(|c| same_header(c, n))))
}

//! Vanguard `OfxDownload.csv` (Download center → "A spreadsheet-compatible CSV file").
//!
//! One file holds several sections, each with its own header row, one to four blank lines apart:
//! - holdings: brokerage `Account Number,Investment Name,Symbol,Shares,Share Price,Total Value`
//!   (with or without a trailing comma on every line), 529 plans
//!   `Fund Account Number,Fund Name,Price,Shares,Total Value` (`$` prices, fund names only),
//!   retirement plans `Plan Number,Plan Name,Fund Name,Shares,Price,Total Value`;
//! - transactions: brokerage `Account Number,Trade Date,Settlement Date,Transaction Type,…,Symbol,
//!   Shares,Share Price,Principal Amount,Commissions and Fees|Commission Fees,Net Amount,…`,
//!   529 `…,Trade Date,Process Date,Transaction Type,…,Gross Amount,Net Amount`, mutual-fund-only
//!   accounts `…,Trade Date,Run Date,Transaction Activity,…,Transaction Shares,Dollar Amount`.
//!
//! The file is a positions snapshot: the holdings sections ARE the positions (kind positions).
//! The transaction sections only cover the downloaded date range, so they are not netted into
//! positions; they are checked cell by cell (dates, numbers: any bad cell fails the import like a
//! bad holding would) and counted, and a note says they were not applied.
//!
//! Dates are ISO (`2024-01-03`) in most files and `MM/DD/YYYY` in others (529); numbers may carry
//! `$`, thousands separators and `(2400.00)` negatives. VMFXX (the settlement money-market fund)
//! is listed as an ordinary holding and is kept as one; Vanguard prints no total rows (a `Total`
//! row, if ever present, is skipped).

use super::toolkit::{classify_identifier, is_cash, is_option, is_total, Columns};
use super::{AssetClass, Cash, Format, Holding, Parsed, Source, Warning};
use crate::diag::Problem;
use crate::money;
use crate::table::Record;
use crate::table::{same_header, Records, Table};

pub struct Vanguard;

const ACCOUNT: &[&str] = &["Account Number", "Fund Account Number", "Plan Number"];
const NAME: &[&str] = &["Investment Name", "Fund Name"];
const SYMBOL: &[&str] = &["Symbol"];
const SHARES: &[&str] = &["Shares"];
const PRICE: &[&str] = &["Share Price", "Price"];
const VALUE: &[&str] = &["Total Value"];

const TRADE_DATE: &[&str] = &["Trade Date"];
const TYPE: &[&str] = &["Transaction Type", "Transaction Activity"];
const TX_DESCRIPTION: &[&str] = &["Transaction Description"];
const TX_NAME: &[&str] = &["Investment Name"];
/// Other date columns of the transaction layouts (each checked when present).
const TX_DATES: &[&str] = &["Settlement Date", "Process Date", "Run Date"];
/// Number columns of the transaction layouts (each checked when present).
const TX_NUMBERS: &[&str] = &[
    "Shares",
    "Transaction Shares",
    "Share Price",
    "Principal Amount",
    "Commissions and Fees",
    "Commission Fees",
    "Net Amount",
    "Accrued Interest",
    "Gross Amount",
    "Dollar Amount",
];
/// ISO in brokerage downloads, US style in 529 and older files; the two cannot be confused.
const DATES: &[&str] = &["%Y-%m-%d", "%m/%d/%Y"];
/// Vanguard accounts are US-dollar accounts (the 529 layout writes `$` prices).
const CURRENCY: &str = "USD";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Section {
    Holdings,
    Transactions,
}

/// Which section a row heads, if it is one of Vanguard's header rows.
fn section_of(rec: Record<'_>) -> Option<Section> {
    let has = |names: &[&str]| rec.iter().any(|c| names.iter().any(|n| same_header(c, n)));
    if !has(ACCOUNT) {
        None
    } else if has(TRADE_DATE) && has(TYPE) && has(TX_DESCRIPTION) && has(TX_NAME) {
        Some(Section::Transactions)
    } else if has(NAME) && has(SHARES) && has(VALUE) {
        Some(Section::Holdings)
    } else {
        None
    }
}

impl Format for Vanguard {
    fn name(&self) -> &'static str {
        "vanguard"
    }

    fn label(&self) -> &'static str {
        "Vanguard OfxDownload.csv"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        records
            .first()
            .is_some_and(|(_, first)| section_of(first).is_some())
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        parse_records(source.records()?)
    }
}

fn parse_records(records: &Records) -> Result<Parsed, Vec<Problem>> {
    let headers: Vec<(usize, Section)> = records
        .iter()
        .enumerate()
        .filter_map(|(i, (_, rec))| section_of(rec).map(|s| (i, s)))
        .collect();
    if !headers.iter().any(|(_, s)| *s == Section::Holdings) {
        return Err(vec![Problem::file(
            &records.file,
            "no holdings section in this Vanguard download (header `Account Number,Investment Name,Symbol,Shares,Share Price,Total Value` or `Fund Account Number,Fund Name,Price,Shares,Total Value`); download the file with balances/holdings included",
        )]);
    }
    let mut out = Out::default();
    let mut problems = Vec::new();
    let mut transactions = 0usize;
    let mut first_tx_header = None;
    for (k, &(start, section)) in headers.iter().enumerate() {
        let end = headers.get(k + 1).map_or(records.len(), |&(next, _)| next);
        let table = records.table(start, end);
        match section {
            Section::Holdings => holdings(&table, &mut out, &mut problems),
            Section::Transactions => {
                first_tx_header.get_or_insert(table.header_line);
                transactions += check_transactions(&table, &mut problems);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if let (Some(line), true) = (first_tx_header, transactions > 0) {
        out.warnings.push(Warning::at(
            line,
            format!(
                "{transactions} transaction{} of the history section{} checked but not applied: the positions come from the holdings section",
                if transactions == 1 { "" } else { "s" },
                if transactions == 1 { " was" } else { "s were" },
            ),
        ));
    }
    let mut parsed = Parsed::positions(out.holdings);
    parsed.cash = out.cash;
    parsed.warnings = out.warnings;
    Ok(parsed)
}

#[derive(Default)]
struct Out {
    holdings: Vec<Holding>,
    cash: Vec<Cash>,
    warnings: Vec<Warning>,
}

/// One holdings section (brokerage, 529 or retirement-plan layout).
fn holdings(table: &Table, out: &mut Out, problems: &mut Vec<Problem>) {
    let mut cols = Columns::new(table);
    let account = cols.required(ACCOUNT);
    let name = cols.required(NAME);
    let shares = cols.required(SHARES);
    let value = cols.required(VALUE);
    let symbol = cols.optional(SYMBOL);
    let price = cols.optional(PRICE);
    if let Err(p) = cols.finish() {
        problems.extend(p);
        return;
    }
    // 529 and retirement-plan sections list funds by name only, in a "Fund Name" column.
    let fund_layout = symbol.is_none();
    for i in 0..table.len() {
        let mut row = table.row(i, problems);
        let line = row.line;
        let account_v = row.opt_text(account);
        let name_v = row.opt_text(name);
        let symbol_v = symbol.and_then(|c| row.opt_text(c));
        if [&account_v, &name_v, &symbol_v]
            .iter()
            .any(|c| c.as_deref().is_some_and(is_total))
        {
            continue;
        }
        if symbol_v.is_none() && name_v.is_none() {
            row.problem(
                symbol.unwrap_or(name),
                "no symbol or investment name on this row",
            );
            continue;
        }
        let qty = match row.number(shares) {
            Ok(Some(q)) => Some(q),
            Ok(None) => {
                row.problem(shares, "is empty but required");
                None
            }
            Err(_) => None,
        };
        let px = price.map(|c| row.number(c)).transpose();
        let mv = row.number(value);
        let (Some(q), Ok(px), Ok(mv)) = (qty, px, mv) else {
            continue;
        };
        let px = px.flatten();
        let cash_like = symbol_v.is_none() && name_v.as_deref().is_some_and(is_cash_name);
        if cash_like {
            let amount = mv.or_else(|| px.and_then(|p| p.checked_mul(q)).map(money::cents));
            match amount {
                Some(amount) => out.cash.push(Cash {
                    account: account_v,
                    label: name_v.unwrap_or_default(),
                    amount,
                    currency: Some(CURRENCY.into()),
                    line,
                    account_value: None,
                }),
                None => row.problem(value, "is empty but required on a cash row"),
            }
            continue;
        }
        let ident = symbol_v.as_deref().map(classify_identifier);
        let asset_class = if fund_layout {
            Some(AssetClass::Fund)
        } else if is_option(
            symbol_v.as_deref().unwrap_or(""),
            name_v.as_deref().unwrap_or(""),
        ) {
            Some(AssetClass::Option)
        } else {
            name_v.as_deref().and_then(class_from_name)
        };
        if q.is_sign_negative() {
            out.warnings.push(Warning::at(
                line,
                format!("negative quantity {q} (a short position) kept as is"),
            ));
        }
        out.holdings.push(Holding {
            account: account_v,
            symbol: ident.as_ref().and_then(|i| i.symbol.clone()),
            isin: ident.as_ref().and_then(|i| i.isin.clone()),
            cusip: ident.as_ref().and_then(|i| i.cusip.clone()),
            name: name_v,
            asset_class,
            quantity: q,
            price: px,
            market_value: mv,
            currency: Some(CURRENCY.into()),
            line,
            stated: Default::default(),
        });
    }
}

/// A holdings row without symbol whose name is cash (`CASH`, `CASH SWEEP`...). VMFXX, which has a
/// symbol, is an ordinary holding.
fn is_cash_name(name: &str) -> bool {
    let n = name.trim().to_ascii_lowercase();
    n.starts_with("cash ") || is_cash(name, name)
}

/// The asset class when the investment name states it (`… ETF`, `… Index Fund Admiral Shares`,
/// `… MONEY MARKET …`); otherwise unknown. Vanguard's download has no security-type column.
fn class_from_name(name: &str) -> Option<AssetClass> {
    let upper = name.to_ascii_uppercase();
    let words: Vec<&str> = upper
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let has = |w: &str| words.contains(&w);
    if has("ETF") {
        Some(AssetClass::Etf)
    } else if has("FUND") || has("ADMIRAL") || upper.contains("MONEY MARKET") {
        Some(AssetClass::Fund)
    } else {
        None
    }
}

/// Checks one transaction section cell by cell and returns its number of transactions. These rows
/// are not turned into positions (see the module comment).
fn check_transactions(table: &Table, problems: &mut Vec<Problem>) -> usize {
    let mut cols = Columns::new(table);
    let trade = cols.required(TRADE_DATE);
    let kind = cols.required(TYPE);
    if let Err(p) = cols.finish() {
        problems.extend(p);
        return 0;
    }
    let find_all = |names: &[&str]| -> Vec<usize> {
        let mut v: Vec<usize> = names.iter().filter_map(|n| table.find(&[n])).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let dates = find_all(TX_DATES);
    let numbers = find_all(TX_NUMBERS);
    let mut count = 0;
    for i in 0..table.len() {
        let mut row = table.row(i, problems);
        if is_total(row.text(0)) {
            continue;
        }
        if row.text(trade).is_empty() {
            row.problem(trade, "is empty but required");
        } else {
            let _ = row.date_in(trade, DATES);
        }
        for &c in &dates {
            let _ = row.date_in(c, DATES);
        }
        if row.text(kind).is_empty() {
            row.problem(kind, "is empty but required");
        }
        for &c in &numbers {
            let _ = row.number(c);
        }
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_from_names() {
        assert_eq!(
            class_from_name("VANGUARD S&P 500 INDEX ETF"),
            Some(AssetClass::Etf)
        );
        assert_eq!(
            class_from_name("Vanguard Industrials Index Fund Admiral Shares"),
            Some(AssetClass::Fund)
        );
        assert_eq!(
            class_from_name("VANGUARD FEDERAL MONEY MARKET INVESTOR CL"),
            Some(AssetClass::Fund)
        );
        assert_eq!(class_from_name("NVIDIA CORP"), None);
        assert_eq!(class_from_name("BETFAIR"), None);
    }

    #[test]
    fn cash_names() {
        assert!(is_cash_name("CASH"));
        assert!(is_cash_name("Cash Sweep"));
        assert!(!is_cash_name("CASHMERE HOLDINGS"));
        assert!(!is_cash_name("VANGUARD FEDERAL MONEY MARKET INVESTOR CL"));
    }
}

//! Interactive Brokers Activity Statement CSV (Reports → Statements → CSV), and the
//! `Transaction History` statement written in the same layout.
//!
//! Every record starts with the section name and a row kind (`Header`, `Data`, `Total`,
//! `SubTotal`, `Notes`); a `Data` row's columns are those of the LATEST `Header` row of its
//! section, and a section may repeat its header mid-way (`Net Asset Value,Header,Time Weighted
//! Rate of Return`, a new header per asset category in `Trades`). Positions come from the
//! `Open Positions` `Summary` rows (never the `Lot` rows), identifiers and names from
//! `Financial Instrument Information`, the as-of date from `Statement` `Period`, cash from the
//! `Cash Report` ending cash per currency. A statement without `Open Positions` is read as a
//! history: its `Trades` (or `Transaction History`) rows are netted into positions.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::model::{Action, AssetClass, Cash, Holding, Parsed, StatedRate, Transaction, Warning};
use super::toolkit::{
    asset_class_from, classify_identifier, is_option, is_total, per_unit_price, Columns,
};
use super::{Format, Source};
use crate::diag::Problem;
use crate::money;
use crate::table::{same_header, Record, Recorded, Records, Row, Table};

pub struct IbkrActivity;

/// Sections every statement has at least one of (detection).
const KNOWN_SECTIONS: &[&str] = &[
    "Statement",
    "Account Information",
    "Net Asset Value",
    "Cash Report",
    "Open Positions",
    "Long Open Positions",
    "Short Open Positions",
    "Trades",
    "Transaction History",
    "Financial Instrument Information",
];
const ROW_KINDS: &[&str] = &["Header", "Data", "Total", "SubTotal", "Notes"];
const POSITION_SECTIONS: &[&str] = &[
    "Open Positions",
    "Long Open Positions",
    "Short Open Positions",
];

// Column aliases (IBKR's own names first).
const DISCRIMINATOR: &[&str] = &["DataDiscriminator"];
const ASSET_CATEGORY: &[&str] = &["Asset Category", "Asset Class"];
const CURRENCY: &[&str] = &["Currency"];
const ACCOUNT: &[&str] = &["Account"];
const SYMBOL: &[&str] = &["Symbol"];
const DESCRIPTION: &[&str] = &["Description"];
const QUANTITY: &[&str] = &["Quantity", "Position", "Qty"];
const CLOSE_PRICE: &[&str] = &["Close Price", "Mark Price", "Price"];
const VALUE: &[&str] = &["Value", "Position Value", "Market Value"];
const DATE_TIME: &[&str] = &["Date/Time", "Date", "Trade Date"];
const TRADE_PRICE: &[&str] = &["T. Price", "Trade Price", "Price"];
const PROCEEDS: &[&str] = &["Proceeds"];
const FIELD_NAME: &[&str] = &["Field Name"];
const FIELD_VALUE: &[&str] = &["Field Value"];

/// Dates in Activity Statements: `2024-01-16, 10:30:00`, `2025-11-03` (the time is cut off first).
const DATES: &[&str] = &["%Y-%m-%d"];
/// `Statement,Data,Period,"January 1, 2024 - December 31, 2024"` or a single day `July 25, 2023`.
const PERIOD_DATES: &[&str] = &["%B %d, %Y", "%b %d, %Y"];

impl Format for IbkrActivity {
    fn name(&self) -> &'static str {
        "ibkr-activity"
    }

    fn label(&self) -> &'static str {
        "Interactive Brokers Activity Statement (CSV)"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        let kind = |rec: Record<'_>| rec.get(1).map(str::trim).unwrap_or("").to_string();
        let Some((_, first)) = records.first() else {
            return false;
        };
        if !kind(first).eq_ignore_ascii_case("Header") || first.get(0).map(str::trim) == Some("") {
            return false;
        }
        let kinds_ok = records
            .iter()
            .take(50)
            .all(|(_, r)| ROW_KINDS.iter().any(|k| k.eq_ignore_ascii_case(&kind(r))));
        kinds_ok
            && records.iter().any(|(_, r)| {
                let section = r.get(0).unwrap_or("");
                KNOWN_SECTIONS.iter().any(|s| same_header(section, s))
            })
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        parse_statement(records)
    }
}

/// One `Header` row of a section and the `Data` rows that follow it (until the section's next
/// `Header`). The header keeps the section name and `Header` as its first two cells, so column
/// numbers in messages are those of the file.
struct Block<'a> {
    section: String,
    table: Table<'a>,
}

fn blocks(records: &Records) -> Vec<Block<'_>> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut latest: HashMap<String, usize> = HashMap::new();
    for (index, (_, rec)) in records.iter().enumerate() {
        let section = rec.get(0).map(str::trim).unwrap_or("");
        let key = section.to_ascii_lowercase();
        let kind = rec.get(1).map(str::trim).unwrap_or("");
        if kind.eq_ignore_ascii_case("Header") {
            latest.insert(key, blocks.len());
            blocks.push(Block {
                section: section.to_string(),
                table: records.empty_table(index),
            });
        } else if kind.eq_ignore_ascii_case("Data") {
            // A Data row before any Header of its section has no column names: it is skipped.
            if let Some(block) = latest.get(&key).and_then(|&b| blocks.get_mut(b)) {
                block.table.push(index);
            }
        }
        // Total, SubTotal and Notes rows summarise or annotate: never data.
    }
    blocks
}

fn in_sections<'a>(
    blocks: &'a [Block<'a>],
    names: &'a [&str],
) -> impl Iterator<Item = &'a Block<'a>> {
    blocks
        .iter()
        .filter(move |b| names.iter().any(|n| same_header(&b.section, n)))
}

/// A cell that labels a total row (`Total`, `Total in USD`, `SubTotal`...).
fn is_total_label(cell: &str) -> bool {
    let c = cell.trim().to_ascii_lowercase();
    is_total(&c) || c.starts_with("total ")
}

/// The warning for a holding without price or value (the generic importer's wording).
pub(super) fn no_value(holding: &Holding) -> String {
    format!(
        "{} has no price or market value: its value is unknown and not in the portfolio total",
        holding.label()
    )
}

/// A number as IBKR writes it: plain decimals, `1,000`, and in Transaction History also
/// scientific notation (`-2.637591265E-4`), which [`money::parse`] does not accept.
pub(super) fn number(row: &mut Row, col: usize) -> Result<Option<Decimal>, Recorded> {
    let t = row.text(col);
    if t.contains(['e', 'E'])
        && t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '-')
    {
        if let Ok(d) = Decimal::from_scientific(t) {
            if d.abs() > money::MAX_INPUT {
                row.problem(
                    col,
                    format!(
                        "{} is implausibly large (more than 1,000,000,000,000)",
                        crate::diag::snippet(t)
                    ),
                );
                return Err(Recorded);
            }
            return Ok(Some(d.normalize()));
        }
    }
    row.number(col)
}

/// A date at the start of a cell (`2024-01-16, 10:30:00`, `20230403;095853`): the time is cut off
/// at the first `,`, `;` or space and the date tried in `formats`.
pub(super) fn date_prefix(
    row: &mut Row,
    col: usize,
    formats: &[&str],
) -> Result<Option<NaiveDate>, Recorded> {
    let t = row.text(col);
    let head = t.split([',', ';', ' ']).next().unwrap_or("").trim();
    if head.is_empty() {
        return Ok(None);
    }
    match super::toolkit::parse_date(head, formats) {
        Ok(d) => Ok(Some(d)),
        Err(e) => {
            row.problem(col, e);
            Err(Recorded)
        }
    }
}

/// An option symbol (`SPY 18MAR22 440.0 P`, OCC). Only ASCII symbols are tested: the toolkit's
/// `is_option` slices by byte offsets, which would panic inside a multi-byte character.
pub(super) fn option_like(symbol: &str) -> bool {
    symbol.is_ascii() && is_option(symbol, "")
}

/// What IBKR calls an instrument's kind, as an asset class. `Stocks` whose instrument type is
/// `ETF` are ETFs.
fn asset_class(category: &str, instrument_type: Option<&str>, symbol: &str) -> Option<AssetClass> {
    let c = category.trim().to_ascii_lowercase();
    let etf = instrument_type.is_some_and(|t| t.trim().eq_ignore_ascii_case("ETF"));
    Some(match c.as_str() {
        "" => {
            return option_like(symbol).then_some(AssetClass::Option);
        }
        "stocks" | "stock" if etf => AssetClass::Etf,
        "stocks" | "stock" => AssetClass::Equity,
        "bonds" | "treasury bills" => AssetClass::Bond,
        "mutual funds" => AssetClass::Fund,
        "crypto" | "cryptocurrency" => AssetClass::Crypto,
        "warrants" | "futures" | "cfds" | "structured products" | "metals" | "forex" => {
            AssetClass::Other
        }
        _ => return asset_class_from(&c),
    })
}

/// An instrument of `Financial Instrument Information`.
#[derive(Default, Clone)]
struct Instrument {
    name: Option<String>,
    isin: Option<String>,
    cusip: Option<String>,
    kind: Option<String>,
}

/// Instruments by (asset category, symbol), both lower-cased; a symbol cell can list the old
/// and new tickers (`META, FB`).
fn instruments(
    blocks: &[Block],
    problems: &mut Vec<Problem>,
) -> HashMap<(String, String), Instrument> {
    let mut map = HashMap::new();
    for block in in_sections(blocks, &["Financial Instrument Information"]) {
        let t = &block.table;
        let (Some(symbol), category) = (t.find(SYMBOL), t.find(ASSET_CATEGORY)) else {
            continue;
        };
        let (description, security_id, kind) = (
            t.find(DESCRIPTION),
            t.find(&["Security ID", "ISIN"]),
            t.find(&["Type"]),
        );
        for i in 0..t.len() {
            let row = t.row(i, problems);
            let text = |c: Option<usize>| c.and_then(|c| row.opt_text(c));
            let ident = text(security_id).map(|s| classify_identifier(&s));
            let instrument = Instrument {
                name: text(description),
                isin: ident.as_ref().and_then(|i| i.isin.clone()),
                cusip: ident.as_ref().and_then(|i| i.cusip.clone()),
                kind: text(kind),
            };
            let cat = text(category).unwrap_or_default().to_ascii_lowercase();
            for s in row.text(symbol).split(',') {
                let s = s.trim().to_ascii_lowercase();
                if !s.is_empty() {
                    map.entry((cat.clone(), s))
                        .or_insert_with(|| instrument.clone());
                }
            }
        }
    }
    map
}

fn lookup<'a>(
    map: &'a HashMap<(String, String), Instrument>,
    category: &str,
    symbol: &str,
) -> Option<&'a Instrument> {
    let (c, s) = (category.to_ascii_lowercase(), symbol.to_ascii_lowercase());
    map.get(&(c, s.clone()))
        .or_else(|| map.iter().find(|((_, k), _)| *k == s).map(|(_, v)| v))
}

/// `Field Name`/`Field Value` pairs of a key-value section (`Statement`, `Account Information`,
/// `Summary`), with the line of each value.
fn fields(blocks: &[Block], section: &str) -> Vec<(String, String, u64)> {
    let mut out = Vec::new();
    let mut sink = Vec::new();
    for block in in_sections(blocks, &[section]) {
        let t = &block.table;
        let (Some(name), Some(value)) = (t.find(FIELD_NAME), t.find(FIELD_VALUE)) else {
            continue;
        };
        for i in 0..t.len() {
            let row = t.row(i, &mut sink);
            out.push((
                row.text(name).to_string(),
                row.text(value).to_string(),
                row.line,
            ));
        }
    }
    out
}

fn field<'a>(fields: &'a [(String, String, u64)], name: &str) -> Option<&'a (String, String, u64)> {
    fields.iter().find(|(n, _, _)| same_header(n, name))
}

/// The statement's as-of date: the end of `Period`, else the day of `WhenGenerated`.
fn as_of(statement: &[(String, String, u64)], warnings: &mut Vec<Warning>) -> Option<NaiveDate> {
    if let Some((_, period, line)) = field(statement, "Period") {
        let end = period.rsplit(" - ").next().unwrap_or(period).trim();
        match super::toolkit::parse_date(end, PERIOD_DATES) {
            Ok(d) => return Some(d),
            Err(e) => warnings.push(Warning::at(
                *line,
                format!("the statement Period is not understood ({e}); its date is taken from WhenGenerated"),
            )),
        }
    }
    let (_, generated, line) = field(statement, "WhenGenerated")?;
    let day = generated.split([',', ' ', ';']).next().unwrap_or("");
    match super::toolkit::parse_date(day, DATES) {
        Ok(d) => Some(d),
        Err(e) => {
            warnings.push(Warning::at(
                *line,
                format!("the statement date is not understood ({e}); the as-of date is unknown"),
            ));
            None
        }
    }
}

fn parse_statement(records: &Records) -> Result<Parsed, Vec<Problem>> {
    let blocks = blocks(records);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let statement = fields(&blocks, "Statement");
    let info = fields(&blocks, "Account Information");
    let as_of = as_of(&statement, &mut warnings);
    let summary = fields(&blocks, "Summary");
    // Activity Statements name it in Account Information, Transaction History in its Summary.
    let base_currency = field(&info, "Base Currency")
        .or_else(|| field(&summary, "Base Currency"))
        .map(|(_, v, _)| v.trim().to_ascii_uppercase())
        .filter(|v| !v.is_empty());
    // A consolidated statement covers several accounts: its rows name theirs (or none).
    let account = field(&info, "Account")
        .filter(|_| field(&info, "Accounts Included").is_none())
        .map(|(_, v, _)| v.clone())
        .filter(|v| !v.is_empty());
    let instruments = instruments(&blocks, &mut problems);

    let has_positions = in_sections(&blocks, POSITION_SECTIONS).next().is_some();
    let has_trades = in_sections(&blocks, &["Trades"]).next().is_some();
    let has_history = in_sections(&blocks, &["Transaction History"])
        .next()
        .is_some();
    if !has_positions && !has_trades && !has_history {
        return Err(vec![Problem::file(
            &records.file,
            "this Interactive Brokers statement has no Open Positions, Trades or Transaction History section: choose an Activity Statement that includes Open Positions",
        )]);
    }

    let rates = base_rates(&blocks, base_currency.as_deref(), as_of, &mut problems);
    let mut forex = Vec::new();
    let mut parsed = if has_positions {
        let mut holdings = positions(
            &blocks,
            &instruments,
            account.as_deref(),
            &mut forex,
            &mut problems,
            &mut warnings,
        );
        for h in &mut holdings {
            h.stated.rate = rate_of(&rates, h.currency.as_deref());
        }
        Parsed::positions(holdings)
    } else {
        let mut transactions = trades(
            &blocks,
            &instruments,
            account.as_deref(),
            &mut problems,
            &mut warnings,
        );
        transactions.extend(transfers(
            &blocks,
            account.as_deref(),
            &mut problems,
            &mut warnings,
        ));
        transactions.extend(history(&blocks, &mut problems, &mut warnings));
        if let Some(b) = in_sections(&blocks, &["Corporate Actions"]).next() {
            warnings.push(Warning::at(
                b.table.header_line,
                "the Corporate Actions section (splits, mergers, spin-offs) is not applied to the positions netted from the trades: check those holdings",
            ));
        }
        for tx in &mut transactions {
            tx.rate = rate_of(&rates, tx.currency.as_deref());
        }
        Parsed::transactions(transactions)
    };
    parsed.cash = cash(
        &records.file,
        &blocks,
        &summary,
        base_currency.as_deref(),
        account.as_deref(),
        forex,
        &mut problems,
    );
    if !problems.is_empty() {
        return Err(problems);
    }
    parsed.as_of = as_of;
    parsed.warnings = warnings;
    parsed.account_currency = base_currency;
    Ok(parsed)
}

/// The `Base Currency Exchange Rate` section (`Currency,Rate`: one unit of the currency is
/// `Rate` units of the base currency), as the rates from each currency to the base, dated the
/// statement's end. Without a stated base currency the rates say nothing and are not used.
fn base_rates(
    blocks: &[Block],
    base: Option<&str>,
    as_of: Option<NaiveDate>,
    problems: &mut Vec<Problem>,
) -> HashMap<String, StatedRate> {
    let mut rates = HashMap::new();
    let Some(base) = base else {
        return rates;
    };
    for block in in_sections(blocks, &["Base Currency Exchange Rate"]) {
        let t = &block.table;
        let (Some(currency), Some(rate)) = (t.find(CURRENCY), t.find(&["Rate", "Exchange Rate"]))
        else {
            continue;
        };
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            let code = row.text(currency).to_ascii_uppercase();
            if code.is_empty() || is_total_label(&code) || code == base {
                continue;
            }
            match number(&mut row, rate) {
                Ok(Some(r)) if r > Decimal::ZERO => {
                    rates.entry(code.clone()).or_insert(StatedRate {
                        from: code,
                        to: base.to_string(),
                        rate: r,
                        date: as_of,
                        line: row.line,
                    });
                }
                Ok(Some(_)) => row.problem(rate, "is not a positive exchange rate"),
                Ok(None) | Err(_) => {}
            }
        }
    }
    rates
}

/// The stated rate from `currency` to the base currency, if the statement gives one.
fn rate_of(rates: &HashMap<String, StatedRate>, currency: Option<&str>) -> Option<StatedRate> {
    rates.get(&currency?.to_ascii_uppercase()).cloned()
}

fn positions(
    blocks: &[Block],
    instruments: &HashMap<(String, String), Instrument>,
    default_account: Option<&str>,
    forex: &mut Vec<Cash>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Holding> {
    let mut holdings = Vec::new();
    for block in in_sections(blocks, POSITION_SECTIONS) {
        let t = &block.table;
        let mut cols = Columns::new(t);
        let symbol = cols.required(SYMBOL);
        let quantity = cols.required(QUANTITY);
        if let Err(p) = cols.finish() {
            problems.extend(p);
            continue;
        }
        let discriminator = t.find(DISCRIMINATOR);
        let category = t.find(ASSET_CATEGORY);
        let (currency, account) = (t.find(CURRENCY), t.find(ACCOUNT));
        let (description, price, value) = (t.find(DESCRIPTION), t.find(CLOSE_PRICE), t.find(VALUE));
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            let text = |c: Option<usize>| c.map(|c| row.text(c)).unwrap_or("");
            let disc = text(discriminator);
            // Lot rows detail the Summary row above them; only the Summary is a position.
            if discriminator.is_some() && !disc.eq_ignore_ascii_case("Summary") {
                continue;
            }
            let cat = text(category);
            if [disc, cat, text(currency), row.text(symbol)]
                .iter()
                .any(|c| is_total_label(c))
            {
                continue;
            }
            let sym = row.required(symbol);
            let qty = match row.number(quantity) {
                Ok(Some(q)) => Some(q),
                Ok(None) => {
                    row.problem(quantity, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let px = price.map(|c| row.number(c)).transpose();
            let mv = value.map(|c| row.number(c)).transpose();
            let (Some(sym), Some(qty), Ok(px), Ok(mv)) = (sym, qty, px, mv) else {
                continue;
            };
            let line = row.line;
            let account_v = account
                .and_then(|c| row.opt_text(c))
                .or_else(|| default_account.map(str::to_string));
            let currency_v = currency
                .and_then(|c| row.opt_text(c))
                .map(|c| c.to_ascii_uppercase());
            // Currency balances held as Forex positions are cash, used when no Cash Report says so.
            if cat.eq_ignore_ascii_case("Forex") {
                forex.push(Cash {
                    account: account_v,
                    label: format!("Forex {sym}"),
                    amount: qty,
                    currency: Some(sym.to_ascii_uppercase()),
                    line,
                    account_value: None,
                });
                continue;
            }
            let instrument = lookup(instruments, cat, &sym);
            let ident = classify_identifier(&sym);
            let holding = Holding {
                account: account_v,
                symbol: ident.symbol,
                isin: ident
                    .isin
                    .or_else(|| instrument.and_then(|i| i.isin.clone())),
                cusip: ident
                    .cusip
                    .or_else(|| instrument.and_then(|i| i.cusip.clone())),
                name: description
                    .and_then(|c| row.opt_text(c))
                    .or_else(|| instrument.and_then(|i| i.name.clone())),
                asset_class: asset_class(cat, instrument.and_then(|i| i.kind.as_deref()), &sym),
                quantity: qty,
                price: px.flatten(),
                market_value: mv.flatten(),
                currency: currency_v,
                line,
                stated: Default::default(),
            };
            if qty.is_sign_negative() {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "{}: negative quantity {qty} (a short position) kept as is",
                        holding.label()
                    ),
                ));
            }
            if holding.value().is_none() {
                warnings.push(Warning::at(line, no_value(&holding)));
            }
            holdings.push(holding);
        }
    }
    holdings
}

/// Ending cash per currency from the `Cash Report` (the `Base Currency Summary` line only when
/// there is no per-currency line); else the `Forex` positions; else the `Cash` line of `Net Asset
/// Value`; else the `Ending Cash` of a Transaction History `Summary`.
fn cash(
    file: &str,
    blocks: &[Block],
    summary: &[(String, String, u64)],
    base: Option<&str>,
    default_account: Option<&str>,
    forex: Vec<Cash>,
    problems: &mut Vec<Problem>,
) -> Vec<Cash> {
    let mut per_currency = Vec::new();
    let mut base_rows = Vec::new();
    for block in in_sections(blocks, &["Cash Report"]) {
        let t = &block.table;
        let (Some(label), Some(currency), Some(total)) = (
            t.find(&["Currency Summary"]),
            t.find(CURRENCY),
            t.find(&["Total"]),
        ) else {
            continue;
        };
        let account = t.find(ACCOUNT);
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            if !same_header(row.text(label), "Ending Cash") {
                continue;
            }
            let Ok(Some(amount)) = row.number(total) else {
                continue;
            };
            let cur = row.text(currency).to_string();
            let account = account
                .and_then(|c| row.opt_text(c))
                .or_else(|| default_account.map(str::to_string));
            if cur.to_ascii_lowercase().starts_with("base currency") {
                base_rows.push(Cash {
                    account,
                    label: "Ending Cash".into(),
                    amount,
                    currency: base.map(str::to_string),
                    line: row.line,
                    account_value: None,
                });
            } else {
                per_currency.push(Cash {
                    account,
                    label: "Ending Cash".into(),
                    amount,
                    currency: (!cur.is_empty()).then(|| cur.to_ascii_uppercase()),
                    line: row.line,
                    account_value: None,
                });
            }
        }
    }
    if !per_currency.is_empty() {
        return per_currency;
    }
    if !base_rows.is_empty() {
        return base_rows;
    }
    if !forex.is_empty() {
        return forex;
    }
    for block in in_sections(blocks, &["Net Asset Value"]) {
        let t = &block.table;
        let (Some(class), Some(total)) = (t.find(&["Asset Class"]), t.find(&["Current Total"]))
        else {
            continue;
        };
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            // `Cash ` with a trailing space in real statements; the cell is trimmed.
            if !row.text(class).eq_ignore_ascii_case("Cash") {
                continue;
            }
            if let Ok(Some(amount)) = row.number(total) {
                return vec![Cash {
                    account: default_account.map(str::to_string),
                    label: "Cash".into(),
                    amount,
                    currency: base.map(str::to_string),
                    line: row.line,
                    account_value: None,
                }];
            }
        }
    }
    if let Some((_, value, line)) = field(summary, "Ending Cash") {
        let currency = field(summary, "Base Currency").map(|(_, v, _)| v.to_ascii_uppercase());
        match money::parse(value) {
            Ok(Some(amount)) => {
                return vec![Cash {
                    account: default_account.map(str::to_string),
                    label: "Ending Cash".into(),
                    amount,
                    currency,
                    line: *line,
                    account_value: None,
                }]
            }
            Ok(None) => {}
            Err(e) => problems.push(Problem::at(
                file,
                *line,
                format!("Summary Ending Cash {value:?} is not a number: {e}"),
            )),
        }
    }
    Vec::new()
}

/// `Trades` rows: `Order` rows (else, for a security without them, its `Trade` execution rows);
/// `ClosedLot` rows repeat the lots a sale closed and are skipped. The quantity is signed.
fn trades(
    blocks: &[Block],
    instruments: &HashMap<(String, String), Instrument>,
    default_account: Option<&str>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Transaction> {
    let mut out = Vec::new();
    let trade_blocks: Vec<&Block> = in_sections(blocks, &["Trades"]).collect();
    // Securities with Order rows: their Trade rows are the executions of those orders.
    let mut with_orders: HashSet<(String, String, String)> = HashSet::new();
    let key = |t: &Table, rec: Record<'_>| {
        let cell = |names: &[&str]| {
            t.find(names)
                .and_then(|c| rec.get(c))
                .map(|s| s.trim().to_ascii_lowercase())
                .unwrap_or_default()
        };
        (cell(ACCOUNT), cell(ASSET_CATEGORY), cell(SYMBOL))
    };
    for block in &trade_blocks {
        let t = &block.table;
        let Some(d) = t.find(DISCRIMINATOR) else {
            continue;
        };
        for (_, rec) in t.iter() {
            if rec
                .get(d)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("Order"))
            {
                with_orders.insert(key(t, rec));
            }
        }
    }
    for block in &trade_blocks {
        let t = &block.table;
        let mut cols = Columns::new(t);
        let symbol = cols.required(SYMBOL);
        let quantity = cols.required(QUANTITY);
        if let Err(p) = cols.finish() {
            problems.extend(p);
            continue;
        }
        let discriminator = t.find(DISCRIMINATOR);
        let category = t.find(ASSET_CATEGORY);
        let (currency, account) = (t.find(CURRENCY), t.find(ACCOUNT));
        let (date, price, proceeds) = (t.find(DATE_TIME), t.find(TRADE_PRICE), t.find(PROCEEDS));
        for i in 0..t.len() {
            let k = key(t, t.record(i));
            let mut row = t.row(i, problems);
            let text = |c: Option<usize>| c.map(|c| row.text(c)).unwrap_or("");
            let disc = text(discriminator).to_string();
            let cat = text(category).to_string();
            if [
                disc.as_str(),
                cat.as_str(),
                text(currency),
                row.text(symbol),
            ]
            .iter()
            .any(|c| is_total_label(c))
            {
                continue;
            }
            let d = disc.to_ascii_lowercase();
            if d == "closedlot" || (d == "trade" && with_orders.contains(&k)) {
                continue;
            }
            let known = matches!(d.as_str(), "" | "order" | "trade");
            let sym = row.required(symbol);
            let qty = match number(&mut row, quantity) {
                Ok(Some(q)) => Some(q),
                Ok(None) => {
                    row.problem(quantity, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let day = date.map(|c| date_prefix(&mut row, c, DATES)).transpose();
            let px = price.map(|c| number(&mut row, c)).transpose();
            let amount = proceeds.map(|c| number(&mut row, c)).transpose();
            let (Some(sym), Some(qty), Ok(day), Ok(px), Ok(amount)) = (sym, qty, day, px, amount)
            else {
                continue;
            };
            let line = row.line;
            let (action, signed) = if !known {
                warnings.push(Warning::at(
                    line,
                    format!(
                        "Trades row of unknown kind {disc:?} ignored (its shares are not counted)"
                    ),
                ));
                (Action::Other, Decimal::ZERO)
            } else if cat.eq_ignore_ascii_case("Forex") {
                // A currency conversion: cash, not a security.
                (Action::CashOnly, Decimal::ZERO)
            } else if qty.is_sign_negative() {
                (Action::Sell, qty)
            } else {
                (Action::Buy, qty)
            };
            let ident = classify_identifier(&sym);
            let instrument = lookup(instruments, &cat, &sym);
            let mut tx = Transaction::new(line, action, signed);
            tx.date = day.flatten();
            tx.account = account
                .and_then(|c| row.opt_text(c))
                .or_else(|| default_account.map(str::to_string));
            tx.asset_class = asset_class(&cat, instrument.and_then(|i| i.kind.as_deref()), &sym);
            tx.symbol = ident.symbol;
            tx.isin = ident
                .isin
                .or_else(|| instrument.and_then(|i| i.isin.clone()));
            tx.cusip = ident
                .cusip
                .or_else(|| instrument.and_then(|i| i.cusip.clone()));
            tx.name = instrument.and_then(|i| i.name.clone());
            tx.amount = amount.flatten();
            // Bonds are priced in percent of par: the price of one unit of face value.
            tx.price = px.flatten().map(|p| per_unit_price(p, signed, tx.amount));
            tx.currency = currency
                .and_then(|c| row.opt_text(c))
                .map(|c| c.to_ascii_uppercase());
            out.push(tx);
        }
    }
    out
}

/// `Transfers` rows (positions moved in or out, `Direction` `In`/`Out`).
fn transfers(
    blocks: &[Block],
    default_account: Option<&str>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Transaction> {
    let mut out = Vec::new();
    for block in in_sections(blocks, &["Transfers"]) {
        let t = &block.table;
        let (Some(symbol), Some(quantity), Some(direction)) =
            (t.find(SYMBOL), t.find(QUANTITY), t.find(&["Direction"]))
        else {
            continue;
        };
        let (category, currency, date) =
            (t.find(ASSET_CATEGORY), t.find(CURRENCY), t.find(DATE_TIME));
        let account = t.find(ACCOUNT);
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            let text = |c: Option<usize>| c.map(|c| row.text(c)).unwrap_or("");
            let cat = text(category).to_string();
            if [cat.as_str(), text(currency), row.text(symbol)]
                .iter()
                .any(|c| is_total_label(c))
            {
                continue;
            }
            let dir = row.text(direction).to_ascii_lowercase();
            let qty = number(&mut row, quantity);
            let day = date.map(|c| date_prefix(&mut row, c, DATES)).transpose();
            let (Ok(qty), Ok(day)) = (qty, day) else {
                continue;
            };
            let qty = qty.unwrap_or_default().abs();
            let line = row.line;
            let (action, signed) = if cat.eq_ignore_ascii_case("Cash") {
                (Action::CashOnly, Decimal::ZERO)
            } else if dir == "in" {
                (Action::Transfer, qty)
            } else if dir == "out" {
                (Action::Transfer, -qty)
            } else {
                warnings.push(Warning::at(
                    line,
                    format!("transfer Direction {dir:?} is neither In nor Out: ignored"),
                ));
                (Action::Other, Decimal::ZERO)
            };
            let ident = classify_identifier(row.text(symbol));
            let mut tx = Transaction::new(line, action, signed);
            tx.date = day.flatten();
            tx.account = account
                .and_then(|c| row.opt_text(c))
                .or_else(|| default_account.map(str::to_string));
            tx.asset_class = asset_class(&cat, None, row.text(symbol));
            tx.symbol = ident.symbol;
            tx.isin = ident.isin;
            tx.cusip = ident.cusip;
            tx.currency = currency
                .and_then(|c| row.opt_text(c))
                .map(|c| c.to_ascii_uppercase());
            out.push(tx);
        }
    }
    out
}

/// `Transaction History` rows ([S16]): `Transaction Type` says what happened; `-` is an empty cell.
fn history(
    blocks: &[Block],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Transaction> {
    const CASH_ONLY: &[&str] = &[
        "dividend",
        "payment in lieu",
        "foreign tax withholding",
        "withholding tax",
        "credit interest",
        "debit interest",
        "interest",
        "bond interest",
        "deposit",
        "withdrawal",
        "adjustment",
        "forex trade component",
        "other fee",
        "fee",
        "commission adjustment",
        "cash transfer",
    ];
    let mut out = Vec::new();
    for block in in_sections(blocks, &["Transaction History"]) {
        let t = &block.table;
        let mut cols = Columns::new(t);
        let kind = cols.required(&["Transaction Type", "Type"]);
        let symbol = cols.required(SYMBOL);
        let quantity = cols.required(QUANTITY);
        if let Err(p) = cols.finish() {
            problems.extend(p);
            continue;
        }
        let (date, account, description) =
            (t.find(&["Date"]), t.find(ACCOUNT), t.find(DESCRIPTION));
        let (price, net, currency) = (
            t.find(&["Price"]),
            t.find(&["Net Amount", "Gross Amount"]),
            t.find(&["Price Currency", "Currency"]),
        );
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            let text = |c: Option<usize>| {
                c.map(|c| row.text(c))
                    .filter(|v| !v.is_empty() && *v != "-")
                    .map(str::to_string)
            };
            let type_v = text(Some(kind)).unwrap_or_default();
            let sym = text(Some(symbol));
            let (account_v, name_v, currency_v) =
                (text(account), text(description), text(currency));
            let qty = number(&mut row, quantity);
            let day = date.map(|c| date_prefix(&mut row, c, DATES)).transpose();
            let px = price.map(|c| number(&mut row, c)).transpose();
            let amount = net.map(|c| number(&mut row, c)).transpose();
            let (Ok(qty), Ok(day), Ok(px), Ok(amount)) = (qty, day, px, amount) else {
                continue;
            };
            let line = row.line;
            let ty = type_v.to_ascii_lowercase();
            let (action, signed) = match ty.as_str() {
                "buy" => match qty {
                    Some(q) => (Action::Buy, q.abs()),
                    None => {
                        row.problem(quantity, "is empty but required for a Buy");
                        continue;
                    }
                },
                "sell" => match qty {
                    Some(q) => (Action::Sell, -q.abs()),
                    None => {
                        row.problem(quantity, "is empty but required for a Sell");
                        continue;
                    }
                },
                "transfer" | "position transfer" => (Action::Transfer, qty.unwrap_or_default()),
                _ if CASH_ONLY.contains(&ty.as_str()) => (Action::CashOnly, Decimal::ZERO),
                _ => {
                    warnings.push(Warning::at(
                        line,
                        format!("unknown Transaction Type {type_v:?}: the row is ignored"),
                    ));
                    (Action::Other, Decimal::ZERO)
                }
            };
            let mut tx = Transaction::new(line, action, signed);
            if let Some(s) = &sym {
                let ident = classify_identifier(s);
                tx.symbol = ident.symbol;
                tx.isin = ident.isin;
                tx.cusip = ident.cusip;
                tx.asset_class = option_like(s).then_some(AssetClass::Option);
            }
            tx.date = day.flatten();
            tx.account = account_v;
            tx.name = name_v;
            tx.amount = amount.flatten();
            tx.price = px.flatten().map(|p| per_unit_price(p, signed, tx.amount));
            tx.currency = currency_v.map(|c| c.to_ascii_uppercase());
            out.push(tx);
        }
    }
    out
}

//! Interactive Brokers Flex Query CSV: user-chosen columns named in IBKR's CamelCase
//! (`ClientAccountID`, `CurrencyPrimary`, `Symbol`, `Quantity`, `MarkPrice`, `TradePrice`,
//! `Buy/Sell`, `IBCommission`...), any case (Ghostfolio's lower-case `currencyprimary`,
//! `tradeprice`, `ibcommission` too).
//!
//! Three layouts: a plain CSV whose first row is the header (a new header row starts each further
//! section); the same wrapped in `BOF`/`BOA`/`BOS`…`EOS`/`EOA`/`EOF` trailer records ("Include
//! header and trailer records"); and rows prefixed with their record type and section code
//! (`"HEADER","POST",…` / `"DATA","POST",…`). Sections: `POST` open positions (→ holdings,
//! `SUMMARY` rows only), `TRNT` trades (→ transactions signed by `Buy/Sell`, else by `Quantity`),
//! `CTRN` cash transactions (cash only), `CRTT` cash report (ending cash per currency). A plain
//! file's sections are recognised from their columns.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::ibkr_activity::{date_prefix, no_value, number, option_like};
use super::model::{Action, AssetClass, Cash, Holding, Parsed, Transaction, Warning};
use super::toolkit::{asset_class_from, classify_identifier, per_unit_price, Columns};
use super::{Format, Source};
use crate::diag::Problem;
use crate::identifiers::{validate_cusip, validate_isin};
use crate::table::{same_header, Record, Records, Row, Table};

pub struct IbkrFlex;

const CONTROL: &[&str] = &["BOF", "BOA", "BOS", "EOS", "EOA", "EOF"];
/// Column names only IBKR Flex queries use (detection of a plain file).
const MARKERS: &[&str] = &[
    "CurrencyPrimary",
    "ClientAccountID",
    "IBCommission",
    "IBCommissionCurrency",
    "TradePrice",
    "MarkPrice",
    "PositionValue",
    "FifoPnlUnrealized",
    "FifoPnlRealized",
    "Conid",
    "IBOrderID",
    "LevelOfDetail",
    "EndingCash",
];
/// Flex field names: a row with two of them is a header row (data rows never hold these words).
const FIELDS: &[&str] = &[
    "CurrencyPrimary",
    "ClientAccountID",
    "AccountAlias",
    "IBCommission",
    "TradePrice",
    "MarkPrice",
    "PositionValue",
    "Conid",
    "LevelOfDetail",
    "EndingCash",
    "AssetClass",
    "SubCategory",
    "Symbol",
    "Description",
    "SecurityID",
    "SecurityIDType",
    "ISIN",
    "CUSIP",
    "Quantity",
    "Buy/Sell",
    "TradeDate",
    "DateTime",
    "ReportDate",
    "SettleDate",
    "Type",
    "Amount",
    "Multiplier",
];

const ACCOUNT: &[&str] = &["ClientAccountID", "AccountAlias", "Account", "AccountID"];
const CURRENCY: &[&str] = &["CurrencyPrimary", "Currency"];
const ASSET_CLASS: &[&str] = &["AssetClass"];
const SUB_CATEGORY: &[&str] = &["SubCategory"];
const SYMBOL: &[&str] = &["Symbol"];
const DESCRIPTION: &[&str] = &["Description"];
const ISIN: &[&str] = &["ISIN"];
const CUSIP: &[&str] = &["CUSIP"];
const SECURITY_ID: &[&str] = &["SecurityID"];
const SECURITY_ID_TYPE: &[&str] = &["SecurityIDType"];
const QUANTITY: &[&str] = &["Quantity", "Position"];
const MARK_PRICE: &[&str] = &["MarkPrice", "ClosePrice"];
const POSITION_VALUE: &[&str] = &["PositionValue"];
const LEVEL: &[&str] = &["LevelOfDetail"];
const REPORT_DATE: &[&str] = &["ReportDate"];
const TRADE_PRICE: &[&str] = &["TradePrice", "Price"];
const BUY_SELL: &[&str] = &["Buy/Sell"];
const TRADE_DATE: &[&str] = &["TradeDate", "DateTime", "Date"];
const NET_CASH: &[&str] = &["NetCash", "Proceeds", "TradeMoney"];
const TYPE: &[&str] = &["Type"];
const AMOUNT: &[&str] = &["Amount"];
const CASH_DATE: &[&str] = &["SettleDate", "DateTime", "ReportDate", "Date"];
const ENDING_CASH: &[&str] = &["EndingCash"];
/// Columns only the Account Information section has (a plain file's section is known by them).
const ACCOUNT_FIELDS: &[&str] = &[
    "DateFunded",
    "DateOpened",
    "AccountType",
    "CustomerType",
    "AccountCapabilities",
];

/// Flex dates: `yyyyMMdd` (IBKR's default) or `yyyy-MM-dd`; a time after `;` is cut off.
const DATES: &[&str] = &["%Y%m%d", "%Y-%m-%d"];

impl Format for IbkrFlex {
    fn name(&self) -> &'static str {
        "ibkr-flex"
    }

    fn label(&self) -> &'static str {
        "Interactive Brokers Flex Query (CSV)"
    }

    fn detect(&self, source: &Source) -> bool {
        let Ok(records) = source.records() else {
            return false;
        };
        let Some((_, first)) = records.first() else {
            return false;
        };
        fn cell<'a>(rec: Record<'a>, i: usize) -> &'a str {
            rec.get(i).map(str::trim).unwrap_or("")
        }
        match cell(first, 0) {
            "BOF" => records
                .iter()
                .nth(1)
                .is_some_and(|(_, r)| ["BOA", "BOS", "HEADER", "EOF"].contains(&cell(r, 0))),
            "HEADER" => {
                let code = cell(first, 1);
                code.len() == 4 && code.chars().all(|c| c.is_ascii_uppercase())
            }
            _ => {
                let has = |names: &[&str]| {
                    first
                        .iter()
                        .any(|c| names.iter().any(|n| same_header(c, n)))
                };
                // An Activity Statement row (`Trades,Header,…`) is not a Flex header.
                !cell(first, 1).eq_ignore_ascii_case("Header")
                    && has(MARKERS)
                    && (has(QUANTITY) || has(AMOUNT) || has(ENDING_CASH))
            }
        }
    }

    fn parse(&self, source: &Source) -> Result<Parsed, Vec<Problem>> {
        let records = source.records()?;
        parse_flex(records)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SectionKind {
    Positions,
    Trades,
    CashTransactions,
    CashReport,
    /// Account Information (`ACCT`): its `CurrencyPrimary` is the account's base currency.
    Account,
    Other,
}

struct Section<'a> {
    kind: SectionKind,
    table: Table<'a>,
}

fn kind_of(code: Option<&str>, table: &Table) -> SectionKind {
    match code.map(str::to_ascii_uppercase).as_deref() {
        Some("POST") => SectionKind::Positions,
        Some("TRNT") => SectionKind::Trades,
        Some("CTRN") => SectionKind::CashTransactions,
        Some("CRTT") => SectionKind::CashReport,
        Some("ACCT") => SectionKind::Account,
        Some(_) => SectionKind::Other,
        None => {
            let has = |names: &[&str]| table.find(names).is_some();
            if has(ENDING_CASH) {
                SectionKind::CashReport
            } else if has(QUANTITY)
                && (has(&[
                    "TradePrice",
                    "Buy/Sell",
                    "TradeDate",
                    "IBCommission",
                    "TradeID",
                ]))
            {
                SectionKind::Trades
            } else if has(QUANTITY) {
                SectionKind::Positions
            } else if has(TYPE) && has(AMOUNT) {
                SectionKind::CashTransactions
            } else if has(CURRENCY) && has(ACCOUNT_FIELDS) {
                SectionKind::Account
            } else {
                SectionKind::Other
            }
        }
    }
}

fn is_header_row(rec: Record<'_>) -> bool {
    rec.iter()
        .filter(|c| FIELDS.iter().any(|f| same_header(c, f)))
        .count()
        >= 2
}

/// Splits the records into sections (see the module doc for the three layouts). Also returns
/// the `BOF` record's period end (its 6th field) and line.
fn sections(records: &Records) -> (Vec<Section<'_>>, Option<(String, u64)>) {
    let mut out: Vec<(Option<String>, Table)> = Vec::new();
    let mut coded: HashMap<String, usize> = HashMap::new();
    let mut bos_code: Option<String> = None;
    let mut expect_header = true;
    let mut plain: Option<usize> = None;
    let mut bof = None;
    for (index, (line, rec)) in records.iter().enumerate() {
        let c0 = rec.get(0).map(str::trim).unwrap_or("");
        let c1 = rec.get(1).map(str::trim).unwrap_or("").to_string();
        if CONTROL.contains(&c0) {
            match c0 {
                "BOF" => bof = rec.get(5).map(|d| (d.trim().to_string(), line)),
                "BOS" => {
                    bos_code = Some(c1);
                    expect_header = true;
                    plain = None;
                }
                "EOS" => {
                    bos_code = None;
                    plain = None;
                }
                _ => {}
            }
            continue;
        }
        if c0 == "HEADER" {
            coded.insert(c1.clone(), out.len());
            out.push((Some(c1), records.empty_table(index)));
            expect_header = false;
            continue;
        }
        if c0 == "DATA" {
            // A DATA row before its HEADER has no column names: skipped.
            if let Some((_, t)) = coded.get(&c1).and_then(|&i| out.get_mut(i)) {
                t.push(index);
            }
            continue;
        }
        match plain {
            Some(i) if !expect_header && !is_header_row(rec) => {
                if let Some((_, t)) = out.get_mut(i) {
                    t.push(index);
                }
            }
            _ => {
                plain = Some(out.len());
                out.push((bos_code.clone(), records.empty_table(index)));
                expect_header = false;
            }
        }
    }
    let sections = out
        .into_iter()
        .map(|(code, table)| Section {
            kind: kind_of(code.as_deref(), &table),
            table,
        })
        .collect();
    (sections, bof)
}

fn of_kind<'a>(
    sections: &'a [Section<'a>],
    kind: SectionKind,
) -> impl Iterator<Item = &'a Section<'a>> {
    sections.iter().filter(move |s| s.kind == kind)
}

/// Asset class from Flex `AssetClass` codes (`STK`, `OPT`, `BOND`...) and `SubCategory` (`ETF`).
fn asset_class(code: &str, sub: &str, symbol: &str) -> Option<AssetClass> {
    let c = code.trim().to_ascii_uppercase();
    Some(match c.as_str() {
        "" => return option_like(symbol).then_some(AssetClass::Option),
        "STK" if sub.trim().eq_ignore_ascii_case("ETF") => AssetClass::Etf,
        "STK" => AssetClass::Equity,
        "OPT" | "FOP" | "FSFOP" | "IOPT" | "FSOPT" => AssetClass::Option,
        "BOND" | "BILL" | "TBILL" => AssetClass::Bond,
        "FUND" => AssetClass::Fund,
        "CRYPTO" => AssetClass::Crypto,
        "FUT" | "WAR" | "CFD" | "CMDTY" | "FXCFD" | "BAG" | "IND" | "CASH" => AssetClass::Other,
        _ => return asset_class_from(&c),
    })
}

/// Column positions shared by positions and trades.
struct Ids {
    account: Option<usize>,
    currency: Option<usize>,
    class: Option<usize>,
    sub: Option<usize>,
    symbol: Option<usize>,
    description: Option<usize>,
    isin: Option<usize>,
    cusip: Option<usize>,
    security_id: Option<usize>,
    security_id_type: Option<usize>,
}

impl Ids {
    fn new(t: &Table) -> Ids {
        Ids {
            account: t.find(ACCOUNT),
            currency: t.find(CURRENCY),
            class: t.find(ASSET_CLASS),
            sub: t.find(SUB_CATEGORY),
            symbol: t.find(SYMBOL),
            description: t.find(DESCRIPTION),
            isin: t.find(ISIN),
            cusip: t.find(CUSIP),
            security_id: t.find(SECURITY_ID),
            security_id_type: t.find(SECURITY_ID_TYPE),
        }
    }

    /// A problem on the header line when no column identifies the security.
    fn check(&self, t: &Table) -> Result<(), Problem> {
        if self
            .symbol
            .or(self.isin)
            .or(self.cusip)
            .or(self.security_id)
            .is_none()
        {
            return Err(Problem::at(
                &t.file,
                t.header_line,
                "the header has no \"Symbol\" (or ISIN, CUSIP, SecurityID) column",
            ));
        }
        Ok(())
    }
}

/// What one row says about its security; identifier cells are checked (a wrong check digit is
/// a problem on its cell).
struct Security {
    account: Option<String>,
    currency: Option<String>,
    class_code: String,
    symbol: Option<String>,
    isin: Option<String>,
    cusip: Option<String>,
    name: Option<String>,
    asset_class: Option<AssetClass>,
}

fn security(row: &mut Row, ids: &Ids) -> Option<Security> {
    let text = |row: &Row, c: Option<usize>| c.and_then(|c| row.opt_text(c));
    let mut ok = true;
    let mut checked = |row: &mut Row, c: Option<usize>, isin: bool| -> Option<String> {
        let col = c?;
        let v = row.opt_text(col)?.to_ascii_uppercase();
        let r = if isin {
            validate_isin(&v)
        } else {
            validate_cusip(&v)
        };
        match r {
            Ok(()) => Some(v),
            Err(e) => {
                row.problem(col, e);
                ok = false;
                None
            }
        }
    };
    let mut isin = checked(row, ids.isin, true);
    let mut cusip = checked(row, ids.cusip, false);
    if let Some(c) = ids.security_id {
        let kind = text(row, ids.security_id_type)
            .unwrap_or_default()
            .to_ascii_uppercase();
        match kind.as_str() {
            "ISIN" if isin.is_none() => isin = checked(row, Some(c), true),
            "CUSIP" if cusip.is_none() => cusip = checked(row, Some(c), false),
            "" => {
                if let Some(v) = row.opt_text(c) {
                    let ident = classify_identifier(&v);
                    isin = isin.or(ident.isin);
                    cusip = cusip.or(ident.cusip);
                }
            }
            _ => {}
        }
    }
    let raw_symbol = text(row, ids.symbol).unwrap_or_default();
    let ident = classify_identifier(&raw_symbol);
    let class_code = text(row, ids.class).unwrap_or_default();
    let sub = text(row, ids.sub).unwrap_or_default();
    if !ok {
        return None;
    }
    Some(Security {
        account: text(row, ids.account),
        currency: text(row, ids.currency).map(|c| c.to_ascii_uppercase()),
        asset_class: asset_class(&class_code, &sub, &raw_symbol),
        class_code,
        symbol: ident.symbol,
        isin: isin.or(ident.isin),
        cusip: cusip.or(ident.cusip),
        name: text(row, ids.description),
    })
}

fn parse_flex(records: &Records) -> Result<Parsed, Vec<Problem>> {
    let (sections, bof) = sections(records);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let has = |k| of_kind(&sections, k).next().is_some();
    let mut report_dates = Vec::new();
    let mut forex = Vec::new();
    let mut parsed = if has(SectionKind::Positions) {
        Parsed::positions(positions(
            &sections,
            &mut report_dates,
            &mut forex,
            &mut problems,
            &mut warnings,
        ))
    } else if has(SectionKind::Trades) || has(SectionKind::CashTransactions) {
        let mut tx = trades(&sections, &mut problems, &mut warnings);
        tx.extend(cash_transactions(&sections, &mut problems, &mut warnings));
        Parsed::transactions(tx)
    } else {
        return Err(vec![Problem::file(
            &records.file,
            "this Flex Query has no Open Positions or Trades section (its columns need Symbol and Quantity): add the Open Positions section to the query",
        )]);
    };
    parsed.cash = cash_report(&sections, &mut problems);
    if parsed.cash.is_empty() {
        parsed.cash = forex;
    }
    parsed.account_currency = base_currency(&sections);
    if !problems.is_empty() {
        return Err(problems);
    }
    // The period end of the BOF record, else the positions' report date.
    parsed.as_of = match bof {
        Some((d, line)) if !d.is_empty() => {
            let day = d.split([';', ',', ' ']).next().unwrap_or("");
            match super::toolkit::parse_date(day, DATES) {
                Ok(d) => Some(d),
                Err(e) => {
                    warnings.push(Warning::at(
                        line,
                        format!("the BOF period end is not understood ({e}); the as-of date is taken from ReportDate"),
                    ));
                    report_dates.iter().max().copied()
                }
            }
        }
        _ => report_dates.iter().max().copied(),
    };
    parsed.warnings = warnings;
    Ok(parsed)
}

fn positions(
    sections: &[Section],
    report_dates: &mut Vec<NaiveDate>,
    forex: &mut Vec<Cash>,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Holding> {
    let mut holdings = Vec::new();
    for section in of_kind(sections, SectionKind::Positions) {
        let t = &section.table;
        let ids = Ids::new(t);
        let mut cols = Columns::new(t);
        let quantity = cols.required(QUANTITY);
        if let Err(p) = ids.check(t) {
            cols.problems.push(p);
        }
        if let Err(p) = cols.finish() {
            problems.extend(p);
            continue;
        }
        let (price, value) = (t.find(MARK_PRICE), t.find(POSITION_VALUE));
        let (level, report_date) = (t.find(LEVEL), t.find(REPORT_DATE));
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            // LOT rows detail the SUMMARY row of the same position.
            if level.is_some_and(|c| row.text(c).eq_ignore_ascii_case("LOT")) {
                continue;
            }
            let sec = security(&mut row, &ids);
            let qty = match number(&mut row, quantity) {
                Ok(Some(q)) => Some(q),
                Ok(None) => {
                    row.problem(quantity, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let px = price.map(|c| number(&mut row, c)).transpose();
            let mv = value.map(|c| number(&mut row, c)).transpose();
            let day = report_date
                .map(|c| date_prefix(&mut row, c, DATES))
                .transpose();
            let (Some(sec), Some(qty), Ok(px), Ok(mv), Ok(day)) = (sec, qty, px, mv, day) else {
                continue;
            };
            let line = row.line;
            if sec.symbol.is_none() && sec.isin.is_none() && sec.cusip.is_none() {
                let col = ids
                    .symbol
                    .or(ids.isin)
                    .or(ids.cusip)
                    .or(ids.security_id)
                    .unwrap_or(0);
                row.problem(col, "no symbol, ISIN or CUSIP on this row");
                continue;
            }
            if let Some(d) = day.flatten() {
                report_dates.push(d);
            }
            if sec.class_code.eq_ignore_ascii_case("CASH") {
                forex.push(Cash {
                    account: sec.account,
                    label: sec.symbol.unwrap_or_else(|| "CASH".into()),
                    amount: qty,
                    currency: sec.currency,
                    line,
                    account_value: None,
                });
                continue;
            }
            let holding = Holding {
                account: sec.account,
                symbol: sec.symbol,
                isin: sec.isin,
                cusip: sec.cusip,
                name: sec.name,
                asset_class: sec.asset_class,
                quantity: qty,
                price: px.flatten(),
                market_value: mv.flatten(),
                currency: sec.currency,
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

/// Trades, signed by `Buy/Sell` (`BUY` +, `SELL` −) or, without that column, by the sign of
/// `Quantity`. With `LevelOfDetail`, `ORDER` rows are used (else `EXECUTION` rows); closed lots
/// and summaries repeat other rows and are skipped.
fn trades(
    sections: &[Section],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Transaction> {
    let mut out = Vec::new();
    let trade_sections: Vec<&Section> = of_kind(sections, SectionKind::Trades).collect();
    let key = |t: &Table, rec: Record<'_>| {
        let cell = |names: &[&str]| {
            t.find(names)
                .and_then(|c| rec.get(c))
                .map(|s| s.trim().to_ascii_uppercase())
                .unwrap_or_default()
        };
        (cell(ACCOUNT), cell(SYMBOL), cell(ISIN))
    };
    let mut with_orders = HashSet::new();
    for s in &trade_sections {
        let Some(level) = s.table.find(LEVEL) else {
            continue;
        };
        for (_, rec) in s.table.iter() {
            if rec
                .get(level)
                .is_some_and(|v| v.trim().eq_ignore_ascii_case("ORDER"))
            {
                with_orders.insert(key(&s.table, rec));
            }
        }
    }
    for s in &trade_sections {
        let t = &s.table;
        let ids = Ids::new(t);
        let mut cols = Columns::new(t);
        let quantity = cols.required(QUANTITY);
        if let Err(p) = ids.check(t) {
            cols.problems.push(p);
        }
        if let Err(p) = cols.finish() {
            problems.extend(p);
            continue;
        }
        let (price, buy_sell, date) = (t.find(TRADE_PRICE), t.find(BUY_SELL), t.find(TRADE_DATE));
        let (level, net) = (t.find(LEVEL), t.find(NET_CASH));
        for i in 0..t.len() {
            let k = key(t, t.record(i));
            let mut row = t.row(i, problems);
            let lvl = level
                .map(|c| row.text(c).to_ascii_uppercase())
                .unwrap_or_default();
            match lvl.as_str() {
                "" | "ORDER" => {}
                "EXECUTION" if !with_orders.contains(&k) => {}
                "EXECUTION" | "CLOSED_LOT" | "SYMBOL_SUMMARY" | "ASSET_SUMMARY" | "SUMMARY"
                | "WASH_SALE" => continue,
                _ => {
                    warnings.push(Warning::at(
                        row.line,
                        format!("trade row with unknown LevelOfDetail {lvl:?} ignored"),
                    ));
                    continue;
                }
            }
            let sec = security(&mut row, &ids);
            let qty = match number(&mut row, quantity) {
                Ok(Some(q)) => Some(q),
                Ok(None) => {
                    row.problem(quantity, "is empty but required");
                    None
                }
                Err(_) => None,
            };
            let px = price.map(|c| number(&mut row, c)).transpose();
            let amount = net.map(|c| number(&mut row, c)).transpose();
            let day = date.map(|c| date_prefix(&mut row, c, DATES)).transpose();
            let (Some(sec), Some(qty), Ok(px), Ok(amount), Ok(day)) = (sec, qty, px, amount, day)
            else {
                continue;
            };
            let line = row.line;
            let bs = buy_sell
                .map(|c| row.text(c).to_ascii_uppercase())
                .unwrap_or_default();
            let (action, signed) = if sec.class_code.eq_ignore_ascii_case("CASH") {
                // A currency conversion: cash, not a security.
                (Action::CashOnly, Decimal::ZERO)
            } else if bs.contains("(CA.)") {
                // A cancellation carries the reversing quantity with its sign.
                (
                    if qty.is_sign_negative() {
                        Action::Sell
                    } else {
                        Action::Buy
                    },
                    qty,
                )
            } else if bs.starts_with("BUY") {
                (Action::Buy, qty.abs())
            } else if bs.starts_with("SELL") {
                (Action::Sell, -qty.abs())
            } else if bs.is_empty() {
                (
                    if qty.is_sign_negative() {
                        Action::Sell
                    } else {
                        Action::Buy
                    },
                    qty,
                )
            } else {
                warnings.push(Warning::at(
                    line,
                    format!("unknown Buy/Sell code {bs:?}: the trade is ignored"),
                ));
                (Action::Other, Decimal::ZERO)
            };
            let mut tx = Transaction::new(line, action, signed);
            tx.date = day.flatten();
            tx.account = sec.account;
            tx.symbol = sec.symbol;
            tx.isin = sec.isin;
            tx.cusip = sec.cusip;
            tx.name = sec.name;
            tx.asset_class = sec.asset_class;
            tx.amount = amount.flatten();
            // Bonds are priced in percent of par: the price of one unit of face value.
            tx.price = px.flatten().map(|p| per_unit_price(p, signed, tx.amount));
            tx.currency = sec.currency;
            out.push(tx);
        }
    }
    out
}

/// Cash transactions (dividends, withholding tax, interest, deposits, fees): no share change.
fn cash_transactions(
    sections: &[Section],
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Warning>,
) -> Vec<Transaction> {
    const CASH_WORDS: &[&str] = &[
        "dividend",
        "withholding",
        "interest",
        "deposit",
        "withdrawal",
        "fee",
        "commission",
        "adjustment",
        "payment in lieu",
        "tax",
    ];
    let mut out = Vec::new();
    for s in of_kind(sections, SectionKind::CashTransactions) {
        let t = &s.table;
        let mut cols = Columns::new(t);
        let kind = cols.required(TYPE);
        let amount = cols.required(AMOUNT);
        if let Err(p) = cols.finish() {
            problems.extend(p);
            continue;
        }
        let ids = Ids::new(t);
        let (date, level) = (t.find(CASH_DATE), t.find(LEVEL));
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            if level.is_some_and(|c| row.text(c).to_ascii_uppercase().contains("SUMMARY")) {
                continue;
            }
            let ty = row.text(kind).to_string();
            let sec = security(&mut row, &ids);
            let amt = number(&mut row, amount);
            let day = date.map(|c| date_prefix(&mut row, c, DATES)).transpose();
            let (Some(sec), Ok(amt), Ok(day)) = (sec, amt, day) else {
                continue;
            };
            let lower = ty.to_ascii_lowercase();
            let action = if CASH_WORDS.iter().any(|w| lower.contains(w)) {
                Action::CashOnly
            } else {
                warnings.push(Warning::at(
                    row.line,
                    format!("unknown cash transaction Type {ty:?}: the row is ignored"),
                ));
                Action::Other
            };
            let mut tx = Transaction::new(row.line, action, Decimal::ZERO);
            tx.date = day.flatten();
            tx.account = sec.account;
            tx.symbol = sec.symbol;
            tx.isin = sec.isin;
            tx.cusip = sec.cusip;
            tx.name = sec.name;
            tx.amount = amt;
            tx.currency = sec.currency;
            out.push(tx);
        }
    }
    out
}

/// The base currency the Account Information section states (`CurrencyPrimary`), if every
/// account of the file has the same one.
fn base_currency(sections: &[Section]) -> Option<String> {
    let mut found: Option<String> = None;
    for s in of_kind(sections, SectionKind::Account) {
        let Some(c) = s.table.find(CURRENCY) else {
            continue;
        };
        for (_, rec) in s.table.iter() {
            let code = rec.get(c).unwrap_or("").trim().to_ascii_uppercase();
            if code.is_empty() {
                continue;
            }
            match &found {
                Some(f) if *f != code => return None,
                Some(_) => {}
                None => found = Some(code),
            }
        }
    }
    found
}

/// Ending cash per currency; the base-currency summary (`BASE_SUMMARY`, `BaseCurrency`) only
/// when there is no per-currency row.
fn cash_report(sections: &[Section], problems: &mut Vec<Problem>) -> Vec<Cash> {
    let mut per_currency = Vec::new();
    let mut base = Vec::new();
    for s in of_kind(sections, SectionKind::CashReport) {
        let t = &s.table;
        let Some(ending) = t.find(ENDING_CASH) else {
            continue;
        };
        let (currency, level, account) = (t.find(CURRENCY), t.find(LEVEL), t.find(ACCOUNT));
        for i in 0..t.len() {
            let mut row = t.row(i, problems);
            let Ok(Some(amount)) = number(&mut row, ending) else {
                continue;
            };
            let cur = currency
                .map(|c| row.text(c).to_ascii_uppercase())
                .unwrap_or_default();
            let lvl = level.map(|c| row.text(c)).unwrap_or("");
            let is_base = cur == "BASE_SUMMARY" || same_header(lvl, "BaseCurrency");
            let cash = Cash {
                account: account.and_then(|c| row.opt_text(c)),
                label: "EndingCash".into(),
                amount,
                currency: (!cur.is_empty() && cur != "BASE_SUMMARY").then_some(cur),
                line: row.line,
                account_value: None,
            };
            if is_base {
                base.push(cash);
            } else {
                per_currency.push(cash);
            }
        }
    }
    if per_currency.is_empty() {
        base
    } else {
        per_currency
    }
}

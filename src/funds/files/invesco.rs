//! Invesco holdings download (QQQ and the other Invesco ETFs).
//!
//! ```text
//! Fund Ticker,Security Identifier,Holding Ticker,Shares/Par Value,MarketValue,Weight,Name,Class of Shares,Sector,Date
//! QQQ,67066G104,NVDA ,"204,259,829","36,397,058,929.51",9.507,NVIDIA Corp,Common Stock,Information Technology,09/26/2025
//! ```
//! 2018 layout: `FundTicker,SecurityNum,HoldingsTicker,Shares,MarketValue,Weight,Name,Sector,Date`.
//!
//! Quirks: no preamble and no footer; a trailing space in every holding ticker; the weight is in
//! percent with 3 decimals; the fund and the date are on every row and must agree on all of them.
//! `Security Identifier` is the CUSIP. `Class of Shares` (`Common Stock`, `American Depository
//! Receipt`) is the asset class; the 2018 layout has none.

use super::common::{self, Agree, Cols};
use super::{FileFormat, HoldingsFile};
use crate::diag::Problem;
use crate::money::NumberFormat;

const NEW: &[&str] = &["Fund Ticker", "Security Identifier", "Holding Ticker"];
const OLD: &[&str] = &["FundTicker", "SecurityNum", "HoldingsTicker"];

pub fn detect(head: &[Vec<String>]) -> bool {
    head.first()
        .is_some_and(|l| common::has_all(l, NEW) || common::has_all(l, OLD))
}

pub fn read(file: &str, text: &str) -> Result<HoldingsFile, Vec<Problem>> {
    let Some((header_line, header_at)) =
        common::find_header(text, 5, NEW).or_else(|| common::find_header(text, 5, OLD))
    else {
        return Err(vec![Problem::file(file, "no Invesco holdings header")]);
    };
    let end = common::table_end(text, header_at);
    let records = common::records(file, text, header_line, header_at, end)?;
    let table = records.table(0, records.len());
    let cols = Cols {
        symbol: table.find(&["Holding Ticker", "HoldingsTicker"]),
        name: table.find(&["Name"]),
        asset_class: table.find(&["Class of Shares"]),
        quantity: table.find(&["Shares/Par Value", "Shares"]),
        weight: table.find(&["Weight"]),
        market_value: table.find(&["MarketValue", "Market Value"]),
        cusip: table.find(&["Security Identifier", "SecurityNum"]),
        ..Cols::default()
    };
    let (Some(fund_col), Some(date_col)) = (
        table.find(&["Fund Ticker", "FundTicker"]),
        table.find(&["Date"]),
    ) else {
        return Err(vec![Problem::at(
            file,
            header_line,
            "the header has no 'Fund Ticker' or no 'Date' column",
        )]);
    };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut bad = common::BadIds::default();
    let mut fund = Agree::new("the fund");
    let mut date = Agree::new("the date");
    let mut holdings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let Some(mut l) = common::read_row(&mut row, &cols, NumberFormat::DotDecimal, &mut bad)
        else {
            continue;
        };
        let f = row.text(fund_col).to_uppercase();
        fund.see(&mut row, fund_col, f);
        common::see_date(&mut row, date_col, &["%m/%d/%Y", "%Y-%m-%d"], &mut date);
        l.currency = Some("USD".to_string());
        holdings.push(l);
    }
    warnings.extend(bad.warning());
    let as_of = common::agreed_day(problems, date)?;
    Ok(HoldingsFile {
        fund: fund.value.map(|(f, _)| f).filter(|f| !f.is_empty()),
        fund_name: None,
        format: FileFormat::Invesco,
        as_of,
        fund_shares_outstanding: None,
        net_assets: None,
        holdings,
        warnings,
    })
}

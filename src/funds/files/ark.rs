//! ARK Invest daily holdings CSV (`ARK_INNOVATION_ETF_ARKK_HOLDINGS.csv`).
//!
//! ```text
//! date,fund,company,ticker,cusip,shares,"market value ($)","weight (%)"
//! 06/04/2024,ARKK,"TESLA INC",TSLA,88160R101,"4,125,293","$727,247,902.97",11.75%
//! 06/04/2024,ARKK,"GOLDMAN FS TRSY OBLIG INST 468",,X9USDGSFT,"11,064,247","$11,064,246.51",0.18%
//! "Investors should carefully consider … ARK ETF's net asset value (""NAV"") …"
//! ```
//! Quirks: the last two headers are quoted (2024) or not (re-saved copies); the money-market
//! line has no ticker and a pseudo-CUSIP that fails the check digit (left out, with a warning);
//! one disclaimer line follows the rows directly, with another number of cells: the table ends at
//! the first row that neither has the header's width nor starts with a date. A row that starts
//! with a date but is short is a cut-off file. The fund and date are on every row and must agree.
//! No asset-class column.

use super::common::{self, Agree, Cols};
use super::{FileFormat, HoldingsFile};
use crate::diag::Problem;
use crate::money::NumberFormat;

const HEADER: &[&str] = &["date", "fund", "company", "ticker", "cusip", "shares"];

pub fn detect(head: &[Vec<String>]) -> bool {
    head.first().is_some_and(|l| common::has_all(l, HEADER))
}

pub fn read(file: &str, text: &str) -> Result<HoldingsFile, Vec<Problem>> {
    let Some((header_line, header_at)) = common::find_header(text, 5, HEADER) else {
        return Err(vec![Problem::file(file, "no ARK holdings header")]);
    };
    let end = common::table_end(text, header_at);
    let records = common::records(file, text, header_line, header_at, end)?;
    let mut table = records.table(0, records.len());
    let width = table.headers.len();
    if let Some(footer) = (0..table.len()).find(|&i| {
        let r = table.record(i);
        r.len() != width && common::date(r.get(0).unwrap_or("")).is_none()
    }) {
        table.truncate(footer);
    }
    let cols = Cols {
        symbol: table.find(&["ticker"]),
        name: table.find(&["company"]),
        quantity: table.find(&["shares"]),
        weight: table.find(&["weight (%)", "weight"]),
        market_value: table.find(&["market value ($)", "market value"]),
        cusip: table.find(&["cusip"]),
        ..Cols::default()
    };
    let (Some(fund_col), Some(date_col)) = (table.find(&["fund"]), table.find(&["date"])) else {
        return Err(vec![Problem::at(
            file,
            header_line,
            "the header has no 'fund' or 'date' column",
        )]);
    };
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut bad = common::BadIds::default();
    let mut fund = Agree::new("the fund");
    let mut date = Agree::new("the date");
    let mut holdings = Vec::new();
    // ARK writes `11.75%`; a last weight without its `%` is a download cut off inside it.
    let mut percent_sign: Option<(bool, u64)> = None;
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let Some(mut l) = common::read_row(&mut row, &cols, NumberFormat::DotDecimal, &mut bad)
        else {
            continue;
        };
        if let Some(wc) = cols.weight {
            let sign = row.text(wc).ends_with('%');
            match percent_sign {
                None => percent_sign = Some((sign, row.line)),
                Some((first, at)) if first != sign => {
                    let msg = format!(
                        "the weight is written {} '%', unlike on line {at}: the file looks cut off or edited",
                        if sign { "with" } else { "without" }
                    );
                    row.problem(wc, msg);
                    continue;
                }
                Some(_) => {}
            }
        }
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
        format: FileFormat::Ark,
        as_of,
        fund_shares_outstanding: None,
        net_assets: None,
        holdings,
        warnings,
    })
}

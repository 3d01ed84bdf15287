//! Schwab Asset Management holdings download (`SCHD_FundHoldings_2025-10-17.CSV`).
//!
//! ```text
//! As-Of-Date,Symbol,Quantity,Percent of Assets,Name,BBG FIGI,Country,Currency,Exchange,Exchange (fx) Rate,Market Currency,Sector
//! 2025-10-17,ABBV,13438003.0000000000,4.4145720413,ABBVIE INC,BBG003P7K0B5,US,USD,XNYS,1.0000000000,USD,Health Care
//! 2025-10-17,FAZ5,8500.0000000000,-0.0008185223,S&P MID 400 EMINI DEC 25,BBG01PSLMYH9,US,USD,OTC,1.0000000000,USD,
//! (blank lines)
//! "Holdings may include collateral held by the fund for securities on loan. …"
//! ```
//! Quirks: CRLF; 10-decimal numbers; futures with negative weights and an empty sector; no
//! CUSIP and no market value, but a Bloomberg FIGI; the fund is named only in the file name,
//! which is not read (`fund` is `None`); no asset-class column. The date is on every row and must
//! agree. The table ends at the first blank line; the quoted disclaimers after it are not read.

use super::common::{self, Agree, Cols};
use super::{FileFormat, HoldingsFile};
use crate::diag::Problem;
use crate::money::NumberFormat;

const HEADER: &[&str] = &["As-Of-Date", "Symbol", "Quantity", "Percent of Assets"];

pub fn detect(head: &[Vec<String>]) -> bool {
    head.first().is_some_and(|l| common::has_all(l, HEADER))
}

pub fn read(file: &str, text: &str) -> Result<HoldingsFile, Vec<Problem>> {
    let Some((header_line, header_at)) = common::find_header(text, 5, HEADER) else {
        return Err(vec![Problem::file(file, "no Schwab holdings header")]);
    };
    let end = common::table_end(text, header_at);
    let records = common::records(file, text, header_line, header_at, end)?;
    let table = records.table(0, records.len());
    let cols = Cols {
        symbol: table.find(&["Symbol"]),
        name: table.find(&["Name"]),
        quantity: table.find(&["Quantity"]),
        weight: table.find(&["Percent of Assets"]),
        currency: table.find(&["Currency"]),
        figi: table.find(&["BBG FIGI"]),
        ..Cols::default()
    };
    let date_col = table.find(&["As-Of-Date"]).unwrap_or(0);
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut bad = common::BadIds::default();
    let mut date = Agree::new("the date");
    let mut holdings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let Some(l) = common::read_row(&mut row, &cols, NumberFormat::DotDecimal, &mut bad) else {
            continue;
        };
        common::see_date(&mut row, date_col, &["%Y-%m-%d", "%m/%d/%Y"], &mut date);
        holdings.push(l);
    }
    warnings.extend(bad.warning());
    let as_of = common::agreed_day(problems, date)?;
    Ok(HoldingsFile {
        fund: None,
        fund_name: None,
        format: FileFormat::Schwab,
        as_of,
        fund_shares_outstanding: None,
        net_assets: None,
        holdings,
        warnings,
    })
}

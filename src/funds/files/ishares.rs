//! iShares (BlackRock) CSV downloads: the US site and the UCITS sites (English and German).
//!
//! US (2023 on):
//! ```text
//! iShares Core S&P 500 ETF
//! Fund Holdings as of,"Dec 06, 2024"
//! Inception Date,"May 15, 2000"
//! Shares Outstanding,"957,950,000.00"
//! Stock,"-"  …
//! \u{a0}
//! Ticker,Name,Sector,Asset Class,Market Value,Weight (%),Notional Value,Quantity,Price,Location,Exchange,Currency,FX Rate,Market Currency,Accrual Date
//! "AAPL","APPLE INC","Information Technology","Equity","41,700,670,815.44","7.15","41,700,670,815.44","171,720,766.00","242.84","United States","NASDAQ","USD","1.00","USD","-"
//! \u{a0}
//! "The content contained herein is owned or licensed by BlackRock …   (one quoted cell, 10 lines)
//! ```
//! UCITS: `Fund Holdings as of,"17-Sep-25"` (UK) or `Fondsposition per,"20.Jan.2026"` (DE), an NBSP
//! line, then `Ticker,…,Shares,Price,Location,Exchange,Market Currency` or
//! `Emittententicker,Name,Sektor,Anlageklasse,Marktwert,Gewichtung (%),Nominalwert,Nominale,Kurs,Standort,Börse,Marktwährung`,
//! rows (`"NVDA","NVIDIA CORP","IT","Aktien","6.832.761.364,70","5,19",…`), a lone NBSP last line.
//!
//! Quirks: the table ends at the first blank or NBSP-only line, and the disclaimer after it is
//! never parsed (its quoted cell spans lines). The 2020 US layout has `Shares,CUSIP,ISIN,SEDOL`;
//! `Shares` became `Quantity` in 2023–24. Excel re-saves pad preamble rows with commas, use CRLF,
//! or drop the preamble: without its `Fund Holdings as of` line a file has no date and is refused
//! (a date is never guessed). The US file names the fund (`fund_name`) but not its ticker; the
//! UCITS files name neither. Futures (market value 0, large notional), cash, collateral and
//! money-market lines are kept with their asset class; the notional value is not read.
//! US or UCITS: the US header has an `FX Rate` column, the UCITS ones do not.

use super::common::{self, Cols};
use super::{FileFormat, HoldingsFile};
use crate::diag::Problem;
use crate::money::{self, NumberFormat};

const US_EN: &[&str] = &["Ticker", "Name", "Asset Class", "Weight (%)"];
const DE: &[&str] = &["Emittententicker", "Name", "Anlageklasse", "Gewichtung (%)"];

pub fn detect_us(head: &[Vec<String>]) -> bool {
    head.iter()
        .any(|l| common::has_all(l, US_EN) && common::has_all(l, &["FX Rate"]))
}

pub fn detect_ucits(head: &[Vec<String>]) -> bool {
    head.iter().any(|l| {
        (common::has_all(l, US_EN) && !common::has_all(l, &["FX Rate"])) || common::has_all(l, DE)
    })
}

pub fn read(file: &str, text: &str) -> Result<HoldingsFile, Vec<Problem>> {
    let header = common::find_header(text, 60, US_EN).or_else(|| common::find_header(text, 60, DE));
    let Some((header_line, header_at)) = header else {
        return Err(vec![Problem::file(file, "no iShares holdings header")]);
    };
    let header_cells = common::split_line(
        common::lines(&text[header_at..])
            .next()
            .map_or("", |(_, _, l)| l),
    );
    let german = common::has_all(&header_cells, &["Emittententicker"]);
    let us = common::has_all(&header_cells, &["FX Rate"]);
    let format = if german {
        NumberFormat::CommaDecimal
    } else {
        NumberFormat::DotDecimal
    };

    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let (mut as_of, mut fund_name, mut shares) = (None, None, None);
    for (n, _, l) in common::lines(&text[..header_at]) {
        if common::is_blank(l) {
            continue;
        }
        let cells = common::split_line(l);
        let key = cells[0].trim_end_matches(':');
        let value = cells.get(1).map_or("", String::as_str);
        if ["Fund Holdings as of", "Fondsposition per", "Holdings as of"]
            .iter()
            .any(|k| key.eq_ignore_ascii_case(k))
        {
            match common::date(value) {
                Some(d) => as_of = Some(d),
                None => problems.push(Problem::at(
                    file,
                    n,
                    format!("{} is not a date", crate::diag::snippet(value)),
                )),
            }
        } else if ["Shares Outstanding", "Anteile im Umlauf"]
            .iter()
            .any(|k| key.eq_ignore_ascii_case(k))
        {
            match money::parse_in(value, format) {
                Ok(v) => shares = v,
                Err(e) => problems.push(Problem::at(
                    file,
                    n,
                    format!("shares outstanding {}: {e}", crate::diag::snippet(value)),
                )),
            }
        } else if n == 1 && cells.iter().skip(1).all(|c| c.is_empty()) {
            fund_name = Some(key.to_string());
        }
    }
    let Some(as_of) = as_of else {
        problems.push(Problem::at(
            file,
            header_line,
            "no 'Fund Holdings as of' line above the header, so the file has no date: the preamble was removed (a re-saved copy?); download the file again from iShares",
        ));
        return Err(problems);
    };

    let end = common::table_end(text, header_at);
    let records = common::records(file, text, header_line, header_at, end)?;
    let table = records.table(0, records.len());
    let cols = Cols {
        symbol: table.find(&["Ticker", "Emittententicker"]),
        name: table.find(&["Name"]),
        asset_class: table.find(&["Asset Class", "Anlageklasse"]),
        quantity: table.find(&["Quantity", "Shares", "Nominale", "Par Value"]),
        weight: table.find(&["Weight (%)", "Gewichtung (%)"]),
        market_value: table.find(&["Market Value", "Marktwert"]),
        price: table.find(&["Price", "Kurs"]),
        currency: table.find(&["Currency", "Market Currency", "Marktwährung"]),
        cusip: table.find(&["CUSIP"]),
        isin: table.find(&["ISIN"]),
        sedol: table.find(&["SEDOL"]),
        figi: None,
    };
    let holdings = common::read_rows(&table, &cols, format, &mut problems, &mut warnings);
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(HoldingsFile {
        fund: None,
        fund_name,
        format: if us {
            FileFormat::IsharesUs
        } else {
            FileFormat::IsharesUcits
        },
        as_of,
        fund_shares_outstanding: shares,
        net_assets: None,
        holdings,
        warnings,
    })
}

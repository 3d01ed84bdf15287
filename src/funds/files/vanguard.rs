//! Vanguard "Holdings details" CSV export (advisors site).
//!
//! ```text
//! Holdings details
//! S&P 500 ETF (VOO)
//! Equity,as of 09/30/2025
//! ,SEDOL,HOLDINGS,TICKER,% OF FUNDS*,SUB-INDUSTRY,COUNTRY,SECURITYDEPOSITORYRECEIPTTYPE,MARKET VALUE*,SHARES
//! ,2379504,NVIDIA Corp,NVDA,7.94%,Semiconductors,US,---,"$112,186,263,592.90","601,277,005"
//! Fixed income,as of 09/30/2025
//! ,SEDOL,HOLDINGS,TICKER,% OF FUNDS*,MARKET VALUE*,FACEAMOUNT,COUPONYIELD,MATURITY DATE
//! Short-term reserves,as of 09/30/2025
//! ,SEDOL,HOLDINGS,TICKER,% OF FUNDS*,MARKET VALUE*
//! ,---,MKTLIQ,---,0.43%,"$6,083,413,408.40"
//! "** There may be deviations when applying fair value and other considerations."
//! ```
//! Quirks: blank lines everywhere; LF preamble and CRLF rows in one file; one table per section,
//! each with its own header (2020: `SECTOR`, `SECURITY DEPOSITORY RECEIPT TYPE`); the first
//! column is always empty; `---` is empty; tickers `BRK/B`. A weight of `<0.01%` is tiny but
//! unknown: it is read as `None` and the lines so read are counted in one warning. The section
//! name is the line's asset class (`Equity`, `Fixed income`, `Short-term reserves`); fixed-income
//! quantity is the face amount. The fund's ticker comes from the `S&P 500 ETF (VOO)` line. The
//! quoted footnotes after the last section are not parsed. SHARES are the whole portfolio's
//! (every share class: VOO and VFIAX together), not the ETF's.

use super::common;
use super::{FileFormat, HoldingsFile};
use crate::diag::Problem;
use crate::money::NumberFormat;

const HEADER: &[&str] = &["SEDOL", "HOLDINGS", "TICKER", "% OF FUNDS*"];

pub fn detect(head: &[Vec<String>]) -> bool {
    head.iter()
        .any(|l| l.first().is_some_and(String::is_empty) && common::has_all(l, HEADER))
}

/// `Equity,as of 09/30/2025`: the section name and its date text.
fn section(cells: &[String]) -> Option<(&str, &str)> {
    let name = cells.first()?.as_str();
    let rest = cells.get(1)?.trim();
    let date = rest
        .strip_prefix("as of")
        .or_else(|| rest.strip_prefix("As of"))?;
    (!name.is_empty()).then_some((name, date.trim()))
}

/// `S&P 500 ETF (VOO)`: the name and the ticker in parentheses.
fn title(line: &str) -> Option<(String, String)> {
    let t = common::clean(line);
    let (name, rest) = t.strip_suffix(')')?.rsplit_once('(')?;
    let ticker = rest.trim();
    let ok = (1..=6).contains(&ticker.len()) && ticker.chars().all(|c| c.is_ascii_uppercase());
    ok.then(|| (name.trim().to_string(), ticker.to_string()))
}

pub fn read(file: &str, text: &str) -> Result<HoldingsFile, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let (mut fund, mut fund_name) = (None, None);
    let mut as_of: Option<(chrono::NaiveDate, u64)> = None;
    let mut seen_section = false;
    // The footnotes start with a quote in the first column, which no row or header does; the
    // table text ends there so that a footnote's quoting never reaches the CSV reader.
    let mut end = text.len();
    for (_, at, l) in common::lines(text) {
        if seen_section && l.starts_with('"') {
            end = at;
            break;
        }
        if section(&common::split_line(l)).is_some() {
            seen_section = true;
        } else if !seen_section && fund.is_none() {
            if let Some((name, ticker)) = title(l) {
                fund_name = Some(name);
                fund = Some(ticker);
            }
        }
    }
    let records = common::records(file, text, 1, 0, end)?;

    // Sections and their tables, in file order: (name, header record, data records).
    let mut tables: Vec<(String, usize, Vec<usize>)> = Vec::new();
    let mut current: Option<String> = None;
    let mut first_date: Option<(u64, String)> = None;
    for (i, (line, rec)) in records.iter().enumerate() {
        let cells: Vec<String> = rec.iter().map(|c| common::clean(c).to_string()).collect();
        if let Some((name, date)) = section(&cells) {
            match common::date(date) {
                Some(d) => match &as_of {
                    Some((first, at)) if *first != d => problems.push(Problem::at(
                        file,
                        line,
                        format!("the section is as of {d}, the one on line {at} as of {first}: one file holds one day"),
                    )),
                    Some(_) => {}
                    None => as_of = Some((d, line)),
                },
                None => problems.push(Problem::at(
                    file,
                    line,
                    format!("{} is not a date MM/DD/YYYY", crate::diag::snippet(date)),
                )),
            }
            first_date.get_or_insert((line, date.to_string()));
            current = Some(name.to_string());
        } else if cells.first().is_some_and(String::is_empty) && common::has_all(&cells, HEADER) {
            match &current {
                Some(name) => tables.push((name.clone(), i, Vec::new())),
                None => problems.push(Problem::at(
                    file,
                    line,
                    "a table header before any section line (`Equity,as of …`)",
                )),
            }
        } else if cells.first().is_some_and(String::is_empty) {
            match tables.last_mut() {
                Some(t) if current.as_deref() == Some(t.0.as_str()) => t.2.push(i),
                _ => problems.push(Problem::at(
                    file,
                    line,
                    "a holdings row before its table's header",
                )),
            }
        }
        // Other lines with a first cell are the preamble (`Holdings details`, the fund's title).
    }

    let mut holdings = Vec::new();
    let mut tiny = 0usize;
    for (name, header, rows) in &tables {
        let mut table = records.empty_table(*header);
        for &r in rows {
            table.push(r);
        }
        let sedol = table.find(&["SEDOL"]);
        let symbol = table.find(&["TICKER"]);
        let holding = table.find(&["HOLDINGS"]);
        let weight = table.find(&["% OF FUNDS*", "% OF FUNDS"]);
        let value = table.find(&["MARKET VALUE*", "MARKET VALUE"]);
        let quantity = table.find(&["SHARES", "FACEAMOUNT", "FACE AMOUNT"]);
        for i in 0..table.len() {
            let mut row = table.row(i, &mut problems);
            if common::check_width(&mut row).is_err() {
                continue;
            }
            let mut l = common::line(row.line);
            l.asset_class = Some(name.clone());
            l.sedol = sedol.and_then(|c| common::sedol(row.text(c)));
            l.symbol = symbol.and_then(|c| common::upper(row.text(c)));
            l.name = holding.and_then(|c| common::text(row.text(c)));
            l.currency = Some("USD".to_string());
            let w = match weight {
                Some(c) if row.text(c).starts_with('<') => {
                    tiny += 1;
                    Ok(None)
                }
                _ => common::percent(&mut row, weight, NumberFormat::DotDecimal),
            };
            let v = common::number(&mut row, value, NumberFormat::DotDecimal);
            let q = common::number(&mut row, quantity, NumberFormat::DotDecimal);
            if let (Ok(w), Ok(v), Ok(q)) = (w, v, q) {
                l.weight = w;
                l.market_value = v;
                l.quantity = q;
                holdings.push(l);
            }
        }
    }
    if tiny > 0 {
        warnings.push(format!(
            "{tiny} line{} weigh \"<0.01%\": their weight is read as unknown (each under 0.01 %)",
            if tiny == 1 { "" } else { "s" }
        ));
    }
    let as_of = match as_of {
        Some((d, _)) => d,
        None => {
            if first_date.is_none() {
                problems.push(Problem::file(
                    file,
                    "no section line such as `Equity,as of 09/30/2025`: the file has no date",
                ));
            }
            return Err(problems);
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(HoldingsFile {
        fund,
        fund_name,
        format: FileFormat::Vanguard,
        as_of,
        fund_shares_outstanding: None,
        net_assets: None,
        holdings,
        warnings,
    })
}

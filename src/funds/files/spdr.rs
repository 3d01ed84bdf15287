//! State Street SPDR daily holdings workbook (`holdings-daily-us-en-spy.xlsx`).
//!
//! ```text
//! row 1  Fund Name:     | SPDR® S&P 500® ETF Trust
//! row 2  Ticker Symbol: | SPY
//! row 3  Holdings:      | As of 30-Sep-2025
//! row 4  (empty)
//! row 5  Name | Ticker | Identifier | SEDOL | Weight | Sector | Shares Held | Local Currency
//! row 6  NVIDIA CORP | NVDA | 67066G104 | 2379504 | 7.97952 | - | 290940470.0 | USD
//! …      US DOLLAR | - | 999USDZ92 | - | 0.260806 | - | 1774232891.43 | USD
//!        (empty rows, then six long disclaimer cells)
//! ```
//! Quirks: one sheet, `holdings`; `Identifier` is a CUSIP, as text (`037833100`) or as a number
//! that lost its leading zeros (`37833100`): left-padded to 9; `Weight` is a number in percent;
//! `Shares Held` a float (read through its shortest decimal spelling, so `290940470.0` is exactly
//! 290940470); `-` is empty; CVRs and cash have pseudo-identifiers (`457CVR017`, `999USDZ92`). The
//! table ends at the first empty row. Cells are streamed, never laid out as a grid: a hostile
//! sheet with one cell at A1 and one at XFD1048576 costs two cells, not 17 billion.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{DataRef, Reader, Xlsx};

use super::common;
use super::{FileFormat, HoldingsFile, SUPPORTED};
use crate::diag::{snippet, Problem};
use crate::money;

/// More cells than a SPDR total-market workbook has by far (about 5,000 rows of 8 cells).
const MAX_CELLS: usize = 2_000_000;
/// Columns past this are ignored: the layout has 8.
const MAX_COLUMN: u32 = 64;
/// The sum of the sizes the zip directory declares for its entries; a holdings workbook unpacks
/// to a few MB. A declared size can lie, so this refuses honest zip bombs, not crafted ones.
const MAX_UNPACKED: u64 = 512 << 20;

pub fn read(file: &str, bytes: &[u8]) -> Result<HoldingsFile, Vec<Problem>> {
    let broken = |e: String| {
        vec![Problem::file(
            file,
            format!("the .xlsx workbook is damaged or cut off ({e}); download it again"),
        )]
    };
    if declared_size(bytes).is_some_and(|n| n > MAX_UNPACKED) {
        return Err(vec![Problem::file(
            file,
            format!(
                "the workbook unpacks to more than {} MB: not a holdings file",
                MAX_UNPACKED >> 20
            ),
        )]);
    }
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| broken(e.to_string()))?;
    let names = book.sheet_names();
    let Some(sheet) = names
        .iter()
        .find(|n| n.trim().eq_ignore_ascii_case("holdings"))
        .or_else(|| names.first())
        .cloned()
    else {
        return Err(broken("no worksheet".into()));
    };
    let mut reader = book
        .worksheet_cells_reader(&sheet)
        .map_err(|e| broken(e.to_string()))?;
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut count = 0usize;
    while let Some(cell) = reader.next_cell().map_err(|e| broken(e.to_string()))? {
        let (r, c) = cell.get_position();
        let value = match cell.get_value() {
            DataRef::String(s) => common::clean(s).to_string(),
            DataRef::SharedString(s) => common::clean(s).to_string(),
            // calamine hands numeric cells over as binary floats: they become text here, at
            // once, in their shortest round-trip spelling (7.97952 stays 7.97952), and are read
            // as decimals like every CSV cell; no arithmetic ever touches the float.
            DataRef::Float(f) => f.to_string(),
            DataRef::Int(i) => i.to_string(),
            DataRef::Bool(b) => b.to_string(),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
            DataRef::DateTime(d) => d.to_string(),
            DataRef::Error(e) => format!("#{e}"),
            DataRef::Empty => continue,
        };
        if c > MAX_COLUMN {
            continue;
        }
        if value.is_empty() {
            continue;
        }
        count += 1;
        if count > MAX_CELLS {
            return Err(vec![Problem::file(
                file,
                format!("the sheet has more than {MAX_CELLS} cells: not a holdings file"),
            )]);
        }
        rows.entry(r).or_default().push((c, value));
    }
    drop(reader);
    parse(file, &rows)
}

/// Cell `col` of a row ("" when empty).
fn at(row: &[(u32, String)], col: u32) -> String {
    row.iter()
        .find(|(c, _)| *c == col)
        .map_or(String::new(), |(_, v)| v.clone())
}

fn parse(
    file: &str,
    rows: &BTreeMap<u32, Vec<(u32, String)>>,
) -> Result<HoldingsFile, Vec<Problem>> {
    let not_spdr = || {
        vec![Problem::file(
            file,
            format!("a workbook, but not a State Street SPDR holdings file (no 'Fund Name:' row and 'Name, Ticker, Identifier, Weight' header); supported: {SUPPORTED}"),
        )]
    };
    let header = rows.iter().take(30).find(|(_, cells)| {
        let texts: Vec<String> = cells.iter().map(|(_, v)| v.clone()).collect();
        common::has_all(&texts, &["Name", "Ticker", "Identifier", "Weight"])
    });
    let Some((&header_row, header_cells)) = header else {
        return Err(not_spdr());
    };
    let mut problems = Vec::new();
    let (mut fund, mut fund_name, mut as_of) = (None, None, None);
    for (&r, cells) in rows.range(..header_row) {
        let key = at(cells, 0);
        let value = at(cells, 1);
        match key
            .trim_end_matches(':')
            .trim()
            .to_ascii_lowercase()
            .as_str()
        {
            "fund name" => fund_name = common::text(&value),
            "ticker symbol" => fund = common::upper(&value),
            "holdings" => match common::date(&value) {
                Some(d) => as_of = Some(d),
                None => problems.push(Problem::cell(
                    file,
                    u64::from(r) + 1,
                    2,
                    "Holdings:",
                    format!(
                        "{} is not a date such as 'As of 30-Sep-2025'",
                        snippet(&value)
                    ),
                )),
            },
            _ => {}
        }
    }
    let headers: Vec<(u32, String)> = header_cells.iter().map(|(c, v)| (*c, v.clone())).collect();
    let col = |names: &[&str]| {
        headers
            .iter()
            .find(|(_, h)| names.iter().any(|n| h.eq_ignore_ascii_case(n)))
            .map(|(c, h)| (*c, h.clone()))
    };
    let (name, ticker, ident, sedol) = (
        col(&["Name"]),
        col(&["Ticker"]),
        col(&["Identifier", "CUSIP"]),
        col(&["SEDOL"]),
    );
    let (weight, shares, currency) = (
        col(&["Weight"]),
        col(&["Shares Held", "Shares"]),
        col(&["Local Currency", "Currency"]),
    );
    let mut bad = common::BadIds::default();
    let mut holdings = Vec::new();
    for (expect, (&r, cells)) in (header_row + 1..).zip(rows.range(header_row + 1..)) {
        // The table ends at the first empty row; the disclaimer cells come after it.
        if r != expect {
            break;
        }
        let line = u64::from(r) + 1;
        let get =
            |c: &Option<(u32, String)>| c.as_ref().map_or(String::new(), |(c, _)| at(cells, *c));
        let mut l = common::line(line);
        l.name = common::text(&get(&name));
        l.symbol = common::upper(&get(&ticker));
        l.cusip = bad.cusip(line, &get(&ident));
        l.sedol = common::sedol(&get(&sedol));
        l.currency = common::upper(&get(&currency));
        let mut num = |c: &Option<(u32, String)>| -> Result<Option<rust_decimal::Decimal>, ()> {
            let Some((k, h)) = c else { return Ok(None) };
            let t = at(cells, *k);
            match money::parse(&t) {
                Ok(v) if v.is_some_and(|v| v.abs() > money::MAX_INPUT) => {
                    problems.push(Problem::cell(
                        file,
                        line,
                        *k as usize + 1,
                        h,
                        format!("{} is implausibly large", snippet(&t)),
                    ));
                    Err(())
                }
                Ok(v) => Ok(v),
                Err(e) => {
                    problems.push(Problem::cell(
                        file,
                        line,
                        *k as usize + 1,
                        h,
                        format!("{} is not a number: {e}", snippet(&t)),
                    ));
                    Err(())
                }
            }
        };
        let (w, q) = (num(&weight), num(&shares));
        if let (Ok(w), Ok(q)) = (w, q) {
            l.weight = w.and_then(common::fraction);
            l.quantity = q;
            holdings.push(l);
        }
    }
    let Some(as_of) = as_of else {
        problems.push(Problem::file(
            file,
            "no 'Holdings: As of …' row above the header: the workbook has no date",
        ));
        return Err(problems);
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut warnings = Vec::new();
    warnings.extend(bad.warning());
    Ok(HoldingsFile {
        fund,
        fund_name,
        format: FileFormat::Spdr,
        as_of,
        fund_shares_outstanding: None,
        net_assets: None,
        holdings,
        warnings,
    })
}

/// The unpacked size the zip's central directory declares (sum over entries), `None` when the
/// directory cannot be found (the zip reader then reports the damage).
fn declared_size(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ENTRY: &[u8] = b"PK\x01\x02";
    let tail = bytes.len().saturating_sub(22 + 65_535);
    let eocd = (tail..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes.get(i..i + 4) == Some(EOCD))?;
    let u16_at = |i: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?) as usize)
    };
    let u32_at = |i: usize| -> Option<u64> {
        Some(u64::from(u32::from_le_bytes(
            bytes.get(i..i + 4)?.try_into().ok()?,
        )))
    };
    let entries = u16_at(eocd + 10)?;
    let mut at = usize::try_from(u32_at(eocd + 16)?).ok()?;
    let mut total = 0u64;
    for _ in 0..entries {
        if bytes.get(at..at + 4) != Some(ENTRY) {
            return None;
        }
        total = total.saturating_add(u32_at(at + 24)?);
        at += 46 + u16_at(at + 28)? + u16_at(at + 30)? + u16_at(at + 32)?;
    }
    Some(total)
}

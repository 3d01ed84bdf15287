//! What the readers share: lines and their numbers, the cut between a table and the disclaimer
//! after it, issuer dates (English and German month names), percent cells, identifier cells and
//! the checks every file gets at the end.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::{FundLine, HoldingsFile, SUPPORTED};
use crate::diag::{snippet, Problem};
use crate::identifiers::{validate_cusip, validate_isin};
use crate::money::{self, NumberFormat};
use crate::table::{Recorded, Records, Row};

pub const ZIP_MAGIC: &[u8] = b"PK\x03\x04";

/// A broken 60 MB file can have a problem on every row; the first hundred say what is wrong.
const MAX_PROBLEMS: usize = 100;

pub fn capped(mut problems: Vec<Problem>) -> Vec<Problem> {
    if problems.len() > MAX_PROBLEMS {
        let more = problems.len() - MAX_PROBLEMS;
        let file = problems[0].file.clone();
        problems.truncate(MAX_PROBLEMS);
        problems.push(Problem::file(&file, format!("… and {more} more problems")));
    }
    problems
}

pub fn unrecognised(file: &str, text: &str) -> Problem {
    let first = text
        .trim_start_matches('\u{feff}')
        .lines()
        .find(|l| !is_blank(l))
        .unwrap_or("");
    Problem::at(
        file,
        1,
        format!(
            "not a fund holdings file of a known layout (first line: {}); supported: {SUPPORTED}",
            snippet(first)
        ),
    )
}

/// Every line with its 1-based number and the byte offset where it starts; `\r` before the
/// newline is dropped (Vanguard mixes LF and CRLF in one file).
pub fn lines(text: &str) -> impl Iterator<Item = (u64, usize, &str)> + '_ {
    let mut start = 0usize;
    let mut number = 0u64;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let rest = &text[start..];
        let (line, len) = match rest.find('\n') {
            Some(k) => (&rest[..k], k + 1),
            None => (rest, rest.len()),
        };
        let at = start;
        start += len;
        number += 1;
        Some((number, at, line.strip_suffix('\r').unwrap_or(line)))
    })
}

/// Blank for a holdings table: nothing but white space (NBSP included), commas and quotes, as
/// in the lone NBSP line iShares puts before its disclaimer or the `,,,,` rows Excel pads.
pub fn is_blank(line: &str) -> bool {
    line.chars()
        .all(|c| c.is_whitespace() || c == ',' || c == '"' || c == '\u{feff}')
}

/// The cells of one line (quotes and `""` handled, no line breaks inside), trimmed, with NBSP
/// counted as space. For preambles and detection only: tables go through [`Records`].
pub fn split_line(line: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                cell.push('"');
                chars.next();
            }
            '"' => quoted = !quoted,
            ',' if !quoted => cells.push(std::mem::take(&mut cell)),
            _ => cell.push(c),
        }
    }
    cells.push(cell);
    cells.iter().map(|c| clean(c).to_string()).collect()
}

/// Trims white space including NBSP (iShares DE puts one after some sector names) and a BOM.
pub fn clean(cell: &str) -> &str {
    cell.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

/// The first `n` non-blank lines, split into cells, for detection.
pub fn head_lines(text: &str, n: usize) -> Vec<Vec<String>> {
    lines(text)
        .filter(|(_, _, l)| !is_blank(l))
        .take(n)
        .map(|(_, _, l)| split_line(l))
        .collect()
}

/// Whether `cells` has every one of `names` (case-insensitive).
pub fn has_all(cells: &[String], names: &[&str]) -> bool {
    names
        .iter()
        .all(|n| cells.iter().any(|c| c.eq_ignore_ascii_case(n)))
}

/// The first line (number, byte offset) among the first `limit` whose cells include all `names`.
pub fn find_header(text: &str, limit: usize, names: &[&str]) -> Option<(u64, usize)> {
    lines(text)
        .take(limit)
        .find(|(_, _, l)| has_all(&split_line(l), names))
        .map(|(n, at, _)| (n, at))
}

/// Byte offset where the table that starts at `header_at` ends: the first blank line after it
/// (the disclaimers that follow can hold quoted cells spanning many lines, which are not ours to
/// read), or the end of the text.
pub fn table_end(text: &str, header_at: usize) -> usize {
    lines(&text[header_at..])
        .find(|(_, _, l)| is_blank(l))
        .map_or(text.len(), |(_, at, _)| header_at + at)
}

/// The CSV records of `text[start..end]`, whose first line is line `first_line` of the file:
/// the records keep the file's line numbers.
pub fn records(
    file: &str,
    text: &str,
    first_line: u64,
    start: usize,
    end: usize,
) -> Result<Records, Vec<Problem>> {
    let mut part = "\n".repeat(first_line.saturating_sub(1) as usize);
    part.push_str(&text[start..end]);
    let records = Records::parse(file, &part)?;
    if records.is_empty() {
        return Err(vec![Problem::at(
            file,
            first_line,
            "the table has no header",
        )]);
    }
    Ok(records)
}

/// A row shorter than its header is a download cut off mid-row (or a re-save that lost cells).
pub fn check_width(row: &mut Row<'_>) -> Result<(), Recorded> {
    let (have, want) = (row.record.len(), row.table.headers.len());
    if have < want {
        row.problems.push(Problem::at(
            &row.table.file,
            row.line,
            format!(
                "the row has {have} cells but the header {want}: the file looks cut off or damaged"
            ),
        ));
        return Err(Recorded);
    }
    Ok(())
}

/// A number cell in the file's format; `Ok(None)` when empty or a placeholder (`-`, `---`).
pub fn number(
    row: &mut Row<'_>,
    col: Option<usize>,
    format: NumberFormat,
) -> Result<Option<Decimal>, Recorded> {
    let Some(col) = col else { return Ok(None) };
    if row.text(col).trim_matches('-').is_empty() {
        return Ok(None);
    }
    row.number_in(col, format)
}

/// A weight cell in percent (`7.15`, `5,19`, `7.94%`), as a fraction.
pub fn percent(
    row: &mut Row<'_>,
    col: Option<usize>,
    format: NumberFormat,
) -> Result<Option<Decimal>, Recorded> {
    let Some(col) = col else { return Ok(None) };
    let raw = row.text(col);
    let t = clean(raw.strip_suffix('%').unwrap_or(raw));
    if t.trim_matches('-').is_empty() {
        return Ok(None);
    }
    match money::parse_in(t, format) {
        Ok(v) => Ok(v.and_then(fraction)),
        Err(e) => {
            row.problem(col, format!("{} is not a percentage: {e}", snippet(raw)));
            Err(Recorded)
        }
    }
}

/// 8.38 (percent) as 0.0838; `None` only past `Decimal`'s range, which parsing already bounds.
pub fn fraction(percent: Decimal) -> Option<Decimal> {
    percent.checked_div(Decimal::ONE_HUNDRED)
}

/// A text cell, trimmed; `None` when empty or a placeholder dash.
pub fn text(raw: &str) -> Option<String> {
    let t = clean(raw);
    (!t.is_empty() && !t.chars().all(|c| c == '-')).then(|| t.to_string())
}

pub fn upper(raw: &str) -> Option<String> {
    text(raw).map(|t| t.to_uppercase())
}

/// Identifier cells that failed their check digit, by line, for one warning per file.
#[derive(Default)]
pub struct BadIds(pub Vec<(u64, String)>);

impl BadIds {
    /// A CUSIP as the file gives it: upper case, left-padded to 9 when all digits (Excel and
    /// some pipelines drop the leading zeros: Apple's `037833100` becomes `37833100`). The
    /// placeholder `000000000`, `N/A` and dashes are missing; a CUSIP with a wrong check digit
    /// (ARK's money-market `X9USDGSFT`, SPDR's `999USDZ92`) identifies nothing and is left out.
    pub fn cusip(&mut self, line: u64, raw: &str) -> Option<String> {
        let t = upper(raw)?;
        if t == "N/A" || t.chars().all(|c| c == '0') {
            return None;
        }
        let t = if t.len() < 9 && t.chars().all(|c| c.is_ascii_digit()) {
            format!("{t:0>9}")
        } else {
            t
        };
        match validate_cusip(&t) {
            Ok(()) => Some(t),
            Err(_) => {
                self.0.push((line, t));
                None
            }
        }
    }

    pub fn isin(&mut self, line: u64, raw: &str) -> Option<String> {
        let t = upper(raw)?;
        if t == "N/A" || t.chars().all(|c| c == '0') {
            return None;
        }
        match validate_isin(&t) {
            Ok(()) => Some(t),
            Err(_) => {
                self.0.push((line, t));
                None
            }
        }
    }

    pub fn warning(self) -> Option<String> {
        let first = self.0.first()?;
        Some(format!(
            "{} identifier{} failed the check digit and {} left out (pseudo-identifiers of cash or money-market lines, or damaged): first {} on line {}",
            self.0.len(),
            if self.0.len() == 1 { "" } else { "s" },
            if self.0.len() == 1 { "was" } else { "were" },
            first.1,
            first.0
        ))
    }
}

/// A SEDOL: 7 characters, left-padded when a spreadsheet stored it as a number.
pub fn sedol(raw: &str) -> Option<String> {
    let t = upper(raw)?;
    if t.len() < 7 && t.chars().all(|c| c.is_ascii_digit()) {
        Some(format!("{t:0>7}"))
    } else {
        Some(t)
    }
}

/// English and German month abbreviations, as issuers print them (`Dec`, `Dez`, `Mär`).
const MONTHS: [(&str, u32); 17] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("mär", 3),
    ("mrz", 3),
    ("apr", 4),
    ("may", 5),
    ("mai", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("okt", 10),
    ("nov", 11),
    ("dec", 12),
    ("dez", 12),
];

fn month(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_lowercase();
    let w: String = w.chars().take(3).collect();
    MONTHS.iter().find(|(m, _)| *m == w).map(|(_, n)| *n)
}

/// An as-of date as issuers write it: `Dec 06, 2024`, `17-Sep-25`, `20.Jan.2026`, `20.Mär.2026`,
/// `30-Sep-2025`, `09/30/2025` (US order: every US issuer), `2025-10-17`.
pub fn date(raw: &str) -> Option<NaiveDate> {
    let t = clean(raw);
    let t = t
        .strip_prefix("As of")
        .or_else(|| t.strip_prefix("as of"))
        .map_or(t, str::trim);
    if let Ok(d) = crate::import::toolkit::parse_date(t, &["%m/%d/%Y", "%Y-%m-%d"]) {
        return Some(d);
    }
    let parts: Vec<&str> = t
        .split([' ', ',', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, c] = parts[..] else { return None };
    let num = |s: &str| s.parse::<u32>().ok();
    let (day, m, year) = match (month(a), month(b)) {
        (Some(m), _) => (num(b)?, m, num(c)?),
        (None, Some(m)) => (num(a)?, m, num(c)?),
        _ => return None,
    };
    // Two-digit years (`17-Sep-25`, UK site) are this century: holdings files began in the 1990s.
    let year = match c.len() {
        2 => 2000 + year,
        4 => year,
        _ => return None,
    };
    if !(1990..=2200).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, m, day)
}

/// A line with only its line number; readers fill in what the file says.
pub fn line(line: u64) -> FundLine {
    FundLine {
        line,
        symbol: None,
        isin: None,
        cusip: None,
        sedol: None,
        figi: None,
        name: None,
        asset_class: None,
        quantity: None,
        weight: None,
        market_value: None,
        price: None,
        currency: None,
    }
}

/// Rows that name their fund and date on every line (Invesco, ARK, Schwab) must all agree: a
/// file concatenated from two downloads would mix two funds or days.
pub struct Agree<T: PartialEq + Clone + std::fmt::Display> {
    what: &'static str,
    pub value: Option<(T, u64)>,
}

impl<T: PartialEq + Clone + std::fmt::Display> Agree<T> {
    pub fn new(what: &'static str) -> Self {
        Agree { what, value: None }
    }

    pub fn see(&mut self, row: &mut Row<'_>, col: usize, value: T) {
        match &self.value {
            None => self.value = Some((value, row.line)),
            Some((first, _)) if *first == value => {}
            Some((first, at)) => {
                let msg = format!(
                    "{} {value} differs from {first} on line {at}: one file holds one fund on one day",
                    self.what
                );
                row.problem(col, msg);
            }
        }
    }
}

/// A row's day, which every row of the file must share (Invesco, ARK, Schwab).
pub fn see_date(row: &mut Row<'_>, col: usize, formats: &[&str], date: &mut Agree<NaiveDate>) {
    match row.date_in(col, formats) {
        Ok(Some(d)) => date.see(row, col, d),
        Ok(None) => row.problem(col, "is empty"),
        Err(_) => {}
    }
}

/// The day the rows agree on, or every problem found (nothing is half-read; [`super::read`]
/// says why when there is no row at all).
pub fn agreed_day(
    problems: Vec<Problem>,
    date: Agree<NaiveDate>,
) -> Result<NaiveDate, Vec<Problem>> {
    match date.value {
        Some((day, _)) if problems.is_empty() => Ok(day),
        _ => Err(problems),
    }
}

pub const NO_LINES: &str = "the file has a holdings header but no holdings lines";

/// The checks every file gets: some holdings, and weights that add up to about 100 %.
pub fn finish(file: &str, mut parsed: HoldingsFile) -> Result<HoldingsFile, Vec<Problem>> {
    if parsed.holdings.is_empty() {
        return Err(vec![Problem::file(file, NO_LINES)]);
    }
    let weights: Vec<Decimal> = parsed.holdings.iter().filter_map(|h| h.weight).collect();
    if !weights.is_empty() {
        let sum: Decimal = weights.iter().sum();
        let (low, high) = (Decimal::new(97, 2), Decimal::new(103, 2));
        if sum < low || sum > high {
            parsed.warnings.push(format!(
                "the weights add up to {} %, not about 100 %: the file may be incomplete, or its weights rounded",
                (sum * Decimal::ONE_HUNDRED).normalize()
            ));
        }
    }
    Ok(parsed)
}

/// Where each field of a [`FundLine`] is in a table (`None`: the layout has no such column).
#[derive(Default, Clone, Copy)]
pub struct Cols {
    pub symbol: Option<usize>,
    pub name: Option<usize>,
    pub asset_class: Option<usize>,
    pub quantity: Option<usize>,
    /// In percent.
    pub weight: Option<usize>,
    pub market_value: Option<usize>,
    pub price: Option<usize>,
    pub currency: Option<usize>,
    pub cusip: Option<usize>,
    pub isin: Option<usize>,
    pub sedol: Option<usize>,
    pub figi: Option<usize>,
}

/// One data row of a flat table as a [`FundLine`]; `None` when the row had a problem (recorded).
pub fn read_row(
    row: &mut Row<'_>,
    cols: &Cols,
    format: NumberFormat,
    bad: &mut BadIds,
) -> Option<FundLine> {
    check_width(row).ok()?;
    let at = row.line;
    fn cell<'r>(row: &Row<'r>, c: Option<usize>) -> &'r str {
        c.map_or("", |c| row.text(c))
    }
    let mut l = line(at);
    l.symbol = upper(cell(row, cols.symbol));
    l.name = text(cell(row, cols.name));
    l.asset_class = text(cell(row, cols.asset_class));
    l.currency = upper(cell(row, cols.currency));
    l.cusip = bad.cusip(at, cell(row, cols.cusip));
    l.isin = bad.isin(at, cell(row, cols.isin));
    l.sedol = sedol(cell(row, cols.sedol));
    l.figi = upper(cell(row, cols.figi));
    let quantity = number(row, cols.quantity, format);
    let weight = percent(row, cols.weight, format);
    let market_value = number(row, cols.market_value, format);
    let price = number(row, cols.price, format);
    l.quantity = quantity.ok()?;
    l.weight = weight.ok()?;
    l.market_value = market_value.ok()?;
    l.price = price.ok()?;
    Some(l)
}

/// Every data row of `table` read with [`read_row`], plus the identifier warning.
pub fn read_rows(
    table: &crate::table::Table<'_>,
    cols: &Cols,
    format: NumberFormat,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<String>,
) -> Vec<FundLine> {
    let mut bad = BadIds::default();
    let mut out = Vec::with_capacity(table.len());
    for i in 0..table.len() {
        let mut row = table.row(i, problems);
        if let Some(l) = read_row(&mut row, cols, format, &mut bad) {
            out.push(l);
        }
    }
    warnings.extend(bad.warning());
    out
}

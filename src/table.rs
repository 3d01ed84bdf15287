//! The shared CSV toolkit: reads any CSV text into header + records with their line numbers, and
//! gives typed cell access that records a located [`Problem`] instead of failing on the first one,
//! so a file is checked in one pass and every problem is reported at once.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::NaiveDate;
use csv::StringRecord;
use rust_decimal::Decimal;

use crate::diag::{snippet, Problem};
use crate::money;

/// Every non-blank record of a CSV text with the line where it starts. Real exports put
/// preambles, several sections and footers in one file; formats pick their header rows here.
pub struct Records {
    pub file: String,
    pub rows: Vec<(u64, StringRecord)>,
}

impl Records {
    /// Parses CSV text (RFC 4180, flexible: ragged rows are kept). A CSV-level error is a problem.
    pub fn parse(file: &str, text: &str) -> Result<Records, Vec<Problem>> {
        Records::parse_delimited(file, text, b',')
    }

    /// [`Records::parse`] with another field delimiter (`;` in Trade Republic and Portfolio
    /// Performance exports, tab in some re-saves).
    pub fn parse_delimited(file: &str, text: &str, delimiter: u8) -> Result<Records, Vec<Problem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        // Line numbers from byte offsets: the csv crate's own line counter is off by one on CRLF.
        let newlines: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(i, _)| i)
            .collect();
        let bytes = text.as_bytes();
        let line_of = |pos: Option<&csv::Position>| -> u64 {
            let Some(pos) = pos else { return 0 };
            let mut at = pos.byte() as usize;
            while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
                at += 1;
            }
            newlines.partition_point(|&n| n < at) as u64 + 1
        };
        let mut rows = Vec::new();
        for result in reader.records() {
            match result {
                Ok(rec) => {
                    if rec.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    rows.push((line_of(rec.position()), rec));
                }
                Err(e) => {
                    return Err(vec![Problem::at(
                        file,
                        line_of(e.position()),
                        format!("not valid CSV: {e}"),
                    )]);
                }
            }
        }
        // The csv crate reads an unclosed quote to the end of the file without complaint.
        if text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
            let line = rows.last().map(|(l, _)| *l).unwrap_or(1);
            return Err(vec![Problem::at(
                file,
                line,
                "a quoted field is never closed (odd number of '\"' characters): it runs to the end of the file",
            )]);
        }
        Ok(Records {
            file: file.to_string(),
            rows,
        })
    }

    /// Index of the first row at or after `from` whose cells include every one of `names`
    /// (compared with [`same_header`]).
    pub fn find_header(&self, from: usize, names: &[&str]) -> Option<usize> {
        (from..self.rows.len()).find(|&i| self.row_has_all(i, names))
    }

    /// [`Records::find_header`] among the first `limit` rows only: for formats whose export
    /// starts with its header, so that detection on a large foreign file stays cheap.
    pub fn find_header_within(&self, limit: usize, names: &[&str]) -> Option<usize> {
        (0..self.rows.len().min(limit)).find(|&i| self.row_has_all(i, names))
    }

    fn row_has_all(&self, i: usize, names: &[&str]) -> bool {
        let rec = &self.rows[i].1;
        names.iter().all(|n| rec.iter().any(|c| same_header(c, n)))
    }

    /// The table whose header is row `header` and whose data rows run up to (excluding) `end`.
    pub fn table(&self, header: usize, end: usize) -> Table<'_> {
        let (header_line, rec) = &self.rows[header];
        let end = end.min(self.rows.len()).max(header + 1);
        Table {
            file: self.file.clone(),
            headers: rec
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .collect(),
            rows: Cow::Borrowed(&self.rows[header + 1..end]),
            header_line: *header_line,
        }
    }

    /// Like [`Records::table`], but taking the records: the table owns its rows.
    pub fn into_table(mut self, header: usize) -> Table<'static> {
        let header = header.min(self.rows.len().saturating_sub(1));
        let rows = self.rows.split_off((header + 1).min(self.rows.len()));
        let (header_line, rec) = self.rows.pop().unwrap_or_default();
        Table {
            file: self.file,
            headers: rec
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .collect(),
            rows: Cow::Owned(rows),
            header_line,
        }
    }

    /// First cell of row `i`, trimmed ("" if none).
    pub fn first_cell(&self, i: usize) -> &str {
        self.rows[i].1.get(0).map(str::trim).unwrap_or("")
    }
}

/// Header names compare ignoring case, surrounding and repeated spaces, and a BOM.
pub fn same_header(cell: &str, name: &str) -> bool {
    // Word by word, without allocating: this runs on every row while formats look for headers,
    // so a data cell is rejected on its first character.
    let mut a = cell.trim_start_matches('\u{feff}').split_whitespace();
    let mut b = name.split_whitespace();
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.len() == y.len() && x.eq_ignore_ascii_case(y) => {}
            (Some(x), Some(y)) if !x.is_ascii() || !y.is_ascii() => {
                if !x
                    .chars()
                    .flat_map(char::to_lowercase)
                    .eq(y.chars().flat_map(char::to_lowercase))
                {
                    return false;
                }
            }
            _ => return false,
        }
    }
}

/// One header and its data rows. The rows are borrowed from [`Records`] when they come from a
/// file (a million-row history is not copied), owned when a format assembles a table itself.
pub struct Table<'a> {
    pub file: String,
    pub headers: Vec<String>,
    /// (1-based line where the record starts, the record)
    pub rows: Cow<'a, [(u64, StringRecord)]>,
    /// Line of the header row.
    pub header_line: u64,
}

impl Table<'static> {
    /// Parses CSV text whose first non-blank record is the header.
    pub fn parse(file: &str, text: &str) -> Result<Table<'static>, Vec<Problem>> {
        let mut records = Records::parse(file, text)?;
        if records.rows.is_empty() {
            return Err(vec![Problem::file(
                file,
                "the file is empty (no header row)",
            )]);
        }
        let (header_line, rec) = records.rows.remove(0);
        Ok(Table {
            file: file.to_string(),
            headers: rec
                .iter()
                .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
                .collect(),
            rows: Cow::Owned(records.rows),
            header_line,
        })
    }
}

impl<'a> Table<'a> {
    /// Index of the first header equal to one of `names` (see [`same_header`]).
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.iter().any(|n| same_header(h, n)))
    }

    /// Typed access to each data row; problems go to `problems`.
    pub fn row<'b>(&'b self, i: usize, problems: &'b mut Vec<Problem>) -> Row<'b> {
        let (line, record) = &self.rows[i];
        Row {
            table: self,
            line: *line,
            record,
            problems,
        }
    }

    /// Checks that the header is exactly `expected` (the dataset's schema is fixed).
    pub fn expect_headers(&self, expected: &[&str]) -> Result<(), Vec<Problem>> {
        let mut problems = Vec::new();
        for (i, name) in expected.iter().enumerate() {
            match self.headers.get(i) {
                Some(h) if h == name => {}
                Some(h) => problems.push(Problem::cell(
                    &self.file,
                    self.header_line,
                    i + 1,
                    h,
                    format!("expected column '{name}' here"),
                )),
                None => problems.push(Problem::at(
                    &self.file,
                    self.header_line,
                    format!(
                        "missing column '{name}' (expected {} columns)",
                        expected.len()
                    ),
                )),
            }
        }
        if self.headers.len() > expected.len() {
            problems.push(Problem::at(
                &self.file,
                self.header_line,
                format!(
                    "unexpected extra column '{}' (expected {} columns)",
                    self.headers[expected.len()],
                    expected.len()
                ),
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }
}

/// Marker error: the problem was already recorded in the row's problem list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recorded;

/// Typed access to one record; failures are pushed to `problems` with file, line and column.
pub struct Row<'a> {
    pub table: &'a Table<'a>,
    pub line: u64,
    pub record: &'a StringRecord,
    pub problems: &'a mut Vec<Problem>,
}

impl<'a> Row<'a> {
    /// The trimmed cell, "" if the row is shorter than the header.
    pub fn text(&self, col: usize) -> &'a str {
        self.record.get(col).map(str::trim).unwrap_or("")
    }

    pub fn opt_text(&self, col: usize) -> Option<String> {
        let t = self.text(col);
        (!t.is_empty()).then(|| t.to_string())
    }

    pub fn problem(&mut self, col: usize, message: impl Into<String>) {
        let header = self
            .table
            .headers
            .get(col)
            .map(String::as_str)
            .unwrap_or("?");
        self.problems.push(Problem::cell(
            &self.table.file,
            self.line,
            col + 1,
            header,
            message,
        ));
    }

    pub fn required(&mut self, col: usize) -> Option<String> {
        let t = self.text(col);
        if t.is_empty() {
            self.problem(col, "is empty but required");
            None
        } else {
            Some(t.to_string())
        }
    }

    /// A plain decimal as written in the dataset (`38000000000`, `0.2`); no separators.
    pub fn plain_decimal(&mut self, col: usize) -> Option<Decimal> {
        let t = self.text(col);
        match Decimal::from_str_exact(t) {
            Ok(d) => Some(d),
            Err(_) => {
                self.problem(col, format!("{} is not a plain decimal number", snippet(t)));
                None
            }
        }
    }

    pub fn opt_plain_decimal(&mut self, col: usize) -> Option<Decimal> {
        if self.text(col).is_empty() {
            None
        } else {
            self.plain_decimal(col)
        }
    }

    /// A number as brokers and people write it (`$1,234.56`, `(12.00)`); see [`money::parse`].
    /// `Ok(None)` for an empty cell or a placeholder such as `--`.
    pub fn number(&mut self, col: usize) -> Result<Option<Decimal>, Recorded> {
        self.number_in(col, money::NumberFormat::DotDecimal)
    }

    /// A number written in the file's [`money::NumberFormat`] (decimal comma for DEGIRO...).
    pub fn number_in(
        &mut self,
        col: usize,
        format: money::NumberFormat,
    ) -> Result<Option<Decimal>, Recorded> {
        let t = self.text(col);
        match money::parse_in(t, format) {
            Ok(Some(v)) if v.abs() > money::MAX_INPUT => {
                self.problem(
                    col,
                    format!(
                        "{} is implausibly large (more than 1,000,000,000,000)",
                        snippet(t)
                    ),
                );
                Err(Recorded)
            }
            Ok(v) => Ok(v),
            Err(e) => {
                self.problem(col, format!("{} is not a number: {e}", snippet(t)));
                Err(Recorded)
            }
        }
    }

    /// A date in one of the broker's `formats`; `Ok(None)` if the cell is empty.
    pub fn date_in(&mut self, col: usize, formats: &[&str]) -> Result<Option<NaiveDate>, Recorded> {
        let t = self.text(col);
        if t.is_empty() {
            return Ok(None);
        }
        match crate::import::toolkit::parse_date(t, formats) {
            Ok(d) => Ok(Some(d)),
            Err(e) => {
                self.problem(col, e);
                Err(Recorded)
            }
        }
    }

    pub fn date(&mut self, col: usize) -> Option<NaiveDate> {
        let t = self.text(col);
        match NaiveDate::parse_from_str(t, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(e) => {
                self.problem(
                    col,
                    format!("{} is not a date YYYY-MM-DD ({e})", snippet(t)),
                );
                None
            }
        }
    }

    pub fn opt_date(&mut self, col: usize) -> Option<NaiveDate> {
        if self.text(col).is_empty() {
            None
        } else {
            self.date(col)
        }
    }

    /// A value from a closed vocabulary (the enum's `FromStr` lists the accepted words).
    pub fn parse<T: FromStr<Err = String>>(&mut self, col: usize) -> Option<T> {
        let t = self.text(col);
        match t.parse::<T>() {
            Ok(v) => Some(v),
            Err(e) => {
                self.problem(col, e);
                None
            }
        }
    }
}

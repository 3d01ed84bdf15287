//! The shared CSV toolkit: reads any CSV text into header + records with their line numbers, and
//! gives typed cell access that records a located [`Problem`] instead of failing on the first one,
//! so a file is checked in one pass and every problem is reported at once.

use std::str::FromStr;

use chrono::NaiveDate;
use csv::StringRecord;
use rust_decimal::Decimal;

use crate::diag::{snippet, Problem};
use crate::money;

pub struct Table {
    pub file: String,
    pub headers: Vec<String>,
    /// (1-based line where the record starts, the record)
    pub rows: Vec<(u64, StringRecord)>,
    /// Line of the header row.
    pub header_line: u64,
}

impl Table {
    /// Parses CSV text. The first non-empty record is the header. Ragged rows are kept (missing
    /// cells read as empty) because real exports have them; a CSV-level error is a problem.
    pub fn parse(file: &str, text: &str) -> Result<Table, Vec<Problem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
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
        let mut headers: Option<(u64, Vec<String>)> = None;
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        for result in reader.records() {
            match result {
                Ok(rec) => {
                    let line = line_of(rec.position());
                    if rec.iter().all(|c| c.trim().is_empty()) {
                        continue;
                    }
                    if headers.is_none() {
                        headers = Some((line, rec.iter().map(|h| h.trim().to_string()).collect()));
                    } else {
                        rows.push((line, rec));
                    }
                }
                Err(e) => {
                    let line = line_of(e.position());
                    problems.push(Problem::at(file, line, format!("not valid CSV: {e}")));
                    break;
                }
            }
        }
        // The csv crate reads an unclosed quote to the end of the file without complaint.
        if problems.is_empty() && text.bytes().filter(|b| *b == b'"').count() % 2 == 1 {
            let line = rows
                .last()
                .map(|(l, _)| *l)
                .or(headers.as_ref().map(|(l, _)| *l))
                .unwrap_or(1);
            problems.push(Problem::at(
                file,
                line,
                "a quoted field is never closed (odd number of '\"' characters): it runs to the end of the file",
            ));
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        let Some((header_line, headers)) = headers else {
            return Err(vec![Problem::file(
                file,
                "the file is empty (no header row)",
            )]);
        };
        Ok(Table {
            file: file.to_string(),
            headers,
            rows,
            header_line,
        })
    }

    /// Index of the first header equal to one of `names`, ignoring case and surrounding space.
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        self.headers.iter().position(|h| {
            let h = h.trim();
            names.iter().any(|n| h.eq_ignore_ascii_case(n))
        })
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
    pub table: &'a Table,
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
        let t = self.text(col);
        match money::parse(t) {
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

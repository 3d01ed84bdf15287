//! The shared CSV toolkit: reads any CSV text into header + records with their line numbers, and
//! gives typed cell access that records a located [`Problem`] instead of failing on the first one,
//! so a file is checked in one pass and every problem is reported at once.

use std::borrow::Cow;
use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::diag::{snippet, Problem};
use crate::money;

/// Every non-blank record of a CSV text with the line where it starts. Real exports put
/// preambles, several sections and footers in one file; formats pick their header rows here.
///
/// Stored flat: the unescaped cells of all records in one string, the end of every cell, and per
/// record its line and first cell. A million-row history costs three allocations, not three per
/// row, which is what kept large imports slow and memory-hungry.
#[derive(Clone)]
pub struct Records {
    pub file: String,
    data: String,
    /// End offset in `data` of every cell, record after record.
    ends: Vec<u32>,
    /// Per record: the line where it starts and the index in `ends` of its first cell (both
    /// fit in 32 bits for a file under 4 GB).
    rows: Vec<(u32, u32)>,
}

/// One record of [`Records`], borrowed: cells are `&str` slices of the shared buffer.
#[derive(Clone, Copy)]
pub struct Record<'a> {
    data: &'a str,
    ends: &'a [u32],
    start: u32,
}

impl<'a> Record<'a> {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Cell `i`, untrimmed; `None` past the end of the record.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => self.start,
            _ => self.ends[i - 1],
        } as usize;
        self.data.get(start..end)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'a str> + 'a {
        let r = *self;
        (0..r.len()).map(move |i| r.get(i).unwrap_or(""))
    }
}

/// Files larger than this cannot be indexed with 32-bit offsets.
const MAX_TEXT: usize = u32::MAX as usize;

impl Records {
    /// Parses CSV text (RFC 4180, flexible: ragged rows are kept). A CSV-level error is a problem.
    pub fn parse(file: &str, text: &str) -> Result<Records, Vec<Problem>> {
        Records::parse_delimited(file, text, b',')
    }

    /// [`Records::parse`] with another field delimiter (`;` in Trade Republic and Portfolio
    /// Performance exports, tab in some re-saves).
    pub fn parse_delimited(file: &str, text: &str, delimiter: u8) -> Result<Records, Vec<Problem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let input = text.as_bytes();
        if input.len() > MAX_TEXT {
            return Err(vec![Problem::file(
                file,
                "the file is larger than 4 GB: split it (by year or by account) and import the parts",
            )]);
        }
        let scans = match scan_in_parts(input, delimiter) {
            Some(scans) => scans,
            None => vec![scan(input, delimiter, true, input.len())],
        };
        // The reader runs an unclosed quote to the end of the file without complaint.
        if bytecount(input, b'"') % 2 == 1 {
            let line = scans
                .iter()
                .rev()
                .find_map(|s| s.rows.last())
                .map_or(1, |(l, _)| u64::from(*l));
            return Err(vec![Problem::at(
                file,
                line,
                "a quoted field is never closed (odd number of '\"' characters): it runs to the end of the file",
            )]);
        }
        let mut scans = scans.into_iter();
        let Some(first) = scans.next() else {
            return Err(vec![Problem::file(file, "not valid CSV (internal error)")]);
        };
        let Scan {
            out: mut data,
            mut ends,
            mut rows,
            ..
        } = first;
        // Parts follow each other: their offsets, cell indices and lines continue the previous.
        for part in scans {
            let (bytes, cells) = (data.len() as u32, ends.len() as u32);
            rows.extend(
                part.rows
                    .iter()
                    .map(|&(line, first)| (line + part.lines_before as u32, first + cells)),
            );
            ends.extend(part.ends.iter().map(|&e| e + bytes));
            data.extend_from_slice(&part.out);
        }
        // Cells are the input minus quote characters, split at ASCII bytes: still UTF-8.
        let data = String::from_utf8(data).map_err(|e| {
            vec![Problem::file(
                file,
                format!("not valid CSV: a cell is not valid UTF-8 ({e})"),
            )]
        })?;
        Ok(Records {
            file: file.to_string(),
            data,
            ends,
            rows,
        })
    }

    /// Number of records.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Line where record `i` starts.
    pub fn line(&self, i: usize) -> u64 {
        u64::from(self.rows[i].0)
    }

    /// Record `i`.
    pub fn record(&self, i: usize) -> Record<'_> {
        let first = self.rows[i].1 as usize;
        let end = self
            .rows
            .get(i + 1)
            .map_or(self.ends.len(), |r| r.1 as usize);
        Record {
            data: &self.data,
            ends: &self.ends[first..end],
            start: if first == 0 { 0 } else { self.ends[first - 1] },
        }
    }

    /// (line, record) of every record.
    pub fn iter(&self) -> impl Iterator<Item = (u64, Record<'_>)> + '_ {
        (0..self.len()).map(|i| (self.line(i), self.record(i)))
    }

    /// The first record and its line.
    pub fn first(&self) -> Option<(u64, Record<'_>)> {
        self.iter().next()
    }

    /// Index of the first row at or after `from` whose cells include every one of `names`
    /// (compared with [`same_header`]).
    pub fn find_header(&self, from: usize, names: &[&str]) -> Option<usize> {
        (from..self.len()).find(|&i| self.row_has_all(i, names))
    }

    /// [`Records::find_header`] among the first `limit` rows only: for formats whose export
    /// starts with its header, so that detection on a large foreign file stays cheap.
    pub fn find_header_within(&self, limit: usize, names: &[&str]) -> Option<usize> {
        (0..self.len().min(limit)).find(|&i| self.row_has_all(i, names))
    }

    fn row_has_all(&self, i: usize, names: &[&str]) -> bool {
        let rec = self.record(i);
        names.iter().all(|n| rec.iter().any(|c| same_header(c, n)))
    }

    fn headers_of(&self, i: usize) -> Vec<String> {
        self.record(i)
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_string())
            .collect()
    }

    /// The table whose header is row `header` and whose data rows run up to (excluding) `end`.
    pub fn table(&self, header: usize, end: usize) -> Table<'_> {
        let end = end.min(self.len()).max(header + 1);
        Table {
            file: self.file.clone(),
            headers: self.headers_of(header),
            header_line: self.line(header),
            records: Cow::Borrowed(self),
            rows: Rows::Span(header + 1, end),
        }
    }

    /// A table with the header `record` and no rows yet: rows are added with [`Table::push`]
    /// (sections whose rows are interleaved with other sections').
    pub fn empty_table(&self, header: usize) -> Table<'_> {
        Table {
            file: self.file.clone(),
            headers: self
                .record(header)
                .iter()
                .map(|h| h.trim().to_string())
                .collect(),
            header_line: self.line(header),
            records: Cow::Borrowed(self),
            rows: Rows::Picked(Vec::new()),
        }
    }

    /// Like [`Records::table`] up to the end, but taking the records: the table owns its rows.
    pub fn into_table(self, header: usize) -> Table<'static> {
        Table::under(Cow::Owned(self), header)
    }

    /// First cell of row `i`, trimmed ("" if none).
    pub fn first_cell(&self, i: usize) -> &str {
        self.record(i).get(0).map(str::trim).unwrap_or("")
    }
}

/// The records of one part of a file.
struct Scan {
    out: Vec<u8>,
    ends: Vec<u32>,
    /// (line within the part, index in `ends` of the first cell)
    rows: Vec<(u32, u32)>,
    /// Whether the part ends exactly at the end of a record.
    clean: bool,
    /// Newlines in the file before the part (set by [`scan_in_parts`]).
    lines_before: u64,
}

/// Files smaller than this are read on one thread.
const PARALLEL_BYTES: usize = 4 << 20;

/// Reads a large file in one part per core, each starting after a newline near its share of the
/// bytes. A part is only right if the part before it ends at the end of a record (not inside a
/// quoted cell that spans lines); `None` when that fails or the file is small, and the caller
/// reads the file in one pass.
fn scan_in_parts(input: &[u8], delimiter: u8) -> Option<Vec<Scan>> {
    let cores = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if input.len() < PARALLEL_BYTES || cores < 2 {
        return None;
    }
    let mut bounds = vec![0];
    for k in 1..cores {
        let at = input.len() * k / cores;
        let cut = at + input[at..].iter().position(|&b| b == b'\n')? + 1;
        if cut > *bounds.last()? && cut < input.len() {
            bounds.push(cut);
        }
    }
    bounds.push(input.len());
    let parts = bounds.len() - 1;
    let mut scans: Vec<Scan> = std::thread::scope(|scope| {
        let handles: Vec<_> = bounds
            .windows(2)
            .enumerate()
            .map(|(k, w)| {
                let (a, b) = (w[0], w[1]);
                // The first part's buffers are sized for the whole file, so that the others
                // are appended to them without moving them.
                let room = if k == 0 { input.len() } else { b - a };
                scope.spawn(move || scan(&input[a..b], delimiter, k + 1 == parts, room))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    if scans[..parts - 1].iter().any(|s| !s.clean) {
        return None;
    }
    for (k, scan) in scans.iter_mut().enumerate() {
        scan.lines_before = count_newlines(&input[..bounds[k]]);
    }
    Some(scans)
}

/// Reads the records of `input`; `last`: whether the input ends the file (else it must end at a
/// record's end, which [`Scan::clean`] reports); `room`: bytes of input the buffers are sized for.
///
/// RFC 4180 as the `csv` crate reads it (a test checks the two agree on random text): `""` in a
/// quoted cell is a quote, text after a closing quote is kept, a quote inside an unquoted cell is
/// literal, `\r`, `\n` and `\r\n` end records, blank lines are skipped, an unclosed quote runs
/// to the end. Cells are found with `memchr` (several bytes per instruction), which is what makes
/// a 100 MB file quick to read.
fn scan(input: &[u8], delimiter: u8, last: bool, room: usize) -> Scan {
    // Zeroed memory comes from the system untouched: capacity not written costs nothing.
    let mut out = crate::mem::zeroed(room.max(input.len()));
    let mut out_len = 0usize;
    // Growing by doubling would copy (and touch) these several times over on a large file;
    // reserved from the size, at a generous bytes-per-cell guess, they are written once.
    let mut ends: Vec<u32> = crate::mem::with_capacity(room / 8);
    let mut rows: Vec<(u32, u32)> = crate::mem::with_capacity(room / 48);
    let end_of_cell = |at: usize| {
        memchr::memchr3(delimiter, b'\r', b'\n', &input[at..]).map_or(input.len(), |k| at + k)
    };
    let mut pos = 0usize;
    // Line numbers from byte offsets: newlines are counted up to the start of each record.
    let mut newlines = 0u64;
    let mut counted = 0usize;
    let mut clean = true;
    'records: loop {
        while pos < input.len() && matches!(input[pos], b'\r' | b'\n') {
            pos += 1;
        }
        if pos == input.len() {
            break; // the end of the file, or of a part that ends after a record
        }
        newlines += count_newlines(&input[counted..pos]);
        counted = pos;
        let line = newlines + 1;
        let record_out = out_len;
        let first = ends.len();
        loop {
            if input.get(pos) == Some(&b'"') {
                pos += 1;
                loop {
                    let Some(q) = memchr::memchr(b'"', &input[pos..]).map(|k| pos + k) else {
                        // Unclosed: the cell runs to the end (the caller reports it).
                        put(&mut out, &mut out_len, &input[pos..]);
                        pos = input.len();
                        if !last {
                            clean = false;
                            break 'records;
                        }
                        break;
                    };
                    put(&mut out, &mut out_len, &input[pos..q]);
                    pos = q + 1;
                    if input.get(pos) == Some(&b'"') {
                        put(&mut out, &mut out_len, b"\"");
                        pos += 1;
                    } else {
                        break;
                    }
                }
            }
            // An unquoted cell, or what follows a closing quote, up to the cell's end.
            let k = end_of_cell(pos);
            put(&mut out, &mut out_len, &input[pos..k]);
            pos = k;
            ends.push(out_len as u32);
            match input.get(pos) {
                Some(&b) if b == delimiter => pos += 1,
                Some(_) => {
                    pos += 1; // \r or \n: the record ends (a following \n is skipped above)
                    break;
                }
                None => break,
            }
        }
        let blank = (first..ends.len()).all(|k| {
            let s = if k == 0 { 0 } else { ends[k - 1] as usize };
            out[s..ends[k] as usize].iter().all(u8::is_ascii_whitespace)
        });
        if blank {
            ends.truncate(first);
            out_len = record_out;
        } else {
            // Lines fit: a file has fewer lines than bytes, and at most 4 GB.
            rows.push((line as u32, first as u32));
        }
    }
    out.truncate(out_len);
    Scan {
        out,
        ends,
        rows,
        clean,
        lines_before: 0,
    }
}

fn put(out: &mut [u8], len: &mut usize, from: &[u8]) {
    out[*len..*len + from.len()].copy_from_slice(from);
    *len += from.len();
}

fn count_newlines(bytes: &[u8]) -> u64 {
    bytecount(bytes, b'\n') as u64
}

fn bytecount(bytes: &[u8], needle: u8) -> usize {
    // Simple enough for the compiler to vectorise.
    bytes.iter().filter(|&&b| b == needle).count()
}

/// Header names compare ignoring case, surrounding and repeated spaces, and a BOM.
pub fn same_header(cell: &str, name: &str) -> bool {
    // Word by word, without allocating: this runs on every row while formats look for headers,
    // so a data cell is rejected on its first character.
    let cell = cell.strip_prefix('\u{feff}').unwrap_or(cell).trim_start();
    let name = name.trim_start();
    // Most cells differ from the name in their first byte (asked of every row of a history).
    if let (Some(x), Some(y)) = (cell.as_bytes().first(), name.as_bytes().first()) {
        if x.is_ascii() && y.is_ascii() && !x.eq_ignore_ascii_case(y) {
            return false;
        }
    }
    let mut a = cell.split_whitespace();
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

/// Which records of a [`Table`] are its data rows.
#[derive(Clone)]
enum Rows {
    /// Records `start..end`.
    Span(usize, usize),
    /// Chosen records, in order.
    Picked(Vec<usize>),
}

/// One header and its data rows. The rows are borrowed from [`Records`] when they come from a
/// file (a million-row history is not copied), owned when the table was parsed on its own.
pub struct Table<'a> {
    pub file: String,
    pub headers: Vec<String>,
    /// Line of the header row.
    pub header_line: u64,
    records: Cow<'a, Records>,
    rows: Rows,
}

impl Table<'static> {
    /// Parses CSV text whose first non-blank record is the header.
    pub fn parse(file: &str, text: &str) -> Result<Table<'static>, Vec<Problem>> {
        let records = Records::parse(file, text)?;
        if records.is_empty() {
            return Err(vec![Problem::file(
                file,
                "the file is empty (no header row)",
            )]);
        }
        Ok(records.into_table(0))
    }
}

impl<'a> Table<'a> {
    /// The table under the first record, borrowed or owned.
    pub fn whole(records: Cow<'a, Records>) -> Table<'a> {
        Table::under(records, 0)
    }

    /// The table whose header is record `header`, with every record after it.
    fn under(records: Cow<'a, Records>, header: usize) -> Table<'a> {
        let len = records.len();
        let header = header.min(len.saturating_sub(1));
        let (headers, header_line) = if len == 0 {
            (Vec::new(), 0)
        } else {
            (records.headers_of(header), records.line(header))
        };
        Table {
            file: records.file.clone(),
            headers,
            header_line,
            rows: Rows::Span((header + 1).min(len), len),
            records,
        }
    }

    /// Number of data rows.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Span(s, e) => e - s,
            Rows::Picked(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn index(&self, i: usize) -> usize {
        match &self.rows {
            Rows::Span(s, _) => s + i,
            Rows::Picked(v) => v[i],
        }
    }

    /// Line of data row `i`.
    pub fn line(&self, i: usize) -> u64 {
        self.records.line(self.index(i))
    }

    /// Data row `i`.
    pub fn record(&self, i: usize) -> Record<'_> {
        self.records.record(self.index(i))
    }

    /// (line, record) of every data row.
    pub fn iter(&self) -> impl Iterator<Item = (u64, Record<'_>)> + '_ {
        (0..self.len()).map(|i| (self.line(i), self.record(i)))
    }

    /// Adds record `index` of the underlying [`Records`] as the next data row.
    pub fn push(&mut self, index: usize) {
        if let Rows::Span(s, e) = self.rows {
            self.rows = Rows::Picked((s..e).collect());
        }
        if let Rows::Picked(v) = &mut self.rows {
            v.push(index);
        }
    }

    /// Keeps the first `len` data rows only (the rest is a footer).
    pub fn truncate(&mut self, len: usize) {
        match &mut self.rows {
            Rows::Span(s, e) => *e = (*s + len).min(*e),
            Rows::Picked(v) => v.truncate(len),
        }
    }

    /// Index of the first header equal to one of `names` (see [`same_header`]).
    pub fn find(&self, names: &[&str]) -> Option<usize> {
        self.headers
            .iter()
            .position(|h| names.iter().any(|n| same_header(h, n)))
    }

    /// Typed access to each data row; problems go to `problems`.
    pub fn row<'b>(&'b self, i: usize, problems: &'b mut Vec<Problem>) -> Row<'b> {
        Row {
            table: self,
            line: self.line(i),
            record: self.record(i),
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
    pub record: Record<'a>,
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every record as (line, cells), for comparing two readings of a text.
    fn cells(r: &Records) -> Vec<(u64, Vec<String>)> {
        r.iter()
            .map(|(l, rec)| (l, rec.iter().map(str::to_string).collect()))
            .collect()
    }

    fn one_pass(text: &str) -> Vec<(u64, Vec<String>)> {
        let s = scan(text.as_bytes(), b',', true, text.len());
        let r = Records {
            file: String::new(),
            data: String::from_utf8(s.out).expect("utf8"),
            ends: s.ends,
            rows: s.rows,
        };
        cells(&r)
    }

    /// The records as the `csv` crate reads them (flexible, no header), blank ones dropped.
    fn by_csv_crate(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| {
                r.expect("csv")
                    .iter()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .filter(|r: &Vec<String>| !r.iter().all(|c| c.trim().is_empty()))
            .collect()
    }

    #[test]
    fn reads_random_text_as_the_csv_crate_does() {
        // A small deterministic generator (no dependency): 20,000 texts over the bytes that
        // matter to CSV, including quotes in every position and bare \r.
        let alphabet = [b'a', b'b', b',', b'"', b'"', b'\r', b'\n', b' ', b'x'];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 40) as usize;
            let bytes: Vec<u8> = (0..len)
                .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                .collect();
            let text = String::from_utf8(bytes).expect("ascii");
            let ours: Vec<Vec<String>> = one_pass(&text).into_iter().map(|(_, c)| c).collect();
            assert_eq!(ours, by_csv_crate(&text), "text {text:?}");
        }
    }

    #[test]
    fn a_large_file_read_in_parts_equals_one_pass() {
        // 7 MB (above PARALLEL_BYTES), CRLF and LF, blank lines, quotes with doubled quotes.
        let mut text = String::from("\u{feff}Date,Symbol,Note\r\n");
        for i in 0..200_000 {
            text.push_str(&format!(
                "2024-01-{:02},S{i},\"a \"\"q\"\" {i}\"\n",
                i % 28 + 1
            ));
            if i % 1000 == 0 {
                text.push_str("\n,,\n");
            }
        }
        assert!(text.len() > PARALLEL_BYTES);
        let records = Records::parse("f", &text).expect("parse");
        assert_eq!(records.len(), 200_001);
        assert_eq!(
            cells(&records),
            one_pass(text.trim_start_matches('\u{feff}'))
        );
        // Record i (0-based data row) starts on line 2 + i + 2 × (blank pairs before it).
        let last = records.len() - 1;
        assert_eq!(records.line(last), 2 + 199_999 + 2 * 200);
        assert_eq!(records.record(last).get(2), Some("a \"q\" 199999"));
    }

    #[test]
    fn quoted_cells_spanning_the_cut_fall_back_to_one_pass() {
        // Every record has a multi-line quoted cell: wherever the file is cut, the cut is likely
        // inside one, and the parts must not be used.
        let mut text = String::from("Symbol,Note\n");
        for i in 0..110_000 {
            text.push_str(&format!("S{i},\"line one\nline two {i}\nline three\"\n"));
        }
        assert!(text.len() > PARALLEL_BYTES);
        let records = Records::parse("f", &text).expect("parse");
        assert_eq!(records.len(), 110_001);
        assert_eq!(cells(&records), one_pass(&text));
        // Data row i starts on line 2 + 3i.
        assert_eq!(records.line(110_000), 2 + 3 * 109_999);
        assert_eq!(records.record(110_000).get(0), Some("S109999"));
    }
}

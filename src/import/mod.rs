//! Portfolio import: bytes of a broker export in, normalized holdings out.
//!
//! Each broker format is one module implementing [`Format`]; they share the CSV toolkit in
//! [`crate::table`] and number parsing in [`crate::money`]. Detection looks at the content, never
//! the file name. An import either succeeds (with warnings) or fails listing every problem.

mod generic;

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Problem;
use crate::error::{Error, Result};
use crate::table::Table;

/// Whether the file is a snapshot of positions or a history of transactions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Positions,
    Transactions,
}

/// One position, normalized. Unknown fields are `None`, never guessed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Holding {
    pub account: Option<String>,
    pub symbol: Option<String>,
    pub isin: Option<String>,
    pub cusip: Option<String>,
    pub name: Option<String>,
    pub asset_class: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub market_value: Option<Decimal>,
    pub currency: Option<String>,
    /// Line of the source file the holding came from (for traces and messages).
    #[serde(skip)]
    pub line: u64,
}

impl Holding {
    /// The label shown for the holding: its symbol, else ISIN, else CUSIP.
    pub fn label(&self) -> &str {
        self.symbol
            .as_deref()
            .or(self.isin.as_deref())
            .or(self.cusip.as_deref())
            .unwrap_or("?")
    }

    /// Market value as given, else quantity × price (rounded to cents), else unknown.
    pub fn value(&self) -> Option<Decimal> {
        self.market_value
            .or_else(|| self.price.map(|p| crate::money::cents(p * self.quantity)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    pub line: Option<u64>,
    pub message: String,
}

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Portfolio {
    /// Format name, e.g. `generic`.
    pub broker: String,
    pub kind: Kind,
    pub as_of: Option<NaiveDate>,
    pub holdings: Vec<Holding>,
    pub warnings: Vec<Warning>,
}

/// One supported file format.
pub trait Format: Sync {
    /// Stable name, used by `--broker` and reported as `broker`.
    fn name(&self) -> &'static str;
    /// Whether this format recognises the parsed table (by its header and content).
    fn detect(&self, table: &Table) -> bool;
    fn parse(&self, table: &Table) -> std::result::Result<Portfolio, Vec<Problem>>;
}

/// Registered formats, most specific first; the generic positions CSV comes last.
pub fn formats() -> &'static [&'static dyn Format] {
    &[&generic::Generic]
}

/// Reads and imports a file from disk.
pub fn import_file(path: &Path, broker: Option<&str>) -> Result<Portfolio> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // Messages name the file as the user gave it, so they can find it.
    import_bytes(&path.display().to_string(), &bytes, broker)
}

/// Imports the bytes of a file called `file_name` (used in messages only).
pub fn import_bytes(file_name: &str, bytes: &[u8], broker: Option<&str>) -> Result<Portfolio> {
    let fail = |problems| Error::Import { problems };
    let text = decode(file_name, bytes).map_err(|p| fail(vec![p]))?;
    let table = Table::parse(file_name, &text).map_err(fail)?;
    let format = match broker {
        Some(name) => *formats()
            .iter()
            .find(|f| f.name().eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                let known: Vec<_> = formats().iter().map(|f| f.name()).collect();
                fail(vec![Problem::file(
                    file_name,
                    format!("unknown broker format {name:?}; known formats: {}", known.join(", ")),
                )])
            })?,
        None => *formats().iter().find(|f| f.detect(&table)).ok_or_else(|| {
            fail(vec![Problem::at(
                file_name,
                table.header_line,
                format!(
                    "unrecognised file format (header: {}); a positions CSV needs a Symbol (or ISIN) column and a Shares (or Quantity) column",
                    table.headers.join(", ")
                ),
            )])
        })?,
    };
    let portfolio = format.parse(&table).map_err(fail)?;
    if portfolio.holdings.is_empty() {
        return Err(fail(vec![Problem::file(
            file_name,
            "the file contains no holdings (only a header, or only cash/total rows)",
        )]));
    }
    Ok(portfolio)
}

/// Text of the file. UTF-8 (with or without BOM) for now; other encodings are refused with the
/// position of the first bad byte rather than silently mangled.
fn decode(file_name: &str, bytes: &[u8]) -> std::result::Result<String, Problem> {
    if bytes.is_empty() {
        return Err(Problem::file(file_name, "the file is empty"));
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            Err(Problem::at(
                file_name,
                line,
                format!("the file is not UTF-8 text (invalid byte 0x{:02X} at offset {at}); save it as CSV UTF-8", bytes[at]),
            ))
        }
    }
}

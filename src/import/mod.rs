//! Portfolio import: bytes of a broker export in, normalized holdings out.
//!
//! `decode` turns bytes into text (UTF-8, UTF-16, Windows-1252), [`Source`] holds the text and its
//! CSV records, each broker format is one module implementing [`Format`] (detected from the
//! content, never the file name), and transaction histories are netted into positions by
//! [`net::positions`] (a polars group-by). An import either succeeds, with warnings, or fails
//! listing every problem with its line and column; nothing is ever half-imported.

mod decode;
mod degiro_portfolio;
mod degiro_transactions;
mod etrade_positions;
mod fidelity;
mod generic;
mod ghostfolio;
mod ibkr_activity;
mod ibkr_flex;
pub mod mapping;
mod merrill;
pub mod model;
pub mod net;
mod portfolio_performance;
mod robinhood;
mod schwab_json;
mod schwab_positions;
mod schwab_transactions;
mod tdameritrade;
pub mod toolkit;
mod trade_republic;
mod trading212;
mod vanguard;
mod webull;

use std::path::Path;
use std::sync::OnceLock;

use serde::Serialize;

use crate::diag::Problem;
use crate::error::{Error, Result};
use crate::table::Records;

pub use model::{
    Action, AssetClass, Cash, Holding, Kind, Money, Parsed, Stated, StatedRate, TradeRef,
    Transaction, Warning,
};

/// The result of importing one file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Portfolio {
    /// Format name, e.g. `generic`, `fidelity-positions`.
    pub broker: String,
    pub kind: Kind,
    pub as_of: Option<chrono::NaiveDate>,
    pub holdings: Vec<Holding>,
    /// Cash and sweep balances found in a positions file, kept out of the holdings.
    pub cash: Vec<Cash>,
    /// Number of transactions read (histories only).
    pub transaction_count: usize,
    pub warnings: Vec<Warning>,
    /// The account's currency where the file states it: the base currency figures are shown
    /// in unless the user chose another.
    pub account_currency: Option<String>,
}

/// The decoded text of a file and, parsed on first use, its CSV records.
pub struct Source {
    pub file: String,
    pub text: String,
    records: OnceLock<std::result::Result<Records, Vec<Problem>>>,
}

impl Source {
    pub fn new(file: &str, text: String) -> Source {
        Source {
            file: file.to_string(),
            text,
            records: OnceLock::new(),
        }
    }

    /// The CSV records of the text (an error if the text is not CSV).
    pub fn records(&self) -> std::result::Result<&Records, Vec<Problem>> {
        self.records
            .get_or_init(|| Records::parse(&self.file, &self.text))
            .as_ref()
            .map_err(Clone::clone)
    }
}

/// One supported file format.
pub trait Format: Sync {
    /// Stable name, used by `--broker` and reported as `broker`.
    fn name(&self) -> &'static str;
    /// Human name for messages and the UI.
    fn label(&self) -> &'static str;
    /// Whether this format recognises the file (from its content).
    fn detect(&self, source: &Source) -> bool;
    fn parse(&self, source: &Source) -> std::result::Result<Parsed, Vec<Problem>>;
}

/// Registered formats, most specific first; the generic positions CSV comes last.
pub fn formats() -> &'static [&'static dyn Format] {
    &[
        &fidelity::Positions,
        &fidelity::History,
        &degiro_portfolio::DegiroPortfolio,
        &degiro_transactions::DegiroTransactions,
        &trading212::Trading212,
        &trade_republic::TradeRepublic,
        &vanguard::Vanguard,
        &etrade_positions::EtradePositions,
        &schwab_json::SchwabJson,
        &schwab_positions::SchwabPositions,
        &schwab_transactions::SchwabTransactions,
        &ibkr_activity::IbkrActivity,
        &ibkr_flex::IbkrFlex,
        &robinhood::Robinhood,
        &merrill::Merrill,
        &tdameritrade::TdAmeritrade,
        &webull::Webull,
        &ghostfolio::Ghostfolio,
        &portfolio_performance::PortfolioPerformance,
        &portfolio_performance::PortfolioPerformanceHoldings,
        &generic::Generic,
    ]
}

/// The text of a file's bytes as the importers see it (`None` if it is not text).
pub fn decode_text(file_name: &str, bytes: &[u8]) -> Option<String> {
    decode::decode(file_name, bytes.to_vec())
        .ok()
        .map(|(t, _)| t)
}

/// Reads and imports a file from disk.
pub fn import_file(path: &Path, broker: Option<&str>) -> Result<Portfolio> {
    let bytes = crate::mem::read_file(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // Messages name the file as the user gave it, so they can find it.
    import_owned(&path.display().to_string(), bytes, broker)
}

/// How the one problem of a file no format recognises begins ([`is_unrecognised`]).
const UNRECOGNISED: &str = "unrecognised file format";

/// Whether an import failed only because no format recognised the file, so a column mapping
/// (saved profile or the mapping step) can still import it. The one place that knows how
/// [`import_bytes`] reports that case.
pub fn is_unrecognised(error: &Error) -> bool {
    matches!(error, Error::Import { problems }
        if problems.len() == 1 && problems[0].message.starts_with(UNRECOGNISED))
}

/// Imports the bytes of a file called `file_name` (used in messages only).
pub fn import_bytes(file_name: &str, bytes: &[u8], broker: Option<&str>) -> Result<Portfolio> {
    import_owned(file_name, bytes.to_vec(), broker)
}

fn import_owned(file_name: &str, bytes: Vec<u8>, broker: Option<&str>) -> Result<Portfolio> {
    let fail = |problems| Error::Import { problems };
    let (text, warnings) = decode::decode(file_name, bytes).map_err(|p| fail(vec![p]))?;
    let source = Source::new(file_name, text);
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
        None => *formats().iter().find(|f| f.detect(&source)).ok_or_else(|| {
            if let Err(p) = source.records() {
                return fail(p);
            }
            let first = source.text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            fail(vec![Problem::at(
                file_name,
                1,
                format!(
                    "{UNRECOGNISED} (first line: {}); supported: {}. For another CSV, give a column mapping (--mapping)",
                    crate::diag::snippet(first),
                    formats().iter().map(|f| f.label()).collect::<Vec<_>>().join(", ")
                ),
            )])
        })?,
    };
    finish(file_name, format, &source, warnings)
}

/// Imports a file with a format chosen by the caller instead of detected, such as a column
/// mapping ([`mapping::import_with_mapping`]): same decoding, parsing and netting as [`import_bytes`].
pub fn import_mapped(file_name: &str, bytes: &[u8], format: &dyn Format) -> Result<Portfolio> {
    let (text, warnings) = decode::decode(file_name, bytes.to_vec())
        .map_err(|p| Error::Import { problems: vec![p] })?;
    finish(file_name, format, &Source::new(file_name, text), warnings)
}

fn finish(
    file_name: &str,
    format: &dyn Format,
    source: &Source,
    mut warnings: Vec<Warning>,
) -> Result<Portfolio> {
    let fail = |problems| Error::Import { problems };
    let parsed = format.parse(source).map_err(fail)?;
    warnings.extend(parsed.warnings);
    let (holdings, transaction_count) = match parsed.kind {
        Kind::Positions => (parsed.holdings, 0),
        Kind::Transactions => {
            let n = parsed.transactions.len();
            let (holdings, w) = net::positions(parsed.transactions)?;
            warnings.extend(w);
            (holdings, n)
        }
    };
    if holdings.is_empty() {
        return Err(fail(vec![Problem::file(
            file_name,
            match parsed.kind {
                Kind::Positions => {
                    "the file contains no holdings (only a header, or only cash/total rows)"
                }
                Kind::Transactions => {
                    "the history leaves no open position (it only moves cash, or every security bought was sold)"
                }
            },
        )]));
    }
    Ok(Portfolio {
        broker: format.name().to_string(),
        kind: parsed.kind,
        as_of: parsed.as_of,
        holdings,
        cash: parsed.cash,
        transaction_count,
        warnings,
        account_currency: parsed.account_currency,
    })
}

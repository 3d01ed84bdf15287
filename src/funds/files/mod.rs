//! Issuer holdings files: what a fund says it holds, read by content (never by file name).
//!
//! One reader per issuer layout (iShares US and UCITS, Vanguard, Invesco, State Street SPDR
//! `.xlsx`, Schwab, ARK, SEC N-PORT-P XML). Every reader gives the same [`HoldingsFile`]; every
//! problem is located (file, line, column) and nothing is half-read: a file with problems gives
//! `Error::Import { problems }` and no holdings.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// The issuer layouts we read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileFormat {
    IsharesUs,
    IsharesUcits,
    Vanguard,
    Invesco,
    Spdr,
    Schwab,
    Ark,
    Nport,
}

/// A parsed issuer holdings file.
#[derive(Debug, Clone, Serialize)]
pub struct HoldingsFile {
    /// The fund's ticker as the file names it (`IVV`, `QQQ`), upper case; `None` when the file
    /// does not name it (the user then says which holding it is).
    pub fund: Option<String>,
    /// The fund's name as the file gives it (`iShares Core S&P 500 ETF`).
    pub fund_name: Option<String>,
    pub format: FileFormat,
    /// The day the holdings are as of, read from the file.
    pub as_of: NaiveDate,
    /// Fund shares outstanding when the file states them (iShares US preamble).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub fund_shares_outstanding: Option<Decimal>,
    /// Net assets of the fund (or series) in USD when the file states them (N-PORT `netAssets`).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub net_assets: Option<Decimal>,
    pub holdings: Vec<FundLine>,
    pub warnings: Vec<String>,
}

/// One line of a holdings file. Unknown fields are `None`, never guessed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FundLine {
    /// 1-based line of the file (row for `.xlsx`, line of `<invstOrSec>` for N-PORT).
    pub line: u64,
    /// Ticker as printed, trimmed and upper case (`BRKB`, `BRK.B`, `BRK/B` kept as printed).
    pub symbol: Option<String>,
    pub isin: Option<String>,
    /// 9 characters (left-padded with zeros when a spreadsheet dropped them).
    pub cusip: Option<String>,
    pub sedol: Option<String>,
    pub figi: Option<String>,
    pub name: Option<String>,
    /// The file's own words (`Equity`, `Aktien`, `Futures`, `EC`, `Common Stock`).
    pub asset_class: Option<String>,
    /// Shares (or units) the fund holds.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub quantity: Option<Decimal>,
    /// Weight in the fund as a fraction (the file's 8.38 % is 0.0838).
    #[serde(with = "rust_decimal::serde::str_option")]
    pub weight: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub market_value: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub price: Option<Decimal>,
    pub currency: Option<String>,
}

/// Reads an issuer holdings file of any supported layout, detected by content.
/// `file` names the file in messages.
pub fn read(file: &str, bytes: &[u8]) -> crate::Result<HoldingsFile> {
    let _ = (file, bytes);
    Err(crate::Error::Internal("issuer holdings files: not yet".into()))
}

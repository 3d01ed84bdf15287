//! Issuer holdings files: what a fund says it holds, read by content (never by file name).
//!
//! One reader per issuer layout (iShares US and UCITS, Vanguard, Invesco, State Street SPDR
//! `.xlsx`, Schwab, ARK, SEC N-PORT-P XML). Every reader gives the same [`HoldingsFile`]; every
//! problem is located (file, line, column) and nothing is half-read: a file with problems gives
//! `Error::Import { problems }` and no holdings.
//!
//! Detection is by content only, in this order: a zip (`PK\x03\x04`) is a SPDR `.xlsx`; text
//! starting with `<` is N-PORT XML (it must have `<edgarSubmission>`); any other text is matched
//! on the header row of its first lines (see [`detect`]). Shared rules for every reader:
//! percent weights become fractions (exact `Decimal` division by 100); a line whose weight is
//! unreadable is a located problem; a row with fewer cells than its header is refused (a cut-off
//! download); identifiers that fail their check digit are left out with a warning; weights that
//! add up to less than 97 % or more than 103 % give a warning.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Problem;

mod ark;
mod common;
mod invesco;
mod ishares;
mod nport;
mod schwab;
mod spdr;
mod vanguard;

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
    read_inner(file, bytes).map_err(|mut problems| {
        // Every refusal says why; an empty list would be a reader's bug, not the file's.
        if problems.is_empty() {
            problems.push(Problem::file(file, common::NO_LINES));
        }
        crate::Error::Import {
            problems: common::capped(problems),
        }
    })
}

/// Larger files are refused before anything is parsed: the largest real holdings file (an
/// N-PORT filing of a total-market fund) is a few MB, so 64 MB leaves room without letting a
/// wrong file (a video, a database dump) take the memory of the app.
pub const MAX_FILE_BYTES: usize = 64 << 20;

/// The layouts [`read`] knows, for messages.
pub const SUPPORTED: &str = "iShares US CSV, iShares UCITS CSV (English or German), Vanguard \
\"Holdings details\" CSV, Invesco CSV, State Street SPDR .xlsx, Schwab CSV, ARK CSV, SEC N-PORT-P XML";

/// The layout of a file, from its content; `None` when no reader recognises it.
pub fn detect(bytes: &[u8]) -> Option<FileFormat> {
    if bytes.starts_with(common::ZIP_MAGIC) {
        return Some(FileFormat::Spdr);
    }
    let text = crate::import::decode_text("", bytes)?;
    detect_text(&text)
}

fn detect_text(text: &str) -> Option<FileFormat> {
    let lead = text.trim_start_matches('\u{feff}').trim_start();
    if lead.starts_with('<') {
        return nport::is_nport(text).then_some(FileFormat::Nport);
    }
    let head = common::head_lines(text, 40);
    [
        (
            FileFormat::IsharesUs,
            ishares::detect_us as fn(&[Vec<String>]) -> bool,
        ),
        (FileFormat::IsharesUcits, ishares::detect_ucits),
        (FileFormat::Vanguard, vanguard::detect),
        (FileFormat::Invesco, invesco::detect),
        (FileFormat::Schwab, schwab::detect),
        (FileFormat::Ark, ark::detect),
    ]
    .into_iter()
    .find(|(_, f)| f(&head))
    .map(|(format, _)| format)
}

fn read_inner(file: &str, bytes: &[u8]) -> Result<HoldingsFile, Vec<Problem>> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(vec![Problem::file(
            file,
            format!(
                "the file is {} MB; holdings files are at most {} MB: this is not one",
                bytes.len() >> 20,
                MAX_FILE_BYTES >> 20
            ),
        )]);
    }
    let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if body.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(vec![Problem::file(file, "the file is empty")]);
    }
    let parsed = if bytes.starts_with(common::ZIP_MAGIC) {
        spdr::read(file, bytes)?
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(vec![Problem::file(
            file,
            format!("this is an Excel 97-2003 (.xls) workbook, which is not read: save it as .xlsx or CSV. Supported: {SUPPORTED}"),
        )]);
    } else {
        let Some(text) = crate::import::decode_text(file, bytes) else {
            return Err(vec![Problem::file(
                file,
                format!(
                    "this is not a holdings file: it contains binary data. Supported: {SUPPORTED}"
                ),
            )]);
        };
        let mut warnings = Vec::new();
        let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
        if !utf16 && std::str::from_utf8(bytes).is_err() {
            warnings.push("the file is not UTF-8; it was read as Windows-1252".to_string());
        }
        let mut parsed = match detect_text(&text) {
            Some(FileFormat::Nport) => nport::read(file, &text)?,
            Some(FileFormat::IsharesUs | FileFormat::IsharesUcits) => ishares::read(file, &text)?,
            Some(FileFormat::Vanguard) => vanguard::read(file, &text)?,
            Some(FileFormat::Invesco) => invesco::read(file, &text)?,
            Some(FileFormat::Schwab) => schwab::read(file, &text)?,
            Some(FileFormat::Ark) => ark::read(file, &text)?,
            Some(FileFormat::Spdr) | None => return Err(vec![common::unrecognised(file, &text)]),
        };
        warnings.append(&mut parsed.warnings);
        parsed.warnings = warnings;
        parsed
    };
    common::finish(file, parsed)
}

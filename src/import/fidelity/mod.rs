//! Fidelity exports: Portfolio Positions ([`Positions`]) and account history ([`History`]).
//!
//! What the two share lives here: the "Date downloaded ..." footer and the disclaimer lines after
//! the data, the account label (Fidelity writes name and number as `Fidelity X82000000` in its
//! 2022 histories, so every file gets that spelling), and how a Symbol cell and its description
//! become identifiers and an asset class (tickers, CUSIPs of 401(k) trusts, bonds and CDs,
//! options ` -SNDK270917C1500`, crypto `BTC/USD`).

mod history;
mod positions;

use crate::table::{Record, Table};
use chrono::NaiveDate;

use super::model::AssetClass;
use super::toolkit::{classify_identifier, is_option, parse_date};

pub use history::History;
pub use positions::Positions;

/// Date formats of the "Date downloaded" footer: `Apr-12-2026 6:21 p.m ET` (2023+),
/// `07/30/2021 2:26 PM ET` and `06/02/2022,9:51 PM` (older files).
const DOWNLOAD_DATE_FORMATS: &[&str] = &["%b-%d-%Y", "%m/%d/%Y"];

/// The date of the `Date downloaded ...` footer line, if the file has one. Read from the text
/// rather than the records: the 2021 history writes it `"Date downloaded" 12/31/2021, 9:11 AM`,
/// half quoted.
fn download_date(text: &str) -> Option<NaiveDate> {
    text.lines().find_map(|line| {
        let clean = line.replace('"', "");
        let lower = clean.to_ascii_lowercase();
        let at = lower.find("date downloaded")?;
        clean[at + "date downloaded".len()..]
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .take(3)
            .find_map(|t| parse_date(t, DOWNLOAD_DATE_FORMATS).ok())
    })
}

/// Where the data rows end: at the first text line (the disclaimer or the download stamp);
/// whatever follows is footer.
fn data_end(table: &Table) -> usize {
    table
        .iter()
        .position(|(_, rec)| is_text_line(rec))
        .unwrap_or(table.len())
}

/// Footer and preamble text: the disclaimer paragraphs, `Date downloaded ...`, a `Brokerage`
/// title. Such a record has text in its first cell only (Fidelity pads some with commas), or
/// starts with the download stamp (`Date downloaded 06/02/2022,9:51 PM,,,`).
fn is_text_line(record: Record<'_>) -> bool {
    let first = record.get(0).unwrap_or("").trim();
    let first = first.trim_matches('"').trim_start();
    first.to_ascii_lowercase().starts_with("date downloaded")
        || record.iter().skip(1).all(|c| c.trim().is_empty())
}

/// `Traditional IRA 245944181`: the account's name and number as Fidelity's own combined
/// histories write them, or whichever of the two the file has.
fn account_label(name: Option<String>, number: Option<String>) -> Option<String> {
    match (name, number) {
        (Some(n), Some(x)) if n.contains(&x) => Some(n),
        (Some(n), Some(x)) => Some(format!("{n} {x}")),
        (n, x) => n.or(x),
    }
}

/// What a Symbol cell and its description identify.
struct Security {
    symbol: Option<String>,
    isin: Option<String>,
    cusip: Option<String>,
    asset_class: Option<AssetClass>,
}

/// Reads a Symbol cell: options lose Fidelity's ` -` marker (` -SNDK270917C1500` →
/// `SNDK270917C1500`), CUSIPs and ISINs go to their fields, and the asset class is taken from
/// what the row says (option symbol, `BTC/USD`, `CD` or a coupon and maturity, `ETF`, `FUND`),
/// else left unknown.
fn security(symbol: &str, description: &str) -> Security {
    let symbol = symbol.trim();
    let desc = description.trim().to_ascii_uppercase();
    let words: Vec<&str> = desc
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let has_word = |w: &str| words.contains(&w);
    let option = is_option(symbol, description);
    let cell = if option {
        symbol.trim_start_matches('-').trim()
    } else {
        symbol
    };
    let ident = classify_identifier(cell);
    // A coupon ("4.20000%") and a maturity date ("02/17/2028") mark a bond or CD.
    let fixed_income = words.iter().any(|w| {
        w.strip_suffix('%')
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c == '.'))
    }) && words.iter().any(|w| parse_date(w, &["%m/%d/%Y"]).is_ok());
    let asset_class = if option {
        Some(AssetClass::Option)
    } else if symbol.to_ascii_uppercase().ends_with("/USD") || desc.contains("CRYPTO") {
        Some(AssetClass::Crypto)
    } else if has_word("CD") && (fixed_income || ident.cusip.is_some()) {
        Some(AssetClass::Cd)
    } else if fixed_income {
        Some(AssetClass::Bond)
    } else if has_word("ETF") || has_word("ETN") {
        Some(AssetClass::Etf)
    } else if has_word("FUND") || has_word("FUNDS") {
        Some(AssetClass::Fund)
    } else {
        None
    };
    Security {
        symbol: ident.symbol,
        isin: ident.isin,
        cusip: ident.cusip,
        asset_class,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    #[test]
    fn download_dates_in_every_spelling() {
        for (text, want) in [
            (
                "x\n\"Date downloaded Apr-12-2026 6:21 p.m ET\"\n",
                "2026-04-12",
            ),
            ("Date downloaded Feb-18-2026 at 7:04 p.m ET", "2026-02-18"),
            ("\"Date downloaded\" 12/31/2021, 9:11 AM", "2021-12-31"),
            ("Date downloaded 06/02/2022,9:51 PM,,,,,,", "2022-06-02"),
            (
                "Date downloaded 01/24/2023 10:28 am,,,,,,,,,,,",
                "2023-01-24",
            ),
        ] {
            assert_eq!(download_date(text), date(want), "{text}");
        }
        assert_eq!(download_date("Run Date,Action\n"), None);
    }

    #[test]
    fn securities_and_their_classes() {
        let s = security(" -SNDK270917C1500", "SNDK SEP 17 2027 $1,500 CALL");
        assert_eq!(s.symbol.as_deref(), Some("SNDK270917C1500"));
        assert_eq!(s.asset_class, Some(AssetClass::Option));
        let cd = security(
            "95763PK59",
            "WESTERN ALLIANCE BK PHOENIX CD 4.20000% 02/17/2028",
        );
        assert_eq!(
            (cd.cusip.as_deref(), cd.asset_class),
            (Some("95763PK59"), Some(AssetClass::Cd))
        );
        let note = security(
            "9128285B2",
            "UNITED STATES TREAS NTS NOTE 2.75000% 09/30/2020",
        );
        assert_eq!(note.asset_class, Some(AssetClass::Bond));
        let trust = security("59515R401", "VANG 500 INDEX TRUST");
        assert_eq!(
            (trust.cusip.as_deref(), trust.asset_class),
            (Some("59515R401"), None)
        );
        assert_eq!(
            security("BTC/USD", "BITCOIN").asset_class,
            Some(AssetClass::Crypto)
        );
        assert_eq!(
            security("VTI", "VANGUARD TOTAL STK MKT ETF").asset_class,
            Some(AssetClass::Etf)
        );
        assert_eq!(security("NVDA", "NVIDIA CORPORATION COM").asset_class, None);
    }

    #[test]
    fn account_labels() {
        let s = |x: &str| Some(x.to_string());
        assert_eq!(
            account_label(s("Traditional IRA"), s("245944181")),
            s("Traditional IRA 245944181")
        );
        assert_eq!(
            account_label(s("Fidelity X82000000"), None),
            s("Fidelity X82000000")
        );
        assert_eq!(account_label(None, s("Z1")), s("Z1"));
    }
}

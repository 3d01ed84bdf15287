//! Prices the user gives: a prices file, or a price typed in the app. They win over a file's own
//! price (a history's last trade, a positions file's price) for the holdings they name.
//!
//! A prices file is read by content:
//! * the plain CSV a person types: `Symbol,Price[,Currency][,Date]` (or `ISIN` instead of
//!   `Symbol`; `Ticker`, `Close`, `Last`, `Kurs` are understood);
//! * Yahoo Finance's portfolio export (`quotes.csv`: `Symbol,Current Price,Date,Time,…`);
//! * Yahoo Finance's historical data of one security (`NVDA.csv`: `Date,Open,High,Low,Close,…`;
//!   the symbol is the file's name, the price the newest close), and Stooq's (`aapl_us_d.csv`,
//!   English or Polish header);
//! * Portfolio Performance's quotes of one security (`Date,Quote` / `Datum;Kurs`, decimal comma
//!   with `;`; the file is named after the security, its ISIN by default) and its "all
//!   historical quotes" (`Date` and one column per security, headed by ISIN or ticker: the
//!   newest price of each);
//! * a broker's positions export of the same account: each line's own price.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::diag::Problem;
use crate::error::{Error, Result};
use crate::identifiers::normalize_symbol;
use crate::import::Kind;
use crate::table::Table;

/// Where a given price comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Origin {
    /// Line `line` of the prices file `file`.
    File { file: String, line: u64 },
    /// Typed in the app.
    Typed,
}

/// A price for one security.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GivenPrice {
    pub symbol: Option<String>,
    pub isin: Option<String>,
    #[serde(with = "rust_decimal::serde::str")]
    pub price: Decimal,
    /// `None`: the holding's own currency.
    pub currency: Option<String>,
    pub date: Option<NaiveDate>,
    pub origin: Origin,
}

/// The prices given, searched by ISIN first (it names one security on every exchange), then
/// by symbol. A typed price wins over a file's; among files, the newest price, then the last
/// given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Prices {
    pub list: Vec<GivenPrice>,
}

impl Prices {
    pub fn find(&self, symbol: Option<&str>, isin: Option<&str>) -> Option<&GivenPrice> {
        let symbol = symbol.map(normalize_symbol);
        let isin = isin.map(|i| i.trim().to_ascii_uppercase());
        let matches = |p: &&GivenPrice| match (&p.isin, &isin) {
            (Some(a), Some(b)) if a == b => true,
            _ => match (&p.symbol, &symbol) {
                (Some(a), Some(b)) => normalize_symbol(a) == *b,
                _ => false,
            },
        };
        self.list
            .iter()
            .enumerate()
            .filter(|(_, p)| matches(p))
            .max_by_key(|(i, p)| (p.origin == Origin::Typed, p.date, *i))
            .map(|(_, p)| p)
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// What one prices file gave.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PricesFile {
    /// `plain`, `yahoo-portfolio`, `yahoo-history` or the positions format's name.
    pub format: String,
    pub prices: Vec<GivenPrice>,
    pub warnings: Vec<String>,
}

/// Largest prices file read: a positions export of the same account can be one.
pub const MAX_FILE_BYTES: usize = 64 * 1024 * 1024;

const SYMBOL: &[&str] = &["symbol", "ticker", "symbool", "kürzel"];
const ISIN: &[&str] = &["isin"];
const PRICE: &[&str] = &[
    "price",
    "current price",
    "last price",
    "last",
    "close",
    "closing price",
    "quote",
    "kurs",
];
const CURRENCY: &[&str] = &["currency", "währung", "valuta"];
const DATE: &[&str] = &["date", "datum", "price date", "trade date"];
const DATE_FORMATS: &[&str] = &["%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%m/%d/%Y", "%d.%m.%Y"];
/// Day columns of the one-security layouts (Yahoo, Stooq in English and Polish, Portfolio
/// Performance in its languages).
const DAY: &[&str] = &["date", "datum", "data", "fecha", "datas"];
/// Closing-price columns of the one-security layouts.
const CLOSE: &[&str] = &[
    "close",
    "zamkniecie",
    "quote",
    "kurs",
    "schluss",
    "schlusskurs",
    "cours",
    "cotización",
    "quotazione",
];

/// Reads a prices file of any of the layouts above. A file is read whole or refused, with
/// every problem located; a row without a price is a warning (a watch-list line), not a zero.
pub fn read(file_name: &str, bytes: &[u8]) -> Result<PricesFile> {
    let shown = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let Some(text) = crate::import::decode_text(shown, bytes) else {
        return Err(Error::Import {
            problems: vec![Problem::file(
                shown,
                "is not a text file: a prices file is a CSV",
            )],
        });
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    // Portfolio Performance writes `;` (and decimal commas) where the locale's decimal mark is a
    // comma.
    let first = text.lines().next().unwrap_or("");
    let semicolon = first.contains(';') && !first.contains(',');
    let parsed = if semicolon {
        crate::table::Records::parse_delimited(shown, text, b';').map(|r| r.into_table(0))
    } else {
        Table::parse(shown, text)
    };
    let table = match parsed {
        Ok(t) => t,
        Err(problems) => return Err(Error::Import { problems }),
    };
    let format = if semicolon {
        crate::money::NumberFormat::CommaDecimal
    } else {
        crate::money::NumberFormat::DotDecimal
    };
    let has = |names: &[&str]| table.find(names).is_some();
    let one_security = has(DAY) && has(CLOSE) && !has(SYMBOL) && !has(ISIN);
    let wide = has(DAY)
        && table.headers.len() > 1
        && table.headers.iter().skip(1).all(|h| is_security_header(h));
    let result = if one_security {
        history_file(shown, &table, format)
    } else if has(&["current price"])
        || ((has(SYMBOL) || has(ISIN)) && has(PRICE) && !has(&["quantity", "shares", "qty"]))
    {
        plain(shown, &table, format)
    } else if wide {
        wide_file(shown, &table, format)
    } else {
        return positions_file(shown, bytes);
    };
    result.map_err(|problems| Error::Import { problems })
}

/// A column of Portfolio Performance's "all historical quotes": an ISIN or a ticker.
fn is_security_header(h: &str) -> bool {
    let h = h.trim();
    crate::identifiers::validate_isin(h).is_ok()
        || (!h.is_empty()
            && h.len() <= 12
            && h.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b'.' | b'-')))
}

fn plain(
    file: &str,
    table: &Table,
    format: crate::money::NumberFormat,
) -> std::result::Result<PricesFile, Vec<Problem>> {
    let yahoo = table.find(&["current price"]).is_some();
    let (symbol, isin) = (table.find(SYMBOL), table.find(ISIN));
    let price = table.find(PRICE).unwrap_or(0);
    let (currency, date) = (table.find(CURRENCY), table.find(DATE));
    let mut problems = Vec::new();
    let mut prices = Vec::new();
    let mut warnings = Vec::new();
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let sym = symbol.and_then(|c| row.opt_text(c));
        let isin_v = isin
            .and_then(|c| row.opt_text(c))
            .map(|s| s.to_ascii_uppercase());
        if sym.is_none() && isin_v.is_none() {
            row.problem(
                symbol.or(isin).unwrap_or(0),
                "no symbol or ISIN on this row",
            );
            continue;
        }
        if let (Some(c), Some(v)) = (isin, &isin_v) {
            if let Err(e) = crate::identifiers::validate_isin(v) {
                row.problem(c, e);
            }
        }
        let px = match row.number_in(price, format) {
            Ok(Some(p)) if p > Decimal::ZERO => p,
            Ok(Some(p)) => {
                row.problem(price, format!("{p} is not a price (it must be above zero)"));
                continue;
            }
            Ok(None) => {
                warnings.push(format!(
                    "{file}:{line}: {} has no price and is left out",
                    sym.as_deref().or(isin_v.as_deref()).unwrap_or("?")
                ));
                continue;
            }
            Err(_) => continue,
        };
        let cur = match currency.and_then(|c| row.opt_text(c)) {
            Some(c) => match crate::value::fx::parse_price_currency(&c) {
                Ok(c) => Some(c),
                Err(e) => {
                    row.problem(currency.unwrap_or(0), e);
                    continue;
                }
            },
            // Yahoo quotes London listings (`.L`) in pence.
            None if yahoo && sym.as_deref().is_some_and(|s| s.ends_with(".L")) => {
                Some("GBX".into())
            }
            None => None,
        };
        let day = match date {
            Some(c) => match row.date_in(c, DATE_FORMATS) {
                Ok(d) => d,
                Err(_) => continue,
            },
            None => None,
        };
        let given = GivenPrice {
            symbol: sym,
            isin: isin_v,
            price: px,
            currency: cur,
            date: day,
            origin: Origin::File {
                file: file.to_string(),
                line,
            },
        };
        // Yahoo repeats a symbol once per lot, at one price.
        if !prices.iter().any(|p: &GivenPrice| {
            p.symbol == given.symbol
                && p.isin == given.isin
                && p.price == given.price
                && p.date == given.date
        }) {
            prices.push(given);
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if prices.is_empty() {
        return Err(vec![Problem::file(file, "has no price on any row")]);
    }
    Ok(PricesFile {
        format: if yahoo { "yahoo-portfolio" } else { "plain" }.into(),
        prices,
        warnings,
    })
}

/// The security a one-security download is named after: Yahoo's `NVDA.csv`, `NVDA (1).csv`,
/// `BRK-B.csv`; Stooq's `aapl_us_d.csv`; Portfolio Performance's `US67066G1040.csv`.
fn symbol_of_file_name(file: &str) -> Option<String> {
    let stem = file.rsplit_once('.').map_or(file, |(s, _)| s);
    let stem = match stem.rsplit_once(" (") {
        Some((s, n)) if n.trim_end_matches(')').bytes().all(|b| b.is_ascii_digit()) => s,
        _ => stem,
    };
    let lower = stem.to_ascii_lowercase();
    let stem = match lower.strip_suffix("_d").and_then(|s| s.split_once('_')) {
        Some((sym, _market)) => &stem[..sym.len()],
        None => stem,
    };
    let s = stem.trim();
    (!s.is_empty()
        && s.len() <= 12
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'^' | b'=')))
    .then(|| s.to_ascii_uppercase())
}

fn given(file: &str, line: u64, name: &str, price: Decimal, date: NaiveDate) -> GivenPrice {
    let isin = crate::identifiers::validate_isin(name).is_ok();
    GivenPrice {
        symbol: (!isin).then(|| name.to_string()),
        isin: isin.then(|| name.to_string()),
        price,
        currency: None,
        date: Some(date),
        origin: Origin::File {
            file: file.to_string(),
            line,
        },
    }
}

/// A history of one security: the newest day's close.
fn history_file(
    file: &str,
    table: &Table,
    format: crate::money::NumberFormat,
) -> std::result::Result<PricesFile, Vec<Problem>> {
    let Some(symbol) = symbol_of_file_name(file) else {
        return Err(vec![Problem::file(
            file,
            "is a price history of one security, whose symbol or ISIN is its file name (NVDA.csv): rename it",
        )]);
    };
    let (Some(date), Some(close)) = (table.find(DAY), table.find(CLOSE)) else {
        return Err(vec![Problem::at(
            file,
            table.header_line,
            "no Date and Close columns",
        )]);
    };
    let mut problems = Vec::new();
    let mut best: Option<(NaiveDate, Decimal, u64)> = None;
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        if row.text(close).trim().eq_ignore_ascii_case("null") {
            continue;
        }
        let (Ok(Some(d)), Ok(Some(c))) = (
            row.date_in(date, DATE_FORMATS),
            row.number_in(close, format),
        ) else {
            continue;
        };
        if best.is_none_or(|(b, ..)| d > b) {
            best = Some((d, c, line));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some((d, c, line)) = best else {
        return Err(vec![Problem::file(file, "has no day with a closing price")]);
    };
    Ok(PricesFile {
        format: "price-history".into(),
        prices: vec![given(file, line, &symbol, c, d)],
        warnings: Vec::new(),
    })
}

/// Portfolio Performance's "all historical quotes": the newest price in each security's column.
fn wide_file(
    file: &str,
    table: &Table,
    format: crate::money::NumberFormat,
) -> std::result::Result<PricesFile, Vec<Problem>> {
    let date = table.find(DAY).unwrap_or(0);
    let mut problems = Vec::new();
    let mut best: Vec<Option<(NaiveDate, Decimal, u64)>> = vec![None; table.headers.len()];
    for i in 0..table.len() {
        let mut row = table.row(i, &mut problems);
        let line = row.line;
        let Ok(Some(d)) = row.date_in(date, DATE_FORMATS) else {
            continue;
        };
        for (c, slot) in best.iter_mut().enumerate() {
            if c == date {
                continue;
            }
            if let Ok(Some(p)) = row.number_in(c, format) {
                if slot.is_none_or(|(b, ..)| d > b) {
                    *slot = Some((d, p, line));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let prices: Vec<GivenPrice> = best
        .iter()
        .enumerate()
        .filter_map(|(c, b)| {
            let (d, p, line) = (*b)?;
            Some(given(file, line, table.headers[c].trim(), p, d))
        })
        .collect();
    if prices.is_empty() {
        return Err(vec![Problem::file(file, "has no price in any column")]);
    }
    Ok(PricesFile {
        format: "portfolio-performance-quotes".into(),
        prices,
        warnings: Vec::new(),
    })
}

/// A broker's positions export: every holding with a price (or a value to divide) gives one.
fn positions_file(file: &str, bytes: &[u8]) -> Result<PricesFile> {
    let portfolio = crate::import::import_bytes(file, bytes, None).map_err(|e| match e {
        e if crate::import::is_unrecognised(&e) => Error::Import {
            problems: vec![Problem::file(
                file,
                "is not a prices file (Symbol and Price columns, a Yahoo Finance export) nor a positions export we read",
            )],
        },
        e => e,
    })?;
    if portfolio.kind != Kind::Positions {
        return Err(Error::Import {
            problems: vec![Problem::file(
                file,
                "is a transaction history: prices come from a positions export or a prices file",
            )],
        });
    }
    let prices: Vec<GivenPrice> = portfolio
        .holdings
        .iter()
        .filter_map(|h| {
            let price = h
                .price
                .or_else(|| h.market_value.and_then(|v| v.checked_div(h.quantity)))
                .filter(|p| *p > Decimal::ZERO)?;
            Some(GivenPrice {
                symbol: h.symbol.clone(),
                isin: h.isin.clone(),
                price,
                currency: h.currency.clone(),
                date: portfolio.as_of,
                origin: Origin::File {
                    file: file.to_string(),
                    line: h.line,
                },
            })
        })
        .collect();
    if prices.is_empty() {
        return Err(Error::Import {
            problems: vec![Problem::file(
                file,
                "is a positions export with no prices in it",
            )],
        });
    }
    Ok(PricesFile {
        format: portfolio.broker,
        prices,
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn the_plain_file_with_currency_and_date() {
        let f = read(
            "prices.csv",
            b"Symbol,Price,Currency,Date\nNVDA,181.25,USD,2026-11-30\nASML,\"1,657.80\",EUR,2026-11-30\nMSFT,,,\n",
        )
        .unwrap();
        assert_eq!(f.format, "plain");
        assert_eq!(f.prices.len(), 2);
        assert_eq!(f.prices[1].price, dec!(1657.80));
        assert_eq!(f.prices[1].currency.as_deref(), Some("EUR"));
        assert_eq!(f.prices[0].date, day(2026, 11, 30));
        assert_eq!(
            f.prices[1].origin,
            Origin::File {
                file: "prices.csv".into(),
                line: 3
            }
        );
        // MSFT has no price: said, not a zero.
        assert!(
            f.warnings[0].contains("prices.csv:4: MSFT has no price"),
            "{:?}",
            f.warnings
        );
    }

    #[test]
    fn bad_cells_are_located() {
        let e = read(
            "p.csv",
            b"Symbol,Price,Currency\nNVDA,abc,USD\nAMD,-3,USD\nAVGO,10,dollars\n",
        )
        .unwrap_err();
        let Error::Import { problems } = e else {
            panic!()
        };
        let at: Vec<_> = problems
            .iter()
            .map(|p| (p.line, p.column.as_ref().map(|c| c.0)))
            .collect();
        assert_eq!(
            at,
            [(Some(2), Some(2)), (Some(3), Some(2)), (Some(4), Some(3))]
        );
    }

    #[test]
    fn a_yahoo_history_gives_its_newest_close_under_the_file_name() {
        let f = read(
            "/home/me/Downloads/NVDA (1).csv",
            b"Date,Open,High,Low,Close,Adj Close,Volume\n2026-11-27,1,1,1,177.00,177.00,10\n2026-11-28,null,null,null,null,null,null\n2026-11-26,1,1,1,170.00,170.00,10\n",
        )
        .unwrap();
        assert_eq!((f.format.as_str(), f.prices.len()), ("price-history", 1));
        let p = &f.prices[0];
        assert_eq!(
            (p.symbol.as_deref(), p.price, p.date),
            (Some("NVDA"), dec!(177.00), day(2026, 11, 27))
        );
        assert_eq!(
            p.origin,
            Origin::File {
                file: "NVDA (1).csv".into(),
                line: 2
            }
        );
    }

    #[test]
    fn real_yahoo_stooq_files_and_portfolio_performance_layouts() {
        let read_fixture = |name: &str| {
            let path = format!(
                "{}/tests/fixtures/prices/{name}",
                env!("CARGO_MANIFEST_DIR")
            );
            read(&path, &std::fs::read(&path).unwrap()).unwrap()
        };
        // ghostfolio's test/import/ok-yahoo-finance.csv, a user's real export: VT at 91.455 on
        // 2023/10/03 (line 2), despite its Quantity column.
        let y = read_fixture("yahoo-quotes.csv");
        assert_eq!(y.format, "yahoo-portfolio");
        let vt = y
            .prices
            .iter()
            .find(|p| p.symbol.as_deref() == Some("VT"))
            .unwrap();
        assert_eq!((vt.price, vt.date), (dec!(91.455), day(2023, 10, 3)));
        // A Stooq download, under the name Stooq gives it: AAPL.
        let path = format!(
            "{}/tests/fixtures/prices/stooq-aapl_us_d.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let s = read("aapl_us_d.csv", &std::fs::read(path).unwrap()).unwrap();
        assert_eq!(s.prices[0].symbol.as_deref(), Some("AAPL"));
        // Null rows of a Yahoo history are skipped, not zero.
        let path = format!(
            "{}/tests/fixtures/prices/yahoo-history-GDAXI-nulls.csv",
            env!("CARGO_MANIFEST_DIR")
        );
        let g = read("^GDAXI.csv", &std::fs::read(path).unwrap()).unwrap();
        assert_eq!(g.prices[0].symbol.as_deref(), Some("^GDAXI"));
        assert!(g.prices[0].price > Decimal::ZERO);
        // Portfolio Performance, German: `;` and decimal commas, named by ISIN.
        let pp = read(
            "US67066G1040.csv",
            "Datum;Kurs\r\n2026-11-27;177,00\r\n2026-11-30;1.181,25\r\n".as_bytes(),
        )
        .unwrap();
        let p = &pp.prices[0];
        assert_eq!(
            (p.isin.as_deref(), p.price, p.date),
            (Some("US67066G1040"), dec!(1181.25), day(2026, 11, 30))
        );
        // Its "all historical quotes": the newest price of each column.
        let all = read(
            "quotes.csv",
            b"Date,US67066G1040,MSFT\n2026-11-27,177.00,480.10\n2026-11-30,181.25,\n",
        )
        .unwrap();
        assert_eq!(all.format, "portfolio-performance-quotes");
        let msft = all
            .prices
            .iter()
            .find(|p| p.symbol.as_deref() == Some("MSFT"))
            .unwrap();
        assert_eq!((msft.price, msft.date), (dec!(480.10), day(2026, 11, 27)));
        let nvda = all.prices.iter().find(|p| p.isin.is_some()).unwrap();
        assert_eq!((nvda.price, nvda.date), (dec!(181.25), day(2026, 11, 30)));
    }

    #[test]
    fn a_typed_price_wins_then_the_newest() {
        let file = |price, d| GivenPrice {
            symbol: Some("NVDA".into()),
            isin: None,
            price,
            currency: None,
            date: d,
            origin: Origin::File {
                file: "p.csv".into(),
                line: 2,
            },
        };
        let mut prices = Prices {
            list: vec![
                file(dec!(1), day(2026, 11, 2)),
                file(dec!(2), day(2026, 11, 1)),
            ],
        };
        assert_eq!(prices.find(Some("nvda"), None).unwrap().price, dec!(1));
        prices.list.push(GivenPrice {
            origin: Origin::Typed,
            ..file(dec!(3), None)
        });
        assert_eq!(prices.find(Some("NVDA"), None).unwrap().price, dec!(3));
        assert!(prices.find(Some("AMD"), None).is_none());
    }

    #[test]
    fn a_positions_export_gives_its_prices_and_a_history_is_refused() {
        let f = read(
            "positions.csv",
            b"Symbol,Shares,Price\nNVDA,10,181.25\nAMD,5,\n",
        )
        .unwrap();
        assert_eq!(f.format, "generic");
        assert_eq!(f.prices.len(), 1);
        assert_eq!(f.prices[0].price, dec!(181.25));
        let e = read("junk.csv", b"foo,bar\n1,2\n").unwrap_err();
        assert!(e.to_string().contains("not a prices file"), "{e}");
    }
}

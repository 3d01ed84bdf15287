//! Exchange rates: the ECB's euro reference rates (a dated snapshot is bundled; the user can load
//! a newer file of the ECB's own or override one rate), and the conversion between any two of
//! their currencies through the euro.
//!
//! The ECB publishes how many units of each currency one euro buys, on one day. A conversion
//! from A to B is `per_eur[B] ÷ per_eur[A]`; both rates are of the same day and source, so the
//! cross rate is what the ECB's figures imply, not a market quote. Minor units (pence `GBX`/
//! `GBp`, South African cents `ZAc`, Israeli agorot `ILA`) are a hundredth of their currency.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::diag::Problem;

/// The bundled snapshot: the ECB's `eurofxref.csv` as published (see `data/fx/README.md`).
const BUNDLED: &str = include_str!("../../data/fx/eurofxref.csv");
const BUNDLED_SOURCE: &str = "ECB euro foreign exchange reference rates";

/// A rates file is a few kilobytes; the ECB's full history is about 2 MB.
pub const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// One day's reference rates: units of each currency per euro.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RateTable {
    pub date: NaiveDate,
    /// Who published them (the citation shown beside every converted figure).
    pub source: String,
    /// `"bundled"` or the loaded file's name.
    pub origin: String,
    #[serde(serialize_with = "per_eur_strings")]
    pub per_eur: BTreeMap<String, Decimal>,
}

fn per_eur_strings<S: serde::Serializer>(
    m: &BTreeMap<String, Decimal>,
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(m.len()))?;
    for (k, v) in m {
        map.serialize_entry(k, &v.to_string())?;
    }
    map.end()
}

impl RateTable {
    /// The snapshot that ships with the app.
    pub fn bundled() -> &'static RateTable {
        static TABLE: OnceLock<RateTable> = OnceLock::new();
        TABLE.get_or_init(|| {
            let mut t = RateTable::parse("data/fx/eurofxref.csv", BUNDLED)
                // A broken bundled file is a build defect that the tests catch.
                .unwrap_or_else(|p| panic!("bundled rates: {}", p[0]));
            t.source = BUNDLED_SOURCE.into();
            t.origin = "bundled".into();
            t
        })
    }

    /// Reads a rates file of the ECB by content: the one-day CSV (`eurofxref.csv`), the history
    /// CSV (`eurofxref-hist.csv`, its newest day is taken) or the XML (`eurofxref-daily.xml`,
    /// `eurofxref-hist.xml`). Every problem is reported with its line and column.
    pub fn parse(file: &str, text: &str) -> Result<RateTable, Vec<Problem>> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let first = text.trim_start();
        let mut table = if first.starts_with('<') {
            parse_xml(file, text)?
        } else if first.to_ascii_lowercase().starts_with("date") {
            parse_csv(file, text)?
        } else {
            return Err(vec![Problem::file(
                file,
                "not an ECB reference rates file: expected the CSV (a `Date, USD, JPY, …` header) or the XML (`<gesmes:Envelope>`) the ECB publishes",
            )]);
        };
        table.source = BUNDLED_SOURCE.into();
        table.origin = file.rsplit(['/', '\\']).next().unwrap_or(file).to_string();
        if !table.per_eur.contains_key("USD") {
            return Err(vec![Problem::file(file, "has no USD rate")]);
        }
        Ok(table)
    }
}

fn rate_cell(
    file: &str,
    line: u64,
    col: usize,
    header: &str,
    cell: &str,
) -> Result<Option<Decimal>, Problem> {
    let cell = cell.trim();
    if cell.is_empty() || cell.eq_ignore_ascii_case("N/A") {
        return Ok(None);
    }
    match Decimal::from_str_exact(cell) {
        Ok(r) if r > Decimal::ZERO => Ok(Some(r)),
        _ => Err(Problem::cell(
            file,
            line,
            col,
            header,
            format!("{cell:?} is not a rate (a positive number such as 1.1561)"),
        )),
    }
}

fn ecb_day(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d %B %Y"))
        .ok()
}

fn parse_csv(file: &str, text: &str) -> Result<RateTable, Vec<Problem>> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Err(vec![Problem::file(file, "is empty")]);
    };
    let header: Vec<String> = header.split(',').map(|c| c.trim().to_string()).collect();
    let mut problems = Vec::new();
    let mut best: Option<(NaiveDate, u64, Vec<&str>)> = None;
    for (i, l) in lines {
        let line = i as u64 + 1;
        let cells: Vec<&str> = l.split(',').collect();
        let Some(day) = cells.first().and_then(|d| ecb_day(d)) else {
            problems.push(Problem::cell(
                file,
                line,
                1,
                "Date",
                format!(
                    "{:?} is not a date such as 2026-12-02 or 02 December 2026",
                    cells.first().copied().unwrap_or("")
                ),
            ));
            continue;
        };
        // A cut-off file is refused, not read as a shorter list of currencies.
        let filled = header.iter().filter(|h| !h.is_empty()).count();
        if cells.len() < filled {
            problems.push(Problem::at(
                file,
                line,
                format!(
                    "has {} cells where the header has {filled}: the file looks cut off",
                    cells.len()
                ),
            ));
            continue;
        }
        if best.as_ref().is_none_or(|(d, ..)| day > *d) {
            best = Some((day, line, cells));
        }
    }
    let Some((date, line, cells)) = best else {
        // A row refused above already says why there is no day.
        if problems.is_empty() {
            problems.push(Problem::file(file, "has no day of rates"));
        }
        return Err(problems);
    };
    let mut per_eur = BTreeMap::new();
    for (col, (h, cell)) in header.iter().zip(&cells).enumerate().skip(1) {
        if h.is_empty() {
            continue;
        }
        if !is_code(h) {
            problems.push(Problem::cell(
                file,
                1,
                col + 1,
                h,
                "is not a currency code (three capital letters)",
            ));
            continue;
        }
        match rate_cell(file, line, col + 1, h, cell) {
            Ok(Some(r)) => {
                per_eur.insert(h.clone(), r);
            }
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(RateTable {
        date,
        source: String::new(),
        origin: String::new(),
        per_eur,
    })
}

fn parse_xml(file: &str, text: &str) -> Result<RateTable, Vec<Problem>> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut days: Vec<(NaiveDate, BTreeMap<String, Decimal>)> = Vec::new();
    let mut problems = Vec::new();
    // Lines counted as the reader moves on, so a 2 MB history stays linear.
    let (mut seen, mut lines) = (0usize, 1u64);
    let mut line_of = |pos: u64| {
        let pos = (pos as usize).min(text.len());
        if pos > seen {
            lines += memchr::memchr_iter(b'\n', &text.as_bytes()[seen..pos]).count() as u64;
            seen = pos;
        }
        lines
    };
    loop {
        let pos = reader.buffer_position();
        match reader.read_event() {
            Err(e) => {
                problems.push(Problem::at(
                    file,
                    line_of(pos),
                    format!("is not well-formed XML: {e}"),
                ));
                break;
            }
            Ok(Event::Eof) => break,
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Cube" => {
                let mut time = None;
                let mut currency = None;
                let mut rate = None;
                for a in e.attributes().flatten() {
                    let v = a.value.to_string();
                    match a.key.local_name().as_ref() {
                        "time" => time = Some(v),
                        "currency" => currency = Some(v),
                        "rate" => rate = Some(v),
                        _ => {}
                    }
                }
                if let Some(t) = time {
                    match ecb_day(&t) {
                        Some(d) => days.push((d, BTreeMap::new())),
                        None => problems.push(Problem::at(
                            file,
                            line_of(pos),
                            format!("time {t:?} is not a date such as 2026-12-02"),
                        )),
                    }
                } else if let (Some(c), Some(r)) = (currency, rate) {
                    let line = line_of(pos);
                    match (days.last_mut(), is_code(&c)) {
                        (None, _) => problems.push(Problem::at(
                            file,
                            line,
                            "a rate outside any day's <Cube time=…>",
                        )),
                        (Some(_), false) => problems.push(Problem::at(
                            file,
                            line,
                            format!("{c:?} is not a currency code"),
                        )),
                        (Some((_, m)), true) => match rate_cell(file, line, 1, &c, &r) {
                            Ok(Some(r)) => {
                                m.insert(c, r);
                            }
                            Ok(None) => {}
                            Err(p) => problems.push(p),
                        },
                    }
                }
            }
            Ok(_) => {}
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let Some((date, per_eur)) = days.into_iter().max_by_key(|(d, _)| *d) else {
        return Err(vec![Problem::file(
            file,
            "has no <Cube time=…> day of rates",
        )]);
    };
    Ok(RateTable {
        date,
        source: String::new(),
        origin: String::new(),
        per_eur,
    })
}

fn is_code(c: &str) -> bool {
    c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())
}

/// A currency as a code and the fraction of it one unit is: `GBX` is 1/100 `GBP`.
pub fn major(code: &str) -> (String, Decimal) {
    let hundredth = Decimal::new(1, 2);
    match code.trim() {
        "GBX" | "GBp" | "GBx" => ("GBP".into(), hundredth),
        "ZAc" | "ZAC" => ("ZAR".into(), hundredth),
        "ILA" | "ILa" => ("ILS".into(), hundredth),
        c => (c.to_ascii_uppercase(), Decimal::ONE),
    }
}

/// Where a rate comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum RateSource {
    /// The reference rates (bundled or loaded) of `date`.
    Reference {
        date: NaiveDate,
        source: String,
        origin: String,
    },
    /// A rate the user typed for one currency (units per euro); the other side of a cross rate
    /// may still be a reference rate.
    User { currency: String },
    /// The rate the broker's file states on `line`.
    File { line: u64, date: Option<NaiveDate> },
}

/// How one amount became another currency: `1 from = rate to`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conversion {
    pub from: String,
    pub to: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub rate: Decimal,
    pub source: RateSource,
}

impl Conversion {
    /// `amount` (in `from`) in `to`; `None` if too large.
    pub fn apply(&self, amount: Decimal) -> Option<Decimal> {
        amount.checked_mul(self.rate)
    }

    /// "1 USD = 0.8650 EUR (ECB reference rate of 2026-12-02)".
    pub fn describe(&self) -> String {
        let how = match &self.source {
            RateSource::Reference { date, .. } => format!("ECB reference rate of {date}"),
            RateSource::User { currency } => format!("your rate for {currency}"),
            RateSource::File {
                line,
                date: Some(d),
            } => format!("the rate in your file, line {line}, of {d}"),
            RateSource::File { line, date: None } => format!("the rate in your file, line {line}"),
        };
        format!(
            "1 {} = {} {} ({how})",
            self.from,
            shown_rate(self.rate),
            self.to
        )
    }
}

/// A rate as people read it: six significant digits, trailing zeros dropped.
pub fn shown_rate(rate: Decimal) -> String {
    let digits = rate.trunc().to_string().trim_start_matches('-').len() as u32;
    let dp = if rate.abs() >= Decimal::ONE {
        6u32.saturating_sub(digits)
    } else {
        6
    };
    rate.round_dp(dp.max(2)).normalize().to_string()
}

/// The rates in use: a reference table, and the user's own rates (units per euro) over it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rates {
    pub table: RateTable,
    pub overrides: BTreeMap<String, Decimal>,
}

impl Default for Rates {
    fn default() -> Self {
        Rates {
            table: RateTable::bundled().clone(),
            overrides: BTreeMap::new(),
        }
    }
}

impl Rates {
    /// Units of `code` per euro, and whether the user set it.
    fn per_eur(&self, code: &str) -> Option<(Decimal, bool)> {
        if code == "EUR" {
            return Some((Decimal::ONE, false));
        }
        if let Some(r) = self.overrides.get(code) {
            return Some((*r, true));
        }
        self.table.per_eur.get(code).map(|r| (*r, false))
    }

    /// The rate from `from` to `to` (codes as files write them, minor units included); `None`
    /// when either has no rate.
    pub fn conversion(&self, from: &str, to: &str) -> Option<Conversion> {
        let (f, f_unit) = major(from);
        let (t, t_unit) = major(to);
        let (per_from, user_from) = self.per_eur(&f)?;
        let (per_to, user_to) = self.per_eur(&t)?;
        // 1 from = unit_from × per_to ÷ per_from ÷ unit_to.
        let rate = f_unit
            .checked_mul(per_to)?
            .checked_div(per_from)?
            .checked_div(t_unit)?;
        let source = if user_from || user_to {
            RateSource::User {
                currency: if user_from { f } else { t },
            }
        } else {
            RateSource::Reference {
                date: self.table.date,
                source: self.table.source.clone(),
                origin: self.table.origin.clone(),
            }
        };
        Some(Conversion {
            from: from.to_string(),
            to: to.to_string(),
            rate,
            source,
        })
    }

    /// Every currency with a rate, sorted.
    pub fn currencies(&self) -> Vec<String> {
        let mut c: Vec<String> = std::iter::once("EUR".to_string())
            .chain(self.table.per_eur.keys().cloned())
            .chain(self.overrides.keys().cloned())
            .collect();
        c.sort();
        c.dedup();
        c
    }
}

/// A rate the user gives for `code`: units of it per euro (`1.17`, `1,17` is refused as
/// ambiguous), above zero; the euro's own is always 1.
pub fn parse_override(code: &str, per_eur: &str) -> Result<(String, Decimal), String> {
    let code = parse_code(code)?;
    if code == "EUR" {
        return Err("rates are per euro: the euro's is always 1".into());
    }
    let rate = crate::money::parse(per_eur)
        .ok()
        .flatten()
        .filter(|r| *r > Decimal::ZERO)
        .ok_or_else(|| {
            format!("{per_eur:?} is not a rate: give how many {code} one euro buys, e.g. 1.17")
        })?;
    Ok((code, rate.normalize()))
}

/// The currency of a price the user gives: a code, or a minor unit as files write them
/// (`GBX`/`GBp` pence, `ZAc`, `ILA`), kept as written so that [`major`] makes it a hundredth.
pub fn parse_price_currency(text: &str) -> Result<String, String> {
    let t = text.trim();
    if major(t).1 != Decimal::ONE {
        return Ok(t.to_string());
    }
    parse_code(t)
}

/// A currency code the user typed (`eur`, ` GBP `), checked: three letters.
pub fn parse_code(text: &str) -> Result<String, String> {
    let c = text.trim().to_ascii_uppercase();
    if is_code(&c) {
        Ok(c)
    } else {
        Err(format!(
            "{text:?} is not a currency code such as EUR, USD or GBP"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    const DAILY: &str =
        "Date, USD, JPY, GBP, CHF, \n02 December 2026, 1.2000, 180.00, 0.8000, 0.9600, \n";

    fn rates() -> Rates {
        Rates {
            table: RateTable::parse("eurofxref.csv", DAILY).unwrap(),
            overrides: BTreeMap::new(),
        }
    }

    #[test]
    fn the_one_day_csv_is_read_with_its_date() {
        let t = RateTable::parse("eurofxref.csv", DAILY).unwrap();
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
        assert_eq!(t.per_eur["USD"], dec!(1.2000));
        assert_eq!(t.per_eur.len(), 4);
    }

    #[test]
    fn cross_rates_go_through_the_euro_and_pence_are_hundredths() {
        let r = rates();
        // 1 USD = 0.80 / 1.20 GBP = 0.666… GBP
        let c = r.conversion("USD", "GBP").unwrap();
        assert_eq!(c.apply(dec!(120)).unwrap().round_dp(2), dec!(80.00));
        // 100 GBX = 1 GBP = 1.20 / 0.80 USD = 1.5 USD
        let c = r.conversion("GBX", "USD").unwrap();
        assert_eq!(c.apply(dec!(100)).unwrap(), dec!(1.5));
        assert_eq!(r.conversion("EUR", "USD").unwrap().rate, dec!(1.2));
        assert!(r.conversion("USD", "XYZ").is_none());
    }

    #[test]
    fn a_user_rate_wins_and_says_so() {
        let mut r = rates();
        r.overrides.insert("USD".into(), dec!(1.25));
        let c = r.conversion("EUR", "USD").unwrap();
        assert_eq!(c.rate, dec!(1.25));
        assert_eq!(
            c.source,
            RateSource::User {
                currency: "USD".into()
            }
        );
    }

    #[test]
    fn the_history_csv_gives_its_newest_day_and_skips_na() {
        let text = "Date,USD,JPY,RUB,\n2026-12-01,1.1000,170.00,N/A,\n2026-12-02,1.2000,180.00,N/A,\n2026-11-30,1.3000,175.00,90.0,\n";
        let t = RateTable::parse("eurofxref-hist.csv", text).unwrap();
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
        assert_eq!(t.per_eur.get("RUB"), None);
        assert_eq!(t.per_eur["USD"], dec!(1.2));
    }

    #[test]
    fn the_xml_is_read() {
        let text = "<?xml version=\"1.0\"?>\n<gesmes:Envelope xmlns:gesmes=\"g\" xmlns=\"e\">\n<Cube>\n<Cube time='2026-12-02'>\n<Cube currency='USD' rate='1.2'/>\n<Cube currency='GBP' rate='0.8'/>\n</Cube>\n</Cube>\n</gesmes:Envelope>\n";
        let t = RateTable::parse("eurofxref-daily.xml", text).unwrap();
        assert_eq!(t.per_eur["GBP"], dec!(0.8));
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 12, 2).unwrap());
    }

    #[test]
    fn bad_files_are_refused_where_they_are_wrong() {
        let e = RateTable::parse("r.csv", "Date, USD, GBP, \n02 December 2026, 1.2, abc, \n")
            .unwrap_err();
        assert_eq!(
            (e[0].line, e[0].column.as_ref().map(|c| c.0)),
            (Some(2), Some(3))
        );
        let e = RateTable::parse("r.csv", "Date, USD, GBP, \n02 December 2026, 1.2\n").unwrap_err();
        assert!(e[0].message.contains("cut off"), "{}", e[0]);
        let e = RateTable::parse("r.csv", "Symbol,Price\nNVDA,1\n").unwrap_err();
        assert!(e[0].message.contains("not an ECB"));
        let e = RateTable::parse(
            "r.xml",
            "<a><Cube time='2026-12-02'><Cube currency='USD' rate='-1'/></Cube>",
        )
        .unwrap_err();
        assert!(e[0].message.contains("not a rate"));
    }

    #[test]
    fn real_ecb_history_and_xml_files_are_read() {
        // The ECB's eurofxref-hist.csv, newest ten days: the first row, 2026-10-30, is taken;
        // BGN is N/A there (Bulgaria joined the euro) and so absent.
        let t = RateTable::parse(
            "eurofxref-hist.csv",
            include_str!("../../tests/fixtures/fx/eurofxref-hist-sample.csv"),
        )
        .unwrap();
        assert_eq!(t.date, NaiveDate::from_ymd_opt(2026, 10, 30).unwrap());
        assert_eq!(
            (t.per_eur["USD"], t.per_eur["GBP"]),
            (dec!(1.1172), dec!(0.8338))
        );
        assert!(!t.per_eur.contains_key("BGN"));
        let x = RateTable::parse(
            "eurofxref-daily.xml",
            include_str!("../../tests/fixtures/fx/eurofxref-daily-sample.xml"),
        )
        .unwrap();
        assert_eq!(x.date, NaiveDate::from_ymd_opt(2026, 8, 21).unwrap());
        assert_eq!(x.per_eur["USD"], dec!(1.1699));
    }

    #[test]
    fn the_bundled_snapshot_has_every_currency_our_brokers_use() {
        let t = RateTable::bundled();
        for c in [
            "USD", "GBP", "CHF", "CAD", "SEK", "NOK", "DKK", "PLN", "JPY", "AUD",
        ] {
            assert!(t.per_eur.contains_key(c), "{c} missing");
        }
    }
}

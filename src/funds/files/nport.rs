//! SEC Form N-PORT-P, the XML a fund files every quarter (`primary_doc.xml`).
//!
//! ```text
//! <edgarSubmission xmlns="http://www.sec.gov/edgar/nport" …>
//!   <formData>
//!     <genInfo> … <seriesName>…</seriesName><seriesId>S000…</seriesId><repPdDate>2026-06-30</repPdDate></genInfo>
//!     <fundInfo> … <netAssets>399844102.98</netAssets> … </fundInfo>
//!     <invstOrSecs>
//!       <invstOrSec>
//!         <name>Kraft Heinz Co. (The)</name><title>…</title><cusip>500754106</cusip>
//!         <identifiers><isin value="US5007541064"/></identifiers>
//!         <balance>93467.00000000</balance><units>NS</units><curCd>USD</curCd>
//!         <valUSD>2207690.54000000</valUSD><pctVal>0.552137826604</pctVal><assetCat>EC</assetCat> …
//! ```
//! Quirks: elements are matched by local name (the file uses a default namespace and prefixes);
//! `pctVal` is percent of net assets (0–100); `000000000` and `N/A` CUSIPs are placeholders; one
//! position can span several `invstOrSec` entries (split by country or exchange): entries with
//! the same CUSIP (or, without one, ISIN) and units are added up into one line, located at the
//! first. Only direct children of `invstOrSec` are read: derivatives nest the identifiers of
//! their reference instrument deeper. `balance` is shares (`NS`) or principal (`PA`). A class
//! ticker is not part of N-PORT (classes are named by `classId`), so `fund` is `None` unless
//! `genInfo` carries a `<ticker>`; `fund_name` is `seriesName`. `assetCat` (`EC`, `DBT`, `STIV`,
//! …) is the asset class, or `assetConditional/@assetCat` when that is given instead.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::XmlVersion;
use rust_decimal::Decimal;

use super::common;
use super::{FileFormat, FundLine, HoldingsFile};
use crate::diag::{snippet, Problem};
use crate::money;

/// N-PORT nests about 8 deep; a file nested far deeper is not one (and would cost memory).
const MAX_DEPTH: usize = 64;

pub fn is_nport(text: &str) -> bool {
    let head = &text[..floor_char_boundary(text, 4096)];
    head.contains("edgarSubmission")
}

fn floor_char_boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Line numbers from byte offsets, counted forward once (offsets only grow while reading).
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    fn of(&mut self, offset: usize) -> u64 {
        let offset = offset.min(self.text.len());
        if offset > self.at {
            self.line += memchr::memchr_iter(b'\n', &self.text[self.at..offset]).count() as u64;
            self.at = offset;
        }
        self.line
    }
}

/// One `invstOrSec` as read, before entries of one security are added up.
#[derive(Default)]
struct Entry {
    line: u64,
    fields: HashMap<&'static str, String>,
}

const FIELDS: &[&str] = &[
    "name", "title", "cusip", "balance", "units", "curCd", "valUSD", "pctVal", "assetCat",
];

pub fn read(file: &str, text: &str) -> Result<HoldingsFile, Vec<Problem>> {
    let mut reader = quick_xml::Reader::from_str(text);
    // Not trimmed by the reader: it would cut the spaces around `&amp;` (`Tech & AI`); values are
    // trimmed whole instead.
    reader.config_mut().trim_text(false);
    let mut lines = Lines {
        text: text.as_bytes(),
        at: 0,
        line: 1,
    };
    let mut path: Vec<String> = Vec::new();
    let mut problems = Vec::new();
    let mut general: HashMap<String, String> = HashMap::new();
    let mut entries: Vec<Entry> = Vec::new();
    let mut current: Option<Entry> = None;
    let mut buffer = String::new();
    let mut seen_root = false;
    loop {
        let start = reader.buffer_position() as usize;
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let at = lines.of(reader.error_position() as usize);
                problems.push(Problem::at(
                    file,
                    at,
                    format!("not well-formed XML ({e}): the file is damaged or cut off"),
                ));
                return Err(problems);
            }
        };
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if path.is_empty() {
                    if name != "edgarSubmission" {
                        return Err(vec![Problem::at(
                            file,
                            lines.of(start),
                            format!("an XML file whose root is <{name}>, not an N-PORT <edgarSubmission>"),
                        )]);
                    }
                    seen_root = true;
                }
                if name == "invstOrSec" && parent(&path) == Some("invstOrSecs") {
                    current = Some(Entry {
                        line: lines.of(start),
                        ..Entry::default()
                    });
                }
                if path.len() >= MAX_DEPTH {
                    return Err(vec![Problem::at(
                        file,
                        lines.of(start),
                        format!("elements nested more than {MAX_DEPTH} deep: not an N-PORT filing"),
                    )]);
                }
                path.push(name);
                buffer.clear();
            }
            Event::Empty(e) => {
                let name = local(&e);
                let inside = parent(&path);
                if let Some(entry) = current.as_mut() {
                    let depth = path.iter().rposition(|p| p == "invstOrSec");
                    let below = depth.map(|d| path.len() - d - 1);
                    match (below, name.as_str()) {
                        (Some(1), "isin" | "ticker") if inside == Some("identifiers") => {
                            if let Some(v) = attr(&e, "value") {
                                let key = if name == "isin" { "isin" } else { "ticker" };
                                entry.fields.insert(key, v);
                            }
                        }
                        (Some(0), "assetConditional") => {
                            if let Some(v) = attr(&e, "assetCat") {
                                entry.fields.entry("assetCat").or_insert(v);
                            }
                        }
                        _ => {}
                    }
                }
            }
            Event::Text(t) => buffer.push_str(&t.xml10_content()),
            Event::CData(t) => buffer.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let raw = format!("&{};", r.xml10_content());
                match quick_xml::escape::unescape(&raw) {
                    Ok(v) => buffer.push_str(&v),
                    Err(_) => {
                        problems.push(Problem::at(
                            file,
                            lines.of(start),
                            format!("unknown XML entity {}", snippet(&raw)),
                        ));
                    }
                }
            }
            Event::End(_) => {
                let Some(name) = path.pop() else { break };
                let value = common::clean(&buffer).to_string();
                let inside = parent(&path);
                if inside == Some("genInfo") || inside == Some("fundInfo") {
                    general.entry(name.clone()).or_insert(value);
                } else if inside == Some("invstOrSec") {
                    if let (Some(entry), Some(key)) =
                        (current.as_mut(), FIELDS.iter().find(|f| **f == name))
                    {
                        entry.fields.insert(key, value);
                    }
                } else if name == "invstOrSec" && inside == Some("invstOrSecs") {
                    entries.extend(current.take());
                }
                buffer.clear();
                if path.is_empty() {
                    break;
                }
            }
            Event::Eof => {
                if !path.is_empty() || !seen_root {
                    let at = lines.of(text.len());
                    problems.push(Problem::at(
                        file,
                        at,
                        format!(
                            "the XML ends inside <{}>: the file is cut off",
                            path.last().map_or("edgarSubmission", String::as_str)
                        ),
                    ));
                    return Err(problems);
                }
                break;
            }
            _ => {}
        }
    }

    let date = general.get("repPdDate").cloned().unwrap_or_default();
    let Some(as_of) = common::date(&date) else {
        problems.push(Problem::file(
            file,
            format!(
                "genInfo/repPdDate {} is not a date YYYY-MM-DD: the filing has no report date",
                snippet(&date)
            ),
        ));
        return Err(problems);
    };
    let net_assets = match general.get("netAssets").map(|v| money::parse(v)) {
        Some(Ok(v)) => v,
        Some(Err(e)) => {
            problems.push(Problem::file(file, format!("fundInfo/netAssets: {e}")));
            None
        }
        None => None,
    };

    let mut bad = common::BadIds::default();
    let mut holdings: Vec<FundLine> = Vec::new();
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut merged = 0usize;
    for entry in entries {
        let Some(l) = line_of(file, &entry, &mut bad, &mut problems) else {
            continue;
        };
        let units = entry.fields.get("units").cloned().unwrap_or_default();
        let key = l
            .cusip
            .clone()
            .or_else(|| l.isin.clone())
            .map(|k| (k, units));
        match key.as_ref().and_then(|k| by_key.get(k)) {
            Some(&i) => {
                let into = &mut holdings[i];
                into.quantity = add(into.quantity, l.quantity);
                into.market_value = add(into.market_value, l.market_value);
                into.weight = add(into.weight, l.weight);
                merged += 1;
            }
            None => {
                if let Some(k) = key {
                    by_key.insert(k, holdings.len());
                }
                holdings.push(l);
            }
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut warnings = Vec::new();
    warnings.extend(bad.warning());
    if merged > 0 {
        warnings.push(format!(
            "{merged} invstOrSec entr{} of a security already listed (same CUSIP or ISIN) {} added to its first line",
            if merged == 1 { "y" } else { "ies" },
            if merged == 1 { "was" } else { "were" }
        ));
    }
    Ok(HoldingsFile {
        fund: general.get("ticker").and_then(|t| common::upper(t)),
        fund_name: general.get("seriesName").and_then(|n| common::text(n)),
        format: FileFormat::Nport,
        as_of,
        fund_shares_outstanding: None,
        net_assets,
        holdings,
        warnings,
    })
}

fn add(a: Option<Decimal>, b: Option<Decimal>) -> Option<Decimal> {
    match (a, b) {
        (Some(a), Some(b)) => a.checked_add(b),
        (a, None) => a,
        (None, b) => b,
    }
}

fn line_of(
    file: &str,
    entry: &Entry,
    bad: &mut common::BadIds,
    problems: &mut Vec<Problem>,
) -> Option<FundLine> {
    let get = |k: &str| entry.fields.get(k).map_or("", String::as_str);
    let at = entry.line;
    let mut ok = true;
    let mut num = |k: &str| -> Option<Decimal> {
        match money::parse(get(k)) {
            Ok(Some(v)) if v.abs() > money::MAX_INPUT => {
                problems.push(Problem::at(
                    file,
                    at,
                    format!("<{k}> {} is implausibly large", snippet(get(k))),
                ));
                ok = false;
                None
            }
            Ok(v) => v,
            Err(e) => {
                problems.push(Problem::at(
                    file,
                    at,
                    format!("<{k}> {} is not a number: {e}", snippet(get(k))),
                ));
                ok = false;
                None
            }
        }
    };
    let (quantity, market_value, pct) = (num("balance"), num("valUSD"), num("pctVal"));
    if !ok {
        return None;
    }
    let mut l = common::line(at);
    l.name = common::text(get("name")).or_else(|| common::text(get("title")));
    l.symbol = common::upper(get("ticker"));
    l.cusip = bad.cusip(at, get("cusip"));
    l.isin = bad.isin(at, get("isin"));
    l.asset_class = common::text(get("assetCat"));
    l.currency = common::upper(get("curCd"));
    l.quantity = quantity;
    l.market_value = market_value;
    l.weight = pct.and_then(common::fraction);
    Some(l)
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn parent(path: &[String]) -> Option<&str> {
    path.last().map(String::as_str)
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| common::clean(&v).to_string())
}

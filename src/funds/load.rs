//! `data/funds/funds.csv` and `fund_holdings.csv`: parsed and checked like the deal tables (every
//! problem located, all reported at once): ids unique, identifiers with valid check digits,
//! weights within 0..=100 % and summing to at most 100 %, every figure dated and sourced, every
//! constituent a company and security of the dataset.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;

use super::{Constituent, Fund, Funds, Method, BUNDLED};
use crate::dataset::load::{col, rows};
use crate::dataset::{Company, Security};
use crate::diag::Problem;
use crate::identifiers::{validate_cusip, validate_isin};
use crate::table::{Row, Table};

pub const FUND_COLUMNS: &[&str] = &[
    "id",
    "name",
    "issuer",
    "tickers",
    "cusips",
    "isins",
    "method",
    "proxy_of",
    "index",
    "as_of",
    "shares_outstanding",
    "shares_outstanding_as_of",
    "nav",
    "nav_as_of",
    "holdings_count",
    "weight_total",
    "source",
    "source_date",
    "notes",
];

pub const HOLDING_COLUMNS: &[&str] = &[
    "fund_id",
    "company_id",
    "symbol",
    "cusip",
    "isin",
    "shares_held",
    "weight",
    "price",
    "source",
    "notes",
];

/// `;`-separated list, trimmed, upper case.
fn list(row: &Row, c: usize) -> Vec<String> {
    row.text(c)
        .split(';')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .collect()
}

fn percent(row: &mut Row, c: usize) -> Option<Decimal> {
    let v = row.opt_plain_decimal(c)?;
    if v < Decimal::ZERO || v > Decimal::ONE_HUNDRED {
        row.problem(c, format!("{v} is not a percentage between 0 and 100"));
        return None;
    }
    Some(v / Decimal::ONE_HUNDRED)
}

fn positive(row: &mut Row, c: usize, what: &str) -> Option<Decimal> {
    let v = row.opt_plain_decimal(c)?;
    if v <= Decimal::ZERO {
        row.problem(
            c,
            format!("{what} must be positive (unknown is empty, never 0)"),
        );
        return None;
    }
    Some(v)
}

fn parse_fund(row: &mut Row) -> Option<Fund> {
    let t = row.table;
    let c = |n| col(t, n);
    let id = row.required(c("id"));
    let name = row.required(c("name"));
    let issuer = row.required(c("issuer"));
    let tickers = list(row, c("tickers"));
    if tickers.is_empty() {
        row.problem(c("tickers"), "a fund needs at least one ticker");
    }
    let cusips = list(row, c("cusips"));
    for cusip in &cusips {
        if let Err(e) = validate_cusip(cusip) {
            row.problem(c("cusips"), e);
        }
    }
    let isins = list(row, c("isins"));
    for isin in &isins {
        if let Err(e) = validate_isin(isin) {
            row.problem(c("isins"), e);
        }
    }
    let method: Option<Method> = row.parse(c("method"));
    let proxy_of = row.opt_text(c("proxy_of"));
    match (method, &proxy_of) {
        (Some(Method::Proxy), None) => {
            row.problem(c("proxy_of"), "a proxy needs the fund it stands in for")
        }
        (Some(Method::Shares | Method::Weight), Some(_)) => {
            row.problem(c("proxy_of"), "only a proxy names a fund to stand in for")
        }
        _ => {}
    }
    let as_of = row.date(c("as_of"));
    let shares_outstanding = positive(row, c("shares_outstanding"), "shares outstanding");
    let shares_outstanding_as_of = row.opt_date(c("shares_outstanding_as_of"));
    if shares_outstanding.is_some() && shares_outstanding_as_of.is_none() {
        row.problem(
            c("shares_outstanding_as_of"),
            "a share count needs its as-of date",
        );
    }
    if method == Some(Method::Shares) && shares_outstanding.is_none() {
        row.problem(
            c("shares_outstanding"),
            "the shares method needs the fund's shares outstanding",
        );
    }
    let nav = positive(row, c("nav"), "NAV");
    let nav_as_of = row.opt_date(c("nav_as_of"));
    if nav.is_some() && nav_as_of.is_none() {
        row.problem(c("nav_as_of"), "a NAV needs its as-of date");
    }
    let holdings_count = match row.text(c("holdings_count")) {
        "" => None,
        text => match text.parse::<u64>() {
            Ok(n) if n > 0 => Some(n),
            _ => {
                row.problem(c("holdings_count"), format!("{text:?} is not a count"));
                None
            }
        },
    };
    let weight_total = percent(row, c("weight_total"));
    let source = row.required(c("source"));
    let source_date = row.date(c("source_date"));
    if let (Some(a), Some(s)) = (as_of, source_date) {
        if s < a {
            row.problem(
                c("source_date"),
                format!("the source ({s}) is older than the holdings it gives ({a})"),
            );
        }
    }
    Some(Fund {
        id: id?,
        name: name?,
        issuer: issuer?,
        tickers,
        cusips,
        isins,
        method: method?,
        proxy_of,
        index: row.text(c("index")).to_string(),
        as_of: as_of?,
        shares_outstanding,
        shares_outstanding_as_of,
        nav,
        nav_as_of,
        holdings_count,
        weight_total,
        source: source?,
        source_date: source_date?,
        notes: row.text(c("notes")).to_string(),
        origin: BUNDLED.to_string(),
        constituents: Vec::new(),
    })
}

fn parse_holding(row: &mut Row) -> Option<(String, Constituent)> {
    let t = row.table;
    let c = |n| col(t, n);
    let fund_id = row.required(c("fund_id"));
    let company_id = row.required(c("company_id"));
    let symbol = row.required(c("symbol")).map(|s| s.to_ascii_uppercase());
    let cusip = row.opt_text(c("cusip")).map(|s| s.to_ascii_uppercase());
    if let Some(Err(e)) = cusip.as_deref().map(validate_cusip) {
        row.problem(c("cusip"), e);
    }
    let isin = row.opt_text(c("isin")).map(|s| s.to_ascii_uppercase());
    if let Some(Err(e)) = isin.as_deref().map(validate_isin) {
        row.problem(c("isin"), e);
    }
    let shares_held = positive(row, c("shares_held"), "shares held");
    let weight = percent(row, c("weight"));
    let price = positive(row, c("price"), "price");
    let note = row.text(c("notes")).to_string();
    if shares_held.is_none() && weight.is_none() && note.is_empty() {
        row.problem(
            c("notes"),
            "a constituent with neither shares nor weight needs a note saying why",
        );
    }
    Some((
        fund_id?,
        Constituent {
            company_id: company_id?,
            symbol: symbol?,
            cusip,
            isin,
            shares_held,
            weight,
            price,
            source: row.opt_text(c("source")),
            note,
        },
    ))
}

/// Parses and checks the two fund tables against the dataset's companies and securities.
pub(crate) fn parse(
    funds_t: &Table,
    holdings_t: &Table,
    companies: &[Company],
    securities: &[Security],
    problems: &mut Vec<Problem>,
) -> Funds {
    let cell = |t: &Table, line: u64, name: &str, msg: String| {
        Problem::cell(&t.file, line, col(t, name) + 1, name, msg)
    };
    let funds = rows(funds_t, problems, parse_fund);
    let holdings = rows(holdings_t, problems, parse_holding);

    let mut ids: HashMap<&str, u64> = HashMap::new();
    let mut keys: HashMap<String, (u64, &str)> = HashMap::new();
    for (line, f) in &funds {
        if let Some(first) = ids.insert(&f.id, *line) {
            problems.push(cell(
                funds_t,
                *line,
                "id",
                format!("{:?} is a duplicate (first on line {first})", f.id),
            ));
        }
        for (column, list) in [
            ("tickers", &f.tickers),
            ("cusips", &f.cusips),
            ("isins", &f.isins),
        ] {
            for key in list {
                let k = if column == "tickers" {
                    crate::identifiers::normalize_symbol(key)
                } else {
                    key.clone()
                };
                if let Some((first, other)) = keys.insert(k, (*line, &f.id)) {
                    if other != f.id {
                        problems.push(cell(
                            funds_t,
                            *line,
                            column,
                            format!("{key} is also an identifier of {other} (line {first})"),
                        ));
                    }
                }
            }
        }
        // A US ISIN is US + CUSIP + check digit: its CUSIP must be listed too.
        for isin in &f.isins {
            let Some(cusip) = isin.strip_prefix("US").and_then(|r| r.get(..9)) else {
                continue;
            };
            if !f.cusips.iter().any(|c| c == cusip) {
                problems.push(cell(
                    funds_t,
                    *line,
                    "isins",
                    format!("{isin}: its CUSIP {cusip} is not among the fund's CUSIPs"),
                ));
            }
        }
    }
    let by_id: HashMap<&str, &Fund> = funds.iter().map(|(_, f)| (f.id.as_str(), f)).collect();
    for (line, f) in &funds {
        if let Some(p) = &f.proxy_of {
            match by_id.get(p.as_str()) {
                None => problems.push(cell(
                    funds_t,
                    *line,
                    "proxy_of",
                    format!("{p:?} is not a fund of this table"),
                )),
                Some(b) if b.method == Method::Proxy => problems.push(cell(
                    funds_t,
                    *line,
                    "proxy_of",
                    format!("{p:?} is itself a proxy; name the fund with holdings"),
                )),
                Some(b) if b.as_of != f.as_of => problems.push(cell(
                    funds_t,
                    *line,
                    "as_of",
                    format!("a proxy is as of its stand-in's day ({})", b.as_of),
                )),
                Some(_) => {}
            }
        }
    }

    let company_ids: HashSet<&str> = companies.iter().map(|c| c.id.as_str()).collect();
    let mut seen: HashMap<(String, String), u64> = HashMap::new();
    let mut out: Vec<Fund> = funds.iter().map(|(_, f)| f.clone()).collect();
    for (line, (fund_id, c)) in holdings {
        let Some(fund) = out.iter_mut().find(|f| f.id == fund_id) else {
            problems.push(cell(
                holdings_t,
                line,
                "fund_id",
                format!("{fund_id:?} is not a fund of funds.csv"),
            ));
            continue;
        };
        if fund.method == Method::Proxy {
            problems.push(cell(
                holdings_t,
                line,
                "fund_id",
                format!("{fund_id} is a proxy: its holdings are its stand-in's"),
            ));
        }
        if !company_ids.contains(c.company_id.as_str()) {
            problems.push(cell(
                holdings_t,
                line,
                "company_id",
                format!("{:?} is not a company of companies.csv", c.company_id),
            ));
        }
        match securities.iter().find(|s| {
            crate::identifiers::normalize_symbol(&s.symbol)
                == crate::identifiers::normalize_symbol(&c.symbol)
        }) {
            None => problems.push(cell(
                holdings_t,
                line,
                "symbol",
                format!("{} is not a security of securities.csv", c.symbol),
            )),
            Some(s) => {
                if s.company_id != c.company_id {
                    problems.push(cell(
                        holdings_t,
                        line,
                        "symbol",
                        format!(
                            "{} is a security of {}, not {}",
                            c.symbol, s.company_id, c.company_id
                        ),
                    ));
                }
                if let (Some(a), Some(b)) = (&s.cusip, &c.cusip) {
                    if a != b {
                        problems.push(cell(
                            holdings_t,
                            line,
                            "cusip",
                            format!("{b} is not {}'s CUSIP ({a})", c.symbol),
                        ));
                    }
                }
                if let (Some(a), Some(b)) = (&s.isin, &c.isin) {
                    if a != b {
                        problems.push(cell(
                            holdings_t,
                            line,
                            "isin",
                            format!("{b} is not {}'s ISIN ({a})", c.symbol),
                        ));
                    }
                }
            }
        }
        if fund.method == Method::Shares && c.weight.is_some() && c.shares_held.is_none() {
            problems.push(cell(
                holdings_t,
                line,
                "shares_held",
                "the fund's method is shares: a weighted constituent needs its shares held".into(),
            ));
        }
        if fund.method == Method::Weight && c.weight.is_some() && c.price.is_none() {
            problems.push(cell(
                holdings_t,
                line,
                "price",
                "the fund's method is weight: a weighted constituent needs its price".into(),
            ));
        }
        if let Some(first) = seen.insert((fund_id.clone(), c.symbol.clone()), line) {
            problems.push(cell(
                holdings_t,
                line,
                "symbol",
                format!(
                    "{} is already a constituent of {fund_id} (line {first})",
                    c.symbol
                ),
            ));
        }
        fund.constituents.push(c);
    }
    for (line, f) in &funds {
        let Some(fund) = out.iter().find(|o| o.id == f.id) else {
            continue;
        };
        let sum: Decimal = fund.constituents.iter().filter_map(|c| c.weight).sum();
        let limit = fund.weight_total.unwrap_or(Decimal::ONE).max(Decimal::ONE);
        if sum > limit {
            problems.push(cell(
                funds_t,
                *line,
                "weight_total",
                format!(
                    "the constituents' weights sum to {}%, more than the fund",
                    (sum * Decimal::ONE_HUNDRED).normalize()
                ),
            ));
        }
        if fund.method != Method::Proxy && fund.constituents.is_empty() {
            problems.push(cell(
                funds_t,
                *line,
                "id",
                format!("{} has no constituents in fund_holdings.csv", fund.id),
            ));
        }
    }
    Funds { funds: out }
}

//! Reading and validating dataset files. Every problem in every file is collected before giving
//! up, each with file, line and column, so a dataset author fixes them all in one go.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::Problem;
use crate::error::{Error, Result};
use crate::identifiers;
use crate::table::{Row, Table};

use super::*;

const DEAL_COLUMNS: &[&str] = &[
    "id",
    "title",
    "counterparty",
    "category",
    "announced_on",
    "announced_precision",
    "status",
    "status_as_of",
    "status_detail",
    "amount_usd",
    "amount_basis",
    "amount_note",
    "gigawatts",
    "term_years",
    "superseded_by",
    "part_of",
    "sources",
    "source_date",
    "confidence",
    "notes",
];
const PARTY_COLUMNS: &[&str] = &[
    "deal_id",
    "party",
    "role",
    "other_roles",
    "link",
    "counterparty",
    "attributed_usd",
    "new_shares_issued",
    "note",
];
const COMPANY_COLUMNS: &[&str] = &[
    "id",
    "name",
    "kind",
    "shares_outstanding",
    "shares_basis",
    "shares_as_of",
    "shares_source",
    "shares_approximate",
    "notes",
];
const SECURITY_COLUMNS: &[&str] = &[
    "symbol",
    "company_id",
    "exchange",
    "isin",
    "cusip",
    "share_class",
    "name",
];
const CHIP_COLUMNS: &[&str] = &[
    "id",
    "company_id",
    "name",
    "purpose",
    "announced_on",
    "announced_precision",
    "available_on",
    "available_precision",
    "notes",
    "sources",
    "source_date",
];

const EVENT_COLUMNS: &[&str] = &[
    "deal_id",
    "seq",
    "on",
    "precision",
    "kind",
    "status",
    "amount_usd",
    "amount_basis",
    "related_deal",
    "detail",
    "sources",
    "source_date",
];

const CONFIDENCE: &[&str] = &["high", "medium-high", "medium", "low"];

pub(super) fn from_path(path: &Path) -> Result<Dataset> {
    let (dir, manifest_name) = if path.is_dir() {
        (path.to_path_buf(), "dataset.json".to_string())
    } else {
        let dir = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dataset.json".into());
        (dir, name)
    };
    let read = |name: &str| -> std::result::Result<String, String> {
        let name = if name == "dataset.json" {
            manifest_name.as_str()
        } else {
            name
        };
        let file = dir.join(name);
        let bytes =
            std::fs::read(&file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
        String::from_utf8(bytes).map_err(|e| {
            format!(
                "{} is not UTF-8 text (invalid byte at offset {})",
                file.display(),
                e.utf8_error().valid_up_to()
            )
        })
    };
    from_files(read)
}

/// Loads a dataset through `read(file_name)`; used for both the bundled copy and a directory.
pub(super) fn from_files(
    read: impl Fn(&str) -> std::result::Result<String, String>,
) -> Result<Dataset> {
    let fail = |file: &str, msg: String| Error::Dataset {
        problems: vec![Problem::file(file, msg)],
    };
    let manifest_text = read("dataset.json").map_err(|e| fail("dataset.json", e))?;
    let manifest: Manifest = serde_json::from_str(&manifest_text).map_err(|e| Error::Dataset {
        problems: vec![Problem {
            file: "dataset.json".into(),
            line: Some(e.line() as u64),
            column: Some((e.column(), "json".into())),
            message: format!("invalid manifest: {e}"),
        }],
    })?;
    let t = &manifest.tables;
    for name in [
        &t.deals,
        &t.parties,
        &t.companies,
        &t.securities,
        &t.chips,
        &t.events,
    ]
    .into_iter()
    .chain(t.funds.iter())
    .chain(t.fund_holdings.iter())
    {
        // Fund tables live in the `funds/` folder beside the manifest; nothing else may leave it.
        let plain = name.strip_prefix("funds/").unwrap_or(name);
        if plain.contains('/') || plain.contains('\\') || plain.contains("..") {
            return Err(fail(
                "dataset.json",
                format!("table file {name:?} must be a plain file name next to dataset.json"),
            ));
        }
    }

    let mut problems = Vec::new();
    let mut load = |name: &str, columns: &[&str]| -> Option<Table> {
        let text = match read(name) {
            Ok(t) => t,
            Err(e) => {
                problems.push(Problem::file(name, e));
                return None;
            }
        };
        match Table::parse(name, &text).and_then(|t| t.expect_headers(columns).map(|_| t)) {
            Ok(t) => Some(t),
            Err(p) => {
                problems.extend(p);
                None
            }
        }
    };
    let deals_t = load(&t.deals, DEAL_COLUMNS);
    let parties_t = load(&t.parties, PARTY_COLUMNS);
    let companies_t = load(&t.companies, COMPANY_COLUMNS);
    let securities_t = load(&t.securities, SECURITY_COLUMNS);
    let chips_t = load(&t.chips, CHIP_COLUMNS);
    let events_t = load(&t.events, EVENT_COLUMNS);
    let fund_tables = match (&t.funds, &t.fund_holdings) {
        (Some(f), Some(h)) => Some((
            load(f, crate::funds::load_columns::FUND_COLUMNS),
            load(h, crate::funds::load_columns::HOLDING_COLUMNS),
        )),
        _ => None,
    };
    if t.funds.is_some() != t.fund_holdings.is_some() {
        problems.push(Problem::file(
            "dataset.json",
            "tables: give both funds and fund_holdings, or neither",
        ));
    }
    let (
        Some(deals_t),
        Some(parties_t),
        Some(companies_t),
        Some(securities_t),
        Some(chips_t),
        Some(events_t),
    ) = (
        deals_t,
        parties_t,
        companies_t,
        securities_t,
        chips_t,
        events_t,
    )
    else {
        return Err(Error::Dataset { problems });
    };

    let deals = rows(&deals_t, &mut problems, parse_deal);
    let parties = rows(&parties_t, &mut problems, parse_party);
    let companies = rows(&companies_t, &mut problems, parse_company);
    let securities = rows(&securities_t, &mut problems, parse_security);
    let chips = rows(&chips_t, &mut problems, parse_chip);
    let events = rows(&events_t, &mut problems, parse_event);
    if let Some(newest) = events.iter().map(|(_, e)| e.on).max() {
        if newest != manifest.as_of {
            problems.push(Problem::file(
                "dataset.json",
                format!(
                    "as_of is {} but the newest event in {} is of {newest}: the dataset is as of its newest event",
                    manifest.as_of, t.events
                ),
            ));
        }
    }

    let company_list: Vec<Company> = companies.iter().map(|(_, c)| c.clone()).collect();
    let security_list: Vec<Security> = securities.iter().map(|(_, s)| s.clone()).collect();
    let funds = match fund_tables {
        Some((Some(f), Some(h))) => {
            crate::funds::parse_tables(&f, &h, &company_list, &security_list, &mut problems)
        }
        _ => crate::funds::Funds::default(),
    };
    let dataset = Dataset {
        funds,
        manifest,
        deals: deals.iter().map(|(_, d)| d.clone()).collect(),
        parties: parties.iter().map(|(_, p)| p.clone()).collect(),
        companies: companies.iter().map(|(_, c)| c.clone()).collect(),
        securities: securities.iter().map(|(_, s)| s.clone()).collect(),
        chips: chips.iter().map(|(_, c)| c.clone()).collect(),
        events: events.iter().map(|(_, e)| e.clone()).collect(),
        view_date: None,
        deal_index: HashMap::new(),
        company_index: HashMap::new(),
        symbol_index: HashMap::new(),
        isin_index: HashMap::new(),
        cusip_index: HashMap::new(),
    };
    let files = Files {
        deals: &deals_t,
        parties: &parties_t,
        companies: &companies_t,
        securities: &securities_t,
        chips: &chips_t,
        events: &events_t,
    };
    cross_check(
        &files,
        &deals,
        &parties,
        &companies,
        &securities,
        &chips,
        &mut problems,
    );
    check_history(&files, &deals, &events, &mut problems);
    if problems.is_empty() {
        Ok(dataset.index())
    } else {
        Err(Error::Dataset { problems })
    }
}

struct Files<'a> {
    deals: &'a Table<'a>,
    parties: &'a Table<'a>,
    companies: &'a Table<'a>,
    securities: &'a Table<'a>,
    chips: &'a Table<'a>,
    events: &'a Table<'a>,
}

/// Parses every row; rows with problems are dropped from the result (the problems are kept).
pub(crate) fn rows<T>(
    table: &Table,
    problems: &mut Vec<Problem>,
    parse: fn(&mut Row) -> Option<T>,
) -> Vec<(u64, T)> {
    let mut out = Vec::new();
    for (line, record) in table.iter() {
        let before = problems.len();
        let mut row = Row {
            table,
            line,
            record,
            problems,
        };
        if record.len() != table.headers.len() {
            row.problems.push(Problem::at(
                &table.file,
                line,
                format!(
                    "has {} cells, the header has {}",
                    record.len(),
                    table.headers.len()
                ),
            ));
            continue;
        }
        let parsed = parse(&mut row);
        if let (Some(v), true) = (parsed, problems.len() == before) {
            out.push((line, v));
        }
    }
    out
}

pub(crate) fn col(table: &Table, name: &str) -> usize {
    // The header was checked against the schema, so every schema column is present.
    table
        .headers
        .iter()
        .position(|h| h == name)
        .unwrap_or(usize::MAX)
}

fn sources(row: &mut Row, c: usize) -> Vec<String> {
    let list: Vec<String> = row
        .text(c)
        .split(" ; ")
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    if list.is_empty() {
        row.problem(c, "every row needs at least one source address");
    }
    for s in &list {
        if !(s.starts_with("https://") || s.starts_with("http://")) {
            row.problem(
                c,
                format!("source {s:?} is not an http(s) address (separate sources with ' ; ')"),
            );
        }
    }
    list
}

fn parse_deal(row: &mut Row) -> Option<Deal> {
    let t = row.table;
    let c = |n| col(t, n);
    let id = row.required(c("id"));
    let title = row.required(c("title"));
    let counterparty = row.required(c("counterparty"));
    let category = row.parse(c("category"));
    let announced_on = row.date(c("announced_on"));
    let announced_precision = row.parse(c("announced_precision"));
    let status = row.parse(c("status"));
    let status_as_of = row.date(c("status_as_of"));
    let (amount_usd, amount_basis) = amount(row, c("amount_usd"), c("amount_basis"));
    let gigawatts = row.opt_plain_decimal(c("gigawatts"));
    let term_years = row.opt_plain_decimal(c("term_years"));
    let sources = sources(row, c("sources"));
    let source_date = row.date(c("source_date"));
    let confidence = row.text(c("confidence")).to_string();
    if !CONFIDENCE.contains(&confidence.as_str()) {
        row.problem(
            c("confidence"),
            format!("{confidence:?} is not one of {}", CONFIDENCE.join(", ")),
        );
    }
    Some(Deal {
        id: id?,
        title: title?,
        counterparty: counterparty?,
        category: category?,
        announced_on: announced_on?,
        announced_precision: announced_precision?,
        status: status?,
        status_as_of: status_as_of?,
        status_detail: row.text(c("status_detail")).to_string(),
        amount_usd: amount_usd?,
        amount_basis: amount_basis?,
        amount_note: row.text(c("amount_note")).to_string(),
        gigawatts,
        term_years,
        superseded_by: row.opt_text(c("superseded_by")),
        part_of: row.opt_text(c("part_of")),
        sources,
        source_date: source_date?,
        confidence,
        notes: row.text(c("notes")).to_string(),
    })
}

/// `amount_usd` (`undisclosed` or a positive integer) and its `amount_basis`, checked together.
#[allow(clippy::type_complexity)]
fn amount(
    row: &mut Row,
    amount_col: usize,
    basis_col: usize,
) -> (Option<Option<Decimal>>, Option<AmountBasis>) {
    let amount_usd = if row.text(amount_col) == "undisclosed" {
        Some(None)
    } else {
        match row.plain_decimal(amount_col) {
            Some(v) if v <= Decimal::ZERO => {
                row.problem(
                    amount_col,
                    "must be positive (write 'undisclosed' when unknown, never 0)",
                );
                None
            }
            Some(v) => Some(Some(v)),
            None => None,
        }
    };
    let amount_basis: Option<AmountBasis> = row.parse(basis_col);
    if let (Some(amount), Some(basis)) = (amount_usd, amount_basis) {
        if amount.is_none() != (basis == AmountBasis::Undisclosed) {
            row.problem(
                basis_col,
                "must be 'undisclosed' exactly when amount_usd is 'undisclosed'",
            );
        }
    }
    (amount_usd, amount_basis)
}

fn parse_event(row: &mut Row) -> Option<Event> {
    let t = row.table;
    let c = |n| col(t, n);
    let deal_id = row.required(c("deal_id"));
    let seq = match row.text(c("seq")).parse::<u32>() {
        Ok(n) if n >= 1 => Some(n),
        _ => {
            row.problem(
                c("seq"),
                "must be a whole number from 1 (the event's place in the deal's history)",
            );
            None
        }
    };
    let on = row.date(c("on"));
    let precision = row.parse(c("precision"));
    let kind = row.parse(c("kind"));
    let status = row.parse(c("status"));
    let (amount_usd, amount_basis) = amount(row, c("amount_usd"), c("amount_basis"));
    let detail = row.required(c("detail"));
    let sources = sources(row, c("sources"));
    let source_date = row.date(c("source_date"));
    Some(Event {
        deal_id: deal_id?,
        seq: seq?,
        on: on?,
        precision: precision?,
        kind: kind?,
        status: status?,
        amount_usd: amount_usd?,
        amount_basis: amount_basis?,
        related_deal: row.opt_text(c("related_deal")),
        detail: detail?,
        sources,
        source_date: source_date?,
    })
}

fn parse_party(row: &mut Row) -> Option<Party> {
    let t = row.table;
    let c = |n| col(t, n);
    let deal_id = row.required(c("deal_id"));
    let party = row.required(c("party"));
    let role = row.parse(c("role"));
    let mut other_roles = Vec::new();
    for word in row
        .text(c("other_roles"))
        .split(';')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match word.parse::<Role>() {
            Ok(r) => other_roles.push(r),
            Err(e) => row.problem(c("other_roles"), e),
        }
    }
    let link = row.parse(c("link"));
    let attributed_usd = match row.text(c("attributed_usd")) {
        "deal" => Some(Attribution::WholeDeal),
        "undisclosed" => Some(Attribution::Undisclosed),
        _ => match row.plain_decimal(c("attributed_usd")) {
            Some(v) if v > Decimal::ZERO => Some(Attribution::Usd(v)),
            Some(_) => {
                row.problem(
                    c("attributed_usd"),
                    "must be positive, 'deal' or 'undisclosed' (never 0)",
                );
                None
            }
            None => None,
        },
    };
    let new_shares_issued = row.opt_plain_decimal(c("new_shares_issued"));
    Some(Party {
        deal_id: deal_id?,
        party: party?,
        role: role?,
        other_roles,
        link: link?,
        counterparty: row.opt_text(c("counterparty")),
        attributed_usd: attributed_usd?,
        new_shares_issued,
        note: row.text(c("note")).to_string(),
    })
}

fn parse_company(row: &mut Row) -> Option<Company> {
    let t = row.table;
    let c = |n| col(t, n);
    let id = row.required(c("id"));
    let name = row.required(c("name"));
    let kind: Option<CompanyKind> = row.parse(c("kind"));
    let shares_col = c("shares_outstanding");
    let shares_outstanding = match row.text(shares_col) {
        "unknown" | "" => None,
        _ => match row.plain_decimal(shares_col) {
            Some(v) if v > Decimal::ZERO => Some(v),
            Some(_) => {
                row.problem(shares_col, "must be positive or 'unknown' (never 0)");
                None
            }
            None => None,
        },
    };
    if kind == Some(CompanyKind::Listed) && row.text(shares_col).is_empty() {
        row.problem(
            shares_col,
            "a listed company needs a share count or 'unknown'",
        );
    }
    if kind == Some(CompanyKind::Listed)
        && row.text(shares_col) == "unknown"
        && matches!(row.text(c("shares_basis")), "" | "pending")
    {
        row.problem(
            c("shares_basis"),
            "an unknown share count needs the reason why none could be sourced",
        );
    }
    let shares_as_of = row.opt_date(c("shares_as_of"));
    let approx_col = c("shares_approximate");
    let shares_approximate = match row.text(approx_col) {
        "" => None,
        "true" => Some(true),
        "false" => Some(false),
        other => {
            row.problem(
                approx_col,
                format!("{other:?} must be true, false or empty"),
            );
            None
        }
    };
    if shares_outstanding.is_some() {
        if shares_as_of.is_none() {
            row.problem(c("shares_as_of"), "a share count needs its as-of date");
        }
        if row.text(c("shares_source")).is_empty() {
            row.problem(c("shares_source"), "a share count needs its source");
        }
        if shares_approximate.is_none() {
            row.problem(
                approx_col,
                "say whether the share count is approximate (true/false)",
            );
        }
    }
    Some(Company {
        id: id?,
        name: name?,
        kind: kind?,
        shares_outstanding,
        shares_basis: row.text(c("shares_basis")).to_string(),
        shares_as_of,
        shares_source: row.text(c("shares_source")).to_string(),
        shares_approximate,
        notes: row.text(c("notes")).to_string(),
    })
}

fn parse_security(row: &mut Row) -> Option<Security> {
    let t = row.table;
    let c = |n| col(t, n);
    let symbol = row.required(c("symbol"));
    let company_id = row.required(c("company_id"));
    let isin = row.opt_text(c("isin")).map(|s| s.to_ascii_uppercase());
    if let Some(isin) = &isin {
        if let Err(e) = identifiers::validate_isin(isin) {
            row.problem(c("isin"), e);
        }
    }
    let cusip = row.opt_text(c("cusip")).map(|s| s.to_ascii_uppercase());
    if let Some(cusip) = &cusip {
        if let Err(e) = identifiers::validate_cusip(cusip) {
            row.problem(c("cusip"), e);
        }
    }
    if let (Some(isin), Some(cusip)) = (&isin, &cusip) {
        if isin.starts_with("US") && &isin[2..11] != cusip {
            row.problem(
                c("cusip"),
                format!(
                    "{cusip} does not match ISIN {isin} (a US ISIN is US + CUSIP + check digit)"
                ),
            );
        }
    }
    Some(Security {
        symbol: symbol?,
        company_id: company_id?,
        exchange: row.text(c("exchange")).to_string(),
        isin,
        cusip,
        share_class: row.text(c("share_class")).to_string(),
        name: row.text(c("name")).to_string(),
    })
}

fn parse_chip(row: &mut Row) -> Option<Chip> {
    let t = row.table;
    let c = |n| col(t, n);
    let id = row.required(c("id"));
    let company_id = row.required(c("company_id"));
    let name = row.required(c("name"));
    let announced_on = row.date(c("announced_on"));
    let announced_precision = row.parse(c("announced_precision"));
    let available_on = row.opt_date(c("available_on"));
    let available_precision = if row.text(c("available_precision")).is_empty() {
        None
    } else {
        row.parse(c("available_precision"))
    };
    if available_on.is_some() != available_precision.is_some() {
        row.problem(
            c("available_precision"),
            "give a precision exactly when available_on is set",
        );
    }
    let sources = sources(row, c("sources"));
    let source_date = row.opt_date(c("source_date"));
    Some(Chip {
        id: id?,
        company_id: company_id?,
        name: name?,
        purpose: row.text(c("purpose")).to_string(),
        announced_on: announced_on?,
        announced_precision: announced_precision?,
        available_on,
        available_precision,
        notes: row.text(c("notes")).to_string(),
        sources,
        source_date,
    })
}

/// Checks between rows and tables: unique ids and references that resolve.
#[allow(clippy::too_many_arguments)]
fn cross_check(
    f: &Files,
    deals: &[(u64, Deal)],
    parties: &[(u64, Party)],
    companies: &[(u64, Company)],
    securities: &[(u64, Security)],
    chips: &[(u64, Chip)],
    problems: &mut Vec<Problem>,
) {
    let cell = |t: &Table, line: u64, name: &str, msg: String| {
        Problem::cell(&t.file, line, col(t, name) + 1, name, msg)
    };
    let unique = |t: &Table, name: &str, items: Vec<(u64, &str)>, problems: &mut Vec<Problem>| {
        let mut seen: HashMap<&str, u64> = HashMap::new();
        for (line, key) in items {
            if let Some(first) = seen.insert(key, line) {
                problems.push(cell(
                    t,
                    line,
                    name,
                    format!("{key:?} is a duplicate (first on line {first})"),
                ));
            }
        }
    };
    unique(
        f.deals,
        "id",
        deals.iter().map(|(l, d)| (*l, d.id.as_str())).collect(),
        problems,
    );
    unique(
        f.companies,
        "id",
        companies.iter().map(|(l, c)| (*l, c.id.as_str())).collect(),
        problems,
    );
    unique(
        f.chips,
        "id",
        chips.iter().map(|(l, c)| (*l, c.id.as_str())).collect(),
        problems,
    );
    let norm: Vec<(u64, String)> = securities
        .iter()
        .map(|(l, s)| (*l, identifiers::normalize_symbol(&s.symbol)))
        .collect();
    unique(
        f.securities,
        "symbol",
        norm.iter().map(|(l, s)| (*l, s.as_str())).collect(),
        problems,
    );
    let pair_keys: Vec<(u64, String)> = parties
        .iter()
        .map(|(l, p)| (*l, format!("{}/{}", p.deal_id, p.party)))
        .collect();
    unique(
        f.parties,
        "party",
        pair_keys.iter().map(|(l, s)| (*l, s.as_str())).collect(),
        problems,
    );

    let deal_ids: HashSet<&str> = deals.iter().map(|(_, d)| d.id.as_str()).collect();
    let company_ids: HashSet<&str> = companies.iter().map(|(_, c)| c.id.as_str()).collect();
    for (line, d) in deals {
        if !company_ids.contains(d.counterparty.as_str()) {
            problems.push(cell(
                f.deals,
                *line,
                "counterparty",
                format!(
                    "{:?} is not a company id in {}",
                    d.counterparty, f.companies.file
                ),
            ));
        }
        for (name, target) in [("superseded_by", &d.superseded_by), ("part_of", &d.part_of)] {
            if let Some(target) = target {
                if !deal_ids.contains(target.as_str()) || target == &d.id {
                    problems.push(cell(
                        f.deals,
                        *line,
                        name,
                        format!("{target:?} is not another deal id"),
                    ));
                }
            }
        }
        if (d.status == Status::Superseded) != d.superseded_by.is_some() {
            problems.push(cell(
                f.deals,
                *line,
                "superseded_by",
                "a deal has superseded_by exactly when its status is 'superseded'".into(),
            ));
        }
        if !parties.iter().any(|(_, p)| p.deal_id == d.id) {
            problems.push(cell(
                f.deals,
                *line,
                "id",
                format!("deal {} has no parties in {}", d.id, f.parties.file),
            ));
        }
    }
    for (line, p) in parties {
        if !deal_ids.contains(p.deal_id.as_str()) {
            problems.push(cell(
                f.parties,
                *line,
                "deal_id",
                format!("{:?} is not a deal id in {}", p.deal_id, f.deals.file),
            ));
        }
        if !company_ids.contains(p.party.as_str()) {
            problems.push(cell(
                f.parties,
                *line,
                "party",
                format!("{:?} is not a company id in {}", p.party, f.companies.file),
            ));
        }
        if let Some(cp) = &p.counterparty {
            if !company_ids.contains(cp.as_str()) {
                problems.push(cell(
                    f.parties,
                    *line,
                    "counterparty",
                    format!("{cp:?} is not a company id in {}", f.companies.file),
                ));
            }
        }
    }
    for (line, s) in securities {
        if !company_ids.contains(s.company_id.as_str()) {
            problems.push(cell(
                f.securities,
                *line,
                "company_id",
                format!(
                    "{:?} is not a company id in {}",
                    s.company_id, f.companies.file
                ),
            ));
        }
    }
    for (line, c) in chips {
        if !company_ids.contains(c.company_id.as_str()) {
            problems.push(cell(
                f.chips,
                *line,
                "company_id",
                format!(
                    "{:?} is not a company id in {}",
                    c.company_id, f.companies.file
                ),
            ));
        }
    }
}

/// The history table against the deals: every deal has one, it starts with its announcement,
/// runs in date order, is sourced no earlier than it happened, and ends in the deal's current
/// state; the manifest's `as_of` is the newest event.
fn check_history(
    f: &Files,
    deals: &[(u64, Deal)],
    events: &[(u64, Event)],
    problems: &mut Vec<Problem>,
) {
    let cell = |t: &Table, line: u64, name: &str, msg: String| {
        Problem::cell(&t.file, line, col(t, name) + 1, name, msg)
    };
    let mut by_deal: HashMap<&str, Vec<(u64, &Event)>> = HashMap::new();
    let deal_ids: HashSet<&str> = deals.iter().map(|(_, d)| d.id.as_str()).collect();
    for (line, e) in events {
        if !deal_ids.contains(e.deal_id.as_str()) {
            problems.push(cell(
                f.events,
                *line,
                "deal_id",
                format!("{:?} is not a deal id in {}", e.deal_id, f.deals.file),
            ));
            continue;
        }
        if let Some(r) = &e.related_deal {
            if !deal_ids.contains(r.as_str()) || r == &e.deal_id {
                problems.push(cell(
                    f.events,
                    *line,
                    "related_deal",
                    format!("{r:?} is not another deal id"),
                ));
            }
        }
        if e.source_date < e.on {
            problems.push(cell(
                f.events,
                *line,
                "source_date",
                format!(
                    "{} is before the event ({}): a source cannot report what has not happened",
                    e.source_date, e.on
                ),
            ));
        }
        by_deal
            .entry(e.deal_id.as_str())
            .or_default()
            .push((*line, e));
    }
    for (deal_line, d) in deals {
        let Some(history) = by_deal.get(d.id.as_str()) else {
            problems.push(cell(
                f.deals,
                *deal_line,
                "id",
                format!(
                    "deal {} has no events in {} (at least its announcement)",
                    d.id, f.events.file
                ),
            ));
            continue;
        };
        for (n, (line, e)) in history.iter().enumerate() {
            if e.seq as usize != n + 1 {
                problems.push(cell(
                    f.events,
                    *line,
                    "seq",
                    format!(
                        "event {} of deal {} is numbered {} (events are numbered 1, 2, 3... in file order)",
                        n + 1,
                        d.id,
                        e.seq
                    ),
                ));
            }
            if (n == 0) != (e.kind == EventKind::Announced) {
                problems.push(cell(
                    f.events,
                    *line,
                    "kind",
                    format!(
                        "a deal's history starts with exactly one 'announced' event; this is event {} of {}",
                        n + 1,
                        d.id
                    ),
                ));
            }
            if n == 0 && (e.on != d.announced_on || e.precision != d.announced_precision) {
                problems.push(cell(
                    f.events,
                    *line,
                    "on",
                    format!(
                        "the announcement of {} is {} ({}) in {}, not {} ({})",
                        d.id,
                        d.announced_on,
                        d.announced_precision,
                        f.deals.file,
                        e.on,
                        e.precision
                    ),
                ));
            }
            if let Some((_, prev)) = n.checked_sub(1).map(|i| history[i]) {
                if e.on < prev.on {
                    problems.push(cell(
                        f.events,
                        *line,
                        "on",
                        format!(
                            "{} is before the previous event of {} ({}): events are in date order",
                            e.on, d.id, prev.on
                        ),
                    ));
                }
            }
            let was_superseded = n > 0 && history[n - 1].1.status == Status::Superseded;
            let becomes_superseded = e.status == Status::Superseded && !was_superseded;
            if (e.kind == EventKind::Superseded) != becomes_superseded {
                problems.push(cell(
                    f.events,
                    *line,
                    "kind",
                    "a 'superseded' event is the one that sets the status to 'superseded'".into(),
                ));
            }
            if e.kind == EventKind::Superseded && e.related_deal != d.superseded_by {
                problems.push(cell(
                    f.events,
                    *line,
                    "related_deal",
                    format!(
                        "names {:?} but {} is superseded by {:?} in {}",
                        e.related_deal.as_deref().unwrap_or(""),
                        d.id,
                        d.superseded_by.as_deref().unwrap_or(""),
                        f.deals.file
                    ),
                ));
            }
        }
        if let Some((line, last)) = history.last() {
            let state = |s: Status, a: Option<Decimal>, b: AmountBasis| {
                format!(
                    "{s}, {}, {b}",
                    a.map(|a| a.to_string())
                        .unwrap_or_else(|| "undisclosed".into())
                )
            };
            if (last.status, last.amount_usd, last.amount_basis)
                != (d.status, d.amount_usd, d.amount_basis)
            {
                problems.push(cell(
                    f.events,
                    *line,
                    "status",
                    format!(
                        "the last event of {} leaves it at ({}), but {} has ({})",
                        d.id,
                        state(last.status, last.amount_usd, last.amount_basis),
                        f.deals.file,
                        state(d.status, d.amount_usd, d.amount_basis)
                    ),
                ));
            }
            if last.on > d.status_as_of {
                problems.push(cell(
                    f.events,
                    *line,
                    "on",
                    format!(
                        "the last event of {} ({}) is after its status_as_of ({})",
                        d.id, last.on, d.status_as_of
                    ),
                ));
            }
        }
    }
}

//! Printable exposure reports: PDF, HTML and CSV from one [`Report`].
//!
//! The report is data first: [`Report`] gathers what every format shows (cover facts, the
//! what-if settings in force, the tables, the methodology, the sources) from an
//! [`ExposureReport`] and the dataset, and the three renderers only lay it out. So the same
//! figure reads the same in each format, and the renderers hold no business rule.
//!
//! - [`pdf`]: laid out here (text measured with the embedded font), written with krilla;
//! - [`html`]: one self-contained file, inline CSS and SVG, no script, print CSS;
//! - [`csv`]: the holdings and the links tables, spreadsheet formulas neutralised.

pub mod csv;
pub mod html;
pub mod pdf;

use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::dataset::Dataset;
use crate::error::{Error, Result};
use crate::exposure::{DealRow, Exclusion, ExposureReport, HoldingRow};
use crate::fmt::{grouped, percent, usd};

/// The file a report is written as, chosen by the output's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Pdf,
    Html,
    Csv,
}

impl Format {
    /// `pdf`, `html` (or `htm`) or `csv`, any case; anything else is a usage error.
    pub fn from_name(name: &str) -> Result<Format> {
        match name.to_ascii_lowercase().as_str() {
            "pdf" => Ok(Format::Pdf),
            "html" | "htm" => Ok(Format::Html),
            "csv" => Ok(Format::Csv),
            _ => Err(Error::Usage(format!(
                "{name:?} is not a report format: pdf, html or csv"
            ))),
        }
    }

    /// `report.pdf` → PDF; an unknown extension is a usage error naming the accepted ones.
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        Format::from_name(ext).map_err(|_| {
            Error::Usage(format!(
                "{}: the report format comes from the extension: .pdf, .html or .csv",
                path.display()
            ))
        })
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Csv => "csv",
        }
    }

    /// What a save dialog calls the file type.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF document",
            Format::Html => "Web page",
            Format::Csv => "CSV spreadsheet",
        }
    }
}

/// The suggested file name of a report: "AI exposure - Family IRA - 2026-11-26.pdf", with
/// characters that some file systems refuse replaced by `_`.
pub fn file_name(portfolio: &str, date: NaiveDate, format: Format) -> String {
    let stem: String = portfolio
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " -_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!(
        "AI exposure - {} - {date}.{}",
        stem.trim(),
        format.extension()
    )
}

/// Page size of the PDF (and of the HTML's print CSS).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Paper {
    #[default]
    A4,
    Letter,
}

impl Paper {
    /// Width and height in PostScript points (1/72 inch).
    pub fn size_pt(self) -> (f32, f32) {
        match self {
            Paper::A4 => (595.28, 841.89),
            Paper::Letter => (612.0, 792.0),
        }
    }

    /// The name `--paper`, the desktop API and [`FromStr`](std::str::FromStr) use; also the
    /// CSS `@page` size keyword (CSS keywords ignore case).
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::Letter => "letter",
        }
    }

    /// The paper usual for a locale, POSIX (`en_US.UTF-8`) or BCP 47 (`en-US`, `zh-Hant-US`):
    /// US Letter in the US, Canada, Mexico, Chile, Colombia, Venezuela and the Philippines, A4
    /// elsewhere and when there is no region (`en`, `C`).
    pub fn for_locale(locale: &str) -> Paper {
        let base = locale.split(['.', '@']).next().unwrap_or_default();
        let mut parts = base.split(['-', '_']);
        let language = parts.next().unwrap_or_default();
        if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic())
        {
            return Paper::A4;
        }
        let mut region = parts.next();
        if region.is_some_and(|p| p.len() == 4) {
            region = parts.next(); // a script subtag such as Hant
        }
        match region.map(str::to_ascii_uppercase).as_deref() {
            Some("US" | "CA" | "MX" | "CL" | "CO" | "VE" | "PH") => Paper::Letter,
            _ => Paper::A4,
        }
    }

    /// This computer's paper: from the locale in `LC_ALL`, `LC_PAPER` or `LANG` (the order POSIX
    /// gives them), else from `fallback` (the desktop's locale where those are not set, as on
    /// Windows and macOS).
    pub fn from_environment(fallback: &str) -> Paper {
        let set = ["LC_ALL", "LC_PAPER", "LANG"]
            .into_iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()));
        Paper::for_locale(set.as_deref().unwrap_or(fallback))
    }
}

impl std::str::FromStr for Paper {
    type Err = Error;
    fn from_str(s: &str) -> Result<Paper> {
        match s.trim().to_ascii_lowercase().as_str() {
            "a4" => Ok(Paper::A4),
            "letter" | "us-letter" => Ok(Paper::Letter),
            other => Err(Error::Usage(format!(
                "--paper {other:?}: expected a4 or letter"
            ))),
        }
    }
}

/// What to produce: the format, the paper size and the report's date.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub format: Format,
    pub paper: Paper,
    pub date: NaiveDate,
    /// The figures as of this day (the app's date control), else as of the dataset.
    pub as_of: Option<NaiveDate>,
}

impl Options {
    /// Options for a report dated today, on paper `paper` (`a4` or `letter`), with the figures
    /// as of `as_of` (`YYYY-MM-DD`, or none).
    pub fn today(format: Format, paper: &str, as_of: Option<&str>) -> Result<Options> {
        Ok(Options {
            format,
            paper: paper.parse()?,
            date: chrono::Local::now().date_naive(),
            as_of: crate::app::parse_day(as_of)?,
        })
    }
}

/// Where the portfolio came from, for the cover.
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The portfolio's name (the saved name, or the file's stem).
    pub name: String,
    /// The imported file's name.
    pub file: String,
    pub sha256: String,
    /// Format name, e.g. `schwab-positions`.
    pub broker: String,
    /// `positions` or `history`.
    pub kind: String,
    pub as_of: Option<NaiveDate>,
}

/// Everything a report shows; the renderers take it by reference.
pub struct Report<'a> {
    pub origin: Origin,
    /// The report date (the day it is made).
    pub date: NaiveDate,
    pub dataset: &'a Dataset,
    pub exposure: &'a ExposureReport,
    /// The portfolio's weighted look-through month by month, if computed.
    pub timeline: Option<&'a crate::exposure::Timeline>,
    /// What changed since the figures the user saw before, when there are such figures.
    pub changes: Option<&'a crate::exposure::Changes>,
}

/// `positions` or `history`, as the cover shows it.
pub fn kind_name(kind: crate::import::Kind) -> &'static str {
    match kind {
        crate::import::Kind::Positions => "positions",
        crate::import::Kind::Transactions => "transaction history",
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory, renamed into place:
/// a failure never leaves half a report, and never damages an existing file of that name
/// before the new one is complete.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write as _;
    let io = |source| Error::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    let tmp = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(io)
}

/// Renders `report` as `format`.
pub fn render(report: &Report, format: Format, paper: Paper) -> Result<Vec<u8>> {
    match format {
        Format::Pdf => pdf::render(report, paper),
        Format::Html => Ok(html::render(report, paper).into_bytes()),
        Format::Csv => Ok(csv::render(report).into_bytes()),
    }
}

pub const TITLE: &str = "AI-infrastructure exposure report";

/// A money figure, or "undisclosed" (unknown is never shown as $0).
pub fn money(d: Option<Decimal>) -> String {
    d.map(usd).unwrap_or_else(|| "undisclosed".into())
}

/// A look-through figure of a group of links, "≈" when it rests on an approximate share count,
/// or what its unknown is: "undisclosed" only when the amounts are, "share count unknown" only
/// when the company's count is, else "unknown".
pub fn figure(d: Option<Decimal>, label: Option<&str>, approximate: bool) -> String {
    match d {
        Some(v) if approximate => format!("≈ {}", usd(v)),
        Some(v) => usd(v),
        None => label.unwrap_or("unknown").to_string(),
    }
}

/// A value or total nobody can know: "unknown", never $0.
pub fn or_unknown(d: Option<Decimal>) -> String {
    d.map(usd).unwrap_or_else(|| "unknown".into())
}

/// A holding's look-through: "–" when it has no deal link at all (nothing to disclose),
/// else [`figure`].
pub fn holding_money(h: &HoldingRow, d: Option<Decimal>) -> String {
    match d {
        None if h.link_count == 0 => "–".into(),
        d => figure(d, h.look_through_label, h.approximate),
    }
}

pub use crate::fmt::amount_short;

/// The what-if settings in force, as (label, value) lines for the cover.
pub fn settings_lines(r: &Report) -> Vec<(String, String)> {
    let s = &r.exposure.settings;
    let mut weights: Vec<(crate::dataset::Status, String)> = s
        .status_weights
        .iter()
        .filter_map(|(k, v)| Some((k.parse().ok()?, v.clone())))
        .collect();
    weights.sort_by_key(|(status, _)| *status);
    let weights = weights
        .iter()
        .map(|(status, w)| {
            let pct = w
                .parse::<Decimal>()
                .map(|d| percent(d, 0))
                .unwrap_or_else(|_| w.clone());
            format!("{} {pct}", status.as_str().replace('_', " "))
        })
        .collect::<Vec<_>>()
        .join(", ");
    let mut out = vec![
        ("Status weights".to_string(), weights),
        (
            "Indirect (supplier) links".to_string(),
            if s.include_indirect {
                "counted".into()
            } else {
                "not counted".into()
            },
        ),
        (
            "Deals left out".to_string(),
            if s.excluded_deals.is_empty() {
                "none".into()
            } else {
                s.excluded_deals.join(", ")
            },
        ),
    ];
    let haircuts = if s.haircuts.is_empty() {
        "none".to_string()
    } else {
        s.haircuts
            .iter()
            .map(|(company, h)| {
                let pct = h
                    .parse::<Decimal>()
                    .map(|d| percent(d, 0))
                    .unwrap_or_else(|_| h.clone());
                format!(
                    "{} delivers {pct} of its commitments",
                    r.dataset.company_name(company)
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    out.push(("Haircuts".to_string(), haircuts));
    out.push(("Base currency".to_string(), s.base_currency.clone()));
    out
}

/// The cover's facts, in order.
pub fn cover_lines(r: &Report) -> Vec<(String, String)> {
    let d = &r.exposure.dataset;
    let o = &r.origin;
    vec![
        ("Portfolio".into(), o.name.clone()),
        ("Report date".into(), r.date.to_string()),
        ("Source file".into(), o.file.clone()),
        ("SHA-256".into(), o.sha256.clone()),
        (
            "Broker format".into(),
            if o.kind.is_empty() {
                o.broker.clone()
            } else {
                format!("{} ({})", o.broker, o.kind)
            },
        ),
        (
            "Holdings as of".into(),
            o.as_of
                .map(|d| d.to_string())
                .unwrap_or_else(|| "not stated in the file".into()),
        ),
        (
            "Dataset".into(),
            format!(
                "{} version {}, as of {} (its newest event)",
                d.name, d.version, d.as_of
            ),
        ),
        (
            "Figures as of".into(),
            if d.figures_as_of == d.as_of {
                format!(
                    "{} (every deal of the dataset, at its latest status)",
                    d.as_of
                )
            } else {
                format!(
                    "{}: only the deals announced by then, each at its status on that day",
                    d.figures_as_of
                )
            },
        ),
    ]
}

/// The over-time chart: per point, the weighted look-through of the largest counterparties
/// (stacked, at most five, then "Others"), from the first point with a known figure.
/// Colours of the over-time chart's layers (the same in HTML and PDF), as hex.
pub const LAYER_COLORS: [&str; 6] = [
    "#1d4ed8", "#0f766e", "#b45309", "#7c3aed", "#be123c", "#6b7280",
];

pub struct TimelineChart {
    pub dates: Vec<NaiveDate>,
    /// (counterparty name, value at each point; 0 where nothing is known: a drawn height only).
    pub layers: Vec<(String, Vec<Decimal>)>,
    /// The largest stacked total, which sets the scale.
    pub max: Decimal,
    /// The total at the last point, as text.
    pub last_total: String,
}

pub fn timeline_chart(r: &Report) -> Option<TimelineChart> {
    let t = r.timeline?;
    let start = t.total.iter().position(Option::is_some)?;
    let dates = t.dates[start..].to_vec();
    let value =
        |v: &[Option<Decimal>], i: usize| v.get(start + i).copied().flatten().unwrap_or_default();
    let mut layers: Vec<(String, Vec<Decimal>)> = t
        .series
        .iter()
        .take(5)
        .map(|s| {
            (
                s.counterparty_name.clone(),
                (0..dates.len()).map(|i| value(&s.values, i)).collect(),
            )
        })
        .collect();
    if t.series.len() > 5 {
        let others: Vec<Decimal> = (0..dates.len())
            .map(|i| t.series[5..].iter().map(|s| value(&s.values, i)).sum())
            .collect();
        layers.push(("Others".into(), others));
    }
    let max = (0..dates.len())
        .map(|i| layers.iter().map(|(_, v)| v[i]).sum::<Decimal>())
        .max()
        .unwrap_or_default();
    Some(TimelineChart {
        last_total: t
            .total
            .last()
            .copied()
            .flatten()
            .map(usd)
            .unwrap_or_else(|| "unknown".into()),
        dates,
        layers,
        max,
    })
}

/// The "what changed" section: its heading line, the events table and the figures table.
pub fn changes_tables(r: &Report) -> Option<(String, Table, Table)> {
    let c = r.changes?;
    let intro = format!(
        "After {}, {} change(s) touched the deals your holdings are linked to (dataset {}, as of {}). Status-weighted look-through: {} then, {} now.",
        c.since,
        c.changes.len(),
        c.dataset_version,
        c.until,
        c.portfolio.as_ref().map(|p| or_unknown(p.before)).unwrap_or_else(|| "unknown".into()),
        c.portfolio.as_ref().map(|p| or_unknown(p.after)).unwrap_or_else(|| "unknown".into()),
    );
    let events = c
        .changes
        .iter()
        .map(|x| {
            (
                true,
                vec![
                    x.on.to_string(),
                    format!("{} {}", x.deal_id, x.title),
                    x.summary.clone(),
                    c.holdings
                        .get(&x.deal_id)
                        .map(|h| h.join(", "))
                        .unwrap_or_default(),
                ],
            )
        })
        .collect();
    let figures = c
        .portfolio
        .iter()
        .flat_map(|p| p.by_counterparty.iter())
        .map(|x| {
            (
                true,
                vec![
                    x.counterparty_name.clone(),
                    or_unknown(x.before),
                    or_unknown(x.after),
                    crate::fmt::usd_change(x.change),
                    x.deals.join(", "),
                ],
            )
        })
        .collect();
    Some((
        intro,
        Table {
            columns: CHANGE_COLUMNS,
            rows: events,
        },
        Table {
            columns: CHANGE_FIGURE_COLUMNS,
            rows: figures,
        },
    ))
}

const CHANGE_COLUMNS: &[Column] = &[
    col("Date", 0.8, false),
    col("Deal", 2.4, false),
    col("Change", 2.2, false),
    col("Your holdings", 1.2, false),
];

const CHANGE_FIGURE_COLUMNS: &[Column] = &[
    col("Counterparty", 1.6, false),
    col("Before", 1.1, true),
    col("Now", 1.1, true),
    col("Change", 1.1, true),
    col("Deals behind it", 1.8, false),
];

/// The summary's headline figures.
pub fn summary_lines(r: &Report) -> Vec<(String, String)> {
    let p = &r.exposure.portfolio;
    let cur = p.currency.as_str();
    let m = |d: Option<Decimal>| crate::fmt::money_or_unknown(d, cur);
    vec![
        (
            "Portfolio value".into(),
            format!(
                "{} ({cur}; {} of {} holdings valued; cash {})",
                p.total_value
                    .map(|v| crate::fmt::money(v, cur))
                    .unwrap_or_else(|| "unknown (no holding has a price)".into()),
                p.valued_holdings_count,
                p.holdings_count,
                match (p.cash_lines, p.cash_value) {
                    (0, _) => "none in the file".to_string(),
                    (_, Some(c)) => format!("{} not included", m(Some(c))),
                    (n, None) => format!("in {n} line(s) of unknown value, not included"),
                }
            ),
        ),
        (
            "Linked to AI-infrastructure deals".into(),
            match p.linked_share {
                Some(s) => format!(
                    "{} ({} of {} holdings, {})",
                    percent(s, 1),
                    p.linked_holdings_count,
                    p.holdings_count,
                    m(p.linked_value)
                ),
                None => format!(
                    "share of the portfolio unknown ({} of {} holdings, value {}{})",
                    p.linked_holdings_count,
                    p.holdings_count,
                    m(p.linked_value),
                    if p.linked_unvalued_count > 0 {
                        format!("; {} of them with no known value", p.linked_unvalued_count)
                    } else {
                        String::new()
                    }
                ),
            },
        ),
        (
            "Look-through exposure".into(),
            figure(p.look_through_usd, p.look_through_label, p.approximate),
        ),
        (
            "Status-weighted look-through".into(),
            match (&p.usd_to_base, p.weighted_look_through_base) {
                (Some(fx), Some(w)) => format!(
                    "{} = {} at 1 USD = {} {cur} ({}{})",
                    figure(
                        p.weighted_look_through_usd,
                        p.look_through_label,
                        p.approximate
                    ),
                    crate::fmt::money(w, cur),
                    crate::value::fx::shown_rate(fx.rate),
                    fx.source,
                    fx.date.map(|d| format!(" of {d}")).unwrap_or_default()
                ),
                _ => figure(
                    p.weighted_look_through_usd,
                    p.look_through_label,
                    p.approximate,
                ),
            },
        ),
    ]
    .into_iter()
    .chain((!p.fx.is_empty()).then(|| {
        (
            "Exchange rates".into(),
            p.fx.iter()
                .map(|f| {
                    format!(
                        "1 {} = {} {} ({}{})",
                        f.currency,
                        crate::value::fx::shown_rate(f.rate),
                        f.base,
                        f.source,
                        f.date.map(|d| format!(" of {d}")).unwrap_or_default()
                    )
                })
                .collect::<Vec<_>>()
                .join("; "),
        )
    }))
    .chain((!p.by_direction.is_empty()).then(|| {
        (
            "By direction of the money".to_string(),
            direction_text(&p.by_direction),
        )
    }))
    .chain(price_line(r).map(|l| ("Prices".to_string(), l)))
    .chain((!p.unvalued_holdings.is_empty()).then(|| {
        (
            "Not valued".into(),
            p.unvalued_holdings
                .iter()
                .map(|u| format!("{} ({})", u.symbol, u.reason))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }))
    .chain((!r.exposure.funds.is_empty()).then(|| {
        (
            "Direct / through funds".into(),
            format!(
                "weighted {} held directly, {} through funds ({} linked through funds)",
                figure(
                    p.direct.weighted_look_through_usd,
                    p.direct.look_through_label,
                    false
                ),
                figure(
                    p.via_funds.weighted_look_through_usd,
                    p.via_funds.look_through_label,
                    true
                ),
                or_unknown(p.via_funds.linked_value)
            ),
        )
    }))
    .collect()
}

/// "revenue commitments to the company $4,138.79; the company's investments ≈ $16.60; ...": the
/// weighted look-through of each direction of the money.
pub fn direction_text(rows: &[crate::exposure::DirectionRow]) -> String {
    rows.iter()
        .map(|d| {
            format!(
                "{} {}",
                d.label,
                figure(
                    d.weighted_look_through_usd,
                    d.look_through_label,
                    d.approximate
                )
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Where the prices come from, counted by source with their oldest day, and how many are stale.
fn price_line(r: &Report) -> Option<String> {
    use crate::value::PriceSource;
    let hs = &r.exposure.by_holding;
    let mut parts = Vec::new();
    for (source, words) in [
        (PriceSource::File, "from your file"),
        (PriceSource::LastTrade, "from your file's last trades"),
        (PriceSource::PricesFile, "from a prices file"),
        (PriceSource::Typed, "typed by you"),
    ] {
        let of: Vec<&HoldingRow> = hs
            .iter()
            .filter(|h| h.price_source == Some(source))
            .collect();
        if of.is_empty() {
            continue;
        }
        let oldest = of.iter().filter_map(|h| h.price_date).min();
        parts.push(format!(
            "{} {words}{}",
            of.len(),
            oldest.map(|d| format!(" (oldest {d})")).unwrap_or_default()
        ));
    }
    let p = &r.exposure.portfolio;
    if p.stale_price_count > 0 {
        parts.push(format!(
            "{} older than {} days",
            p.stale_price_count, p.stale_after_days
        ));
    }
    (!parts.is_empty()).then(|| parts.join("; "))
}

/// The deals a holding is linked to (IDs, in the order of the links, each once); for a fund,
/// through its companies.
pub fn holding_deals(r: &Report, h: &HoldingRow) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mine = |l: &&crate::exposure::Link| match (&h.fund, &l.via) {
        (Some(_), Some(via)) => *via == h.symbol,
        (None, None) => l.symbol == h.symbol,
        _ => false,
    };
    for l in r.exposure.links.iter().filter(mine) {
        if !out.contains(&l.deal_id) {
            out.push(l.deal_id.clone());
        }
    }
    out
}

/// A deal's parties with their roles: "Microsoft (investor, cloud provider)".
pub fn parties(r: &Report, deal_id: &str) -> Vec<String> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for p in r.dataset.parties_of_deal(deal_id) {
        let name = r.dataset.company_name(&p.party).to_string();
        let roles: Vec<String> = std::iter::once(p.role)
            .chain(p.other_roles.iter().copied())
            .map(|role| role.as_str().replace('_', " "))
            .collect();
        match out.iter_mut().find(|(n, _)| *n == name) {
            Some((_, rs)) => {
                for role in roles {
                    if !rs.contains(&role) {
                        rs.push(role);
                    }
                }
            }
            None => out.push((name, roles)),
        }
    }
    out.into_iter()
        .map(|(n, roles)| format!("{n} ({})", roles.join(", ")))
        .collect()
}

/// The dilution a deal's new shares would cause, where the dataset gives them:
/// "NVDA 0.41%" per linked holding's company.
pub fn dilution(r: &Report, deal_id: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for l in r.exposure.links.iter().filter(|l| l.deal_id == deal_id) {
        if let Some(rel) = l.dilution.as_ref().and_then(|d| d.relative_dilution) {
            let text = format!("{} {}", l.symbol, percent(rel, 2));
            if !out.contains(&text) {
                out.push(text);
            }
        }
    }
    (!out.is_empty()).then(|| out.join(", "))
}

/// Why a deal is shown but not added into the totals.
pub fn exclusion_text(e: Exclusion) -> &'static str {
    match e {
        Exclusion::Aggregate => "aggregate of other deals (adding it would count them twice)",
        Exclusion::Superseded => "superseded by a later deal",
        Exclusion::Cancelled => "cancelled",
        Exclusion::ExcludedByUser => "left out in the what-if settings",
        Exclusion::IndirectOff => "indirect link, and indirect links are not counted",
        Exclusion::MonthlyFee => "a fee per month, not a contract total",
        Exclusion::Maximum => "a maximum the buyer can cut short, not a contract total",
        Exclusion::Valuation => "a reported valuation, not money committed",
    }
}

/// The status column: "signed", or "superseded (by D29a)".
pub fn status_text(r: &Report, d: &DealRow) -> String {
    let mut s = d.status.as_str().replace('_', " ");
    if let Some(next) = r
        .dataset
        .deal(&d.deal_id)
        .and_then(|x| x.superseded_by.as_ref())
    {
        s.push_str(&format!(" (by {next})"));
    }
    s
}

/// The methodology section: (heading, paragraph) pairs. The formulas are the engine's
/// (`exposure` module); the numbers are this report's settings.
pub fn methodology(r: &Report) -> Vec<(String, String)> {
    // The reference rates used (not the user's or a file's): their day and origin.
    let p = &r.exposure.portfolio;
    let reference =
        p.fx.iter()
            .chain(p.usd_to_base.iter())
            .find(|f| f.origin != "user" && f.origin != "file")
            .and_then(|f| Some((f.date?, f.origin.as_str())));
    let excluded: Vec<String> = r
        .exposure
        .by_deal
        .iter()
        .filter_map(|d| {
            d.excluded_reason
                .map(|e| format!("{} ({})", d.deal_id, exclusion_text(e)))
        })
        .collect();
    vec![
        (
            "Ownership".into(),
            "Each holding's ownership fraction is its quantity divided by the company's shares \
             outstanding, as of the date the dataset gives for that share count."
                .into(),
        ),
        (
            "Look-through".into(),
            "For every deal a holding's company is a party to: look-through = the amount \
             attributed to that company in the deal × the ownership fraction. When the \
             dataset does not say how much of a deal falls to the company, the link is \
             shown as undisclosed and never counted as $0."
                .into(),
        ),
        (
            "Unknown figures".into(),
            "A figure nobody can know is never shown as $0. \"Undisclosed\": the deal's amount,              or the company's share of it, was not made public. \"Share count unknown\": the              amount is public but no share count of the company could be sourced, so your              fraction of it cannot be computed. A portfolio or linked value without prices is              \"unknown\". \"≈\" marks figures resting on an approximate share count (see the              basis given for each company in the dataset)."
                .into(),
        ),
        (
            "Deals by date".into(),
            "Every deal has a dated history (announced, status and amount changes,              supersessions), each event with its sources. Figures \"as of\" a day use only the              deals announced by then, each at its status and amount on that day; the chart over              time repeats this at each month's end with today's holdings and today's share              counts. The dataset's own date is its newest event."
                .into(),
        ),
        (
            "Direction of the money".into(),
            "Each link has a direction, from the company's role in the deal (data/deal_parties.csv): \
             revenue commitments to the company (it sells cloud, chips, systems, network, data-centre \
             capacity, a lease, a licence or an asset to the counterparty); the company's \
             investments (investor, equity funder, lender, guarantor, acquirer, warrant holder: \
             capital at risk); the company's purchases (customer, buyer, lessee, licensee, backstop \
             buyer: its own spending commitments); capital the company receives (investee, \
             acquisition target, warrant issuer); and partnerships without a stated flow \
             (co-developer, technology partner). The look-through totals add these up; they are \
             shown apart because money a company receives and money it pays out are not the same \
             exposure."
                .into(),
        ),
        (
            "Values and currencies".into(),
            format!(
                "The look-through figures (dollars of deals) do not depend on any price: deal \
                 amounts are USD facts and your share of them is quantity ÷ shares outstanding. \
                 Prices give only the portfolio's value, the linked share and each company's \
                 market value. A holding is valued at the price you gave (typed or a prices \
                 file), else its file's own (a positions file's price or value; a history's \
                 last trade, with its day). Values are in {base}: a holding in another currency \
                 is converted at the value or rate your file states, else your own rate, else \
                 the ECB euro reference rates of {date} ({origin}), through the euro. A holding \
                 with no price or no rate is listed as not valued and left out of the total, \
                 never counted as 0. Cash is shown beside the total, not in it. Prices older \
                 than {days} days are marked stale.",
                base = r.exposure.portfolio.currency,
                date = reference.map_or(crate::value::RateTable::bundled().date, |f| f.0),
                origin = reference.map_or("bundled", |f| f.1),
                days = r.exposure.portfolio.stale_after_days,
            ),
        ),
        (
            "Materiality".into(),
            "How much a deal matters to a company: the amount attributed to it ÷ its market              value (the price in your file × its shares outstanding). The look-through dollars              themselves do not depend on prices."
                .into(),
        ),
        (
            "Funds".into(),
            "A fund holding counts through the companies it holds, from a dated snapshot of the \
             fund's holdings (bundled with the app, or the issuer's holdings file you imported; \
             the newer one is used). Method \"shares\" (exact): your fund shares × the shares of \
             the company the fund holds ÷ the fund's shares outstanding. Method \"weight\" \
             (approximate, ≈): the position's value × the company's weight in the fund ÷ its price \
             on the snapshot's day; used where the issuer's share counts cover several share \
             classes (Vanguard) or no exact fund share count is published. \"Proxy\" (≈): a fund \
             whose holdings are not published in a form we have is seen through a fund tracking \
             the same index. Share classes (GOOGL and GOOG) add up to one company. These shares \
             then meet the deals like shares you hold directly. A fund counts in the linked share \
             of the portfolio by the part of it in linked companies, not in full; the rest of \
             the fund (other companies, cash, derivatives) is its residual."
                .into(),
        ),
        (
            "Status weight".into(),
            "Weighted look-through = look-through × the weight of the deal's status (how \
             certain it is to happen) × the haircut on its counterparty, if one is set. The \
             weights in force are on the cover."
                .into(),
        ),
        (
            "What is left out of the totals".into(),
            format!(
                "Aggregates of other deals (they would count those deals twice), fees per month, \
                 cancellable maximums and valuations (not contract totals), superseded and cancelled deals, \
                 deals left out in the what-if settings, and indirect links when they are \
                 switched off. They still appear in the tables, marked. In this \
                 report: {}.",
                if excluded.is_empty() {
                    "none".to_string()
                } else {
                    excluded.join("; ")
                }
            ),
        ),
        (
            "Rounding".into(),
            "Figures are computed with exact decimals. Each link's look-through and weighted \
             look-through are rounded to cents once (half away from zero), and every total is \
             the sum of those rounded figures, so the tables add up to the cent."
                .into(),
        ),
    ]
}

/// Every deal of the report with its sources and their date.
pub fn sources(r: &Report) -> Vec<(String, String, NaiveDate, Vec<String>)> {
    r.exposure
        .by_deal
        .iter()
        .filter_map(|d| {
            let deal = r.dataset.deal(&d.deal_id)?;
            Some((
                d.deal_id.clone(),
                d.title.clone(),
                deal.source_date,
                deal.sources.clone(),
            ))
        })
        .collect()
}

/// A quantity with grouping and no trailing zeros.
pub fn quantity(d: Decimal) -> String {
    let n = d.normalize();
    grouped(n, n.scale())
}

/// One bar pair of the counterparty chart: raw and status-weighted look-through.
pub struct Bar {
    pub label: String,
    pub raw: Option<Decimal>,
    pub weighted: Option<Decimal>,
    /// What an unknown bar is called ("undisclosed", "share count unknown", "unknown").
    pub unknown: &'static str,
    /// It rests on an approximate share count ("≈").
    pub approximate: bool,
}

impl Bar {
    /// One of its figures, or what its unknown is called.
    pub fn text(&self, value: Option<Decimal>) -> String {
        figure(value, Some(self.unknown), self.approximate)
    }
}

/// The counterparty chart's bars, largest first (as the engine orders them), and the largest
/// value, which sets the scale.
pub fn bars(r: &Report) -> (Vec<Bar>, Decimal) {
    let bars: Vec<Bar> = r
        .exposure
        .by_counterparty
        .iter()
        .map(|c| Bar {
            label: c.counterparty_name.clone(),
            raw: c.look_through_usd,
            weighted: c.weighted_look_through_usd,
            unknown: c.look_through_label.unwrap_or("unknown"),
            approximate: c.approximate,
        })
        .collect();
    let max = bars
        .iter()
        .flat_map(|b| [b.raw, b.weighted])
        .flatten()
        .max()
        .unwrap_or(Decimal::ZERO);
    (bars, max)
}

/// `value / max` as a length fraction for drawing (geometry only, never money).
pub fn fraction(value: Option<Decimal>, max: Decimal) -> f32 {
    use rust_decimal::prelude::ToPrimitive;
    match value {
        Some(v) if max > Decimal::ZERO && v > Decimal::ZERO => {
            (v / max).to_f32().unwrap_or(0.0).clamp(0.0, 1.0)
        }
        _ => 0.0,
    }
}

/// A table column: its title, its share of the page width (PDF), right-aligned (numbers).
pub struct Column {
    pub title: &'static str,
    pub share: f32,
    pub num: bool,
}

const fn col(title: &'static str, share: f32, num: bool) -> Column {
    Column { title, share, num }
}

/// A table as every format shows it; a row flagged `false` is shown but not in the totals.
pub struct Table {
    pub columns: &'static [Column],
    pub rows: Vec<(bool, Vec<String>)>,
}

const COUNTERPARTY_COLUMNS: &[Column] = &[
    col("Counterparty", 1.4, false),
    col("Your holdings", 1.6, false),
    col("Deals", 0.6, true),
    col("Look-through", 1.2, true),
    col("Weighted", 1.2, true),
];

const HOLDING_COLUMNS: &[Column] = &[
    col("Symbol", 0.7, false),
    col("Name", 1.7, false),
    col("Quantity", 0.8, true),
    col("Value", 1.1, true),
    col("Linked deals", 1.4, false),
    col("Look-through", 1.15, true),
    col("Weighted", 1.15, true),
];

const DEAL_COLUMNS: &[Column] = &[
    col("Deal", 1.7, false),
    col("Parties (roles)", 1.6, false),
    col("Status", 1.0, false),
    col("Amount", 0.95, true),
    col("Your share", 1.05, true),
    col("Weighted", 1.05, true),
    col("Dilution", 0.75, false),
    col("In totals", 0.95, false),
];

/// Look-through by counterparty.
pub fn counterparty_table(r: &Report) -> Table {
    let rows = r
        .exposure
        .by_counterparty
        .iter()
        .map(|c| {
            (
                true,
                vec![
                    c.counterparty_name.clone(),
                    crate::fmt::holdings_list(&c.holdings, ", "),
                    c.deal_count.to_string(),
                    figure(c.look_through_usd, c.look_through_label, c.approximate),
                    figure(
                        c.weighted_look_through_usd,
                        c.look_through_label,
                        c.approximate,
                    ),
                ],
            )
        })
        .collect();
    Table {
        columns: COUNTERPARTY_COLUMNS,
        rows,
    }
}

/// Every holding with its linked deals.
pub fn holdings_table(r: &Report) -> Table {
    let rows = r
        .exposure
        .by_holding
        .iter()
        .flat_map(|h| {
            let deals = holding_deals(r, h);
            let name = h
                .name
                .clone()
                .or_else(|| h.company_name.clone())
                .unwrap_or_default();
            let row = (
                true,
                vec![
                    h.symbol.clone(),
                    if h.resolved {
                        name
                    } else {
                        format!(
                            "{name} ({})",
                            h.unresolved_reason
                                .as_deref()
                                .unwrap_or("not in the dataset")
                        )
                    },
                    quantity(h.quantity),
                    h.market_value
                        .map(|v| crate::fmt::money(v, &r.exposure.portfolio.currency))
                        .unwrap_or_else(|| "unknown".into()),
                    if deals.is_empty() {
                        "none".into()
                    } else {
                        deals.join(", ")
                    },
                    holding_money(h, h.look_through_usd),
                    holding_money(h, h.weighted_look_through_usd),
                ],
            );
            // A fund's companies, each under it: the shares behind the holding.
            let parts = h.constituents.iter().map(move |c| {
                let deals: Vec<String> = {
                    let mut out: Vec<String> = Vec::new();
                    for l in r.exposure.links.iter().filter(|l| {
                        l.via.as_deref() == Some(h.symbol.as_str()) && l.company_id == c.company_id
                    }) {
                        if !out.contains(&l.deal_id) {
                            out.push(l.deal_id.clone());
                        }
                    }
                    out
                };
                (
                    true,
                    vec![
                        format!("  {} via {}", c.symbol, h.symbol),
                        c.company_name.clone(),
                        c.quantity
                            .map(|q| {
                                format!(
                                    "{}{}",
                                    if c.approximate { "≈" } else { "" },
                                    quantity(q.round_dp(4))
                                )
                            })
                            .unwrap_or_else(|| "unknown".into()),
                        c.market_value
                            .map(|v| crate::fmt::money(v, &r.exposure.portfolio.currency))
                            .unwrap_or_else(|| "unknown".into()),
                        if deals.is_empty() {
                            "none".into()
                        } else {
                            deals.join(", ")
                        },
                        figure(c.look_through_usd, c.look_through_label, c.approximate),
                        figure(
                            c.weighted_look_through_usd,
                            c.look_through_label,
                            c.approximate,
                        ),
                    ],
                )
            });
            std::iter::once(row).chain(parts)
        })
        .collect();
    Table {
        columns: HOLDING_COLUMNS,
        rows,
    }
}

const FUND_COLUMNS: &[Column] = &[
    col("Fund", 0.7, false),
    col("Holdings used", 2.2, false),
    col("As of", 0.9, false),
    col("Method", 0.9, false),
    col("Covered", 0.8, true),
    col("Linked value", 1.1, true),
    col("Weighted", 1.1, true),
];

/// One row per fund held: the snapshot it is seen through (source, day, method) and how much of
/// it the dataset's companies cover; `None` when the portfolio holds no fund we look through.
pub fn funds_table(r: &Report) -> Option<Table> {
    if r.exposure.funds.is_empty() {
        return None;
    }
    let rows = r
        .exposure
        .funds
        .iter()
        .map(|f| {
            (
                true,
                vec![
                    f.symbol.clone(),
                    format!(
                        "{} ({}{}): {}",
                        f.name,
                        if f.source == crate::funds::BUNDLED {
                            "bundled snapshot".to_string()
                        } else {
                            format!("your file {}", f.source)
                        },
                        f.proxy_of
                            .as_deref()
                            .map(|p| format!(", proxy: {p}'s holdings"))
                            .unwrap_or_default(),
                        f.source_detail
                    ),
                    f.as_of.to_string(),
                    f.method.to_string(),
                    f.coverage
                        .map(|c| percent(c, 1))
                        .unwrap_or_else(|| "unknown".into()),
                    or_unknown(f.linked_value),
                    figure(
                        f.weighted_look_through_usd,
                        f.look_through_label,
                        f.approximate,
                    ),
                ],
            )
        })
        .collect();
    Some(Table {
        columns: FUND_COLUMNS,
        rows,
    })
}

/// Every deal linked to a holding: parties, status, amount, the holder's share, dilution.
pub fn deals_table(r: &Report) -> Table {
    let rows = r
        .exposure
        .by_deal
        .iter()
        .map(|d| {
            (
                d.in_totals,
                vec![
                    format!("{} {}", d.deal_id, d.title),
                    parties(r, &d.deal_id).join("; "),
                    status_text(r, d),
                    amount_short(d.amount_usd),
                    figure(d.look_through_usd, d.look_through_label, d.approximate),
                    figure(
                        d.weighted_look_through_usd,
                        d.look_through_label,
                        d.approximate,
                    ),
                    dilution(r, &d.deal_id).unwrap_or_else(|| "–".into()),
                    match d.excluded_reason {
                        Some(e) => format!("no: {}", exclusion_text(e)),
                        None => "yes".into(),
                    },
                ],
            )
        })
        .collect();
    Table {
        columns: DEAL_COLUMNS,
        rows,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn letter_where_it_is_usual_a4_elsewhere() {
        use super::Paper::{Letter, A4};
        for (locale, paper) in [
            ("en-US", Letter),
            ("en-US-u-va-posix", Letter),
            ("en_US.UTF-8", Letter),
            ("fr-CA", Letter),
            ("fr_CA.utf8@euro", Letter),
            ("es-MX", Letter),
            ("es_CL", Letter),
            ("zh-Hant-US", Letter),
            ("fil-PH", Letter),
            ("en-GB", A4),
            ("en_GB.UTF-8", A4),
            ("de-DE", A4),
            ("en", A4),
            ("C.UTF-8", A4),
            ("POSIX", A4),
            ("", A4),
        ] {
            assert_eq!(super::Paper::for_locale(locale), paper, "{locale}");
        }
    }

    use super::*;

    #[test]
    fn formats_and_file_names() {
        assert_eq!(Format::from_name("PDF").unwrap(), Format::Pdf);
        assert_eq!(Format::from_name("htm").unwrap(), Format::Html);
        assert!(Format::from_name("docx").is_err());
        assert_eq!(
            Format::from_path(Path::new("a/r.CSV")).unwrap(),
            Format::Csv
        );
        let err = Format::from_path(Path::new("r")).unwrap_err().to_string();
        assert!(err.contains(".pdf, .html or .csv"), "{err}");
        let date = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(
            file_name("Family IRA", date, Format::Pdf),
            "AI exposure - Family IRA - 2026-11-26.pdf"
        );
        assert_eq!(
            file_name("a/b:c*<x> ", date, Format::Csv),
            "AI exposure - a_b_c__x_ - 2026-11-26.csv"
        );
    }
}

//! Plain-text tables for the CLI.

use rust_decimal::Decimal;

use crate::dataset::Dataset;
use crate::exposure::ExposureReport;
use crate::fmt::{grouped, percent, plain, usd};
use crate::import::Portfolio;

/// Left-aligns text columns and right-aligns the ones flagged numeric.
pub fn table(headers: &[&str], numeric: &[bool], rows: &[Vec<String>]) -> String {
    let widths: Vec<usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            rows.iter()
                .map(|r| r[i].chars().count())
                .chain([h.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<String>| -> String {
        cells
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let pad = widths[i].saturating_sub(c.chars().count());
                if numeric.get(i).copied().unwrap_or(false) {
                    format!("{}{c}", " ".repeat(pad))
                } else {
                    format!("{c}{}", " ".repeat(pad))
                }
            })
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = line(headers.iter().map(|h| h.to_string()).collect());
    out.push('\n');
    out.push_str(&line(widths.iter().map(|w| "-".repeat(*w)).collect()));
    out.push('\n');
    for r in rows {
        out.push_str(&line(r.clone()));
        out.push('\n');
    }
    out
}

fn opt_usd(d: Option<Decimal>) -> String {
    d.map(usd).unwrap_or_else(|| "undisclosed".into())
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(max - 1).collect::<String>())
    }
}

pub fn deals(dataset: &Dataset) -> String {
    let m = &dataset.manifest;
    let rows: Vec<Vec<String>> = dataset
        .deals
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                d.announced_on.to_string(),
                d.status.to_string(),
                opt_usd(d.amount_usd),
                d.amount_basis.to_string(),
                dataset.company_name(&d.counterparty).to_string(),
                truncate(&d.title, 60),
            ]
        })
        .collect();
    format!(
        "{} {} (as of {}): {} deals\n\n{}",
        m.name,
        m.version,
        m.as_of,
        dataset.deals.len(),
        table(
            &[
                "ID",
                "Announced",
                "Status",
                "Amount",
                "Basis",
                "Counterparty",
                "Title"
            ],
            &[false, false, false, true],
            &rows
        )
    )
}

pub fn holdings(p: &Portfolio) -> String {
    let rows: Vec<Vec<String>> = p
        .holdings
        .iter()
        .map(|h| {
            vec![
                h.account.clone().unwrap_or_default(),
                h.label().to_string(),
                truncate(h.name.as_deref().unwrap_or(""), 36),
                plain(h.quantity),
                h.price.map(|v| grouped(v, 2)).unwrap_or_default(),
                h.value()
                    .map(|v| grouped(v, 2))
                    .unwrap_or_else(|| "unknown".into()),
                h.currency.clone().unwrap_or_default(),
            ]
        })
        .collect();
    let mut out = format!(
        "Format: {} ({:?}), {} holdings\n\n",
        p.broker,
        p.kind,
        p.holdings.len()
    );
    out.push_str(&table(
        &[
            "Account", "Symbol", "Name", "Quantity", "Price", "Value", "Cur",
        ],
        &[false, false, false, true, true, true, false],
        &rows,
    ));
    for c in &p.cash {
        out.push_str(&format!(
            "cash: {} {} {}{}\n",
            c.label,
            grouped(c.amount, 2),
            c.currency.as_deref().unwrap_or(""),
            c.account
                .as_deref()
                .map(|a| format!(" ({a})"))
                .unwrap_or_default()
        ));
    }
    for w in &p.warnings {
        match w.line {
            Some(line) => out.push_str(&format!("warning: line {line}: {}\n", w.message)),
            None => out.push_str(&format!("warning: {}\n", w.message)),
        }
    }
    out
}

pub fn exposure(r: &ExposureReport) -> String {
    let p = &r.portfolio;
    let mut out = format!(
        "Dataset: {} {} (as of {})\n\nPortfolio value: {} {}\nLinked to AI-infrastructure deals: {} ({} of portfolio)\nLook-through: {}   status-weighted: {}\n\n",
        r.dataset.name,
        r.dataset.version,
        r.dataset.as_of,
        p.total_value.map(usd).unwrap_or_else(|| "unknown".into()),
        p.currency,
        usd(p.linked_value),
        p.linked_share.map(|s| percent(s, 1)).unwrap_or_else(|| "unknown".into()),
        usd(p.look_through_usd),
        usd(p.weighted_look_through_usd),
    );
    out.push_str("Exposure by counterparty\n");
    let rows: Vec<Vec<String>> = r
        .by_counterparty
        .iter()
        .map(|c| {
            vec![
                c.counterparty_name.clone(),
                c.holdings.join(" "),
                usd(c.linked_value),
                c.linked_share.map(|s| percent(s, 1)).unwrap_or_default(),
                opt_usd(c.look_through_usd),
                opt_usd(c.weighted_look_through_usd),
                format!(
                    "{} ({} undisclosed)",
                    c.link_count, c.undisclosed_link_count
                ),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Counterparty",
            "Holdings",
            "Linked value",
            "%",
            "Look-through",
            "Weighted",
            "Links",
        ],
        &[false, false, true, true, true, true, true],
        &rows,
    ));
    out.push_str("\nExposure by deal\n");
    let rows: Vec<Vec<String>> = r
        .by_deal
        .iter()
        .map(|d| {
            vec![
                d.deal_id.clone(),
                truncate(&d.title, 44),
                d.status.to_string(),
                plain(d.weight),
                opt_usd(d.amount_usd),
                opt_usd(d.look_through_usd),
                opt_usd(d.weighted_look_through_usd),
                match d.excluded_reason {
                    Some(e) => format!(
                        "not in totals: {}",
                        serde_json::to_value(e)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default()
                    ),
                    None => String::new(),
                },
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Deal",
            "Title",
            "Status",
            "Weight",
            "Amount",
            "Look-through",
            "Weighted",
            "",
        ],
        &[false, false, false, true, true, true, true, false],
        &rows,
    ));
    out.push_str("\nExposure by holding\n");
    let rows: Vec<Vec<String>> = r
        .by_holding
        .iter()
        .map(|h| {
            vec![
                h.symbol.clone(),
                plain(h.quantity),
                h.market_value.map(usd).unwrap_or_else(|| "unknown".into()),
                if h.resolved {
                    opt_usd(h.look_through_usd)
                } else {
                    "no deal data".into()
                },
                if h.resolved {
                    opt_usd(h.weighted_look_through_usd)
                } else {
                    String::new()
                },
                h.link_count.to_string(),
                h.counterparties.join(", "),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Symbol",
            "Quantity",
            "Value",
            "Look-through",
            "Weighted",
            "Links",
            "Counterparties",
        ],
        &[false, true, true, true, true, true, false],
        &rows,
    ));
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out.push_str(&format!("\n{}\n", crate::DISCLAIMER));
    out
}

/// The dataset as `deals --json` prints it (and the desktop app's Deals view reads it).
pub fn deals_json(d: &Dataset) -> serde_json::Value {
    serde_json::json!({
        "dataset": {"name": d.manifest.name, "version": d.manifest.version, "as_of": d.manifest.as_of},
        "deals": d.deals,
        "parties": d.parties,
        "companies": d.companies,
        "securities": d.securities,
        "chips": d.chips,
    })
}

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

/// A deal amount, or "undisclosed" (the one unknown a deal amount can be).
fn opt_usd(d: Option<Decimal>) -> String {
    d.map(usd).unwrap_or_else(|| "undisclosed".into())
}

use crate::report::{figure, or_unknown};

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
    let figures_as_of = if r.dataset.figures_as_of == r.dataset.as_of {
        String::new()
    } else {
        format!(
            "Figures as of {}: only the deals announced by then, each at its status that day.\n",
            r.dataset.figures_as_of
        )
    };
    let unvalued = if p.linked_unvalued_count > 0 {
        format!(
            ": {} linked holding(s) have no price or value in the file",
            p.linked_unvalued_count
        )
    } else {
        String::new()
    };
    let cur = p.currency.as_str();
    let m = |d: Option<Decimal>| crate::fmt::money_or_unknown(d, cur);
    let valued = if p.valued_holdings_count < p.holdings_count {
        format!(
            ", {} of {} holdings valued",
            p.valued_holdings_count, p.holdings_count
        )
    } else {
        String::new()
    };
    let cash = match (p.cash_lines, p.cash_value) {
        (0, _) => "; no cash in the file".to_string(),
        (_, Some(c)) => format!(
            "; cash {} not included (with cash {})",
            m(Some(c)),
            m(p.total_with_cash)
        ),
        (n, None) => format!("; {n} cash line(s) of unknown value not included"),
    };
    let mut out = format!(
        "Dataset: {} {} (as of {})\n{figures_as_of}\nPortfolio value: {}{valued}{cash}\nLinked to AI-infrastructure deals: {} ({}{unvalued})\nLook-through: {}   status-weighted: {}{}\n",
        r.dataset.name,
        r.dataset.version,
        r.dataset.as_of,
        p.total_value
            .map(|v| format!("{} ({cur})", crate::fmt::money(v, cur)))
            .unwrap_or_else(|| "unknown (no holding has a price: give one with --prices)".into()),
        m(p.linked_value),
        p.linked_share
            .map(|s| format!("{} of portfolio", percent(s, 1)))
            .unwrap_or_else(|| "share of portfolio unknown".into()),
        figure(p.look_through_usd, p.look_through_label, p.approximate),
        figure(p.weighted_look_through_usd, p.look_through_label, p.approximate),
        match (&p.usd_to_base, p.weighted_look_through_base) {
            (Some(fx), Some(w)) => format!(
                " = {} at 1 USD = {} {cur} ({}{})",
                crate::fmt::money(w, cur),
                crate::value::fx::shown_rate(fx.rate),
                fx.source,
                fx.date.map(|d| format!(", {d}")).unwrap_or_default()
            ),
            _ => String::new(),
        },
    );
    if !p.by_direction.is_empty() {
        out.push_str(&format!(
            "By direction of the money (weighted): {}\n",
            crate::report::direction_text(&p.by_direction)
        ));
    }
    for fx in &p.fx {
        out.push_str(&format!(
            "Rate: 1 {} = {} {} ({}{}), for {} figure(s)\n",
            fx.currency,
            crate::value::fx::shown_rate(fx.rate),
            fx.base,
            fx.source,
            fx.date.map(|d| format!(", {d}")).unwrap_or_default(),
            fx.used_by
        ));
    }
    for u in &p.unvalued_holdings {
        out.push_str(&format!("Not valued: {}: {}\n", u.symbol, u.reason));
    }
    if p.stale_price_count > 0 {
        out.push_str(&format!(
            "{} price(s) older than {} days (marked !): give newer ones with --prices\n",
            p.stale_price_count, p.stale_after_days
        ));
    }
    out.push('\n');
    out.push_str("Exposure by counterparty\n");
    let rows: Vec<Vec<String>> = r
        .by_counterparty
        .iter()
        .map(|c| {
            vec![
                c.counterparty_name.clone(),
                crate::fmt::holdings_list(&c.holdings, " "),
                m(c.linked_value),
                c.linked_share
                    .map(|s| percent(s, 1))
                    .unwrap_or_else(|| "unknown".into()),
                figure(c.look_through_usd, c.look_through_label, c.approximate),
                figure(
                    c.weighted_look_through_usd,
                    c.look_through_label,
                    c.approximate,
                ),
                links_note(
                    c.link_count,
                    c.undisclosed_link_count,
                    c.share_count_unknown_link_count,
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
                figure(d.look_through_usd, d.look_through_label, d.approximate),
                figure(
                    d.weighted_look_through_usd,
                    d.look_through_label,
                    d.approximate,
                ),
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
        .flat_map(|h| {
            let mut rows = vec![holding_cells(h, cur)];
            // A fund's companies, indented under it.
            rows.extend(h.constituents.iter().map(|c| {
                vec![
                    format!("  {}", c.symbol),
                    c.quantity
                        .map(|q| {
                            format!(
                                "{}{}",
                                if c.approximate { "≈" } else { "" },
                                plain(q.round_dp(4))
                            )
                        })
                        .unwrap_or_else(|| "unknown".into()),
                    String::new(),
                    c.market_value
                        .map(|v| crate::fmt::money(v, cur))
                        .unwrap_or_default(),
                    figure(c.look_through_usd, c.look_through_label, c.approximate),
                    figure(
                        c.weighted_look_through_usd,
                        c.look_through_label,
                        c.approximate,
                    ),
                    c.link_count.to_string(),
                    c.counterparties.join(", "),
                ]
            }));
            rows
        })
        .collect();
    out.push_str(&table(
        &[
            "Symbol",
            "Quantity",
            "Price",
            "Value",
            "Look-through",
            "Weighted",
            "Links",
            "Counterparties",
        ],
        &[false, true, false, true, true, true, true, false],
        &rows,
    ));
    if !r.funds.is_empty() {
        let (d, f) = (&p.direct, &p.via_funds);
        out.push_str(&format!(
            "\nDirect vs through funds: direct {} (weighted {}, linked value {}); through funds {} (weighted {}, linked value {})\n",
            figure(d.look_through_usd, d.look_through_label, false),
            figure(d.weighted_look_through_usd, d.look_through_label, false),
            m(d.linked_value),
            figure(f.look_through_usd, f.look_through_label, true),
            figure(f.weighted_look_through_usd, f.look_through_label, true),
            m(f.linked_value),
        ));
        out.push_str("\nFunds seen through their holdings\n");
        let rows: Vec<Vec<String>> = r
            .funds
            .iter()
            .map(|f| {
                vec![
                    f.symbol.clone(),
                    truncate(&f.name, 36),
                    f.as_of.to_string(),
                    if f.source == crate::funds::BUNDLED {
                        "bundled".into()
                    } else {
                        truncate(&f.source, 30)
                    },
                    match &f.proxy_of {
                        Some(p) => format!("proxy ({p})"),
                        None => f.method.to_string(),
                    },
                    f.coverage
                        .map(|c| percent(c, 1))
                        .unwrap_or_else(|| "unknown".into()),
                    figure(
                        f.weighted_look_through_usd,
                        f.look_through_label,
                        f.approximate,
                    ),
                ]
            })
            .collect();
        out.push_str(&table(
            &[
                "Fund",
                "Name",
                "Holdings as of",
                "Source",
                "Method",
                "Covered",
                "Weighted",
            ],
            &[false, false, false, false, false, true, true],
            &rows,
        ));
        for f in &r.funds {
            for n in &f.not_counted {
                out.push_str(&format!("not counted: {n}\n"));
            }
        }
    }
    let material = crate::exposure::material_links(r);
    if !material.is_empty() {
        out.push_str("\nWhat each deal means for the company (amount attributed ÷ its market value, price from your file or the fund's snapshot)\n");
        let rows: Vec<Vec<String>> = material
            .iter()
            .map(|l| {
                vec![
                    l.symbol.clone(),
                    l.deal_id.clone(),
                    truncate(&l.deal_title, 40),
                    opt_usd(l.attributed_usd),
                    or_unknown(l.company_market_value_usd),
                    l.materiality.map(|m| percent(m, 1)).unwrap_or_default(),
                ]
            })
            .collect();
        out.push_str(&table(
            &["Symbol", "Deal", "Title", "Amount", "Market value", "Share"],
            &[false, false, false, true, true, true],
            &rows,
        ));
    }
    for w in &r.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out.push_str(&format!("\n{}\n", crate::DISCLAIMER));
    out
}

/// One holding's cells in the holdings table.
fn holding_cells(h: &crate::exposure::HoldingRow, currency: &str) -> Vec<String> {
    use crate::value::PriceSource;
    let price = match (h.price, &h.price_currency) {
        (Some(p), Some(c)) => format!(
            "{} {c} {}{}{}",
            plain(p),
            match h.price_source {
                Some(PriceSource::LastTrade) => "last trade",
                Some(PriceSource::PricesFile) => "prices file",
                Some(PriceSource::Typed) => "typed",
                Some(PriceSource::File) | None => "file",
            },
            h.price_date.map(|d| format!(" {d}")).unwrap_or_default(),
            if h.price_stale { " !" } else { "" }
        ),
        _ => "none".into(),
    };
    vec![
        h.symbol.clone(),
        plain(h.quantity),
        price,
        h.market_value
            .map(|v| crate::fmt::money(v, currency))
            .unwrap_or_else(|| "unknown".into()),
        if h.resolved {
            figure(h.look_through_usd, h.look_through_label, h.approximate)
        } else {
            "no deal data".into()
        },
        if h.resolved {
            figure(
                h.weighted_look_through_usd,
                h.look_through_label,
                h.approximate,
            )
        } else {
            String::new()
        },
        h.link_count.to_string(),
        h.counterparties.join(", "),
    ]
}

/// "12 (3 undisclosed, 2 share count unknown)".
fn links_note(links: usize, undisclosed: usize, share_count_unknown: usize) -> String {
    let mut parts = Vec::new();
    if undisclosed > 0 {
        parts.push(format!("{undisclosed} undisclosed"));
    }
    if share_count_unknown > 0 {
        parts.push(format!("{share_count_unknown} share count unknown"));
    }
    if parts.is_empty() {
        links.to_string()
    } else {
        format!("{links} ({})", parts.join(", "))
    }
}

/// `timeline`: one row per point, one column per counterparty (the largest eight) and the total.
pub fn timeline(t: &crate::exposure::Timeline) -> String {
    let shown: Vec<&crate::exposure::history::Series> = t.series.iter().take(8).collect();
    let mut headers: Vec<&str> = vec!["Date"];
    headers.extend(shown.iter().map(|s| s.counterparty_name.as_str()));
    headers.push("Total");
    let numeric: Vec<bool> = headers.iter().enumerate().map(|(i, _)| i > 0).collect();
    let cell = |v: Option<Decimal>| v.map(usd).unwrap_or_else(|| "–".into());
    let rows: Vec<Vec<String>> = t
        .dates
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let mut row = vec![d.to_string()];
            row.extend(
                shown
                    .iter()
                    .map(|s| cell(s.values.get(i).copied().flatten())),
            );
            row.push(cell(t.total.get(i).copied().flatten()));
            row
        })
        .collect();
    let mut out = String::from(
        "Status-weighted look-through at each month's end, with the deals known by then (– = none known)\n",
    );
    out.push_str(&table(&headers, &numeric, &rows));
    out.push_str(&format!("\n{}\n", crate::DISCLAIMER));
    out
}

/// `changes --since`: the events after the day, and with a portfolio the move in its figures.
pub fn changes(c: &crate::exposure::Changes) -> String {
    let mut out = format!(
        "Changes in the deals after {} (dataset {}, as of {}): {} event(s)\n\n",
        c.since,
        c.dataset_version,
        c.until,
        c.changes.len()
    );
    let rows: Vec<Vec<String>> = c
        .changes
        .iter()
        .map(|x| {
            vec![
                x.on.to_string(),
                x.deal_id.clone(),
                truncate(&x.title, 48),
                x.summary(),
                c.holdings
                    .get(&x.deal_id)
                    .map(|h| h.join(" "))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&table(
        &["Date", "Deal", "Title", "Change", "Your holdings"],
        &[false, false, false, false, false],
        &rows,
    ));
    if let Some(p) = &c.portfolio {
        out.push_str(&format!(
            "\nYour status-weighted look-through: {} on {} → {} now\n",
            or_unknown(p.before),
            c.since,
            or_unknown(p.after)
        ));
        let rows: Vec<Vec<String>> = p
            .by_counterparty
            .iter()
            .map(|x| {
                vec![
                    x.counterparty_name.clone(),
                    or_unknown(x.before),
                    or_unknown(x.after),
                    crate::fmt::usd_change(x.change),
                    x.deals.join(" "),
                ]
            })
            .collect();
        if rows.is_empty() {
            out.push_str("No counterparty's figures moved.\n");
        } else {
            out.push_str(&table(
                &["Counterparty", "Before", "Now", "Change", "Deals behind it"],
                &[false, true, true, true, false],
                &rows,
            ));
        }
    }
    out.push_str(&format!("\n{}\n", crate::DISCLAIMER));
    out
}

/// The dataset as `deals --json` prints it (and the desktop app's Deals view reads it): every
/// deal with its dated events.
pub fn deals_json(d: &Dataset) -> serde_json::Value {
    let deals: Vec<serde_json::Value> = d
        .deals
        .iter()
        .map(|deal| {
            let mut v = serde_json::to_value(deal).unwrap_or_default();
            if let serde_json::Value::Object(map) = &mut v {
                let events: Vec<&crate::dataset::Event> = d.events_of_deal(&deal.id).collect();
                map.insert(
                    "events".into(),
                    serde_json::to_value(events).unwrap_or_default(),
                );
            }
            v
        })
        .collect();
    serde_json::json!({
        "dataset": {"name": d.manifest.name, "version": d.manifest.version, "as_of": d.manifest.as_of},
        "deals": deals,
        "parties": d.parties,
        "companies": d.companies,
        "securities": d.securities,
        "chips": d.chips,
    })
}

/// `funds`: the fund snapshots funds are looked through with.
pub fn funds(list: &[crate::funds::Summary]) -> String {
    let rows: Vec<Vec<String>> = list
        .iter()
        .map(|f| {
            vec![
                f.symbols.join(" "),
                truncate(&f.name, 40),
                f.issuer.clone(),
                f.as_of.to_string(),
                match &f.proxy_of {
                    Some(p) => format!("proxy of {p}"),
                    None => f.method.as_str().to_string(),
                },
                f.constituents.to_string(),
                f.coverage
                    .map(|c| percent(c, 1))
                    .unwrap_or_else(|| "unknown".into()),
            ]
        })
        .collect();
    let mut out = table(
        &[
            "Symbols",
            "Name",
            "Issuer",
            "Holdings as of",
            "Method",
            "Companies",
            "Weight",
        ],
        &[false, false, false, false, false, true, true],
        &rows,
    );
    out.push_str("\nshares: exact (fund shares × shares held ÷ fund shares outstanding); weight: position value × weight ÷ price (approximate); proxy: another fund tracking the same index stands in (approximate).\n");
    for f in list {
        out.push_str(&format!(
            "{}: {} (source of {})\n",
            f.id, f.source, f.source_date
        ));
    }
    out.push_str(&format!("\n{}\n", crate::DISCLAIMER));
    out
}

/// `fund-holdings`: what an issuer file says a fund holds.
pub fn fund_holdings(h: &crate::funds::files::HoldingsFile) -> String {
    let mut out = format!(
        "Fund: {}{}\nFormat: {}\nHoldings as of: {}\nFund shares outstanding: {}\nLines: {}\n\n",
        h.fund.as_deref().unwrap_or("not named in the file"),
        h.fund_name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default(),
        serde_json::to_value(h.format)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        h.as_of,
        h.fund_shares_outstanding
            .map(|s| grouped(s, 0))
            .unwrap_or_else(|| "not stated".into()),
        h.holdings.len()
    );
    let rows: Vec<Vec<String>> = h
        .holdings
        .iter()
        .map(|l| {
            vec![
                l.symbol.clone().unwrap_or_default(),
                truncate(l.name.as_deref().unwrap_or(""), 32),
                l.asset_class.clone().unwrap_or_default(),
                l.quantity.map(|q| grouped(q, 0)).unwrap_or_default(),
                l.weight.map(|w| percent(w, 2)).unwrap_or_default(),
                l.market_value.map(usd).unwrap_or_default(),
            ]
        })
        .collect();
    out.push_str(&table(
        &[
            "Symbol",
            "Name",
            "Class",
            "Quantity",
            "Weight",
            "Market value",
        ],
        &[false, false, false, true, true, true],
        &rows,
    ));
    for w in &h.warnings {
        out.push_str(&format!("warning: {w}\n"));
    }
    out
}

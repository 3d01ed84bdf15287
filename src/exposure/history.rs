//! The portfolio's exposure over time and what changed since a day: both are the engine run on
//! the dataset as it stood on each day ([`Dataset::at`]), so every point is a figure the user
//! could have seen then, with today's holdings.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use super::{compute, weighted_totals, ExposureReport, Settings};
use crate::dataset::{Change, Dataset};
use crate::error::Result;
use crate::import::Portfolio;

/// One counterparty's line of the over-time chart.
#[derive(Debug, Clone, Serialize)]
pub struct Series {
    pub counterparty: String,
    pub counterparty_name: String,
    /// Status-weighted look-through at each point; `None` where nothing was known yet.
    #[serde(with = "opt_decimals")]
    pub values: Vec<Option<Decimal>>,
}

/// The portfolio's status-weighted look-through at the end of every month, per counterparty.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The days of the points: the last day of each month, the last point `until` itself.
    pub dates: Vec<NaiveDate>,
    /// Counterparties with a known figure at some point, largest at the last point first.
    pub series: Vec<Series>,
    /// The whole portfolio's weighted look-through at each point.
    #[serde(with = "opt_decimals")]
    pub total: Vec<Option<Decimal>>,
}

mod opt_decimals {
    use rust_decimal::Decimal;
    use serde::ser::SerializeSeq;

    pub fn serialize<S: serde::Serializer>(v: &[Option<Decimal>], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(v.len()))?;
        for x in v {
            seq.serialize_element(&x.map(|d| d.to_string()))?;
        }
        seq.end()
    }
}

/// The last day of `d`'s month.
fn month_end(d: NaiveDate) -> NaiveDate {
    let (y, m) = if d.month() == 12 {
        (d.year() + 1, 1)
    } else {
        (d.year(), d.month() + 1)
    };
    NaiveDate::from_ymd_opt(y, m, 1)
        .and_then(|first| first.pred_opt())
        .unwrap_or(d)
}

/// Month ends from the month of `from` to the month before `until`, then `until`.
pub fn month_ends(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = month_end(from);
    while d < until {
        out.push(d);
        match d.succ_opt() {
            Some(next) => d = month_end(next),
            None => break,
        }
    }
    out.push(until);
    out
}

/// The exposure over time, from the month of `from` (default: the dataset's first event) to
/// `until` (the app passes today).
pub fn timeline(
    dataset: &Dataset,
    portfolio: &Portfolio,
    settings: &Settings,
    from: Option<NaiveDate>,
    until: NaiveDate,
) -> Result<Timeline> {
    let from = from.or(dataset.first_event()).unwrap_or(until).min(until);
    let dates = month_ends(from, until);
    let mut by_cp: BTreeMap<String, (String, Vec<Option<Decimal>>)> = BTreeMap::new();
    let mut total = Vec::with_capacity(dates.len());
    let mut known_events = usize::MAX;
    for (i, &date) in dates.iter().enumerate() {
        // A month with no new event shows what the month before showed: most of the years
        // before 2025 are such months, so the engine runs about once per month with news.
        let events = dataset.events.iter().filter(|e| e.on <= date).count();
        if events == known_events {
            let last = total.last().copied().flatten();
            total.push(last);
            for (_, values) in by_cp.values_mut() {
                values[i] = values[i - 1];
            }
            continue;
        }
        known_events = events;
        let view = dataset.at(date);
        let (sum, per) = weighted_totals(&view, portfolio, settings);
        total.push(sum);
        for (cp, v) in per {
            let name = view.company_name(&cp).to_string();
            let entry = by_cp
                .entry(cp)
                .or_insert_with(|| (name, vec![None; dates.len()]));
            entry.1[i] = Some(v);
        }
    }
    let mut series: Vec<Series> = by_cp
        .into_iter()
        .map(|(counterparty, (counterparty_name, values))| Series {
            counterparty,
            counterparty_name,
            values,
        })
        .collect();
    series.sort_by(|a, b| {
        b.values
            .last()
            .cmp(&a.values.last())
            .then(a.counterparty_name.cmp(&b.counterparty_name))
    });
    Ok(Timeline {
        dates,
        series,
        total,
    })
}

/// One counterparty's figures before and after.
#[derive(Debug, Clone, Serialize)]
pub struct CounterpartyChange {
    pub counterparty: String,
    pub counterparty_name: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub before: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub after: Option<Decimal>,
    /// after − before, both unknown counting as nothing known; `None` when neither is known.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub change: Option<Decimal>,
    /// The deals whose figures for this counterparty moved (new, changed or dropped).
    pub deals: Vec<String>,
}

/// What changed after `since`: the events, and for a portfolio its status-weighted
/// look-through per counterparty before (the dataset as of `since`, or the figures the user was
/// last shown) and now.
#[derive(Debug, Clone, Serialize)]
pub struct Changes {
    pub since: NaiveDate,
    /// The dataset's newest event.
    pub until: NaiveDate,
    pub dataset_version: String,
    pub changes: Vec<Change>,
    /// Per change's deal: the symbols of the portfolio linked to it (empty without a portfolio).
    pub holdings: BTreeMap<String, Vec<String>>,
    pub portfolio: Option<PortfolioChange>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PortfolioChange {
    #[serde(with = "rust_decimal::serde::str_option")]
    pub before: Option<Decimal>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub after: Option<Decimal>,
    pub by_counterparty: Vec<CounterpartyChange>,
}

/// Weighted look-through per counterparty and per (counterparty, deal) of one report.
pub fn figures(r: &ExposureReport) -> Figures {
    let mut by_deal: BTreeMap<(String, String), Decimal> = BTreeMap::new();
    for l in r.links.iter().filter(|l| l.in_totals) {
        if let Some(w) = l.weighted_look_through_usd {
            *by_deal
                .entry((l.counterparty.clone(), l.deal_id.clone()))
                .or_default() += w;
        }
    }
    Figures {
        total: r.portfolio.weighted_look_through_usd,
        by_counterparty: r
            .by_counterparty
            .iter()
            .map(|c| {
                (
                    c.counterparty.clone(),
                    (c.counterparty_name.clone(), c.weighted_look_through_usd),
                )
            })
            .collect(),
        by_deal: by_deal
            .into_iter()
            .map(|((cp, deal), v)| (format!("{cp}/{deal}"), v))
            .collect(),
    }
}

/// The figures a "what changed" compares: what the app saves as "last shown".
#[derive(Debug, Clone, PartialEq, Default, Serialize, serde::Deserialize)]
pub struct Figures {
    #[serde(with = "rust_decimal::serde::str_option")]
    pub total: Option<Decimal>,
    /// counterparty id → (name, weighted look-through).
    pub by_counterparty: BTreeMap<String, (String, Option<Decimal>)>,
    /// "counterparty/deal" → weighted look-through.
    pub by_deal: BTreeMap<String, Decimal>,
}

/// Compares two sets of figures per counterparty, largest move first; unchanged rows left out.
pub fn compare(before: &Figures, after: &Figures) -> PortfolioChange {
    let keys: BTreeSet<&String> = before
        .by_counterparty
        .keys()
        .chain(after.by_counterparty.keys())
        .collect();
    let mut rows: Vec<CounterpartyChange> = keys
        .into_iter()
        .filter_map(|cp| {
            let (name_b, b) = before.by_counterparty.get(cp).cloned().unwrap_or_default();
            let (name_a, a) = after.by_counterparty.get(cp).cloned().unwrap_or_default();
            let prefix = format!("{cp}/");
            let deal_keys: BTreeSet<&String> = before
                .by_deal
                .keys()
                .chain(after.by_deal.keys())
                .filter(|k| k.starts_with(&prefix))
                .collect();
            let deals: Vec<String> = deal_keys
                .into_iter()
                .filter(|k| before.by_deal.get(*k) != after.by_deal.get(*k))
                .map(|k| k[prefix.len()..].to_string())
                .collect();
            let change = match (b, a) {
                (None, None) => None,
                (b, a) => a.unwrap_or_default().checked_sub(b.unwrap_or_default()),
            };
            if b == a && deals.is_empty() {
                return None;
            }
            Some(CounterpartyChange {
                counterparty: cp.clone(),
                counterparty_name: if name_a.is_empty() { name_b } else { name_a },
                before: b,
                after: a,
                change,
                deals,
            })
        })
        .collect();
    rows.sort_by(|x, y| {
        let mag = |c: &CounterpartyChange| c.change.map(|d| d.abs());
        mag(y)
            .cmp(&mag(x))
            .then(x.counterparty_name.cmp(&y.counterparty_name))
    });
    PortfolioChange {
        before: before.total,
        after: after.total,
        by_counterparty: rows,
    }
}

/// Everything that changed after `since`, and with a portfolio the move in its figures from
/// the dataset as of `since` to the dataset now. `before` replaces the figures as of `since`
/// (the app passes what it last showed); `only_linked` keeps only the changes of deals the
/// portfolio is linked to.
pub fn changes(
    dataset: &Dataset,
    portfolio: Option<&Portfolio>,
    settings: &Settings,
    since: NaiveDate,
    before: Option<&Figures>,
    only_linked: bool,
) -> Result<Changes> {
    let all = dataset.changes_since(since);
    let mut holdings: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let portfolio_change = match portfolio {
        None => None,
        Some(p) => {
            let now = compute(dataset, p, settings)?;
            for l in &now.links {
                let list = holdings.entry(l.deal_id.clone()).or_default();
                if !list.contains(&l.symbol) {
                    list.push(l.symbol.clone());
                }
            }
            let then = match before {
                Some(f) => f.clone(),
                None => figures(&compute(&dataset.at(since), p, settings)?),
            };
            Some(compare(&then, &figures(&now)))
        }
    };
    let changes: Vec<Change> = if only_linked {
        all.into_iter()
            .filter(|c| holdings.contains_key(&c.deal_id))
            .collect()
    } else {
        all
    };
    holdings.retain(|deal, _| changes.iter().any(|c| &c.deal_id == deal));
    Ok(Changes {
        since,
        until: dataset.manifest.as_of,
        dataset_version: dataset.manifest.version.clone(),
        changes,
        holdings,
        portfolio: portfolio_change,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().expect("date")
    }

    #[test]
    fn month_ends_run_to_the_last_day() {
        assert_eq!(
            month_ends(d("2025-11-03"), d("2026-02-14")),
            vec![
                d("2025-11-30"),
                d("2025-12-31"),
                d("2026-01-31"),
                d("2026-02-14")
            ]
        );
        assert_eq!(
            month_ends(d("2024-02-10"), d("2024-02-29")),
            vec![d("2024-02-29")]
        );
        assert_eq!(
            month_ends(d("2026-03-31"), d("2026-03-31")),
            vec![d("2026-03-31")]
        );
    }
}

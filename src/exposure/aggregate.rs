//! The summary tables, as polars group-bys over the frame of links. Link figures are already
//! rounded to the cent, so these sums are exact (`Decimal(38, 2)` is an i128 of cents).

use std::collections::{BTreeSet, HashMap};

use polars::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::fmt::usd;

/// Totals of one group of links.
#[derive(Debug, Default, Clone)]
struct Agg {
    /// Sum of the known look-through amounts of links in totals; `None` if none is known.
    look_through: Option<Decimal>,
    weighted: Option<Decimal>,
    links: usize,
    undisclosed: usize,
    deals: usize,
}

const SCALE: usize = 2;

fn to_cents(d: Decimal) -> i128 {
    let mut d = cents(d);
    d.rescale(SCALE as u32);
    d.mantissa()
}

fn money_series(name: &str, values: impl Iterator<Item = Option<Decimal>>) -> PolarsResult<Column> {
    let ca = Int128Chunked::from_iter_options(name.into(), values.map(|v| v.map(to_cents)));
    Ok(ca.into_decimal(38, SCALE)?.into_series().into_column())
}

fn money_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<Option<Decimal>> {
    let ca = df.column(name)?.decimal()?;
    let scale = ca.scale() as u32;
    Ok(ca
        .physical()
        .get(i)
        .map(|v| Decimal::from_i128_with_scale(v, scale)))
}

fn count_at(df: &DataFrame, name: &str, i: usize) -> PolarsResult<usize> {
    let c = df.column(name)?.cast(&DataType::Int64)?;
    Ok(c.i64()?.get(i).unwrap_or(0).max(0) as usize)
}

fn links_frame(links: &[Link]) -> PolarsResult<DataFrame> {
    let s = |name: &str, v: Vec<String>| Column::new(name.into(), v);
    DataFrame::new_infer_height(vec![
        s(
            "holding",
            links.iter().map(|l| l.holding.to_string()).collect(),
        ),
        s("deal_id", links.iter().map(|l| l.deal_id.clone()).collect()),
        s(
            "counterparty",
            links.iter().map(|l| l.counterparty.clone()).collect(),
        ),
        s(
            "role",
            links.iter().map(|l| l.role.as_str().to_string()).collect(),
        ),
        Column::new(
            "in_totals".into(),
            links.iter().map(|l| l.in_totals).collect::<Vec<_>>(),
        ),
        Column::new(
            "undisclosed".into(),
            links
                .iter()
                .map(|l| i64::from(l.in_totals && l.look_through_usd.is_none()))
                .collect::<Vec<_>>(),
        ),
        money_series("lt", links.iter().map(|l| l.look_through_usd))?,
        money_series("wlt", links.iter().map(|l| l.weighted_look_through_usd))?,
    ])
}

/// Group the links by `key` and total them.
fn group(links: &DataFrame, key: &str) -> PolarsResult<HashMap<String, Agg>> {
    let in_totals = || col("in_totals");
    let out = links
        .clone()
        .lazy()
        .group_by([col(key)])
        .agg([
            col("lt").filter(in_totals()).sum().alias("lt"),
            col("lt").filter(in_totals()).count().alias("lt_known"),
            col("wlt").filter(in_totals()).sum().alias("wlt"),
            len().alias("links"),
            col("undisclosed").sum().alias("undisclosed"),
            col("deal_id").n_unique().alias("deals"),
        ])
        .collect()?;
    let keys = out.column(key)?.str()?.clone();
    let mut map = HashMap::new();
    for i in 0..out.height() {
        let known = count_at(&out, "lt_known", i)? > 0;
        let agg = Agg {
            look_through: if known {
                money_at(&out, "lt", i)?
            } else {
                None
            },
            weighted: if known {
                money_at(&out, "wlt", i)?
            } else {
                None
            },
            links: count_at(&out, "links", i)?,
            undisclosed: count_at(&out, "undisclosed", i)?,
            deals: count_at(&out, "deals", i)?,
        };
        map.insert(keys.get(i).unwrap_or_default().to_string(), agg);
    }
    Ok(map)
}

/// Market value linked to each counterparty: every holding counted once per counterparty.
fn linked_values(
    links: &DataFrame,
    resolved: &[Resolved],
) -> PolarsResult<HashMap<String, Decimal>> {
    let holdings = DataFrame::new_infer_height(vec![
        Column::new(
            "holding".into(),
            (0..resolved.len())
                .map(|i| i.to_string())
                .collect::<Vec<_>>(),
        ),
        money_series("value", resolved.iter().map(|r| r.value))?,
    ])?;
    let out = links
        .clone()
        .lazy()
        .filter(col("in_totals"))
        .select([col("counterparty"), col("holding")])
        .unique(None, UniqueKeepStrategy::Any)
        .join(
            holdings.lazy(),
            [col("holding")],
            [col("holding")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by([col("counterparty")])
        .agg([col("value").sum().alias("value")])
        .collect()?;
    let keys = out.column("counterparty")?.str()?.clone();
    let mut map = HashMap::new();
    for i in 0..out.height() {
        map.insert(
            keys.get(i).unwrap_or_default().to_string(),
            money_at(&out, "value", i)?.unwrap_or(Decimal::ZERO),
        );
    }
    Ok(map)
}

fn share(part: Decimal, total: Option<Decimal>) -> Option<Decimal> {
    total
        .filter(|t| !t.is_zero())
        .and_then(|t| part.checked_div(t))
        .map(|f| f.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

fn opt_usd(d: Option<Decimal>) -> String {
    d.map(usd).unwrap_or_else(|| "undisclosed".into())
}

/// Names in first-seen order without repeats.
fn unique_in_order<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|s| seen.insert(*s))
        .map(str::to_string)
        .collect()
}

pub(super) fn tables(
    dataset: &Dataset,
    settings: &Settings,
    resolved: &[Resolved],
    links: Vec<Link>,
    warnings: Vec<String>,
) -> Result<ExposureReport> {
    let frame = links_frame(&links)?;
    let by_cp = group(&frame, "counterparty")?;
    let by_deal_agg = group(&frame, "deal_id")?;
    let by_holding_agg = group(&frame, "holding")?;
    let by_role_agg = group(&frame, "role")?;
    let linked = linked_values(&frame, resolved)?;

    let total_value = resolved
        .iter()
        .filter_map(|r| r.value)
        .fold(None, |acc: Option<Decimal>, v| {
            Some(acc.unwrap_or_default() + v)
        });
    let linked_holdings: BTreeSet<usize> = links
        .iter()
        .filter(|l| l.in_totals)
        .map(|l| l.holding)
        .collect();
    let linked_value: Decimal = linked_holdings
        .iter()
        .filter_map(|&i| resolved[i].value)
        .sum();
    let sum_in_totals = |f: fn(&Link) -> Option<Decimal>| -> Decimal {
        links.iter().filter(|l| l.in_totals).filter_map(f).sum()
    };
    let lt_total = sum_in_totals(|l| l.look_through_usd);
    let wlt_total = sum_in_totals(|l| l.weighted_look_through_usd);

    let portfolio = PortfolioSummary {
        total_value,
        currency: settings.base_currency.clone(),
        holdings_count: resolved.len(),
        valued_holdings_count: resolved.iter().filter(|r| r.value.is_some()).count(),
        linked_holdings_count: linked_holdings.len(),
        linked_value,
        linked_share: share(linked_value, total_value),
        look_through_usd: lt_total,
        weighted_look_through_usd: wlt_total,
        why: vec![
            format!(
                "Portfolio value: sum of the {} holdings with a known {} value = {}.",
                resolved.iter().filter(|r| r.value.is_some()).count(),
                settings.base_currency,
                opt_usd(total_value)
            ),
            format!(
                "Linked value: holdings with at least one deal link in totals ({}), each counted once = {}.",
                linked_holdings.iter().map(|&i| resolved[i].holding.label()).collect::<Vec<_>>().join(", "),
                usd(linked_value)
            ),
            format!(
                "Look-through: sum of the {} links in totals with a disclosed amount = {}; status-weighted = {}.",
                links.iter().filter(|l| l.in_totals && l.look_through_usd.is_some()).count(),
                usd(lt_total),
                usd(wlt_total)
            ),
        ],
    };

    let mut by_counterparty: Vec<CounterpartyRow> = by_cp
        .iter()
        .map(|(cp, agg)| {
            let its: Vec<&Link> = links.iter().filter(|l| &l.counterparty == cp).collect();
            let linked_value = linked.get(cp).copied().unwrap_or_default();
            let holdings = unique_in_order(
                its.iter()
                    .filter(|l| l.in_totals)
                    .map(|l| l.symbol.as_str()),
            );
            let counted: Vec<String> = its
                .iter()
                .filter(|l| l.in_totals && l.look_through_usd.is_some())
                .map(|l| format!("{} {} {}", l.deal_id, l.symbol, opt_usd(l.look_through_usd)))
                .collect();
            let excluded = unique_in_order(
                its.iter()
                    .filter(|l| !l.in_totals)
                    .map(|l| l.deal_id.as_str()),
            );
            let mut why = vec![
                format!(
                    "Linked value: holdings with a deal in totals with {} ({}), each once = {}.",
                    dataset.company_name(cp),
                    holdings.join(", "),
                    usd(linked_value)
                ),
                format!(
                    "Look-through: {} = {}.",
                    if counted.is_empty() {
                        "no disclosed amounts".to_string()
                    } else {
                        counted.join(" + ")
                    },
                    opt_usd(agg.look_through)
                ),
            ];
            if agg.undisclosed > 0 {
                why.push(format!(
                    "{} link(s) with an undisclosed amount are counted as links, not as $0.",
                    agg.undisclosed
                ));
            }
            if !excluded.is_empty() {
                why.push(format!("Shown but not in totals: {}.", excluded.join(", ")));
            }
            CounterpartyRow {
                counterparty: cp.clone(),
                counterparty_name: dataset.company_name(cp).to_string(),
                linked_value,
                linked_share: share(linked_value, total_value),
                look_through_usd: agg.look_through,
                weighted_look_through_usd: agg.weighted,
                deal_count: agg.deals,
                link_count: agg.links,
                undisclosed_link_count: agg.undisclosed,
                holdings,
                why,
            }
        })
        .collect();
    by_counterparty.sort_by(|a, b| {
        b.weighted_look_through_usd
            .cmp(&a.weighted_look_through_usd)
            .then(b.linked_value.cmp(&a.linked_value))
            .then(a.counterparty_name.cmp(&b.counterparty_name))
    });

    let by_holding: Vec<HoldingRow> = resolved
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let agg = by_holding_agg
                .get(&i.to_string())
                .cloned()
                .unwrap_or_default();
            let its: Vec<&Link> = links.iter().filter(|l| l.holding == i).collect();
            let counted: Vec<String> = its
                .iter()
                .filter(|l| l.in_totals && l.look_through_usd.is_some())
                .map(|l| format!("{} {}", l.deal_id, opt_usd(l.look_through_usd)))
                .collect();
            let why = match &r.unresolved_reason {
                Some(reason) => vec![format!("{}: {reason}.", r.holding.label())],
                None => vec![format!(
                    "Look-through: {} = {} ({} link(s) in totals, {} undisclosed).",
                    if counted.is_empty() {
                        "no disclosed amounts".to_string()
                    } else {
                        counted.join(" + ")
                    },
                    opt_usd(agg.look_through),
                    its.iter().filter(|l| l.in_totals).count(),
                    agg.undisclosed
                )],
            };
            HoldingRow {
                symbol: r.holding.label().to_string(),
                account: r.holding.account.clone(),
                name: r.holding.name.clone(),
                company_id: r.company_id.clone(),
                company_name: r
                    .company_id
                    .as_deref()
                    .map(|c| dataset.company_name(c).to_string()),
                resolved: r.company_id.is_some(),
                unresolved_reason: r.unresolved_reason.clone(),
                quantity: r.holding.quantity,
                market_value: r.value,
                ownership_fraction: r.ownership,
                look_through_usd: agg.look_through,
                weighted_look_through_usd: agg.weighted,
                link_count: agg.links,
                deal_count: agg.deals,
                undisclosed_link_count: agg.undisclosed,
                counterparties: unique_in_order(
                    its.iter()
                        .filter(|l| l.in_totals)
                        .map(|l| l.counterparty_name.as_str()),
                ),
                why,
            }
        })
        .collect();

    let mut by_deal: Vec<DealRow> = by_deal_agg
        .iter()
        .filter_map(|(id, agg)| {
            let deal = dataset.deal(id)?;
            let its: Vec<&Link> = links.iter().filter(|l| &l.deal_id == id).collect();
            let in_totals = its.iter().any(|l| l.in_totals);
            let excluded_reason = if in_totals {
                None
            } else {
                its.first().and_then(|l| l.excluded_reason)
            };
            let parts: Vec<String> = its
                .iter()
                .map(|l| format!("{} {}", l.symbol, opt_usd(l.look_through_usd)))
                .collect();
            Some(DealRow {
                deal_id: id.clone(),
                title: deal.title.clone(),
                counterparty: deal.counterparty.clone(),
                counterparty_name: dataset.company_name(&deal.counterparty).to_string(),
                status: deal.status,
                weight: its.first().map(|l| l.weight).unwrap_or_default(),
                amount_usd: deal.amount_usd,
                amount_basis: deal.amount_basis,
                in_totals,
                excluded_reason,
                look_through_usd: agg.look_through,
                weighted_look_through_usd: agg.weighted,
                holdings: unique_in_order(its.iter().map(|l| l.symbol.as_str())),
                link_count: agg.links,
                why: vec![format!("Your slices of {}: {}.", id, parts.join(" + "))],
            })
        })
        .collect();
    by_deal.sort_by(|a, b| {
        b.in_totals
            .cmp(&a.in_totals)
            .then(
                b.weighted_look_through_usd
                    .cmp(&a.weighted_look_through_usd),
            )
            .then(a.deal_id.cmp(&b.deal_id))
    });

    let mut by_role: Vec<RoleRow> = by_role_agg
        .iter()
        .filter_map(|(role, agg)| {
            Some(RoleRow {
                role: role.parse().ok()?,
                look_through_usd: agg.look_through,
                weighted_look_through_usd: agg.weighted,
                link_count: agg.links,
            })
        })
        .collect();
    by_role.sort_by(|a, b| {
        b.weighted_look_through_usd
            .cmp(&a.weighted_look_through_usd)
            .then(a.role.cmp(&b.role))
    });

    Ok(ExposureReport {
        dataset: DatasetInfo {
            name: dataset.manifest.name.clone(),
            version: dataset.manifest.version.clone(),
            as_of: dataset.manifest.as_of,
        },
        settings: SettingsInfo {
            status_weights: settings
                .status_weights
                .iter()
                .map(|(s, w)| (s.to_string(), w.to_string()))
                .collect(),
            include_indirect: settings.include_indirect,
            excluded_deals: settings.excluded_deals.iter().cloned().collect(),
            base_currency: settings.base_currency.clone(),
            haircuts: settings
                .haircuts
                .iter()
                .map(|(c, h)| (c.clone(), h.to_string()))
                .collect(),
        },
        portfolio,
        by_counterparty,
        by_holding,
        by_deal,
        by_role,
        links,
        warnings,
    })
}

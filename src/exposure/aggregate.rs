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
    share_count_unknown: usize,
    fund_figures: usize,
    /// Links in totals.
    counted: usize,
    deals: usize,
}

impl Agg {
    /// What an unknown figure of this group is called; `None` when it is known.
    fn label(&self) -> Option<&'static str> {
        if self.look_through.is_some() {
            None
        } else if self.counted == 0 {
            Some("not in totals")
        } else {
            Some(unknown_label_with(
                self.undisclosed,
                self.share_count_unknown,
                self.fund_figures,
            ))
        }
    }
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
        s(
            "position",
            links.iter().map(|l| l.position.to_string()).collect(),
        ),
        s(
            "path",
            links
                .iter()
                .map(|l| if l.via.is_some() { "funds" } else { "direct" }.to_string())
                .collect(),
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
        s(
            "direction",
            links
                .iter()
                .map(|l| l.direction.as_str().to_string())
                .collect(),
        ),
        // Counterparty × direction, one key (the group-by takes one string column).
        s(
            "cp_direction",
            links
                .iter()
                .map(|l| format!("{}\u{1f}{}", l.counterparty, l.direction.as_str()))
                .collect(),
        ),
        Column::new(
            "in_totals".into(),
            links.iter().map(|l| l.in_totals).collect::<Vec<_>>(),
        ),
        Column::new(
            "undisclosed".into(),
            links
                .iter()
                .map(|l| i64::from(l.look_through_unknown == Some(Unknown::AmountUndisclosed)))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "share_count_unknown".into(),
            links
                .iter()
                .map(|l| i64::from(l.look_through_unknown == Some(Unknown::ShareCountUnknown)))
                .collect::<Vec<_>>(),
        ),
        Column::new(
            "fund_figures".into(),
            links
                .iter()
                .map(|l| i64::from(l.look_through_unknown == Some(Unknown::FundFigures)))
                .collect::<Vec<_>>(),
        ),
        money_series("lt", links.iter().map(|l| l.look_through_usd))?,
        money_series("wlt", links.iter().map(|l| l.weighted_look_through_usd))?,
    ])
}

/// Group the links by `key` and total them: only the links in totals, or (for a deal's own
/// row, whose figure is shown even when it is not added) all of them.
fn group(links: &DataFrame, key: &str, only_in_totals: bool) -> PolarsResult<HashMap<String, Agg>> {
    // Filtering on a literal `true` makes polars warn on stderr: only filter when it matters.
    let counted = |e: Expr| {
        if only_in_totals {
            e.filter(col("in_totals"))
        } else {
            e
        }
    };
    let out = links
        .clone()
        .lazy()
        .group_by([col(key)])
        .agg([
            counted(col("lt")).sum().alias("lt"),
            counted(col("lt")).count().alias("lt_known"),
            counted(col("wlt")).sum().alias("wlt"),
            len().alias("links"),
            counted(col("undisclosed")).sum().alias("undisclosed"),
            counted(col("share_count_unknown"))
                .sum()
                .alias("share_count_unknown"),
            counted(col("fund_figures")).sum().alias("fund_figures"),
            counted(col("in_totals")).count().alias("counted"),
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
            share_count_unknown: count_at(&out, "share_count_unknown", i)?,
            fund_figures: count_at(&out, "fund_figures", i)?,
            counted: count_at(&out, "counted", i)?,
            deals: count_at(&out, "deals", i)?,
        };
        map.insert(keys.get(i).unwrap_or_default().to_string(), agg);
    }
    Ok(map)
}

/// Market value linked to each counterparty: every position (a direct holding, or a fund
/// holding's part in one company) counted once per counterparty; `None` where no linked
/// position has a known value.
fn linked_values(
    links: &DataFrame,
    positions: &[Position],
) -> PolarsResult<HashMap<String, Option<Decimal>>> {
    let holdings = DataFrame::new_infer_height(vec![
        Column::new(
            "position".into(),
            (0..positions.len())
                .map(|i| i.to_string())
                .collect::<Vec<_>>(),
        ),
        money_series("value", positions.iter().map(|p| p.value))?,
    ])?;
    let out = links
        .clone()
        .lazy()
        .filter(col("in_totals"))
        .select([col("counterparty"), col("position")])
        .unique(None, UniqueKeepStrategy::Any)
        .join(
            holdings.lazy(),
            [col("position")],
            [col("position")],
            JoinArgs::new(JoinType::Inner),
        )
        .group_by([col("counterparty")])
        .agg([
            col("value").sum().alias("value"),
            col("value").count().alias("valued"),
        ])
        .collect()?;
    let keys = out.column("counterparty")?.str()?.clone();
    let mut map = HashMap::new();
    for i in 0..out.height() {
        let value = if count_at(&out, "valued", i)? > 0 {
            money_at(&out, "value", i)?
        } else {
            None
        };
        map.insert(keys.get(i).unwrap_or_default().to_string(), value);
    }
    Ok(map)
}

/// The sum, `None` when there is nothing to add or it is too large to hold.
fn checked_sum(values: impl Iterator<Item = Decimal>) -> Option<Decimal> {
    let mut total: Option<Decimal> = None;
    for v in values {
        total = Some(match total {
            None => v,
            Some(t) => t.checked_add(v)?,
        });
    }
    total
}

fn share(part: Option<Decimal>, total: Option<Decimal>) -> Option<Decimal> {
    let part = part?;
    total
        .filter(|t| !t.is_zero())
        .and_then(|t| part.checked_div(t))
        .map(|f| f.round_dp_with_strategy(6, rust_decimal::RoundingStrategy::MidpointAwayFromZero))
}

/// A money figure, or "unknown": a total or value nobody can know is never "$0.00".
fn opt_usd(d: Option<Decimal>) -> String {
    d.map(usd).unwrap_or_else(|| "unknown".into())
}

/// A link's look-through, or why it is unknown.
fn link_usd(l: &Link) -> String {
    match (l.look_through_usd, l.look_through_unknown) {
        (Some(v), _) => usd(v),
        (None, Some(u)) => u.as_str().to_string(),
        (None, None) => "unknown".into(),
    }
}

/// The "what is not counted" sentence of a table row.
fn uncounted(undisclosed: usize, share_count_unknown: usize) -> Option<String> {
    let mut parts = Vec::new();
    if undisclosed > 0 {
        parts.push(format!("{undisclosed} link(s) with an undisclosed amount"));
    }
    if share_count_unknown > 0 {
        parts.push(format!(
            "{share_count_unknown} link(s) with a known amount but an unknown share count of the company"
        ));
    }
    (!parts.is_empty()).then(|| format!("{} are counted as links, not as $0.", parts.join(" and ")))
}

/// Names in first-seen order without repeats.
fn unique_in_order<'a>(items: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen = BTreeSet::new();
    items
        .filter(|s| seen.insert(*s))
        .map(str::to_string)
        .collect()
}

/// What the tables are valued in.
pub(super) struct Context<'a> {
    pub portfolio: &'a Portfolio,
    pub base: &'a str,
}

// One call site; the arguments are the engine's stages.
#[allow(clippy::too_many_arguments)]
pub(super) fn tables(
    dataset: &Dataset,
    settings: &Settings,
    ctx: Context,
    resolved: &[Resolved],
    positions: &[Position],
    links: Vec<Link>,
    warnings: Vec<String>,
) -> Result<ExposureReport> {
    let frame = links_frame(&links)?;
    let by_cp = group(&frame, "counterparty", true)?;
    let by_deal_agg = group(&frame, "deal_id", false)?;
    let by_holding_agg = group(&frame, "holding", true)?;
    let by_position_agg = group(&frame, "position", true)?;
    let by_path_agg = group(&frame, "path", true)?;
    let by_role_agg = group(&frame, "role", true)?;
    let by_direction_agg = group(&frame, "direction", true)?;
    let by_cp_direction_agg = group(&frame, "cp_direction", true)?;
    let linked = linked_values(&frame, positions)?;
    // Each table row's links, found once (a fund holding brings thousands of links).
    let mut of_holding: Vec<Vec<&Link>> = vec![Vec::new(); resolved.len()];
    let mut of_counterparty: HashMap<&str, Vec<&Link>> = HashMap::new();
    let mut of_deal: HashMap<&str, Vec<&Link>> = HashMap::new();
    for l in &links {
        if let Some(v) = of_holding.get_mut(l.holding) {
            v.push(l);
        }
        of_counterparty.entry(&l.counterparty).or_default().push(l);
        of_deal.entry(&l.deal_id).or_default().push(l);
    }
    let mut positions_of: Vec<Vec<usize>> = vec![Vec::new(); resolved.len()];
    for (pi, p) in positions.iter().enumerate() {
        if let Some(v) = positions_of.get_mut(p.holding) {
            v.push(pi);
        }
    }

    let base = ctx.base;
    let money = |d: Option<Decimal>| crate::fmt::money_or_unknown(d, base);
    // A sum too large to hold is unknown, never a panic.
    let total_value = checked_sum(resolved.iter().filter_map(|r| r.value));
    let usd_to_base = (base != "USD")
        .then(|| settings.valuation.rates.conversion("USD", base))
        .flatten();
    let in_base = |usd: Option<Decimal>| match &usd_to_base {
        None if base == "USD" => usd,
        None => None,
        Some(c) => usd.and_then(|u| c.apply(u)).map(cents),
    };
    // The rates used, one per currency and source, with how many figures each converted.
    let mut fx: Vec<FxUsed> = Vec::new();
    let mut note_rate = |c: &crate::value::Conversion| {
        let f = FxUsed::of(c);
        match fx
            .iter_mut()
            .find(|x| x.currency == f.currency && x.source == f.source && x.rate == f.rate)
        {
            Some(x) => x.used_by += 1,
            None => fx.push(FxUsed { used_by: 1, ..f }),
        }
    };
    for r in resolved {
        if let Some(crate::value::ValueBasis::Converted { conversion }) = &r.valued.basis {
            note_rate(conversion);
        }
    }
    let mut cash_total: Option<Option<Decimal>> = None;
    for c in &ctx.portfolio.cash {
        let v = crate::value::value_cash(c, ctx.portfolio, base, &settings.valuation);
        if let Some((_, Some(conv))) = &v {
            note_rate(conv);
        }
        cash_total = Some(match (cash_total, v) {
            (None, Some((x, _))) => Some(x),
            (Some(Some(t)), Some((x, _))) => t.checked_add(x),
            _ => None,
        });
    }
    let cash_value = cash_total.flatten();
    let unvalued_holdings: Vec<UnvaluedHolding> = resolved
        .iter()
        .filter(|r| r.value.is_none())
        .map(|r| UnvaluedHolding {
            symbol: r.holding.label().to_string(),
            account: r.holding.account.clone(),
            reason: r
                .valued
                .unvalued
                .clone()
                .unwrap_or_else(|| "its value is unknown".into()),
        })
        .collect();
    let stale_price_count = resolved
        .iter()
        .filter(|r| r.valued.price.as_ref().is_some_and(|p| p.stale))
        .count();
    let linked_holdings: BTreeSet<usize> = links
        .iter()
        .filter(|l| l.in_totals)
        .map(|l| l.holding)
        .collect();
    // A fund counts by the part of it in linked companies, not 100 %.
    let linked_positions: BTreeSet<usize> = links
        .iter()
        .filter(|l| l.in_totals)
        .map(|l| l.position)
        .collect();
    let linked_known: Vec<Decimal> = linked_positions
        .iter()
        .filter_map(|&i| positions[i].value)
        .collect();
    let linked_unvalued_count = linked_holdings
        .iter()
        .filter(|&&h| {
            linked_positions
                .iter()
                .any(|&p| positions[p].holding == h && positions[p].value_unknown)
        })
        .count();
    let linked_value: Option<Decimal> = if linked_known.is_empty() {
        None
    } else {
        Some(linked_known.iter().sum())
    };
    let path_value = |via: bool| -> Option<Decimal> {
        linked_positions
            .iter()
            .filter(|&&p| positions[p].via.is_some() == via)
            .filter_map(|&p| positions[p].value)
            .fold(None, |acc: Option<Decimal>, v| {
                Some(acc.unwrap_or_default() + v)
            })
    };
    let split = |key: &str, via: bool| {
        let agg = by_path_agg.get(key).cloned().unwrap_or_default();
        PathSplit {
            linked_value: path_value(via),
            look_through_usd: agg.look_through,
            weighted_look_through_usd: agg.weighted,
            link_count: agg.links,
            look_through_label: if agg.links == 0 {
                Some("no deal links")
            } else {
                agg.label()
            },
            approximate: links
                .iter()
                .any(|l| l.in_totals && l.approximate && l.via.is_some() == via),
        }
    };
    let direct = split("direct", false);
    let via_funds = split("funds", true);
    let sum_in_totals = |f: fn(&Link) -> Option<Decimal>| -> Option<Decimal> {
        links
            .iter()
            .filter(|l| l.in_totals)
            .filter_map(f)
            .fold(None, |acc: Option<Decimal>, v| {
                Some(acc.unwrap_or_default() + v)
            })
    };
    let count_unknown = |u: Unknown| {
        links
            .iter()
            .filter(|l| l.in_totals && l.look_through_unknown == Some(u))
            .count()
    };
    let undisclosed_total = count_unknown(Unknown::AmountUndisclosed);
    let share_unknown_total = count_unknown(Unknown::ShareCountUnknown);
    let fund_figures_total = count_unknown(Unknown::FundFigures);

    let lt_total = sum_in_totals(|l| l.look_through_usd);
    let wlt_total = sum_in_totals(|l| l.weighted_look_through_usd);
    let total_label = lt_total.is_none().then(|| {
        if links.iter().any(|l| l.in_totals) {
            unknown_label_with(undisclosed_total, share_unknown_total, fund_figures_total)
        } else {
            "no deal links"
        }
    });

    // Used by the portfolio's two figures and every table row's weighted figure it converts.
    // One row per direction with links in totals, in the order of the vocabulary.
    let direction_rows = |key: &dyn Fn(Direction) -> String, aggs: &HashMap<String, Agg>| {
        Direction::ALL
            .iter()
            .filter_map(|d| {
                let a = aggs.get(&key(*d))?;
                (a.counted > 0).then(|| DirectionRow {
                    direction: *d,
                    label: d.label(),
                    look_through_usd: a.look_through,
                    weighted_look_through_usd: a.weighted,
                    weighted_look_through_base: in_base(a.weighted),
                    link_count: a.counted,
                    undisclosed_link_count: a.undisclosed,
                    look_through_label: a.label(),
                    approximate: false,
                })
            })
            .collect::<Vec<DirectionRow>>()
    };
    let mut by_direction = direction_rows(&|d| d.as_str().to_string(), &by_direction_agg);
    for row in &mut by_direction {
        row.approximate = links
            .iter()
            .any(|l| l.in_totals && l.approximate && l.direction == row.direction);
    }
    let usd_fx = usd_to_base.as_ref().map(|c| FxUsed {
        used_by: 2 + by_cp.len() + resolved.len() + by_deal_agg.len(),
        ..FxUsed::of(c)
    });
    let portfolio = PortfolioSummary {
        total_value,
        currency: base.to_string(),
        holdings_count: resolved.len(),
        valued_holdings_count: resolved.iter().filter(|r| r.value.is_some()).count(),
        unvalued_holdings,
        stale_price_count,
        stale_after_days: settings.valuation.stale_after_days,
        cash_value,
        cash_lines: ctx.portfolio.cash.len(),
        total_with_cash: match (total_value, cash_value) {
            (Some(t), Some(c)) => t.checked_add(c),
            (t, None) if ctx.portfolio.cash.is_empty() => t,
            _ => None,
        },
        fx,
        usd_to_base: usd_fx,
        look_through_base: in_base(lt_total),
        by_direction,
        weighted_look_through_base: in_base(wlt_total),
        linked_holdings_count: linked_holdings.len(),
        linked_value,
        linked_unvalued_count,
        linked_share: if linked_unvalued_count == 0 {
            share(linked_value, total_value)
        } else {
            None
        },
        look_through_usd: lt_total,
        weighted_look_through_usd: wlt_total,
        undisclosed_link_count: undisclosed_total,
        share_count_unknown_link_count: share_unknown_total,
        look_through_label: total_label,
        approximate: links.iter().any(|l| l.in_totals && l.approximate),
        direct,
        via_funds,
        why: vec![
            format!(
                "Portfolio value: sum of the {} holdings with a known {base} value = {} (cash not included{}).",
                resolved.iter().filter(|r| r.value.is_some()).count(),
                money(total_value),
                match (ctx.portfolio.cash.len(), cash_value) {
                    (0, _) => String::new(),
                    (n, Some(c)) => format!("; {n} cash line(s) = {}", money(Some(c))),
                    (n, None) => format!("; {n} cash line(s) of unknown value"),
                }
            ),
            format!(
                "Linked value: holdings with at least one deal link in totals ({}), each counted once, a fund by its part in linked companies = {}{}.",
                linked_positions.iter().map(|&p| positions[p].shown()).collect::<Vec<_>>().join(", "),
                money(linked_value),
                if linked_unvalued_count > 0 {
                    format!(" ({linked_unvalued_count} of them with no known value, so the share of the portfolio is unknown)")
                } else {
                    String::new()
                }
            ),
            format!(
                "Look-through: sum of the {} links in totals with a known look-through = {}; status-weighted = {}.",
                links.iter().filter(|l| l.in_totals && l.look_through_usd.is_some()).count(),
                opt_usd(lt_total),
                opt_usd(wlt_total)
            ),
        ],
    };
    let mut portfolio = portfolio;
    if let Some(s) = uncounted(undisclosed_total, share_unknown_total) {
        portfolio.why.push(s);
    }
    if !portfolio.unvalued_holdings.is_empty() {
        portfolio.why.push(format!(
            "Not valued, so not in the portfolio value: {}.",
            portfolio
                .unvalued_holdings
                .iter()
                .map(|u| format!("{} ({})", u.symbol, u.reason))
                .collect::<Vec<_>>()
                .join("; ")
        ));
    }
    if let (Some(c), Some(w)) = (&usd_to_base, portfolio.weighted_look_through_base) {
        portfolio.why.push(format!(
            "The look-through is a USD figure (deal amounts are in USD); in {base}: {} at {}.",
            money(Some(w)),
            c.describe()
        ));
    }

    let mut by_counterparty: Vec<CounterpartyRow> = by_cp
        .iter()
        .map(|(cp, agg)| {
            let its: &[&Link] = of_counterparty.get(cp.as_str()).map_or(&[], Vec::as_slice);
            let linked_value = linked.get(cp).copied().flatten();
            let shown: Vec<String> = its
                .iter()
                .filter(|l| l.in_totals)
                .map(|l| l.shown())
                .collect();
            let holdings = unique_in_order(shown.iter().map(String::as_str));
            let counted: Vec<String> = its
                .iter()
                .filter(|l| l.in_totals && l.look_through_usd.is_some())
                .map(|l| format!("{} {} {}", l.deal_id, l.shown(), link_usd(l)))
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
                    money(linked_value)
                ),
                format!(
                    "Look-through: {} = {}.",
                    if counted.is_empty() {
                        "no known look-through".to_string()
                    } else {
                        counted.join(" + ")
                    },
                    opt_usd(agg.look_through)
                ),
            ];
            if let Some(s) = uncounted(agg.undisclosed, agg.share_count_unknown) {
                why.push(s);
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
                weighted_look_through_base: in_base(agg.weighted),
                deal_count: agg.deals,
                link_count: agg.links,
                undisclosed_link_count: agg.undisclosed,
                share_count_unknown_link_count: agg.share_count_unknown,
                look_through_label: agg.label(),
                approximate: its.iter().any(|l| l.in_totals && l.approximate),
                holdings,
                by_direction: direction_rows(
                    &|d| format!("{cp}\u{1f}{}", d.as_str()),
                    &by_cp_direction_agg,
                ),
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

    let mut funds_used: Vec<FundUse> = Vec::new();
    let by_holding: Vec<HoldingRow> = resolved
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let agg = by_holding_agg
                .get(&i.to_string())
                .cloned()
                .unwrap_or_default();
            let its: &[&Link] = &of_holding[i];
            let counted: Vec<String> = its
                .iter()
                .filter(|l| l.in_totals && l.look_through_usd.is_some())
                .map(|l| {
                    if l.via.is_some() {
                        format!("{} {} {}", l.deal_id, l.symbol, link_usd(l))
                    } else {
                        format!("{} {}", l.deal_id, link_usd(l))
                    }
                })
                .collect();
            let mut why = match &r.unresolved_reason {
                Some(reason) => vec![format!("{}: {reason}.", r.holding.label())],
                None => vec![format!(
                    "Look-through: {} = {} ({} link(s) in totals, {} undisclosed, {} with the share count unknown).",
                    if counted.is_empty() {
                        "no known look-through".to_string()
                    } else {
                        counted.join(" + ")
                    },
                    opt_usd(agg.look_through),
                    its.iter().filter(|l| l.in_totals).count(),
                    agg.undisclosed,
                    agg.share_count_unknown
                )],
            };
            let constituents: Vec<ConstituentRow> = positions_of[i]
                .iter()
                .map(|&pi| (pi, &positions[pi]))
                .filter(|(_, p)| p.via.is_some())
                .map(|(pi, p)| {
                    let a = by_position_agg.get(&pi.to_string()).cloned().unwrap_or_default();
                    let mine: Vec<&&Link> = its.iter().filter(|l| l.position == pi).collect();
                    let slice = r.fund.as_ref().and_then(|f| f.slices.iter().find(|s| s.company_id == p.company_id));
                    ConstituentRow {
                        company_id: p.company_id.clone(),
                        company_name: dataset.company_name(&p.company_id).to_string(),
                        symbol: p.label.clone(),
                        quantity: p.quantity,
                        weight: slice.and_then(|s| s.weight),
                        market_value: p.value,
                        look_through_usd: a.look_through,
                        weighted_look_through_usd: a.weighted,
                        link_count: a.links,
                        look_through_label: if a.links == 0 { Some("no deal links") } else { a.label() },
                        approximate: p.approximate,
                        counterparties: unique_in_order(
                            mine.iter().filter(|l| l.in_totals).map(|l| l.counterparty_name.as_str()),
                        ),
                        why: p.chain.iter().cloned().collect(),
                    }
                })
                .collect();
            let fund = r.fund.as_ref().map(|f| {
                let linked_value = positions_of[i]
                    .iter()
                    .filter(|pi| linked_positions.contains(pi))
                    .filter_map(|&pi| positions[pi].value)
                    .fold(None, |acc: Option<Decimal>, v| Some(acc.unwrap_or_default() + v));
                let mut why = f.why.clone();
                if !f.not_counted.is_empty() {
                    why.push(format!("Not counted: {}.", f.not_counted.join("; ")));
                }
                FundUse {
                    symbol: f.symbol.clone(),
                    fund_id: f.fund_id.clone(),
                    name: f.name.clone(),
                    issuer: f.issuer.clone(),
                    as_of: f.as_of,
                    source: f.origin.clone(),
                    source_detail: f.source.clone(),
                    method: f.method.as_str(),
                    proxy_of: f.proxy_of.clone(),
                    coverage: f.coverage,
                    residual: f.residual,
                    market_value: r.value,
                    linked_value,
                    look_through_usd: agg.look_through,
                    weighted_look_through_usd: agg.weighted,
                    look_through_label: if agg.links == 0 { Some("no deal links") } else { agg.label() },
                    approximate: f.approximate,
                    not_counted: f.not_counted.clone(),
                    why,
                }
            });
            if let Some(f) = &fund {
                why.extend(f.why.iter().cloned());
                funds_used.push(f.clone());
            }
            match (r.valued.why(base), &r.valued.unvalued) {
                (Some(w), _) => why.push(w),
                (None, Some(u)) => why.push(format!("Value unknown: {u}.")),
                (None, None) => {}
            }
            let price = r.valued.price.as_ref();
            let resolved_here = r.company_id.is_some() || r.fund.is_some();
            HoldingRow {
                symbol: r.holding.label().to_string(),
                isin: r.holding.isin.clone(),
                account: r.holding.account.clone(),
                name: r.holding.name.clone(),
                company_id: r.company_id.clone(),
                company_name: r
                    .company_id
                    .as_deref()
                    .map(|c| dataset.company_name(c).to_string()),
                resolved: resolved_here,
                unresolved_reason: r.unresolved_reason.clone(),
                quantity: r.holding.quantity,
                market_value: r.value,
                price: price.map(|p| p.price),
                price_currency: price.map(|p| p.currency.clone()),
                price_source: price.map(|p| p.source),
                price_date: price.and_then(|p| p.date),
                price_line: price.and_then(|p| p.line),
                price_file: price.and_then(|p| p.file.clone()),
                price_stale: price.is_some_and(|p| p.stale),
                local_value: r.valued.local_value,
                local_currency: r.valued.local_currency.clone(),
                value_basis: r.valued.basis.clone(),
                unvalued_reason: r.valued.unvalued.clone(),
                ownership_fraction: r.ownership,
                look_through_usd: agg.look_through,
                weighted_look_through_usd: agg.weighted,
                link_count: agg.links,
                deal_count: agg.deals,
                undisclosed_link_count: agg.undisclosed,
                share_count_unknown_link_count: agg.share_count_unknown,
                look_through_label: if !resolved_here {
                    Some("no deal data")
                } else if agg.links == 0 {
                    Some("no deal links")
                } else {
                    agg.label()
                },
                approximate: its.iter().any(|l| l.in_totals && l.approximate),
                counterparties: unique_in_order(
                    its.iter()
                        .filter(|l| l.in_totals)
                        .map(|l| l.counterparty_name.as_str()),
                ),
                weighted_look_through_base: in_base(agg.weighted),
                fund,
                constituents,
                why,
            }
        })
        .collect();

    let mut by_deal: Vec<DealRow> = by_deal_agg
        .iter()
        .filter_map(|(id, agg)| {
            let deal = dataset.deal(id)?;
            let its: &[&Link] = of_deal.get(id.as_str()).map_or(&[], Vec::as_slice);
            let in_totals = its.iter().any(|l| l.in_totals);
            let excluded_reason = if in_totals {
                None
            } else {
                its.first().and_then(|l| l.excluded_reason)
            };
            let parts: Vec<String> = its
                .iter()
                .map(|l| format!("{} {}", l.shown(), link_usd(l)))
                .collect();
            let shown: Vec<String> = its.iter().map(|l| l.shown()).collect();
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
                weighted_look_through_base: in_base(agg.weighted),
                holdings: unique_in_order(shown.iter().map(String::as_str)),
                link_count: agg.links,
                undisclosed_link_count: agg.undisclosed,
                share_count_unknown_link_count: agg.share_count_unknown,
                look_through_label: agg.look_through.is_none().then(|| {
                    unknown_label_with(agg.undisclosed, agg.share_count_unknown, agg.fund_figures)
                }),
                approximate: its.iter().any(|l| l.approximate),
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
            figures_as_of: dataset.view_date.unwrap_or(dataset.manifest.as_of),
        },
        settings: SettingsInfo {
            status_weights: settings
                .status_weights
                .iter()
                .map(|(s, w)| (s.to_string(), w.to_string()))
                .collect(),
            include_indirect: settings.include_indirect,
            excluded_deals: settings.excluded_deals.iter().cloned().collect(),
            base_currency: base.to_string(),
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
        funds: funds_used,
        links,
        warnings,
    })
}

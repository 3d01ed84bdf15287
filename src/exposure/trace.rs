//! The "why" behind each figure, in words and with the actual numbers, so a user can redo any
//! figure with a calculator.

use rust_decimal::Decimal;

use super::{Exclusion, Link, Position, Unknown};
use crate::dataset::{Attribution, Company, Deal, LinkKind, Party};
use crate::fmt::{grouped, plain, usd};
use crate::import::Holding;

pub(super) fn link(
    dataset: &crate::dataset::Dataset,
    holding: &Holding,
    position: &Position,
    company: Option<&Company>,
    party: &Party,
    deal: &Deal,
    link: &Link,
) -> Vec<String> {
    let mut why = Vec::new();
    let company_name = company.map(|c| c.name.as_str()).unwrap_or(&party.party);
    // Shares behind the link, as the sentences print them (a fund's to 6 places).
    let q = position
        .quantity
        .map(|q| plain(q.round_dp(6)))
        .unwrap_or_else(|| "unknown".into());
    match &position.chain {
        None => why.push(format!(
            "Holding: {} {} (line {}) is {}.",
            plain(holding.quantity),
            holding.label(),
            holding.line,
            company_name
        )),
        Some(chain) => {
            why.push(format!(
                "Holding: {} {} (line {}) is a fund holding {}.",
                plain(holding.quantity),
                holding.label(),
                holding.line,
                company_name
            ));
            why.push(chain.clone());
        }
    }
    match company.and_then(|c| c.shares_outstanding.map(|s| (c, s))) {
        Some((c, s)) => why.push(format!(
            "Ownership: {} ÷ {} shares outstanding ({}{}, as of {}) = {}.",
            q,
            grouped(s, 0),
            c.shares_basis,
            if c.shares_approximate == Some(true) { "; approximate count" } else { "" },
            c.shares_as_of.map(|d| d.to_string()).unwrap_or_else(|| "unknown date".into()),
            link.ownership_fraction.map(|f| f.to_string()).unwrap_or_else(|| "unknown".into())
        )),
        None => why.push(format!(
            "Ownership: unknown, because {company_name}'s share count is not in the dataset{}; the look-through cannot be computed.",
            company
                .filter(|c| !c.shares_basis.is_empty())
                .map(|c| format!(" ({})", c.shares_basis))
                .unwrap_or_default()
        )),
    }
    let amount = match deal.amount_usd {
        Some(a) => format!("{} ({})", usd(a), deal.amount_basis),
        None => "undisclosed".into(),
    };
    let side = match party.attributed_usd {
        Attribution::WholeDeal => "the whole deal amount".to_string(),
        Attribution::Usd(v) => format!("its stated share of {}", usd(v)),
        Attribution::Undisclosed => "undisclosed (its share of the deal is not known)".to_string(),
    };
    why.push(format!(
        "Deal {} \"{}\": amount {}; {} is {} party as {}; attributed to it: {}.",
        deal.id,
        deal.title,
        amount,
        company_name,
        if party.link == LinkKind::Direct {
            "a direct"
        } else {
            "an indirect (supplier)"
        },
        link.roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" + "),
        side
    ));
    match (
        link.look_through_usd,
        link.attributed_usd,
        company.and_then(|c| c.shares_outstanding),
    ) {
        (Some(lt), Some(a), Some(s)) => why.push(format!(
            "Look-through: {} × {} ÷ {} = {} (rounded to the cent).",
            q,
            usd(a),
            grouped(s, 0),
            usd(lt)
        )),
        _ => why.push(match link.look_through_unknown {
            Some(Unknown::ShareCountUnknown) => format!(
                "Look-through: share count unknown. The amount attributed to {company_name} is known ({}), but without its share count your fraction of it cannot be computed; counted as a link, never as $0.",
                link.attributed_usd.map(usd).unwrap_or_default()
            ),
            Some(Unknown::TooLarge) => "Look-through: too large to compute exactly; counted as a link, never as $0.".into(),
            Some(Unknown::FundFigures) => format!(
                "Look-through: fund figures unknown. The fund's snapshot does not give {company_name}'s shares behind your holding; counted as a link, never as $0."
            ),
            _ => "Look-through: undisclosed (the amount, or this company's share of it, was not disclosed); counted as a link, never as $0.".into(),
        }),
    }
    if let (Some(m), Some(mv), Some(a)) = (
        link.materiality,
        link.company_market_value_usd,
        link.attributed_usd,
    ) {
        why.push(format!(
            "Materiality: {} ÷ {company_name}'s market value {} ({} × {} shares) = {} of its market value.",
            usd(a),
            usd(mv),
            if position.via.is_some() { "the fund snapshot's price" } else { "your file's price" },
            company.and_then(|c| c.shares_outstanding).map(|s| grouped(s, 0)).unwrap_or_default(),
            crate::fmt::percent(m, 2)
        ));
    }
    let haircut = match link.haircut {
        Some(h) => format!(
            " × what-if: {} delivers {}% of its commitments",
            link.counterparty_name,
            plain(h * Decimal::ONE_HUNDRED)
        ),
        None => String::new(),
    };
    let status_line = format!(
        "Status: {} as of {}{}{haircut} → weight {}",
        deal.status,
        deal.status_as_of,
        if deal.status_detail.is_empty() {
            String::new()
        } else {
            format!(" ({})", deal.status_detail)
        },
        plain(link.weight)
    );
    match link.weighted_look_through_usd {
        Some(w) => why.push(format!(
            "{status_line}; weighted: {} × {} = {}.",
            usd(link.look_through_usd.unwrap_or(Decimal::ZERO)),
            plain(link.weight),
            usd(w)
        )),
        None => why.push(format!("{status_line}.")),
    }
    if let Some(d) = &link.dilution {
        let mut s = format!(
            "Dilution: the deal may issue {} new {} shares",
            grouped(d.new_shares, 0),
            company_name
        );
        if let (Some(before), Some(after), Some(rel)) =
            (d.ownership_before, d.ownership_after, d.relative_dilution)
        {
            s.push_str(&format!(
                "; your ownership would go from {} to {} ({} ÷ ({} + {})), a {} dilution.",
                before.round_sf(6).unwrap_or(before),
                after.round_sf(6).unwrap_or(after),
                q,
                grouped(d.shares_outstanding.unwrap_or_default(), 0),
                grouped(d.new_shares, 0),
                crate::fmt::percent(rel, 2)
            ));
        } else {
            s.push_str("; the effect on your ownership is unknown (share count unknown).");
        }
        why.push(s);
    }
    if let Some(reason) = link.excluded_reason {
        why.push(match reason {
            Exclusion::Aggregate => "Not in totals: this is an aggregate that contains other deals of the dataset; adding it would count them twice.".to_string(),
            Exclusion::Superseded => format!(
                "Not in totals: superseded by {}.",
                deal.superseded_by.as_deref().map(|id| format!("{id} ({})", dataset.deal(id).map(|d| d.title.as_str()).unwrap_or(""))).unwrap_or_else(|| "a later deal".into())
            ),
            Exclusion::Cancelled => "Not in totals: the deal was cancelled.".to_string(),
            Exclusion::ExcludedByUser => "Not in totals: excluded in your what-if settings.".to_string(),
            Exclusion::IndirectOff => "Not in totals: indirect (supplier) links are switched off in your settings.".to_string(),
            Exclusion::MonthlyFee => "Not in totals: the amount is a fee per month, not what the contract is worth in total.".to_string(),
            Exclusion::Maximum => "Not in totals: the amount is a maximum over the full term, and the buyer can cut the term short.".to_string(),
            Exclusion::Valuation => "Not in totals: the amount is a reported valuation of what changed hands (shares, not money committed).".to_string(),
        });
    }
    if let Some(parent) = &deal.part_of {
        why.push(format!("Note: part of {parent}, whose amount is not attributed to this company, so nothing is counted twice."));
    }
    why.push(format!(
        "Sources ({}): {}",
        deal.source_date,
        deal.sources.join(" ; ")
    ));
    why
}

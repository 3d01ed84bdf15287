//! The report as CSV: the holdings table, then the links table (holding × deal), each under a
//! title row, after a first row naming the report and the disclaimer.
//!
//! Numbers are plain decimals (`1234.5`, no currency sign, no grouping) so spreadsheets read them
//! as numbers; unknown figures are empty cells, never 0. Every text cell that a spreadsheet would
//! run as a formula (it begins with `=`, `+`, `-`, `@`, tab or carriage return) is prefixed with
//! `'`, the OWASP advice against CSV injection: imported names are untrusted.

use rust_decimal::Decimal;

use super::{holding_deals, Report, TITLE};
use crate::DISCLAIMER;

/// A text cell made safe for spreadsheets.
pub fn text(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

fn num(d: Option<Decimal>) -> String {
    d.map(|d| d.normalize().to_string()).unwrap_or_default()
}

pub fn render(r: &Report) -> String {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    let mut rows: Vec<Vec<String>> = vec![
        vec![
            TITLE.into(),
            text(&r.origin.name),
            r.date.to_string(),
            text(&r.origin.file),
            r.origin.sha256.clone(),
        ],
        vec![DISCLAIMER.into()],
        vec![],
        vec!["Holdings".into()],
        [
            "symbol",
            "name",
            "company",
            "quantity",
            "price",
            "price_currency",
            "price_source",
            "price_date",
            "market_value",
            "value_currency",
            "ownership_fraction",
            "look_through_usd",
            "weighted_look_through_usd",
            "deals",
            "unresolved_reason",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    ];
    for h in &r.exposure.by_holding {
        rows.push(vec![
            text(&h.symbol),
            text(h.name.as_deref().unwrap_or("")),
            text(h.company_name.as_deref().unwrap_or("")),
            num(Some(h.quantity)),
            num(h.price),
            text(h.price_currency.as_deref().unwrap_or("")),
            h.price_source
                .and_then(|s| serde_json::to_value(s).ok())
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            h.price_date.map(|d| d.to_string()).unwrap_or_default(),
            num(h.market_value),
            if h.market_value.is_some() {
                r.exposure.portfolio.currency.clone()
            } else {
                String::new()
            },
            num(h.ownership_fraction),
            num(h.look_through_usd),
            num(h.weighted_look_through_usd),
            text(&holding_deals(r, h).join(" ")),
            text(h.unresolved_reason.as_deref().unwrap_or("")),
        ]);
    }
    if !r.exposure.funds.is_empty() {
        rows.push(vec![]);
        rows.push(vec!["Funds".into()]);
        rows.push(
            [
                "symbol",
                "fund",
                "holdings_as_of",
                "source",
                "method",
                "proxy_of",
                "coverage",
                "linked_value_usd",
                "look_through_usd",
                "weighted_look_through_usd",
            ]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        );
        for f in &r.exposure.funds {
            rows.push(vec![
                text(&f.symbol),
                text(&f.name),
                f.as_of.to_string(),
                text(&f.source),
                f.method.to_string(),
                text(f.proxy_of.as_deref().unwrap_or("")),
                num(f.coverage),
                num(f.linked_value),
                num(f.look_through_usd),
                num(f.weighted_look_through_usd),
            ]);
        }
    }
    rows.push(vec![]);
    rows.push(vec!["Links".into()]);
    rows.push(
        [
            "deal_id",
            "deal",
            "counterparty",
            "symbol",
            "via_fund",
            "fund_as_of",
            "quantity",
            "company",
            "roles",
            "direction",
            "link",
            "status",
            "status_weight",
            "haircut",
            "deal_amount_usd",
            "attributed_usd",
            "ownership_fraction",
            "look_through_usd",
            "weighted_look_through_usd",
            "look_through_unknown",
            "share_count_approximate",
            "company_market_value_usd",
            "materiality",
            "in_totals",
            "excluded_reason",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect(),
    );
    for l in &r.exposure.links {
        rows.push(vec![
            text(&l.deal_id),
            text(&l.deal_title),
            text(&l.counterparty_name),
            text(&l.symbol),
            text(l.via.as_deref().unwrap_or("")),
            l.via_as_of.map(|d| d.to_string()).unwrap_or_default(),
            num(l.quantity),
            text(r.dataset.company_name(&l.company_id)),
            l.roles
                .iter()
                .map(|x| x.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            l.direction.as_str().to_string(),
            l.link.as_str().to_string(),
            l.status.as_str().to_string(),
            num(Some(l.weight)),
            num(l.haircut),
            num(l.amount_usd),
            num(l.attributed_usd),
            num(l.ownership_fraction),
            num(l.look_through_usd),
            num(l.weighted_look_through_usd),
            l.look_through_unknown
                .map(|u| u.as_str())
                .unwrap_or("")
                .to_string(),
            if l.approximate { "yes" } else { "no" }.into(),
            num(l.company_market_value_usd),
            num(l.materiality),
            if l.in_totals { "yes" } else { "no" }.into(),
            l.excluded_reason
                .map(super::exclusion_text)
                .unwrap_or("")
                .to_string(),
        ]);
    }
    for row in rows {
        // Writing to a Vec cannot fail; an empty record is written as an empty line.
        if row.is_empty() {
            let _ = w.write_record([""]);
        } else {
            let _ = w.write_record(&row);
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(text("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(text("+1"), "'+1");
        assert_eq!(text("-2+3"), "'-2+3");
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("\tx"), "'\tx");
        assert_eq!(text("\rx"), "'\rx");
        assert_eq!(text("NVIDIA"), "NVIDIA");
        assert_eq!(text(""), "");
    }
}

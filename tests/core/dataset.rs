//! The shipped dataset: it loads, it holds every fact of the source article with a source and a
//! date, and broken copies are refused with file, line and column.

use std::collections::HashSet;

use ai_exposure::dataset::{AmountBasis, Attribution, CompanyKind, LinkKind, Role, Status};
use ai_exposure::{Dataset, Error};
use rust_decimal_macros::dec;

use crate::cli::tempdir;
use crate::reference::root;

fn bundled() -> Dataset {
    Dataset::bundled().unwrap_or_else(|e| panic!("bundled dataset invalid:\n{e}"))
}

#[test]
fn bundled_dataset_is_valid_and_matches_the_files() {
    let d = bundled();
    let from_dir = Dataset::load(&root().join("data")).expect("data/ loads");
    assert_eq!(d.deals.len(), from_dir.deals.len());
    assert_eq!(d.deals.len(), 69);
    assert_eq!(d.manifest.version, "2026.12.0");
}

#[test]
fn ids_unique_and_references_resolve() {
    let d = bundled();
    let ids: HashSet<_> = d.deals.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids.len(), d.deals.len());
    let companies: HashSet<_> = d.companies.iter().map(|c| c.id.as_str()).collect();
    for p in &d.parties {
        assert!(ids.contains(p.deal_id.as_str()), "{}", p.deal_id);
        assert!(companies.contains(p.party.as_str()), "{}", p.party);
    }
    for deal in &d.deals {
        for r in [&deal.superseded_by, &deal.part_of].into_iter().flatten() {
            assert!(ids.contains(r.as_str()), "{} -> {r}", deal.id);
        }
        assert!(
            !deal.sources.is_empty() && deal.sources.iter().all(|s| s.starts_with("http")),
            "{}",
            deal.id
        );
        assert!(
            deal.source_date >= deal.announced_on
                || deal.announced_precision != ai_exposure::dataset::DatePrecision::Day,
            "{}",
            deal.id
        );
        assert!(Status::ALL.contains(&deal.status));
        assert!(
            d.parties_of_deal(&deal.id).count() > 0,
            "{} has parties",
            deal.id
        );
    }
    for s in &d.securities {
        assert!(companies.contains(s.company_id.as_str()));
    }
    // Listed companies carry a share count or an explicit unknown; never zero.
    for c in d.companies.iter().filter(|c| c.kind == CompanyKind::Listed) {
        if let Some(n) = c.shares_outstanding {
            assert!(n > dec!(0));
            assert!(
                c.shares_as_of.is_some() && !c.shares_source.is_empty(),
                "{}",
                c.id
            );
        }
    }
}

/// The facts of the source article, each checked against the reference fact sheet.
#[test]
fn every_fact_of_the_source_article_is_there() {
    let d = bundled();
    let deal = |id: &str| d.deal(id).unwrap_or_else(|| panic!("missing deal {id}"));
    fn party<'a>(
        d: &'a Dataset,
        deal_id: &'a str,
        company: &str,
    ) -> &'a ai_exposure::dataset::Party {
        d.parties_of_deal(deal_id)
            .find(|p| p.party == company)
            .unwrap_or_else(|| panic!("{company} is not a party of {deal_id}"))
    }
    let party = |deal_id: &'static str, company: &str| party(&d, deal_id, company);
    // 1. Amazon–OpenAI investment talks, rumoured >$10B, later resolved by D29a ($50B).
    let s01 = deal("S01");
    assert_eq!(s01.amount_usd, Some(dec!(10000000000)));
    assert_eq!(s01.status, Status::Superseded);
    assert_eq!(s01.superseded_by.as_deref(), Some("D29a"));
    assert!(s01.status_detail.contains("rumoured"));
    assert_eq!(deal("D29a").amount_usd, Some(dec!(50000000000)));
    // 2. $38B OpenAI–AWS cloud contract, signed 2025-11-03.
    let s02 = deal("S02");
    assert_eq!(
        (s02.amount_usd, s02.status),
        (Some(dec!(38000000000)), Status::Signed)
    );
    assert_eq!(s02.announced_on.to_string(), "2025-11-03");
    assert_eq!(
        party("S02", "amazon").attributed_usd,
        Attribution::WholeDeal
    );
    assert_eq!(party("S02", "nvidia").link, LinkKind::Indirect);
    // 3. ~$1.4T aggregate with Nvidia, AMD, Broadcom.
    let s03 = deal("S03");
    assert_eq!(
        (s03.amount_usd, s03.amount_basis),
        (Some(dec!(1400000000000)), AmountBasis::Aggregate)
    );
    for c in ["nvidia", "amd", "broadcom"] {
        assert_eq!(party("S03", c).attributed_usd, Attribution::Undisclosed);
    }
    // 4. October 2025 restructuring ended Microsoft's right of first refusal.
    let s04 = deal("S04");
    assert_eq!(s04.announced_on.to_string(), "2025-10-28");
    assert!(
        s04.notes.contains("right of first refusal"),
        "{}",
        s04.notes
    );
    // 5. Microsoft's $13B in OpenAI.
    assert_eq!(deal("S05").amount_usd, Some(dec!(13000000000)));
    assert_eq!(party("S05", "microsoft").role, Role::Investor);
    // 6. Microsoft up to $5B and Nvidia up to $10B in Anthropic.
    for (id, company, amount) in [
        ("S06a", "microsoft", dec!(5000000000)),
        ("S06b", "nvidia", dec!(10000000000)),
    ] {
        let x = deal(id);
        assert_eq!(
            (x.amount_usd, x.amount_basis, x.counterparty.as_str()),
            (Some(amount), AmountBasis::InvestmentCap, "anthropic")
        );
        assert_eq!(party(id, company).role, Role::Investor);
    }
    // 7. Amazon's $8B in Anthropic.
    let s07 = deal("S07");
    assert_eq!(
        (s07.amount_usd, s07.counterparty.as_str()),
        (Some(dec!(8000000000)), "anthropic")
    );
    // 8. $6.6B secondary sale at a $500B valuation.
    let s08 = deal("S08");
    assert_eq!(
        (s08.amount_usd, s08.amount_basis),
        (Some(dec!(6600000000)), AmountBasis::SecondarySale)
    );
    assert!(format!("{} {}", s08.amount_note, s08.notes).contains("$500B"));
    // 9. AWS Inferentia (announced 2018) and Trainium.
    let inf = d
        .chips
        .iter()
        .find(|c| c.name.starts_with("Inferentia"))
        .expect("Inferentia");
    assert_eq!(inf.announced_on.format("%Y").to_string(), "2018");
    assert!(d.chips.iter().any(|c| c.name.starts_with("Trainium")));
    // AMD warrant: up to 160,000,000 shares.
    assert_eq!(party("D11", "amd").new_shares_issued, Some(dec!(160000000)));
    // Undisclosed stays undisclosed.
    for id in ["D11", "D12", "D15", "D20", "D25", "D31a"] {
        assert_eq!(deal(id).amount_usd, None, "{id}");
    }
    // Share counts from the reference.
    let shares = |id: &str| d.company(id).and_then(|c| c.shares_outstanding);
    assert_eq!(shares("microsoft"), Some(dec!(7432377655)));
    assert_eq!(shares("amazon"), Some(dec!(10690216011)));
    // Nvidia's Q2 FY2027 10-Q cover (2026-08-21), rounded to 0.1 billion as Nvidia states it.
    assert_eq!(shares("nvidia"), Some(dec!(24100000000)));
    // Oracle's Q2 FY2026 10-Q cover (share-counts.md): the $300B D13 now has a look-through.
    assert_eq!(shares("oracle"), Some(dec!(2873130000)));
    assert_eq!(
        d.company("amd").and_then(|c| c.shares_approximate),
        Some(true)
    );
}

/// Copies data/ to a temp dir with one file edited, and returns the load error's lines.
fn broken(file: &str, edit: impl Fn(String) -> String) -> Vec<String> {
    let dir = tempdir();
    crate::reference::copy_data(&dir);
    let text = std::fs::read_to_string(dir.join(file)).expect("read");
    std::fs::write(dir.join(file), edit(text)).expect("write");
    match Dataset::load(&dir) {
        Err(Error::Dataset { problems }) => problems.iter().map(ToString::to_string).collect(),
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("broken dataset accepted"),
    }
}

#[test]
fn broken_datasets_are_refused_precisely() {
    let p = broken("deals.csv", |t| t.replacen("S02,", "S01,", 1));
    assert!(
        p.iter().any(|m| m
            .starts_with("deals.csv:3:1: column 'id': \"S01\" is a duplicate (first on line 2)")),
        "{p:?}"
    );

    let p = broken("deals.csv", |t| t.replacen(",signed,", ",signedd,", 1));
    assert!(
        p.iter()
            .any(|m| m
                .starts_with("deals.csv:3:7: column 'status': \"signedd\" is not a known status")),
        "{p:?}"
    );

    let p = broken("deal_parties.csv", |t| {
        t.replacen("S02,amazon,", "S02,amazonn,", 1)
    });
    assert!(
        p.iter()
            .any(|m| m.contains("column 'party': \"amazonn\" is not a company id")),
        "{p:?}"
    );

    let p = broken("deals.csv", |t| t.replacen(",D29a,,", ",D99,,", 1));
    assert!(
        p.iter()
            .any(|m| m.contains("column 'superseded_by': \"D99\" is not another deal id")),
        "{p:?}"
    );

    let p = broken("deals.csv", |t| {
        t.replacen(",2025-11-03,", ",2025-13-03,", 1)
    });
    assert!(
        p.iter()
            .any(|m| m
                .starts_with("deals.csv:3:5: column 'announced_on': \"2025-13-03\" is not a date")),
        "{p:?}"
    );

    let p = broken("securities.csv", |t| {
        t.replacen("US5949181045", "US5949181046", 1)
    });
    assert!(p.iter().any(|m| m.contains("wrong check digit")), "{p:?}");

    let p = broken("companies.csv", |t| t.replacen(",7432377655,", ",0,", 1));
    assert!(
        p.iter()
            .any(|m| m.contains("must be positive or 'unknown' (never 0)")),
        "{p:?}"
    );

    let p = broken("deals.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        lines[2] = "S02,only,three".into();
        lines.join("\n")
    });
    assert!(
        p.iter()
            .any(|m| m.starts_with("deals.csv:3: has 3 cells, the header has 20")),
        "{p:?}"
    );

    let p = broken("dataset.json", |t| {
        t.replacen("\"version\"", "\"versio\"", 1)
    });
    assert!(p[0].starts_with("dataset.json:"), "{p:?}");

    let p = broken("deals.csv", |t| t.replacen("id,title", "ident,title", 1));
    assert_eq!(
        p,
        ["deals.csv:1:1: column 'ident': expected column 'id' here"]
    );
}

/// The 2026 update: every row of the reference (D33-D61 and the 17 status changes), each deal's
/// history as dated, sourced events, and a share count (or the reason for none) for every
/// listed company.
#[test]
fn the_2026_update_is_complete_and_every_event_is_dated_and_sourced() {
    let d = bundled();
    let mut new_ids: Vec<String> = (33..=61).map(|n| format!("D{n}")).collect();
    for (whole, halves) in [("D47", ["D47a", "D47b"]), ("D50", ["D50a", "D50b"])] {
        new_ids.retain(|id| id != whole);
        new_ids.extend(halves.iter().map(|h| h.to_string()));
    }
    assert_eq!(new_ids.len(), 31);
    for id in &new_ids {
        assert!(d.deal(id).is_some(), "{id} missing");
    }
    // Status changes of existing rows are dated events after the first.
    for (id, day) in [
        ("S04", "2026-04-27"),
        ("D29a", "2026-03-31"),
        ("D29b", "2026-03-31"),
        ("D30", "2025-10-16"),
        ("S03", "2026-02-20"),
    ] {
        assert!(
            d.events_of_deal(id)
                .skip(1)
                .any(|e| e.on.to_string() == day),
            "{id} has no event on {day}"
        );
    }
    for deal in &d.deals {
        let events: Vec<_> = d.events_of_deal(&deal.id).collect();
        assert!(!events.is_empty(), "{}", deal.id);
        assert_eq!(events[0].on, deal.announced_on, "{}", deal.id);
        for pair in events.windows(2) {
            assert!(pair[0].on <= pair[1].on, "{} out of order", deal.id);
        }
        for e in &events {
            assert!(
                !e.sources.is_empty() && e.source_date >= e.on,
                "{} {}",
                deal.id,
                e.seq
            );
        }
        let last = events.last().expect("last");
        assert_eq!(
            (last.status, last.amount_usd),
            (deal.status, deal.amount_usd),
            "{}",
            deal.id
        );
    }
    let newest = d.events.iter().map(|e| e.on).max().expect("events");
    assert_eq!(d.manifest.as_of, newest);
    assert_eq!(newest.to_string(), "2026-06-22");
    // Double counting: the round that contains D29a/b is an aggregate; monthly fees and the
    // cancellable maximum have their own basis.
    assert_eq!(
        d.deal("D46").map(|x| x.amount_basis),
        Some(AmountBasis::Aggregate)
    );
    assert_eq!(
        d.deal("D53").map(|x| x.amount_basis),
        Some(AmountBasis::MonthlyFee)
    );
    assert_eq!(
        d.deal("D59").map(|x| x.amount_basis),
        Some(AmountBasis::MonthlyFee)
    );
    assert_eq!(
        d.deal("D61").map(|x| x.amount_basis),
        Some(AmountBasis::Maximum)
    );
    // The capacity chain D47b → D52 → D58 is counted once, in D52: Alphabet and Broadcom have
    // no amount attributed in D47b and D58.
    for deal in ["D47b", "D58"] {
        for company in ["alphabet", "broadcom"] {
            if let Some(p) = d.parties_of_deal(deal).find(|p| p.party == company) {
                assert_eq!(
                    p.attributed_usd,
                    Attribution::Undisclosed,
                    "{deal} {company}"
                );
            }
        }
    }
    // Every listed party: a count with basis, date and source, or the stated reason for none.
    let parties: HashSet<&str> = d.parties.iter().map(|p| p.party.as_str()).collect();
    for c in d.companies.iter().filter(|c| c.kind == CompanyKind::Listed) {
        assert!(
            parties.contains(c.id.as_str()) || c.id == "tsmc",
            "{} unused",
            c.id
        );
        assert!(!c.shares_basis.is_empty(), "{} has no basis", c.id);
        match c.shares_outstanding {
            Some(_) => assert!(
                c.shares_as_of.is_some()
                    && !c.shares_source.is_empty()
                    && c.shares_approximate.is_some(),
                "{}",
                c.id
            ),
            None => assert!(
                c.shares_basis.starts_with("no count found"),
                "{}: {}",
                c.id,
                c.shares_basis
            ),
        }
    }
    let unknown: Vec<&str> = d
        .companies
        .iter()
        .filter(|c| c.kind == CompanyKind::Listed && c.shares_outstanding.is_none())
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(unknown, ["cerebras", "apollo"]);
}

#[test]
fn broken_histories_are_refused_precisely() {
    // An event dated before the one it follows (D13's events are in date order).
    let p = broken("deal_events.csv", |t| {
        t.replacen("D13,2,2025-09-10,", "D13,2,2025-07-01,", 1)
    });
    assert!(
        p.iter()
            .any(|m| m.contains("is before the previous event of D13")),
        "{p:?}"
    );
    // A source dated before the event it reports.
    let p = broken("deal_events.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("D61,1,"))
            .expect("D61");
        let cut = lines[i].rfind(',').expect("comma");
        lines[i] = format!("{},2026-01-01", &lines[i][..cut]);
        lines.join("\n")
    });
    assert!(
        p.iter()
            .any(|m| m.contains("column 'source_date': 2026-01-01 is before the event")),
        "{p:?}"
    );
    // A history that ends in another state than the deal's row.
    let p = broken("deals.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("D61,"))
            .expect("D61");
        lines[i] = lines[i].replacen(",signed,", ",completed,", 1);
        lines.join("\n")
    });
    assert!(
        p.iter()
            .any(|m| m.contains("the last event of D61 leaves it at (signed,")),
        "{p:?}"
    );
    // The manifest's as_of must be the newest event.
    let p = broken("dataset.json", |t| {
        t.replacen("2026-06-22", "2026-07-31", 1)
    });
    assert!(
        p.iter()
            .any(|m| m.contains("the newest event in deal_events.csv is of 2026-06-22")),
        "{p:?}"
    );
    // A listed company with no count and no reason.
    let p = broken("companies.csv", |t| {
        let mut lines: Vec<String> = t.lines().map(str::to_string).collect();
        let i = lines
            .iter()
            .position(|l| l.starts_with("apollo,"))
            .expect("apollo");
        lines[i] = "apollo,Apollo Global Management,listed,unknown,,,,,".into();
        lines.join("\n")
    });
    assert!(
        p.iter()
            .any(|m| m.contains("an unknown share count needs the reason")),
        "{p:?}"
    );
    // A deal with no history at all.
    let p = broken("deal_events.csv", |t| {
        t.lines()
            .filter(|l| !l.starts_with("D61,"))
            .collect::<Vec<_>>()
            .join("\n")
    });
    assert!(
        p.iter()
            .any(|m| m.contains("deal D61 has no events in deal_events.csv")),
        "{p:?}"
    );
}

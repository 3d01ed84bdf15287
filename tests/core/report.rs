//! Reports (`ai-exposure report`): each format rendered for the sample portfolio and a broker
//! fixture, its content checked against figures worked out from the input files and `data/`;
//! the PDF read back with poppler's `pdftotext`/`pdfinfo`/`pdffonts`, page by page.

use std::path::{Path, PathBuf};
use std::process::Command;

use rust_decimal::Decimal;
use sha2::{Digest, Sha256};

use crate::cli::run;
use crate::reference::{dec, expected_links, positions, records, root};

const SAMPLE: &str = "data/samples/sample_portfolio.csv";
const DISCLAIMER_START: &str = "Not financial advice.";

struct Tmp(PathBuf);
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
fn tmp(tag: &str) -> Tmp {
    let dir = std::env::temp_dir().join(format!(
        "ai-exposure-report-{tag}-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    Tmp(dir)
}

fn report(input: &str, out: &Path, extra: &[&str]) {
    let out_s = out.to_str().expect("utf-8 path");
    let mut args = vec!["report", input, "--out", out_s];
    args.extend_from_slice(extra);
    // A4 unless the test says otherwise: the default follows the locale of whoever runs it.
    if !extra.contains(&"--paper") {
        args.extend_from_slice(&["--paper", "a4"]);
    }
    let o = run(&args);
    assert!(
        o.status.success(),
        "report {input} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn tool(name: &str, args: &[&str]) -> String {
    let o = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} (poppler-utils) is needed for the PDF tests: {e}"));
    assert!(
        o.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).expect("utf-8")
}

fn pages(pdf: &Path) -> usize {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("page count")
}

fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    tool(
        "pdftotext",
        &["-f", &p, "-l", &p, "-layout", pdf.to_str().unwrap(), "-"],
    )
}

/// The page's text in content-stream order: a table cell's wrapped lines come out together.
fn raw_text(pdf: &Path) -> String {
    tool("pdftotext", &["-raw", pdf.to_str().unwrap(), "-"])
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect()
}

fn usd(d: Decimal) -> String {
    ai_exposure::fmt::usd(d)
}

fn sha256(path: &Path) -> String {
    let bytes = std::fs::read(path).expect("read");
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Look-through per symbol and in total, from the links worked out from `data/` (in totals only).
fn expected(input: &Path) -> (Vec<(String, Decimal)>, Decimal) {
    let links = expected_links(&positions(input));
    let mut per: Vec<(String, Decimal)> = Vec::new();
    let mut total = Decimal::ZERO;
    for l in links.iter().filter(|l| l.in_totals) {
        if let Some(v) = l.look_through {
            total += v;
            // A fund's links add up in the fund's row.
            let holding = l.via.clone().unwrap_or_else(|| l.symbol.clone());
            match per.iter_mut().find(|(s, _)| *s == holding) {
                Some((_, t)) => *t += v,
                None => per.push((holding, v)),
            }
        }
    }
    (per, total)
}

/// The deals linked to the sample's holdings, with their sources and source dates.
fn sample_deal_sources() -> Vec<(String, String, Vec<String>)> {
    let linked: Vec<String> = expected_links(&positions(&root().join(SAMPLE)))
        .into_iter()
        .map(|l| l.deal_id)
        .collect();
    records("deals.csv")
        .into_iter()
        .filter(|d| linked.contains(&d["id"]))
        .map(|d| {
            let urls = d["sources"]
                .split([';', ' ', '|'])
                .filter(|u| u.starts_with("http"))
                .map(str::to_string)
                .collect();
            (d["id"].clone(), d["source_date"].clone(), urls)
        })
        .collect()
}

#[test]
fn sample_pdf_has_the_figures_the_disclaimer_and_page_numbers_on_every_page_and_the_sources() {
    let t = tmp("pdf");
    let pdf = t.0.join("sample.pdf");
    report(SAMPLE, &pdf, &[]);
    let n = pages(&pdf);
    assert!(
        n >= 4,
        "cover, summary, tables, methodology and sources: {n} pages"
    );
    let mut all = String::new();
    for i in 1..=n {
        let text = page_text(&pdf, i);
        assert!(
            text.contains(DISCLAIMER_START),
            "page {i} has no disclaimer:\n{text}"
        );
        assert!(
            text.contains(&format!("Page {i} of {n}")),
            "page {i} has no page number:\n{text}"
        );
        all.push_str(&text);
        all.push('\n');
    }
    let cover = page_text(&pdf, 1);
    assert!(cover.contains("sample_portfolio.csv"), "{cover}");
    assert!(
        cover.contains(&sha256(&root().join(SAMPLE))),
        "SHA-256 on the cover:\n{cover}"
    );
    assert!(cover.contains("What-if settings in force"));
    assert!(
        cover.contains("announced 75%"),
        "default weights on the cover:\n{cover}"
    );
    let manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("data/dataset.json")).expect("dataset.json"),
    )
    .expect("json");
    assert!(cover.contains(&format!(
        "version {}, as of {}",
        manifest["version"].as_str().unwrap(),
        manifest["as_of"].as_str().unwrap()
    )));

    // 120×485.50 + 200×229.11 + 350×177.82 + 80×214.24 + 60×386.08 + 50×206.70 + 150×70.12
    // + 40×334.16 = 240,842.40; the five deal-linked holdings (MSFT AMZN NVDA AMD AVGO)
    // 206,623.00, plus VTI's part in linked companies (from data/funds).
    assert!(all.contains("$240,842.40"));
    let (direct, via) = crate::reference::linked_value(&positions(&root().join(SAMPLE)));
    assert_eq!(direct, dec("206623.00"));
    assert!(all.contains(&usd(direct + via)), "{}", usd(direct + via));
    let share = ((direct + via) / dec("240842.40") * dec("100")).round_dp(1);
    assert!(all.contains(&format!("{share}%")), "{share}%");
    let (per, total) = expected(&root().join(SAMPLE));
    assert!(
        all.contains(&usd(total)),
        "total look-through {}",
        usd(total)
    );
    for (symbol, v) in &per {
        assert!(all.contains(&usd(*v)), "{symbol} look-through {}", usd(*v));
    }
    let flat = squash(&all);
    for (id, date, urls) in sample_deal_sources() {
        assert!(
            flat.contains(&squash(&format!("(sources as of {date})"))),
            "{id} date"
        );
        for u in urls {
            assert!(flat.contains(&squash(&u)), "{id} source {u}");
        }
    }
    // Excluded from totals, and why.
    assert!(all.contains("aggregate of other deals"));
    assert!(all.contains("superseded"));

    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in rows {
        // name type encoding emb sub uni object ID: every font embedded.
        let cols: Vec<&str> = row.split_whitespace().collect();
        assert!(cols.len() >= 7, "{row}");
        assert_eq!(cols[cols.len() - 5], "yes", "font not embedded: {row}");
    }
}

/// The CLI's `report` with the locale variables set to `lang` only.
fn report_in_locale(out: &Path, lang: &str, extra: &[&str]) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ai-exposure"));
    cmd.args(["report", SAMPLE, "--out", out.to_str().expect("utf-8 path")])
        .args(extra)
        .env_remove("LC_ALL")
        .env_remove("LC_PAPER")
        .env("LANG", lang);
    let o = cmd.output().expect("run ai-exposure");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

#[test]
fn paper_sizes_are_a4_and_us_letter() {
    let t = tmp("paper");
    let size = |p: &Path| {
        tool("pdfinfo", &[p.to_str().unwrap()])
            .lines()
            .find(|l| l.starts_with("Page size:"))
            .map(str::to_string)
            .unwrap()
    };
    const A4: &str = "595.28 x 841.89";
    const LETTER: &str = "612 x 792";
    // Given, whatever the locale; else the locale's usual paper.
    for (name, lang, extra, expected) in [
        ("a4.pdf", "en_US.UTF-8", &["--paper", "a4"][..], A4),
        (
            "letter.pdf",
            "de_DE.UTF-8",
            &["--paper", "letter"][..],
            LETTER,
        ),
        ("us.pdf", "en_US.UTF-8", &[][..], LETTER),
        ("de.pdf", "de_DE.UTF-8", &[][..], A4),
        ("c.pdf", "C.UTF-8", &[][..], A4),
    ] {
        let pdf = t.0.join(name);
        report_in_locale(&pdf, lang, extra);
        assert!(size(&pdf).contains(expected), "{name}: {}", size(&pdf));
    }
}

#[test]
fn html_is_self_contained_and_has_the_figures_and_every_source() {
    let t = tmp("html");
    let html_path = t.0.join("sample.html");
    report(SAMPLE, &html_path, &[]);
    let html = std::fs::read_to_string(&html_path).expect("html");
    assert!(html.starts_with("<!doctype html>"));
    assert!(!html.to_lowercase().contains("<script"), "no script");
    assert!(!html.contains(" src="), "no external resource");
    assert!(!html.contains("<link"), "no stylesheet link");
    assert!(!html.contains("@import"));
    assert!(
        html.contains("<style>") && html.contains("<svg"),
        "inline CSS and SVG"
    );
    assert!(html.contains("@media print") && html.contains("size: a4"));
    assert!(html.contains(DISCLAIMER_START));
    assert!(html.contains("$240,842.40"));
    let (per, total) = expected(&root().join(SAMPLE));
    assert!(html.contains(&usd(total)));
    for (_, v) in per {
        assert!(html.contains(&usd(v)));
    }
    for (id, date, urls) in sample_deal_sources() {
        assert!(html.contains(&format!("(sources as of {date})")), "{id}");
        for u in urls {
            let escaped = u.replace('&', "&amp;");
            assert!(
                html.contains(&format!("<a href=\"{escaped}\">")),
                "{id}: {u}"
            );
        }
    }
}

/// Rows of one titled section of the report CSV (after its header row).
fn section(rows: &[Vec<String>], title: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let start = rows
        .iter()
        .position(|r| r.len() == 1 && r[0] == title)
        .unwrap_or_else(|| panic!("no {title} section"));
    let header = rows[start + 1].clone();
    let body = rows[start + 2..]
        .iter()
        .take_while(|r| !(r.len() == 1 && r[0].is_empty()))
        .cloned()
        .collect();
    (header, body)
}

fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_path(path)
        .expect("csv");
    r.records()
        .map(|rec| rec.expect("record").iter().map(str::to_string).collect())
        .collect()
}

#[test]
fn csv_has_holdings_and_links_with_numbers_as_numbers() {
    let t = tmp("csv");
    let path = t.0.join("sample.csv");
    report(SAMPLE, &path, &[]);
    let rows = csv_rows(&path);
    assert!(rows[1][0].starts_with(DISCLAIMER_START));
    let (header, holdings) = section(&rows, "Holdings");
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(holdings.len(), 8);
    let msft = holdings.iter().find(|r| r[0] == "MSFT").expect("MSFT");
    assert_eq!(
        dec(&msft[col("market_value")]),
        dec("58260"),
        "120 × 485.50"
    );
    // The price and where it comes from: the sample's own MSFT row.
    assert_eq!(dec(&msft[col("price")]), dec("485.50"));
    assert_eq!(
        (
            msft[col("price_source")].as_str(),
            msft[col("value_currency")].as_str()
        ),
        ("file", "USD")
    );
    let (per, _) = expected(&root().join(SAMPLE));
    let msft_lt = per.iter().find(|(s, _)| s == "MSFT").unwrap().1;
    let got = dec(&msft[col("look_through_usd")]);
    assert!((got - msft_lt).abs() < dec("0.01"), "{got} vs {msft_lt}");
    let jnj = holdings.iter().find(|r| r[0] == "JNJ").expect("JNJ");
    assert_eq!(
        jnj[col("look_through_usd")],
        "",
        "not linked: empty, never 0"
    );

    let (lheader, links) = section(&rows, "Links");
    let expected_links = expected_links(&positions(&root().join(SAMPLE)));
    assert_eq!(links.len(), expected_links.len());
    let lcol = |name: &str| lheader.iter().position(|h| h == name).unwrap();
    for l in &expected_links {
        let row = links
            .iter()
            .find(|r| {
                r[lcol("deal_id")] == l.deal_id
                    && r[lcol("symbol")] == l.symbol
                    && r[lcol("via_fund")] == l.via.clone().unwrap_or_default()
            })
            .unwrap_or_else(|| panic!("{} {}", l.symbol, l.deal_id));
        // The direction follows the company's role in data/deal_parties.csv: a supplier's
        // money comes in, an investor's and a customer's goes out.
        let want = match l.role.as_str() {
            "cloud_provider" | "chip_supplier" | "system_supplier" | "data_center_developer" => {
                Some("revenue")
            }
            "investor" | "equity_funder" | "acquirer" => Some("investment"),
            "customer" | "buyer" | "lessee" => Some("purchase"),
            _ => None,
        };
        if let Some(want) = want {
            assert_eq!(row[lcol("direction")], want, "{} {}", l.symbol, l.deal_id);
        }
        assert_eq!(
            row[lcol("in_totals")],
            if l.in_totals { "yes" } else { "no" }
        );
        match l.look_through {
            Some(v) => {
                let got = dec(&row[lcol("look_through_usd")]);
                assert!(
                    (got - v).abs() < dec("0.01"),
                    "{} {}: {got} vs {v}",
                    l.symbol,
                    l.deal_id
                );
            }
            None => assert_eq!(row[lcol("look_through_usd")], ""),
        }
    }
}

#[test]
fn a_broker_fixture_reports_in_every_format() {
    let t = tmp("broker");
    let input = "tests/fixtures/brokers/fidelity/positions_2025.csv";
    let holdings = run(&["holdings", input, "--json"]);
    assert!(holdings.status.success());
    let h: serde_json::Value = serde_json::from_slice(&holdings.stdout).unwrap();
    let symbols: Vec<String> = h["holdings"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|x| x["symbol"].as_str().map(str::to_string))
        .collect();
    assert!(symbols.len() >= 5, "{symbols:?}");
    let pdf = t.0.join("fidelity.pdf");
    let html = t.0.join("fidelity.html");
    let csv = t.0.join("fidelity.csv");
    for out in [&pdf, &html, &csv] {
        report(input, out, &["--name", "Fidelity IRA"]);
    }
    let cover = page_text(&pdf, 1);
    assert!(cover.contains("Fidelity IRA"));
    assert!(cover.contains("fidelity-positions (positions)"), "{cover}");
    assert!(cover.contains(&sha256(&root().join(input))));
    let text = squash(&raw_text(&pdf));
    let page = std::fs::read_to_string(&html).unwrap();
    let rows = csv_rows(&csv);
    let (_, holdings) = section(&rows, "Holdings");
    for s in &symbols {
        assert!(text.contains(s.as_str()), "PDF lists {s}");
        assert!(page.contains(&format!("<td>{s}</td>")), "HTML lists {s}");
        assert!(holdings.iter().any(|r| &r[0] == s), "CSV lists {s}");
    }
}

#[test]
fn hostile_names_are_plain_text_in_html_and_pdf_and_neutralised_in_csv() {
    let t = tmp("hostile");
    let input = t.0.join("hostile.csv");
    std::fs::write(
        &input,
        "Symbol,Name,Shares,Price,Currency,Account\n\
         MSFT,<img src=x onerror=alert(1)>,10,400,USD,Brokerage\n\
         ZZZZ,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",5,10,USD,Brokerage\n\
         YYYY,@SUM(1+1),1,1,USD,Brokerage\n",
    )
    .unwrap();
    let input = input.to_str().unwrap();
    let html = t.0.join("h.html");
    let pdf = t.0.join("h.pdf");
    let csv = t.0.join("h.csv");
    for out in [&html, &pdf, &csv] {
        report(input, out, &[]);
    }
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!page.contains("<img"), "no img element");
    assert!(
        !page.contains("http://evil.example\">"),
        "no link made from a name"
    );
    let text = raw_text(&pdf);
    assert!(
        squash(&text).contains("<imgsrc=xonerror=alert(1)>"),
        "PDF shows the name as written (wrapped in its column)"
    );
    let rows = csv_rows(&csv);
    let (header, holdings) = section(&rows, "Holdings");
    let name = header.iter().position(|h| h == "name").unwrap();
    let by = |s: &str| holdings.iter().find(|r| r[0] == s).unwrap()[name].clone();
    assert_eq!(by("ZZZZ"), "'=HYPERLINK(\"http://evil.example\",\"x\")");
    assert_eq!(by("YYYY"), "'@SUM(1+1)");
    assert_eq!(by("MSFT"), "<img src=x onerror=alert(1)>");
}

#[test]
fn bad_output_arguments_are_refused_before_anything_is_written() {
    let t = tmp("bad");
    let out = t.0.join("report.docx");
    let o = run(&["report", SAMPLE, "--out", out.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(".pdf, .html or .csv"), "{err}");
    assert!(!out.exists());

    let pdf = t.0.join("r.pdf");
    let o = run(&[
        "report",
        SAMPLE,
        "--out",
        pdf.to_str().unwrap(),
        "--paper",
        "a5",
    ]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("expected a4 or letter"));
    assert!(!pdf.exists());

    let missing = t.0.join("no-such-dir").join("r.pdf");
    let o = run(&["report", SAMPLE, "--out", missing.to_str().unwrap()]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("no-such-dir"), "names the path: {err}");
    assert_eq!(
        std::fs::read_dir(&t.0).unwrap().count(),
        0,
        "no partial file left"
    );
}

#[test]
fn a_portfolio_of_index_funds_reports_each_fund_with_its_snapshot_day() {
    let t = tmp("index-funds");
    let input = "tests/fixtures/funds/engine/index_funds.csv";
    let pdf = t.0.join("funds.pdf");
    report(input, &pdf, &[]);
    let text = raw_text(&pdf);
    let layout = tool("pdftotext", &["-layout", pdf.to_str().unwrap(), "-"]);
    assert!(
        text.contains("Funds seen through their holdings"),
        "no funds section"
    );
    let funds = records("funds/funds.csv");
    for fund in ["FXAIX", "VOO", "VTI", "QQQ"] {
        let as_of = funds
            .iter()
            .find(|f| f["tickers"].split(';').any(|t| t == fund))
            .map(|f| f["as_of"].clone())
            .expect("fund");
        // The fund's row of the funds table: its symbol, then the day, on the row's first line.
        assert!(
            layout
                .lines()
                .any(|l| l.trim_start().starts_with(fund) && l.contains(&as_of)),
            "{fund} with {as_of}"
        );
    }
    // Each fund's companies are listed under it, "NVDA via VOO".
    assert!(squash(&text).contains("NVDAviaVOO"), "constituent rows");
    // The split in the summary.
    assert!(text.contains("Direct / through funds"));
    // And in the CSV, the links say through which fund, with the snapshot's day.
    let csv_path = t.0.join("funds.csv");
    report(input, &csv_path, &[]);
    let csv_text = std::fs::read_to_string(&csv_path).expect("csv");
    assert!(
        csv_text.contains("via_fund") && csv_text.contains(",VOO,"),
        "links via"
    );
}

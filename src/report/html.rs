//! The report as one self-contained HTML file: inline CSS and SVG, no script, no remote
//! resource, so it opens offline in any browser and prints well (print CSS: page size, repeated
//! table headers, the disclaimer at the foot of every printed page, page numbers where the
//! browser supports page margin boxes).
//!
//! Every piece of text goes through [`esc`]: names come from imported files and are untrusted.

use std::fmt::Write;

use super::{
    bars, changes_tables, counterparty_table, cover_lines, deals_table, fraction, holdings_table,
    methodology, settings_lines, sources, summary_lines, timeline_chart, Paper, Report, Table,
    LAYER_COLORS, TITLE,
};
use crate::DISCLAIMER;

/// Escapes text for HTML element content and quoted attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const CSS: &str = r#"
:root { --ink: #111827; --muted: #4b5563; --line: #d1d5db; --accent: #1d4ed8; --accent-2: #93c5fd; --bg: #ffffff; }
* { box-sizing: border-box; }
body { margin: 0; font: 10.5pt/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); background: var(--bg); }
main { max-width: 190mm; margin: 0 auto; padding: 12mm 10mm 24mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; }
h2 { font-size: 14pt; margin: 9mm 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid var(--ink); break-after: avoid; }
h3 { font-size: 11pt; margin: 5mm 0 1.5mm; break-after: avoid; }
p { margin: 0 0 2mm; }
.muted { color: var(--muted); }
.facts { border-collapse: collapse; width: 100%; margin: 3mm 0; }
.facts th { text-align: left; font-weight: 600; width: 30%; padding: 1.2mm 3mm 1.2mm 0; vertical-align: top; color: var(--muted); }
.facts td { padding: 1.2mm 0; vertical-align: top; overflow-wrap: anywhere; }
.cards { display: grid; grid-template-columns: repeat(2, 1fr); gap: 3mm; margin: 3mm 0 4mm; }
.card { border: 1pt solid var(--line); border-radius: 2mm; padding: 3mm 4mm; }
.card .label { color: var(--muted); font-size: 9pt; }
.card .value { font-size: 14pt; font-weight: 700; font-variant-numeric: tabular-nums; }
table.data { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 2mm 0 4mm; }
table.data th { text-align: left; border-bottom: 1pt solid var(--ink); padding: 1.2mm 1.5mm; vertical-align: bottom; }
table.data td { border-bottom: 0.5pt solid var(--line); padding: 1.2mm 1.5mm; vertical-align: top; overflow-wrap: anywhere; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data tr.out td { color: var(--muted); }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.chart { margin: 2mm 0 3mm; }
.chart text { font: 8pt "DejaVu Sans", Helvetica, Arial, sans-serif; fill: var(--ink); }
.legend { font-size: 8.5pt; color: var(--muted); }
.legend .sw { display: inline-block; width: 3mm; height: 3mm; margin: 0 1mm 0 3mm; vertical-align: -0.3mm; }
.sw.raw { background: var(--accent-2); } .sw.weighted { background: var(--accent); }
.sources li { margin-bottom: 1.5mm; overflow-wrap: anywhere; }
.disclaimer { border: 1pt solid #b45309; background: #fffbeb; padding: 2.5mm 4mm; font-size: 9pt; margin: 4mm 0; }
.page-foot { display: none; }
@media print {
  @page { size: PAPER; margin: 14mm 12mm 22mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #4b5563; } }
  main { max-width: none; padding: 0; }
  .page-foot { display: block; position: fixed; bottom: -16mm; left: 0; right: 0; font-size: 7.5pt; color: #4b5563; border-top: 0.5pt solid #d1d5db; padding-top: 1.5mm; }
  .cover { break-after: page; }
  h2 { break-before: auto; }
  a { color: inherit; text-decoration: none; }
}
"#;

fn facts(out: &mut String, rows: &[(String, String)], class: &str) {
    let _ = write!(out, "<table class=\"facts {class}\"><tbody>");
    for (k, v) in rows {
        let _ = write!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            esc(k),
            esc(v)
        );
    }
    out.push_str("</tbody></table>\n");
}

fn table(out: &mut String, id: &str, table: &Table) {
    let (head, rows) = (table.columns, &table.rows);
    let _ = write!(out, "<table class=\"data\" id=\"{id}\"><thead><tr>");
    for c in head {
        let (h, num) = (c.title, c.num);
        let class = if num { " class=\"num\"" } else { "" };
        let _ = write!(out, "<th scope=\"col\"{class}>{}</th>", esc(h));
    }
    out.push_str("</tr></thead><tbody>\n");
    for (in_totals, cells) in rows {
        out.push_str(if *in_totals {
            "<tr>"
        } else {
            "<tr class=\"out\">"
        });
        for (i, c) in cells.iter().enumerate() {
            let class = if head.get(i).is_some_and(|c| c.num) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(out, "<td{class}>{}</td>", esc(c));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

/// The counterparty chart as inline SVG: one pair of bars (raw, weighted) per counterparty.
fn chart(out: &mut String, r: &Report) {
    let (bars, max) = bars(r);
    if bars.is_empty() {
        out.push_str("<p class=\"muted\">None of the holdings is linked to a deal.</p>\n");
        return;
    }
    let (label_w, bar_w, value_w, row_h) = (120.0f32, 330.0f32, 120.0f32, 30.0f32);
    let width = label_w + bar_w + value_w;
    let height = row_h * bars.len() as f32 + 4.0;
    let _ = write!(
        out,
        "<div class=\"chart\"><p class=\"legend\"><span class=\"sw raw\"></span>Look-through<span class=\"sw weighted\"></span>Status-weighted</p>\
         <svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Look-through by counterparty\" viewBox=\"0 0 {width} {height}\" width=\"100%\">"
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i as f32 * row_h + 2.0;
        let raw = fraction(b.raw, max) * bar_w;
        let weighted = fraction(b.weighted, max) * bar_w;
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\">{}</text>\
             <rect x=\"{label_w}\" y=\"{:.1}\" width=\"{raw:.1}\" height=\"11\" fill=\"#93c5fd\"/>\
             <rect x=\"{label_w}\" y=\"{:.1}\" width=\"{weighted:.1}\" height=\"11\" fill=\"#1d4ed8\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\">{}</text><text x=\"{:.1}\" y=\"{:.1}\">{}</text>",
            y + 15.0,
            esc(&b.label),
            y + 2.0,
            y + 14.0,
            label_w + bar_w + 6.0,
            y + 11.0,
            esc(&b.text(b.raw)),
            label_w + bar_w + 6.0,
            y + 23.0,
            esc(&b.text(b.weighted)),
        );
    }
    out.push_str("</svg></div>\n");
}

/// The over-time chart as inline SVG: one stacked column per month.
fn timeline_svg(out: &mut String, r: &Report) {
    let Some(t) = timeline_chart(r) else {
        return;
    };
    let (w, h, left, bottom) = (560.0f32, 170.0f32, 4.0f32, 18.0f32);
    let n = t.dates.len().max(1) as f32;
    let step = (w - left) / n;
    let _ = write!(
        out,
        "<h3>Status-weighted look-through over time</h3>\n<p class=\"muted\">At the end of each month, with the deals known by then and your holdings of today; {} at the last point.</p>\n<p class=\"legend\">",
        esc(&t.last_total)
    );
    for (i, (name, _)) in t.layers.iter().enumerate() {
        let _ = write!(
            out,
            "<span class=\"sw\" style=\"background:{}\"></span>{}",
            LAYER_COLORS[i % LAYER_COLORS.len()],
            esc(name)
        );
    }
    let _ = write!(
        out,
        "</p><svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-label=\"Status-weighted look-through over time\" viewBox=\"0 0 {w} {}\" width=\"100%\" id=\"timeline-chart\">",
        h + bottom
    );
    for i in 0..t.dates.len() {
        let mut y = h;
        for (k, (_, values)) in t.layers.iter().enumerate() {
            let bar = fraction(Some(values[i]), t.max) * (h - 6.0);
            if bar > 0.0 {
                y -= bar;
                let _ = write!(
                    out,
                    "<rect x=\"{:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{bar:.1}\" fill=\"{}\"/>",
                    left + i as f32 * step,
                    (step - 1.0).max(0.5),
                    LAYER_COLORS[k % LAYER_COLORS.len()]
                );
            }
        }
    }
    if let (Some(first), Some(last)) = (t.dates.first(), t.dates.last()) {
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"{:.1}\">{first}</text><text x=\"{w}\" y=\"{:.1}\" text-anchor=\"end\">{last}</text>",
            h + 13.0,
            h + 13.0
        );
    }
    out.push_str("</svg>\n");
}

pub fn render(r: &Report, paper: Paper) -> String {
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{TITLE}: {}", r.origin.name);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        esc(&title),
        CSS.replace("PAPER", paper.name())
    );
    let _ = write!(
        out,
        "<div class=\"page-foot\" role=\"note\">{}</div>\n<main>\n",
        esc(DISCLAIMER)
    );

    // Cover.
    out.push_str("<section class=\"cover\">\n");
    let _ = writeln!(out, "<h1>{}</h1>", esc(TITLE));
    let _ = writeln!(
        out,
        "<p class=\"muted\">{} · {}</p>",
        esc(&r.origin.name),
        r.date
    );
    let _ = writeln!(
        out,
        "<p class=\"disclaimer\" role=\"note\"><strong>Not financial advice.</strong> {}</p>",
        esc(DISCLAIMER
            .strip_prefix("Not financial advice. ")
            .unwrap_or(DISCLAIMER))
    );
    facts(&mut out, &cover_lines(r), "cover-facts");
    out.push_str("<h3>What-if settings in force</h3>\n");
    facts(&mut out, &settings_lines(r), "settings");
    out.push_str("</section>\n");

    // Summary.
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n<div class=\"cards\">");
    for (k, v) in summary_lines(r) {
        let _ = write!(
            out,
            "<div class=\"card\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div>",
            esc(&k),
            esc(&v)
        );
    }
    out.push_str("</div>\n<h3>Look-through by counterparty</h3>\n");
    chart(&mut out, r);
    table(&mut out, "by-counterparty", &counterparty_table(r));
    timeline_svg(&mut out, r);
    out.push_str("</section>\n");

    // What changed.
    if let Some((intro, events, figures)) = changes_tables(r) {
        out.push_str("<section id=\"changes\">\n<h2>What changed in the deals</h2>\n");
        let _ = writeln!(out, "<p>{}</p>", esc(&intro));
        table(&mut out, "changes-figures", &figures);
        table(&mut out, "changes-events", &events);
        out.push_str("</section>\n");
    }

    // Holdings.
    out.push_str("<section id=\"holdings\">\n<h2>Holdings</h2>\n");
    table(&mut out, "holdings-table", &holdings_table(r));
    if let Some(funds) = super::funds_table(r) {
        out.push_str("<h3>Funds seen through their holdings</h3>\n");
        table(&mut out, "funds-table", &funds);
    }
    out.push_str("</section>\n");

    // Deals.
    out.push_str("<section id=\"deals\">\n<h2>Deals linked to your holdings</h2>\n<p class=\"muted\">Grey rows are shown but not added into the totals; the last column says why.</p>\n");
    table(&mut out, "deals-table", &deals_table(r));
    out.push_str("</section>\n");

    // Methodology.
    out.push_str("<section id=\"methodology\">\n<h2>Methodology</h2>\n");
    for (h, p) in methodology(r) {
        let _ = write!(out, "<h3>{}</h3>\n<p>{}</p>\n", esc(&h), esc(&p));
    }
    out.push_str("</section>\n");

    // Sources.
    out.push_str("<section id=\"sources\">\n<h2>Sources</h2>\n<ul class=\"sources\">\n");
    for (id, title, date, urls) in sources(r) {
        let _ = write!(
            out,
            "<li><strong>{}</strong> {} <span class=\"muted\">(sources as of {date})</span><br>",
            esc(&id),
            esc(&title)
        );
        let links: Vec<String> = urls
            .iter()
            .map(|u| {
                // Only web addresses become links (a loaded dataset could hold anything).
                if u.starts_with("https://") || u.starts_with("http://") {
                    format!("<a href=\"{0}\">{0}</a>", esc(u))
                } else {
                    esc(u)
                }
            })
            .collect();
        out.push_str(&links.join("<br>"));
        out.push_str("</li>\n");
    }
    out.push_str("</ul>\n</section>\n");
    let _ = write!(
        out,
        "<p class=\"disclaimer\" role=\"note\">{}</p>\n</main>\n</body>\n</html>\n",
        esc(DISCLAIMER)
    );
    out
}

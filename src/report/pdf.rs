//! The report as PDF, generated in-process: a small layout pass (paragraphs, fact lists,
//! tables with repeated headers, the bar chart) measured with the embedded font's advance
//! widths, then krilla writes the pages with the fonts subset and embedded.
//!
//! Layout runs first into a list of pages of drawing operations, so that every page's footer
//! can carry "Page N of M" and the disclaimer.

use std::collections::HashMap;

use chrono::Datelike;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::{DateTime, Metadata};
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule};
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use super::{
    bars, changes_tables, counterparty_table, cover_lines, deals_table, fraction, holdings_table,
    methodology, settings_lines, sources, summary_lines, timeline_chart, Column, Paper, Report,
    Table, LAYER_COLORS, TITLE,
};
use crate::error::{Error, Result};
use crate::DISCLAIMER;

/// DejaVu Sans (free licence, assets/fonts/LICENSE-DejaVu.txt): wide coverage of Latin, Greek
/// and Cyrillic, so imported names print as written.
static REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

type Color = (u8, u8, u8);
const INK: Color = (17, 24, 39);
const MUTED: Color = (75, 85, 99);
const LINE: Color = (209, 213, 219);
const ACCENT: Color = (29, 78, 216);
const ACCENT_2: Color = (147, 197, 253);
const WARN_BG: Color = (255, 251, 235);
const WARN_LINE: Color = (180, 83, 9);

/// Advance widths of one font, in em.
struct Metrics {
    ascii: [f32; 128],
    other: HashMap<char, f32>,
    missing: f32,
}

impl Metrics {
    fn new(data: &[u8]) -> Result<Metrics> {
        let font = FontRef::new(data)
            .map_err(|e| Error::Internal(format!("the report font cannot be read: {e}")))?;
        let upem = f32::from(font.head().map(|h| h.units_per_em()).unwrap_or(2048));
        let glyphs = font.glyph_metrics(Size::unscaled(), LocationRef::default());
        let width = |gid| glyphs.advance_width(gid).unwrap_or(0.0) / upem;
        let missing = width(skrifa::GlyphId::NOTDEF);
        let mut ascii = [missing; 128];
        let mut other = HashMap::new();
        for (cp, gid) in font.charmap().mappings() {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if (c as usize) < 128 {
                ascii[c as usize] = width(gid);
            } else {
                other.insert(c, width(gid));
            }
        }
        Ok(Metrics {
            ascii,
            other,
            missing,
        })
    }

    fn width(&self, text: &str, size: f32) -> f32 {
        let em: f32 = text
            .chars()
            .map(|c| {
                if (c as usize) < 128 {
                    self.ascii[c as usize]
                } else {
                    self.other.get(&c).copied().unwrap_or(self.missing)
                }
            })
            .sum();
        em * size
    }
}

use skrifa::raw::TableProvider;

enum Op {
    Text {
        x: f32,
        y: f32,
        size: f32,
        bold: bool,
        color: Color,
        text: String,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        color: Color,
    },
}

struct Layout {
    regular: Metrics,
    bold: Metrics,
    width: f32,
    height: f32,
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    y: f32,
    pages: Vec<Vec<Op>>,
}

const BODY: f32 = 9.5;
const SMALL: f32 = 7.8;
const TABLE_SIZE: f32 = 7.6;
const TABLE_LEAD: f32 = TABLE_SIZE * 1.35;
const CELL_PAD: f32 = 3.0;

impl Layout {
    fn new(paper: Paper) -> Result<Layout> {
        let (width, height) = paper.size_pt();
        let mut l = Layout {
            regular: Metrics::new(REGULAR)?,
            bold: Metrics::new(BOLD)?,
            width,
            height,
            left: 50.0,
            right: width - 50.0,
            top: 58.0,
            bottom: height - 72.0,
            y: 0.0,
            pages: Vec::new(),
        };
        l.new_page();
        Ok(l)
    }

    fn content_width(&self) -> f32 {
        self.right - self.left
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.top;
    }

    fn ensure(&mut self, h: f32) {
        if self.y + h > self.bottom {
            self.new_page();
        }
    }

    fn op(&mut self, op: Op) {
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    fn metrics(&self, bold: bool) -> &Metrics {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Breaks `text` into lines no wider than `width`; words longer than a line (URLs, hashes)
    /// are cut between characters.
    fn wrap(&self, text: &str, size: f32, bold: bool, width: f32) -> Vec<String> {
        let m = self.metrics(bold);
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            for word in para.split_whitespace() {
                let candidate = if line.is_empty() {
                    word.to_string()
                } else {
                    format!("{line} {word}")
                };
                if m.width(&candidate, size) <= width {
                    line = candidate;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if m.width(word, size) <= width {
                    line = word.to_string();
                } else {
                    for c in word.chars() {
                        let mut next = line.clone();
                        next.push(c);
                        if m.width(&next, size) > width && !line.is_empty() {
                            lines.push(std::mem::take(&mut line));
                            line.push(c);
                        } else {
                            line = next;
                        }
                    }
                }
            }
            lines.push(line);
        }
        lines
    }

    fn text(&mut self, x: f32, y: f32, size: f32, bold: bool, color: Color, text: &str) {
        if !text.is_empty() {
            self.op(Op::Text {
                x,
                y,
                size,
                bold,
                color,
                text: text.to_string(),
            });
        }
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, color: Color) {
        self.op(Op::Rect { x, y, w, h, color });
    }

    fn paragraph(&mut self, text: &str, size: f32, bold: bool, color: Color) {
        let lead = size * 1.4;
        for line in self.wrap(text, size, bold, self.content_width()) {
            self.ensure(lead);
            self.y += lead;
            let y = self.y - lead * 0.3;
            self.text(self.left, y, size, bold, color, &line);
        }
        self.y += size * 0.5;
    }

    /// A paragraph never split across pages (a URL stays whole).
    fn kept(&mut self, text: &str, size: f32, color: Color) {
        let n = self.wrap(text, size, false, self.content_width()).len();
        self.ensure(n as f32 * size * 1.4 + size);
        self.paragraph(text, size, false, color);
    }

    fn heading(&mut self, text: &str) {
        self.ensure(60.0);
        self.y += 14.0;
        self.y += 16.0;
        self.text(self.left, self.y, 14.0, true, INK, text);
        self.y += 5.0;
        let w = self.content_width();
        self.rect(self.left, self.y, w, 1.2, INK);
        self.y += 10.0;
    }

    fn subheading(&mut self, text: &str) {
        self.ensure(40.0);
        self.y += 6.0 + 11.0;
        self.text(self.left, self.y, 11.0, true, INK, text);
        self.y += 6.0;
    }

    /// Label: value lines, the value wrapped in the right column.
    fn facts(&mut self, rows: &[(String, String)]) {
        let label_w = self.content_width() * 0.26;
        let value_w = self.content_width() - label_w - 8.0;
        let lead = BODY * 1.4;
        for (k, v) in rows {
            let labels = self.wrap(k, BODY, true, label_w);
            // One long word (a SHA-256) is set smaller to stay on one line, copyable whole.
            let wide = self.regular.width(v, BODY);
            let size = if !v.contains(' ') && wide > value_w {
                (BODY * value_w / wide).max(6.0)
            } else {
                BODY
            };
            let values = self.wrap(v, size, false, value_w);
            let n = labels.len().max(values.len()).max(1);
            self.ensure(n as f32 * lead + 4.0);
            for (i, line) in labels.iter().enumerate() {
                let y = self.y + (i as f32 + 1.0) * lead - lead * 0.3;
                self.text(self.left, y, BODY, true, MUTED, line);
            }
            for (i, line) in values.iter().enumerate() {
                let y = self.y + (i as f32 + 1.0) * lead - lead * 0.3;
                self.text(self.left + label_w + 8.0, y, size, false, INK, line);
            }
            self.y += n as f32 * lead + 4.0;
        }
        self.y += 4.0;
    }

    /// A boxed note (the disclaimer on the cover).
    fn note(&mut self, text: &str) {
        let pad = 8.0;
        let lead = BODY * 1.4;
        let lines = self.wrap(text, BODY, false, self.content_width() - 2.0 * pad);
        let h = lines.len() as f32 * lead + 2.0 * pad;
        self.ensure(h + 8.0);
        let (x, w) = (self.left, self.content_width());
        self.rect(x, self.y, w, h, WARN_LINE);
        self.rect(x + 1.0, self.y + 1.0, w - 2.0, h - 2.0, WARN_BG);
        for (i, line) in lines.iter().enumerate() {
            let y = self.y + pad + (i as f32 + 1.0) * lead - lead * 0.3;
            let bold = i == 0 && line.starts_with("Not financial advice.");
            if bold {
                let head = "Not financial advice.";
                self.text(x + pad, y, BODY, true, INK, head);
                let rest = line[head.len()..].to_string();
                let dx = self.bold.width(head, BODY);
                self.text(x + pad + dx, y, BODY, false, INK, &rest);
            } else {
                self.text(x + pad, y, BODY, false, INK, line);
            }
        }
        self.y += h + 10.0;
    }

    /// A table row's cells wrapped in their columns, and the row's height.
    fn cells(&self, widths: &[f32], cells: &[&str], bold: bool) -> (Vec<Vec<String>>, f32) {
        let lines: Vec<Vec<String>> = cells
            .iter()
            .zip(widths)
            .map(|(c, w)| self.wrap(c, TABLE_SIZE, bold, w - 2.0 * CELL_PAD))
            .collect();
        let n = lines.iter().map(Vec::len).max().unwrap_or(1);
        (lines, n as f32 * TABLE_LEAD + 2.0 * CELL_PAD)
    }

    /// Draws a row at the cursor, numbers right-aligned, and moves below it.
    fn draw_row(
        &mut self,
        cols: &[Column],
        widths: &[f32],
        row: (Vec<Vec<String>>, f32),
        bold: bool,
        color: Color,
    ) {
        let (lines, h) = row;
        let mut x = self.left;
        for ((c, w), ls) in cols.iter().zip(widths).zip(&lines) {
            for (i, line) in ls.iter().enumerate() {
                let y = self.y + CELL_PAD + (i as f32 + 0.75) * TABLE_LEAD;
                let tx = if c.num {
                    x + w - CELL_PAD - self.metrics(bold).width(line, TABLE_SIZE)
                } else {
                    x + CELL_PAD
                };
                self.text(tx, y, TABLE_SIZE, bold, color, line);
            }
            x += w;
        }
        self.y += h;
    }

    /// A table; the header is repeated on every page it spans. Rows flagged `false` are greyed
    /// (shown, not in totals).
    fn table(&mut self, table: &Table) {
        let cols = table.columns;
        let total: f32 = cols.iter().map(|c| c.share).sum();
        let widths: Vec<f32> = cols
            .iter()
            .map(|c| c.share / total * self.content_width())
            .collect();
        let titles: Vec<&str> = cols.iter().map(|c| c.title).collect();
        let header = |l: &mut Layout| {
            let row = l.cells(&widths, &titles, true);
            l.draw_row(cols, &widths, row, true, INK);
            let cw = l.content_width();
            l.rect(l.left, l.y - 0.8, cw, 0.8, INK);
        };
        self.ensure(60.0);
        header(self);
        for (in_totals, cells) in &table.rows {
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            let row = self.cells(&widths, &cells, false);
            if self.y + row.1 > self.bottom {
                self.new_page();
                header(self);
            }
            let color = if *in_totals { INK } else { MUTED };
            self.draw_row(cols, &widths, row, false, color);
            let cw = self.content_width();
            self.rect(self.left, self.y - 0.4, cw, 0.4, LINE);
        }
        self.y += 8.0;
    }

    /// The over-time chart: one stacked column per month, a legend, the first and last day.
    fn timeline(&mut self, r: &Report) {
        let Some(t) = timeline_chart(r) else {
            return;
        };
        let height = 120.0;
        self.ensure(height + 70.0);
        self.subheading("Status-weighted look-through over time");
        self.paragraph(
            &format!(
                "At the end of each month, with the deals known by then and your holdings of today; {} at the last point.",
                t.last_total
            ),
            SMALL,
            false,
            MUTED,
        );
        let mut x = self.left;
        let y = self.y + 8.0;
        for (i, (name, _)) in t.layers.iter().enumerate() {
            let c = hex(LAYER_COLORS[i % LAYER_COLORS.len()]);
            self.rect(x, y - 7.0, 8.0, 8.0, c);
            self.text(x + 11.0, y, SMALL, false, MUTED, name);
            x += 16.0 + self.metrics(false).width(name, SMALL);
        }
        self.y += 16.0;
        let width = self.content_width();
        let step = width / t.dates.len().max(1) as f32;
        let base = self.y + height;
        for i in 0..t.dates.len() {
            let mut top = base;
            for (k, (_, values)) in t.layers.iter().enumerate() {
                let bar = fraction(Some(values[i]), t.max) * (height - 4.0);
                if bar > 0.0 {
                    top -= bar;
                    let c = hex(LAYER_COLORS[k % LAYER_COLORS.len()]);
                    self.rect(
                        self.left + i as f32 * step,
                        top,
                        (step - 0.8).max(0.4),
                        bar,
                        c,
                    );
                }
            }
        }
        self.rect(self.left, base, width, 0.6, LINE);
        if let (Some(first), Some(last)) = (t.dates.first(), t.dates.last()) {
            self.text(
                self.left,
                base + 10.0,
                SMALL,
                false,
                MUTED,
                &first.to_string(),
            );
            let last = last.to_string();
            let lw = self.metrics(false).width(&last, SMALL);
            self.text(
                self.left + width - lw,
                base + 10.0,
                SMALL,
                false,
                MUTED,
                &last,
            );
        }
        self.y = base + 18.0;
    }

    fn chart(&mut self, r: &Report) {
        let (bars, max) = bars(r);
        if bars.is_empty() {
            self.paragraph(
                "None of the holdings is linked to a deal.",
                BODY,
                false,
                MUTED,
            );
            return;
        }
        let label_w = 110.0;
        let value_w = 95.0;
        let bar_w = self.content_width() - label_w - value_w;
        let row_h = 26.0;
        // Legend.
        self.ensure(row_h * 2.0);
        let y = self.y + 10.0;
        self.rect(self.left, y - 7.0, 8.0, 8.0, ACCENT_2);
        self.text(self.left + 12.0, y, SMALL, false, MUTED, "Look-through");
        self.rect(self.left + 80.0, y - 7.0, 8.0, 8.0, ACCENT);
        self.text(self.left + 92.0, y, SMALL, false, MUTED, "Status-weighted");
        self.y += 18.0;
        for b in &bars {
            self.ensure(row_h);
            let y = self.y;
            let label = self
                .wrap(&b.label, SMALL, false, label_w - 6.0)
                .into_iter()
                .next()
                .unwrap_or_default();
            self.text(self.left, y + 14.0, SMALL, false, INK, &label);
            let x = self.left + label_w;
            let raw = fraction(b.raw, max) * bar_w;
            let weighted = fraction(b.weighted, max) * bar_w;
            if raw > 0.0 {
                self.rect(x, y + 2.0, raw, 9.0, ACCENT_2);
            }
            if weighted > 0.0 {
                self.rect(x, y + 12.0, weighted, 9.0, ACCENT);
            }
            let vx = x + bar_w + 6.0;
            self.text(vx, y + 10.0, SMALL, false, MUTED, &b.text(b.raw));
            self.text(vx, y + 20.0, SMALL, true, INK, &b.text(b.weighted));
            self.y += row_h;
        }
        self.y += 6.0;
    }
}

/// Lays out the whole report.
fn layout(r: &Report, paper: Paper) -> Result<Layout> {
    let mut l = Layout::new(paper)?;

    // Cover.
    l.y += 40.0;
    l.text(l.left, l.y, 22.0, true, INK, TITLE);
    l.y += 26.0;
    let sub = format!("{} · {}", r.origin.name, r.date);
    l.paragraph(&sub, 12.0, false, MUTED);
    l.y += 10.0;
    l.note(DISCLAIMER);
    l.facts(&cover_lines(r));
    l.subheading("What-if settings in force");
    l.facts(&settings_lines(r));

    // Summary.
    l.new_page();
    l.heading("Summary");
    l.facts(&summary_lines(r));
    l.subheading("Look-through by counterparty");
    l.chart(r);
    l.table(&counterparty_table(r));
    l.timeline(r);

    // What changed.
    if let Some((intro, events, figures)) = changes_tables(r) {
        l.heading("What changed in the deals");
        l.paragraph(&intro, BODY, false, INK);
        l.table(&figures);
        l.table(&events);
    }

    // Holdings.
    l.heading("Holdings");
    l.table(&holdings_table(r));
    if let Some(funds) = super::funds_table(r) {
        l.subheading("Funds seen through their holdings");
        l.table(&funds);
    }

    // Deals.
    l.heading("Deals linked to your holdings");
    l.paragraph(
        "Grey rows are shown but not added into the totals; the last column says why.",
        SMALL,
        false,
        MUTED,
    );
    l.table(&deals_table(r));

    // Methodology.
    l.heading("Methodology");
    for (h, p) in methodology(r) {
        l.subheading(&h);
        l.paragraph(&p, BODY, false, INK);
    }

    // Sources.
    l.heading("Sources");
    for (id, title, date, urls) in sources(r) {
        // The deal's line stays on the page of its first source.
        l.ensure(40.0);
        l.paragraph(
            &format!("{id} {title} (sources as of {date})"),
            8.5,
            true,
            INK,
        );
        for u in urls {
            l.kept(&u, SMALL, ACCENT);
        }
    }
    Ok(l)
}

/// "#1d4ed8" as a colour (the shared chart palette is written as hex for HTML).
fn hex(s: &str) -> Color {
    let byte = |i: usize| {
        s.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0)
    };
    (byte(1), byte(3), byte(5))
}

fn fill(color: Color) -> Fill {
    Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }
}

pub fn render(r: &Report, paper: Paper) -> Result<Vec<u8>> {
    let mut l = layout(r, paper)?;
    // Footer and running header, now that the page count is known.
    let count = l.pages.len();
    let foot = l.wrap(DISCLAIMER, 6.8, false, l.content_width() - 80.0);
    let running = format!("{TITLE} · {} · {}", r.origin.name, r.date);
    let running = l
        .wrap(&running, 7.0, false, l.content_width())
        .into_iter()
        .next()
        .unwrap_or_default();
    for i in 0..count {
        let top = l.bottom + 18.0;
        let mut ops = vec![Op::Rect {
            x: l.left,
            y: top,
            w: l.content_width(),
            h: 0.5,
            color: LINE,
        }];
        for (j, line) in foot.iter().enumerate() {
            ops.push(Op::Text {
                x: l.left,
                y: top + 10.0 + j as f32 * 8.6,
                size: 6.8,
                bold: false,
                color: MUTED,
                text: line.clone(),
            });
        }
        let page = format!("Page {} of {count}", i + 1);
        ops.push(Op::Text {
            x: l.right - l.regular.width(&page, 7.5),
            y: top + 10.0,
            size: 7.5,
            bold: false,
            color: MUTED,
            text: page,
        });
        if i > 0 {
            ops.push(Op::Text {
                x: l.left,
                y: 34.0,
                size: 7.0,
                bold: false,
                color: MUTED,
                text: running.clone(),
            });
        }
        l.pages[i].extend(ops);
    }

    let regular = Font::new(REGULAR.into(), 0)
        .ok_or_else(|| Error::Internal("the report font cannot be loaded".into()))?;
    let bold = Font::new(BOLD.into(), 0)
        .ok_or_else(|| Error::Internal("the report font cannot be loaded".into()))?;
    let mut doc = Document::new();
    let date = DateTime::new(u16::try_from(r.date.year()).unwrap_or(2026))
        .month(r.date.month() as u8)
        .day(r.date.day() as u8);
    doc.set_metadata(
        Metadata::new()
            .title(format!("{TITLE}: {}", r.origin.name))
            .creator("AI Exposure".into())
            .language("en".into())
            .creation_date(date),
    );
    for ops in &l.pages {
        let settings = PageSettings::from_wh(l.width, l.height)
            .ok_or_else(|| Error::Internal("invalid page size".into()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            match op {
                Op::Rect { x, y, w, h, color } => {
                    let Some(rect) = Rect::from_xywh(*x, *y, w.max(0.01), h.max(0.01)) else {
                        continue;
                    };
                    let mut pb = PathBuilder::new();
                    pb.push_rect(rect);
                    if let Some(path) = pb.finish() {
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_path(&path);
                    }
                }
                Op::Text {
                    x,
                    y,
                    size,
                    bold: b,
                    color,
                    text,
                } => {
                    surface.set_fill(Some(fill(*color)));
                    surface.draw_text(
                        Point::from_xy(*x, *y),
                        if *b { bold.clone() } else { regular.clone() },
                        *size,
                        text,
                        false,
                        TextDirection::Auto,
                    );
                }
            }
        }
        surface.finish();
        page.finish();
    }
    doc.finish()
        .map_err(|e| Error::Internal(format!("the PDF could not be written: {e:?}")))
}

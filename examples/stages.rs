//! Times the stages of an import (used to find where a large file spends its time).
//!     cargo run --release --example stages -- FILE
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("FILE");
    let t = Instant::now();
    let bytes = std::fs::read(&path).expect("read");
    eprintln!("read      {:>7.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let text = String::from_utf8(bytes).expect("utf8");
    eprintln!("utf8      {:>7.3} s", t.elapsed().as_secs_f64());
    let t = Instant::now();
    let records = ai_exposure::table::Records::parse("f", &text).expect("records");
    eprintln!(
        "records   {:>7.3} s ({} rows)",
        t.elapsed().as_secs_f64(),
        records.len()
    );
    drop(records);
    let broker = std::env::args().nth(2);
    if broker.as_deref() == Some("--detect") {
        return detect_costs(text);
    }
    if let Some(name) = broker.as_deref() {
        // The stages of one format's import, timed separately.
        let t = Instant::now();
        let source = ai_exposure::import::Source::new("f", text.clone());
        let format = ai_exposure::import::formats()
            .iter()
            .find(|f| f.name() == name)
            .expect("format");
        let _ = source.records();
        eprintln!("  source+records {:>7.3} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let parsed = format.parse(&source).expect("parse");
        eprintln!("  parse          {:>7.3} s", t.elapsed().as_secs_f64());
        let t = Instant::now();
        let (h, _) = ai_exposure::import::net::positions(parsed.transactions).expect("net");
        eprintln!(
            "  net            {:>7.3} s ({} holdings)",
            t.elapsed().as_secs_f64(),
            h.len()
        );
        let t = Instant::now();
        drop(source);
        eprintln!("  drop           {:>7.3} s", t.elapsed().as_secs_f64());
    }
    let t = Instant::now();
    let p = ai_exposure::import_bytes("f", text.as_bytes(), broker.as_deref()).expect("import");
    eprintln!(
        "import    {:>7.3} s ({} holdings, {} tx)",
        t.elapsed().as_secs_f64(),
        p.holdings.len(),
        p.transaction_count
    );
}

/// Detection cost of each registered format on the file (`--detect`).
#[allow(dead_code)]
fn detect_costs(text: String) {
    let source = ai_exposure::import::Source::new("f", text);
    let _ = source.records();
    for f in ai_exposure::import::formats() {
        let t = Instant::now();
        let hit = f.detect(&source);
        eprintln!(
            "detect {:<32} {:>7.3} s {}",
            f.name(),
            t.elapsed().as_secs_f64(),
            if hit { "<- detected" } else { "" }
        );
    }
}

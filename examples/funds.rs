//! Times fund look-through in the process, as the desktop app runs it:
//!     cargo run --release --example funds -- PORTFOLIO [SYMBOL=HOLDINGS_FILE]
//! Prints: the holdings file read and applied, `exposure::compute` with funds and without
//! (`--no-funds` baseline, same run), and a what-if change in the app (`app::analyse_saved`
//! with a new scenario: the exposure, its timeline and what's new), each the median of 11 runs.
use std::time::Instant;

use ai_exposure::exposure::Scenario;
use ai_exposure::{app, storage::Store, Dataset};

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(f());
                t.elapsed().as_secs_f64()
            })
            .collect(),
    )
}

fn main() {
    let mut args = std::env::args().skip(1);
    let portfolio_path = args.next().expect("PORTFOLIO");
    let fund_arg = args.next();
    let mut dataset = Dataset::bundled().expect("dataset");
    if let Some(arg) = &fund_arg {
        let (symbol, path) = arg.split_once('=').expect("SYMBOL=FILE");
        let bytes = std::fs::read(path).expect("holdings file");
        let parse = time(11, || {
            ai_exposure::funds::files::read(path, &bytes).expect("read")
        });
        let apply = time(11, || {
            ai_exposure::funds::import_file(&dataset, path, &bytes, Some(symbol)).expect("import")
        });
        let file = ai_exposure::funds::files::read(path, &bytes).expect("read");
        eprintln!(
            "holdings file: {} lines, {} bytes: read {:.4} s, read + matched to the dataset {:.4} s",
            file.holdings.len(),
            bytes.len(),
            parse,
            apply
        );
        let fund =
            ai_exposure::funds::import_file(&dataset, path, &bytes, Some(symbol)).expect("import");
        eprintln!("{}", dataset.funds.apply(fund).message);
    }
    let bytes = std::fs::read(&portfolio_path).expect("portfolio");
    let portfolio = ai_exposure::import_bytes(&portfolio_path, &bytes, None).expect("import");
    let settings = ai_exposure::Settings::default();
    let plain = dataset.clone().without_funds();
    let no_funds = time(11, || {
        ai_exposure::compute(&plain, &portfolio, &settings).expect("compute")
    });
    let with_funds = time(11, || {
        ai_exposure::compute(&dataset, &portfolio, &settings).expect("compute")
    });
    let r = ai_exposure::compute(&dataset, &portfolio, &settings).expect("compute");
    eprintln!(
        "{} holdings, {} funds looked through, {} links ({} without funds): compute {:.4} s with funds, {:.4} s without",
        portfolio.holdings.len(),
        r.funds.len(),
        r.links.len(),
        ai_exposure::compute(&plain, &portfolio, &settings).expect("compute").links.len(),
        with_funds,
        no_funds
    );
    let dir = std::env::temp_dir().join(format!("ai-exposure-funds-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let mut store = Store::open(&dir.join("p.sqlite")).expect("store");
    let id = store
        .save(
            "bench",
            &portfolio_path,
            &ai_exposure::storage::sha256_hex(&bytes),
            &portfolio,
        )
        .expect("save");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).expect("day");
    let defaults = Scenario::default();
    let mut n = 0u32;
    let what_if = time(11, || {
        n += 1;
        let mut s = Scenario::default();
        // A different haircut each run, as a user dragging the what-if slider.
        s.haircuts
            .insert("openai".into(), format!("0.{}", 10 + n % 80));
        app::analyse_saved(&mut store, &dataset, id, Some(s), &defaults, None, today)
            .expect("analyse")
    });
    let what_if_plain = time(11, || {
        n += 1;
        let mut s = Scenario::default();
        s.haircuts
            .insert("openai".into(), format!("0.{}", 10 + n % 80));
        app::analyse_saved(&mut store, &plain, id, Some(s), &defaults, None, today)
            .expect("analyse")
    });
    eprintln!(
        "what-if change (analyse_saved: exposure + timeline + what's new): {what_if:.4} s with funds, {what_if_plain:.4} s without"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

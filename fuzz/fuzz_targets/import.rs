//! Detection + parsing of every format, then the exposure engine on whatever imported:
//! any bytes must give Ok or a located error, never a panic.
#![no_main]

use std::sync::OnceLock;

use ai_exposure::{Dataset, Settings};
use libfuzzer_sys::fuzz_target;

fn dataset() -> &'static Dataset {
    static D: OnceLock<Dataset> = OnceLock::new();
    D.get_or_init(|| Dataset::bundled().expect("the bundled dataset is valid"))
}

fuzz_target!(|data: &[u8]| {
    if let Ok(portfolio) = ai_exposure::import_bytes("fuzz.csv", data, None) {
        assert!(!portfolio.holdings.is_empty());
        let _ = ai_exposure::compute(dataset(), &portfolio, &Settings::default());
    }
});

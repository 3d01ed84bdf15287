//! Issuer holdings files (iShares, Vanguard, Invesco, SPDR .xlsx, Schwab, ARK, N-PORT XML):
//! any bytes must give holdings or a located error, never a panic and never an empty success.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    match ai_exposure::funds::files::read("fuzz", data) {
        Ok(file) => assert!(!file.holdings.is_empty()),
        Err(ai_exposure::Error::Import { problems }) => assert!(!problems.is_empty()),
        Err(other) => panic!("not an import error: {other}"),
    }
});

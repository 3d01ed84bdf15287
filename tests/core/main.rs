//! The core's integration tests, one binary (ripgrep's layout): `cargo test --test core`.

mod broker_eu;
mod broker_fidelity;
mod broker_ibkr;
mod broker_migrate;
mod broker_schwab;
mod broker_us;
mod broker_vanguard_etrade;
mod cli;
mod dataset;
mod engine;
mod fund_files;
mod funds;
mod history;
mod import;
mod reference;
mod report;
mod storage;
mod traded;

//! The core's integration tests, one binary (ripgrep's layout): `cargo test --test core`.

mod broker_fidelity;
mod broker_eu;
mod broker_vanguard_etrade;
mod broker_schwab;
mod cli;
mod dataset;
mod engine;
mod import;
mod reference;

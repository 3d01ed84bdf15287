//! The core's integration tests, one binary (ripgrep's layout): `cargo test --test core`.

mod broker_us;
mod cli;
mod dataset;
mod engine;
mod import;
mod reference;

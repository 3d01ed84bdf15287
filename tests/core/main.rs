//! The core's integration tests, one binary (ripgrep's layout): `cargo test --test core`.

mod broker_migrate;
mod cli;
mod dataset;
mod engine;
mod import;
mod reference;

//! Funds seen through their holdings: bundled snapshots (`data/funds/`), issuer files the user
//! imports, and the look-through of a fund holding into the companies it holds.

pub mod files;

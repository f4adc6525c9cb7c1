//! Integration tests of the mock endpoint over real HTTP on loopback: the error envelope,
//! every sign-in flow, session rules at their exact boundaries, TOTP rules, concurrency.

// A test crate: a failed expectation must stop the test (clippy's test allowances only cover
// `#[test]` functions, not the shared helpers).
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod battery;
mod common;
mod concurrency;
mod connections;
mod devices;
mod envelope;
mod flows;
mod helpers;
mod load;
mod sessions;
mod signing_keys;
mod totp_rules;

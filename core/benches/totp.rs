//! Benchmarks of the TOTP engine: code generation and verification with Cognito's window of ±1.
//!
//! Run with `cargo bench -p cognito-mfa --bench totp`. Target: `verify` with window 1 at or
//! under 400 ns (three HMAC-SHA-1 computations from a pre-keyed state).

// Set-up failures abort the benchmark, as in a test.
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use cognito_mfa::totp::{Secret, Totp};
use criterion::{Criterion, criterion_group, criterion_main};

const NOW: u64 = 1_700_000_015;

fn totp() -> Totp {
    let secret = Secret::from_base32("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP").unwrap();
    Totp::new(secret)
}

/// A well-formed code that matches no step of the ±1 window (the worst case: every step is
/// computed either way, but this also exercises the mismatch path).
fn wrong_code(totp: &Totp) -> String {
    let window: Vec<String> = (0..3).map(|i| totp.generate(NOW - 30 + i * 30)).collect();
    (0..1_000_000)
        .map(|n| format!("{n:06}"))
        .find(|c| !window.contains(c))
        .unwrap()
}

fn bench_totp(c: &mut Criterion) {
    let totp = totp();
    let valid = totp.generate(NOW);
    let invalid = wrong_code(&totp);
    assert!(totp.verify(&valid, NOW, 1).is_ok());
    assert!(totp.verify(&invalid, NOW, 1).is_err());

    c.bench_function("totp/generate", |b| {
        b.iter(|| black_box(&totp).generate(black_box(NOW)))
    });
    c.bench_function("totp/verify_window1_valid", |b| {
        b.iter(|| black_box(&totp).verify(black_box(&valid), black_box(NOW), 1))
    });
    c.bench_function("totp/verify_window1_invalid", |b| {
        b.iter(|| black_box(&totp).verify(black_box(&invalid), black_box(NOW), 1))
    });
}

criterion_group!(benches, bench_totp);
criterion_main!(benches);

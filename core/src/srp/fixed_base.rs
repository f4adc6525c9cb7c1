//! `g^e` from a table of precomputed powers of the generator: the server half's fast path.
//!
//! A user pool (the mock) computes three powers of the fixed generator `g` per sign-in: the
//! verifier `v = g^x` (256-bit `x`), `g^b` for `B`, and `v^u = g^(x·u)` for the claim check
//! (512-bit `x·u`, when the verifier was made from the password and so knows `x`). The
//! generic exponentiation ([`super::exponent::pow_ct`]) spends one squaring per exponent bit
//! plus a multiplication per 4-bit window. Here the squarings are done once, in advance:
//! row `i` of the table holds `g^(j · 2^(W·i))` for `j = 1 .. 2^W − 1`, so that
//! `g^e = Π_i row_i[e_i]`, where `e_i` is the `i`-th `W`-bit window of `e`: one
//! multiplication per window and no squaring at all.
//!
//! Constant time, like the generic path: the number of windows comes from `bits` (a public
//! length), and every row is read with a constant-time select over all its entries (window
//! value 0 selects 1 and still multiplies), so neither the memory access pattern nor the
//! number of multiplications depends on the exponent's value.
//!
//! Measured (2026-12-04, release build, medians of 31 runs of the ignored test
//! `tests::window_sizes`: `cargo test --release -p cognito-mfa --lib fixed_base -- --ignored
//! --nocapture`; the 2 cores shared with two other builds, load average 5–6, so only the
//! ratios mean much):
//!
//! | method | table for 512 bits | build | 256 bits | 424 bits | 512 bits |
//! |---|---:|---:|---:|---:|---:|
//! | generic `pow_ct` (4-bit window) | — | — | 1407 µs | 2509 µs | 2582 µs |
//! | table, 3-bit windows | 448 KiB | 5.0 ms | 374 µs | 617 µs | 783 µs |
//! | table, 4-bit windows | 720 KiB | 7.9 ms | 278 µs | 459 µs | 555 µs |
//! | **table, 5-bit windows** | **1197 KiB** | **13.2 ms** | **244 µs** | **399 µs** | **483 µs** |
//! | table, 6-bit windows | 2031 KiB | 22.7 ms | 232 µs | 384 µs | 465 µs |
//! | table, 7-bit windows | 3524 KiB | 38.9 ms | 254 µs | 418 µs | 508 µs |
//!
//! Five to six times faster than the generic path. Wider windows need fewer multiplications
//! but a longer constant-time scan of each row (2^W − 1 entries of 384 bytes); 5 bits is
//! within a few per cent of the best (6) at 60 % of its memory. A variable-time lookup
//! would save only that scan; it was not tried, since the constant-time table already gives
//! the 5–6×. crypto-bigint has no fixed-base exponentiation of its own; its
//! multi-exponentiation over a table of `g^(2^(64·i))` (tried for the client, see
//! docs/srp.md) still squares 64 times per chunk, and took 0.6 of the generic time, not a
//! fifth.
//!
//! Only the server uses it. The table is built on first use (a `OnceLock`), which costs more
//! than it saves for a process that signs in once, as the client usually does (the CLI, a
//! script); the client keeps the generic constant-time path (docs/srp.md).

use std::sync::OnceLock;

use crypto_bigint::{CtAssign, CtEq, U3072, Word};

use super::exponent::pow_ct;
use super::group::{self, Monty, PARAMS};
use super::secret::Secret;

/// Bits per window, chosen by measurement (see the module docs).
const WINDOW: u32 = 5;

/// Longest exponent the table covers, in bits. Longer ones (only `SrpServer::new` with a
/// given `b` of more than 64 bytes) take the generic path.
const TABLE_BITS: u32 = 512;

/// The powers `g^(j · 2^(W·i))` in Montgomery form, row after row.
struct Table {
    window: u32,
    entries: usize,
    powers: Vec<U3072>,
}

static TABLE: OnceLock<Table> = OnceLock::new();

/// `g^exponent mod N`, processing exactly the `bits` low bits of `exponent`: the same value
/// as `pow_ct(&g(), exponent, bits)`, in time that depends on `bits` only.
pub(crate) fn pow_g(exponent: &U3072, bits: u32) -> Monty {
    if bits > TABLE_BITS {
        return pow_ct(&group::g(), exponent, bits);
    }
    TABLE
        .get_or_init(|| Table::build(WINDOW, TABLE_BITS))
        .pow(exponent, bits)
}

impl Table {
    /// The rows for exponents of up to `bits` bits with `window`-bit windows (1 to 8).
    fn build(window: u32, bits: u32) -> Table {
        let entries = (1usize << window) - 1;
        let rows = bits.div_ceil(window) as usize;
        let mut powers = Vec::with_capacity(rows * entries);
        // base = g^(2^(W·i)) for row i.
        let mut base = group::g();
        for _ in 0..rows {
            let mut power = base;
            powers.push(*power.as_montgomery());
            for _ in 1..entries {
                power *= base;
                powers.push(*power.as_montgomery());
            }
            // base^(2^W − 1) · base = base^(2^W): the next row's base.
            base = power * base;
        }
        Table {
            window,
            entries,
            powers,
        }
    }

    /// `g^exponent`, reading the `ceil(bits / W)` low windows of `exponent`.
    fn pow(&self, exponent: &U3072, bits: u32) -> Monty {
        let one = *PARAMS.one();
        let mut product = Secret::new(Monty::one(&PARAMS));
        let mut picked = Secret::new(one);
        let windows = bits.div_ceil(self.window) as usize;
        for (i, row) in self
            .powers
            .chunks_exact(self.entries)
            .take(windows)
            .enumerate()
        {
            let start = i as u32 * self.window;
            let digit = window_at(exponent, start, self.window.min(bits - start));
            // Constant-time read of row[digit − 1] (1 when digit is 0): every entry is
            // touched, whatever the digit.
            *picked.expose_mut() = one;
            for (j, power) in (1..).zip(row) {
                picked
                    .expose_mut()
                    .ct_assign(power, Word::ct_eq(&j, &digit));
            }
            let factor = Secret::new(Monty::from_montgomery(*picked.expose(), &PARAMS));
            *product.expose_mut() = *product.expose() * factor.expose();
        }
        *product.expose()
    }
}

/// Bits `start .. start + width` of `exponent` (`width` ≤ 8), as a number. The position is
/// public; the limbs are read by position only.
fn window_at(exponent: &U3072, start: u32, width: u32) -> Word {
    let words = exponent.as_words();
    let (index, shift) = ((start / Word::BITS) as usize, start % Word::BITS);
    let low = words.get(index).copied().unwrap_or(0) >> shift;
    let high = match shift {
        0 => 0,
        _ => words.get(index + 1).copied().unwrap_or(0) << (Word::BITS - shift),
    };
    (low | high) & ((1 << width) - 1)
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use proptest::prelude::*;

    use super::*;
    use crate::srp::exponent::MAX_EXPONENT_BYTES;
    use crate::srp::group::uint_from_be;

    fn generic(bytes: &[u8]) -> U3072 {
        let e = uint_from_be(bytes).unwrap_or_default();
        pow_ct(&group::g(), &e, bytes.len() as u32 * 8).retrieve()
    }

    fn table(bytes: &[u8]) -> U3072 {
        let e = uint_from_be(bytes).unwrap_or_default();
        pow_g(&e, bytes.len() as u32 * 8).retrieve()
    }

    #[test]
    fn edge_exponents_agree_with_the_generic_exponentiation() {
        for len in [
            1usize,
            2,
            31,
            32,
            33,
            53,
            64,
            65,
            127,
            128,
            129,
            255,
            MAX_EXPONENT_BYTES,
        ] {
            for fill in [0x00u8, 0x01, 0x80, 0xff] {
                let mut bytes = vec![fill; len];
                if let Some(last) = bytes.last_mut() {
                    *last |= 1;
                }
                assert_eq!(table(&bytes), generic(&bytes), "{len} bytes of {fill:#04x}");
            }
        }
    }

    #[test]
    fn bits_above_the_bound_are_ignored_as_by_the_generic_path() {
        // 0x1ff processed as 8 bits is g^0xff on both paths.
        let e = U3072::from_u64(0x1ff);
        assert_eq!(
            pow_g(&e, 8).retrieve(),
            pow_ct(&group::g(), &e, 8).retrieve()
        );
        assert_eq!(pow_g(&e, 8).retrieve(), generic(&[0xff]));
    }

    #[test]
    fn every_window_size_gives_the_same_powers() {
        let bytes = [0x5au8; 64];
        let e = uint_from_be(&bytes).unwrap_or_default();
        for window in 1..=8 {
            let t = Table::build(window, 512);
            assert_eq!(
                t.pow(&e, 512).retrieve(),
                generic(&bytes),
                "window {window}"
            );
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn random_exponents_agree_with_the_generic_exponentiation(
            bytes in proptest::collection::vec(any::<u8>(), 1..=MAX_EXPONENT_BYTES)
        ) {
            prop_assert_eq!(table(&bytes), generic(&bytes));
        }
    }

    /// Timing of each window size against the generic exponentiation (the module docs'
    /// figures). Meaningful in a release build only.
    #[test]
    #[ignore = "a measurement, not a test: run with --release --ignored --nocapture"]
    fn window_sizes() {
        fn median(mut f: impl FnMut(), runs: usize) -> f64 {
            let mut times: Vec<f64> = (0..runs)
                .map(|_| {
                    let t = Instant::now();
                    f();
                    t.elapsed().as_secs_f64() * 1e6
                })
                .collect();
            times.sort_by(f64::total_cmp);
            times.get(runs / 2).copied().unwrap_or_default()
        }
        let sizes = [256u32, 424, 512];
        let exponent = uint_from_be(&[0xa5; 64]).unwrap_or_default();
        for bits in sizes {
            let t = median(
                || {
                    std::hint::black_box(pow_ct(&group::g(), &exponent, bits));
                },
                31,
            );
            println!("generic pow_ct, {bits} bits: {t:.0} µs");
        }
        for window in 3..=7 {
            let started = Instant::now();
            let table = Table::build(window, TABLE_BITS);
            let build = started.elapsed().as_secs_f64() * 1e3;
            let kib = table.powers.len() * U3072::BYTES / 1024;
            let mut line = format!("window {window}: build {build:.1} ms, {kib} KiB");
            for bits in sizes {
                let t = median(
                    || {
                        std::hint::black_box(table.pow(&exponent, bits));
                    },
                    31,
                );
                line.push_str(&format!(", {bits} bits {t:.0} µs"));
            }
            println!("{line}");
        }
    }
}

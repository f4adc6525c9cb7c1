//! The SRP group (RFC 3526 3072-bit MODP prime, g = 2), the multiplier `k`, `padHex`, and the
//! hashes that every step of Cognito's SRP-6a variant shares.
//!
//! Big integers are `crypto_bigint::U3072` (48 limbs on 64-bit targets), and arithmetic modulo
//! `N` runs in Montgomery form ([`Monty`]) with parameters computed once at compile time.

use std::sync::LazyLock;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U256, U3072};
use data_encoding::HEXLOWER;
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

use super::secret::Secret;
use crate::error::{Error, Result, SrpErrorKind};

/// Limbs of a 3072-bit integer on this target.
pub(crate) const LIMBS: usize = U3072::LIMBS;

/// An integer modulo `N` in Montgomery form.
pub(crate) type Monty = FixedMontyForm<LIMBS>;

/// Bytes in a number of the group (384).
pub(crate) const N_BYTES: usize = U3072::BYTES;

/// The RFC 3526 §4 3072-bit MODP prime (also RFC 5054 appendix A), big-endian hex.
pub(crate) const N_HEX: &str = concat!(
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD1",
    "29024E088A67CC74020BBEA63B139B22514A08798E3404DD",
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245",
    "E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED",
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3D",
    "C2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F",
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D",
    "670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B",
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9",
    "DE2BCBF6955817183995497CEA956AE515D2261898FA0510",
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64",
    "ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7",
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6B",
    "F12FFA06D98A0864D87602733EC86A64521F2B18177B200C",
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB31",
    "43DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF",
);

/// The prime `N`.
pub(crate) const N: Odd<U3072> = Odd::<U3072>::from_be_hex(N_HEX);

/// Montgomery parameters for `N`, computed by the compiler (no start-up cost, no lazy lock).
pub(crate) static PARAMS: FixedMontyParams<LIMBS> = FixedMontyParams::new(N);

/// The generator.
pub(crate) const G: u64 = 2;

/// `k = H(padHex(N) ‖ padHex(g))` in Montgomery form.
static K: LazyLock<Monty> = LazyLock::new(|| {
    let digest = hash(&[
        &pad_bytes(&N.get().to_be_bytes()),
        &pad_bytes(&G.to_be_bytes()),
    ]);
    Monty::new(&uint_from_digest(&digest), &PARAMS)
});

/// `k` in Montgomery form.
pub(crate) fn k() -> &'static Monty {
    &K
}

/// `g` in Montgomery form.
pub(crate) fn g() -> Monty {
    Monty::new(&U3072::from_u64(G), &PARAMS)
}

/// SHA-256 over the concatenation of `parts`.
pub(crate) fn hash(parts: &[&[u8]]) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in parts {
        hasher.update(part);
    }
    hasher.finalize().into()
}

/// HMAC-SHA256 over the concatenation of `parts`.
///
/// `Hmac::new_from_slice` is fallible in its signature only (HMAC takes keys of any length), so
/// the key is brought to HMAC's block size here exactly as RFC 2104 §2 does it (hash a key
/// longer than a block, then pad with zeros) and passed to the infallible `KeyInit::new`. A
/// unit test checks this against `new_from_slice` for short, block-sized and long keys.
pub(crate) fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    let mut block = hmac::digest::Key::<Hmac<Sha256>>::default();
    if key.len() > block.len() {
        let mut hashed = hash(&[key]);
        copy_prefix(&mut block, &hashed);
        hashed.zeroize();
    } else {
        copy_prefix(&mut block, key);
    }
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&block);
    block.as_mut_slice().zeroize();
    for part in parts {
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

/// Copies `src` to the start of `dst` (`src` is never longer than `dst` here).
fn copy_prefix(dst: &mut [u8], src: &[u8]) {
    for (d, s) in dst.iter_mut().zip(src) {
        *d = *s;
    }
}

/// The 16-byte key: HKDF-SHA256 (RFC 5869), salt = bytes of padHex(u), input keying material =
/// bytes of padHex(S), info = "Caldera Derived Key".
pub(crate) fn derive_key(u: &[u8; 32], s: &U3072) -> Secret<[u8; 16]> {
    let s_be = Secret::new(s.to_be_bytes());
    let mut s_bytes = Secret::new(pad_bytes(s_be.expose().as_slice()));
    let hkdf = Hkdf::<Sha256>::new(Some(&pad_bytes(u)), s_bytes.expose());
    let mut key = Secret::new([0u8; 16]);
    // 16 bytes is far below HKDF-SHA256's limit of 255 · 32 bytes, so this cannot fail; the
    // result is ignored rather than unwrapped so that no panic path exists.
    let _ = hkdf.expand(b"Caldera Derived Key", key.expose_mut());
    s_bytes.expose_mut().zeroize();
    key
}

/// The bytes of `padHex(n)` for the big-endian integer `be`: the minimal two's-complement
/// big-endian encoding (leading zero bytes dropped, one `00` put back when the top bit is set;
/// zero is one `00` byte).
pub(crate) fn pad_bytes(be: &[u8]) -> Vec<u8> {
    let start = be.iter().position(|&b| b != 0).unwrap_or(be.len());
    let digits = be.get(start..).unwrap_or_default();
    let mut out = Vec::with_capacity(digits.len() + 1);
    match digits.first() {
        None => out.push(0),
        Some(&top) if top >= 0x80 => out.push(0),
        Some(_) => {}
    }
    out.extend_from_slice(digits);
    out
}

/// `padHex(n)` as text, for the big-endian integer `be`.
#[cfg(feature = "kat")]
pub(crate) fn pad_hex(be: &[u8]) -> String {
    HEXLOWER.encode(&pad_bytes(be))
}

/// Lowercase hex of the big-endian integer `be` with no leading zeros (`"0"` for zero), the
/// way `SRP_A` and `SRP_B` travel.
pub(crate) fn plain_hex(be: &[u8]) -> String {
    let hex = HEXLOWER.encode(be);
    match hex.trim_start_matches('0') {
        "" => "0".to_owned(),
        digits => digits.to_owned(),
    }
}

/// Decodes hex text of any length (odd lengths get a leading `0`, either case accepted) into
/// big-endian bytes. `field` names the wire value in the error.
pub(crate) fn decode_hex(field: &'static str, text: &str) -> Result<Vec<u8>> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad_hex(field, "is not a hexadecimal number"));
    }
    let lower = text.to_ascii_lowercase();
    let even = if lower.len() % 2 == 1 {
        format!("0{lower}")
    } else {
        lower
    };
    HEXLOWER
        .decode(even.as_bytes())
        .map_err(|_| bad_hex(field, "is not a hexadecimal number"))
}

/// Decodes a hex number that must fit in 3072 bits (leading zeros allowed).
pub(crate) fn decode_hex_uint(field: &'static str, text: &str) -> Result<U3072> {
    let bytes = decode_hex(field, text)?;
    uint_from_be(&bytes).ok_or_else(|| bad_hex(field, "is longer than 3072 bits"))
}

/// A big-endian byte string as a `U3072`, or `None` when the value needs more than 3072 bits.
///
/// Strings of at most 384 bytes (every secret exponent) are copied without looking at their
/// contents; only longer ones, which are public wire values, are scanned for leading zeros.
pub(crate) fn uint_from_be(bytes: &[u8]) -> Option<U3072> {
    let digits = if bytes.len() <= N_BYTES {
        bytes
    } else {
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        bytes.get(start..)?
    };
    let mut buf = Secret::new([0u8; N_BYTES]);
    let offset = N_BYTES.checked_sub(digits.len())?;
    buf.expose_mut().get_mut(offset..)?.copy_from_slice(digits);
    Some(U3072::from_be_slice(buf.expose()))
}

/// A SHA-256 digest as an integer.
pub(crate) fn uint_from_digest(digest: &[u8; 32]) -> U3072 {
    U256::from_be_slice(digest).resize()
}

fn bad_hex(field: &'static str, what: &str) -> Error {
    Error::srp(SrpErrorKind::BadHex { field }, format!("{field} {what}"))
}

/// `u = H(padHex(A) ‖ padHex(B))`; refused when 0 (`ScramblerZero`).
pub(crate) fn scrambler(big_a: &U3072, big_b: &U3072) -> Result<[u8; 32]> {
    let u = hash(&[
        &pad_bytes(&big_a.to_be_bytes()),
        &pad_bytes(&big_b.to_be_bytes()),
    ]);
    check_scrambler(&u)?;
    Ok(u)
}

/// Refuses `u = 0`: with it, `S` no longer depends on the password.
pub(crate) fn check_scrambler(u: &[u8; 32]) -> Result<()> {
    if u.iter().all(|&b| b == 0) {
        return Err(Error::srp(
            SrpErrorKind::ScramblerZero,
            "the scrambling parameter u = H(A, B) is 0",
        ));
    }
    Ok(())
}

/// `H(poolName ‖ userId ‖ ":" ‖ password)`, the inner hash of `x`.
pub(crate) fn user_password_hash(
    pool_name: &str,
    user_id: &str,
    password: &[u8],
) -> Secret<[u8; 32]> {
    Secret::new(hash(&[
        pool_name.as_bytes(),
        user_id.as_bytes(),
        b":",
        password,
    ]))
}

/// `x = H(padHex(salt) ‖ H(poolName ‖ userId ‖ ":" ‖ password))` (the inner digest is hashed as
/// bytes, which is what decoding its 64-character hex together with padHex(salt) gives).
pub(crate) fn private_x(
    pool_name: &str,
    user_id: &str,
    password: &[u8],
    salt: &[u8],
) -> Secret<[u8; 32]> {
    let inner = user_password_hash(pool_name, user_id, password);
    Secret::new(hash(&[&pad_bytes(salt), inner.expose()]))
}

//! Benchmark of token verification with the key cached: `Verifier::verify_cached` of an RS256
//! access token signed by an RSA-2048 key (the Cognito case) seen for the first time (the token
//! cache off) and again (remembered), the refusal of a forged one, and the RSA check alone with
//! ring (the library's) and with aws-lc-rs (the reason ring stays: see docs/benchmarks.md).
//!
//! Run with `cargo bench -p cognito-mfa --bench verify`. The bindings' speed target (≥ 3×
//! PyJWT and aws-jwt-verify) rests on this path needing no `await`.

// Set-up failures abort the benchmark, as in a test.
#![allow(clippy::unwrap_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use cognito_mfa::verify::{PoolConfig, TokenUse, Verifier};
use criterion::{Criterion, criterion_group, criterion_main};
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rsa::pkcs8::EncodePrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::json;

const NOW: u64 = 1_800_000_000;
const POOL: &str = "us-east-1_BenchPool";

fn jwks_of(n: &[u8], e: &[u8]) -> String {
    json!({"keys": [{"kid": "k1", "kty": "RSA", "alg": "RS256", "use": "sig",
        "n": URL_SAFE_NO_PAD.encode(n), "e": URL_SAFE_NO_PAD.encode(e)}]})
    .to_string()
}

fn setup(token_cache: usize) -> (Verifier, String, String, Vec<u8>, Vec<u8>) {
    let private = rsa::PrivateKey::new(&mut getrandom::SysRng, 2048).unwrap();
    let pair = RsaKeyPair::from_pkcs8(private.to_pkcs8_der().unwrap().as_bytes()).unwrap();
    let jwks = jwks_of(&private.n_bytes(), &private.e_bytes());
    let claims = json!({"sub": "8f4e2c1a-1234-4cde-9f00-0123456789ab",
        "iss": format!("https://cognito-idp.us-east-1.amazonaws.com/{POOL}"),
        "client_id": "1example23456789", "origin_jti": "0b1c2d3e-aaaa-bbbb-cccc-0123456789ab",
        "event_id": "1b1c2d3e-aaaa-bbbb-cccc-0123456789ab", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "auth_time": NOW, "exp": NOW + 3600,
        "iat": NOW, "jti": "2b1c2d3e-aaaa-bbbb-cccc-0123456789ab", "username": "alice"});
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(json!({"kid": "k1", "alg": "RS256"}).to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let mut signature = vec![0u8; pair.public().modulus_len()];
    pair.sign(
        &RSA_PKCS1_SHA256,
        &SystemRandom::new(),
        input.as_bytes(),
        &mut signature,
    )
    .unwrap();
    let token = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&signature));
    signature[10] ^= 1;
    let forged = format!("{input}.{}", URL_SAFE_NO_PAD.encode(&signature));
    let verifier = Verifier::builder()
        .pool(
            PoolConfig::new(POOL)
                .token_use(TokenUse::Access)
                .client_id("1example23456789")
                .jwks_json(jwks),
        )
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW + 60))
        .token_cache(token_cache)
        .build()
        .unwrap();
    (
        verifier,
        token,
        forged,
        private.n_bytes().to_vec(),
        private.e_bytes().to_vec(),
    )
}

fn bench(c: &mut Criterion) {
    let (verifier, token, forged, n, e) = setup(0);
    assert!(verifier.verify_cached(&token).unwrap().is_some());
    assert_eq!(verifier.remembered_tokens(), 0);
    assert_eq!(
        verifier.verify_cached(&forged).unwrap_err().code(),
        "JwtInvalidSignatureError"
    );
    c.bench_function("verify_cached RS256-2048 access token, first sight", |b| {
        b.iter(|| verifier.verify_cached(black_box(&token)))
    });
    let remembering = Verifier::builder()
        .pool(
            PoolConfig::new(POOL)
                .token_use(TokenUse::Access)
                .client_id("1example23456789")
                .jwks_json(jwks_of(&n, &e)),
        )
        .clock(|| UNIX_EPOCH + Duration::from_secs(NOW + 60))
        .build()
        .unwrap();
    assert!(remembering.verify_cached(&token).unwrap().is_some());
    assert_eq!(remembering.remembered_tokens(), 1);
    c.bench_function("verify_cached RS256-2048 access token, remembered", |b| {
        b.iter(|| remembering.verify_cached(black_box(&token)))
    });
    // The share of the RSA signature check alone (ring), for comparison.
    let (input, signature) = token.rsplit_once('.').unwrap();
    let signature = URL_SAFE_NO_PAD.decode(signature).unwrap();
    c.bench_function("ring RSA-2048 PKCS#1 SHA-256 verify alone", |b| {
        b.iter(|| {
            ring::signature::RsaPublicKeyComponents { n: &n, e: &e }.verify(
                &ring::signature::RSA_PKCS1_2048_8192_SHA256,
                black_box(input.as_bytes()),
                &signature,
            )
        })
    });
    c.bench_function(
        "aws-lc-rs RSA-2048 PKCS#1 SHA-256 verify alone (components)",
        |b| {
            b.iter(|| {
                aws_lc_rs::signature::RsaPublicKeyComponents { n: &n, e: &e }.verify(
                    &aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256,
                    black_box(input.as_bytes()),
                    &signature,
                )
            })
        },
    );
    let parsed = aws_lc_rs::signature::RsaPublicKeyComponents { n: &n, e: &e }
        .to_parsed_public_key(&aws_lc_rs::signature::RSA_PKCS1_2048_8192_SHA256)
        .unwrap();
    c.bench_function(
        "aws-lc-rs RSA-2048 PKCS#1 SHA-256 verify alone (parsed key)",
        |b| b.iter(|| parsed.verify_sig(black_box(input.as_bytes()), &signature)),
    );
    c.bench_function("verify_cached forged signature", |b| {
        b.iter(|| verifier.verify_cached(black_box(&forged)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);

//! core::verify against the mock's tokens (both issuer settings) and against hand-signed
//! tokens of a test key: every check refused with its code, the clock and grace, and the JWKS
//! cache counted on a loopback server (single-flight, one refetch, cool-down).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod client_support;

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use client_support::{MfaMode, Mock, PoolOptions, TestResult, fail, sign_in};
use cognito_mfa::verify::{PoolConfig, TokenUse, Verifier};
use cognito_mfa::{AuthOutcome, Claims};
use cognito_mfa_mock::{Settings, TokenIssuer};
use proptest::prelude::*;
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RSA_PKCS1_SHA512, RsaKeyPair};
use rsa::pkcs8::EncodePrivateKey;
use rsa::traits::PublicKeyParts;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const POOL: &str = "eu-west-1_TestPool1";
const CLIENT: &str = "testclient123";
const NOW: u64 = 1_800_000_000;
const KID: &str = "test-key-1";

/// The RSA-2048 key of the hand-signed tokens (generated once per test binary).
struct TestKey {
    pair: RsaKeyPair,
    n: Vec<u8>,
    e: Vec<u8>,
}

fn key() -> &'static TestKey {
    static KEY: OnceLock<TestKey> = OnceLock::new();
    KEY.get_or_init(|| {
        let private = rsa::PrivateKey::new(&mut getrandom::SysRng, 2048).unwrap();
        let der = private.to_pkcs8_der().unwrap();
        TestKey {
            pair: RsaKeyPair::from_pkcs8(der.as_bytes()).unwrap(),
            n: private.n_bytes().to_vec(),
            e: private.e_bytes().to_vec(),
        }
    })
}

fn jwk(kid: &str) -> Value {
    let key = key();
    json!({"kid": kid, "kty": "RSA", "alg": "RS256", "use": "sig",
           "n": URL_SAFE_NO_PAD.encode(&key.n), "e": URL_SAFE_NO_PAD.encode(&key.e)})
}

fn jwks(kids: &[&str]) -> String {
    json!({"keys": kids.iter().map(|kid| jwk(kid)).collect::<Vec<_>>()}).to_string()
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Signs `header.payload` (RS256, or RS512 when the header says so).
fn sign(header: &Value, claims: &Value) -> String {
    let input = format!("{}.{}", b64(header), b64(claims));
    let params = if header["alg"] == "RS512" {
        &RSA_PKCS1_SHA512
    } else {
        &RSA_PKCS1_SHA256
    };
    let mut signature = vec![0u8; key().pair.public().modulus_len()];
    key()
        .pair
        .sign(
            params,
            &SystemRandom::new(),
            input.as_bytes(),
            &mut signature,
        )
        .unwrap();
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature))
}

fn issuer(pool: &str) -> String {
    let region = pool.rsplit_once('_').unwrap().0;
    format!("https://cognito-idp.{region}.amazonaws.com/{pool}")
}

fn access_claims() -> Value {
    json!({"sub": "u-1", "iss": issuer(POOL), "client_id": CLIENT, "token_use": "access",
           "scope": "aws.cognito.signin.user.admin orders/read", "auth_time": NOW - 10,
           "iat": NOW - 10, "exp": NOW + 3590, "username": "alice",
           "cognito:groups": ["admins", "staff"]})
}

fn id_claims() -> Value {
    json!({"sub": "u-1", "iss": issuer(POOL), "aud": CLIENT, "token_use": "id",
           "auth_time": NOW - 10, "iat": NOW - 10, "exp": NOW + 3590,
           "cognito:username": "alice", "email": "alice@example.com"})
}

fn token(claims: &Value) -> String {
    sign(&json!({"alg": "RS256", "kid": KID}), claims)
}

/// A clock the test moves: Unix seconds in an atomic.
#[derive(Clone)]
struct TestClock(Arc<AtomicU64>);

impl TestClock {
    fn at(secs: u64) -> TestClock {
        TestClock(Arc::new(AtomicU64::new(secs)))
    }
    fn set(&self, secs: u64) {
        self.0.store(secs, Ordering::SeqCst);
    }
    fn advance(&self, secs: u64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
    fn func(&self) -> impl Fn() -> SystemTime + Send + Sync + 'static {
        let secs = Arc::clone(&self.0);
        move || UNIX_EPOCH + Duration::from_secs(secs.load(Ordering::SeqCst))
    }
}

/// A verifier of the test pool with the test key's JWKS given explicitly.
fn offline(config: PoolConfig, clock: &TestClock, grace: u64) -> Verifier {
    Verifier::builder()
        .pool(config.jwks_json(jwks(&[KID])))
        .grace(Duration::from_secs(grace))
        .clock(clock.func())
        .build()
        .unwrap()
}

fn access_pool() -> PoolConfig {
    PoolConfig::new(POOL)
        .token_use(TokenUse::Access)
        .client_id(CLIENT)
}

fn id_pool() -> PoolConfig {
    PoolConfig::new(POOL)
        .token_use(TokenUse::Id)
        .client_id(CLIENT)
}

fn code(result: cognito_mfa::Result<Option<Claims>>) -> String {
    match result {
        Ok(Some(_)) => "Ok".to_owned(),
        Ok(None) => "NeedsFetch".to_owned(),
        Err(e) => e.code().to_owned(),
    }
}

async fn code_async(verifier: &Verifier, token: &str) -> String {
    match verifier.verify(token).await {
        Ok(_) => "Ok".to_owned(),
        Err(e) => e.code().to_owned(),
    }
}

// ---------------------------------------------------------------- the mock's tokens

async fn mock_tokens(mock: &Mock) -> TestResult<(client_support::Pool, String, String)> {
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "alice", &[("email", "alice@example.com")])
        .await?;
    let user = pool.user_pool()?.user("alice");
    let AuthOutcome::SignedIn(session) = sign_in(&user).await? else {
        return fail("expected a session");
    };
    Ok((
        pool,
        session.id_token().jwt_token().to_owned(),
        session.access_token().jwt_token().to_owned(),
    ))
}

#[tokio::test]
async fn the_mocks_tokens_verify_with_its_issuer_and_jwks_url() -> TestResult {
    let mock = Mock::start().await?;
    let (pool, id_token, access_token) = mock_tokens(&mock).await?;
    let iss = format!("{}/{}", mock.endpoint().trim_end_matches('/'), pool.pool_id);
    let config = |token_use| {
        PoolConfig::new(&pool.pool_id)
            .token_use(token_use)
            .client_id(&pool.client.client_id)
            .issuer(&iss)
    };
    let ids = Verifier::builder().pool(config(TokenUse::Id)).build()?;
    assert_eq!(code(ids.verify_cached(&id_token)), "NeedsFetch");
    let claims = ids.verify(&id_token).await?;
    assert_eq!(claims.token_use(), TokenUse::Id);
    assert_eq!(claims.issuer(), iss);
    assert_eq!(claims.client_id(), pool.client.client_id);
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(claims.get_str("email"), Some("alice@example.com"));
    assert_eq!(claims.pool_id().as_str(), pool.pool_id);
    assert!(claims.sub().is_some_and(|s| !s.is_empty()));
    assert!(claims.expires_at() > claims.issued_at().unwrap_or(u64::MAX) - 1);
    assert!(claims.groups().is_empty());
    // Now cached: verified without waiting.
    assert_eq!(code(ids.verify_cached(&id_token)), "Ok");
    // The access token is not an ID token.
    assert_eq!(code_async(&ids, &access_token).await, "JwtTokenUseError");

    let access = Verifier::builder()
        .pool(config(TokenUse::Access).scopes(["aws.cognito.signin.user.admin"]))
        .build()?;
    access.hydrate().await?;
    let claims = access
        .verify_cached(&access_token)?
        .ok_or("hydrated, yet not cached")?;
    assert_eq!(claims.token_use(), TokenUse::Access);
    assert_eq!(claims.username(), Some("alice"));
    assert!(claims.has_scope("aws.cognito.signin.user.admin"));
    assert!(claims.auth_time().is_some());
    assert_eq!(code_async(&access, &id_token).await, "JwtTokenUseError");

    // A required scope the mock does not issue.
    let scoped = Verifier::builder()
        .pool(config(TokenUse::Access).scopes(["orders/read"]))
        .build()?;
    assert_eq!(code_async(&scoped, &access_token).await, "JwtScopeError");
    // Another app client of the same pool.
    let other_client = Verifier::builder()
        .pool(
            PoolConfig::new(&pool.pool_id)
                .token_use(TokenUse::Access)
                .client_id("someotherclient")
                .issuer(&iss),
        )
        .build()?;
    assert_eq!(
        code_async(&other_client, &access_token).await,
        "JwtAudienceError"
    );
    // The mock's tokens expire after an hour (by the verifier's clock).
    let later = SystemTime::now() + Duration::from_secs(3700);
    let expired = Verifier::builder()
        .pool(config(TokenUse::Id))
        .clock(move || later)
        .build()?;
    assert_eq!(code_async(&expired, &id_token).await, "JwtExpiredError");
    Ok(())
}

#[tokio::test]
async fn the_mocks_tokens_of_both_aws_issuers_verify_with_an_explicit_jwks() -> TestResult {
    for (setting, host) in [
        (TokenIssuer::Aws, "cognito-idp"),
        (TokenIssuer::AwsIssuer, "issuer-cognito-idp"),
    ] {
        let settings = Settings {
            token_issuer: setting,
            ..Settings::default()
        };
        let mock = Mock::start_with(settings).await?;
        let (pool, id_token, access_token) = mock_tokens(&mock).await?;
        let url = format!(
            "{}/{}/.well-known/jwks.json",
            mock.endpoint().trim_end_matches('/'),
            pool.pool_id
        );
        let document = reqwest::get(&url).await?.text().await?;
        let verifier = Verifier::builder()
            .pool(
                PoolConfig::new(&pool.pool_id)
                    .token_use(TokenUse::Access)
                    .client_id(&pool.client.client_id)
                    .jwks_json(&document),
            )
            .build()?;
        assert!(verifier.jwks_uris().is_empty(), "nothing is fetched");
        let claims = verifier
            .verify_cached(&access_token)?
            .ok_or("explicit keys are cached")?;
        let expected = format!("https://{host}.us-east-1.amazonaws.com/{}", pool.pool_id);
        assert_eq!(claims.issuer(), expected);
        assert_eq!(claims.get_str("iss"), Some(expected.as_str()));
        assert_eq!(code(verifier.verify_cached(&id_token)), "JwtTokenUseError");
        // A verifier given that one issuer explicitly accepts it; one given the other refuses.
        let other = if host == "cognito-idp" {
            format!(
                "https://issuer-cognito-idp.us-east-1.amazonaws.com/{}",
                pool.pool_id
            )
        } else {
            issuer(&pool.pool_id)
        };
        for (iss, verdict) in [(&expected, "Ok"), (&other, "JwtIssuerError")] {
            let pinned = Verifier::builder()
                .pool(
                    PoolConfig::new(&pool.pool_id)
                        .token_use(TokenUse::Access)
                        .client_id(&pool.client.client_id)
                        .issuer(iss)
                        .jwks_json(&document),
                )
                .build()?;
            assert_eq!(code(pinned.verify_cached(&access_token)), verdict, "{iss}");
        }
        // The hand key's tokens name a kid this JWKS does not have (and another pool).
        let foreign = token(&json!({"iss": issuer(&pool.pool_id), "token_use": "access"}));
        assert_eq!(code_async(&verifier, &foreign).await, "JwtUnknownKeyError");
    }
    Ok(())
}

// ---------------------------------------------------------------- hand-signed tokens

#[test]
fn hand_signed_tokens_verify_and_claims_are_typed() {
    let clock = TestClock::at(NOW);
    let verifier = offline(access_pool(), &clock, 0);
    let claims = verifier
        .verify_cached(&token(&access_claims()))
        .unwrap()
        .unwrap();
    assert_eq!(claims.sub(), Some("u-1"));
    assert_eq!(claims.client_id(), CLIENT);
    assert_eq!(claims.groups(), ["admins".to_owned(), "staff".to_owned()]);
    assert!(claims.has_group("admins") && !claims.has_group("admin"));
    assert_eq!(claims.scopes().len(), 2);
    assert!(claims.has_scope("orders/read"));
    assert_eq!(claims.expires_at(), NOW + 3590);
    assert_eq!(claims.issued_at(), Some(NOW - 10));
    assert_eq!(claims.not_before(), None);
    assert!(claims.to_json().contains("\"username\":\"alice\""));

    let ids = offline(id_pool(), &clock, 0);
    let claims = ids.verify_cached(&token(&id_claims())).unwrap().unwrap();
    assert_eq!(claims.username(), Some("alice"));
    assert_eq!(claims.client_id(), CLIENT);
    assert!(claims.scopes().is_empty());
    // The 2026 issuer form is accepted too; an aud array naming the client as well.
    let mut updated = id_claims();
    updated["iss"] = json!(format!(
        "https://issuer-cognito-idp.eu-west-1.amazonaws.com/{POOL}"
    ));
    updated["aud"] = json!(["x", CLIENT]);
    assert_eq!(code(ids.verify_cached(&token(&updated))), "Ok");
}

#[test]
fn each_tampering_is_refused_with_its_code() {
    let clock = TestClock::at(NOW);
    let verifier = offline(access_pool(), &clock, 0);
    let good = token(&access_claims());
    let parts: Vec<&str> = good.split('.').collect();
    let check = |token: &str| code(verifier.verify_cached(token));
    assert_eq!(check(&good), "Ok");

    // Payload changed, signature kept.
    let mut forged = access_claims();
    forged["username"] = json!("mallory");
    assert_eq!(
        check(&format!("{}.{}.{}", parts[0], b64(&forged), parts[2])),
        "JwtInvalidSignatureError"
    );
    // Header alg changed: none, HS256 (key confusion), RS512 (the JWK says RS256).
    for alg in ["none", "HS256"] {
        let header = b64(&json!({"alg": alg, "kid": KID}));
        assert_eq!(
            check(&format!("{header}.{}.{}", parts[1], parts[2])),
            "JwtAlgorithmError"
        );
        assert_eq!(
            check(&format!("{header}.{}.", parts[1])),
            "JwtMalformedError"
        );
    }
    let rs512 = sign(&json!({"alg": "RS512", "kid": KID}), &access_claims());
    assert_eq!(check(&rs512), "JwtAlgorithmError");
    // Signature bit flipped.
    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[100] ^= 1;
    let flipped = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(&signature)
    );
    assert_eq!(check(&flipped), "JwtInvalidSignatureError");
    // kid changed to an unknown one (explicit JWKS: nothing to fetch).
    let unknown = sign(&json!({"alg": "RS256", "kid": "nope"}), &access_claims());
    assert_eq!(check(&unknown), "JwtUnknownKeyError");
    // Cut, garbage, extra dot, huge.
    assert_eq!(
        check(&format!("{}.{}", parts[0], parts[1])),
        "JwtMalformedError"
    );
    assert_eq!(check(&good[..good.len() - 1]), "JwtMalformedError");
    assert_eq!(check(&good[..good.len() - 10]), "JwtInvalidSignatureError");
    assert_eq!(check("%%%.&&&.***"), "JwtMalformedError");
    assert_eq!(check(&format!("{good}.")), "JwtMalformedError");
    assert_eq!(
        check(&format!("{}..{}", parts[0], parts[2])),
        "JwtMalformedError"
    );
    let mut huge = access_claims();
    huge["pad"] = json!("x".repeat(20_000));
    assert_eq!(check(&token(&huge)), "JwtMalformedError");
    // No message holds the token.
    for bad in [&flipped, &unknown, &rs512] {
        let message = verifier.verify_cached(bad).unwrap_err().to_string();
        assert!(
            !message.contains(parts[1]) && !message.contains(parts[2]),
            "{message}"
        );
    }
}

#[test]
fn claims_are_checked_with_their_codes() {
    let clock = TestClock::at(NOW);
    let access = offline(access_pool(), &clock, 0);
    let with = |changes: &[(&str, Value)]| {
        let mut claims = access_claims();
        for (name, value) in changes {
            if value.is_null() {
                claims.as_object_mut().unwrap().remove(*name);
            } else {
                claims[*name] = value.clone();
            }
        }
        code(access.verify_cached(&token(&claims)))
    };
    assert_eq!(with(&[("exp", json!(NOW - 1))]), "JwtExpiredError");
    assert_eq!(with(&[("exp", json!(NOW))]), "JwtExpiredError");
    assert_eq!(with(&[("exp", Value::Null)]), "JwtMalformedError");
    assert_eq!(with(&[("exp", json!("soon"))]), "JwtMalformedError");
    assert_eq!(with(&[("nbf", json!(NOW + 60))]), "JwtNotYetValidError");
    assert_eq!(with(&[("nbf", json!(NOW))]), "Ok");
    assert_eq!(with(&[("iat", json!(NOW + 60))]), "JwtNotYetValidError");
    assert_eq!(
        with(&[("iss", json!(issuer("eu-west-1_OtherPool")))]),
        "JwtIssuerError"
    );
    assert_eq!(with(&[("iss", Value::Null)]), "JwtIssuerError");
    assert_eq!(
        with(&[("client_id", json!("otherclient"))]),
        "JwtAudienceError"
    );
    assert_eq!(
        with(&[("client_id", Value::Null), ("aud", json!(CLIENT))]),
        "JwtAudienceError"
    );
    assert_eq!(with(&[("token_use", json!("id"))]), "JwtTokenUseError");
    assert_eq!(with(&[("token_use", json!("refresh"))]), "JwtTokenUseError");
    assert_eq!(with(&[("token_use", Value::Null)]), "JwtTokenUseError");

    // An ID token where access is expected, and the reverse.
    assert_eq!(
        code(access.verify_cached(&token(&id_claims()))),
        "JwtTokenUseError"
    );
    let ids = offline(id_pool(), &clock, 0);
    assert_eq!(
        code(ids.verify_cached(&token(&access_claims()))),
        "JwtTokenUseError"
    );
    let mut other_aud = id_claims();
    other_aud["aud"] = json!("otherclient");
    assert_eq!(
        code(ids.verify_cached(&token(&other_aud))),
        "JwtAudienceError"
    );

    // Groups and scopes, any of.
    let check = |config: PoolConfig| {
        code(offline(config, &clock, 0).verify_cached(&token(&access_claims())))
    };
    assert_eq!(check(access_pool().groups(["nobody", "staff"])), "Ok");
    assert_eq!(check(access_pool().groups(["nobody"])), "JwtGroupError");
    assert_eq!(
        check(access_pool().scopes(["orders/write", "orders/read"])),
        "Ok"
    );
    assert_eq!(
        check(access_pool().scopes(["orders/write"])),
        "JwtScopeError"
    );
    let groupless = offline(id_pool().groups(["admins"]), &clock, 0);
    assert_eq!(
        code(groupless.verify_cached(&token(&id_claims()))),
        "JwtGroupError"
    );
    // Several client ids allowed.
    let several = PoolConfig::new(POOL)
        .token_use(TokenUse::Access)
        .client_ids(["a", CLIENT]);
    assert_eq!(check(several), "Ok");
}

#[test]
fn grace_is_accepted_within_and_refused_beyond() {
    let clock = TestClock::at(NOW);
    let verifier = offline(access_pool(), &clock, 30);
    let expiring = {
        let mut claims = access_claims();
        claims["exp"] = json!(NOW);
        token(&claims)
    };
    let early = {
        let mut claims = access_claims();
        claims["nbf"] = json!(NOW + 20);
        claims["iat"] = json!(NOW + 20);
        token(&claims)
    };
    assert_eq!(code(verifier.verify_cached(&expiring)), "Ok");
    assert_eq!(code(verifier.verify_cached(&early)), "Ok");
    clock.set(NOW + 29);
    assert_eq!(code(verifier.verify_cached(&expiring)), "Ok");
    clock.set(NOW + 31);
    assert_eq!(code(verifier.verify_cached(&expiring)), "JwtExpiredError");
    clock.set(NOW - 11);
    assert_eq!(code(verifier.verify_cached(&early)), "JwtNotYetValidError");
    let err = verifier.verify_cached(&early).unwrap_err();
    assert_eq!(
        err.details(),
        vec![("valid_from", cognito_mfa::error::ErrorDetail::Int(NOW + 20))]
    );
}

#[test]
fn unusable_keys_are_refused_for_that_key() {
    let clock = TestClock::at(NOW);
    let mut short = jwk("short");
    short["n"] = json!(URL_SAFE_NO_PAD.encode([0xc5u8; 128]));
    let mut ec = jwk("ec");
    ec["kty"] = json!("EC");
    let mut enc = jwk("enc");
    enc["use"] = json!("enc");
    let document = json!({"keys": [short, ec, enc, jwk(KID)]}).to_string();
    let verifier = Verifier::builder()
        .pool(access_pool().jwks_json(document))
        .clock(clock.func())
        .build()
        .unwrap();
    for kid in ["short", "ec", "enc"] {
        let t = sign(&json!({"alg": "RS256", "kid": kid}), &access_claims());
        assert_eq!(code(verifier.verify_cached(&t)), "JwkInvalidError", "{kid}");
    }
    assert_eq!(code(verifier.verify_cached(&token(&access_claims()))), "Ok");
    // A document that is not a JWKS, and a non-loopback http URL, are refused at build.
    let bad = Verifier::builder()
        .pool(access_pool().jwks_json("{}"))
        .build();
    assert_eq!(
        bad.err().map(|e| e.code().to_owned()).as_deref(),
        Some("InvalidInputError")
    );
    let http = Verifier::builder()
        .pool(access_pool().jwks_uri("http://jwks.example.com/.well-known/jwks.json"))
        .build();
    assert_eq!(
        http.err().map(|e| e.code().to_owned()).as_deref(),
        Some("InvalidInputError")
    );
}

// ---------------------------------------------------------------- the JWKS cache

/// A loopback JWKS server that counts the requests it answers; the body can be changed.
struct JwksServer {
    url: String,
    hits: Arc<AtomicUsize>,
    body: Arc<Mutex<String>>,
}

impl JwksServer {
    async fn start(body: String) -> TestResult<JwksServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}/.well-known/jwks.json", listener.local_addr()?);
        let hits = Arc::new(AtomicUsize::new(0));
        let body = Arc::new(Mutex::new(body));
        let (count, text) = (Arc::clone(&hits), Arc::clone(&body));
        tokio::spawn(async move {
            while let Ok((mut socket, _)) = listener.accept().await {
                let (count, text) = (Arc::clone(&count), Arc::clone(&text));
                tokio::spawn(async move {
                    let mut request = Vec::new();
                    let mut buffer = [0u8; 1024];
                    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                        match socket.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    count.fetch_add(1, Ordering::SeqCst);
                    // A little latency, so that concurrent misses overlap the fetch.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    let body = text.lock().map(|b| b.clone()).unwrap_or_default();
                    let response = format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                        body.len()
                    );
                    let _ = socket.write_all(response.as_bytes()).await;
                    let _ = socket.shutdown().await;
                });
            }
        });
        Ok(JwksServer { url, hits, body })
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }

    fn serve(&self, body: String) {
        *self.body.lock().unwrap() = body;
    }
}

fn fetching(server: &JwksServer, clock: &TestClock) -> Verifier {
    Verifier::builder()
        .pool(access_pool().jwks_uri(&server.url))
        .clock(clock.func())
        .cooldown(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_verifications_with_a_cold_cache_fetch_once() -> TestResult {
    let server = JwksServer::start(jwks(&[KID])).await?;
    let clock = TestClock::at(NOW);
    let verifier = fetching(&server, &clock);
    let token = Arc::new(token(&access_claims()));
    let tasks: Vec<_> = (0..1000)
        .map(|_| {
            let (verifier, token) = (verifier.clone(), Arc::clone(&token));
            tokio::spawn(async move {
                verifier
                    .verify(&token)
                    .await
                    .map(|c| c.client_id().to_owned())
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await??, CLIENT);
    }
    assert_eq!(server.hits(), 1);

    // 100 concurrent misses of one unknown kid: one refetch between them.
    let unknown = Arc::new(sign(
        &json!({"alg": "RS256", "kid": "unknown"}),
        &access_claims(),
    ));
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let (verifier, token) = (verifier.clone(), Arc::clone(&unknown));
            tokio::spawn(async move { code_async(&verifier, &token).await })
        })
        .collect();
    for task in tasks {
        let code = task.await?;
        assert!(
            code == "JwtUnknownKeyError" || code == "JwksWaitPeriodError",
            "{code}"
        );
    }
    assert_eq!(server.hits(), 2);
    Ok(())
}

#[tokio::test]
async fn an_unknown_kid_refetches_once_then_waits_for_the_cooldown() -> TestResult {
    let server = JwksServer::start(jwks(&[KID])).await?;
    let clock = TestClock::at(NOW);
    let verifier = fetching(&server, &clock);
    let with_kid = |kid: &str| sign(&json!({"alg": "RS256", "kid": kid}), &access_claims());

    assert_eq!(code_async(&verifier, &with_kid(KID)).await, "Ok");
    assert_eq!(server.hits(), 1);
    // An unknown kid: exactly one refetch, then unknown.
    assert_eq!(
        code_async(&verifier, &with_kid("unknown-1")).await,
        "JwtUnknownKeyError"
    );
    assert_eq!(server.hits(), 2);
    // Another within the cool-down: refused at once, no fetch.
    clock.advance(5);
    let err = verifier.verify(&with_kid("unknown-2")).await.unwrap_err();
    assert_eq!(err.code(), "JwksWaitPeriodError");
    assert!(
        matches!(err, cognito_mfa::Error::JwksWaitPeriod { retry_after_ms } if retry_after_ms == 5000)
    );
    assert_eq!(server.hits(), 2);
    // Known keys still verify meanwhile, without a fetch.
    assert_eq!(code(verifier.verify_cached(&with_kid(KID))), "Ok");
    // After the cool-down: a fetch again, which finds a rotated-in key.
    clock.advance(6);
    server.serve(jwks(&[KID, "rotated"]));
    assert_eq!(
        code(verifier.verify_cached(&with_kid("rotated"))),
        "NeedsFetch"
    );
    assert_eq!(code_async(&verifier, &with_kid("rotated")).await, "Ok");
    assert_eq!(server.hits(), 3);
    // A found key clears the cool-down: the next unknown kid may refetch once more.
    assert_eq!(
        code_async(&verifier, &with_kid("unknown-3")).await,
        "JwtUnknownKeyError"
    );
    assert_eq!(server.hits(), 4);
    assert_eq!(
        code_async(&verifier, &with_kid("unknown-4")).await,
        "JwksWaitPeriodError"
    );
    assert_eq!(server.hits(), 4);
    // hydrate() fetches whatever the cool-down.
    verifier.hydrate().await?;
    assert_eq!(server.hits(), 5);
    Ok(())
}

#[tokio::test]
async fn a_failed_fetch_is_a_fetch_error_then_a_wait() -> TestResult {
    let server = JwksServer::start("not json".to_owned()).await?;
    let clock = TestClock::at(NOW);
    let verifier = fetching(&server, &clock);
    let t = token(&access_claims());
    assert_eq!(code_async(&verifier, &t).await, "JwksFetchError");
    assert_eq!(code_async(&verifier, &t).await, "JwksWaitPeriodError");
    assert_eq!(server.hits(), 1);
    server.serve(jwks(&[KID]));
    clock.advance(10);
    assert_eq!(code_async(&verifier, &t).await, "Ok");
    assert_eq!(server.hits(), 2);
    // Nothing listening: a fetch error too.
    let closed = Verifier::builder()
        .pool(access_pool().jwks_uri("http://127.0.0.1:9/jwks.json"))
        .clock(clock.func())
        .build()?;
    assert_eq!(code_async(&closed, &t).await, "JwksFetchError");
    Ok(())
}

// ---------------------------------------------------------------- remembered tokens

#[test]
fn a_remembered_token_is_rechecked_against_the_clock_on_every_hit() {
    let clock = TestClock::at(NOW);
    let verifier = offline(access_pool(), &clock, 0);
    let t = token(&access_claims());
    let first = verifier.verify_cached(&t).unwrap().unwrap();
    assert_eq!(verifier.remembered_tokens(), 1);
    let again = verifier.verify_cached(&t).unwrap().unwrap();
    assert_eq!(again.as_map(), first.as_map());
    assert_eq!(again.client_id(), CLIENT);
    assert_eq!(again.groups(), ["admins", "staff"]);
    assert_eq!(verifier.remembered_tokens(), 1);

    // A token one byte away from the remembered one is verified in full.
    let mut forged = t.clone().into_bytes();
    let last = forged.len() - 2;
    forged[last] = if forged[last] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).unwrap();
    assert_eq!(
        code(verifier.verify_cached(&forged)),
        "JwtInvalidSignatureError"
    );
    // Refused tokens are not remembered.
    assert_eq!(verifier.remembered_tokens(), 1);

    // The clock moved back before iat: refused as a fresh verification would.
    clock.set(NOW - 100);
    let err = verifier.verify_cached(&t).unwrap_err();
    assert_eq!(err.code(), "JwtNotYetValidError");
    assert_eq!(
        err.details(),
        vec![("valid_from", cognito_mfa::error::ErrorDetail::Int(NOW - 10))]
    );
    assert_eq!(verifier.remembered_tokens(), 0);

    // Remembered again, then expired: the error and its details of a full verification.
    clock.set(NOW);
    assert_eq!(code(verifier.verify_cached(&t)), "Ok");
    assert_eq!(verifier.remembered_tokens(), 1);
    clock.set(NOW + 3590);
    let err = verifier.verify_cached(&t).unwrap_err();
    assert_eq!(err.code(), "JwtExpiredError");
    assert_eq!(
        err.details(),
        vec![(
            "expired_at",
            cognito_mfa::error::ErrorDetail::Int(NOW + 3590)
        )]
    );
    assert_eq!(verifier.remembered_tokens(), 0);
}

#[tokio::test]
async fn a_remembered_token_is_verified_afresh_once_its_key_changes() -> TestResult {
    let server = JwksServer::start(jwks(&[KID])).await?;
    let clock = TestClock::at(NOW);
    let verifier = fetching(&server, &clock);
    let t = token(&access_claims());
    assert_eq!(code_async(&verifier, &t).await, "Ok");
    assert_eq!(code_async(&verifier, &t).await, "Ok");
    assert_eq!((server.hits(), verifier.remembered_tokens()), (1, 1));

    // The pool's JWKS no longer holds the token's kid: the remembered verdict is not used.
    server.serve(jwks(&["rotated-in"]));
    verifier.hydrate().await?;
    assert_eq!(server.hits(), 2);
    assert_eq!(code(verifier.verify_cached(&t)), "NeedsFetch");
    assert_eq!(code_async(&verifier, &t).await, "JwtUnknownKeyError");
    assert_eq!(verifier.remembered_tokens(), 0);

    // The key is back (a new key set, the same key material): verified in full, remembered.
    server.serve(jwks(&[KID]));
    verifier.hydrate().await?;
    assert_eq!(code_async(&verifier, &t).await, "Ok");
    assert_eq!(verifier.remembered_tokens(), 1);
    Ok(())
}

#[test]
fn the_token_cache_is_bounded_and_can_be_turned_off() {
    let clock = TestClock::at(NOW);
    let bounded = Verifier::builder()
        .pool(access_pool().jwks_json(jwks(&[KID])))
        .clock(clock.func())
        .token_cache(3)
        .build()
        .unwrap();
    let of = |sub: &str, exp: u64| {
        let mut claims = access_claims();
        claims["sub"] = json!(sub);
        claims["exp"] = json!(exp);
        token(&claims)
    };
    let short = of("short-lived", NOW + 5);
    let long: Vec<String> = (0..6).map(|i| of(&format!("u-{i}"), NOW + 3590)).collect();
    assert_eq!(code(bounded.verify_cached(&short)), "Ok");
    for t in &long[..2] {
        assert_eq!(code(bounded.verify_cached(t)), "Ok");
    }
    assert_eq!(bounded.remembered_tokens(), 3);
    // Full and one expired: that one goes, the others stay.
    clock.advance(10);
    assert_eq!(code(bounded.verify_cached(&long[2])), "Ok");
    assert_eq!(bounded.remembered_tokens(), 3);
    assert_eq!(code(bounded.verify_cached(&short)), "JwtExpiredError");
    // Full of live tokens: still never more than the capacity, every verdict right.
    for t in &long {
        assert_eq!(code(bounded.verify_cached(t)), "Ok");
        assert!(bounded.remembered_tokens() <= 3);
    }

    let off = Verifier::builder()
        .pool(access_pool().jwks_json(jwks(&[KID])))
        .clock(clock.func())
        .token_cache(0)
        .build()
        .unwrap();
    for t in &long {
        assert_eq!(code(off.verify_cached(t)), "Ok");
    }
    assert_eq!(off.remembered_tokens(), 0);
}

// ---------------------------------------------------------------- never a panic

fn fuzz_verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| offline(access_pool(), &TestClock::at(NOW), 0))
}

proptest! {
    #[test]
    fn arbitrary_bytes_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let text = String::from_utf8_lossy(&bytes);
        prop_assert!(fuzz_verifier().verify_cached(&text).is_err());
    }

    #[test]
    fn arbitrary_three_part_strings_are_refused(
        a in "[A-Za-z0-9_=+/-]{0,80}",
        b in "[A-Za-z0-9_=+/-]{0,200}",
        c in "[A-Za-z0-9_=+/-]{0,400}",
    ) {
        let token = format!("{a}.{b}.{c}");
        prop_assert!(fuzz_verifier().verify_cached(&token).is_err());
    }

    #[test]
    fn arbitrary_json_payloads_under_a_real_header_are_refused(
        payload in proptest::collection::btree_map("[a-z_:]{1,12}", any::<i64>(), 0..8),
        signature in proptest::collection::vec(any::<u8>(), 0..300),
    ) {
        let header = b64(&json!({"alg": "RS256", "kid": KID}));
        let body = b64(&serde_json::to_value(&payload).unwrap());
        let token = format!("{header}.{body}.{}", URL_SAFE_NO_PAD.encode(signature));
        prop_assert!(fuzz_verifier().verify_cached(&token).is_err());
    }
}

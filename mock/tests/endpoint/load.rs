//! Load with nothing lost, bounded and on loopback only: 2,000 users with TOTP, 10,000 full
//! sign-ins (USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA) by 200 concurrent clients, in rounds of
//! one sign-in per user (the clock moves one TOTP step between rounds: a code is accepted
//! once per user and step). Every sign-in must end with tokens naming its own user; then
//! clients that vanish mid-request must leave the server serving.
//!
//! `LOAD_SIGN_INS` (default 10,000, a multiple of 2,000) and the time bound
//! (`LOAD_SECONDS`, default 300) can be changed; the figures of docs/benchmarks.md come from
//! bench/mock_load.sh, which runs this test in release mode and prints them.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;
use tokio::sync::Semaphore;

use crate::common::*;

const USERS: usize = 2_000;
const CLIENTS: usize = 200;

fn from_env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One full sign-in; the refresh token, and the time it took.
async fn sign_in(h: &Harness, username: &str, code: &str) -> (String, Duration) {
    let started = Instant::now();
    let challenge = h.password_auth(username).await.expect("challenge");
    assert_eq!(challenge["ChallengeName"], "SOFTWARE_TOKEN_MFA");
    let tokens = h
        .respond(
            "SOFTWARE_TOKEN_MFA",
            &challenge["Session"],
            json!({"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": code}),
        )
        .await
        .expect("tokens");
    let elapsed = started.elapsed();
    let result = &tokens["AuthenticationResult"];
    let access = result["AccessToken"].as_str().expect("an access token");
    let claims = access.split('.').nth(1).expect("a JWT");
    let claims: Value = serde_json::from_slice(
        &base64::Engine::decode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, claims)
            .expect("base64url"),
    )
    .expect("JSON claims");
    assert_eq!(claims["username"], username, "a token names its own user");
    (
        result["RefreshToken"]
            .as_str()
            .expect("a refresh token")
            .to_owned(),
        elapsed,
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ten_thousand_sign_ins_by_two_hundred_clients_lose_nothing() {
    let total = from_env("LOAD_SIGN_INS", 10_000) as usize;
    let bound = Duration::from_secs(from_env("LOAD_SECONDS", 300));
    assert!(
        total >= USERS && total.is_multiple_of(USERS),
        "LOAD_SIGN_INS: a multiple of {USERS}"
    );
    let users: Vec<Value> = (0..USERS)
        .map(|i| totp_user(&format!("load{i:04}")))
        .collect();
    let h = Arc::new(Harness::start(base_config("OPTIONAL", Value::Array(users))).await);
    let clients = Arc::new(Semaphore::new(CLIENTS));
    let started = Instant::now();
    let mut refresh_tokens = HashSet::new();
    let mut latencies = Vec::with_capacity(total);
    for round in 0..total / USERS {
        let code = totp().generate(h.now().await);
        let mut tasks = Vec::with_capacity(USERS);
        for i in 0..USERS {
            let (h, clients, code) = (Arc::clone(&h), Arc::clone(&clients), code.clone());
            tasks.push(tokio::spawn(async move {
                let _client = clients.acquire_owned().await.expect("a client slot");
                sign_in(&h, &format!("load{i:04}"), &code).await
            }));
        }
        let round_left = bound.saturating_sub(started.elapsed());
        let joined = tokio::time::timeout(round_left, futures_join(tasks))
            .await
            .unwrap_or_else(|_| panic!("round {round} did not finish within {bound:?}"));
        for (refresh, latency) in joined {
            assert!(
                refresh_tokens.insert(refresh),
                "every refresh token distinct"
            );
            latencies.push(latency);
        }
        h.advance(30).await;
    }
    let elapsed = started.elapsed();
    assert_eq!(refresh_tokens.len(), total, "no sign-in lost");
    latencies.sort_unstable();
    let at =
        |q: f64| latencies.get(((latencies.len() as f64 * q) as usize).min(latencies.len() - 1));
    println!(
        "load: {total} sign-ins by {CLIENTS} clients in {:.2} s = {:.0}/s; p50 {:?}, p99 {:?}; peak RSS {} KiB",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        at(0.50).copied().unwrap_or_default(),
        at(0.99).copied().unwrap_or_default(),
        peak_rss_kib().unwrap_or(0),
    );

    // Clients killed mid-request: half-sent requests, then dropped sockets.
    let addr = h.running.addr();
    for _ in 0..CLIENTS {
        let mut stream = tokio::net::TcpStream::connect(addr).await.expect("connect");
        stream
            .write_all(
                b"POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 500\r\n\r\n{\"AuthFlow\":",
            )
            .await
            .expect("half a request");
        drop(stream);
    }
    let code = totp().generate(h.now().await);
    sign_in(&h, "load0000", &code).await;
}

/// Awaits every task, in order.
async fn futures_join<T>(tasks: Vec<tokio::task::JoinHandle<T>>) -> Vec<T> {
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.expect("the sign-in task completed"));
    }
    out
}

/// The peak resident set of this process (the mock runs in it), from /proc (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

//! Sign-in throughput of the mock endpoint, and the same flow against moto's server.
//!
//! Not a criterion benchmark: it drives real servers over loopback HTTP. Run it through
//! `bench/mock_bench.sh`, which builds the release `cognito-mfa` binary and a moto venv, or
//! directly:
//!
//! ```text
//! cargo bench -p cognito-mfa-mock --bench signin
//! ```
//!
//! Environment:
//! * `COGNITO_MFA_BIN` — the `cognito-mfa` binary (default `target/release/cognito-mfa`).
//! * `MOTO_SERVER` — the `moto_server` executable; without it the moto part is skipped.
//! * `BENCH_SCALE` — multiplies the number of sign-ins of every run (default 1.0).
//!
//! What it does, in one run:
//! 1. starts `cognito-mfa mock --config` with 10,000 preloaded users (each with a TOTP
//!    secret and software-token MFA enabled) and reads the process's RSS (Linux);
//! 2. full sign-ins per second, USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA and USER_SRP_AUTH +
//!    SOFTWARE_TOKEN_MFA, at several numbers of concurrent clients. Every sign-in uses a user
//!    of its own, so the mock's TOTP replay refusal stays on and never trips;
//! 3. starts `moto_server`, sets up a pool with TOTP MFA the same way, and measures the same
//!    USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA flow at the same concurrency levels;
//! 4. prints a Markdown table (sign-ins per second, p50 / p99 latency of a full sign-in, and
//!    the CPU time per sign-in of the server's process and of the load generator itself, from
//!    `/proc/<pid>/stat` on Linux: the generator's SRP client runs on the same cores).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use cognito_mfa::srp::{Password, SrpClient, format_timestamp};
use cognito_mfa::totp::{Secret, Totp};
use serde_json::{Value, json};

const USERS: usize = 10_000;
const PASSWORD: &str = "Passw0rd!";
const SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const POOL: &str = "us-east-1_BenchPool1";
const CLIENT: &str = "benchclient1";

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

struct Api {
    http: reqwest::Client,
    endpoint: String,
}

impl Api {
    fn new(endpoint: String) -> Api {
        let http = reqwest::Client::builder()
            .pool_max_idle_per_host(256)
            .build()
            .unwrap();
        Api { http, endpoint }
    }

    async fn call(&self, operation: &str, body: Value) -> Result<Value, String> {
        let response = self
            .http
            .post(&self.endpoint)
            .header("content-type", "application/x-amz-json-1.1")
            .header(
                "x-amz-target",
                format!("AWSCognitoIdentityProviderService.{operation}"),
            )
            // moto routes admin calls by the signature's service name; any credentials do.
            .header(
                "authorization",
                "AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/cognito-idp/aws4_request, \
                 SignedHeaders=host, Signature=0",
            )
            .body(body.to_string())
            .send()
            .await
            .map_err(|e| format!("{operation}: {e}"))?;
        let status = response.status();
        let text = response
            .text()
            .await
            .map_err(|e| format!("{operation}: {e}"))?;
        if !status.is_success() {
            return Err(format!("{operation}: HTTP {status}: {text}"));
        }
        serde_json::from_str(&text).map_err(|e| format!("{operation}: {e}: {text}"))
    }
}

/// USER_PASSWORD_AUTH, then SOFTWARE_TOKEN_MFA with the current code.
async fn password_sign_in(
    api: &Api,
    client: &str,
    username: &str,
    totp: &Totp,
) -> Result<(), String> {
    let challenge = api
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
                   "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
        )
        .await?;
    finish_totp(api, client, username, totp, &challenge).await
}

async fn finish_totp(
    api: &Api,
    client: &str,
    username: &str,
    totp: &Totp,
    challenge: &Value,
) -> Result<(), String> {
    if challenge["ChallengeName"] != "SOFTWARE_TOKEN_MFA" {
        return Err(format!("expected SOFTWARE_TOKEN_MFA, got {challenge}"));
    }
    let tokens = api
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "SOFTWARE_TOKEN_MFA", "ClientId": client,
                   "Session": challenge["Session"],
                   "ChallengeResponses": {"USERNAME": username,
                                          "SOFTWARE_TOKEN_MFA_CODE": totp.generate(now())}}),
        )
        .await?;
    if tokens["AuthenticationResult"]["AccessToken"].is_string() {
        Ok(())
    } else {
        Err(format!("no tokens: {tokens}"))
    }
}

/// USER_SRP_AUTH (client half from the core), PASSWORD_VERIFIER, then SOFTWARE_TOKEN_MFA.
async fn srp_sign_in(api: &Api, client: &str, username: &str, totp: &Totp) -> Result<(), String> {
    let srp = SrpClient::new_random().map_err(|e| e.to_string())?;
    let challenge = api
        .call(
            "InitiateAuth",
            json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": client,
                   "AuthParameters": {"USERNAME": username, "SRP_A": srp.srp_a()}}),
        )
        .await?;
    let p = challenge["ChallengeParameters"].clone();
    let user_id = p["USER_ID_FOR_SRP"].as_str().unwrap_or_default().to_owned();
    let claim = tokio::task::spawn_blocking(move || {
        srp.password_claim(
            POOL.split('_').nth(1).unwrap(),
            &user_id,
            &Password::new(PASSWORD),
            p["SALT"].as_str().unwrap_or_default(),
            p["SRP_B"].as_str().unwrap_or_default(),
            p["SECRET_BLOCK"].as_str().unwrap_or_default(),
            &format_timestamp(now()).unwrap(),
        )
        .map(|c| (c, user_id))
    })
    .await
    .unwrap()
    .map_err(|e| e.to_string())?;
    let (claim, user_id) = claim;
    let next = api
        .call(
            "RespondToAuthChallenge",
            json!({"ChallengeName": "PASSWORD_VERIFIER", "ClientId": client,
                   "ChallengeResponses": {"USERNAME": user_id,
                                          "PASSWORD_CLAIM_SECRET_BLOCK": claim.secret_block,
                                          "PASSWORD_CLAIM_SIGNATURE": claim.signature,
                                          "TIMESTAMP": claim.timestamp}}),
        )
        .await?;
    finish_totp(api, client, username, totp, &next).await
}

#[derive(Clone, Copy, PartialEq)]
enum Flow {
    Password,
    Srp,
}

struct Outcome {
    per_second: f64,
    p50_ms: f64,
    p99_ms: f64,
    /// CPU time of the server's process per sign-in, when it could be read.
    server_cpu_ms: Option<f64>,
    /// CPU time of this process (the load generator, with its SRP client) per sign-in.
    generator_cpu_ms: Option<f64>,
}

/// Runs `count` sign-ins with `concurrency` clients; user names come from `users`. `server`
/// is the server's process id, for its CPU time.
#[allow(clippy::too_many_arguments)]
async fn run(
    server: u32,
    api: Arc<Api>,
    client: &str,
    flow: Flow,
    users: Arc<Vec<String>>,
    totp: Arc<Totp>,
    count: usize,
    concurrency: usize,
) -> Outcome {
    let next = Arc::new(AtomicUsize::new(0));
    let cpu_before = cpu_seconds(server);
    let own_before = cpu_seconds(std::process::id());
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..concurrency {
        let (api, users, totp, next) = (
            Arc::clone(&api),
            Arc::clone(&users),
            Arc::clone(&totp),
            Arc::clone(&next),
        );
        let client = client.to_owned();
        workers.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= count {
                    break;
                }
                let username = &users[i % users.len()];
                let t = Instant::now();
                let result = match flow {
                    Flow::Password => password_sign_in(&api, &client, username, &totp).await,
                    Flow::Srp => srp_sign_in(&api, &client, username, &totp).await,
                };
                if let Err(e) = result {
                    panic!("sign-in {i} ({username}) failed: {e}");
                }
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for worker in workers {
        latencies.extend(worker.await.unwrap());
    }
    let elapsed = started.elapsed().as_secs_f64();
    let per_sign_in = |before: Option<f64>, after: Option<f64>| match (before, after) {
        (Some(before), Some(after)) => Some((after - before) * 1000.0 / count as f64),
        _ => None,
    };
    let server_cpu_ms = per_sign_in(cpu_before, cpu_seconds(server));
    let generator_cpu_ms = per_sign_in(own_before, cpu_seconds(std::process::id()));
    latencies.sort();
    let pick =
        |q: f64| latencies[((latencies.len() as f64 - 1.0) * q) as usize].as_secs_f64() * 1000.0;
    Outcome {
        per_second: count as f64 / elapsed,
        p50_ms: pick(0.5),
        p99_ms: pick(0.99),
        server_cpu_ms,
        generator_cpu_ms,
    }
}

/// User + system CPU seconds of process `pid` so far (Linux), from `/proc/<pid>/stat`.
fn cpu_seconds(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses and may contain spaces):
    // state is field 3, utime field 14, stime field 15.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / clock_ticks_per_second())
}

fn clock_ticks_per_second() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(100.0)
}

fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_mock(binary: &PathBuf, config: &PathBuf) -> (Server, String) {
    let mut child = Command::new(binary)
        .args(["mock", "--port", "0", "--config"])
        .arg(config)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let endpoint = line
        .trim()
        .strip_prefix("listening on ")
        .expect("listening line")
        .to_owned();
    (Server(child), endpoint)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start_moto(executable: &str) -> (Server, String) {
    let port = free_port();
    let server = Server(
        Command::new(executable)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {executable}: {e}")),
    );
    let endpoint = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    for _ in 0..100 {
        if http
            .get(format!("{endpoint}/moto-api/"))
            .send()
            .await
            .is_ok()
        {
            return (server, endpoint);
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("moto_server did not start");
}

/// A pool with TOTP MFA on moto, and `count` users with a verified, preferred software token.
async fn setup_moto(api: &Api, count: usize) -> (String, Vec<String>, Totp) {
    let pool = api
        .call(
            "CreateUserPool",
            json!({"PoolName": "bench", "MfaConfiguration": "OPTIONAL"}),
        )
        .await
        .unwrap();
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    api.call(
        "SetUserPoolMfaConfig",
        json!({"UserPoolId": pool_id, "SoftwareTokenMfaConfiguration": {"Enabled": true}, "MfaConfiguration": "OPTIONAL"}),
    )
    .await
    .unwrap();
    let client = api
        .call(
            "CreateUserPoolClient",
            json!({"UserPoolId": pool_id, "ClientName": "bench",
                   "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}),
        )
        .await
        .unwrap();
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut users = Vec::new();
    let mut secret_code = String::new();
    for i in 0..count {
        let username = format!("moto{i:05}");
        api.call(
            "AdminCreateUser",
            json!({"UserPoolId": pool_id, "Username": username, "TemporaryPassword": PASSWORD, "MessageAction": "SUPPRESS"}),
        )
        .await
        .unwrap();
        api.call(
            "AdminSetUserPassword",
            json!({"UserPoolId": pool_id, "Username": username, "Password": PASSWORD, "Permanent": true}),
        )
        .await
        .unwrap();
        let tokens = api
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client_id,
                       "AuthParameters": {"USERNAME": username, "PASSWORD": PASSWORD}}),
            )
            .await
            .unwrap();
        let access = tokens["AuthenticationResult"]["AccessToken"].clone();
        let associated = api
            .call("AssociateSoftwareToken", json!({"AccessToken": access}))
            .await
            .unwrap();
        secret_code = associated["SecretCode"]
            .as_str()
            .unwrap_or_default()
            .to_owned();
        api.call(
            "VerifySoftwareToken",
            json!({"AccessToken": access, "UserCode": "123456"}),
        )
        .await
        .unwrap();
        api.call(
            "SetUserMFAPreference",
            json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
        )
        .await
        .unwrap();
        users.push(username);
    }
    // moto hands every user the same short secret and does not check codes; generate real
    // ones anyway so that both servers receive the same requests.
    let secret = Secret::from_base32(&format!("{secret_code:A<16}"))
        .unwrap_or_else(|_| Secret::from_base32(SECRET).unwrap());
    (client_id, users, Totp::new(secret))
}

fn scaled(n: usize) -> usize {
    let scale: f64 = std::env::var("BENCH_SCALE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1.0);
    ((n as f64 * scale) as usize).max(1)
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let binary = std::env::var_os("COGNITO_MFA_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/release/cognito-mfa"));

    // 10,000 users with TOTP enabled, in a config file.
    let users: Vec<Value> = (0..USERS)
        .map(|i| {
            json!({"username": format!("bench{i:05}"), "password": PASSWORD,
                        "totp_secret": SECRET, "mfa": {"software_token": true}})
        })
        .collect();
    let config = json!({"pools": [{"id": POOL, "name": "bench", "mfa_configuration": "OPTIONAL",
                                   "clients": [{"id": CLIENT, "explicit_auth_flows": [
                                       "ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH"]}],
                                   "users": users}]});
    let config_path =
        std::env::temp_dir().join(format!("cognito-mfa-bench-{}.json", std::process::id()));
    std::fs::write(&config_path, config.to_string()).unwrap();
    let empty_path = std::env::temp_dir().join(format!(
        "cognito-mfa-bench-empty-{}.json",
        std::process::id()
    ));
    std::fs::write(&empty_path, "{}").unwrap();

    let (empty_server, _) = start_mock(&binary, &empty_path);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_empty = rss_kib(empty_server.0.id());
    drop(empty_server);

    let (mock_server, endpoint) = start_mock(&binary, &config_path);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let rss_loaded = rss_kib(mock_server.0.id());
    let api = Arc::new(Api::new(format!("{endpoint}/")));
    let totp = Arc::new(Totp::new(Secret::from_base32(SECRET).unwrap()));
    let names: Vec<String> = (0..USERS).map(|i| format!("bench{i:05}")).collect();

    // Warm up: the pool's RSA key is generated on the first sign-in.
    let mut cursor = 0usize;
    let mut take = |n: usize| {
        let slice: Vec<String> = names[cursor..(cursor + n).min(USERS)].to_vec();
        assert_eq!(slice.len(), n, "not enough distinct users for this run");
        cursor += n;
        Arc::new(slice)
    };
    run(
        mock_server.0.id(),
        Arc::clone(&api),
        CLIENT,
        Flow::Password,
        take(50),
        Arc::clone(&totp),
        50,
        4,
    )
    .await;

    let levels = [1usize, 8, 32];
    let mut rows = Vec::new();
    for &c in &levels {
        let n = scaled(if c == 1 { 500 } else { 2_000 });
        let r = run(
            mock_server.0.id(),
            Arc::clone(&api),
            CLIENT,
            Flow::Password,
            take(n),
            Arc::clone(&totp),
            n,
            c,
        )
        .await;
        rows.push(("mock", "USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA", c, n, r));
    }
    for &c in &[1usize, 8] {
        let n = scaled(if c == 1 { 100 } else { 400 });
        let r = run(
            mock_server.0.id(),
            Arc::clone(&api),
            CLIENT,
            Flow::Srp,
            take(n),
            Arc::clone(&totp),
            n,
            c,
        )
        .await;
        rows.push(("mock", "USER_SRP_AUTH + SOFTWARE_TOKEN_MFA", c, n, r));
    }
    let rss_after = rss_kib(mock_server.0.id());
    drop(mock_server);

    if let Ok(moto) = std::env::var("MOTO_SERVER") {
        let (moto_server, moto_endpoint) = start_moto(&moto).await;
        let moto_api = Arc::new(Api::new(format!("{moto_endpoint}/")));
        let (moto_client, moto_users, moto_totp) = setup_moto(&moto_api, 64).await;
        let (moto_users, moto_totp) = (Arc::new(moto_users), Arc::new(moto_totp));
        run(
            moto_server.0.id(),
            Arc::clone(&moto_api),
            &moto_client,
            Flow::Password,
            Arc::clone(&moto_users),
            Arc::clone(&moto_totp),
            20,
            2,
        )
        .await;
        for &c in &levels {
            let n = scaled(if c == 1 { 150 } else { 400 });
            let r = run(
                moto_server.0.id(),
                Arc::clone(&moto_api),
                &moto_client,
                Flow::Password,
                Arc::clone(&moto_users),
                Arc::clone(&moto_totp),
                n,
                c,
            )
            .await;
            rows.push(("moto", "USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA", c, n, r));
        }
        drop(moto_server);
    }

    println!(
        "| server | flow | clients | sign-ins | sign-ins/s | p50 ms | p99 ms \
         | server CPU ms/sign-in | generator CPU ms/sign-in |"
    );
    println!("|---|---|---:|---:|---:|---:|---:|---:|---:|");
    let ms = |v: Option<f64>| {
        v.map(|ms| format!("{ms:.2}"))
            .unwrap_or_else(|| "n/a".into())
    };
    for (server, flow, c, n, r) in &rows {
        println!(
            "| {server} | {flow} | {c} | {n} | {:.0} | {:.2} | {:.2} | {} | {} |",
            r.per_second,
            r.p50_ms,
            r.p99_ms,
            ms(r.server_cpu_ms),
            ms(r.generator_cpu_ms)
        );
    }
    let find = |server: &str, c: usize| {
        rows.iter()
            .find(|(s, f, cc, _, _)| *s == server && f.starts_with("USER_PASSWORD") && *cc == c)
            .map(|(_, _, _, _, r)| r.per_second)
    };
    println!();
    for &c in &levels {
        if let (Some(mock), Some(moto)) = (find("mock", c), find("moto", c)) {
            println!(
                "USER_PASSWORD_AUTH + SOFTWARE_TOKEN_MFA, {c} clients: mock / moto = {:.1}x",
                mock / moto
            );
        }
    }
    let kib = |v: Option<u64>| {
        v.map(|k| format!("{:.1} MiB", k as f64 / 1024.0))
            .unwrap_or_else(|| "n/a".into())
    };
    println!(
        "mock RSS: empty {}, with {USERS} users preloaded {}, after the runs above {}",
        kib(rss_empty),
        kib(rss_loaded),
        kib(rss_after)
    );
    let _ = std::fs::remove_file(&config_path);
    let _ = std::fs::remove_file(&empty_path);
}

//! Client-side cost of one full sign-in — `USER_SRP_AUTH`, `PASSWORD_VERIFIER`,
//! `SOFTWARE_TOKEN_MFA` — with the cognito-mfa client.
//!
//! * `bench/client_signin/run.py` runs it against a mock endpoint served in another process,
//!   side by side with pycognito + boto3 and amazon-cognito-identity-js, passing
//!   `--endpoint URL --pool-id ID --client-id ID --users FILE`; the users (with their TOTP
//!   secrets) are in the file's `"rust"` list.
//! * Alone (`cargo bench -p cognito-mfa --bench client_signin`) it starts a mock in-process
//!   and prepares its own users; the CPU time then includes the mock's.
//!
//! With `--remembered-device` (a pool with device tracking where remembered devices skip
//! MFA), each user first signs in untimed with TOTP, which confirms and remembers the device;
//! the timed sign-ins are then `USER_SRP_AUTH`, `PASSWORD_VERIFIER`, `DEVICE_SRP_AUTH`,
//! `DEVICE_PASSWORD_VERIFIER`: two SRP computations and no MFA code.
//!
//! It prints one line `RESULT {json}` with the number of sign-ins, the wall time and the CPU
//! time of this process (user + system, from /proc/self/stat).

// A benchmark aborts on a set-up failure, as a test would.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    missing_docs
)]

use std::sync::Arc;
use std::time::Instant;

use cognito_mfa::device::{DeviceSettings, DeviceStore, MemoryDeviceStore};
use cognito_mfa::totp::{Secret, Totp};
use cognito_mfa::{AuthOutcome, AuthenticationDetails, Challenge, MfaSettings, UserPool};
use cognito_mfa_mock::{ClientSpec, MfaMode, PoolSpec, UserSpec};
use serde_json::{Value, json};

/// CPU time of this process in seconds (user + system), from /proc/self/stat.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name (which is in parentheses and may contain spaces).
    let rest = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after ")".
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // USER_HZ is 100 on Linux.
    (ticks(11) + ticks(12)) as f64 / 100.0
}

struct BenchUser {
    username: String,
    password: String,
    totp: Totp,
}

/// A sign-in from a remembered device: tokens straight from `authenticate_user`.
async fn sign_in_remembered(pool: &UserPool, user: &BenchUser) {
    let outcome = pool
        .user(user.username.as_str())
        .authenticate_user(AuthenticationDetails::new(user.password.as_str()))
        .await
        .expect("sign-in");
    assert!(matches!(outcome, AuthOutcome::SignedIn(_)), "{outcome:?}");
}

async fn sign_in(pool: &UserPool, user: &BenchUser) {
    let cognito_user = pool.user(user.username.as_str());
    let outcome = cognito_user
        .authenticate_user(AuthenticationDetails::new(user.password.as_str()))
        .await
        .expect("sign-in");
    let AuthOutcome::Challenge {
        challenge: Challenge::SoftwareTokenMfa { .. },
        ..
    } = outcome
    else {
        panic!("expected SOFTWARE_TOKEN_MFA, got {outcome:?}");
    };
    let code = user.totp.generate_now().expect("clock");
    let outcome = cognito_user
        .send_mfa_code(&code, None, None)
        .await
        .expect("TOTP answer");
    assert!(matches!(outcome, AuthOutcome::SignedIn(_)), "{outcome:?}");
}

fn arg(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

/// Prepares `count` users with TOTP enrolled on an in-process mock; returns the mock, the pool
/// and the users.
async fn in_process(count: usize) -> (cognito_mfa_mock::RunningMock, UserPool, Vec<BenchUser>) {
    let server = cognito_mfa_mock::MockServer::start(Default::default())
        .await
        .expect("mock");
    let mock = server.mock().clone();
    let pool_id = mock
        .create_user_pool(&PoolSpec {
            name: "bench".to_owned(),
            mfa: MfaMode::Optional,
            sms: false,
            software_token: true,
            email: false,
            devices: None,
        })
        .await
        .expect("pool");
    let client = mock
        .create_app_client(
            &pool_id,
            &ClientSpec {
                name: "bench".to_owned(),
                ..ClientSpec::default()
            },
        )
        .await
        .expect("client");
    let pool = UserPool::builder(&pool_id, &client.client_id)
        .endpoint(server.endpoint())
        .build()
        .expect("pool");
    let mut users = Vec::new();
    for i in 0..count {
        let username = format!("bench{i}");
        let password = "Bench-Passw0rd!".to_owned();
        mock.create_user(&pool_id, &username, &password, &UserSpec::default())
            .await
            .expect("user");
        let user = pool.user(username.as_str());
        user.authenticate_user(AuthenticationDetails::new(password.as_str()))
            .await
            .expect("first sign-in");
        let token = user.associate_software_token().await.expect("associate");
        // A code of the previous step, so that the benchmark's codes (current step) are new.
        let code = token.totp().generate(mock.now() - 30);
        user.verify_software_token(&code, None)
            .await
            .expect("verify");
        user.set_user_mfa_preference(None, Some(MfaSettings::new(true, true)))
            .await
            .expect("preference");
        users.push(BenchUser {
            username,
            password,
            totp: token.totp(),
        });
    }
    (server, pool, users)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let warmup: usize = arg(&args, "--warmup").map_or(3, |w| w.parse().expect("--warmup"));
    runtime.block_on(async {
        let (_server, pool, users) = match arg(&args, "--users") {
            Some(file) => {
                let text = std::fs::read_to_string(&file).expect("users file");
                let all: Value = serde_json::from_str(&text).expect("users JSON");
                let store: Arc<dyn DeviceStore> = Arc::new(MemoryDeviceStore::new());
                let pool = UserPool::builder(
                    arg(&args, "--pool-id").expect("--pool-id"),
                    arg(&args, "--client-id").expect("--client-id"),
                )
                .endpoint(arg(&args, "--endpoint").expect("--endpoint"))
                .devices(DeviceSettings::with_store(store))
                .build()
                .expect("pool");
                let users = all["rust"]
                    .as_array()
                    .expect("a `rust` list")
                    .iter()
                    .map(|u| BenchUser {
                        username: u["username"].as_str().expect("username").to_owned(),
                        password: u["password"].as_str().expect("password").to_owned(),
                        totp: Totp::new(
                            Secret::from_base32(u["secret"].as_str().expect("secret"))
                                .expect("base32"),
                        ),
                    })
                    .collect::<Vec<_>>();
                (None, pool, users)
            }
            None => {
                let (server, pool, users) = in_process(40).await;
                (Some(server), pool, users)
            }
        };
        let remembered = args.iter().any(|a| a == "--remembered-device");
        if remembered {
            // Untimed: the TOTP sign-in that confirms (and remembers) each user's device.
            for user in &users {
                sign_in(&pool, user).await;
            }
        }
        let (warm, timed) = users.split_at(warmup.min(users.len()));
        for user in warm {
            if remembered {
                sign_in_remembered(&pool, user).await;
            } else {
                sign_in(&pool, user).await;
            }
        }
        let cpu = cpu_seconds();
        let started = Instant::now();
        for user in timed {
            if remembered {
                sign_in_remembered(&pool, user).await;
            } else {
                sign_in(&pool, user).await;
            }
        }
        let wall = started.elapsed().as_secs_f64();
        let cpu = cpu_seconds() - cpu;
        println!(
            "RESULT {}",
            json!({"client": "cognito-mfa (Rust)", "n": timed.len(), "wall_s": wall, "cpu_s": cpu})
        );
    });
}

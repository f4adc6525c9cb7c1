//! `cognito-mfa demo`: the full MFA tour, each step printed with its timing.
//!
//! Without options it starts the mock Cognito endpoint in-process, creates a pool with OPTIONAL
//! MFA and a user, and walks through every MFA flow with the real client over HTTP: SRP
//! sign-in, TOTP enrolment (otpauth URI and terminal QR code), verification, preference, a
//! sign-in answering the TOTP challenge, then SELECT_MFA_TYPE and SMS MFA with the code taken
//! from the mock's outbox, and a remembered device that skips MFA ([`crate::demo_devices`]).
//! The exit code is 0 only when every step behaved as expected.
//!
//! With `--pool-id` and `--client-id` (and `--endpoint` for anything but AWS) it runs the
//! user-side steps against that endpoint instead, asking for the password and the codes.

use std::collections::BTreeMap;
use std::future::Future;
use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;
use std::time::Instant;

use clap::Args;
use cognito_mfa::totp::qr_text;
use cognito_mfa::{
    AssociatedSoftwareToken, AuthOutcome, AuthenticationDetails, Challenge, Error, MfaSettings,
    MfaType, User, UserPool, UserSession,
};
use cognito_mfa_mock::{MockConfig, MockServer, RunningMock};
use serde_json::{Value, json};

/// Arguments of `cognito-mfa demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Do not print QR codes.
    #[arg(long)]
    no_qr: bool,
    /// Endpoint of a Cognito-compatible service (default: AWS, from the pool id's region).
    #[arg(long, requires_all = ["pool_id", "client_id"])]
    endpoint: Option<String>,
    /// User pool id: runs the user-side steps against a real endpoint instead of the mock.
    #[arg(long, requires = "client_id")]
    pool_id: Option<String>,
    /// App client id (with --pool-id).
    #[arg(long, requires = "pool_id")]
    client_id: Option<String>,
    /// App client secret, if the app client has one (with --pool-id).
    #[arg(
        long,
        env = "COGNITO_MFA_CLIENT_SECRET",
        requires = "pool_id",
        hide_env_values = true
    )]
    client_secret: Option<String>,
    /// User name (with --pool-id; asked for when not given).
    #[arg(long, requires = "pool_id")]
    username: Option<String>,
}

/// Runs the demo; exit code 0 when every step behaved as expected, 1 otherwise.
pub fn run(args: DemoArgs) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("demo failed: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let started = Instant::now();
    let outcome = if args.pool_id.is_some() {
        runtime.block_on(remote(&args))
    } else {
        runtime.block_on(embedded(&args))
    };
    match outcome {
        Ok(()) => {
            println!(
                "\nAll steps behaved as expected ({:.0} ms in total).",
                started.elapsed().as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("\ndemo failed: {message}");
            ExitCode::FAILURE
        }
    }
}

/// Runs one step and prints it with the time it took.
pub(crate) async fn step<T>(
    title: &str,
    work: impl Future<Output = Result<T, String>>,
) -> Result<T, String> {
    let started = Instant::now();
    let value = work.await?;
    println!(
        "[{:>9.3} ms] {title}",
        started.elapsed().as_secs_f64() * 1000.0
    );
    Ok(value)
}

/// Prints a detail line under a step.
pub(crate) fn detail(text: impl std::fmt::Display) {
    println!("              {text}");
}

pub(crate) fn fail(error: Error) -> String {
    format!("{error} [{}]", error.code())
}

/// The password of the demo user on the embedded mock.
const DEMO_PASSWORD: &str = "Demo-Passw0rd!";
/// The demo user's phone number (SMS codes land in the mock's outbox).
const DEMO_PHONE: &str = "+15555550100";

/// The embedded mock and its admin operations (in-process, no HTTP).
pub(crate) struct Embedded {
    pub(crate) server: RunningMock,
}

impl Embedded {
    async fn admin(&self, operation: &str, body: Value) -> Result<Value, String> {
        self.server
            .mock()
            .call(operation, body)
            .await
            .map_err(|e| format!("{operation}: {} {}", e.code(), e.message()))
    }

    fn str_at(value: &Value, pointer: &str) -> Result<String, String> {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(str::to_owned)
            .ok_or_else(|| format!("the mock's answer has no {pointer}"))
    }

    /// The code of the last MFA message the mock "sent" to `username`.
    fn last_mfa_code(&self, username: &str) -> Result<String, String> {
        self.server
            .mock()
            .messages()
            .iter()
            .rev()
            .find(|m| m.purpose == "mfa" && m.username == username)
            .map(|m| m.code.clone())
            .ok_or_else(|| "the mock's outbox holds no MFA code".to_owned())
    }
}

/// Expects a challenge of the given kind.
pub(crate) fn expect_challenge(outcome: AuthOutcome, what: &str) -> Result<Challenge, String> {
    match outcome {
        AuthOutcome::Challenge { challenge, .. } => Ok(challenge),
        AuthOutcome::SignedIn(_) => Err(format!("signed in where {what} was expected")),
        other => Err(format!(
            "unexpected outcome {other:?} where {what} was expected"
        )),
    }
}

pub(crate) fn expect_session(outcome: AuthOutcome) -> Result<UserSession, String> {
    match outcome {
        AuthOutcome::SignedIn(session) => Ok(session),
        other => Err(format!(
            "a challenge where a session was expected: {other:?}"
        )),
    }
}

fn describe_session(session: &UserSession) -> String {
    let access = session.access_token();
    format!(
        "tokens: access + ID + refresh; user {}; valid for {} s",
        access.claim_str("username").unwrap_or("?"),
        access.expiration().saturating_sub(access.issued_at())
    )
}

fn print_enrolment(
    token: &AssociatedSoftwareToken,
    account: &str,
    no_qr: bool,
) -> Result<(), String> {
    let uri = token
        .otpauth_uri(account, Some("cognito-mfa demo"))
        .map_err(fail)?;
    detail(format!(
        "secret: {} (shown because this is a demo)",
        token.secret_base32().as_str()
    ));
    detail(uri.as_str());
    if !no_qr {
        println!("{}", qr_text(&uri).map_err(fail)?);
    }
    Ok(())
}

fn names(list: &[MfaType]) -> String {
    list.iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The full tour against the embedded mock.
async fn embedded(args: &DemoArgs) -> Result<(), String> {
    println!(
        "cognito-mfa {} — the MFA demo, against the embedded mock Cognito endpoint\n",
        env!("CARGO_PKG_VERSION")
    );

    let mock = step(
        "start the mock Cognito endpoint in-process (loopback, free port)",
        async {
            MockServer::start(MockConfig::default())
                .await
                .map(|server| Embedded { server })
                .map_err(|e| format!("cannot start the mock: {e}"))
        },
    )
    .await?;
    detail(mock.server.endpoint());

    let (pool_id, client_id) = step("create a user pool with OPTIONAL MFA (SMS, TOTP) and an app client", async {
        let pool = mock.admin("CreateUserPool", json!({"PoolName": "demo"})).await?;
        let pool_id = Embedded::str_at(&pool, "/UserPool/Id")?;
        mock.admin(
            "SetUserPoolMfaConfig",
            json!({"UserPoolId": pool_id, "MfaConfiguration": "OPTIONAL",
                   "SoftwareTokenMfaConfiguration": {"Enabled": true},
                   "SmsMfaConfiguration": {"SmsAuthenticationMessage": "Your demo code is {####}"}}),
        )
        .await?;
        let client = mock
            .admin("CreateUserPoolClient", json!({"UserPoolId": pool_id, "ClientName": "demo"}))
            .await?;
        Ok((pool_id, Embedded::str_at(&client, "/UserPoolClient/ClientId")?))
    })
    .await?;
    detail(format!("pool {pool_id}, app client {client_id}"));

    step(
        "create the user `demo` with a phone number and a permanent password",
        async {
            mock.admin(
                "AdminCreateUser",
                json!({"UserPoolId": pool_id, "Username": "demo", "MessageAction": "SUPPRESS",
                   "UserAttributes": [{"Name": "phone_number", "Value": DEMO_PHONE}]}),
            )
            .await?;
            mock.admin(
                "AdminSetUserPassword",
                json!({"UserPoolId": pool_id, "Username": "demo", "Password": DEMO_PASSWORD,
                   "Permanent": true}),
            )
            .await?;
            Ok(())
        },
    )
    .await?;

    let pool = UserPool::builder(&pool_id, &client_id)
        .endpoint(mock.server.endpoint())
        .build()
        .map_err(fail)?;
    let user = pool.user("demo");
    let sign_in = || user.authenticate_user(AuthenticationDetails::new(DEMO_PASSWORD));

    println!("\nSRP sign-in, then TOTP enrolment while signed in:");
    let session = step(
        "sign in with USER_SRP_AUTH (PASSWORD_VERIFIER answered inside): no MFA yet",
        async { expect_session(sign_in().await.map_err(fail)?) },
    )
    .await?;
    detail(describe_session(&session));

    let token = step(
        "AssociateSoftwareToken (AccessToken form): a new TOTP secret",
        async { user.associate_software_token().await.map_err(fail) },
    )
    .await?;
    print_enrolment(&token, "demo", args.no_qr)?;
    let authenticator = token.totp();

    let now = mock.server.mock().now();
    let code = authenticator.generate(now);
    step(
        "VerifySoftwareToken with the authenticator's code: Status SUCCESS",
        async {
            match user
                .verify_software_token(&code, Some("demo phone"))
                .await
                .map_err(fail)?
            {
                AuthOutcome::Verified => Ok(()),
                other => Err(format!("expected Verified, got {other:?}")),
            }
        },
    )
    .await?;
    detail(format!("code {code}"));

    step("SetUserMFAPreference: TOTP enabled and preferred", async {
        user.set_user_mfa_preference(None, Some(MfaSettings::new(true, true)))
            .await
            .map_err(fail)
    })
    .await?;

    println!("\nSign in again: the TOTP challenge");
    user.sign_out();
    step("sign in with SRP: SOFTWARE_TOKEN_MFA challenge", async {
        match expect_challenge(sign_in().await.map_err(fail)?, "SOFTWARE_TOKEN_MFA")? {
            Challenge::SoftwareTokenMfa { .. } => Ok(()),
            other => Err(format!("expected SOFTWARE_TOKEN_MFA, got {other:?}")),
        }
    })
    .await?;
    let refused = step(
        "a malformed code (5 digits): refused before any request",
        async {
            match user.send_mfa_code("12345", None, None).await {
                Err(e @ Error::InvalidInput(_)) => Ok(format!("refused: {}", fail(e))),
                other => Err(format!("expected InvalidInputError, got {other:?}")),
            }
        },
    )
    .await?;
    detail(refused);
    // Each code is accepted once: wait for the next 30-second step, on the mock's clock.
    let later = mock
        .server
        .mock()
        .clock()
        .advance(30)
        .ok_or("the mock's clock is stuck")?;
    let code = authenticator.generate(later);
    let session = step(
        "30 s later (mock clock), answer with the new code: signed in",
        async { expect_session(user.send_mfa_code(&code, None, None).await.map_err(fail)?) },
    )
    .await?;
    detail(describe_session(&session));

    println!("\nSMS too, and SELECT_MFA_TYPE:");
    step(
        "SetUserMFAPreference: SMS and TOTP enabled, neither preferred",
        async {
            user.set_user_mfa_preference(
                Some(MfaSettings::new(true, false)),
                Some(MfaSettings::new(true, false)),
            )
            .await
            .map_err(fail)
        },
    )
    .await?;
    let data = step("GetUser: the user's MFA settings", async {
        user.get_user_data().await.map_err(fail)
    })
    .await?;
    detail(format!(
        "UserMFASettingList [{}], PreferredMfaSetting {}",
        names(&data.user_mfa_setting_list),
        data.preferred_mfa_setting.map_or("none", MfaType::as_str)
    ));

    user.sign_out();
    let choices = step("sign in with SRP: SELECT_MFA_TYPE", async {
        match expect_challenge(sign_in().await.map_err(fail)?, "SELECT_MFA_TYPE")? {
            Challenge::SelectMfaType { mfas_can_choose } => Ok(mfas_can_choose),
            other => Err(format!("expected SELECT_MFA_TYPE, got {other:?}")),
        }
    })
    .await?;
    detail(format!("MFAS_CAN_CHOOSE [{}]", names(&choices)));

    let destination = step("answer `SMS`: SMS_MFA challenge, a code is sent", async {
        let next = user
            .send_mfa_selection_answer("SMS", None)
            .await
            .map_err(fail)?;
        match expect_challenge(next, "SMS_MFA")? {
            Challenge::SmsMfa { destination, .. } => Ok(destination.unwrap_or_default()),
            other => Err(format!("expected SMS_MFA, got {other:?}")),
        }
    })
    .await?;
    detail(format!("sent to {destination}"));

    let code = mock.last_mfa_code(&user.username())?;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = step(
        "a wrong SMS code: CodeMismatchException, the challenge stays open",
        async {
            match user.send_mfa_code(wrong, None, None).await {
                Err(e) if e.code() == "CodeMismatchException" => {
                    Ok(format!("refused: {}", fail(e)))
                }
                other => Err(format!("expected CodeMismatchException, got {other:?}")),
            }
        },
    )
    .await?;
    detail(refused);
    let session = step(
        "answer with the code from the mock's outbox: signed in",
        async {
            expect_session(
                user.send_mfa_code(&code, Some(MfaType::SmsMfa), None)
                    .await
                    .map_err(fail)?,
            )
        },
    )
    .await?;
    detail(format!("code {code}; {}", describe_session(&session)));

    println!("\nTokens:");
    step(
        "refresh the session (REFRESH_TOKEN_AUTH, the refresh token is kept)",
        async { user.refresh_session().await.map(|_| ()).map_err(fail) },
    )
    .await?;
    step("GlobalSignOut: every token revoked", async {
        user.global_sign_out().await.map_err(fail)
    })
    .await?;
    let refused = step("the old tokens are refused by the service", async {
        user.restore_session(session.clone());
        let refused = user.get_user_data().await;
        user.sign_out();
        match refused {
            Err(e) if e.code() == "NotAuthorizedException" => Ok(format!("refused: {}", fail(e))),
            other => Err(format!("expected NotAuthorizedException, got {other:?}")),
        }
    })
    .await?;
    detail(refused);

    crate::demo_devices::run(&mock).await?;

    mock.server
        .shutdown()
        .await
        .map_err(|e| format!("the mock did not stop cleanly: {e}"))
}

/// Reads one line from the terminal after a prompt.
fn prompt(text: &str) -> Result<String, String> {
    print!("{text}");
    std::io::stdout().flush().map_err(|e| e.to_string())?;
    let mut line = String::new();
    let read = std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    if read == 0 {
        return Err("no more input".to_owned());
    }
    Ok(line.trim().to_owned())
}

/// Reads a secret without echo from the terminal, or as a line when stdin is not a terminal
/// (scripts, tests).
fn prompt_secret(text: &str) -> Result<cognito_mfa::srp::Password, String> {
    if !std::io::stdin().is_terminal() {
        return prompt(text).map(cognito_mfa::srp::Password::new);
    }
    rpassword::prompt_password(text)
        .map(cognito_mfa::srp::Password::new)
        .map_err(|e| format!("cannot read the password: {e}"))
}

/// The user-side steps against a real (or any Cognito-compatible) endpoint.
async fn remote(args: &DemoArgs) -> Result<(), String> {
    let (Some(pool_id), Some(client_id)) = (&args.pool_id, &args.client_id) else {
        return Err("--pool-id and --client-id are required".to_owned());
    };
    let mut builder = UserPool::builder(pool_id, client_id);
    if let Some(endpoint) = &args.endpoint {
        builder = builder.endpoint(endpoint);
    }
    if let Some(secret) = &args.client_secret {
        builder = builder.client_secret(secret);
    }
    let pool = builder.build().map_err(fail)?;
    println!(
        "cognito-mfa {} — the MFA demo, against {} (pool {pool_id})\n",
        env!("CARGO_PKG_VERSION"),
        pool.endpoint()
    );
    let username = match &args.username {
        Some(name) => name.clone(),
        None => prompt("User name: ")?,
    };
    let user = pool.user(username.as_str());
    let mut password = prompt_secret("Password: ")?;

    let outcome = step("sign in with USER_SRP_AUTH", async {
        user.authenticate_user(AuthenticationDetails::new(password.clone()))
            .await
            .map_err(fail)
    })
    .await?;
    let session = answer_challenges(&user, outcome, &username, args.no_qr, &mut password).await?;
    detail(describe_session(&session));

    let data = step("GetUser: the user's MFA settings", async {
        user.get_user_data().await.map_err(fail)
    })
    .await?;
    detail(format!(
        "UserMFASettingList [{}], PreferredMfaSetting {}",
        names(&data.user_mfa_setting_list),
        data.preferred_mfa_setting.map_or("none", MfaType::as_str)
    ));

    if !data
        .user_mfa_setting_list
        .contains(&MfaType::SoftwareTokenMfa)
    {
        let answer = prompt("TOTP is not enabled. Enrol an authenticator app now? [y/N] ")?;
        if answer.eq_ignore_ascii_case("y") {
            let token = step("AssociateSoftwareToken: a new TOTP secret", async {
                user.associate_software_token().await.map_err(fail)
            })
            .await?;
            print_enrolment(&token, &username, args.no_qr)?;
            let code = prompt("Code shown by the app: ")?;
            step("VerifySoftwareToken: Status SUCCESS", async {
                user.verify_software_token(&code, Some("cognito-mfa demo"))
                    .await
                    .map(|_| ())
                    .map_err(fail)
            })
            .await?;
            step("SetUserMFAPreference: TOTP enabled and preferred", async {
                user.set_user_mfa_preference(None, Some(MfaSettings::new(true, true)))
                    .await
                    .map_err(fail)
            })
            .await?;
        }
    }

    let again = prompt("Sign in again (answering the MFA challenge)? [y/N] ")?;
    if again.eq_ignore_ascii_case("y") {
        user.sign_out();
        let outcome = step("sign in with USER_SRP_AUTH", async {
            user.authenticate_user(AuthenticationDetails::new(password.clone()))
                .await
                .map_err(fail)
        })
        .await?;
        let session =
            answer_challenges(&user, outcome, &username, args.no_qr, &mut password).await?;
        detail(describe_session(&session));
    }
    Ok(())
}

/// Answers challenges at the prompt until signed in; `password` is replaced when the service
/// asks for a new one.
async fn answer_challenges(
    user: &User,
    mut outcome: AuthOutcome,
    account: &str,
    no_qr: bool,
    password: &mut cognito_mfa::srp::Password,
) -> Result<UserSession, String> {
    // A bound on the number of steps, so that a misbehaving endpoint cannot loop forever.
    for _ in 0..10 {
        let challenge = match outcome {
            AuthOutcome::SignedIn(session) => return Ok(session),
            AuthOutcome::Challenge { challenge, .. } => challenge,
            other => return Err(format!("unexpected outcome {other:?}")),
        };
        outcome = match challenge {
            Challenge::SmsMfa { destination, .. } | Challenge::EmailOtp { destination, .. } => {
                let code = prompt(&format!(
                    "Code sent to {}: ",
                    destination.as_deref().unwrap_or("you")
                ))?;
                step("answer the code challenge", async {
                    user.send_mfa_code(&code, None, None).await.map_err(fail)
                })
                .await?
            }
            Challenge::SoftwareTokenMfa { .. } => {
                let code = prompt("Code from your authenticator app: ")?;
                step("answer SOFTWARE_TOKEN_MFA", async {
                    user.send_mfa_code(&code, None, None).await.map_err(fail)
                })
                .await?
            }
            Challenge::SelectMfaType { mfas_can_choose } => {
                let choice = prompt(&format!("Choose a factor [{}]: ", names(&mfas_can_choose)))?;
                step("answer SELECT_MFA_TYPE", async {
                    user.send_mfa_selection_answer(&choice, None)
                        .await
                        .map_err(fail)
                })
                .await?
            }
            Challenge::MfaSetup { .. } => {
                let token = step("MFA_SETUP: AssociateSoftwareToken (Session form)", async {
                    user.associate_software_token().await.map_err(fail)
                })
                .await?;
                print_enrolment(&token, account, no_qr)?;
                let code = prompt("Code shown by the app: ")?;
                step("VerifySoftwareToken, then answer MFA_SETUP", async {
                    user.verify_software_token(&code, Some("cognito-mfa demo"))
                        .await
                        .map_err(fail)
                })
                .await?
            }
            Challenge::NewPasswordRequired {
                required_attributes,
                ..
            } => {
                let new_password = prompt_secret("A new password is required: ")?;
                let mut attributes = BTreeMap::new();
                for name in required_attributes {
                    let value = prompt(&format!("Value of the required attribute {name}: "))?;
                    attributes.insert(name, value);
                }
                let next = step("answer NEW_PASSWORD_REQUIRED", async {
                    user.complete_new_password_challenge(new_password.clone(), attributes, None)
                        .await
                        .map_err(fail)
                })
                .await?;
                *password = new_password;
                next
            }
            Challenge::CustomChallenge { parameters } => {
                detail(format!("custom challenge parameters: {parameters:?}"));
                let answer = prompt("Answer: ")?;
                step("answer CUSTOM_CHALLENGE", async {
                    user.send_custom_challenge_answer(&answer, None)
                        .await
                        .map_err(fail)
                })
                .await?
            }
            other => return Err(format!("the demo cannot answer {other:?}")),
        };
    }
    Err("too many challenges in a row".to_owned())
}

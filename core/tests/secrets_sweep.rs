//! The secrets sweep in Rust: after real sign-ins against the mock (SRP + TOTP with a client
//! secret, SMS, a TOTP enrolment, a refresh, failed ones) no password, TOTP secret, MFA code,
//! Session, token, client secret, sealing key or AWS secret key appears in the `Debug` or
//! `Display` of any value the library gave, nor in any error's `Display`, `Debug` or source
//! chain.

#![allow(
    clippy::indexing_slicing,
    reason = "only serde_json::Value is indexed, by key, which gives Null and never panics"
)]

mod client_support;

use std::error::Error as _;
use std::fmt::Debug;

use client_support::{
    MfaMode, Mock, PASSWORD, PoolOptions, TestResult, expect_challenge, expect_signed_in, fail,
    settings,
};
use cognito_mfa::admin::{AdminClient, AwsCredentials, CredentialsProvider};
use cognito_mfa::totp::Totp;
use cognito_mfa::{AuthenticationDetails, Error, Sealer, SealingKey, User};

/// What `Debug` (plain and pretty) shows of a value.
fn debug_of(value: &impl Debug) -> String {
    format!("{value:?}\n{value:#?}")
}

/// What an error shows: `Display`, `Debug`, and every source's.
fn error_text(error: &Error) -> String {
    let mut text = format!("{error}\n{error:?}\n{error:#?}");
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(&format!("\n{cause}\n{cause:?}"));
        source = cause.source();
    }
    text
}

fn session_secrets(user: &User) -> TestResult<Vec<String>> {
    let Some(session) = user.session() else {
        return fail("not signed in");
    };
    let mut secrets = vec![
        session.id_token().jwt_token().to_owned(),
        session.access_token().jwt_token().to_owned(),
    ];
    if let Some(refresh) = session.refresh_token() {
        secrets.push(refresh.token().to_owned());
    }
    let signatures: Vec<String> = secrets
        .iter()
        .take(2)
        .filter_map(|jwt| jwt.rsplit('.').next().map(str::to_owned))
        .collect();
    secrets.extend(signatures);
    Ok(secrets)
}

fn assert_nothing_secret(shown: &[String], secrets: &[String]) -> TestResult {
    let text = shown.join("\n");
    if text.len() < 2_000 {
        return fail(format!("the sweep saw too little: {} bytes", text.len()));
    }
    for secret in secrets {
        if secret.len() < 4 {
            return fail("a secret too short to look for");
        }
        if text.contains(secret.as_str()) {
            return fail(format!("a secret of {} characters leaked", secret.len()));
        }
    }
    Ok(())
}

#[tokio::test]
async fn no_secret_in_debug_display_or_errors_after_real_sign_ins() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Optional).client_secret(true))
        .await?;
    let Some(client_secret) = pool.client.client_secret.clone() else {
        return fail("the client has no secret");
    };
    mock.user(&pool, "alice", &[]).await?;
    mock.user(&pool, "bob", &[("phone_number", "+15555550100")])
        .await?;
    mock.admin_mfa(&pool, "bob", settings(true, true), None, None)
        .await?;
    let secret = mock.enrol_totp(&pool, "alice", true).await?;
    let user_pool = pool.user_pool()?;
    let mut shown = vec![debug_of(&user_pool)];
    let mut secrets = vec![
        PASSWORD.to_owned(),
        client_secret,
        secret.to_base32().to_string(),
        "Wr0ng-Passw0rd!".to_owned(),
    ];

    // A wrong password.
    let refused = user_pool
        .user("alice")
        .authenticate_user(AuthenticationDetails::new("Wr0ng-Passw0rd!"))
        .await;
    let Err(refused) = refused else {
        return fail("a wrong password signed in");
    };
    shown.push(error_text(&refused));

    // SRP + TOTP, a wrong code first.
    let alice = user_pool.user("alice");
    let details = AuthenticationDetails::new(PASSWORD);
    shown.push(debug_of(&details));
    let challenge = expect_challenge(alice.authenticate_user(details).await?)?;
    shown.push(debug_of(&challenge));
    let snapshot = alice.export_state(mock.now().await?)?;
    shown.push(debug_of(&snapshot));
    let as_json = serde_json::to_value(&snapshot)?;
    let Some(session_value) = as_json["progress"]["session"].as_str() else {
        return fail(format!("no session in {as_json}"));
    };
    secrets.push(session_value.to_owned());
    let key = SealingKey::new("k1", &[7_u8; 32])?;
    let sealer = Sealer::new(vec![key])?;
    shown.push(debug_of(&sealer));
    secrets.extend([
        "07070707070707070707".to_owned(),
        "7, 7, 7, 7, 7, 7".to_owned(),
    ]);
    let code = mock.totp_code(&secret, 0).await?;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    if let Err(error) = alice.send_mfa_code(wrong, None, None).await {
        shown.push(error_text(&error));
    }
    let session = expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;
    shown.push(debug_of(&session));
    shown.push(debug_of(&alice));
    secrets.push(code);
    secrets.extend(session_secrets(&alice)?);

    // A new authenticator, and a refresh.
    let associated = alice.associate_software_token().await?;
    shown.push(debug_of(&associated));
    let new_secret = associated.secret().clone();
    secrets.push(new_secret.to_base32().to_string());
    mock.advance(30).await?;
    let new_code = Totp::new(new_secret.clone()).generate(mock.now().await?);
    shown.push(debug_of(
        &alice
            .verify_software_token(&new_code, Some("phone"))
            .await?,
    ));
    shown.push(debug_of(&Totp::new(new_secret)));
    shown.push(debug_of(&alice.refresh_session().await?));
    secrets.extend(session_secrets(&alice)?);

    // SMS.
    let bob = user_pool.user("bob");
    shown.push(debug_of(
        &bob.authenticate_user(AuthenticationDetails::new(PASSWORD))
            .await?,
    ));
    let sms = mock.last_code("bob").await?;
    shown.push(debug_of(&bob.send_mfa_code(&sms, None, None).await?));
    shown.push(debug_of(&bob));
    secrets.push(sms);
    secrets.extend(session_secrets(&bob)?);

    // Admin credentials.
    let aws_secret = "sweep/rust+secret/key/000000000000000000";
    let aws_token = "IQoJb3JpZ2luSWEEPrustTOKEN";
    let credentials =
        AwsCredentials::new("AKIDSWEEPRUST0000001", aws_secret, Some(aws_token.into()))?;
    shown.push(debug_of(&credentials));
    let admin = AdminClient::new(&user_pool, CredentialsProvider::fixed(credentials));
    shown.push(debug_of(&admin));
    shown.push(debug_of(&admin.get_user("bob").await?));
    secrets.extend([aws_secret.to_owned(), aws_token.to_owned()]);

    assert_nothing_secret(&shown, &secrets)
}

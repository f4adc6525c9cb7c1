//! The admin client's SigV4 signatures, verified by the mock endpoint (`settings.sigv4`): the
//! right key is accepted (with a session token too), a wrong secret, an unknown key, a missing
//! session token and a clock more than five minutes off are refused with Cognito's errors, and
//! the user-side operations stay unsigned.

mod client_support;

use client_support::{
    MfaMode, Mock, PASSWORD, PoolOptions, TestResult, code_of, expect_challenge, expect_signed_in,
};
use cognito_mfa::admin::{AdminClient, AwsCredentials, CredentialsProvider};
use cognito_mfa::protocol::AuthFlow;
use cognito_mfa::{AuthenticationDetails, UserPool};
use cognito_mfa_mock::{Settings, SigV4Credential, SigV4Settings};

const AKID: &str = "AKIDMOCKADMIN";
const SECRET: &str = "mock-admin-secret";
const TEMP_AKID: &str = "ASIAMOCKTEMP";

async fn verifying_mock() -> TestResult<Mock> {
    Mock::start_with(Settings {
        sigv4: Some(SigV4Settings::new(vec![
            SigV4Credential::new(AKID, SECRET),
            SigV4Credential {
                session_token: Some("session-token-1".to_owned()),
                ..SigV4Credential::new(TEMP_AKID, "temp-secret")
            },
        ])),
        ..Settings::default()
    })
    .await
}

fn admin(pool: &UserPool, id: &str, secret: &str, token: Option<&str>) -> TestResult<AdminClient> {
    let credentials = AwsCredentials::new(id, secret, token.map(str::to_owned))?;
    Ok(AdminClient::new(
        pool,
        CredentialsProvider::fixed(credentials),
    ))
}

#[tokio::test]
async fn the_mock_accepts_our_signatures_and_refuses_bad_ones() -> TestResult {
    let mock = verifying_mock().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Optional).flows(&[
            "ALLOW_USER_SRP_AUTH",
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
        ]))
        .await?;
    mock.user(&pool, "alice", &[]).await?;
    let secret = mock.enrol_totp(&pool, "alice", true).await?;
    let user_pool = pool.user_pool()?;

    let good = admin(&user_pool, AKID, SECRET, None)?;
    assert_eq!(good.get_user("alice").await?.username, "alice");
    let temporary = admin(
        &user_pool,
        TEMP_AKID,
        "temp-secret",
        Some("session-token-1"),
    )?;
    assert_eq!(temporary.get_user("alice").await?.username, "alice");

    // A whole signed sign-in: AdminInitiateAuth, then AdminRespondToAuthChallenge.
    let alice = good.user("alice");
    let details = AuthenticationDetails::new(PASSWORD).flow(AuthFlow::AdminUserPasswordAuth);
    expect_challenge(alice.authenticate_user(details).await?)?;
    let code = mock.totp_code(&secret, 1).await?;
    expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;

    let wrong_secret = admin(&user_pool, AKID, "not-the-secret", None)?;
    assert_eq!(
        code_of(wrong_secret.get_user("alice").await),
        "InvalidSignatureException"
    );
    let unknown = admin(&user_pool, "AKIDUNKNOWN", SECRET, None)?;
    assert_eq!(
        code_of(unknown.get_user("alice").await),
        "UnrecognizedClientException"
    );
    let no_token = admin(&user_pool, TEMP_AKID, "temp-secret", None)?;
    assert_eq!(
        code_of(no_token.get_user("alice").await),
        "UnrecognizedClientException"
    );

    // The user side is not signed, and needs no signature.
    let plain = user_pool.user("alice");
    expect_challenge(
        plain
            .authenticate_user(AuthenticationDetails::new(PASSWORD))
            .await?,
    )?;
    Ok(())
}

#[tokio::test]
async fn a_signature_more_than_five_minutes_off_the_service_clock_is_refused() -> TestResult {
    let mock = verifying_mock().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "bob", &[]).await?;
    let good = admin(&pool.user_pool()?, AKID, SECRET, None)?;
    assert!(good.get_user("bob").await.is_ok());
    // The mock's clock runs ten minutes ahead of the client's: the signature is too old.
    mock.advance(600).await?;
    let error = good.get_user("bob").await.err();
    assert_eq!(
        error.as_ref().map(|e| e.code()),
        Some("InvalidSignatureException")
    );
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("Signature expired"), "{message}");
    Ok(())
}

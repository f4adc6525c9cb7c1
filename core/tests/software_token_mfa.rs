//! TOTP: enrolment while signed in (verifying does not enable it; the preference does), the
//! SOFTWARE_TOKEN_MFA challenge, and the errors a user can cause: malformed or reused codes,
//! a pool without software-token MFA, expired or reused Sessions.

mod client_support;

use client_support::*;
use cognito_mfa::{Challenge, MfaType, SignInState};

/// A user of an OPTIONAL pool with TOTP enrolled as the preferred factor, signed out; returns
/// the user and the secret.
async fn enrolled(
    mock: &Mock,
    pool: &Pool,
    username: &str,
) -> TestResult<(cognito_mfa::User, cognito_mfa::totp::Secret)> {
    mock.user(pool, username, &[]).await?;
    let secret = mock.enrol_totp(pool, username, true).await?;
    Ok((pool.user_pool()?.user(username), secret))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrol_while_signed_in_then_sign_in_with_totp() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "alice", &[]).await?;
    let alice = pool.user_pool()?.user("alice");
    expect_signed_in(sign_in(&alice).await?)?;

    let token = alice.associate_software_token().await?;
    let uri = token.otpauth_uri("alice", Some("Example"))?;
    assert!(uri.starts_with("otpauth://totp/Example:alice?secret="));
    assert!(uri.contains(token.secret_base32().as_str()));

    // A wrong code is refused by the service, before anything is enabled.
    let wrong = mock.totp_code(token.secret(), 20).await?;
    assert_eq!(
        code_of(alice.verify_software_token(&wrong, None).await),
        "EnableSoftwareTokenMFAException"
    );
    let code = mock.totp_code(token.secret(), 0).await?;
    let verified = alice.verify_software_token(&code, Some("My phone")).await?;
    assert!(verified.is_verified());

    // Verifying does not enable TOTP; the preference does.
    assert!(
        alice
            .get_user_data()
            .await?
            .user_mfa_setting_list
            .is_empty()
    );
    alice
        .set_user_mfa_preference(None, settings(true, true))
        .await?;
    let data = alice.get_user_data().await?;
    assert_eq!(data.user_mfa_setting_list, vec![MfaType::SoftwareTokenMfa]);
    assert_eq!(data.preferred_mfa_setting, Some(MfaType::SoftwareTokenMfa));

    alice.sign_out();
    let challenge = expect_challenge(sign_in(&alice).await?)?;
    assert!(matches!(challenge, Challenge::SoftwareTokenMfa { .. }));
    assert_eq!(challenge.mfa_type(), Some(MfaType::SoftwareTokenMfa));

    // A wrong code may be retried on the same Session.
    let wrong = mock.totp_code(token.secret(), 20).await?;
    assert_eq!(
        code_of(alice.send_mfa_code(&wrong, None, None).await),
        "CodeMismatchException"
    );
    assert!(matches!(alice.state(), SignInState::InChallenge { .. }));
    let code = mock.totp_code(token.secret(), 1).await?;
    let session = expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;
    assert!(session.refresh_token().is_some());
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_or_contradicting_codes_are_refused_before_any_request() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (bob, secret) = enrolled(&mock, &pool, "bob").await?;
    expect_challenge(sign_in(&bob).await?)?;

    for bad in ["12345", "1234567", "12a456", ""] {
        assert_eq!(
            code_of(bob.send_mfa_code(bad, None, None).await),
            "InvalidInputError",
            "{bad:?}"
        );
    }
    // An explicit type that contradicts the challenge in progress.
    let code = mock.totp_code(&secret, 1).await?;
    assert_eq!(
        code_of(bob.send_mfa_code(&code, Some(MfaType::SmsMfa), None).await),
        "InvalidInputError"
    );
    // None of those consumed the Session: the right code still works, with its type given.
    let outcome = bob
        .send_mfa_code(&code, Some(MfaType::SoftwareTokenMfa), None)
        .await?;
    expect_signed_in(outcome)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_already_used_is_refused() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (carol, secret) = enrolled(&mock, &pool, "carol").await?;
    let code = mock.totp_code(&secret, 1).await?;
    expect_challenge(sign_in(&carol).await?)?;
    expect_signed_in(carol.send_mfa_code(&code, None, None).await?)?;

    carol.sign_out();
    expect_challenge(sign_in(&carol).await?)?;
    // Cognito: ExpiredCodeException "Your software token has already been used once."
    let error = carol
        .send_mfa_code(&code, None, None)
        .await
        .err()
        .ok_or("a used code was accepted again")?;
    assert_eq!(error.code(), "ExpiredCodeException");
    assert!(
        error
            .service()
            .is_some_and(|s| s.message().contains("already been used")),
        "{error}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn totp_cannot_be_enabled_before_it_is_verified() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "dave", &[]).await?;
    let dave = pool.user_pool()?.user("dave");
    expect_signed_in(sign_in(&dave).await?)?;
    assert_eq!(
        code_of(
            dave.set_user_mfa_preference(None, settings(true, true))
                .await
        ),
        "InvalidParameterException"
    );
    // Associated but not verified is still not enough.
    dave.associate_software_token().await?;
    assert_eq!(
        code_of(
            dave.set_user_mfa_preference(None, settings(true, true))
                .await
        ),
        "InvalidParameterException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pool_without_software_token_mfa_refuses_association() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(PoolOptions::mfa(MfaMode::Optional).without_totp())
        .await?;
    mock.user(&pool, "erin", &[]).await?;
    let erin = pool.user_pool()?.user("erin");
    expect_signed_in(sign_in(&erin).await?)?;
    assert_eq!(
        code_of(erin.associate_software_token().await),
        "SoftwareTokenMFANotFoundException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_or_reused_session_is_refused() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (frank, secret) = enrolled(&mock, &pool, "frank").await?;

    // Reused: the Session of a challenge already answered.
    expect_challenge(sign_in(&frank).await?)?;
    let SignInState::InChallenge {
        name,
        session,
        parameters,
        ..
    } = frank.state()
    else {
        return fail("no challenge in progress");
    };
    let code = mock.totp_code(&secret, 1).await?;
    expect_signed_in(frank.send_mfa_code(&code, None, None).await?)?;
    frank.resume_challenge(name, session.expose(), parameters)?;
    let code = mock.totp_code(&secret, 2).await?;
    assert_eq!(
        code_of(frank.send_mfa_code(&code, None, None).await),
        "NotAuthorizedException"
    );

    // Expired: the app client's AuthSessionValidity (3 minutes) has passed.
    frank.sign_out();
    expect_challenge(sign_in(&frank).await?)?;
    mock.advance(4 * 60).await?;
    let code = mock.totp_code(&secret, 0).await?;
    let error = frank
        .send_mfa_code(&code, None, None)
        .await
        .err()
        .ok_or("an expired session was accepted")?;
    assert_eq!(error.code(), "NotAuthorizedException");
    assert!(
        error
            .service()
            .is_some_and(|s| s.message().contains("expired")),
        "{error}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_resumed_challenge_answers_with_its_session() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (grace, secret) = enrolled(&mock, &pool, "grace").await?;
    expect_challenge(sign_in(&grace).await?)?;
    let SignInState::InChallenge {
        session,
        parameters,
        ..
    } = grace.state()
    else {
        return fail("no challenge in progress");
    };

    // Another User value (e.g. in the next HTTP request of a web backend) resumes it: with the
    // wrong challenge name the service refuses and keeps the Session...
    let resumed = pool.user_pool()?.user(grace.username());
    resumed.resume_challenge(
        cognito_mfa::ChallengeName::SmsMfa,
        session.expose(),
        parameters.clone(),
    )?;
    let code = mock.totp_code(&secret, 1).await?;
    assert_eq!(
        code_of(resumed.send_mfa_code("123456", None, None).await),
        "InvalidParameterException"
    );
    // ...and with the right one it signs in.
    let challenge = resumed.resume_challenge(
        cognito_mfa::ChallengeName::SoftwareTokenMfa,
        session.expose(),
        parameters,
    )?;
    assert!(matches!(challenge, Challenge::SoftwareTokenMfa { .. }));
    expect_signed_in(resumed.send_mfa_code(&code, None, None).await?)?;
    assert_eq!(
        code_of(resumed.resume_challenge(
            cognito_mfa::ChallengeName::SmsMfa,
            "",
            Default::default()
        )),
        "InvalidInputError"
    );
    Ok(())
}

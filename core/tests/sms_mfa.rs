//! SMS MFA (modern preferences and the legacy `SetUserSettings`), codes from the mock's outbox,
//! codes that expire after three minutes, the limit of five wrong codes per Session, and
//! e-mail OTP answered the same way.

mod client_support;

use client_support::*;
use cognito_mfa::{AuthOutcome, Challenge, MfaType, SignInState};
use cognito_mfa_mock::Settings;
use std::collections::BTreeMap;

const PHONE: &str = "+15555551234";

async fn sms_user(mock: &Mock, pool: &Pool, username: &str) -> TestResult<cognito_mfa::User> {
    mock.user(pool, username, &[("phone_number", PHONE)])
        .await?;
    mock.admin_mfa(pool, username, settings(true, true), None, None)
        .await?;
    Ok(pool.user_pool()?.user(username))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sms_mfa_outcome_carries_the_raw_challenge_parameters() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let bob = sms_user(&mock, &pool, "bob").await?;

    let outcome = sign_in(&bob).await?;
    let expected = BTreeMap::from([
        ("CODE_DELIVERY_DELIVERY_MEDIUM".to_owned(), "SMS".to_owned()),
        (
            "CODE_DELIVERY_DESTINATION".to_owned(),
            "+*******1234".to_owned(),
        ),
    ]);
    assert_eq!(outcome.challenge_parameters(), Some(&expected));
    // The parameters belong to the outcome: moving the user's state on leaves them intact.
    bob.sign_out();
    assert!(matches!(bob.state(), SignInState::Idle));
    let AuthOutcome::Challenge {
        challenge,
        parameters,
    } = outcome
    else {
        return fail(format!("expected SMS_MFA, got {outcome:?}"));
    };
    assert!(
        matches!(challenge, Challenge::SmsMfa { .. }),
        "{challenge:?}"
    );
    assert_eq!(parameters, expected);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_mfa_with_the_code_from_the_outbox() -> TestResult {
    for secret in [false, true] {
        let mock = Mock::start().await?;
        let pool = mock
            .pool(PoolOptions::mfa(MfaMode::Optional).client_secret(secret))
            .await?;
        let alice = sms_user(&mock, &pool, "alice").await?;

        let challenge = expect_challenge(sign_in(&alice).await?)?;
        assert_eq!(
            challenge,
            Challenge::SmsMfa {
                delivery_medium: Some("SMS".into()),
                destination: Some("+*******1234".into()),
            }
        );
        let code = mock.last_code(&alice.username()).await?;
        let wrong = if code == "000000" { "111111" } else { "000000" };
        assert_eq!(
            code_of(alice.send_mfa_code(wrong, None, None).await),
            "CodeMismatchException"
        );
        let session = expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;
        assert!(session.refresh_token().is_some());
        let data = alice.get_user_data().await?;
        assert_eq!(data.preferred_mfa_setting, Some(MfaType::SmsMfa));
        assert_eq!(data.user_mfa_setting_list, vec![MfaType::SmsMfa]);
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_user_turns_sms_mfa_on_and_needs_a_phone_number() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "bob", &[("phone_number", PHONE)]).await?;
    mock.user(&pool, "nophone", &[]).await?;

    let nophone = pool.user_pool()?.user("nophone");
    expect_signed_in(sign_in(&nophone).await?)?;
    assert_eq!(
        code_of(
            nophone
                .set_user_mfa_preference(settings(true, true), None)
                .await
        ),
        "InvalidParameterException"
    );

    let bob = pool.user_pool()?.user("bob");
    expect_signed_in(sign_in(&bob).await?)?;
    bob.set_user_mfa_preference(settings(true, true), None)
        .await?;
    bob.sign_out();
    let challenge = expect_challenge(sign_in(&bob).await?)?;
    assert_eq!(challenge.mfa_type(), Some(MfaType::SmsMfa));
    let code = mock.last_code(&bob.username()).await?;
    expect_signed_in(
        bob.send_mfa_code(&code, Some(MfaType::SmsMfa), None)
            .await?,
    )?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_sms_code_expires_after_three_minutes() -> TestResult {
    // A 15-minute Session, so that only the code expires.
    let mock = Mock::start_with(Settings {
        default_auth_session_validity_minutes: 15,
        ..Settings::default()
    })
    .await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let carol = sms_user(&mock, &pool, "carol").await?;
    expect_challenge(sign_in(&carol).await?)?;
    let code = mock.last_code(&carol.username()).await?;
    mock.advance(181).await?;
    assert_eq!(
        code_of(carol.send_mfa_code(&code, None, None).await),
        "ExpiredCodeException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn too_many_wrong_codes_invalidate_the_session() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let dave = sms_user(&mock, &pool, "dave").await?;
    expect_challenge(sign_in(&dave).await?)?;
    let code = mock.last_code(&dave.username()).await?;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let mut codes = Vec::new();
    for _ in 0..5 {
        codes.push(code_of(dave.send_mfa_code(wrong, None, None).await));
    }
    assert!(
        codes.iter().all(|c| c == "CodeMismatchException"),
        "{codes:?}"
    );
    // The Session is gone: even the right code is refused now.
    assert_eq!(
        code_of(dave.send_mfa_code(&code, None, None).await),
        "NotAuthorizedException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn legacy_sms_settings_turn_sms_mfa_on_and_off() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "erin", &[("phone_number", PHONE)]).await?;
    let erin = pool.user_pool()?.user("erin");
    expect_signed_in(sign_in(&erin).await?)?;
    assert!(erin.get_mfa_options().await?.is_empty());

    erin.enable_mfa().await?;
    assert_eq!(
        erin.get_mfa_options().await?,
        vec![cognito_mfa::MfaOption::sms()]
    );
    erin.sign_out();
    let challenge = expect_challenge(sign_in(&erin).await?)?;
    assert!(matches!(challenge, Challenge::SmsMfa { .. }));
    let code = mock.last_code(&erin.username()).await?;
    expect_signed_in(erin.send_mfa_code(&code, None, None).await?)?;

    erin.disable_mfa().await?;
    assert!(erin.get_mfa_options().await?.is_empty());
    erin.sign_out();
    expect_signed_in(sign_in(&erin).await?)?;
    assert!(matches!(erin.state(), SignInState::SignedIn { .. }));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_otp_is_answered_like_sms() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "frank", &[("email", "frank@example.com")])
        .await?;
    mock.admin_mfa(&pool, "frank", None, None, settings(true, true))
        .await?;
    let frank = pool.user_pool()?.user("frank");
    let challenge = expect_challenge(sign_in(&frank).await?)?;
    let Challenge::EmailOtp {
        delivery_medium, ..
    } = &challenge
    else {
        return fail(format!("expected EMAIL_OTP, got {challenge:?}"));
    };
    assert_eq!(delivery_medium.as_deref(), Some("EMAIL"));
    let code = mock.last_code(&frank.username()).await?;
    expect_signed_in(frank.send_mfa_code(&code, None, None).await?)?;
    Ok(())
}

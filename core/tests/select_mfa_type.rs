//! SELECT_MFA_TYPE: a user with several factors enabled and none preferred chooses one, by its
//! name or a friendly alias (`SMS`, `TOTP`, `EMAIL`...), then answers that factor's code.

mod client_support;

use client_support::*;
use cognito_mfa::{Challenge, MfaType};
use std::collections::BTreeMap;

/// A user with SMS and TOTP both enabled and neither preferred; returns it signed out, with
/// the TOTP secret.
async fn two_factor_user(
    mock: &Mock,
    pool: &Pool,
    username: &str,
) -> TestResult<(cognito_mfa::User, cognito_mfa::totp::Secret)> {
    mock.user(pool, username, &[("phone_number", "+15555550000")])
        .await?;
    let secret = mock.enrol_totp(pool, username, false).await?;
    mock.admin_mfa(pool, username, settings(true, false), None, None)
        .await?;
    Ok((pool.user_pool()?.user(username), secret))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_sms_then_answering_the_sms_code() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (alice, _) = two_factor_user(&mock, &pool, "alice").await?;

    let challenge = expect_challenge(sign_in(&alice).await?)?;
    let Challenge::SelectMfaType { mfas_can_choose } = &challenge else {
        return fail(format!("expected SELECT_MFA_TYPE, got {challenge:?}"));
    };
    assert!(mfas_can_choose.contains(&MfaType::SmsMfa));
    assert!(mfas_can_choose.contains(&MfaType::SoftwareTokenMfa));
    // A code is not an answer to SELECT_MFA_TYPE.
    assert_eq!(
        code_of(alice.send_mfa_code("123456", None, None).await),
        "NoChallengeInProgressError"
    );

    let next = expect_challenge(alice.send_mfa_selection_answer("SMS", None).await?)?;
    assert!(matches!(next, Challenge::SmsMfa { .. }), "{next:?}");
    let code = mock.last_code(&alice.username()).await?;
    expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_select_mfa_type_outcome_carries_mfas_can_choose_as_sent() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (carol, _) = two_factor_user(&mock, &pool, "carol").await?;

    let outcome = sign_in(&carol).await?;
    assert!(
        matches!(outcome.challenge(), Some(Challenge::SelectMfaType { .. })),
        "{outcome:?}"
    );
    // `MFAS_CAN_CHOOSE` stays the JSON array encoded in a string that the service sent.
    let expected = BTreeMap::from([(
        "MFAS_CAN_CHOOSE".to_owned(),
        r#"["SMS_MFA","SOFTWARE_TOKEN_MFA"]"#.to_owned(),
    )]);
    assert_eq!(outcome.challenge_parameters(), Some(&expected));

    // The next challenge's parameters are those of its own answer.
    let next = carol.send_mfa_selection_answer("SMS", None).await?;
    let parameters = next.challenge_parameters().ok_or("expected SMS_MFA")?;
    assert_eq!(
        parameters
            .get("CODE_DELIVERY_DELIVERY_MEDIUM")
            .map(String::as_str),
        Some("SMS")
    );
    assert!(!parameters.contains_key("MFAS_CAN_CHOOSE"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_totp_with_each_alias() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    let (bob, secret) = two_factor_user(&mock, &pool, "bob").await?;
    for alias in ["SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN", "TOTP", "totp"] {
        expect_challenge(sign_in(&bob).await?)?;
        let next = expect_challenge(bob.send_mfa_selection_answer(alias, None).await?)?;
        assert!(
            matches!(next, Challenge::SoftwareTokenMfa { .. }),
            "{alias}: {next:?}"
        );
        // Each sign-in needs a code of a later time step than the last one accepted: the
        // next step's code, then the clock moves on by one step.
        let code = mock.totp_code(&secret, 1).await?;
        expect_signed_in(bob.send_mfa_code(&code, None, None).await?)?;
        bob.sign_out();
        mock.advance(30).await?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn choosing_totp_without_a_software_token_is_refused_by_the_service() -> TestResult {
    // SMS and e-mail enabled, no software token: TOTP is not among MFAS_CAN_CHOOSE. The
    // client leaves the refusal to the service, which answers with its own code.
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(
        &pool,
        "carol",
        &[
            ("phone_number", "+15555550001"),
            ("email", "carol@example.com"),
        ],
    )
    .await?;
    mock.admin_mfa(
        &pool,
        "carol",
        settings(true, false),
        None,
        settings(true, false),
    )
    .await?;
    let carol = pool.user_pool()?.user("carol");
    let challenge = expect_challenge(sign_in(&carol).await?)?;
    assert!(
        matches!(challenge, Challenge::SelectMfaType { .. }),
        "{challenge:?}"
    );
    let Challenge::SelectMfaType { mfas_can_choose } = &challenge else {
        return fail("not SELECT_MFA_TYPE");
    };
    assert!(!mfas_can_choose.contains(&MfaType::SoftwareTokenMfa));
    let refused = carol.send_mfa_selection_answer("TOTP", None).await;
    assert_eq!(code_of(refused), "MFAMethodNotFoundException");
    assert_eq!(
        code_of(carol.send_mfa_selection_answer("PIGEON", None).await),
        "InvalidInputError"
    );
    // E-mail is a factor like the others: EMAIL_OTP with the code from the outbox.
    expect_challenge(sign_in(&carol).await?)?;
    let next = expect_challenge(carol.send_mfa_selection_answer("EMAIL", None).await?)?;
    assert!(matches!(next, Challenge::EmailOtp { .. }), "{next:?}");
    let code = mock.last_code(&carol.username()).await?;
    expect_signed_in(
        carol
            .send_mfa_code(&code, Some(MfaType::EmailOtp), None)
            .await?,
    )?;
    Ok(())
}

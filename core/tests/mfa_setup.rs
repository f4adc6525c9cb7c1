//! MFA_SETUP on pools with MFA ON (TOTP enrolment during sign-in, with the Session form of
//! AssociateSoftwareToken / VerifySoftwareToken), after NEW_PASSWORD_REQUIRED too, and the
//! rules of ON and OFF pools (an ON pool keeps a user's last factor; an OFF pool enables
//! none).

mod client_support;

use client_support::*;
use cognito_mfa::{AuthFlow, AuthOutcome, AuthenticationDetails, Challenge, MfaType};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mfa_setup_enrols_totp_during_sign_in() -> TestResult {
    for secret in [false, true] {
        let mock = Mock::start().await?;
        let pool = mock
            .pool(PoolOptions::mfa(MfaMode::On).client_secret(secret))
            .await?;
        mock.user(&pool, "alice", &[]).await?;
        let alice = pool.user_pool()?.user("alice");

        let challenge = expect_challenge(sign_in(&alice).await?)?;
        let Challenge::MfaSetup { mfas_can_setup } = &challenge else {
            return fail(format!("expected MFA_SETUP, got {challenge:?}"));
        };
        assert!(mfas_can_setup.contains(&MfaType::SoftwareTokenMfa));

        let token = alice.associate_software_token().await?;
        let wrong = mock.totp_code(token.secret(), 20).await?;
        assert_eq!(
            code_of(alice.verify_software_token(&wrong, None).await),
            "EnableSoftwareTokenMFAException"
        );
        let code = mock.totp_code(token.secret(), 0).await?;
        let outcome = alice.verify_software_token(&code, Some("phone")).await?;
        let AuthOutcome::SignedIn(session) = outcome else {
            return fail(format!("expected a session, got {outcome:?}"));
        };
        assert!(session.refresh_token().is_some());
        assert!(
            alice
                .get_user_data()
                .await?
                .user_mfa_setting_list
                .contains(&MfaType::SoftwareTokenMfa)
        );

        // From now on, sign-in asks for TOTP.
        alice.sign_out();
        let challenge = expect_challenge(sign_in(&alice).await?)?;
        assert!(matches!(challenge, Challenge::SoftwareTokenMfa { .. }));
        let code = mock.totp_code(token.secret(), 1).await?;
        expect_signed_in(alice.send_mfa_code(&code, None, None).await?)?;
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_password_auth_also_gets_mfa_setup() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock
        .pool(
            PoolOptions::mfa(MfaMode::On)
                .flows(&["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]),
        )
        .await?;
    mock.user(&pool, "bob", &[]).await?;
    let bob = pool.user_pool()?.user("bob");
    let details = AuthenticationDetails::new(PASSWORD).flow(AuthFlow::UserPasswordAuth);
    let challenge = expect_challenge(bob.authenticate_user(details).await?)?;
    assert!(
        matches!(challenge, Challenge::MfaSetup { .. }),
        "{challenge:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_password_required_then_mfa_setup() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::On)).await?;
    mock.invited_user(&pool, "carol", &[("email", "carol@example.com")])
        .await?;
    let carol = pool.user_pool()?.user("carol");

    let challenge = expect_challenge(sign_in(&carol).await?)?;
    let Challenge::NewPasswordRequired {
        user_attributes, ..
    } = &challenge
    else {
        return fail(format!("expected NEW_PASSWORD_REQUIRED, got {challenge:?}"));
    };
    assert_eq!(
        user_attributes.get("email").map(String::as_str),
        Some("carol@example.com")
    );
    // Not a code challenge.
    assert_eq!(
        code_of(carol.send_mfa_code("123456", None, None).await),
        "NoChallengeInProgressError"
    );
    let new_password = "N3w-Passw0rd!";
    let next = carol
        .complete_new_password_challenge(new_password, attributes(&[]), None)
        .await?;
    let next = expect_challenge(next)?;
    assert!(matches!(next, Challenge::MfaSetup { .. }), "{next:?}");
    let token = carol.associate_software_token().await?;
    let code = mock.totp_code(token.secret(), 0).await?;
    let outcome = carol.verify_software_token(&code, None).await?;
    assert!(matches!(outcome, AuthOutcome::SignedIn(_)), "{outcome:?}");

    // The new password is the password now.
    carol.sign_out();
    let challenge = expect_challenge(
        carol
            .authenticate_user(AuthenticationDetails::new(new_password))
            .await?,
    )?;
    assert!(matches!(challenge, Challenge::SoftwareTokenMfa { .. }));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_pools_keep_the_last_factor_and_off_pools_enable_none() -> TestResult {
    let mock = Mock::start().await?;
    let on = mock.pool(PoolOptions::mfa(MfaMode::On)).await?;
    mock.user(&on, "dave", &[]).await?;
    let dave = on.user_pool()?.user("dave");
    expect_challenge(sign_in(&dave).await?)?;
    let token = dave.associate_software_token().await?;
    let code = mock.totp_code(token.secret(), 0).await?;
    dave.verify_software_token(&code, None).await?;
    assert_eq!(
        code_of(
            dave.set_user_mfa_preference(None, settings(false, false))
                .await
        ),
        "InvalidParameterException"
    );

    let off = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&off, "erin", &[("phone_number", "+15555550002")])
        .await?;
    let erin = off.user_pool()?.user("erin");
    expect_signed_in(sign_in(&erin).await?)?;
    assert_eq!(
        code_of(
            erin.set_user_mfa_preference(settings(true, true), None)
                .await
        ),
        "InvalidParameterException"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_setup_session_expires() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::On)).await?;
    mock.user(&pool, "frank", &[]).await?;
    let frank = pool.user_pool()?.user("frank");
    expect_challenge(sign_in(&frank).await?)?;
    let token = frank.associate_software_token().await?;
    mock.advance(4 * 60).await?;
    let code = mock.totp_code(token.secret(), 0).await?;
    assert_eq!(
        code_of(frank.verify_software_token(&code, None).await),
        "NotAuthorizedException"
    );
    Ok(())
}

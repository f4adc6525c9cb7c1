//! The accessors of [`AuthOutcome`] and [`Challenge`] on the outcomes the service really sends
//! (what the Python and Node result objects are getters over): each one answers for its own
//! challenge and is `None` for the others.

mod client_support;

use client_support::*;
use cognito_mfa::{AuthOutcome, Challenge, ChallengeName, MfaType};

/// Asserts that none of the challenge-specific accessors answers, except those `allowed`.
fn assert_only(challenge: &Challenge, allowed: &[&str]) {
    let answers = [
        ("destination", challenge.destination().is_some()),
        ("delivery_medium", challenge.delivery_medium().is_some()),
        (
            "friendly_device_name",
            challenge.friendly_device_name().is_some(),
        ),
        ("mfas_can_choose", challenge.mfas_can_choose().is_some()),
        ("mfas_can_setup", challenge.mfas_can_setup().is_some()),
        ("user_attributes", challenge.user_attributes().is_some()),
        (
            "required_attributes",
            challenge.required_attributes().is_some(),
        ),
    ];
    for (name, answered) in answers {
        assert_eq!(
            answered,
            allowed.contains(&name),
            "{name} on {:?}: {challenge:?}",
            challenge.name()
        );
    }
}

/// Asserts a challenge outcome named `name` and returns its challenge.
fn challenge_of(outcome: &AuthOutcome, name: ChallengeName) -> TestResult<&Challenge> {
    assert!(!outcome.is_signed_in(), "{outcome:?}");
    assert!(!outcome.is_verified(), "{outcome:?}");
    assert!(outcome.session().is_none());
    assert_eq!(outcome.challenge_name(), Some(name));
    assert!(outcome.challenge_parameters().is_some());
    outcome.challenge().ok_or_else(|| "no challenge".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signed_in_outcome_has_a_session_and_no_challenge() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Off)).await?;
    mock.user(&pool, "alice", &[]).await?;
    let outcome = sign_in(&pool.user_pool()?.user("alice")).await?;
    assert!(outcome.is_signed_in());
    assert!(!outcome.is_verified());
    assert!(outcome.session().is_some_and(|s| s.is_valid()));
    assert!(outcome.challenge().is_none());
    assert_eq!(outcome.challenge_name(), None);
    assert_eq!(outcome.challenge_parameters(), None);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sms_mfa_gives_the_masked_destination_and_the_medium() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "bob", &[("phone_number", "+15555551234")])
        .await?;
    mock.admin_mfa(&pool, "bob", settings(true, true), None, None)
        .await?;
    let outcome = sign_in(&pool.user_pool()?.user("bob")).await?;
    let challenge = challenge_of(&outcome, ChallengeName::SmsMfa)?;
    assert_eq!(challenge.mfa_type(), Some(MfaType::SmsMfa));
    assert_eq!(challenge.destination(), Some("+*******1234"));
    assert_eq!(challenge.delivery_medium(), Some("SMS"));
    assert_only(challenge, &["destination", "delivery_medium"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_otp_gives_a_masked_address_and_the_medium() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "carol", &[("email", "carol@example.com")])
        .await?;
    mock.admin_mfa(&pool, "carol", None, None, settings(true, true))
        .await?;
    let outcome = sign_in(&pool.user_pool()?.user("carol")).await?;
    let challenge = challenge_of(&outcome, ChallengeName::EmailOtp)?;
    assert_eq!(challenge.mfa_type(), Some(MfaType::EmailOtp));
    assert_eq!(challenge.delivery_medium(), Some("EMAIL"));
    let destination = challenge.destination().ok_or("no destination")?;
    assert!(destination.contains('@'), "{destination}");
    assert_ne!(destination, "carol@example.com", "the address is masked");
    assert_only(challenge, &["destination", "delivery_medium"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifying_while_signed_in_is_verified_and_the_totp_challenge_names_the_device()
-> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "dave", &[]).await?;
    let dave = pool.user_pool()?.user("dave");
    expect_signed_in(sign_in(&dave).await?)?;
    let token = dave.associate_software_token().await?;
    let code = mock.totp_code(token.secret(), 0).await?;
    let verified = dave.verify_software_token(&code, Some("My phone")).await?;
    assert!(verified.is_verified());
    assert!(!verified.is_signed_in());
    assert!(verified.session().is_none());
    assert!(verified.challenge().is_none());
    assert_eq!(verified.challenge_name(), None);
    assert_eq!(verified.challenge_parameters(), None);
    dave.set_user_mfa_preference(None, settings(true, true))
        .await?;
    dave.sign_out();

    let outcome = sign_in(&dave).await?;
    let challenge = challenge_of(&outcome, ChallengeName::SoftwareTokenMfa)?;
    assert_eq!(challenge.mfa_type(), Some(MfaType::SoftwareTokenMfa));
    assert_eq!(challenge.friendly_device_name(), Some("My phone"));
    assert_only(challenge, &["friendly_device_name"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn select_mfa_type_gives_the_factors_to_choose_from() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::Optional)).await?;
    mock.user(&pool, "erin", &[("phone_number", "+15555550003")])
        .await?;
    mock.enrol_totp(&pool, "erin", false).await?;
    mock.admin_mfa(&pool, "erin", settings(true, false), None, None)
        .await?;
    let outcome = sign_in(&pool.user_pool()?.user("erin")).await?;
    let challenge = challenge_of(&outcome, ChallengeName::SelectMfaType)?;
    assert_eq!(challenge.mfa_type(), None);
    assert_eq!(
        challenge.mfas_can_choose(),
        Some(&[MfaType::SmsMfa, MfaType::SoftwareTokenMfa][..])
    );
    assert_only(challenge, &["mfas_can_choose"]);
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn new_password_required_then_mfa_setup_give_their_attributes_and_factors() -> TestResult {
    let mock = Mock::start().await?;
    let pool = mock.pool(PoolOptions::mfa(MfaMode::On)).await?;
    mock.invited_user(&pool, "frank", &[("email", "frank@example.com")])
        .await?;
    let frank = pool.user_pool()?.user("frank");

    let outcome = sign_in(&frank).await?;
    let challenge = challenge_of(&outcome, ChallengeName::NewPasswordRequired)?;
    assert_eq!(challenge.mfa_type(), None);
    let user_attributes = challenge.user_attributes().ok_or("no userAttributes")?;
    assert_eq!(
        user_attributes.get("email").map(String::as_str),
        Some("frank@example.com")
    );
    // The mock requires no attribute beyond the pool's defaults: an empty list, not none.
    assert_eq!(challenge.required_attributes(), Some(&[][..]));
    assert_only(challenge, &["user_attributes", "required_attributes"]);

    let outcome = frank
        .complete_new_password_challenge("N3w-Passw0rd!", attributes(&[]), None)
        .await?;
    let challenge = challenge_of(&outcome, ChallengeName::MfaSetup)?;
    assert_eq!(challenge.mfa_type(), None);
    let can_setup = challenge.mfas_can_setup().ok_or("no MFAS_CAN_SETUP")?;
    assert!(
        can_setup.contains(&MfaType::SoftwareTokenMfa),
        "{can_setup:?}"
    );
    assert_only(challenge, &["mfas_can_setup"]);
    Ok(())
}

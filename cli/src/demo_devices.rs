//! The remembered-device part of `cognito-mfa demo`: on a pool where remembered devices skip
//! MFA, a sign-in with TOTP confirms the device, the next sign-in from it needs no code (device
//! SRP answered inside), and once forgotten the device is asked for the code again.

use std::sync::Arc;

use cognito_mfa::device::{DeviceSettings, MemoryDeviceStore};
use cognito_mfa::{AuthenticationDetails, Challenge, UserPool};
use cognito_mfa_mock::{ClientSpec, DeviceTracking, MfaMode, PoolSpec, UserSpec};

use crate::demo_cmd::{Embedded, detail, expect_challenge, expect_session, fail, step};

const PASSWORD: &str = "Device-Passw0rd!";

/// Runs the remembered-device steps against the embedded mock.
pub(crate) async fn run(mock: &Embedded) -> Result<(), String> {
    println!("\nRemembered devices: MFA once, then not again from the same device:");
    let helpers = mock.server.mock();
    let helper_error = |e: cognito_mfa_mock::HelperError| e.to_string();
    let (pool_id, client, secret) = step(
        "create a pool where remembered devices skip MFA, and a user `traveller` with TOTP",
        async {
            let pool_id = helpers
                .create_user_pool(&PoolSpec {
                    name: "devices".to_owned(),
                    mfa: MfaMode::Optional,
                    devices: Some(DeviceTracking {
                        challenge_required_on_new_device: true,
                        device_only_remembered_on_user_prompt: false,
                    }),
                    ..PoolSpec::default()
                })
                .await
                .map_err(helper_error)?;
            let client = helpers
                .create_app_client(&pool_id, &ClientSpec::default())
                .await
                .map_err(helper_error)?;
            helpers
                .create_user(&pool_id, "traveller", PASSWORD, &UserSpec::default())
                .await
                .map_err(helper_error)?;
            let secret = helpers
                .enrol_totp(&pool_id, &client, "traveller", PASSWORD, true)
                .await
                .map_err(helper_error)?;
            Ok((pool_id, client, secret))
        },
    )
    .await?;

    let store = Arc::new(MemoryDeviceStore::new());
    let pool = UserPool::builder(&pool_id, &client.client_id)
        .endpoint(mock.server.endpoint())
        .devices(DeviceSettings::with_store(store.clone()).device_name("demo laptop"))
        .build()
        .map_err(fail)?;
    let authenticator = cognito_mfa::totp::Totp::new(secret);

    let user = pool.user("traveller");
    let challenge = step("sign in from a new device: SOFTWARE_TOKEN_MFA", async {
        let outcome = user
            .authenticate_user(AuthenticationDetails::new(PASSWORD))
            .await
            .map_err(fail)?;
        expect_challenge(outcome, "SOFTWARE_TOKEN_MFA")
    })
    .await?;
    if !matches!(challenge, Challenge::SoftwareTokenMfa { .. }) {
        return Err(format!("expected SOFTWARE_TOKEN_MFA, got {challenge:?}"));
    }
    step(
        "answer the code: signed in, and the new device confirmed (ConfirmDevice)",
        async {
            let code = authenticator.generate(helpers.now());
            let outcome = user.send_mfa_code(&code, None, None).await.map_err(fail)?;
            expect_session(outcome).map(|_| ())
        },
    )
    .await?;
    let device_key = user
        .device_key()
        .ok_or_else(|| "no device was confirmed".to_owned())?;
    detail(format!(
        "device {device_key}, remembered at once (UserConfirmationNecessary = {})",
        user.user_confirmation_necessary().unwrap_or(true)
    ));

    helpers.clock().advance(30);
    let again = pool.user("traveller");
    step(
        "sign in again from that device: DEVICE_SRP_AUTH answered inside, no MFA code",
        async {
            let outcome = again
                .authenticate_user(AuthenticationDetails::new(PASSWORD))
                .await
                .map_err(fail)?;
            expect_session(outcome).map(|_| ())
        },
    )
    .await?;
    let devices = step("ListDevices: the remembered devices", async {
        again.list_all_devices().await.map_err(fail)
    })
    .await?;
    for device in &devices {
        detail(format!(
            "{} \"{}\"",
            device.device_key,
            device.name().unwrap_or("")
        ));
    }
    step(
        "ForgetDevice: the device is forgotten here and at the service",
        async { again.forget_device().await.map_err(fail) },
    )
    .await?;
    let third = pool.user("traveller");
    step("sign in once more: the code is asked again", async {
        let outcome = third
            .authenticate_user(AuthenticationDetails::new(PASSWORD))
            .await
            .map_err(fail)?;
        match expect_challenge(outcome, "SOFTWARE_TOKEN_MFA")? {
            Challenge::SoftwareTokenMfa { .. } => Ok(()),
            other => Err(format!("expected SOFTWARE_TOKEN_MFA, got {other:?}")),
        }
    })
    .await
}

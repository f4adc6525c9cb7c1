//! Remembered devices, the core's client against the mock endpoint: a sign-in with TOTP on a
//! device-tracking pool confirms the new device and saves it (memory and file stores), the
//! next sign-in skips MFA; a device that is not remembered is still asked; a device forgotten
//! at the service is dropped and the sign-in recovers by itself; two devices of one user;
//! refresh with both methods needs the device key; every page of the device list.

#![allow(
    clippy::indexing_slicing,
    reason = "only serde_json::Value is indexed, by key, which gives Null and never panics"
)]

mod client_support;

use std::sync::Arc;

use client_support::{
    PASSWORD, TestResult, code_of, expect_challenge, expect_signed_in, fail, sign_in,
};
use cognito_mfa::device::{
    DeviceSettings, DeviceStore, FileDeviceStore, MemoryDeviceStore, RefreshMethod,
};
use cognito_mfa::totp::{Secret, Totp};
use cognito_mfa::{Challenge, User, UserPool};
use cognito_mfa_mock::{
    AppClientInfo, ClientSpec, DeviceTracking, MfaMode, MockConfig, MockServer, PoolSpec,
    RunningMock, UserSpec,
};
use serde_json::json;

/// A mock with one OPTIONAL pool that tracks devices, its app client, and `alice` with TOTP
/// enrolled (preferred).
struct Env {
    server: RunningMock,
    pool_id: String,
    client: AppClientInfo,
    secret: Secret,
}

const SUPPRESS: DeviceTracking = DeviceTracking {
    challenge_required_on_new_device: true,
    device_only_remembered_on_user_prompt: false,
};

impl Env {
    async fn start(tracking: DeviceTracking) -> TestResult<Env> {
        let server = MockServer::start(MockConfig::default()).await?;
        let mock = server.mock();
        let pool_id = mock
            .create_user_pool(&PoolSpec {
                mfa: MfaMode::Optional,
                devices: Some(tracking),
                ..PoolSpec::default()
            })
            .await?;
        let client = mock
            .create_app_client(
                &pool_id,
                &ClientSpec {
                    auth_flows: Some(
                        [
                            "ALLOW_USER_SRP_AUTH",
                            "ALLOW_USER_PASSWORD_AUTH",
                            "ALLOW_REFRESH_TOKEN_AUTH",
                        ]
                        .map(str::to_owned)
                        .to_vec(),
                    ),
                    ..ClientSpec::default()
                },
            )
            .await?;
        mock.create_user(&pool_id, "alice", PASSWORD, &UserSpec::default())
            .await?;
        let secret = mock
            .enrol_totp(&pool_id, &client, "alice", PASSWORD, true)
            .await?;
        Ok(Env {
            server,
            pool_id,
            client,
            secret,
        })
    }

    /// A client-side pool whose users keep their device in `store`.
    fn user_pool(&self, devices: DeviceSettings) -> TestResult<UserPool> {
        Ok(UserPool::builder(&self.pool_id, &self.client.client_id)
            .endpoint(self.server.endpoint())
            .devices(devices)
            .build()?)
    }

    /// Answers SOFTWARE_TOKEN_MFA with the current code; the clock then moves a step on.
    async fn answer_totp(&self, user: &User) -> TestResult<cognito_mfa::UserSession> {
        let code = Totp::new(self.secret.clone()).generate(self.server.mock().now());
        let session = expect_signed_in(user.send_mfa_code(&code, None, None).await?)?;
        self.server.mock().clock().advance(30);
        Ok(session)
    }

    /// A sign-in that must ask for TOTP.
    async fn sign_in_with_totp(&self, user: &User) -> TestResult<cognito_mfa::UserSession> {
        let challenge = expect_challenge(sign_in(user).await?)?;
        if !matches!(challenge, Challenge::SoftwareTokenMfa { .. }) {
            return fail(format!("expected SOFTWARE_TOKEN_MFA, got {challenge:?}"));
        }
        self.answer_totp(user).await
    }

    /// The device keys the admin API sees for `username`.
    async fn admin_device_keys(&self, username: &str) -> TestResult<Vec<String>> {
        let listed = self
            .server
            .mock()
            .call(
                "AdminListDevices",
                json!({"UserPoolId": self.pool_id, "Username": username}),
            )
            .await?;
        Ok(listed["Devices"]
            .as_array()
            .map(|devices| {
                devices
                    .iter()
                    .filter_map(|d| d["DeviceKey"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default())
    }
}

/// A file store in a fresh folder under the system's temporary directory.
fn file_store(name: &str) -> TestResult<(FileDeviceStore, std::path::PathBuf)> {
    let dir = std::env::temp_dir().join(format!(
        "cognito-mfa-devices-{}-{name}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_nanos()
    ));
    std::fs::create_dir_all(&dir)?;
    Ok((FileDeviceStore::new(dir.join("devices.json")), dir))
}

/// Sign in with TOTP, the device is confirmed and saved; a fresh `User` signs in again without
/// MFA.
async fn remembered_device_skips_mfa(store: Arc<dyn DeviceStore>) -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    let pool = env.user_pool(DeviceSettings::with_store(Arc::clone(&store)))?;
    let alice = pool.user("alice");
    env.sign_in_with_totp(&alice).await?;
    let Some(key) = alice.device_key() else {
        return fail("no device after the first sign-in");
    };
    assert_eq!(alice.user_confirmation_necessary(), Some(false));
    assert_eq!(alice.pending_device_key(), None);
    let saved = store.load(&env.pool_id, "alice").await?;
    assert_eq!(
        saved.as_ref().map(|d| d.device_key().to_owned()),
        Some(key.clone())
    );
    assert_eq!(
        alice
            .cached_device()
            .map(|d| d.device_group_key().to_owned()),
        saved.map(|d| d.device_group_key().to_owned())
    );
    let listed = alice.list_all_devices().await?;
    assert_eq!(listed.len(), 1);
    assert_eq!(
        listed.first().map(|d| d.device_key.as_str()),
        Some(key.as_str())
    );
    assert_eq!(
        alice.get_device(None).await?.name(),
        Some(cognito_mfa::device::DEFAULT_DEVICE_NAME)
    );
    alice.sign_out();

    // Another User object of the same pool reads the device from the store: no MFA.
    let again = pool.user("alice");
    let session = expect_signed_in(sign_in(&again).await?)?;
    assert!(session.refresh_token().is_some());
    assert_eq!(again.device_key(), Some(key.clone()));
    assert_eq!(
        env.admin_device_keys("alice").await?.len(),
        2,
        "enrolment + this device"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_device_in_a_memory_store_skips_mfa() -> TestResult {
    remembered_device_skips_mfa(Arc::new(MemoryDeviceStore::new())).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_remembered_device_in_a_file_store_skips_mfa() -> TestResult {
    let (store, dir) = file_store("remembered")?;
    let path = store.path().to_owned();
    let result = remembered_device_skips_mfa(Arc::new(store)).await;
    let saved = std::fs::read_to_string(&path);
    std::fs::remove_dir_all(&dir)?;
    result?;
    assert!(saved?.contains("alice"));
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_that_is_not_remembered_is_asked_for_mfa() -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    let pool = env.user_pool(DeviceSettings::with_store(Arc::new(
        MemoryDeviceStore::new(),
    )))?;
    let alice = pool.user("alice");
    env.sign_in_with_totp(&alice).await?;
    let key = alice.device_key();
    alice.set_device_status_not_remembered().await?;
    assert_eq!(
        code_of(alice.get_device(None).await),
        "ResourceNotFoundException",
        "GetDevice shows remembered devices only"
    );
    alice.sign_out();
    env.sign_in_with_totp(&alice).await?;
    assert_eq!(alice.device_key(), key, "the same device, not a new one");
    alice.set_device_status_remembered().await?;
    alice.sign_out();
    expect_signed_in(sign_in(&alice).await?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_mfa_suppression_a_remembered_device_is_still_asked() -> TestResult {
    let env = Env::start(DeviceTracking {
        challenge_required_on_new_device: false,
        ..SUPPRESS
    })
    .await?;
    let pool = env.user_pool(DeviceSettings::with_store(Arc::new(
        MemoryDeviceStore::new(),
    )))?;
    let alice = pool.user("alice");
    env.sign_in_with_totp(&alice).await?;
    assert!(alice.device_key().is_some());
    alice.sign_out();
    env.sign_in_with_totp(&alice).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_forgotten_at_the_service_is_dropped_and_the_sign_in_recovers() -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    let store = Arc::new(MemoryDeviceStore::new());
    let pool = env.user_pool(DeviceSettings::with_store(store.clone()))?;
    let alice = pool.user("alice");
    env.sign_in_with_totp(&alice).await?;
    let Some(old) = alice.device_key() else {
        return fail("no device");
    };
    env.server
        .mock()
        .call(
            "AdminForgetDevice",
            json!({"UserPoolId": env.pool_id, "Username": "alice", "DeviceKey": old}),
        )
        .await?;
    alice.sign_out();
    // The forgotten key is refused; the client drops it and signs in as a new device.
    env.sign_in_with_totp(&alice).await?;
    let Some(new) = alice.device_key() else {
        return fail("no new device");
    };
    assert_ne!(new, old);
    let saved = store.load(&env.pool_id, "alice").await?;
    assert_eq!(saved.map(|d| d.device_key().to_owned()), Some(new.clone()));
    assert!(!env.admin_device_keys("alice").await?.contains(&old));
    alice.sign_out();
    expect_signed_in(sign_in(&alice).await?)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_devices_of_one_user_each_skip_mfa() -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    let laptop = env.user_pool(
        DeviceSettings::with_store(Arc::new(MemoryDeviceStore::new())).device_name("laptop"),
    )?;
    let phone = env.user_pool(
        DeviceSettings::with_store(Arc::new(MemoryDeviceStore::new())).device_name("phone"),
    )?;
    let on_laptop = laptop.user("alice");
    let on_phone = phone.user("alice");
    env.sign_in_with_totp(&on_laptop).await?;
    env.sign_in_with_totp(&on_phone).await?;
    assert_ne!(on_laptop.device_key(), on_phone.device_key());
    let mut names: Vec<String> = on_phone
        .list_all_devices()
        .await?
        .iter()
        .filter_map(|d| d.name().map(str::to_owned))
        .collect();
    names.sort();
    assert_eq!(names, ["laptop", "phone"]);
    for user in [&on_laptop, &on_phone] {
        user.sign_out();
        expect_signed_in(sign_in(user).await?)?;
    }
    // Forgetting one leaves the other.
    on_phone.forget_device().await?;
    assert_eq!(on_phone.device_key(), None);
    let left = on_laptop.list_all_devices().await?;
    assert_eq!(left.len(), 1);
    assert_eq!(
        left.first().map(|d| d.device_key.clone()),
        on_laptop.device_key()
    );
    on_phone.sign_out();
    env.sign_in_with_totp(&on_phone).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refresh_with_either_method_carries_the_device_key() -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    for method in [
        RefreshMethod::InitiateAuth,
        RefreshMethod::GetTokensFromRefreshToken,
    ] {
        let pool = env.user_pool(
            DeviceSettings::with_store(Arc::new(MemoryDeviceStore::new())).refresh_method(method),
        )?;
        let alice = pool.user("alice");
        let first = env.sign_in_with_totp(&alice).await?;
        env.server.mock().clock().advance(60);
        let refreshed = alice.refresh_session().await?;
        assert_ne!(
            refreshed.access_token().jwt_token(),
            first.access_token().jwt_token(),
            "{method:?}"
        );
        assert_eq!(alice.get_user_data().await?.username, "alice");
    }

    // A device that was never confirmed cannot refresh: Cognito's "Invalid Refresh Token."
    let pool = env.user_pool(
        DeviceSettings::with_store(Arc::new(MemoryDeviceStore::new())).confirm_new_devices(false),
    )?;
    let alice = pool.user("alice");
    env.sign_in_with_totp(&alice).await?;
    assert!(alice.pending_device_key().is_some());
    assert_eq!(alice.device_key(), None);
    let refused = alice.refresh_session().await;
    let message = refused
        .as_ref()
        .err()
        .and_then(|e| e.service())
        .map(|s| s.message().to_owned());
    assert_eq!(code_of(refused), "NotAuthorizedException");
    assert_eq!(message.as_deref(), Some("Invalid Refresh Token."));
    assert!(
        !alice.confirm_device(Some("later")).await?,
        "remembered at once"
    );
    alice.refresh_session().await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_of_the_device_list_is_read() -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    let mock = env.server.mock();
    mock.create_user(&env.pool_id, "pat", PASSWORD, &UserSpec::default())
        .await?;
    // 64 remembered devices made through the mock's API (one verifier will do for a list).
    let (_, verifier) = cognito_mfa::device::DeviceCredentials::generate(
        "us-east-1_00000000-0000-4000-8000-000000000000",
        "group",
    )?;
    for _ in 0..64 {
        let answer = mock
            .call(
                "InitiateAuth",
                json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": env.client.client_id,
                       "AuthParameters": {"USERNAME": "pat", "PASSWORD": PASSWORD}}),
            )
            .await?;
        let result = &answer["AuthenticationResult"];
        mock.call(
            "ConfirmDevice",
            json!({"AccessToken": result["AccessToken"],
                   "DeviceKey": result["NewDeviceMetadata"]["DeviceKey"],
                   "DeviceSecretVerifierConfig": {"Salt": verifier.salt,
                                                  "PasswordVerifier": verifier.password_verifier}}),
        )
        .await?;
    }
    let pool = env.user_pool(DeviceSettings::with_store(Arc::new(
        MemoryDeviceStore::new(),
    )))?;
    let pat = pool.user("pat");
    expect_signed_in(sign_in(&pat).await?)?;
    let all = pat.list_all_devices().await?;
    let mut keys: Vec<&str> = all.iter().map(|d| d.device_key.as_str()).collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 65, "64 and this one");
    let page = pat.list_devices(Some(10), None).await?;
    assert_eq!(page.devices.len(), 10);
    let next = pat
        .list_devices(Some(10), page.pagination_token.as_deref())
        .await?;
    assert_eq!(next.devices.len(), 10);
    assert_ne!(page.devices.first(), next.devices.first());
    assert_eq!(
        code_of(pat.list_devices(Some(61), None).await),
        "InvalidInputError"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_resumed_in_another_process_keeps_its_device() -> TestResult {
    let env = Env::start(SUPPRESS).await?;
    let first = env.user_pool(DeviceSettings::with_store(Arc::new(
        MemoryDeviceStore::new(),
    )))?;
    let alice = first.user("alice");
    env.sign_in_with_totp(&alice).await?;
    let key = alice.device_key();
    assert!(key.is_some());
    alice.set_device_status_not_remembered().await?;
    alice.sign_out();
    let devices = env.admin_device_keys("alice").await?;

    // Worker A starts the sign-in; worker B (its own pool object and an empty store of its
    // own) answers the challenge from the exported state, then worker C refreshes.
    let challenge = expect_challenge(sign_in(&alice).await?)?;
    assert!(matches!(challenge, Challenge::SoftwareTokenMfa { .. }));
    let snapshot = alice.export_state(env.server.mock().now())?;
    assert_eq!(snapshot.device_key, key);
    let worker = || {
        env.user_pool(DeviceSettings::with_store(Arc::new(
            MemoryDeviceStore::new(),
        )))
    };
    let json = serde_json::to_string(&snapshot)?;
    let resumed = worker()?.resume(&serde_json::from_str(&json)?, env.server.mock().now())?;
    assert_eq!(resumed.device_key(), key);
    env.answer_totp(&resumed).await?;
    assert_eq!(
        resumed.pending_device_key(),
        None,
        "no new device announced"
    );
    assert_eq!(resumed.device_key(), key);
    assert_eq!(
        env.admin_device_keys("alice").await?,
        devices,
        "no device added"
    );

    let signed_in = resumed.export_state(env.server.mock().now())?;
    assert_eq!(signed_in.device_key, key);
    let refreshing = worker()?.resume(&signed_in, env.server.mock().now())?;
    env.server.mock().clock().advance(60);
    refreshing.refresh_session().await?;
    assert_eq!(refreshing.device_key(), key, "the store had none: kept");

    // A device key that is not one is refused before anything is resumed.
    let mut bad = snapshot.clone();
    bad.device_key = Some("not a device key".to_owned());
    assert_eq!(
        code_of(worker()?.resume(&bad, env.server.mock().now())),
        "InvalidStateError"
    );
    Ok(())
}

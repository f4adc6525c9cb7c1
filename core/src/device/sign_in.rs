//! Remembered devices inside a sign-in: the device key sent with every request of a user whose
//! device is known, `DEVICE_SRP_AUTH` and `DEVICE_PASSWORD_VERIFIER` answered internally (as
//! `PASSWORD_VERIFIER` is), `ConfirmDevice` after a sign-in that announces a new device, and
//! the device forgotten at the service dropped so the sign-in can go on without it.

use super::DeviceCredentials;
use crate::client::Retry;
use crate::error::{Error, Result};
use crate::protocol::auth::{ChallengeNameWire, keys, required_parameter};
use crate::protocol::device::ConfirmDeviceRequest;
use crate::protocol::error::codes;
use crate::protocol::{AuthResponse, ChallengeName, RespondToAuthChallengeRequest, SecretString};
use crate::session::unix_now;
use crate::srp::{SrpClient, format_timestamp};
use crate::user::{ClientMetadata, User};

/// A user's device, as far as this client knows it.
#[derive(Debug, Default, Clone)]
pub(crate) struct DeviceState {
    /// The confirmed device this user signs in from, once known.
    pub(crate) credentials: Option<DeviceCredentials>,
    /// What the last `ConfirmDevice` answered: the app must ask the user before the device is
    /// remembered.
    pub(crate) user_confirmation_necessary: Option<bool>,
    /// A device the service announced that is not confirmed yet.
    pub(crate) pending: Option<NewDevice>,
    /// The device key of a user resumed from a snapshot ([`crate::SignInSnapshot::device_key`])
    /// whose device credentials are not loaded: sent as `DEVICE_KEY` so the service sees the
    /// same device, and matched against the pool's store when the credentials are needed.
    pub(crate) resumed_key: Option<String>,
}

/// `NewDeviceMetadata`, both keys present.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewDevice {
    pub(crate) device_key: String,
    pub(crate) device_group_key: String,
}

impl NewDevice {
    /// The new device announced by a sign-in's `AuthenticationResult`, if any.
    pub(crate) fn of(response: &AuthResponse) -> Option<NewDevice> {
        let metadata = response
            .authentication_result
            .as_ref()?
            .new_device_metadata
            .as_ref()?;
        Some(NewDevice {
            device_key: metadata.device_key.clone().filter(|k| !k.is_empty())?,
            device_group_key: metadata
                .device_group_key
                .clone()
                .filter(|k| !k.is_empty())?,
        })
    }
}

/// True for the error Cognito gives a sign-in with a device key it does not know (a device
/// forgotten at the service, or of another pool): `ResourceNotFoundException` about a device.
pub(crate) fn is_unknown_device(error: &Error) -> bool {
    error.service().is_some_and(|service| {
        service.code() == codes::RESOURCE_NOT_FOUND
            && service.message().to_ascii_lowercase().contains("device")
    })
}

impl User {
    /// The key of the device this user signs in from, once known (saved in the pool's device
    /// store, or confirmed during this user's sign-in).
    pub fn device_key(&self) -> Option<String> {
        let inner = self.lock();
        inner
            .device
            .credentials
            .as_ref()
            .map(|device| device.device_key().to_owned())
            .or_else(|| inner.device.resumed_key.clone())
    }

    /// This user's device credentials (key, group key, password), once known — what
    /// amazon-cognito-identity-js's `getCachedDeviceKeyAndPassword` reads.
    pub fn cached_device(&self) -> Option<DeviceCredentials> {
        self.lock().device.credentials.clone()
    }

    /// What the last `ConfirmDevice` answered, when this user's last sign-in confirmed a new
    /// device: `true` when the pool remembers devices only on the user's word, so the app
    /// should ask the user and call [`User::set_device_status_remembered`]; `false` when the
    /// device is remembered already. `None` when no device was confirmed since the last sign-in
    /// (or refresh) began.
    pub fn user_confirmation_necessary(&self) -> Option<bool> {
        self.lock().device.user_confirmation_necessary
    }

    /// The key of a device the service announced at sign-in that is not confirmed yet
    /// (confirmation is off in [`super::DeviceSettings`], or it failed): confirm it with
    /// [`User::confirm_device`].
    pub fn pending_device_key(&self) -> Option<String> {
        self.lock()
            .device
            .pending
            .as_ref()
            .map(|device| device.device_key.clone())
    }

    /// Reads this user's device from the pool's device store (when it has one) before a
    /// sign-in or a refresh: the store is the authority on which device this user has (a
    /// resumed user's device key is kept when the store has none: its tokens are bound to
    /// it). What
    /// an earlier `ConfirmDevice` answered is forgotten, so that
    /// [`User::user_confirmation_necessary`] speaks of this sign-in only.
    pub(crate) async fn load_device(&self) -> Result<()> {
        self.lock().device.user_confirmation_necessary = None;
        let Some(store) = self.pool.device_settings().store.clone() else {
            return Ok(());
        };
        let loaded = store
            .load(self.pool.pool_id().as_str(), &self.given_username)
            .await?;
        let mut inner = self.lock();
        if loaded.is_some() {
            inner.device.resumed_key = None;
        }
        inner.device.credentials = loaded;
        Ok(())
    }

    /// [`User::load_device`] at the start of a sign-in: a device named only by a resumed
    /// snapshot is forgotten first (its credentials, needed to skip MFA, are in a store or
    /// nowhere), so the sign-in runs with the store's device or as a new one.
    pub(crate) async fn load_device_for_sign_in(&self) -> Result<()> {
        self.lock().device.resumed_key = None;
        self.load_device().await
    }

    /// The device credentials for `DEVICE_SRP_AUTH`: the ones known, or for a resumed user
    /// the pool store's when they are of the device the snapshot named.
    async fn device_for_srp(&self) -> Result<Option<DeviceCredentials>> {
        if let Some(device) = self.cached_device() {
            return Ok(Some(device));
        }
        let resumed = self.lock().device.resumed_key.clone();
        let (Some(key), Some(store)) = (resumed, self.pool.device_settings().store.clone()) else {
            return Ok(None);
        };
        let loaded = store
            .load(self.pool.pool_id().as_str(), &self.given_username)
            .await?
            .filter(|device| device.device_key() == key);
        if let Some(device) = &loaded {
            let mut inner = self.lock();
            inner.device.credentials = Some(device.clone());
            inner.device.resumed_key = None;
        }
        Ok(loaded)
    }

    /// Forgets this user's device here and in the store.
    pub(crate) async fn drop_device(&self) -> Result<()> {
        {
            let mut inner = self.lock();
            inner.device.credentials = None;
            inner.device.resumed_key = None;
        }
        if let Some(store) = self.pool.device_settings().store.clone() {
            store
                .forget(self.pool.pool_id().as_str(), &self.given_username)
                .await?;
        }
        Ok(())
    }

    /// Answers `DEVICE_SRP_AUTH` and then `DEVICE_PASSWORD_VERIFIER` when the service asks for
    /// them; any other answer is returned as it is.
    ///
    /// # Errors
    /// [`Error::UnexpectedResponse`] for `DEVICE_SRP_AUTH` when no device is known or a device
    /// parameter is missing; [`Error::Srp`] for unusable SRP values; the service's errors
    /// (`NotAuthorizedException` for a device whose password no longer verifies).
    pub(crate) async fn answer_device_challenges(
        &self,
        response: AuthResponse,
        client_metadata: Option<&ClientMetadata>,
    ) -> Result<AuthResponse> {
        if response.challenge_name.as_deref() != Some(ChallengeName::DeviceSrpAuth.as_str()) {
            return Ok(response);
        }
        let device = self.device_for_srp().await?.ok_or_else(|| {
            Error::unexpected("DEVICE_SRP_AUTH for a sign-in without a device key")
        })?;
        let parameters = response.challenge_parameters.unwrap_or_default();
        let username = parameters
            .get(keys::USERNAME)
            .cloned()
            .unwrap_or_else(|| self.username());
        let srp = SrpClient::new_random()?;
        let mut responses = self.user_parameters(&username);
        responses.insert(keys::SRP_A.to_owned(), SecretString::new(srp.srp_a()));
        let request = RespondToAuthChallengeRequest {
            challenge_name: ChallengeNameWire(ChallengeName::DeviceSrpAuth),
            client_id: self.pool.client_id().to_owned(),
            session: response.session,
            challenge_responses: responses,
            client_metadata: client_metadata.cloned(),
        };
        let verifier = self.pool.send(&request, Retry::Never).await?;
        let name = ChallengeName::DevicePasswordVerifier;
        if verifier.challenge_name.as_deref() != Some(name.as_str()) {
            return Ok(verifier);
        }
        let parameters = verifier.challenge_parameters.unwrap_or_default();
        let claim = device.password_claim(
            &srp,
            required_parameter(&parameters, name, keys::SALT)?,
            required_parameter(&parameters, name, keys::SRP_B)?,
            required_parameter(&parameters, name, keys::SECRET_BLOCK)?,
            &format_timestamp(unix_now())?,
        )?;
        let username = parameters.get(keys::USERNAME).cloned().unwrap_or(username);
        let responses = self.claim_responses(&username, claim);
        let request = RespondToAuthChallengeRequest {
            challenge_name: ChallengeNameWire(name),
            client_id: self.pool.client_id().to_owned(),
            session: verifier.session,
            challenge_responses: responses,
            client_metadata: client_metadata.cloned(),
        };
        self.pool.send(&request, Retry::Never).await
    }

    /// After a sign-in that announced a new device: confirms it (unless the pool's settings
    /// leave that to [`User::confirm_device`]) or keeps it pending.
    ///
    /// # Errors
    /// As [`User::confirm_device`]; the user stays signed in and the device pending.
    pub(crate) async fn adopt_new_device(&self, device: NewDevice) -> Result<()> {
        self.lock().device.user_confirmation_necessary = None;
        if !self.pool.device_settings().confirm_new_devices {
            self.lock().device.pending = Some(device);
            return Ok(());
        }
        let name = self.pool.device_settings().device_name.clone();
        self.confirm(device, &name).await.map(|_| ())
    }

    /// Confirms the device announced at the last sign-in (`ConfirmDevice`): draws its random
    /// password, registers the verifier under `device_name` (default: the pool's
    /// [`super::DeviceSettings::device_name`]), and saves the credentials in the pool's device
    /// store. Returns `UserConfirmationNecessary` (see [`User::user_confirmation_necessary`]).
    ///
    /// # Errors
    /// [`Error::NoDevice`] when no device is pending; [`Error::NotSignedIn`];
    /// [`Error::Service`] (`InvalidParameterException: Invalid device key given.`,
    /// `DeviceKeyExistsException`, `NotAuthorizedException`...); [`Error::DeviceStore`] when the
    /// store cannot save it (the device is confirmed at the service, and known to this user
    /// until it ends); transport errors.
    pub async fn confirm_device(&self, device_name: Option<&str>) -> Result<bool> {
        let _operation = self.operation.lock().await;
        let device = self.lock().device.pending.clone().ok_or(Error::NoDevice)?;
        let name = device_name.map_or_else(
            || self.pool.device_settings().device_name.clone(),
            str::to_owned,
        );
        self.confirm(device, &name).await
    }

    async fn confirm(&self, device: NewDevice, device_name: &str) -> Result<bool> {
        let (_, access_token, _) = self.signed_in()?;
        let (credentials, config) =
            DeviceCredentials::generate(&device.device_key, &device.device_group_key)?;
        let request = ConfirmDeviceRequest {
            access_token,
            device_key: device.device_key.clone(),
            device_secret_verifier_config: Some(config),
            device_name: Some(device_name.to_owned()),
        };
        let answer = match self.pool.send(&request, Retry::Never).await {
            Ok(answer) => answer,
            Err(error) => {
                self.lock().device.pending = Some(device);
                return Err(error);
            }
        };
        {
            let mut inner = self.lock();
            inner.device.pending = None;
            inner.device.credentials = Some(credentials.clone());
            inner.device.resumed_key = None;
            inner.device.user_confirmation_necessary = Some(answer.user_confirmation_necessary);
        }
        if let Some(store) = self.pool.device_settings().store.clone() {
            store
                .save(
                    self.pool.pool_id().as_str(),
                    &self.given_username,
                    &credentials,
                )
                .await?;
        }
        Ok(answer.user_confirmation_necessary)
    }
}

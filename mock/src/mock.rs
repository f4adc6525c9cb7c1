//! [`Mock`]: the endpoint's state and operations, usable in-process without HTTP.

use std::sync::Arc;

use parking_lot::RwLock;
use serde_json::Value;

use crate::clock::Clock;
use crate::config::MockConfig;
use crate::error::{MockError, ServiceError};
use crate::ops;
use crate::seed;
use crate::settings::Settings;
use crate::state::{Message, World};

/// What every request of one mock shares.
pub(crate) struct Shared {
    pub(crate) settings: Settings,
    pub(crate) clock: Clock,
    pub(crate) config: MockConfig,
    pub(crate) world: RwLock<Arc<World>>,
    /// `http://host:port` once served over HTTP.
    pub(crate) endpoint: RwLock<Option<String>>,
}

/// A mock Cognito user-pool endpoint: its state and its operations.
///
/// `Mock` is cheap to clone (an `Arc` inside); clones share the same state. Serve it over
/// HTTP with [`crate::MockServer`], or call operations in-process with [`Mock::call`].
#[derive(Clone)]
pub struct Mock {
    pub(crate) shared: Arc<Shared>,
}

impl std::fmt::Debug for Mock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mock")
            .field("settings", &self.shared.settings)
            .field("now", &self.now())
            .finish_non_exhaustive()
    }
}

impl Mock {
    /// Creates a mock from a configuration: applies the settings and the clock, and preloads
    /// the configured pools, app clients and users.
    ///
    /// # Errors
    /// [`MockError::Config`] when a setting is out of range or a seed is invalid (the message
    /// names the pool / client / user).
    pub fn new(config: MockConfig) -> Result<Mock, MockError> {
        config.settings.validate().map_err(MockError::config)?;
        let clock = Clock::new();
        clock.restart(config.clock.start, config.clock.frozen);
        let world = seed::build_world(&config, clock.now())?;
        Ok(Mock {
            shared: Arc::new(Shared {
                settings: config.settings.clone(),
                clock,
                config,
                world: RwLock::new(Arc::new(world)),
                endpoint: RwLock::new(None),
            }),
        })
    }

    /// Runs one operation, e.g. `call("InitiateAuth", json!({...}))`, exactly as the HTTP
    /// endpoint would for `X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth`.
    ///
    /// # Errors
    /// The [`ServiceError`] the endpoint would answer with (validation, unknown operation,
    /// `NotAuthorizedException`, ...).
    pub async fn call(&self, operation: &str, request: Value) -> Result<Value, ServiceError> {
        let world = Arc::clone(&self.shared.world.read());
        let ctx = ops::Ctx {
            shared: &self.shared,
            world,
            now: self.shared.clock.now(),
        };
        ops::dispatch(&ctx, operation, request).await
    }

    /// The endpoint's HTTP router (the service path, `/_mock/` controls, JWKS), to drive it
    /// in-process without a socket: tower `oneshot` in tests and in the fuzz target of the
    /// router (fuzz/fuzz_targets/mock_router.rs). [`crate::MockServer`] serves this router.
    pub fn router(&self) -> axum::Router {
        crate::http::router(self.clone())
    }

    /// The virtual clock (read it, advance it, freeze it).
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// The current virtual time in Unix seconds.
    pub fn now(&self) -> u64 {
        self.shared.clock.now()
    }

    /// The settings in force.
    pub fn settings(&self) -> &Settings {
        &self.shared.settings
    }

    /// Every message "sent" so far (SMS and e-mail), oldest first.
    pub fn messages(&self) -> Vec<Message> {
        self.shared.world.read().outbox.lock().clone()
    }

    /// Empties the outbox.
    pub fn clear_messages(&self) {
        self.shared.world.read().outbox.lock().clear();
    }

    /// Forgets everything and returns to the configured start state: the preloaded pools,
    /// clients and users, an empty outbox, and the configured clock.
    ///
    /// # Errors
    /// [`MockError::Config`] cannot happen for a mock that started, but is passed on if
    /// rebuilding the seeds fails.
    pub fn reset(&self) -> Result<(), MockError> {
        let config = &self.shared.config;
        self.shared
            .clock
            .restart(config.clock.start, config.clock.frozen);
        let world = seed::build_world(config, self.shared.clock.now())?;
        *self.shared.world.write() = Arc::new(world);
        Ok(())
    }

    /// Records the base URL tokens use with [`crate::TokenIssuer::Endpoint`].
    pub(crate) fn set_endpoint(&self, endpoint: Option<String>) {
        *self.shared.endpoint.write() = endpoint;
    }

    /// A minimal OpenID discovery document for a pool (`issuer`, `jwks_uri`).
    ///
    /// # Errors
    /// `ResourceNotFoundException` for an unknown pool.
    pub fn openid_configuration(&self, pool_id: &str) -> Result<Value, ServiceError> {
        let world = Arc::clone(&self.shared.world.read());
        let pool = world.pool(pool_id)?;
        let ctx = ops::Ctx {
            shared: &self.shared,
            world: Arc::clone(&world),
            now: self.now(),
        };
        let issuer = ops::tokens::issuer(&ctx, &pool);
        let jwks_uri = match self.shared.endpoint.read().as_deref() {
            Some(endpoint) => format!("{endpoint}/{pool_id}/.well-known/jwks.json"),
            None => format!("{issuer}/.well-known/jwks.json"),
        };
        Ok(serde_json::json!({
            "issuer": issuer,
            "jwks_uri": jwks_uri,
            "id_token_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "response_types_supported": ["code", "token"],
        }))
    }

    /// The JWKS of a pool (`{"keys": [...]}`), generating the pool's key on first use.
    ///
    /// # Errors
    /// `ResourceNotFoundException` for an unknown pool.
    pub async fn jwks(&self, pool_id: &str) -> Result<Value, ServiceError> {
        let world = Arc::clone(&self.shared.world.read());
        let pool = world.pool(pool_id)?;
        let key = ops::tokens::pool_key(&pool).await?;
        Ok(serde_json::json!({"keys": [key.jwk()]}))
    }
}

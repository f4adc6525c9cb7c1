//! `InitiateAuth` and `AdminInitiateAuth`: the password step of sign-in (SRP or plain) and
//! the refresh of tokens.

use std::sync::Arc;

use cognito_mfa::protocol::auth::{keys, other_flows};
use cognito_mfa::protocol::{AuthFlow, ChallengeName};
use cognito_mfa::srp::{Password, SrpServer, Verifier};
use serde_json::{Value, json};

use super::{Params, SignIn, blocking, param};
use crate::error::ServiceError;
use crate::ops::{Ctx, check_secret_hash_param, tokens};
use crate::random;
use crate::state::session::Step;
use crate::wire::Input;

/// A sign-in flow the mock runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    UserSrp,
    UserPassword,
    AdminUserPassword,
    Refresh,
}

impl Flow {
    /// The flow's current wire name, which `ExplicitAuthFlows` allows as `ALLOW_<name>`.
    fn name(self) -> &'static str {
        match self {
            Flow::UserSrp => AuthFlow::UserSrpAuth.as_str(),
            Flow::UserPassword => AuthFlow::UserPasswordAuth.as_str(),
            Flow::AdminUserPassword => other_flows::ADMIN_USER_PASSWORD_AUTH,
            Flow::Refresh => AuthFlow::RefreshTokenAuth.as_str(),
        }
    }

    /// Reads `AuthFlow` (a legacy name as its current one): the password flows only on their
    /// own API (`USER_PASSWORD_AUTH` on `InitiateAuth`, `ADMIN_USER_PASSWORD_AUTH` on
    /// `AdminInitiateAuth`).
    ///
    /// # Errors
    /// `InvalidParameterException` for `CUSTOM_AUTH` and `USER_AUTH` (which need Lambda
    /// triggers or passwordless factors the mock does not have) and for a flow of the other
    /// API.
    fn parse(name: &str, admin: bool) -> Result<Flow, ServiceError> {
        match name {
            other_flows::ADMIN_USER_PASSWORD_AUTH | other_flows::ADMIN_NO_SRP_AUTH if admin => {
                Ok(Flow::AdminUserPassword)
            }
            other_flows::REFRESH_TOKEN => Ok(Flow::Refresh),
            other_flows::CUSTOM_AUTH | other_flows::USER_AUTH => {
                Err(ServiceError::invalid_parameter(format!(
                    "{name} is not supported by the cognito-mfa mock endpoint."
                )))
            }
            _ => match name.parse::<AuthFlow>() {
                Ok(AuthFlow::UserSrpAuth) => Ok(Flow::UserSrp),
                Ok(AuthFlow::RefreshTokenAuth) => Ok(Flow::Refresh),
                Ok(AuthFlow::UserPasswordAuth) if !admin => Ok(Flow::UserPassword),
                _ => Err(ServiceError::invalid_parameter(
                    "Initiate Auth method not supported.",
                )),
            },
        }
    }
}

/// InitiateAuth (`admin` false) and AdminInitiateAuth (`admin` true).
pub(crate) async fn initiate_auth(
    ctx: &Ctx<'_>,
    input: &Input,
    admin: bool,
) -> Result<Value, ServiceError> {
    let (client, pool) = super::app_client(ctx, input, admin)?;
    let flow = Flow::parse(input.req_str("AuthFlow")?, admin)?;
    if !client.allows(flow.name()) {
        return Err(ServiceError::invalid_parameter(format!(
            "{} flow not enabled for this client",
            flow.name()
        )));
    }
    let params = input.str_map("AuthParameters");
    let sign_in = SignIn {
        ctx,
        pool: &pool,
        client: &client,
        admin,
        device: None,
    };
    match flow {
        Flow::UserSrp => srp_start(sign_in, &params).await,
        Flow::Refresh => tokens::refresh(ctx, &pool, &client, &params).await,
        Flow::UserPassword | Flow::AdminUserPassword => password_auth(sign_in, &params).await,
    }
}

async fn password_auth(sign_in: SignIn<'_>, params: &Params) -> Result<Value, ServiceError> {
    let SignIn { pool, client, .. } = sign_in;
    let username = param(params, keys::USERNAME)?;
    let password = param(params, keys::PASSWORD)?;
    check_secret_hash_param(client, username, params)?;
    let Some(user) = pool.find_user(username) else {
        return Err(if client.prevent_user_existence_errors {
            ServiceError::incorrect_credentials()
        } else {
            ServiceError::user_not_found()
        });
    };
    let correct = user
        .lock()
        .password
        .as_ref()
        .is_some_and(|p| p.matches(password));
    if !correct {
        return Err(ServiceError::incorrect_credentials());
    }
    let device = super::device_srp::named_device(&sign_in, &user, params)?;
    let sign_in = SignIn {
        device: device.as_deref(),
        ..sign_in
    };
    super::mfa_policy::after_password(sign_in, &user).await
}

/// A decoy SRP server for a user that cannot sign in (unknown with
/// `PreventUserExistenceErrors`, or without a password): indistinguishable on the wire.
fn decoy(pool_name: &str, user_id: &str) -> Result<SrpServer, ServiceError> {
    let password = Password::new(random::handle_base64(24)?);
    let verifier = Verifier::new_random_salt(pool_name, user_id, &password)
        .map_err(|e| ServiceError::from_core(&e))?;
    SrpServer::new_random(&verifier).map_err(|e| ServiceError::from_core(&e))
}

/// `USER_SRP_AUTH`: answers `PASSWORD_VERIFIER` with the server's SRP values; the session
/// handle is the `SECRET_BLOCK`.
async fn srp_start(sign_in: SignIn<'_>, params: &Params) -> Result<Value, ServiceError> {
    let SignIn { pool, client, .. } = sign_in;
    let username = param(params, keys::USERNAME)?;
    let srp_a = param(params, keys::SRP_A)?.to_owned();
    check_secret_hash_param(client, username, params)?;
    if srp_a.is_empty() || !srp_a.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(ServiceError::invalid_parameter(format!(
            "{} is not a valid hexadecimal number.",
            keys::SRP_A
        )));
    }
    let pool_name = pool.srp_name().to_owned();
    let (user_id, server, fake) = match pool.find_user(username) {
        Some(user) => {
            let (user_id, password, verifier) = {
                let locked = user.lock();
                (
                    locked.username.clone(),
                    locked.password.clone(),
                    locked.verifier.clone(),
                )
            };
            match password {
                None => {
                    let (name, id) = (pool_name.clone(), user_id.clone());
                    let server = blocking(move || decoy(&name, &id)).await?;
                    (user_id, server, true)
                }
                Some(password) => {
                    let (name, id, pw) = (pool_name.clone(), user_id.clone(), password.clone());
                    let (verifier, server, computed) = blocking(move || {
                        let (verifier, computed) = match verifier {
                            Some(v) => (v, false),
                            None => {
                                let v = Verifier::new_random_salt(
                                    &name,
                                    &id,
                                    &Password::new(pw.expose()),
                                )
                                .map_err(|e| ServiceError::from_core(&e))?;
                                (v, true)
                            }
                        };
                        let server = SrpServer::new_random(&verifier)
                            .map_err(|e| ServiceError::from_core(&e))?;
                        Ok((verifier, server, computed))
                    })
                    .await?;
                    if computed {
                        let mut locked = user.lock();
                        // Keep it only if the password did not change meanwhile.
                        if locked
                            .password
                            .as_ref()
                            .is_some_and(|p| p.matches(password.expose()))
                        {
                            locked.verifier = Some(verifier);
                        }
                    }
                    (user_id, server, false)
                }
            }
        }
        None if client.prevent_user_existence_errors => {
            let (name, id) = (pool_name.clone(), username.to_owned());
            let server = blocking(move || decoy(&name, &id)).await?;
            (username.to_owned(), server, true)
        }
        None => return Err(ServiceError::user_not_found()),
    };
    let secret_block = random::handle_base64(128)?;
    let salt = server.salt_hex();
    let srp_b = server.srp_b();
    let server = Arc::new(server);
    // The claim's key needs only SRP_A and b: start on it now, so that it is computed while
    // the client computes its claim (issue 14 §5; docs/benchmarks.md, "The mock's SRP cost").
    let claim_key = (!fake).then(|| {
        let (server, srp_a) = (Arc::clone(&server), srp_a.clone());
        tokio::task::spawn_blocking(move || server.claim_key(&srp_a))
    });
    let step = Step::PasswordVerifier {
        server,
        srp_a,
        fake,
        claim_key,
    };
    sign_in.store_session(secret_block.clone(), &user_id, step)?;
    let mut parameters = serde_json::Map::new();
    for (key, value) in [
        (keys::SALT, salt),
        (keys::SECRET_BLOCK, secret_block),
        (keys::SRP_B, srp_b),
        (keys::USERNAME, user_id.clone()),
        (keys::USER_ID_FOR_SRP, user_id),
    ] {
        parameters.insert(key.to_owned(), value.into());
    }
    Ok(json!({
        "ChallengeName": ChallengeName::PasswordVerifier.as_str(),
        "ChallengeParameters": parameters,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flows_are_read_with_their_legacy_names_on_their_own_api() {
        let read = |name: &str, admin: bool| Flow::parse(name, admin).ok();
        assert_eq!(read("USER_SRP_AUTH", false), Some(Flow::UserSrp));
        assert_eq!(read("USER_SRP_AUTH", true), Some(Flow::UserSrp));
        assert_eq!(read("REFRESH_TOKEN", false), Some(Flow::Refresh));
        assert_eq!(read("USER_PASSWORD_AUTH", false), Some(Flow::UserPassword));
        assert_eq!(read("USER_PASSWORD_AUTH", true), None);
        assert_eq!(
            read("ADMIN_NO_SRP_AUTH", true),
            Some(Flow::AdminUserPassword)
        );
        assert_eq!(read("ADMIN_USER_PASSWORD_AUTH", false), None);
        let custom = Flow::parse("CUSTOM_AUTH", true).err();
        assert_eq!(
            custom.map(|e| e.message().to_owned()).as_deref(),
            Some("CUSTOM_AUTH is not supported by the cognito-mfa mock endpoint.")
        );
        assert_eq!(Flow::AdminUserPassword.name(), "ADMIN_USER_PASSWORD_AUTH");
    }
}

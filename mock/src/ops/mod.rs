//! The operations of the endpoint, one module per family, and the dispatch from an
//! `X-Amz-Target` operation name to its handler.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod mfa;
pub(crate) mod tokens;
pub(crate) mod users;

use std::sync::Arc;

use serde_json::Value;
use subtle::ConstantTimeEq;

use crate::error::{ServiceError, codes};
use crate::mock::Shared;
use crate::settings::Settings;
use crate::state::{AppClient, World};
use crate::wire::{schema, validate};

/// What one request works with: the shared settings and clock, the world as it was when the
/// request started, and the virtual time read once at its start.
pub(crate) struct Ctx<'a> {
    pub(crate) shared: &'a Shared,
    pub(crate) world: Arc<World>,
    pub(crate) now: u64,
}

impl Ctx<'_> {
    pub(crate) fn settings(&self) -> &Settings {
        &self.shared.settings
    }
}

/// Every operation the endpoint serves, in the order of the documentation.
pub const OPERATIONS: &[&str] = &[
    "CreateUserPool",
    "DescribeUserPool",
    "DeleteUserPool",
    "ListUserPools",
    "SetUserPoolMfaConfig",
    "GetUserPoolMfaConfig",
    "CreateUserPoolClient",
    "DescribeUserPoolClient",
    "DeleteUserPoolClient",
    "ListUserPoolClients",
    "SignUp",
    "ConfirmSignUp",
    "ResendConfirmationCode",
    "AdminCreateUser",
    "AdminSetUserPassword",
    "AdminConfirmSignUp",
    "AdminGetUser",
    "AdminUpdateUserAttributes",
    "AdminDeleteUser",
    "AdminDisableUser",
    "AdminEnableUser",
    "AdminSetUserMFAPreference",
    "ListUsers",
    "InitiateAuth",
    "AdminInitiateAuth",
    "RespondToAuthChallenge",
    "AdminRespondToAuthChallenge",
    "AssociateSoftwareToken",
    "VerifySoftwareToken",
    "SetUserMFAPreference",
    "SetUserSettings",
    "GetUser",
    "UpdateUserAttributes",
    "ChangePassword",
    "GlobalSignOut",
    "RevokeToken",
];

/// Runs `operation` on `body`.
///
/// # Errors
/// The service error to answer with; `UnknownOperationException` for an operation the
/// endpoint does not serve.
pub(crate) async fn dispatch(
    ctx: &Ctx<'_>,
    operation: &str,
    body: Value,
) -> Result<Value, ServiceError> {
    match operation {
        "CreateUserPool" => {
            admin::create_user_pool(ctx, &validate(body, schema::CREATE_USER_POOL)?)
        }
        "DescribeUserPool" => {
            admin::describe_user_pool(ctx, &validate(body, schema::USER_POOL_ID_ONLY)?)
        }
        "DeleteUserPool" => {
            admin::delete_user_pool(ctx, &validate(body, schema::USER_POOL_ID_ONLY)?)
        }
        "ListUserPools" => admin::list_user_pools(ctx, &validate(body, schema::LIST_USER_POOLS)?),
        "SetUserPoolMfaConfig" => {
            admin::set_user_pool_mfa_config(ctx, &validate(body, schema::SET_USER_POOL_MFA_CONFIG)?)
        }
        "GetUserPoolMfaConfig" => {
            admin::get_user_pool_mfa_config(ctx, &validate(body, schema::USER_POOL_ID_ONLY)?)
        }
        "CreateUserPoolClient" => {
            admin::create_user_pool_client(ctx, &validate(body, schema::CREATE_USER_POOL_CLIENT)?)
        }
        "DescribeUserPoolClient" => {
            admin::describe_user_pool_client(ctx, &validate(body, schema::POOL_AND_CLIENT)?)
        }
        "DeleteUserPoolClient" => {
            admin::delete_user_pool_client(ctx, &validate(body, schema::POOL_AND_CLIENT)?)
        }
        "ListUserPoolClients" => {
            admin::list_user_pool_clients(ctx, &validate(body, schema::LIST_USER_POOL_CLIENTS)?)
        }
        "SignUp" => users::sign_up(ctx, &validate(body, schema::SIGN_UP)?),
        "ConfirmSignUp" => users::confirm_sign_up(ctx, &validate(body, schema::CONFIRM_SIGN_UP)?),
        "ResendConfirmationCode" => {
            users::resend_confirmation_code(ctx, &validate(body, schema::RESEND_CONFIRMATION_CODE)?)
        }
        "AdminCreateUser" => {
            users::admin_create_user(ctx, &validate(body, schema::ADMIN_CREATE_USER)?)
        }
        "AdminSetUserPassword" => {
            users::admin_set_user_password(ctx, &validate(body, schema::ADMIN_SET_USER_PASSWORD)?)
        }
        "AdminConfirmSignUp" => {
            users::admin_confirm_sign_up(ctx, &validate(body, schema::POOL_AND_USER)?)
        }
        "AdminGetUser" => users::admin_get_user(ctx, &validate(body, schema::POOL_AND_USER)?),
        "AdminUpdateUserAttributes" => users::admin_update_user_attributes(
            ctx,
            &validate(body, schema::ADMIN_UPDATE_USER_ATTRIBUTES)?,
        ),
        "AdminDeleteUser" => users::admin_delete_user(ctx, &validate(body, schema::POOL_AND_USER)?),
        "AdminDisableUser" => {
            users::admin_enable_user(ctx, &validate(body, schema::POOL_AND_USER)?, false)
        }
        "AdminEnableUser" => {
            users::admin_enable_user(ctx, &validate(body, schema::POOL_AND_USER)?, true)
        }
        "AdminSetUserMFAPreference" => mfa::admin_set_user_mfa_preference(
            ctx,
            &validate(body, schema::ADMIN_SET_USER_MFA_PREFERENCE)?,
        ),
        "ListUsers" => users::list_users(ctx, &validate(body, schema::LIST_USERS)?),
        "InitiateAuth" => {
            auth::initiate_auth(ctx, &validate(body, schema::INITIATE_AUTH)?, false).await
        }
        "AdminInitiateAuth" => {
            auth::initiate_auth(ctx, &validate(body, schema::ADMIN_INITIATE_AUTH)?, true).await
        }
        "RespondToAuthChallenge" => {
            auth::respond(
                ctx,
                &validate(body, schema::RESPOND_TO_AUTH_CHALLENGE)?,
                false,
            )
            .await
        }
        "AdminRespondToAuthChallenge" => {
            auth::respond(
                ctx,
                &validate(body, schema::ADMIN_RESPOND_TO_AUTH_CHALLENGE)?,
                true,
            )
            .await
        }
        "AssociateSoftwareToken" => {
            mfa::associate_software_token(ctx, &validate(body, schema::ASSOCIATE_SOFTWARE_TOKEN)?)
        }
        "VerifySoftwareToken" => {
            mfa::verify_software_token(ctx, &validate(body, schema::VERIFY_SOFTWARE_TOKEN)?)
        }
        "SetUserMFAPreference" => {
            mfa::set_user_mfa_preference(ctx, &validate(body, schema::SET_USER_MFA_PREFERENCE)?)
        }
        "SetUserSettings" => {
            mfa::set_user_settings(ctx, &validate(body, schema::SET_USER_SETTINGS)?)
        }
        "GetUser" => users::get_user(ctx, &validate(body, schema::ACCESS_TOKEN_ONLY)?),
        "UpdateUserAttributes" => {
            users::update_user_attributes(ctx, &validate(body, schema::UPDATE_USER_ATTRIBUTES)?)
        }
        "ChangePassword" => users::change_password(ctx, &validate(body, schema::CHANGE_PASSWORD)?),
        "GlobalSignOut" => {
            tokens::global_sign_out(ctx, &validate(body, schema::ACCESS_TOKEN_ONLY)?)
        }
        "RevokeToken" => tokens::revoke_token(ctx, &validate(body, schema::REVOKE_TOKEN)?),
        other => Err(ServiceError::new(
            codes::UNKNOWN_OPERATION,
            format!("Operation {other} is not served by the cognito-mfa mock endpoint."),
        )),
    }
}

/// Checks `SECRET_HASH` for an app client with a secret (clients without one ignore it).
///
/// # Errors
/// `NotAuthorizedException` when the hash is missing or wrong.
pub(crate) fn check_secret_hash(
    client: &AppClient,
    username: &str,
    given: Option<&str>,
) -> Result<(), ServiceError> {
    let Some(secret) = &client.secret else {
        return Ok(());
    };
    let Some(given) = given else {
        return Err(ServiceError::not_authorized(format!(
            "Client {} is configured for secret but secret was not received",
            client.id
        )));
    };
    let expected = cognito_mfa::srp::secret_hash(secret.expose(), username, &client.id);
    if bool::from(expected.as_bytes().ct_eq(given.as_bytes())) {
        Ok(())
    } else {
        Err(ServiceError::not_authorized(format!(
            "Unable to verify secret hash for client {}",
            client.id
        )))
    }
}

/// `InvalidParameterException: Missing required parameter NAME`.
pub(crate) fn missing_parameter(name: &str) -> ServiceError {
    ServiceError::invalid_parameter(format!("Missing required parameter {name}"))
}

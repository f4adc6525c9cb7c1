//! The operations of the endpoint, one module per family, and the dispatch from an
//! `X-Amz-Target` operation name to its handler.

pub(crate) mod admin;
pub(crate) mod auth;
pub(crate) mod devices;
pub(crate) mod mfa;
pub(crate) mod tokens;
pub(crate) mod users;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use cognito_mfa::protocol::auth::keys;
use serde_json::Value;
use subtle::ConstantTimeEq;

use crate::error::{ServiceError, codes};
use crate::mock::Shared;
use crate::settings::Settings;
use crate::state::{AppClient, World};
use crate::wire::{Input, Member, Shape, schema, validate};

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

type Outcome = Result<Value, ServiceError>;
type Pending<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// How an operation runs on its validated request.
#[derive(Clone, Copy)]
enum Handler {
    /// At once.
    Now(fn(&Ctx<'_>, &Input) -> Outcome),
    /// As a future (it awaits SRP arithmetic or RSA signing off the async threads).
    Later(for<'a> fn(&'a Ctx<'_>, &'a Input) -> Pending<'a>),
}

/// One operation the endpoint serves: its name, its request members and its handler.
struct Operation {
    name: &'static str,
    members: &'static [Member],
    handler: Handler,
}

const fn now(
    name: &'static str,
    members: &'static [Member],
    handler: fn(&Ctx<'_>, &Input) -> Outcome,
) -> Operation {
    Operation {
        name,
        members,
        handler: Handler::Now(handler),
    }
}

const fn later(
    name: &'static str,
    members: &'static [Member],
    handler: for<'a> fn(&'a Ctx<'_>, &'a Input) -> Pending<'a>,
) -> Operation {
    Operation {
        name,
        members,
        handler: Handler::Later(handler),
    }
}

/// Every operation the endpoint serves, in the order of the documentation.
const TABLE: &[Operation] = &[
    now(
        "CreateUserPool",
        schema::CREATE_USER_POOL,
        admin::create_user_pool,
    ),
    now(
        "DescribeUserPool",
        schema::USER_POOL_ID_ONLY,
        admin::describe_user_pool,
    ),
    now(
        "UpdateUserPool",
        schema::UPDATE_USER_POOL,
        admin::update_user_pool,
    ),
    now(
        "DeleteUserPool",
        schema::USER_POOL_ID_ONLY,
        admin::delete_user_pool,
    ),
    now(
        "ListUserPools",
        schema::LIST_USER_POOLS,
        admin::list_user_pools,
    ),
    now(
        "SetUserPoolMfaConfig",
        schema::SET_USER_POOL_MFA_CONFIG,
        admin::set_user_pool_mfa_config,
    ),
    now(
        "GetUserPoolMfaConfig",
        schema::USER_POOL_ID_ONLY,
        admin::get_user_pool_mfa_config,
    ),
    now(
        "CreateUserPoolClient",
        schema::CREATE_USER_POOL_CLIENT,
        admin::create_user_pool_client,
    ),
    now(
        "DescribeUserPoolClient",
        schema::POOL_AND_CLIENT,
        admin::describe_user_pool_client,
    ),
    now(
        "DeleteUserPoolClient",
        schema::POOL_AND_CLIENT,
        admin::delete_user_pool_client,
    ),
    now(
        "ListUserPoolClients",
        schema::LIST_USER_POOL_CLIENTS,
        admin::list_user_pool_clients,
    ),
    now("SignUp", schema::SIGN_UP, users::sign_up),
    now(
        "ConfirmSignUp",
        schema::CONFIRM_SIGN_UP,
        users::confirm_sign_up,
    ),
    now(
        "ResendConfirmationCode",
        schema::RESEND_CONFIRMATION_CODE,
        users::resend_confirmation_code,
    ),
    now(
        "AdminCreateUser",
        schema::ADMIN_CREATE_USER,
        users::admin_create_user,
    ),
    now(
        "AdminSetUserPassword",
        schema::ADMIN_SET_USER_PASSWORD,
        users::admin_set_user_password,
    ),
    now(
        "AdminConfirmSignUp",
        schema::POOL_AND_USER,
        users::admin_confirm_sign_up,
    ),
    now("AdminGetUser", schema::POOL_AND_USER, users::admin_get_user),
    now(
        "AdminUpdateUserAttributes",
        schema::ADMIN_UPDATE_USER_ATTRIBUTES,
        users::admin_update_user_attributes,
    ),
    now(
        "AdminDeleteUser",
        schema::POOL_AND_USER,
        users::admin_delete_user,
    ),
    now("AdminDisableUser", schema::POOL_AND_USER, |ctx, input| {
        users::admin_enable_user(ctx, input, false)
    }),
    now("AdminEnableUser", schema::POOL_AND_USER, |ctx, input| {
        users::admin_enable_user(ctx, input, true)
    }),
    now(
        "AdminSetUserMFAPreference",
        schema::ADMIN_SET_USER_MFA_PREFERENCE,
        mfa::admin_set_user_mfa_preference,
    ),
    now(
        "AdminSetUserSettings",
        schema::ADMIN_SET_USER_SETTINGS,
        mfa::admin_set_user_settings,
    ),
    now(
        "AdminResetUserPassword",
        schema::POOL_AND_USER,
        users::admin_reset_user_password,
    ),
    now("ListUsers", schema::LIST_USERS, users::list_users),
    later("InitiateAuth", schema::INITIATE_AUTH, |ctx, input| {
        Box::pin(auth::initiate_auth(ctx, input, false))
    }),
    later(
        "AdminInitiateAuth",
        schema::ADMIN_INITIATE_AUTH,
        |ctx, input| Box::pin(auth::initiate_auth(ctx, input, true)),
    ),
    later(
        "RespondToAuthChallenge",
        schema::RESPOND_TO_AUTH_CHALLENGE,
        |ctx, input| Box::pin(auth::respond(ctx, input, false)),
    ),
    later(
        "AdminRespondToAuthChallenge",
        schema::ADMIN_RESPOND_TO_AUTH_CHALLENGE,
        |ctx, input| Box::pin(auth::respond(ctx, input, true)),
    ),
    now(
        "AssociateSoftwareToken",
        schema::ASSOCIATE_SOFTWARE_TOKEN,
        mfa::associate_software_token,
    ),
    now(
        "VerifySoftwareToken",
        schema::VERIFY_SOFTWARE_TOKEN,
        mfa::verify_software_token,
    ),
    now(
        "SetUserMFAPreference",
        schema::SET_USER_MFA_PREFERENCE,
        mfa::set_user_mfa_preference,
    ),
    now(
        "SetUserSettings",
        schema::SET_USER_SETTINGS,
        mfa::set_user_settings,
    ),
    now("GetUser", schema::ACCESS_TOKEN_ONLY, users::get_user),
    now(
        "UpdateUserAttributes",
        schema::UPDATE_USER_ATTRIBUTES,
        users::update_user_attributes,
    ),
    now(
        "ChangePassword",
        schema::CHANGE_PASSWORD,
        users::change_password,
    ),
    now(
        "GlobalSignOut",
        schema::ACCESS_TOKEN_ONLY,
        tokens::global_sign_out,
    ),
    now(
        "AdminUserGlobalSignOut",
        schema::POOL_AND_USER,
        tokens::admin_user_global_sign_out,
    ),
    now("RevokeToken", schema::REVOKE_TOKEN, tokens::revoke_token),
    later(
        "GetTokensFromRefreshToken",
        schema::GET_TOKENS_FROM_REFRESH_TOKEN,
        |ctx, input| Box::pin(tokens::get_tokens_from_refresh_token(ctx, input)),
    ),
    now(
        "ConfirmDevice",
        schema::CONFIRM_DEVICE,
        devices::confirm_device,
    ),
    now(
        "UpdateDeviceStatus",
        schema::UPDATE_DEVICE_STATUS,
        devices::update_device_status,
    ),
    now("GetDevice", schema::DEVICE_AND_TOKEN, devices::get_device),
    now("ListDevices", schema::LIST_DEVICES, devices::list_devices),
    now(
        "ForgetDevice",
        schema::DEVICE_AND_TOKEN,
        devices::forget_device,
    ),
    now(
        "AdminGetDevice",
        schema::ADMIN_DEVICE,
        devices::admin_get_device,
    ),
    now(
        "AdminListDevices",
        schema::ADMIN_LIST_DEVICES,
        devices::admin_list_devices,
    ),
    now(
        "AdminUpdateDeviceStatus",
        schema::ADMIN_UPDATE_DEVICE_STATUS,
        devices::admin_update_device_status,
    ),
    now(
        "AdminForgetDevice",
        schema::ADMIN_DEVICE,
        devices::admin_forget_device,
    ),
];

/// The names of [`TABLE`], in its order.
const fn operation_names<const N: usize>() -> [&'static str; N] {
    let mut names = [""; N];
    let mut i = 0;
    while i < N {
        #[allow(
            clippy::indexing_slicing,
            reason = "i < N = TABLE.len(); this runs at compile time, where a wrong index \
                      is a build error"
        )]
        {
            names[i] = TABLE[i].name;
        }
        i += 1;
    }
    names
}

/// Every operation the endpoint serves, in the order of the documentation.
pub const OPERATIONS: &[&str] = &operation_names::<{ TABLE.len() }>();

/// The kind of JSON value a member takes, as [`members_of`] describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemberKind {
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An integer.
    Integer,
    /// An object of strings.
    StringMap,
    /// A list.
    List,
    /// A structure (an object with members of its own).
    Structure,
    /// Anything (a member the mock does not interpret).
    Any,
}

/// One top-level member of an operation's request, as [`members_of`] describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberSketch {
    /// The member's name, e.g. `ClientId`.
    pub name: &'static str,
    /// Whether a request without it is refused.
    pub required: bool,
    /// The kind of value it takes.
    pub kind: MemberKind,
}

/// The top-level members of `operation`'s request (for generated malformed-input batteries and
/// fuzzing seeds), or `None` for an operation the endpoint does not serve.
pub fn members_of(operation: &str) -> Option<Vec<MemberSketch>> {
    let entry = TABLE.iter().find(|entry| entry.name == operation)?;
    Some(
        entry
            .members
            .iter()
            .map(|member| MemberSketch {
                name: member.name,
                required: member.required,
                kind: match member.shape {
                    Shape::Str(_) => MemberKind::String,
                    Shape::Bool => MemberKind::Boolean,
                    Shape::Int { .. } => MemberKind::Integer,
                    Shape::StrMap => MemberKind::StringMap,
                    Shape::List(_) => MemberKind::List,
                    Shape::Struct(_) => MemberKind::Structure,
                    Shape::Any => MemberKind::Any,
                },
            })
            .collect(),
    )
}

/// Runs `operation` on `body`: validates the body against the operation's members, then runs
/// its handler.
///
/// # Errors
/// The service error to answer with; `UnknownOperationException` for an operation the
/// endpoint does not serve.
pub(crate) async fn dispatch(ctx: &Ctx<'_>, operation: &str, body: Value) -> Outcome {
    let Some(entry) = TABLE.iter().find(|entry| entry.name == operation) else {
        return Err(ServiceError::new(
            codes::UNKNOWN_OPERATION,
            format!("Operation {operation} is not served by the cognito-mfa mock endpoint."),
        ));
    };
    let input = validate(body, entry.members)?;
    match entry.handler {
        Handler::Now(handler) => handler(ctx, &input),
        Handler::Later(handler) => handler(ctx, &input).await,
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

/// [`check_secret_hash`] with the `SECRET_HASH` of `AuthParameters` / `ChallengeResponses`.
///
/// # Errors
/// `NotAuthorizedException` when the hash is missing or wrong.
pub(crate) fn check_secret_hash_param(
    client: &AppClient,
    username: &str,
    params: &std::collections::BTreeMap<String, String>,
) -> Result<(), ServiceError> {
    check_secret_hash(
        client,
        username,
        params.get(keys::SECRET_HASH).map(String::as_str),
    )
}

/// `InvalidParameterException: Missing required parameter NAME`.
pub(crate) fn missing_parameter(name: &str) -> ServiceError {
    ServiceError::invalid_parameter(format!("Missing required parameter {name}"))
}

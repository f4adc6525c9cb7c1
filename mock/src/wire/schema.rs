//! The request members of every operation the endpoint serves, with the constraints of the
//! `cognito-idp` API model (lengths, patterns, enums, ranges, sensitivity). Members the mock
//! does not interpret are declared as [`Shape::Any`] or simply left out (unknown members are
//! ignored, as on AWS).

use cognito_mfa::protocol::auth::other_flows;
use cognito_mfa::protocol::device::DeviceRememberedStatus;
use cognito_mfa::protocol::{AuthFlow, ChallengeName, ids};

use super::{Member, Pattern, Shape, StrRule};

// ---- patterns -------------------------------------------------------------------------------

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

fn non_empty_all(s: &str, f: impl Fn(char) -> bool) -> bool {
    !s.is_empty() && s.chars().all(f)
}

/// Letters, marks, symbols, numbers, punctuation: no whitespace, no control characters.
fn is_visible(c: char) -> bool {
    !c.is_whitespace() && !c.is_control()
}

static CLIENT_ID_PATTERN: Pattern = Pattern {
    text: ids::CLIENT_ID_PATTERN,
    matches: ids::matches_client_id_pattern,
};

static USER_POOL_ID_PATTERN: Pattern = Pattern {
    text: ids::USER_POOL_ID_PATTERN,
    matches: ids::matches_user_pool_id_pattern,
};

static TOKEN_PATTERN: Pattern = Pattern {
    text: "[A-Za-z0-9-_=.]+",
    matches: |s| non_empty_all(s, |c| c.is_ascii_alphanumeric() || "-_=.".contains(c)),
};

static DIGITS_PATTERN: Pattern = Pattern {
    text: "[0-9]+",
    matches: |s| non_empty_all(s, |c| c.is_ascii_digit()),
};

static USERNAME_PATTERN: Pattern = Pattern {
    text: r"[\p{L}\p{M}\p{S}\p{N}\p{P}]+",
    matches: |s| non_empty_all(s, is_visible),
};

static NON_SPACE_PATTERN: Pattern = Pattern {
    text: r"[\S]+",
    matches: |s| non_empty_all(s, |c| !c.is_whitespace()),
};

static SECRET_HASH_PATTERN: Pattern = Pattern {
    text: r"[\w+=/]+",
    matches: |s| non_empty_all(s, |c| is_word(c) || "+=/".contains(c)),
};

static NAME_PATTERN: Pattern = Pattern {
    text: r"[\w\s+=,.@-]+",
    matches: |s| {
        non_empty_all(s, |c| {
            is_word(c) || c.is_whitespace() || "+=,.@-".contains(c)
        })
    },
};

static CODE_TEMPLATE_PATTERN: Pattern = Pattern {
    text: r".*\{####\}.*",
    matches: |s| s.contains("{####}"),
};

static ATTRIBUTE_NAME_PATTERN: Pattern = Pattern {
    text: r"[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+",
    matches: |s| non_empty_all(s, |c| !c.is_control() || "\t\n\r".contains(c)),
};

static DEVICE_KEY_PATTERN: Pattern = Pattern {
    text: ids::DEVICE_KEY_PATTERN,
    matches: ids::is_device_key,
};

static CLIENT_SECRET_PATTERN: Pattern = Pattern {
    text: r"[\w+]+",
    matches: |s| non_empty_all(s, |c| is_word(c) || c == '+'),
};

// ---- string rules ---------------------------------------------------------------------------

const fn rule(
    min: Option<usize>,
    max: Option<usize>,
    pattern: Option<&'static Pattern>,
    sensitive: bool,
) -> StrRule {
    StrRule {
        min,
        max,
        pattern,
        values: &[],
        sensitive,
    }
}

const fn one_of(values: &'static [&'static str]) -> StrRule {
    StrRule {
        min: None,
        max: None,
        pattern: None,
        values,
        sensitive: false,
    }
}

static CLIENT_ID: Shape = Shape::Str(&rule(
    Some(1),
    Some(ids::CLIENT_ID_MAX_LEN),
    Some(&CLIENT_ID_PATTERN),
    true,
));
static USER_POOL_ID: Shape = Shape::Str(&rule(
    Some(1),
    Some(ids::USER_POOL_ID_MAX_LEN),
    Some(&USER_POOL_ID_PATTERN),
    false,
));
static ACCESS_TOKEN: Shape = Shape::Str(&rule(None, None, Some(&TOKEN_PATTERN), true));
static SESSION: Shape = Shape::Str(&rule(Some(20), Some(4096), None, true));
static USER_CODE: Shape = Shape::Str(&rule(Some(6), Some(6), Some(&DIGITS_PATTERN), true));
static USERNAME: Shape = Shape::Str(&rule(Some(1), Some(128), Some(&USERNAME_PATTERN), true));
static PASSWORD: Shape = Shape::Str(&rule(None, Some(256), Some(&NON_SPACE_PATTERN), true));
static SECRET_HASH: Shape = Shape::Str(&rule(Some(1), Some(128), Some(&SECRET_HASH_PATTERN), true));
static CONFIRMATION_CODE: Shape =
    Shape::Str(&rule(Some(1), Some(2048), Some(&NON_SPACE_PATTERN), false));
static POOL_NAME: Shape = Shape::Str(&rule(Some(1), Some(128), Some(&NAME_PATTERN), false));
static CLIENT_NAME: Shape = Shape::Str(&rule(Some(1), Some(128), Some(&NAME_PATTERN), false));
static CLIENT_SECRET: Shape = Shape::Str(&rule(
    Some(24),
    Some(64),
    Some(&CLIENT_SECRET_PATTERN),
    true,
));
static SMS_MESSAGE: Shape = Shape::Str(&rule(
    Some(6),
    Some(140),
    Some(&CODE_TEMPLATE_PATTERN),
    false,
));
static EMAIL_MESSAGE: Shape = Shape::Str(&rule(
    Some(6),
    Some(20000),
    Some(&CODE_TEMPLATE_PATTERN),
    false,
));
static EMAIL_SUBJECT: Shape = Shape::Str(&rule(Some(1), Some(140), None, false));
static ATTRIBUTE_NAME: Shape = Shape::Str(&rule(
    Some(1),
    Some(32),
    Some(&ATTRIBUTE_NAME_PATTERN),
    false,
));
static ATTRIBUTE_VALUE: Shape = Shape::Str(&rule(None, Some(2048), None, true));
static PAGINATION_TOKEN: Shape = Shape::Str(&rule(Some(1), None, Some(&NON_SPACE_PATTERN), false));
static FILTER: Shape = Shape::Str(&rule(None, Some(256), None, false));
static DEVICE_NAME: Shape = Shape::Str(&rule(None, Some(131_072), None, false));
static DEVICE_KEY: Shape = Shape::Str(&rule(
    Some(1),
    Some(ids::DEVICE_KEY_MAX_LEN),
    Some(&DEVICE_KEY_PATTERN),
    false,
));
static CONFIRM_DEVICE_NAME: Shape = Shape::Str(&rule(Some(1), Some(1024), None, false));
static REFRESH_TOKEN: Shape = Shape::Str(&rule(None, None, Some(&TOKEN_PATTERN), true));
static PLAIN: Shape = Shape::Str(&rule(None, None, None, false));

/// Every `AuthFlow` the service's model accepts: the core's [`AuthFlow::ALL`] and
/// [`other_flows`] (the flows the mock does not run are refused later, by the operation).
///
/// [`AuthFlow::ALL`]: cognito_mfa::AuthFlow::ALL
pub(crate) const AUTH_FLOW_NAMES: &[&str] = &[
    AuthFlow::UserSrpAuth.as_str(),
    AuthFlow::RefreshTokenAuth.as_str(),
    other_flows::REFRESH_TOKEN,
    other_flows::CUSTOM_AUTH,
    other_flows::ADMIN_NO_SRP_AUTH,
    AuthFlow::UserPasswordAuth.as_str(),
    other_flows::ADMIN_USER_PASSWORD_AUTH,
    other_flows::USER_AUTH,
];
/// Every `ChallengeName` the service's model accepts: the core's [`ChallengeName::ALL`] and
/// the names of the model's other sign-in flows (passwordless, passkeys), which the mock
/// refuses when it is asked to answer them.
///
/// [`ChallengeName::ALL`]: cognito_mfa::ChallengeName::ALL
pub(crate) const CHALLENGE_NAMES: &[&str] = &[
    ChallengeName::SmsMfa.as_str(),
    ChallengeName::EmailOtp.as_str(),
    ChallengeName::SoftwareTokenMfa.as_str(),
    ChallengeName::SelectMfaType.as_str(),
    ChallengeName::MfaSetup.as_str(),
    ChallengeName::PasswordVerifier.as_str(),
    ChallengeName::CustomChallenge.as_str(),
    "SELECT_CHALLENGE",
    ChallengeName::DeviceSrpAuth.as_str(),
    ChallengeName::DevicePasswordVerifier.as_str(),
    "ADMIN_NO_SRP_AUTH",
    ChallengeName::NewPasswordRequired.as_str(),
    "SMS_OTP",
    "PASSWORD",
    "WEB_AUTHN",
    "PASSWORD_SRP",
];
/// Every value of an app client's `ExplicitAuthFlows`, legacy names included; the schema and
/// the seed configuration check against this one list.
pub(crate) const EXPLICIT_AUTH_FLOW_NAMES: &[&str] = &[
    "ADMIN_NO_SRP_AUTH",
    "CUSTOM_AUTH_FLOW_ONLY",
    "USER_PASSWORD_AUTH",
    "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_USER_PASSWORD_AUTH",
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
    "ALLOW_USER_AUTH",
];

static AUTH_FLOW: Shape = Shape::Str(&one_of(AUTH_FLOW_NAMES));
static CHALLENGE_NAME: Shape = Shape::Str(&one_of(CHALLENGE_NAMES));
static MFA_CONFIGURATION: Shape = Shape::Str(&one_of(&["OFF", "ON", "OPTIONAL"]));
static MESSAGE_ACTION: Shape = Shape::Str(&one_of(&["RESEND", "SUPPRESS"]));
static DELIVERY_MEDIUM: Shape = Shape::Str(&one_of(&["SMS", "EMAIL"]));
static VERIFIED_ATTRIBUTE: Shape = Shape::Str(&one_of(&["phone_number", "email"]));
static PREVENT_USER_EXISTENCE_ERRORS: Shape = Shape::Str(&one_of(&["LEGACY", "ENABLED"]));
static TIME_UNIT: Shape = Shape::Str(&one_of(&["seconds", "minutes", "hours", "days"]));
static EXPLICIT_AUTH_FLOW: Shape = Shape::Str(&one_of(EXPLICIT_AUTH_FLOW_NAMES));
static DEVICE_REMEMBERED_STATUS: Shape = Shape::Str(&one_of(&[
    DeviceRememberedStatus::Remembered.as_str(),
    DeviceRememberedStatus::NotRemembered.as_str(),
]));

// ---- shared structures ----------------------------------------------------------------------

const fn req(name: &'static str, shape: &'static Shape) -> Member {
    Member {
        name,
        shape,
        required: true,
    }
}

const fn opt(name: &'static str, shape: &'static Shape) -> Member {
    Member {
        name,
        shape,
        required: false,
    }
}

static BOOL: Shape = Shape::Bool;
static ANY: Shape = Shape::Any;
static STR_MAP: Shape = Shape::StrMap;
static SENSITIVE_MAP: Shape = Shape::StrMap;

static ATTRIBUTE: Shape =
    Shape::Struct(&[req("Name", &ATTRIBUTE_NAME), opt("Value", &ATTRIBUTE_VALUE)]);
static ATTRIBUTES: Shape = Shape::List(&ATTRIBUTE);
static ATTRIBUTE_NAMES: Shape = Shape::List(&ATTRIBUTE_NAME);

static MFA_SETTINGS: Shape = Shape::Struct(&[opt("Enabled", &BOOL), opt("PreferredMfa", &BOOL)]);

static MFA_OPTION: Shape = Shape::Struct(&[
    opt("DeliveryMedium", &DELIVERY_MEDIUM),
    opt("AttributeName", &ATTRIBUTE_NAME),
]);
static MFA_OPTIONS: Shape = Shape::List(&MFA_OPTION);

static PASSWORD_POLICY: Shape = Shape::Struct(&[
    opt("MinimumLength", &Shape::Int { min: 6, max: 99 }),
    opt("RequireUppercase", &BOOL),
    opt("RequireLowercase", &BOOL),
    opt("RequireNumbers", &BOOL),
    opt("RequireSymbols", &BOOL),
    opt("PasswordHistorySize", &Shape::Int { min: 0, max: 24 }),
    opt(
        "TemporaryPasswordValidityDays",
        &Shape::Int { min: 0, max: 365 },
    ),
]);
static POLICIES: Shape = Shape::Struct(&[opt("PasswordPolicy", &PASSWORD_POLICY)]);
static VERIFIED_ATTRIBUTES: Shape = Shape::List(&VERIFIED_ATTRIBUTE);
static USERNAME_CONFIGURATION: Shape = Shape::Struct(&[req("CaseSensitive", &BOOL)]);
static SMS_MFA_CONFIG: Shape = Shape::Struct(&[
    opt("SmsAuthenticationMessage", &SMS_MESSAGE),
    opt("SmsConfiguration", &ANY),
]);
static SOFTWARE_TOKEN_MFA_CONFIG: Shape = Shape::Struct(&[opt("Enabled", &BOOL)]);
static EMAIL_MFA_CONFIG: Shape = Shape::Struct(&[
    opt("Message", &EMAIL_MESSAGE),
    opt("Subject", &EMAIL_SUBJECT),
]);
static TOKEN_VALIDITY_UNITS: Shape = Shape::Struct(&[
    opt("AccessToken", &TIME_UNIT),
    opt("IdToken", &TIME_UNIT),
    opt("RefreshToken", &TIME_UNIT),
]);
static DEVICE_CONFIGURATION: Shape = Shape::Struct(&[
    opt("ChallengeRequiredOnNewDevice", &BOOL),
    opt("DeviceOnlyRememberedOnUserPrompt", &BOOL),
]);
static EXPLICIT_AUTH_FLOWS: Shape = Shape::List(&EXPLICIT_AUTH_FLOW);
static DEVICE_SECRET_VERIFIER_CONFIG: Shape =
    Shape::Struct(&[opt("PasswordVerifier", &PLAIN), opt("Salt", &PLAIN)]);
static DEVICE_LIMIT: Shape = Shape::Int { min: 0, max: 60 };
static DELIVERY_MEDIUMS: Shape = Shape::List(&DELIVERY_MEDIUM);

// ---- operations -----------------------------------------------------------------------------

pub(crate) static CREATE_USER_POOL: &[Member] = &[
    req("PoolName", &POOL_NAME),
    opt("Policies", &POLICIES),
    opt("MfaConfiguration", &MFA_CONFIGURATION),
    opt("SmsAuthenticationMessage", &SMS_MESSAGE),
    opt("SmsVerificationMessage", &SMS_MESSAGE),
    opt("EmailVerificationMessage", &EMAIL_MESSAGE),
    opt("EmailVerificationSubject", &EMAIL_SUBJECT),
    opt("AutoVerifiedAttributes", &VERIFIED_ATTRIBUTES),
    opt("UsernameAttributes", &VERIFIED_ATTRIBUTES),
    opt("UsernameConfiguration", &USERNAME_CONFIGURATION),
    opt("UserPoolTags", &STR_MAP),
    opt("DeviceConfiguration", &DEVICE_CONFIGURATION),
];

pub(crate) static UPDATE_USER_POOL: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    opt("Policies", &POLICIES),
    opt("MfaConfiguration", &MFA_CONFIGURATION),
    opt("SmsAuthenticationMessage", &SMS_MESSAGE),
    opt("SmsVerificationMessage", &SMS_MESSAGE),
    opt("EmailVerificationMessage", &EMAIL_MESSAGE),
    opt("EmailVerificationSubject", &EMAIL_SUBJECT),
    opt("AutoVerifiedAttributes", &VERIFIED_ATTRIBUTES),
    opt("UserPoolTags", &STR_MAP),
    opt("DeviceConfiguration", &DEVICE_CONFIGURATION),
];

pub(crate) static USER_POOL_ID_ONLY: &[Member] = &[req("UserPoolId", &USER_POOL_ID)];

pub(crate) static LIST_USER_POOLS: &[Member] = &[
    req("MaxResults", &Shape::Int { min: 1, max: 60 }),
    opt("NextToken", &PAGINATION_TOKEN),
];

pub(crate) static SET_USER_POOL_MFA_CONFIG: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    opt("SmsMfaConfiguration", &SMS_MFA_CONFIG),
    opt("SoftwareTokenMfaConfiguration", &SOFTWARE_TOKEN_MFA_CONFIG),
    opt("EmailMfaConfiguration", &EMAIL_MFA_CONFIG),
    opt("MfaConfiguration", &MFA_CONFIGURATION),
];

pub(crate) static CREATE_USER_POOL_CLIENT: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("ClientName", &CLIENT_NAME),
    opt("GenerateSecret", &BOOL),
    opt("ClientSecret", &CLIENT_SECRET),
    opt(
        "RefreshTokenValidity",
        &Shape::Int {
            min: 0,
            max: 315_360_000,
        },
    ),
    opt(
        "AccessTokenValidity",
        &Shape::Int {
            min: 1,
            max: 86_400,
        },
    ),
    opt(
        "IdTokenValidity",
        &Shape::Int {
            min: 1,
            max: 86_400,
        },
    ),
    opt("TokenValidityUnits", &TOKEN_VALIDITY_UNITS),
    opt("ExplicitAuthFlows", &EXPLICIT_AUTH_FLOWS),
    opt("PreventUserExistenceErrors", &PREVENT_USER_EXISTENCE_ERRORS),
    opt("EnableTokenRevocation", &BOOL),
    opt("AuthSessionValidity", &Shape::Int { min: 3, max: 15 }),
];

pub(crate) static POOL_AND_CLIENT: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("ClientId", &CLIENT_ID),
];

pub(crate) static LIST_USER_POOL_CLIENTS: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    opt("MaxResults", &Shape::Int { min: 1, max: 60 }),
    opt("NextToken", &PAGINATION_TOKEN),
];

pub(crate) static SIGN_UP: &[Member] = &[
    req("ClientId", &CLIENT_ID),
    opt("SecretHash", &SECRET_HASH),
    req("Username", &USERNAME),
    opt("Password", &PASSWORD),
    opt("UserAttributes", &ATTRIBUTES),
    opt("ValidationData", &ATTRIBUTES),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static CONFIRM_SIGN_UP: &[Member] = &[
    req("ClientId", &CLIENT_ID),
    opt("SecretHash", &SECRET_HASH),
    req("Username", &USERNAME),
    req("ConfirmationCode", &CONFIRMATION_CODE),
    opt("ForceAliasCreation", &BOOL),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static RESEND_CONFIRMATION_CODE: &[Member] = &[
    req("ClientId", &CLIENT_ID),
    opt("SecretHash", &SECRET_HASH),
    req("Username", &USERNAME),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static ADMIN_CREATE_USER: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    opt("UserAttributes", &ATTRIBUTES),
    opt("ValidationData", &ATTRIBUTES),
    opt("TemporaryPassword", &PASSWORD),
    opt("ForceAliasCreation", &BOOL),
    opt("MessageAction", &MESSAGE_ACTION),
    opt("DesiredDeliveryMediums", &DELIVERY_MEDIUMS),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static ADMIN_SET_USER_PASSWORD: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    req("Password", &PASSWORD),
    opt("Permanent", &BOOL),
];

/// AdminGetUser, AdminDeleteUser, AdminConfirmSignUp, AdminDisableUser, AdminEnableUser.
pub(crate) static POOL_AND_USER: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static ADMIN_UPDATE_USER_ATTRIBUTES: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    req("UserAttributes", &ATTRIBUTES),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static ADMIN_SET_USER_MFA_PREFERENCE: &[Member] = &[
    opt("SMSMfaSettings", &MFA_SETTINGS),
    opt("SoftwareTokenMfaSettings", &MFA_SETTINGS),
    opt("EmailMfaSettings", &MFA_SETTINGS),
    req("Username", &USERNAME),
    req("UserPoolId", &USER_POOL_ID),
];

pub(crate) static LIST_USERS: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    opt("AttributesToGet", &ATTRIBUTE_NAMES),
    opt("Limit", &Shape::Int { min: 0, max: 60 }),
    opt("PaginationToken", &PAGINATION_TOKEN),
    opt("Filter", &FILTER),
];

pub(crate) static INITIATE_AUTH: &[Member] = &[
    req("AuthFlow", &AUTH_FLOW),
    opt("AuthParameters", &SENSITIVE_MAP),
    opt("ClientMetadata", &STR_MAP),
    req("ClientId", &CLIENT_ID),
    opt("AnalyticsMetadata", &ANY),
    opt("UserContextData", &ANY),
    opt("Session", &SESSION),
];

pub(crate) static ADMIN_INITIATE_AUTH: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("ClientId", &CLIENT_ID),
    req("AuthFlow", &AUTH_FLOW),
    opt("AuthParameters", &SENSITIVE_MAP),
    opt("ClientMetadata", &STR_MAP),
    opt("AnalyticsMetadata", &ANY),
    opt("ContextData", &ANY),
    opt("Session", &SESSION),
];

pub(crate) static RESPOND_TO_AUTH_CHALLENGE: &[Member] = &[
    req("ClientId", &CLIENT_ID),
    req("ChallengeName", &CHALLENGE_NAME),
    opt("Session", &SESSION),
    opt("ChallengeResponses", &SENSITIVE_MAP),
    opt("AnalyticsMetadata", &ANY),
    opt("UserContextData", &ANY),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static ADMIN_RESPOND_TO_AUTH_CHALLENGE: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("ClientId", &CLIENT_ID),
    req("ChallengeName", &CHALLENGE_NAME),
    opt("ChallengeResponses", &SENSITIVE_MAP),
    opt("Session", &SESSION),
    opt("AnalyticsMetadata", &ANY),
    opt("ContextData", &ANY),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static ASSOCIATE_SOFTWARE_TOKEN: &[Member] =
    &[opt("AccessToken", &ACCESS_TOKEN), opt("Session", &SESSION)];

pub(crate) static VERIFY_SOFTWARE_TOKEN: &[Member] = &[
    opt("AccessToken", &ACCESS_TOKEN),
    opt("Session", &SESSION),
    req("UserCode", &USER_CODE),
    opt("FriendlyDeviceName", &DEVICE_NAME),
];

pub(crate) static SET_USER_MFA_PREFERENCE: &[Member] = &[
    opt("SMSMfaSettings", &MFA_SETTINGS),
    opt("SoftwareTokenMfaSettings", &MFA_SETTINGS),
    opt("EmailMfaSettings", &MFA_SETTINGS),
    req("AccessToken", &ACCESS_TOKEN),
];

pub(crate) static SET_USER_SETTINGS: &[Member] = &[
    req("AccessToken", &ACCESS_TOKEN),
    req("MFAOptions", &MFA_OPTIONS),
];

pub(crate) static ADMIN_SET_USER_SETTINGS: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    req("MFAOptions", &MFA_OPTIONS),
];

/// GetUser, GlobalSignOut, DeleteUser.
pub(crate) static ACCESS_TOKEN_ONLY: &[Member] = &[req("AccessToken", &ACCESS_TOKEN)];

pub(crate) static UPDATE_USER_ATTRIBUTES: &[Member] = &[
    req("UserAttributes", &ATTRIBUTES),
    req("AccessToken", &ACCESS_TOKEN),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static CHANGE_PASSWORD: &[Member] = &[
    opt("PreviousPassword", &PASSWORD),
    req("ProposedPassword", &PASSWORD),
    req("AccessToken", &ACCESS_TOKEN),
];

pub(crate) static GET_TOKENS_FROM_REFRESH_TOKEN: &[Member] = &[
    req("RefreshToken", &REFRESH_TOKEN),
    req("ClientId", &CLIENT_ID),
    opt("ClientSecret", &CLIENT_SECRET),
    opt("DeviceKey", &DEVICE_KEY),
    opt("ClientMetadata", &STR_MAP),
];

pub(crate) static CONFIRM_DEVICE: &[Member] = &[
    req("AccessToken", &ACCESS_TOKEN),
    req("DeviceKey", &DEVICE_KEY),
    opt("DeviceSecretVerifierConfig", &DEVICE_SECRET_VERIFIER_CONFIG),
    opt("DeviceName", &CONFIRM_DEVICE_NAME),
];

pub(crate) static UPDATE_DEVICE_STATUS: &[Member] = &[
    req("AccessToken", &ACCESS_TOKEN),
    req("DeviceKey", &DEVICE_KEY),
    opt("DeviceRememberedStatus", &DEVICE_REMEMBERED_STATUS),
];

/// GetDevice, ForgetDevice.
pub(crate) static DEVICE_AND_TOKEN: &[Member] = &[
    req("DeviceKey", &DEVICE_KEY),
    opt("AccessToken", &ACCESS_TOKEN),
];

pub(crate) static LIST_DEVICES: &[Member] = &[
    req("AccessToken", &ACCESS_TOKEN),
    opt("Limit", &DEVICE_LIMIT),
    opt("PaginationToken", &PAGINATION_TOKEN),
];

/// AdminGetDevice, AdminForgetDevice.
pub(crate) static ADMIN_DEVICE: &[Member] = &[
    req("DeviceKey", &DEVICE_KEY),
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
];

pub(crate) static ADMIN_LIST_DEVICES: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    opt("Limit", &DEVICE_LIMIT),
    opt("PaginationToken", &PAGINATION_TOKEN),
];

pub(crate) static ADMIN_UPDATE_DEVICE_STATUS: &[Member] = &[
    req("UserPoolId", &USER_POOL_ID),
    req("Username", &USERNAME),
    req("DeviceKey", &DEVICE_KEY),
    opt("DeviceRememberedStatus", &DEVICE_REMEMBERED_STATUS),
];

pub(crate) static REVOKE_TOKEN: &[Member] = &[
    req("Token", &ACCESS_TOKEN),
    req("ClientId", &CLIENT_ID),
    opt("ClientSecret", &CLIENT_SECRET),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wire_lists_hold_every_name_of_the_core() {
        for list in [AUTH_FLOW_NAMES, CHALLENGE_NAMES] {
            let mut names = list.to_vec();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), list.len(), "no name twice");
        }
        for flow in AuthFlow::ALL {
            assert!(AUTH_FLOW_NAMES.contains(&flow.as_str()), "{flow}");
        }
        for name in ChallengeName::ALL {
            assert!(CHALLENGE_NAMES.contains(&name.as_str()), "{name}");
        }
    }

    #[test]
    fn patterns_follow_the_model() {
        assert!((USER_POOL_ID_PATTERN.matches)("us-east-1_AbCdEfGhI"));
        assert!(!(USER_POOL_ID_PATTERN.matches)("us-east-1_"));
        assert!(!(USER_POOL_ID_PATTERN.matches)("nounderscore"));
        assert!(!(USER_POOL_ID_PATTERN.matches)("us-east-1_Ab-c"));
        assert!((CLIENT_ID_PATTERN.matches)("1example23456789"));
        assert!(!(CLIENT_ID_PATTERN.matches)("bad id"));
        assert!((TOKEN_PATTERN.matches)("eyJ.abc-_=.x"));
        assert!(!(TOKEN_PATTERN.matches)("a b"));
        assert!((DIGITS_PATTERN.matches)("012345"));
        assert!(!(DIGITS_PATTERN.matches)("01234a"));
        assert!((USERNAME_PATTERN.matches)("alice@example.com"));
        assert!(!(USERNAME_PATTERN.matches)("al ice"));
        assert!((CODE_TEMPLATE_PATTERN.matches)("Your code is {####}"));
        assert!(!(CODE_TEMPLATE_PATTERN.matches)("Your code is {###}"));
        assert!((DEVICE_KEY_PATTERN.matches)(
            "us-west-2_fec070d2-fa88-424a-8ec8-b26d7198eb23"
        ));
        assert!(!(DEVICE_KEY_PATTERN.matches)("us-west-2_NotHex"));
    }
}

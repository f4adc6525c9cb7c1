//! The identifier rules of the user-pool API, written once for the client and the mock
//! endpoint: a user pool id (`<region>_<name>`) and an app client id.
//!
//! The rules are the AWS API model's patterns and lengths: `UserPoolId` matches
//! `[\w-]+_[0-9a-zA-Z]+` with at most 55 characters, `ClientId` matches `[\w+]+` with 1 to
//! 128 characters (`\w` being the ASCII word characters).

use crate::error::{Error, Result};

/// The `UserPoolId` pattern of the AWS model, for messages.
pub const USER_POOL_ID_PATTERN: &str = r"[\w-]+_[0-9a-zA-Z]+";
/// The longest `UserPoolId`.
pub const USER_POOL_ID_MAX_LEN: usize = 55;
/// The `ClientId` pattern of the AWS model, for messages.
pub const CLIENT_ID_PATTERN: &str = r"[\w+]+";
/// The longest `ClientId`.
pub const CLIENT_ID_MAX_LEN: usize = 128;

/// Splits a well-formed user pool id into its region and pool name
/// (`us-east-1_AbCdEfGhI` → `("us-east-1", "AbCdEfGhI")`), or `None` when it does not match
/// [`USER_POOL_ID_PATTERN`]. The length is not checked here (see [`validate_user_pool_id`]).
pub fn split_user_pool_id(id: &str) -> Option<(&str, &str)> {
    // The name cannot contain '_', so it starts after the last one.
    let (region, name) = id.rsplit_once('_')?;
    let region_ok = !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    let name_ok = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric());
    (region_ok && name_ok).then_some((region, name))
}

/// True when `id` matches [`USER_POOL_ID_PATTERN`], whatever its length.
pub fn matches_user_pool_id_pattern(id: &str) -> bool {
    split_user_pool_id(id).is_some()
}

/// True when `id` matches [`CLIENT_ID_PATTERN`], whatever its length (at least one character).
pub fn matches_client_id_pattern(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'+')
}

/// Checks a user pool id (pattern and length) and returns its pool name, the part after the
/// last `_`, which SRP uses.
///
/// # Errors
/// [`Error::InvalidInput`] when the id does not match `^[\w-]+_[0-9a-zA-Z]+$` or is longer than
/// 55 characters.
pub fn validate_user_pool_id(id: &str) -> Result<&str> {
    match split_user_pool_id(id) {
        Some((_, name)) if id.len() <= USER_POOL_ID_MAX_LEN => Ok(name),
        _ => Err(Error::invalid_input(format!(
            "the user pool id must look like <region>_<name> (^{USER_POOL_ID_PATTERN}$, at \
             most {USER_POOL_ID_MAX_LEN} characters)"
        ))),
    }
}

/// Checks an app client id: 1 to 128 characters of `[A-Za-z0-9_+]`.
///
/// # Errors
/// [`Error::InvalidInput`] otherwise.
pub fn validate_client_id(id: &str) -> Result<()> {
    if matches_client_id_pattern(id) && id.len() <= CLIENT_ID_MAX_LEN {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "invalid app client id {id:?}: expected 1 to {CLIENT_ID_MAX_LEN} characters of \
             [A-Za-z0-9_+]"
        )))
    }
}

/// The `DeviceKey` pattern of the AWS model (`<region>_<uuid>`), for messages.
pub const DEVICE_KEY_PATTERN: &str = r"[\w-]+_[0-9a-f-]+";
/// The longest `DeviceKey`.
pub const DEVICE_KEY_MAX_LEN: usize = 55;

/// True when `key` is a well-formed device key: [`DEVICE_KEY_PATTERN`], at most 55 characters.
pub fn is_device_key(key: &str) -> bool {
    let Some((region, id)) = key.rsplit_once('_') else {
        return false;
    };
    key.len() <= DEVICE_KEY_MAX_LEN
        && !region.is_empty()
        && region
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b) || b == b'-')
}

/// Checks a device key.
///
/// # Errors
/// [`Error::InvalidInput`] unless [`is_device_key`].
pub fn validate_device_key(key: &str) -> Result<()> {
    if is_device_key(key) {
        Ok(())
    } else {
        Err(Error::invalid_input(format!(
            "invalid device key: expected ^{DEVICE_KEY_PATTERN}$, at most {DEVICE_KEY_MAX_LEN} \
             characters"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pool_ids_split_at_the_last_underscore() {
        assert_eq!(
            split_user_pool_id("us-east-1_AbC9"),
            Some(("us-east-1", "AbC9"))
        );
        assert_eq!(split_user_pool_id("a_b_C"), Some(("a_b", "C")));
        for bad in [
            "",
            "_",
            "us-east-1_",
            "_Abc",
            "us east_Abc",
            "us-east-1_A-b",
            "x_ä",
        ] {
            assert_eq!(split_user_pool_id(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn pool_id_length_is_capped_at_55() {
        let longest = format!("{}_A", "r".repeat(53));
        assert_eq!(validate_user_pool_id(&longest).ok(), Some("A"));
        let too_long = format!("{}_A", "r".repeat(54));
        assert!(matches_user_pool_id_pattern(&too_long));
        assert_eq!(
            validate_user_pool_id(&too_long)
                .err()
                .map(|e| e.code().to_owned()),
            Some("InvalidInputError".to_owned())
        );
    }

    #[test]
    fn client_ids_follow_the_model() {
        assert!(validate_client_id("abc_DEF+123").is_ok());
        assert!(validate_client_id(&"a".repeat(128)).is_ok());
        for bad in [String::new(), "a".repeat(129), "a-b".into(), "a b".into()] {
            assert!(validate_client_id(&bad).is_err(), "{bad:?}");
        }
        assert!(matches_client_id_pattern(&"a".repeat(129)));
        assert!(!matches_client_id_pattern(""));
    }

    #[test]
    fn device_keys_are_region_underscore_uuid() {
        assert!(is_device_key(
            "us-west-2_fec070d2-fa88-424a-8ec8-b26d7198eb23"
        ));
        for bad in [
            "",
            "us-west-2",
            "us-west-2_",
            "_fec070d2",
            "us-west-2_FEC070D2",
            "us west_ab",
            "us-west-2_fec070d2-fa88-424a-8ec8-b26d7198eb23-000000000",
        ] {
            assert!(!is_device_key(bad), "{bad:?}");
            assert!(validate_device_key(bad).is_err());
        }
    }
}

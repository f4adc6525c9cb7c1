//! [`KeyUri`]: `otpauth://totp/` key URIs, the format authenticator apps read from QR codes.
//!
//! Format (Google Authenticator's "Key Uri Format", which every app follows):
//! `otpauth://totp/Issuer:account?secret=BASE32&issuer=Issuer&algorithm=SHA1&digits=6&period=30`.
//! The label and the issuer are percent-encoded (RFC 3986); the issuer in the label and the
//! `issuer` parameter must agree.

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use zeroize::Zeroizing;

use super::{Algorithm, Secret, Totp};
use crate::error::{Error, Result, UriErrorKind};

/// What is percent-encoded in the label and in parameter values: everything but RFC 3986's
/// unreserved characters (`A-Z a-z 0-9 - . _ ~`). A space becomes `%20`, never `+`.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

const SCHEME: &str = "otpauth://";
const TYPE: &str = "totp";

/// An `otpauth://totp/` key URI: a [`Totp`] (secret and settings), the account name and the
/// optional issuer (the service name the app shows).
///
/// `Debug` redacts the secret. The fields are public; [`Totp::key_uri`] checks them, while a
/// `KeyUri` assembled by hand with an empty account or a `:` in a name produces a URI that
/// [`KeyUri::parse`] refuses or reads differently.
#[derive(Clone)]
pub struct KeyUri {
    /// The secret and its settings.
    pub totp: Totp,
    /// The account name, e.g. the user's e-mail address.
    pub account: String,
    /// The issuer (service or company name), if any.
    pub issuer: Option<String>,
}

impl fmt::Debug for KeyUri {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyUri")
            .field("totp", &self.totp)
            .field("account", &self.account)
            .field("issuer", &self.issuer)
            .finish()
    }
}

fn uri_error(kind: UriErrorKind, message: impl fmt::Display) -> Error {
    Error::uri(kind, message)
}

/// Percent-decodes `raw` strictly: every `%` must start a `%XX` escape and the result must be
/// UTF-8. With `plus_is_space`, `+` means a space (form encoding, which some generators use in
/// query values).
fn decode(raw: &str, plus_is_space: bool, what: &str) -> Result<String> {
    let escapes_ok = raw.split('%').skip(1).all(|after| {
        after
            .as_bytes()
            .get(..2)
            .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    if !escapes_ok {
        return Err(uri_error(
            UriErrorKind::BadEncoding,
            format!("broken percent-encoding in the {what}"),
        ));
    }
    let decoded = if plus_is_space && raw.contains('+') {
        percent_decode_str(&raw.replace('+', " "))
            .decode_utf8()
            .map(|text| text.into_owned())
    } else {
        percent_decode_str(raw)
            .decode_utf8()
            .map(|text| text.into_owned())
    };
    decoded.map_err(|_| {
        uri_error(
            UriErrorKind::BadEncoding,
            format!("the {what} is not UTF-8 once percent-decoded"),
        )
    })
}

/// The query parameters that [`KeyUri::parse`] understands, each seen at most once.
#[derive(Default)]
struct Parameters {
    secret: Option<Zeroizing<String>>,
    issuer: Option<String>,
    algorithm: Option<String>,
    digits: Option<String>,
    period: Option<String>,
}

impl Parameters {
    fn read(query: &str) -> Result<Parameters> {
        let mut parameters = Parameters::default();
        for pair in query.split('&').filter(|pair| !pair.is_empty()) {
            let (name, raw) = pair.split_once('=').unwrap_or((pair, ""));
            let name = name.to_ascii_lowercase();
            let slot = match name.as_str() {
                "secret" => {
                    // No `+` for spaces here: base32 has no spaces to encode.
                    let value = Zeroizing::new(decode(raw, false, "secret")?);
                    store(&mut parameters.secret, value, "secret")?;
                    continue;
                }
                "issuer" => &mut parameters.issuer,
                "algorithm" => &mut parameters.algorithm,
                "digits" => &mut parameters.digits,
                "period" => &mut parameters.period,
                // Unknown parameters (`image`, `color`, `counter`...) are ignored.
                _ => continue,
            };
            let value = decode(raw, true, &format!("`{name}` parameter"))?;
            store(slot, value, &name)?;
        }
        Ok(parameters)
    }
}

fn store<T>(slot: &mut Option<T>, value: T, name: &str) -> Result<()> {
    if slot.is_some() {
        return Err(uri_error(
            UriErrorKind::DuplicateParameter,
            format!("the `{name}` parameter appears more than once"),
        ));
    }
    *slot = Some(value);
    Ok(())
}

/// Parses a whole number made of ASCII digits only (no sign, no spaces).
fn parse_number(text: &str) -> Option<u64> {
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

impl KeyUri {
    /// Parses `otpauth://totp/Issuer:account?secret=...&issuer=...&algorithm=..&digits=..&period=..`.
    ///
    /// The scheme and type are matched ignoring ASCII case. The label is percent-decoded and
    /// split at its first `:` (written literally or as `%3A`); spaces before the account are
    /// dropped. In parameter values `+` also means a space. `algorithm`, `digits` and `period`
    /// default to SHA1, 6 and 30. Unknown parameters (e.g. `image`) and a `#fragment` are
    /// ignored; an empty `issuer=` counts as absent.
    ///
    /// # Errors
    /// [`Error::InvalidUri`] whose `kind` says what is wrong: [`UriErrorKind::BadScheme`],
    /// `UnsupportedType` (e.g. `hotp`), `MissingLabel` (no or empty label, account or label
    /// issuer), `MissingSecret`, `BadSecret` (not base32, or shorter than 16 characters),
    /// `IssuerMismatch` (also an issuer parameter holding `:`), `BadAlgorithm`, `BadDigits` (not 6–8), `BadPeriod` (not a whole
    /// number ≥ 1), `BadEncoding` (broken `%` escape or invalid UTF-8) or
    /// `DuplicateParameter`.
    pub fn parse(uri: &str) -> Result<KeyUri> {
        let rest = uri
            .get(..SCHEME.len())
            .filter(|scheme| scheme.eq_ignore_ascii_case(SCHEME))
            .and_then(|_| uri.get(SCHEME.len()..))
            .ok_or_else(|| {
                uri_error(
                    UriErrorKind::BadScheme,
                    "the URI must start with otpauth://",
                )
            })?;
        // A fragment is not part of the key.
        let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (kind, raw_label) = path.split_once('/').unwrap_or((path, ""));
        if !kind.eq_ignore_ascii_case(TYPE) {
            return Err(uri_error(
                UriErrorKind::UnsupportedType,
                "only otpauth://totp/ URIs are supported",
            ));
        }
        if raw_label.is_empty() {
            return Err(uri_error(
                UriErrorKind::MissingLabel,
                "the label is missing",
            ));
        }
        let label = decode(raw_label, false, "label")?;
        let (label_issuer, account) = match label.split_once(':') {
            Some((issuer, account)) => (Some(issuer.to_owned()), account.trim_start_matches(' ')),
            // Spaces before the account are dropped with or without an issuer prefix, so that
            // the account reads the same once `to_uri` has written the prefix.
            None => (None, label.trim_start_matches(' ')),
        };
        if account.is_empty() {
            return Err(uri_error(
                UriErrorKind::MissingLabel,
                "the label has no account name",
            ));
        }
        if label_issuer.as_deref() == Some("") {
            return Err(uri_error(
                UriErrorKind::MissingLabel,
                "the label has an empty issuer before ':'",
            ));
        }

        let parameters = Parameters::read(query)?;
        let secret_text = parameters.secret.ok_or_else(|| {
            uri_error(
                UriErrorKind::MissingSecret,
                "the `secret` parameter is missing",
            )
        })?;
        let secret = Secret::from_base32(&secret_text)
            .map_err(|e| uri_error(UriErrorKind::BadSecret, format!("the secret: {e}")))?;

        let parameter_issuer = parameters.issuer.filter(|issuer| !issuer.is_empty());
        // A label splits at its first ':', so an issuer holding one can never be written back
        // into a label that reads the same (found by fuzz/fuzz_targets/otpauth_uri.rs); the key
        // URI format forbids it, and `Totp::key_uri` refuses it too.
        if parameter_issuer
            .as_deref()
            .is_some_and(|issuer| issuer.contains(':'))
        {
            return Err(uri_error(
                UriErrorKind::IssuerMismatch,
                "the issuer parameter must not contain ':' (no label could carry it)",
            ));
        }
        let issuer = match (label_issuer, parameter_issuer) {
            (Some(in_label), Some(in_parameter)) if in_label != in_parameter => {
                return Err(uri_error(
                    UriErrorKind::IssuerMismatch,
                    format!(
                        "the label's issuer {in_label:?} differs from the issuer parameter \
                         {in_parameter:?}"
                    ),
                ));
            }
            (in_label, in_parameter) => in_label.or(in_parameter),
        };

        let algorithm = match parameters.algorithm {
            None => Algorithm::Sha1,
            Some(text) => text.parse().map_err(|_| {
                uri_error(
                    UriErrorKind::BadAlgorithm,
                    "`algorithm` must be SHA1, SHA256 or SHA512",
                )
            })?,
        };
        let digits = match parameters.digits {
            None => super::DEFAULT_DIGITS,
            Some(text) => parse_number(&text)
                .filter(|d| (6..=8).contains(d))
                .and_then(|d| u32::try_from(d).ok())
                .ok_or_else(|| uri_error(UriErrorKind::BadDigits, "`digits` must be 6, 7 or 8"))?,
        };
        let period = match parameters.period {
            None => super::DEFAULT_PERIOD,
            Some(text) => parse_number(&text).filter(|&p| p >= 1).ok_or_else(|| {
                uri_error(
                    UriErrorKind::BadPeriod,
                    "`period` must be a whole number of seconds, 1 or more",
                )
            })?,
        };
        let totp = Totp::with_options(secret, algorithm, digits, period)?;
        Ok(KeyUri {
            totp,
            account: account.to_owned(),
            issuer,
        })
    }

    /// The URI text: `otpauth://totp/` then the label `Issuer:account` (or `account`), both
    /// percent-encoded (a space as `%20`), then `secret` (base32, no padding), `issuer` (when
    /// set), `algorithm`, `digits` and `period`. The last three are always written, so apps
    /// that assume other defaults still read them right.
    ///
    /// The text contains the secret, hence the zeroizing wrapper.
    pub fn to_uri(&self) -> Zeroizing<String> {
        let secret = self.totp.secret().to_base32();
        let issuer_len = self.issuer.as_ref().map_or(0, String::len);
        // Reserve enough up front so the buffer holding the secret is never reallocated (a
        // reallocation would free a copy of the secret without zeroizing it).
        let capacity = 128usize
            .saturating_add(secret.len())
            .saturating_add(issuer_len.saturating_mul(6))
            .saturating_add(self.account.len().saturating_mul(3));
        let mut uri = Zeroizing::new(String::with_capacity(capacity));
        uri.push_str(SCHEME);
        uri.push_str(TYPE);
        uri.push('/');
        if let Some(issuer) = &self.issuer {
            uri.extend(utf8_percent_encode(issuer, COMPONENT));
            uri.push(':');
        }
        uri.extend(utf8_percent_encode(&self.account, COMPONENT));
        uri.push_str("?secret=");
        uri.push_str(&secret);
        if let Some(issuer) = &self.issuer {
            uri.push_str("&issuer=");
            uri.extend(utf8_percent_encode(issuer, COMPONENT));
        }
        uri.push_str("&algorithm=");
        uri.push_str(self.totp.algorithm().as_str());
        uri.push_str("&digits=");
        uri.push_str(&self.totp.digits().to_string());
        uri.push_str("&period=");
        uri.push_str(&self.totp.period().to_string());
        uri
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression (fuzz/fuzz_targets/otpauth_uri.rs, crash-417a0747…): an issuer parameter
    /// holding ':' was accepted, and the URI `to_uri` wrote for it did not parse back.
    #[test]
    fn an_issuer_parameter_with_a_colon_is_refused_and_every_accepted_uri_round_trips() {
        let found = "otpauth://totp/Eth1secret\n\nom?secret=JBSWY3DPEHPK3PXP&issuer=E???:otpauth://tot//tpo";
        for uri in [
            found,
            "otpauth://totp/alice?secret=JBSWY3DPEHPK3PXP&issuer=A%3AB",
        ] {
            let err = KeyUri::parse(uri).unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidUri {
                        kind: UriErrorKind::IssuerMismatch,
                        ..
                    }
                ),
                "{err:?}"
            );
        }
        for uri in [
            "otpauth://totp/A:b:c?secret=JBSWY3DPEHPK3PXP",
            "otpauth://totp/A%3Ab?secret=JBSWY3DPEHPK3PXP&issuer=A",
            "otpauth://totp/%20%20alice?secret=JBSWY3DPEHPK3PXP&issuer=Ex%20Co",
        ] {
            let parsed = KeyUri::parse(uri).unwrap();
            let again = KeyUri::parse(&parsed.to_uri()).unwrap();
            assert_eq!(
                (again.account, again.issuer),
                (parsed.account, parsed.issuer),
                "{uri}"
            );
        }
    }

    #[test]
    fn strict_percent_decoding() {
        assert_eq!(decode("a%20b", false, "x").unwrap(), "a b");
        assert_eq!(decode("a+b", false, "x").unwrap(), "a+b");
        assert_eq!(decode("a+b%2B", true, "x").unwrap(), "a b+");
        assert_eq!(decode("%C3%A9", false, "x").unwrap(), "é");
        for bad in ["%", "%2", "%zz", "a%g0", "%FF", "%C3"] {
            let err = decode(bad, false, "x").unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::InvalidUri {
                        kind: UriErrorKind::BadEncoding,
                        ..
                    }
                ),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn to_uri_never_reallocates() {
        let secret = Secret::from_bytes(&[9; 64]).unwrap();
        let uri = Totp::new(secret)
            .key_uri("ééééé ééé", Some("%%%%%%% 東京"))
            .unwrap();
        let text = uri.to_uri();
        assert!(text.len() <= text.capacity());
        let expected_capacity = 128 + 103 + "%%%%%%% 東京".len() * 6 + "ééééé ééé".len() * 3;
        assert_eq!(text.capacity(), expected_capacity);
    }

    #[test]
    fn numbers_are_plain_digits() {
        assert_eq!(parse_number("30"), Some(30));
        assert_eq!(parse_number("+30"), None);
        assert_eq!(parse_number(" 30"), None);
        assert_eq!(parse_number(""), None);
        assert_eq!(parse_number("99999999999999999999999"), None);
    }
}

//! Splitting and decoding a compact JWS (RFC 7515 §7.1) without trusting it: size, the three
//! base64url parts, the header's `alg` / `kid` / `typ` / `crit`, and the payload as a JSON
//! object. Nothing here checks the signature or a claim; [`super::Verifier`] does.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::signature::{
    RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_2048_8192_SHA384, RSA_PKCS1_2048_8192_SHA512,
    RsaParameters,
};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result};

/// The longest token accepted, in bytes. Cognito's tokens are 1–2 KiB, more with many groups
/// or custom attributes; anything this long is refused before it is decoded.
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;

/// A JWS algorithm the verifier accepts: RSASSA-PKCS1-v1_5 with SHA-256, -384 or -512 (Cognito
/// signs with RS256). `none`, the HMAC algorithms and everything else are refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Algorithm {
    /// `RS256`.
    Rs256,
    /// `RS384`.
    Rs384,
    /// `RS512`.
    Rs512,
}

impl Algorithm {
    /// The name as in a JOSE header, e.g. `"RS256"`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Rs256 => "RS256",
            Algorithm::Rs384 => "RS384",
            Algorithm::Rs512 => "RS512",
        }
    }

    /// The algorithm of a JOSE `alg` value (case-sensitive, as RFC 7515 asks), if accepted.
    pub fn from_name(name: &str) -> Option<Algorithm> {
        match name {
            "RS256" => Some(Algorithm::Rs256),
            "RS384" => Some(Algorithm::Rs384),
            "RS512" => Some(Algorithm::Rs512),
            _ => None,
        }
    }

    /// ring's verification parameters (moduli of 2048 to 8192 bits).
    pub(crate) fn parameters(self) -> &'static RsaParameters {
        match self {
            Algorithm::Rs256 => &RSA_PKCS1_2048_8192_SHA256,
            Algorithm::Rs384 => &RSA_PKCS1_2048_8192_SHA384,
            Algorithm::Rs512 => &RSA_PKCS1_2048_8192_SHA512,
        }
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A token split and decoded, its signature not yet checked.
pub(crate) struct Decoded<'t> {
    /// `header.payload`, the bytes the signature covers.
    pub(crate) signing_input: &'t str,
    pub(crate) signature: Vec<u8>,
    pub(crate) alg: Algorithm,
    pub(crate) kid: String,
    pub(crate) payload: Map<String, Value>,
}

fn malformed(what: &str) -> Error {
    Error::JwtMalformed(what.to_owned())
}

/// Decodes base64url without padding, refusing padding, other alphabets and non-canonical
/// trailing bits (the `base64` crate's `URL_SAFE_NO_PAD` engine does all three).
pub(crate) fn base64url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD.decode(text).ok()
}

/// A top-level JSON object whose keys are unique: a header or payload with a claim given
/// twice is refused, since JSON parsers disagree on which of the two counts.
struct UniqueObject(Map<String, Value>);

impl<'de> serde::Deserialize<'de> for UniqueObject {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor;
        impl<'de> Visitor<'de> for ObjectVisitor {
            type Value = UniqueObject;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<UniqueObject, A::Error> {
                let mut map = Map::new();
                while let Some(key) = access.next_key::<String>()? {
                    if map.contains_key(&key) {
                        return Err(de::Error::custom("duplicate member"));
                    }
                    let value: Value = access.next_value()?;
                    map.insert(key, value);
                }
                Ok(UniqueObject(map))
            }
        }
        deserializer.deserialize_map(ObjectVisitor)
    }
}

fn object(part: &str, name: &str) -> Result<Map<String, Value>> {
    let bytes = base64url(part)
        .ok_or_else(|| Error::JwtMalformed(format!("the {name} is not base64url")))?;
    serde_json::from_slice::<UniqueObject>(&bytes)
        .map(|object| object.0)
        .map_err(|_| {
            Error::JwtMalformed(format!(
                "the {name} is not a JSON object with unique members"
            ))
        })
}

/// Splits and decodes `token`: structure first (size, three parts, base64url, JSON objects),
/// then the header (`alg` accepted, `kid` present, `typ` absent or `JWT`, no `crit`).
///
/// # Errors
/// [`Error::JwtMalformed`] or [`Error::JwtAlgorithm`].
pub(crate) fn decode(token: &str) -> Result<Decoded<'_>> {
    if token.len() > MAX_TOKEN_BYTES {
        return Err(Error::JwtMalformed(format!(
            "the token is longer than {MAX_TOKEN_BYTES} bytes"
        )));
    }
    let mut parts = token.split('.');
    let (Some(header_b64), Some(payload_b64), Some(signature_b64), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("a JWT has exactly three dot-separated parts"));
    };
    let header = object(header_b64, "header")?;
    let payload = object(payload_b64, "payload")?;
    if signature_b64.is_empty() {
        return Err(malformed("the signature is empty"));
    }
    let signature =
        base64url(signature_b64).ok_or_else(|| malformed("the signature is not base64url"))?;
    let signing_input = token
        .get(..header_b64.len() + 1 + payload_b64.len())
        .ok_or_else(|| malformed("the token cannot be split"))?;

    let alg = match header.get("alg") {
        Some(Value::String(name)) => Algorithm::from_name(name).ok_or_else(|| {
            Error::JwtAlgorithm("the header's alg is not RS256, RS384 or RS512".to_owned())
        })?,
        Some(_) => return Err(malformed("the header's alg is not a string")),
        None => return Err(Error::JwtAlgorithm("the header has no alg".to_owned())),
    };
    let kid = match header.get("kid") {
        Some(Value::String(kid)) if !kid.is_empty() => kid.clone(),
        _ => return Err(malformed("the header has no kid")),
    };
    match header.get("typ") {
        None => {}
        Some(Value::String(typ)) if typ.eq_ignore_ascii_case("JWT") => {}
        Some(_) => return Err(malformed("the header's typ is not JWT")),
    }
    if header.contains_key("crit") {
        return Err(malformed(
            "the header has crit extensions, none are supported",
        ));
    }
    Ok(Decoded {
        signing_input,
        signature,
        alg,
        kid,
        payload,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text)
    }

    fn code(token: &str) -> String {
        match decode(token) {
            Ok(_) => "Ok".to_owned(),
            Err(e) => e.code().to_owned(),
        }
    }

    #[test]
    fn a_well_formed_token_is_split() {
        let token = format!(
            "{}.{}.{}",
            b64(r#"{"alg":"RS256","kid":"k1","typ":"JWT"}"#),
            b64(r#"{"sub":"x"}"#),
            b64("sig")
        );
        let decoded = decode(&token);
        assert!(decoded.is_ok());
        if let Ok(decoded) = decoded {
            assert_eq!(decoded.alg, Algorithm::Rs256);
            assert_eq!(decoded.kid, "k1");
            assert_eq!(decoded.signature, b"sig");
            assert_eq!(decoded.payload.get("sub"), Some(&Value::from("x")));
            assert!(token.starts_with(decoded.signing_input));
            assert_eq!(decoded.signing_input.matches('.').count(), 1);
        }
    }

    #[test]
    fn structure_and_header_problems_have_their_codes() {
        let header = b64(r#"{"alg":"RS256","kid":"k1"}"#);
        let payload = b64("{}");
        let sig = b64("sig");
        let with = |h: &str| format!("{}.{payload}.{sig}", b64(h));
        assert_eq!(code(&format!("{header}.{payload}")), "JwtMalformedError");
        assert_eq!(
            code(&format!("{header}.{payload}.{sig}.")),
            "JwtMalformedError"
        );
        assert_eq!(code(&format!("{header}.{payload}.")), "JwtMalformedError");
        assert_eq!(
            code(&format!("{header}=.{payload}.{sig}")),
            "JwtMalformedError"
        );
        assert_eq!(
            code(&format!("{header}.{payload}.{sig}==")),
            "JwtMalformedError"
        );
        assert_eq!(
            code(&format!("{header}.{}.{sig}", b64("[1]"))),
            "JwtMalformedError"
        );
        assert_eq!(
            code(&format!("{header}.{}.{sig}", b64(r#"{"a":1,"a":2}"#))),
            "JwtMalformedError"
        );
        assert_eq!(
            code(&with(r#"{"alg":"none","kid":"k1"}"#)),
            "JwtAlgorithmError"
        );
        assert_eq!(
            code(&with(r#"{"alg":"HS256","kid":"k1"}"#)),
            "JwtAlgorithmError"
        );
        assert_eq!(
            code(&with(r#"{"alg":"rs256","kid":"k1"}"#)),
            "JwtAlgorithmError"
        );
        assert_eq!(code(&with(r#"{"kid":"k1"}"#)), "JwtAlgorithmError");
        assert_eq!(code(&with(r#"{"alg":"RS256"}"#)), "JwtMalformedError");
        assert_eq!(
            code(&with(r#"{"alg":"RS256","kid":""}"#)),
            "JwtMalformedError"
        );
        assert_eq!(
            code(&with(r#"{"alg":"RS256","kid":"k","typ":"JWE"}"#)),
            "JwtMalformedError"
        );
        assert_eq!(
            code(&with(r#"{"alg":"RS256","kid":"k","crit":["b64"]}"#)),
            "JwtMalformedError"
        );
        assert_eq!(code(&"a".repeat(MAX_TOKEN_BYTES + 1)), "JwtMalformedError");
        assert_eq!(code(""), "JwtMalformedError");
    }

    #[test]
    fn non_canonical_base64_is_refused() {
        // "QQ" is "A"; "QR" has non-zero trailing bits and decodes to "A" in lax decoders.
        assert_eq!(base64url("QQ"), Some(b"A".to_vec()));
        assert_eq!(base64url("QR"), None);
        assert_eq!(base64url("QQ=="), None);
        assert_eq!(base64url("Q+"), None);
    }
}

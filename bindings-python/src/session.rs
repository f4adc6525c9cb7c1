//! Python wrappers of [`cognito_mfa::session`]: `CognitoUserSession` and its three tokens
//! `CognitoIdToken`, `CognitoAccessToken` and `CognitoRefreshToken` (the names of
//! amazon-cognito-identity-js).
//!
//! Tokens are secrets: their `repr()` shows the issue and expiry times, never the token. The
//! token text is reachable only through `jwt_token` / `token`.

use cognito_mfa::Error;
use cognito_mfa::session::{AccessToken, IdToken, RefreshToken, UserSession};
use pyo3::prelude::*;

use crate::args::{time_or_now, to_unix_time};
use crate::error::{guarded, to_py_err};
use crate::json;

/// A token text given by the caller that is not a JWT is a bad value, not a bad response.
fn caller_token_error(error: Error) -> PyErr {
    match error {
        Error::UnexpectedResponse { what, .. } => to_py_err(Error::InvalidInput(what)),
        other => to_py_err(other),
    }
}

macro_rules! jwt_token_class {
    ($py_name:ident, $name:literal, $core:ident, $what:literal) => {
        #[doc = concat!("The ", $what, " of a :class:`CognitoUserSession` (a JSON Web Token).")]
        ///
        /// ``jwt_token`` is the token text to send to an API (a secret); ``payload`` its decoded
        /// claims (not verified: the token came from Cognito over TLS; resource servers verify
        /// the signature). ``repr()`` never shows the token.
        ///
        /// Raises:
        ///     TypeError: ``jwt_token`` is not a ``str``.
        ///     InvalidInputError: the text is not a JWT whose payload has numeric ``exp`` and
        ///         ``iat`` claims.
        #[pyclass(name = $name, module = "cognito_mfa", frozen)]
        #[derive(Clone)]
        pub struct $py_name {
            pub(crate) inner: $core,
        }

        #[pymethods]
        impl $py_name {
            #[new]
            fn new(jwt_token: &str) -> PyResult<Self> {
                guarded(|| {
                    let inner = $core::parse(jwt_token).map_err(caller_token_error)?;
                    Ok($py_name { inner })
                })
            }

            /// The token text (a secret): the value of an ``Authorization`` header.
            #[getter]
            fn jwt_token(&self) -> PyResult<&str> {
                guarded(|| Ok(self.inner.jwt_token()))
            }

            /// The ``exp`` claim: when the token expires (Unix seconds, Cognito's clock).
            #[getter]
            fn expiration(&self) -> PyResult<u64> {
                guarded(|| Ok(self.inner.expiration()))
            }

            /// The ``iat`` claim: when the token was issued (Unix seconds, Cognito's clock).
            #[getter]
            fn issued_at(&self) -> PyResult<u64> {
                guarded(|| Ok(self.inner.issued_at()))
            }

            /// The decoded claims, a new ``dict`` on each access (e.g. ``payload["sub"]``).
            #[getter]
            fn payload<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
                guarded(|| json::loads(py, &self.inner.claims_json()))
            }

            fn __repr__(&self) -> PyResult<String> {
                guarded(|| {
                    Ok(format!(
                        "{}(issued_at={}, expiration={}, jwt_token=<redacted>)",
                        $name,
                        self.inner.issued_at(),
                        self.inner.expiration()
                    ))
                })
            }
        }
    };
}

jwt_token_class!(PyCognitoIdToken, "CognitoIdToken", IdToken, "ID token");
jwt_token_class!(
    PyCognitoAccessToken,
    "CognitoAccessToken",
    AccessToken,
    "access token"
);

/// The refresh token of a :class:`CognitoUserSession`: opaque, used by
/// :meth:`CognitoUser.refresh_session`. ``repr()`` never shows the token.
///
/// Raises:
///     TypeError: ``token`` is not a ``str``.
#[pyclass(name = "CognitoRefreshToken", module = "cognito_mfa", frozen)]
#[derive(Clone)]
pub struct PyCognitoRefreshToken {
    inner: RefreshToken,
}

#[pymethods]
impl PyCognitoRefreshToken {
    #[new]
    fn new(token: &str) -> PyResult<Self> {
        guarded(|| {
            Ok(PyCognitoRefreshToken {
                inner: RefreshToken::new(token),
            })
        })
    }

    /// The token text (a secret).
    #[getter]
    fn token(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.token()))
    }

    fn __repr__(&self) -> PyResult<&'static str> {
        guarded(|| Ok("CognitoRefreshToken(token=<redacted>)"))
    }
}

/// The tokens of a signed-in user: ``id_token``, ``access_token``, ``refresh_token`` (``None``
/// if Cognito issued none), the clock drift and the expiry.
///
/// Sessions come from sign-ins (:attr:`AuthResult.session`) and refreshes; build one from
/// stored token texts with ``CognitoUserSession(id_token, access_token, refresh_token,
/// clock_drift=...)`` and hand it to :meth:`CognitoUser.set_sign_in_user_session`. Without
/// ``clock_drift`` it is computed now, as for fresh tokens: local time minus the tokens'
/// earliest ``iat``.
///
/// ``repr()`` never shows a token.
///
/// Raises:
///     TypeError: an argument has the wrong type.
///     InvalidInputError: the ID or access token is not a JWT with numeric ``exp`` and ``iat``.
#[pyclass(name = "CognitoUserSession", module = "cognito_mfa", frozen)]
#[derive(Clone)]
pub struct PyCognitoUserSession {
    pub(crate) inner: UserSession,
}

impl From<UserSession> for PyCognitoUserSession {
    fn from(inner: UserSession) -> Self {
        PyCognitoUserSession { inner }
    }
}

#[pymethods]
impl PyCognitoUserSession {
    #[new]
    #[pyo3(signature = (id_token, access_token, refresh_token = None, *, clock_drift = None))]
    fn new(
        id_token: &str,
        access_token: &str,
        refresh_token: Option<&str>,
        clock_drift: Option<i64>,
    ) -> PyResult<Self> {
        guarded(|| {
            let inner =
                UserSession::from_tokens(id_token, access_token, refresh_token, clock_drift)
                    .map_err(caller_token_error)?;
            Ok(PyCognitoUserSession { inner })
        })
    }

    /// The ID token (the user's identity claims).
    #[getter]
    fn id_token(&self) -> PyResult<PyCognitoIdToken> {
        guarded(|| {
            Ok(PyCognitoIdToken {
                inner: self.inner.id_token().clone(),
            })
        })
    }

    /// The access token (for Cognito's user APIs and resource servers).
    #[getter]
    fn access_token(&self) -> PyResult<PyCognitoAccessToken> {
        guarded(|| {
            Ok(PyCognitoAccessToken {
                inner: self.inner.access_token().clone(),
            })
        })
    }

    /// The refresh token, or ``None`` when Cognito issued none.
    #[getter]
    fn refresh_token(&self) -> PyResult<Option<PyCognitoRefreshToken>> {
        guarded(|| {
            Ok(self
                .inner
                .refresh_token()
                .map(|token| PyCognitoRefreshToken {
                    inner: token.clone(),
                }))
        })
    }

    /// Local clock minus Cognito's, in seconds, as measured when the tokens arrived.
    #[getter]
    fn clock_drift(&self) -> PyResult<i64> {
        guarded(|| Ok(self.inner.clock_drift()))
    }

    /// When the session stops being valid: the earlier ``exp`` of the ID and access tokens
    /// (Unix seconds, Cognito's clock).
    #[getter]
    fn expiration(&self) -> PyResult<u64> {
        guarded(|| Ok(self.inner.expiration()))
    }

    /// True while both tokens are unexpired at ``at`` (default: now, by the local clock),
    /// corrected by the clock drift.
    ///
    /// Raises:
    ///     TypeError: ``at`` is not an ``int``.
    ///     InvalidInputError: ``at`` is negative, or the clock is set before 1970.
    #[pyo3(signature = (at = None))]
    fn is_valid(&self, #[pyo3(from_py_with = to_unix_time)] at: Option<u64>) -> PyResult<bool> {
        guarded(|| Ok(self.inner.is_valid_at(time_or_now(at)?)))
    }

    fn __repr__(&self) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "CognitoUserSession(expiration={}, clock_drift={}, refresh_token={})",
                self.inner.expiration(),
                self.inner.clock_drift(),
                if self.inner.refresh_token().is_some() {
                    "<redacted>"
                } else {
                    "None"
                }
            ))
        })
    }
}

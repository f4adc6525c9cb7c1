//! Python wrappers of [`cognito_mfa::verify`]: `TokenVerifier` (coroutines in `cognito_mfa`,
//! blocking in `cognito_mfa.blocking`) and the `Claims` of a verified token.
//!
//! A verification whose key is cached runs on the caller's thread, without the runtime
//! ([`Verifier::verify_cached`]): that is the common case (one JWKS fetch per pool per
//! process) and what makes a verification cost microseconds. Only a fetch goes to the runtime.

use std::time::Duration;

use cognito_mfa::Error;
use cognito_mfa::verify::{Claims, PoolConfig, TokenUse, Verifier};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList, PyString};

use crate::error::{guarded, to_py_err};
use crate::totp::py_repr;

/// The keys a pool's settings may have, in `pools=[...]` dicts and as keyword arguments.
const POOL_KEYS: &[&str] = &[
    "user_pool_id",
    "token_use",
    "client_id",
    "groups",
    "scopes",
    "issuer",
    "jwks_uri",
    "jwks",
];

/// A `str`, or a sequence of `str` (not a `str` read as its characters).
fn strings(value: &Bound<'_, PyAny>, name: &str) -> PyResult<Vec<String>> {
    if let Ok(text) = value.cast::<PyString>() {
        return Ok(vec![text.to_str()?.to_owned()]);
    }
    value
        .extract::<Vec<String>>()
        .map_err(|_| PyTypeError::new_err(format!("{name} must be a str or a list of str")))
}

/// Seconds as a `Duration` (an `int` or a `float`, finite, 0 or more).
fn seconds(value: f64, name: &str) -> PyResult<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        to_py_err(Error::InvalidInput(format!(
            "{name} must be a number of seconds, 0 or more"
        )))
    })
}

/// One pool's settings from a mapping with the keys of [`POOL_KEYS`].
fn pool_of(settings: &Bound<'_, PyDict>) -> PyResult<PoolConfig> {
    for key in settings.keys() {
        let key: String = key.extract()?;
        if !POOL_KEYS.contains(&key.as_str()) {
            return Err(PyTypeError::new_err(format!(
                "unknown pool setting {key:?} (known: {})",
                POOL_KEYS.join(", ")
            )));
        }
    }
    let get = |key: &str| -> PyResult<Option<Bound<'_, PyAny>>> {
        Ok(settings.get_item(key)?.filter(|value| !value.is_none()))
    };
    let Some(pool_id) = get("user_pool_id")? else {
        return Err(to_py_err(Error::InvalidInput(
            "user_pool_id is required, e.g. \"us-east-1_AbCdEfGhI\"".to_owned(),
        )));
    };
    let mut pool = PoolConfig::new(
        pool_id
            .extract::<String>()
            .map_err(|_| PyTypeError::new_err("user_pool_id must be a str"))?,
    );
    if let Some(token_use) = get("token_use")? {
        let text: String = token_use
            .extract()
            .map_err(|_| PyTypeError::new_err("token_use must be \"id\" or \"access\""))?;
        pool = pool.token_use(text.parse::<TokenUse>().map_err(to_py_err)?);
    }
    if let Some(client_id) = get("client_id")? {
        pool = pool.client_ids(strings(&client_id, "client_id")?);
    }
    if let Some(groups) = get("groups")? {
        pool = pool.groups(strings(&groups, "groups")?);
    }
    if let Some(scopes) = get("scopes")? {
        pool = pool.scopes(strings(&scopes, "scopes")?);
    }
    if let Some(issuer) = get("issuer")? {
        pool = pool.issuer(
            issuer
                .extract::<String>()
                .map_err(|_| PyTypeError::new_err("issuer must be a str"))?,
        );
    }
    if let Some(uri) = get("jwks_uri")? {
        pool = pool.jwks_uri(
            uri.extract::<String>()
                .map_err(|_| PyTypeError::new_err("jwks_uri must be a str"))?,
        );
    }
    if let Some(jwks) = get("jwks")? {
        let document = match jwks.cast::<PyString>() {
            Ok(text) => text.to_str()?.to_owned(),
            Err(_) if jwks.is_instance_of::<PyDict>() => crate::json::dumps(&jwks)?,
            Err(_) => {
                return Err(PyTypeError::new_err(
                    "jwks must be a JWKS as a dict ({\"keys\": [...]}) or as JSON text",
                ));
            }
        };
        pool = pool.jwks_json(document);
    }
    Ok(pool)
}

// `token_cache = 1024` in the constructors' signature is a literal so that Python sees the
// default (a path there shows as `...`, which stubtest refuses); it must stay the core's.
const _: () = assert!(cognito_mfa::verify::DEFAULT_TOKEN_CACHE == 1024);

/// The settings of both `TokenVerifier` classes' constructors.
#[allow(
    clippy::too_many_arguments,
    reason = "the keyword arguments of one constructor"
)]
fn build(
    py: Python<'_>,
    user_pool_id: Option<Bound<'_, PyAny>>,
    token_use: Option<Bound<'_, PyAny>>,
    client_id: Option<Bound<'_, PyAny>>,
    groups: Option<Bound<'_, PyAny>>,
    scopes: Option<Bound<'_, PyAny>>,
    issuer: Option<Bound<'_, PyAny>>,
    jwks_uri: Option<Bound<'_, PyAny>>,
    jwks: Option<Bound<'_, PyAny>>,
    pools: Option<Bound<'_, PyAny>>,
    grace: f64,
    cooldown: f64,
    fetch_timeout: f64,
    token_cache: i64,
) -> PyResult<Verifier> {
    let token_cache = usize::try_from(token_cache).map_err(|_| {
        to_py_err(Error::InvalidInput(
            "token_cache must be a number of tokens, 0 or more".to_owned(),
        ))
    })?;
    let mut builder = Verifier::builder()
        .grace(seconds(grace, "grace")?)
        .cooldown(seconds(cooldown, "cooldown")?)
        .fetch_timeout(seconds(fetch_timeout, "fetch_timeout")?)
        .token_cache(token_cache);
    let single = [
        ("user_pool_id", user_pool_id),
        ("token_use", token_use),
        ("client_id", client_id),
        ("groups", groups),
        ("scopes", scopes),
        ("issuer", issuer),
        ("jwks_uri", jwks_uri),
        ("jwks", jwks),
    ];
    let given_single = single.iter().any(|(_, value)| value.is_some());
    match pools {
        Some(pools) => {
            if given_single {
                return Err(PyTypeError::new_err(
                    "give one pool's settings as arguments, or pools=[...], not both",
                ));
            }
            let list = pools.cast::<PyList>().map_err(|_| {
                PyTypeError::new_err("pools must be a list of dicts of pool settings")
            })?;
            for item in list.iter() {
                let settings = item.cast::<PyDict>().map_err(|_| {
                    PyTypeError::new_err("pools must be a list of dicts of pool settings")
                })?;
                builder = builder.pool(pool_of(settings)?);
            }
        }
        None => {
            let settings = PyDict::new(py);
            for (key, value) in single {
                if let Some(value) = value {
                    settings.set_item(key, value)?;
                }
            }
            builder = builder.pool(pool_of(&settings)?);
        }
    }
    builder.build().map_err(to_py_err)
}

/// The claims of a verified token: the Cognito claims typed, and the whole payload by name
/// (``claims["email"]``, ``claims.get("custom:tier")``, :meth:`to_dict`). ``repr()`` shows who
/// and which token, never the token itself.
#[pyclass(name = "Claims", module = "cognito_mfa", frozen)]
pub struct PyClaims {
    inner: Claims,
}

#[pymethods]
impl PyClaims {
    /// The pool whose issuer and key the token matched.
    #[getter]
    fn user_pool_id(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.pool_id().as_str()))
    }

    /// ``"id"`` or ``"access"``.
    #[getter]
    fn token_use(&self) -> PyResult<&'static str> {
        guarded(|| Ok(self.inner.token_use().as_str()))
    }

    /// ``iss``.
    #[getter]
    fn issuer(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.issuer()))
    }

    /// The allowed app client the token was issued to (``aud`` of an ID token, ``client_id``
    /// of an access token).
    #[getter]
    fn client_id(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.client_id()))
    }

    /// ``sub``: the user's stable id, or ``None``.
    #[getter]
    fn sub(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.sub()))
    }

    /// ``username`` (access token) or ``cognito:username`` (ID token), or ``None``.
    #[getter]
    fn username(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.username()))
    }

    /// ``exp``, in Unix seconds.
    #[getter]
    fn expires_at(&self) -> PyResult<u64> {
        guarded(|| Ok(self.inner.expires_at()))
    }

    /// ``iat``, in Unix seconds, or ``None``.
    #[getter]
    fn issued_at(&self) -> PyResult<Option<u64>> {
        guarded(|| Ok(self.inner.issued_at()))
    }

    /// ``auth_time``, in Unix seconds, or ``None``.
    #[getter]
    fn auth_time(&self) -> PyResult<Option<u64>> {
        guarded(|| Ok(self.inner.auth_time()))
    }

    /// ``cognito:groups`` (a new list; empty when absent).
    #[getter]
    fn groups(&self) -> PyResult<Vec<String>> {
        guarded(|| Ok(self.inner.groups().to_vec()))
    }

    /// ``scope``, split on spaces (a new list; empty when absent).
    #[getter]
    fn scopes(&self) -> PyResult<Vec<String>> {
        guarded(|| Ok(self.inner.scopes().to_vec()))
    }

    /// Whether ``cognito:groups`` holds ``group``.
    fn has_group(&self, group: &str) -> PyResult<bool> {
        guarded(|| Ok(self.inner.has_group(group)))
    }

    /// Whether ``scope`` holds ``scope``.
    fn has_scope(&self, scope: &str) -> PyResult<bool> {
        guarded(|| Ok(self.inner.has_scope(scope)))
    }

    /// The claim ``name`` as Python values, or ``default``.
    #[pyo3(signature = (name, default = None))]
    fn get(
        &self,
        py: Python<'_>,
        name: &str,
        default: Option<Py<PyAny>>,
    ) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| match self.inner.get(name) {
            Some(value) => {
                let text = serde_json::to_string(value)
                    .map_err(|e| to_py_err(Error::InvalidInput(format!("claim {name:?}: {e}"))))?;
                Ok(Some(crate::json::loads(py, &text)?.unbind()))
            }
            None => Ok(default),
        })
    }

    fn __getitem__(&self, py: Python<'_>, name: &str) -> PyResult<Py<PyAny>> {
        self.get(py, name, None)?
            .ok_or_else(|| pyo3::exceptions::PyKeyError::new_err(name.to_owned()))
    }

    fn __contains__(&self, name: &str) -> PyResult<bool> {
        guarded(|| Ok(self.inner.get(name).is_some()))
    }

    /// The whole payload as a new ``dict``.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| crate::json::loads(py, &self.inner.to_json()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            let show = |value: Option<&str>| match value {
                Some(text) => py_repr(py, text),
                None => Ok("None".to_owned()),
            };
            Ok(format!(
                "Claims(token_use={}, sub={}, username={}, client_id={}, user_pool_id={})",
                py_repr(py, self.inner.token_use().as_str())?,
                show(self.inner.sub())?,
                show(self.inner.username())?,
                py_repr(py, self.inner.client_id())?,
                py_repr(py, self.inner.pool_id().as_str())?,
            ))
        })
    }
}

/// The verification on the caller's thread when the key is cached: `Some(claims)`, `None`
/// when the JWKS must be fetched first.
fn cached(verifier: &Verifier, token: &str) -> PyResult<Option<PyClaims>> {
    guarded(|| {
        verifier
            .verify_cached(token)
            .map(|found| found.map(|inner| PyClaims { inner }))
            .map_err(to_py_err)
    })
}

/// The methods of a `TokenVerifier` class, written once for both flavours: `$finish` is
/// `awaited` (coroutines) or `blocked` (blocking).
macro_rules! verifier_methods {
    ($class:ident, [$($asyncness:tt)?], $finish:ident) => {
        #[pymethods]
        impl $class {
            #[new]
            #[pyo3(signature = (
                user_pool_id = None, *, token_use = None, client_id = None, groups = None,
                scopes = None, issuer = None, jwks_uri = None, jwks = None, pools = None,
                grace = 0.0, cooldown = 10.0, fetch_timeout = 5.0,
                token_cache = 1024
            ))]
            #[allow(clippy::too_many_arguments, reason = "keyword arguments")]
            fn new(
                py: Python<'_>,
                user_pool_id: Option<Bound<'_, PyAny>>,
                token_use: Option<Bound<'_, PyAny>>,
                client_id: Option<Bound<'_, PyAny>>,
                groups: Option<Bound<'_, PyAny>>,
                scopes: Option<Bound<'_, PyAny>>,
                issuer: Option<Bound<'_, PyAny>>,
                jwks_uri: Option<Bound<'_, PyAny>>,
                jwks: Option<Bound<'_, PyAny>>,
                pools: Option<Bound<'_, PyAny>>,
                grace: f64,
                cooldown: f64,
                fetch_timeout: f64,
                token_cache: i64,
            ) -> PyResult<Self> {
                guarded(|| {
                    Ok($class {
                        inner: build(
                            py, user_pool_id, token_use, client_id, groups, scopes, issuer,
                            jwks_uri, jwks, pools, grace, cooldown, fetch_timeout, token_cache,
                        )?,
                    })
                })
            }

            /// Verifies ``token`` (the JWT, without ``Bearer``) and returns its
            /// :class:`Claims`; fetches the pool's JWKS first when its key is not cached yet.
            ///
            /// Raises:
            ///     TokenVerificationError: one subclass per failure (``JwtExpiredError``,
            ///         ``JwtAudienceError``, ``JwtInvalidSignatureError``...), its ``code``
            ///         stable; the message never holds the token.
            ///     TypeError: ``token`` is not a ``str``.
            $($asyncness)? fn verify(&self, token: String) -> PyResult<PyClaims> {
                if let Some(claims) = cached(&self.inner, &token)? {
                    return Ok(claims);
                }
                let verifier = self.inner.clone();
                $finish!(async move {
                    let inner = verifier.verify(&token).await?;
                    Ok::<_, Error>(PyClaims { inner })
                })
            }

            /// Fetches every pool's JWKS now (e.g. at start-up).
            ///
            /// Raises:
            ///     JwksFetchError: a JWKS could not be fetched.
            $($asyncness)? fn hydrate(&self) -> PyResult<()> {
                let verifier = self.inner.clone();
                $finish!(async move { verifier.hydrate().await })
            }

            /// How many verified tokens are remembered now (at most ``token_cache``).
            #[getter]
            fn remembered_tokens(&self) -> PyResult<usize> {
                guarded(|| Ok(self.inner.remembered_tokens()))
            }

            /// The JWKS URLs this verifier fetches (one per distinct URL).
            #[getter]
            fn jwks_uris(&self) -> PyResult<Vec<String>> {
                guarded(|| Ok(self.inner.jwks_uris()))
            }

            fn __repr__(&self) -> PyResult<String> {
                guarded(|| Ok(format!("TokenVerifier(jwks_uris={:?})", self.inner.jwks_uris())))
            }
        }
    };
}

/// Verifies Cognito ID or access tokens on a server, as aws-jwt-verify does (coroutine
/// methods; ``cognito_mfa.blocking.TokenVerifier`` blocks). One pool as keyword arguments, or
/// several as ``pools=[{...}, ...]`` with the same keys:
///
/// * ``user_pool_id`` (required), ``token_use`` (``"id"`` or ``"access"``, required),
///   ``client_id`` (a ``str`` or a list, required);
/// * ``groups``, ``scopes``: one of them must be in the token (default: none required);
/// * ``issuer``: the one issuer accepted instead of Cognito's two (e.g. a mock's URL; the JWKS
///   is then ``{issuer}/.well-known/jwks.json``), ``jwks_uri``, or ``jwks`` (the JWKS itself,
///   a ``dict`` or JSON text, for servers that cannot reach Cognito).
///
/// ``grace`` is the clock skew tolerated (seconds, default 0), ``cooldown`` how long unknown
/// key ids are refused without a fetch after a refetch (default 10 s), ``fetch_timeout`` the
/// JWKS fetch's (default 5 s). ``token_cache`` is how many verified tokens are remembered
/// (default 1024, ``0`` for none): verifying one again rechecks its time claims and that its
/// key is still the pool's, without the RSA check, with the same verdicts. Make one at
/// start-up and share it: the JWKS is fetched once.
/// See ``docs/verify.md``.
///
/// Raises:
///     InvalidInputError: a missing or bad setting (no token use or client id, a bad pool id,
///         a JWKS URL that is not ``https`` or loopback ``http``...).
///     TypeError: a setting of the wrong type, or both a pool's arguments and ``pools``.
#[pyclass(name = "TokenVerifier", module = "cognito_mfa", frozen)]
pub struct PyTokenVerifier {
    inner: Verifier,
}

use crate::user::awaited;
verifier_methods!(PyTokenVerifier, [async], awaited);

/// :class:`cognito_mfa.TokenVerifier` with blocking methods, for threads and synchronous
/// frameworks (Django, Flask). A verification whose key is cached never leaves the caller's
/// thread.
#[pyclass(name = "TokenVerifier", module = "cognito_mfa.blocking", frozen)]
pub struct PyBlockingTokenVerifier {
    inner: Verifier,
}

use crate::blocking::blocked;
verifier_methods!(PyBlockingTokenVerifier, [], blocked);

//! Python wrappers of [`cognito_mfa::resume`]: the sign-in state of a `CognitoUser` as a `dict`
//! (`export_state`, the `resume` classmethod) and sealed into an opaque string by
//! `StateSealer` (`seal`, `open`, and the `resume_sealed` classmethod).
//!
//! The state crosses as JSON through Python's `json` module ([`crate::json`]); no Cognito
//! logic lives here. The methods of both `CognitoUser` classes come from
//! [`with_resume_methods!`], which adds them to those of src/device.rs and hands the lot to
//! [`crate::user::cognito_user_methods!`].

use std::collections::BTreeMap;
use std::time::Duration;

use cognito_mfa::resume::{Sealer, SealingKey, SignInSnapshot};
use cognito_mfa::{Error, User};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};

use crate::client::PyCognitoUserPool;
use crate::error::{guarded, to_py_err};
use crate::totp::py_repr;

/// Seconds since the Unix epoch by the system clock.
fn unix_now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The state of `user`, valid `lifetime` seconds while in a challenge, with or without the
/// refresh token of a signed-in state.
fn snapshot_of(user: &User, lifetime: u64, refresh_token: bool) -> PyResult<SignInSnapshot> {
    let snapshot = user
        .export_state_for(unix_now(), Duration::from_secs(lifetime))
        .map_err(to_py_err)?;
    Ok(if refresh_token {
        snapshot
    } else {
        snapshot.without_refresh_token()
    })
}

/// The state of `user` as a `dict` (see [`snapshot_of`]).
pub(crate) fn export_state<'py>(
    py: Python<'py>,
    user: &User,
    lifetime: u64,
    refresh_token: bool,
) -> PyResult<Bound<'py, PyAny>> {
    snapshot_to_dict(py, &snapshot_of(user, lifetime, refresh_token)?)
}

fn snapshot_to_dict<'py>(
    py: Python<'py>,
    snapshot: &SignInSnapshot,
) -> PyResult<Bound<'py, PyAny>> {
    let text =
        zeroize::Zeroizing::new(serde_json::to_string(snapshot).map_err(|_| {
            to_py_err(Error::InvalidInput("the state cannot be serialized".into()))
        })?);
    crate::json::loads(py, &text)
}

fn dict_to_snapshot(state: &Bound<'_, PyDict>) -> PyResult<SignInSnapshot> {
    let text = zeroize::Zeroizing::new(crate::json::dumps(state.as_any())?);
    serde_json::from_str(&text).map_err(|_| {
        to_py_err(Error::InvalidState {
            reason: cognito_mfa::InvalidStateReason::Malformed,
        })
    })
}

/// A core user of `pool` resumed from the `dict` `state`.
pub(crate) fn resume(
    pool: &Bound<'_, PyCognitoUserPool>,
    state: &Bound<'_, PyDict>,
) -> PyResult<User> {
    let snapshot = dict_to_snapshot(state)?;
    pool.get()
        .inner
        .resume(&snapshot, unix_now())
        .map_err(to_py_err)
}

/// A core user of `pool` resumed from a value `sealer` sealed.
pub(crate) fn resume_sealed(
    pool: &Bound<'_, PyCognitoUserPool>,
    sealer: &PyStateSealer,
    sealed: &str,
) -> PyResult<User> {
    sealer
        .sealer
        .resume(sealed, &pool.get().inner, unix_now())
        .map_err(to_py_err)
}

/// Seals sign-in states into opaque strings for a cookie or a hidden form field, and opens
/// them again: XChaCha20-Poly1305 with a key the server holds, bound to the pool and app
/// client, refused once expired.
///
/// ``keys`` maps each key id (1 to 16 ASCII letters, digits, ``-`` or ``_``) to 32 random
/// bytes (``secrets.token_bytes(32)``); ``seal_with`` names the one that seals, and every
/// listed key opens. To rotate, add the new key, seal with it, and drop the old one once the
/// values it sealed have expired (minutes). ``repr()`` shows the key ids, never a key.
///
/// Raises:
///     InvalidInputError: no key, a key that is not 32 bytes, a bad key id, or ``seal_with``
///         naming none of the keys.
#[pyclass(name = "StateSealer", module = "cognito_mfa", frozen)]
pub struct PyStateSealer {
    sealer: Sealer,
    key_ids: Vec<String>,
}

#[pymethods]
impl PyStateSealer {
    #[new]
    #[pyo3(signature = (*, keys, seal_with))]
    fn new(keys: BTreeMap<String, Bound<'_, PyBytes>>, seal_with: &str) -> PyResult<Self> {
        guarded(|| {
            let key_ids: Vec<String> = keys.keys().cloned().collect();
            let keys = keys
                .iter()
                .map(|(id, key)| SealingKey::new(id.clone(), key.as_bytes()))
                .collect::<cognito_mfa::Result<Vec<_>>>()
                .map_err(to_py_err)?;
            let sealer = Sealer::with_sealing_key(keys, seal_with).map_err(to_py_err)?;
            Ok(PyStateSealer { sealer, key_ids })
        })
    }

    /// Seals the state of ``user`` (a :class:`CognitoUser` of either API, in a challenge or
    /// signed in) into a URL-safe string of at most 4096 characters, valid ``lifetime``
    /// seconds (default 180, Cognito's Session lifetime; at most 900) while in a challenge.
    /// A signed-in state's three tokens rarely fit: ``refresh_token=False`` leaves the refresh
    /// token out (the ID and access tokens fit; the resumed user cannot refresh).
    ///
    /// Raises:
    ///     TypeError: ``user`` is not a ``CognitoUser``.
    ///     InvalidStateError: nothing in progress, or (``reason="TooLong"``) a signed-in
    ///         state whose tokens do not fit 4096 characters: seal it with
    ///         ``refresh_token=False``, or keep it as a ``dict``.
    ///     InvalidInputError: a ``lifetime`` of 0 or above 900.
    #[pyo3(signature = (user, *, lifetime = 180, refresh_token = true))]
    fn seal(
        &self,
        user: &Bound<'_, PyAny>,
        lifetime: u64,
        refresh_token: bool,
    ) -> PyResult<String> {
        guarded(|| {
            let is_user = user.is_instance_of::<crate::user::PyCognitoUser>()
                || user.is_instance_of::<crate::blocking::PyBlockingCognitoUser>();
            if !is_user {
                return Err(pyo3::exceptions::PyTypeError::new_err(format!(
                    "user must be a CognitoUser (of cognito_mfa or cognito_mfa.blocking), not {}",
                    user.get_type().name()?
                )));
            }
            let kwargs = PyDict::new(user.py());
            kwargs.set_item("lifetime", lifetime)?;
            kwargs.set_item("refresh_token", refresh_token)?;
            let state = user.call_method("export_state", (), Some(&kwargs))?;
            let state = state.cast_into::<PyDict>()?;
            let snapshot = dict_to_snapshot(&state)?;
            self.sealer.seal(&snapshot).map_err(to_py_err)
        })
    }

    /// Opens a value :meth:`seal` made, for ``pool``, and returns the state as a ``dict`` (as
    /// :meth:`CognitoUser.export_state` gives it). To get a user, call
    /// :meth:`CognitoUser.resume_sealed`.
    ///
    /// Raises:
    ///     InvalidStateError: tampered with, truncated, too long, sealed by an unlisted or
    ///         another key, for another pool or app client, or expired (see its ``reason``).
    fn open<'py>(
        &self,
        py: Python<'py>,
        pool: &Bound<'_, PyCognitoUserPool>,
        sealed: &str,
    ) -> PyResult<Bound<'py, PyAny>> {
        guarded(|| {
            let snapshot = self
                .sealer
                .open(sealed, &pool.get().inner, unix_now())
                .map_err(to_py_err)?;
            snapshot_to_dict(py, &snapshot)
        })
    }

    /// The id of the key that seals.
    #[getter]
    fn seal_with(&self) -> PyResult<&str> {
        guarded(|| Ok(self.sealer.sealing_key_id()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            let ids = self
                .key_ids
                .iter()
                .map(|id| py_repr(py, id))
                .collect::<PyResult<Vec<_>>>()?;
            Ok(format!(
                "StateSealer(key_ids=[{}], seal_with={})",
                ids.join(", "),
                py_repr(py, self.sealer.sealing_key_id())?
            ))
        })
    }
}

/// The resume methods of both `CognitoUser` classes, added to `$device` (the device methods)
/// and handed to [`crate::user::cognito_user_methods!`].
macro_rules! with_resume_methods {
    ($class:ident, $name:literal, [$($asyncness:tt)?], $finish:ident, {$($device:tt)*}) => {
        $crate::user::cognito_user_methods!($class, $name, [$($asyncness)?], $finish, {
            $($device)*

            /// The state of this user as a plain ``dict`` to keep server-side (it holds the
            /// challenge's Session or the tokens: secrets) and resume with :meth:`resume`,
            /// in this process or another: the pool and app client ids, the user names, the
            /// challenge with its parameters and Session, or the tokens, and ``issued_at`` /
            /// ``expires_at`` (Unix seconds). A challenge's state expires ``lifetime`` seconds
            /// from now (default 180, Cognito's Session lifetime; at most 900); a signed-in
            /// state when the access token does. ``refresh_token=False`` leaves a signed-in
            /// state's refresh token out (the resumed user cannot refresh). No request is made.
            ///
            /// Raises:
            ///     InvalidStateError: neither in a challenge nor signed in.
            ///     InvalidInputError: a ``lifetime`` of 0 or above 900.
            #[pyo3(signature = (*, lifetime = 180, refresh_token = true))]
            fn export_state<'py>(
                &self,
                py: Python<'py>,
                lifetime: u64,
                refresh_token: bool,
            ) -> PyResult<Bound<'py, PyAny>> {
                $crate::error::guarded(|| {
                    $crate::resume::export_state(py, &self.binding.user, lifetime, refresh_token)
                })
            }

            /// The challenge waiting for its answer, as the step that asked it returned it:
            /// an :class:`AuthResult` with ``challenge_name``, ``challenge_parameters`` and
            /// the parsed helpers (``destination``, ``mfas_can_choose``...), which is what the
            /// page of a user resumed from a state shows. ``None`` unless a challenge is in
            /// progress. No request is made.
            fn pending_challenge(&self) -> Option<$crate::user::PyAuthResult> {
                self.binding
                    .user
                    .pending_challenge()
                    .map($crate::user::PyAuthResult::from_outcome)
            }

            /// A new user of ``pool`` in the state :meth:`export_state` gave: it answers the
            /// challenge (or calls the API) as the exported user would. No request is made.
            ///
            /// Raises:
            ///     InvalidStateError: another pool or app client, expired, malformed, or a
            ///         challenge that cannot be resumed (see its ``reason``).
            #[classmethod]
            fn resume(
                _class: &Bound<'_, pyo3::types::PyType>,
                pool: &Bound<'_, PyCognitoUserPool>,
                state: &Bound<'_, pyo3::types::PyDict>,
            ) -> PyResult<Self> {
                $crate::error::guarded(|| {
                    let user = $crate::resume::resume(pool, state)?;
                    Ok($class { binding: UserBinding::from_user(user, pool) })
                })
            }

            /// A new user of ``pool`` in the state ``sealer`` sealed (:meth:`StateSealer.seal`).
            /// No request is made.
            ///
            /// Raises:
            ///     InvalidStateError: as :meth:`StateSealer.open` and :meth:`resume`.
            #[classmethod]
            fn resume_sealed(
                _class: &Bound<'_, pyo3::types::PyType>,
                pool: &Bound<'_, PyCognitoUserPool>,
                sealer: PyRef<'_, $crate::resume::PyStateSealer>,
                sealed: &str,
            ) -> PyResult<Self> {
                $crate::error::guarded(|| {
                    let user = $crate::resume::resume_sealed(pool, &sealer, sealed)?;
                    Ok($class { binding: UserBinding::from_user(user, pool) })
                })
            }
        });
    };
}

pub(crate) use with_resume_methods;

//! Python wrappers of [`cognito_mfa::totp`]: the classes `TOTP`, `KeyUri` and `ReplayGuard`
//! and the functions `random_secret`, `hotp`, `parse_uri`, `qr_svg` and `qr_text`.
//!
//! Each wrapper converts its arguments, calls the core, maps an error with
//! [`to_py_err`] and converts the result; no TOTP logic lives here. Strings that hold a
//! secret (base32 text, key URIs) are built straight from the core's zeroizing buffers into
//! Python strings, so no extra Rust copy outlives the call.

use cognito_mfa::Error;
use cognito_mfa::totp::{self, Algorithm, KeyUri, ReplayGuard, Secret, Totp};
use pyo3::prelude::*;
use pyo3::types::PyString;

use crate::args::{time_or_now, to_secret, to_u32, to_u64, to_unix_time, to_usize};
use crate::error::{guarded, to_py_err};

/// Parses an algorithm name (`SHA1`, `SHA256`, `SHA512`, also with a dash, any case).
fn algorithm(name: &str) -> PyResult<Algorithm> {
    name.parse().map_err(to_py_err)
}

/// The Python `repr()` of a string, e.g. `'alice'`.
pub(crate) fn py_repr(py: Python<'_>, text: &str) -> PyResult<String> {
    Ok(PyString::new(py, text).repr()?.to_str()?.to_owned())
}

/// A TOTP generator and verifier (RFC 6238).
///
/// ``secret`` is the shared key: base32 text as an authenticator app shows it (lowercase,
/// spaces, dashes and ``=`` padding are tolerated) or the raw key as ``bytes``; at least 80
/// bits. The defaults are Cognito's: 6 digits, 30-second steps, HMAC-SHA1.
///
/// Raises:
///     TypeError: ``secret`` is neither ``str`` nor ``bytes``, or another argument has the
///         wrong type.
///     InvalidSecretError: ``secret`` holds a character outside the base32 alphabet.
///     SecretTooShortError: ``secret`` is shorter than 80 bits (16 base32 characters).
///     InvalidInputError: ``digits`` is not 6, 7 or 8, ``period`` is 0, or ``algorithm`` is
///         not SHA1, SHA256 or SHA512.
///
/// ``repr()`` never shows the secret.
#[pyclass(name = "TOTP", module = "cognito_mfa", frozen)]
pub struct PyTotp {
    pub(crate) inner: Totp,
}

#[pymethods]
impl PyTotp {
    #[new]
    #[pyo3(signature = (secret, *, digits = 6, period = 30, algorithm = "SHA1"))]
    fn new(
        #[pyo3(from_py_with = to_secret)] secret: Secret,
        #[pyo3(from_py_with = to_u32)] digits: u32,
        #[pyo3(from_py_with = to_u64)] period: u64,
        algorithm: &str,
    ) -> PyResult<Self> {
        guarded(|| {
            let algorithm = self::algorithm(algorithm)?;
            let inner = Totp::with_options(secret, algorithm, digits, period).map_err(to_py_err)?;
            Ok(PyTotp { inner })
        })
    }

    /// The number of digits of a code (6 to 8).
    #[getter]
    fn digits(&self) -> PyResult<u32> {
        guarded(|| Ok(self.inner.digits()))
    }

    /// The length of a time step in seconds.
    #[getter]
    fn period(&self) -> PyResult<u64> {
        guarded(|| Ok(self.inner.period()))
    }

    /// The HMAC hash function: ``"SHA1"``, ``"SHA256"`` or ``"SHA512"``.
    #[getter]
    fn algorithm(&self) -> PyResult<&'static str> {
        guarded(|| Ok(self.inner.algorithm().as_str()))
    }

    /// The shared secret as base32 (RFC 4648, uppercase, no padding). Handle with care.
    #[getter]
    fn secret<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        guarded(|| Ok(PyString::new(py, &self.inner.secret().to_base32())))
    }

    /// The code for the current time (from the system clock).
    ///
    /// Raises:
    ///     InvalidInputError: the system clock is set before 1970.
    fn now(&self) -> PyResult<String> {
        guarded(|| self.inner.generate_now().map_err(to_py_err))
    }

    /// The code for the time step that contains ``unix_time`` (seconds since 1970).
    ///
    /// Raises:
    ///     TypeError: ``unix_time`` is not an ``int``.
    ///     InvalidInputError: ``unix_time`` is negative.
    fn at(&self, #[pyo3(from_py_with = to_u64)] unix_time: u64) -> PyResult<String> {
        guarded(|| Ok(self.inner.generate(unix_time)))
    }

    /// Checks ``code`` against the steps ``window`` before and after the step of ``at``
    /// (default: now), comparing every candidate in constant time.
    ///
    /// Returns ``True`` if a step matched, ``False`` otherwise. A code of the right shape that
    /// does not match is not an error.
    ///
    /// Raises:
    ///     TypeError: ``code`` is not a ``str``.
    ///     InvalidInputError: ``code`` is not exactly ``digits`` ASCII digits, ``window`` is
    ///         above 100, or ``at`` is negative.
    #[pyo3(signature = (code, *, at = None, window = 1))]
    fn verify(
        &self,
        code: &str,
        #[pyo3(from_py_with = to_unix_time)] at: Option<u64>,
        #[pyo3(from_py_with = to_u64)] window: u64,
    ) -> PyResult<bool> {
        guarded(|| {
            let outcome = match at {
                Some(unix_time) => self.inner.verify(code, unix_time, window),
                None => self.inner.verify_now(code, window),
            };
            match outcome {
                Ok(_) => Ok(true),
                Err(Error::CodeMismatch) => Ok(false),
                Err(err) => Err(to_py_err(err)),
            }
        })
    }

    /// The ``otpauth://totp/`` key URI to show an authenticator app (as text or a QR code).
    ///
    /// It names ``account`` and, if given, ``issuer``, and always writes ``algorithm``,
    /// ``digits`` and ``period``. The URI contains the secret.
    ///
    /// Raises:
    ///     InvalidInputError: ``account`` is empty, ``issuer`` is empty, or either holds ``:``.
    #[pyo3(signature = (account, *, issuer = None))]
    fn provisioning_uri<'py>(
        &self,
        py: Python<'py>,
        account: &str,
        issuer: Option<&str>,
    ) -> PyResult<Bound<'py, PyString>> {
        guarded(|| {
            let uri = self.inner.key_uri(account, issuer).map_err(to_py_err)?;
            Ok(PyString::new(py, &uri.to_uri()))
        })
    }

    /// The time step (``unix_time // period``) that contains ``at`` (default: now).
    ///
    /// Raises:
    ///     InvalidInputError: ``at`` is negative, or the clock is set before 1970.
    #[pyo3(signature = (at = None))]
    fn time_step(&self, #[pyo3(from_py_with = to_unix_time)] at: Option<u64>) -> PyResult<u64> {
        guarded(|| Ok(self.inner.time_step(time_or_now(at)?)))
    }

    /// The seconds from ``at`` (default: now) until the next time step, from 1 to ``period``.
    ///
    /// Raises:
    ///     InvalidInputError: ``at`` is negative, or the clock is set before 1970.
    #[pyo3(signature = (at = None))]
    fn seconds_remaining(
        &self,
        #[pyo3(from_py_with = to_unix_time)] at: Option<u64>,
    ) -> PyResult<u64> {
        guarded(|| Ok(self.inner.seconds_remaining(time_or_now(at)?)))
    }

    fn __repr__(&self) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "TOTP(digits={}, period={}, algorithm='{}')",
                self.inner.digits(),
                self.inner.period(),
                self.inner.algorithm()
            ))
        })
    }
}

/// A key URI (``otpauth://totp/Issuer:account?secret=...``) for an authenticator app: a
/// :class:`TOTP` with the account name and optional issuer it is shown under.
///
/// Build one from a ``TOTP`` (or parse one with :func:`parse_uri`); :meth:`to_uri` gives the
/// text. ``repr()`` never shows the secret.
///
/// Raises:
///     TypeError: ``totp`` is not a :class:`TOTP`.
///     InvalidInputError: ``account`` is empty, ``issuer`` is empty, or either holds ``:``.
#[pyclass(name = "KeyUri", module = "cognito_mfa", frozen)]
pub struct PyKeyUri {
    inner: KeyUri,
}

#[pymethods]
impl PyKeyUri {
    #[new]
    #[pyo3(signature = (totp, account, *, issuer = None))]
    fn new(totp: &Bound<'_, PyTotp>, account: &str, issuer: Option<&str>) -> PyResult<Self> {
        guarded(|| {
            let inner = totp
                .get()
                .inner
                .key_uri(account, issuer)
                .map_err(to_py_err)?;
            Ok(PyKeyUri { inner })
        })
    }

    /// The generator this URI describes (a new :class:`TOTP` object on each access).
    #[getter]
    fn totp(&self) -> PyResult<PyTotp> {
        guarded(|| {
            Ok(PyTotp {
                inner: self.inner.totp.clone(),
            })
        })
    }

    /// The account name (the label after the issuer), e.g. ``"alice@example.com"``.
    #[getter]
    fn account(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.account.as_str()))
    }

    /// The issuer (service name), or ``None``.
    #[getter]
    fn issuer(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.issuer.as_deref()))
    }

    /// The URI text. The label is ``Issuer:account`` (or ``account``), percent-encoded; the
    /// parameters are ``secret``, ``issuer`` (when set), ``algorithm``, ``digits`` and
    /// ``period``. It contains the secret.
    fn to_uri<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyString>> {
        guarded(|| Ok(PyString::new(py, &self.inner.to_uri())))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            let issuer = match &self.inner.issuer {
                Some(issuer) => py_repr(py, issuer)?,
                None => "None".to_owned(),
            };
            let totp = &self.inner.totp;
            Ok(format!(
                "KeyUri(account={}, issuer={issuer}, digits={}, period={}, algorithm='{}')",
                py_repr(py, &self.inner.account)?,
                totp.digits(),
                totp.period(),
                totp.algorithm()
            ))
        })
    }
}

/// Refuses a second use of a code of the same time step (RFC 6238 section 5.2).
///
/// Remembers, per key (e.g. a user name), the last accepted time step; a code whose matched
/// step is not later than that is refused with :class:`CodeReusedError`. State lives in
/// memory, in this object only.
#[pyclass(name = "ReplayGuard", module = "cognito_mfa")]
#[derive(Default)]
pub struct PyReplayGuard {
    inner: ReplayGuard<String>,
}

#[pymethods]
impl PyReplayGuard {
    #[new]
    fn new() -> PyResult<Self> {
        guarded(|| Ok(PyReplayGuard::default()))
    }

    /// Verifies ``code`` like :meth:`TOTP.verify` but only accepts a step later than the last
    /// one accepted for ``key``; on success records the step and returns it.
    ///
    /// Raises:
    ///     CodeMismatchError: no step of the window has this code.
    ///     CodeReusedError: the matching step was already accepted for ``key``.
    ///     InvalidInputError: ``code`` is malformed, ``window`` is above 100, or ``at`` is
    ///         negative.
    #[pyo3(signature = (key, totp, code, *, at = None, window = 1))]
    fn verify(
        &mut self,
        key: String,
        totp: &Bound<'_, PyTotp>,
        code: &str,
        #[pyo3(from_py_with = to_unix_time)] at: Option<u64>,
        #[pyo3(from_py_with = to_u64)] window: u64,
    ) -> PyResult<u64> {
        guarded(|| {
            let unix_time = time_or_now(at)?;
            self.inner
                .verify(key, &totp.get().inner, code, unix_time, window)
                .map_err(to_py_err)
        })
    }

    /// The last time step accepted for ``key``, or ``None``.
    fn last_accepted(&self, key: String) -> PyResult<Option<u64>> {
        guarded(|| Ok(self.inner.last_accepted(&key)))
    }

    /// Forgets ``key`` (e.g. when its secret changes); returns its last accepted step, if any.
    fn forget(&mut self, key: String) -> PyResult<Option<u64>> {
        guarded(|| Ok(self.inner.forget(&key)))
    }
}

/// A new random secret of ``length`` bytes (default 20, i.e. 160 bits) from the operating
/// system's CSPRNG, as base32 text (32 characters for 20 bytes).
///
/// Raises:
///     InvalidInputError: ``length`` is not from 10 to 1024.
///     RandomSourceError: the operating system's random number generator failed.
#[pyfunction]
#[pyo3(signature = (length = 20))]
pub fn random_secret(
    py: Python<'_>,
    #[pyo3(from_py_with = to_usize)] length: usize,
) -> PyResult<Bound<'_, PyString>> {
    guarded(|| {
        let secret = Secret::generate_with_len(length).map_err(to_py_err)?;
        Ok(PyString::new(py, &secret.to_base32()))
    })
}

/// The HOTP value (RFC 4226) of ``secret`` for ``counter``, zero-padded to ``digits``.
///
/// ``secret`` is base32 text or the raw key as ``bytes``, as for :class:`TOTP`.
///
/// Raises:
///     InvalidSecretError, SecretTooShortError: as for :class:`TOTP`.
///     InvalidInputError: ``digits`` is not 6, 7 or 8, ``counter`` is negative, or
///         ``algorithm`` is unknown.
#[pyfunction]
#[pyo3(signature = (secret, counter, *, digits = 6, algorithm = "SHA1"))]
pub fn hotp(
    #[pyo3(from_py_with = to_secret)] secret: Secret,
    #[pyo3(from_py_with = to_u64)] counter: u64,
    #[pyo3(from_py_with = to_u32)] digits: u32,
    algorithm: &str,
) -> PyResult<String> {
    guarded(|| totp::hotp(&secret, counter, digits, self::algorithm(algorithm)?).map_err(to_py_err))
}

/// Parses an ``otpauth://totp/`` key URI (as made by :meth:`TOTP.provisioning_uri`, or by
/// another service). Unknown parameters such as ``image`` are ignored.
///
/// Raises:
///     InvalidUriError: the URI is not a valid TOTP key URI; ``exc.kind`` says why (e.g.
///         ``"MissingSecret"``, ``"IssuerMismatch"``).
#[pyfunction]
pub fn parse_uri(uri: &str) -> PyResult<PyKeyUri> {
    guarded(|| {
        let inner = KeyUri::parse(uri).map_err(to_py_err)?;
        Ok(PyKeyUri { inner })
    })
}

/// A QR code of ``uri`` (any text, usually a key URI) as a standalone SVG document.
///
/// Raises:
///     InvalidInputError: the text is too long for a QR code.
#[pyfunction]
pub fn qr_svg(uri: &str) -> PyResult<String> {
    guarded(|| totp::qr_svg(uri).map_err(to_py_err))
}

/// A QR code of ``uri`` as terminal text: Unicode half blocks (two rows of modules per line)
/// with a quiet zone, for printing to a console.
///
/// Raises:
///     InvalidInputError: the text is too long for a QR code.
#[pyfunction]
pub fn qr_text(uri: &str) -> PyResult<String> {
    guarded(|| totp::qr_text(uri).map_err(to_py_err))
}

//! Conversions of Python arguments that pyo3 cannot do with the semantics we want: integers
//! where a negative or too-large value is a bad *value* (`InvalidInputError`, a `ValueError`)
//! rather than an `OverflowError`, the system clock for `at=None`, secrets given as `str`
//! (base32) or `bytes` (the raw key), and durations in seconds.
//!
//! Each function is used through `#[pyo3(from_py_with = ...)]`; pyo3 adds a note naming the
//! parameter to any error raised here.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cognito_mfa::Error;
use cognito_mfa::totp::Secret;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyInt, PyString};

use crate::error::{guarded, to_py_err};

/// A Python `int` from 0 to `u64::MAX`.
///
/// A non-`int` raises `TypeError`; a negative or too-large value raises `InvalidInputError`.
pub fn to_u64(value: &Bound<'_, PyAny>) -> PyResult<u64> {
    guarded(|| {
        let int = value.cast::<PyInt>().map_err(|_| {
            PyTypeError::new_err(format!(
                "expected an int, got {}",
                type_name(value).unwrap_or_else(|_| "an object".to_owned())
            ))
        })?;
        int.extract::<u64>().map_err(|_| {
            to_py_err(Error::InvalidInput(
                "expected an integer from 0 to 2**64 - 1".to_owned(),
            ))
        })
    })
}

/// A Python `int` from 0 to `u32::MAX` (errors as [`to_u64`]).
pub fn to_u32(value: &Bound<'_, PyAny>) -> PyResult<u32> {
    guarded(|| {
        let wide = to_u64(value)?;
        u32::try_from(wide).map_err(|_| {
            to_py_err(Error::InvalidInput(
                "expected an integer from 0 to 2**32 - 1".to_owned(),
            ))
        })
    })
}

/// A Python `int` that fits a `usize` (errors as [`to_u64`]).
pub fn to_usize(value: &Bound<'_, PyAny>) -> PyResult<usize> {
    guarded(|| {
        let wide = to_u64(value)?;
        usize::try_from(wide).map_err(|_| {
            to_py_err(Error::InvalidInput(
                "the integer is too large for this platform".to_owned(),
            ))
        })
    })
}

/// Unix seconds from an optional `int`: `None` reads the system clock.
///
/// Errors as [`to_u64`]; also `InvalidInputError` if the clock is set before 1970.
pub fn to_unix_time(value: &Bound<'_, PyAny>) -> PyResult<Option<u64>> {
    guarded(|| {
        if value.is_none() {
            Ok(None)
        } else {
            to_u64(value).map(Some)
        }
    })
}

/// The given time, or the system clock's when `None`.
///
/// # Errors
/// `InvalidInputError` if the clock is set before 1970 (the core's `*_now()` functions say
/// the same).
pub fn time_or_now(unix_time: Option<u64>) -> PyResult<u64> {
    match unix_time {
        Some(time) => Ok(time),
        None => SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|elapsed| elapsed.as_secs())
            .map_err(|_| {
                to_py_err(Error::InvalidInput(
                    "the system clock is set before 1970".to_owned(),
                ))
            }),
    }
}

/// A shared secret: a base32 `str` (tolerant of lowercase, spaces, dashes and `=` padding) or
/// the raw key as `bytes`.
///
/// A value of another type raises `TypeError`; a bad base32 text `InvalidSecretError`; fewer
/// than 80 bits `SecretTooShortError`.
pub fn to_secret(value: &Bound<'_, PyAny>) -> PyResult<Secret> {
    guarded(|| {
        if let Ok(text) = value.cast::<PyString>() {
            Secret::from_base32(text.to_str()?).map_err(to_py_err)
        } else if let Ok(raw) = value.cast::<PyBytes>() {
            Secret::from_bytes(raw.as_bytes()).map_err(to_py_err)
        } else {
            Err(PyTypeError::new_err(format!(
                "a secret must be a base32 str or the raw key as bytes, got {}",
                type_name(value)?
            )))
        }
    })
}

fn type_name(value: &Bound<'_, PyAny>) -> PyResult<String> {
    Ok(value.get_type().name()?.to_str()?.to_owned())
}

/// A duration in seconds, given as an `int` or a `float`, greater than zero and finite.
///
/// A value of another type raises `TypeError`; zero, a negative number, NaN or infinity
/// raises `InvalidInputError`.
pub fn to_seconds(value: &Bound<'_, PyAny>) -> PyResult<Duration> {
    guarded(|| {
        let number = value.is_instance_of::<PyInt>() || value.is_instance_of::<PyFloat>();
        if !number || value.is_instance_of::<PyBool>() {
            return Err(PyTypeError::new_err(format!(
                "expected a number of seconds (int or float), got {}",
                type_name(value)?
            )));
        }
        let seconds: f64 = value.extract()?;
        match Duration::try_from_secs_f64(seconds) {
            Ok(duration) if !duration.is_zero() => Ok(duration),
            _ => Err(to_py_err(Error::InvalidInput(
                "a duration must be a finite number of seconds greater than zero".to_owned(),
            ))),
        }
    })
}

/// `None`, or a duration as [`to_seconds`] converts it.
pub fn to_optional_seconds(value: &Bound<'_, PyAny>) -> PyResult<Option<Duration>> {
    guarded(|| {
        if value.is_none() {
            Ok(None)
        } else {
            to_seconds(value).map(Some)
        }
    })
}

/// `None`, or an integer as [`to_u32`] converts it.
pub fn to_optional_u32(value: &Bound<'_, PyAny>) -> PyResult<Option<u32>> {
    guarded(|| {
        if value.is_none() {
            Ok(None)
        } else {
            to_u32(value).map(Some)
        }
    })
}

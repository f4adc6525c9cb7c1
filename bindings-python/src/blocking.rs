//! `cognito_mfa.blocking.CognitoUser`: the methods of `cognito_mfa.CognitoUser`, synchronous,
//! for threads and synchronous frameworks (Django, Flask).
//!
//! Each call runs on the same process-wide runtime as the coroutines and blocks the calling
//! thread with the GIL released, so other Python threads run during the network I/O and the
//! SRP big-integer work. The data classes (`CognitoUserPool`, `AuthResult`...) are shared with
//! the asynchronous API.

use std::collections::BTreeMap;

use pyo3::prelude::*;

use crate::account::{PyMfaOption, PyMfaSettings, PyUserData};
use crate::client::PyCognitoUserPool;
use crate::resume::with_resume_methods;
use crate::session::PyCognitoUserSession;
use crate::user::{
    Metadata, PyAssociatedSoftwareToken, PyAuthResult, PyAuthenticationDetails, UserBinding,
    warn_deprecated,
};

/// Blocks the calling thread, GIL released, on one of [`UserBinding`]'s futures; a panic
/// while the future is made is a `GenericFailure`, as one while it runs.
macro_rules! blocked {
    ($future:expr) => {
        $crate::error::guarded(|| Python::attach(|py| $crate::runtime::block_on(py, $future)))
    };
}
pub(crate) use blocked;

/// One user of a pool, with synchronous methods: the same methods as
/// :class:`cognito_mfa.CognitoUser`, which block until Cognito answers.
///
/// The GIL is released while waiting (network I/O and the SRP big-integer work run on the
/// package's runtime threads), so many threads can sign users in at once; Ctrl-C interrupts a
/// call. Calls on one user run one at a time; use one ``CognitoUser`` per sign-in and share the
/// :class:`CognitoUserPool`.
///
/// Raises:
///     TypeError: ``username`` is not a ``str`` or ``pool`` not a :class:`CognitoUserPool`.
///     InvalidInputError: ``username`` is empty.
#[pyclass(name = "CognitoUser", module = "cognito_mfa.blocking", frozen)]
pub struct PyBlockingCognitoUser {
    binding: UserBinding,
}

crate::device::with_device_methods!(
    with_resume_methods,
    PyBlockingCognitoUser,
    "CognitoUser",
    [],
    blocked
);

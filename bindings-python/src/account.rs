//! Python wrappers of the account values of [`cognito_mfa::user`]: `MfaSettings` and
//! `MfaOption` (what the MFA methods take) and `UserData` (what `get_user_data` gives), shared
//! with the admin client (src/admin.rs), whose `AdminUser` reads the same fields.

use cognito_mfa::admin::AdminUser;
use cognito_mfa::protocol::{AttributeType, MfaOption};
use cognito_mfa::{MfaSettings, MfaType, UserData};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyDict, PyType};

use crate::device::utc_datetime;
use crate::error::guarded;
use crate::totp::py_repr;

/// A member of the Python enum `cognito_mfa.ChallengeName` (a `str` enum) from its value.
pub(crate) fn challenge_name(py: Python<'_>, value: &str) -> PyResult<Py<PyAny>> {
    static ENUM: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    let class = ENUM.import(py, "cognito_mfa.enums", "ChallengeName")?;
    Ok(class.call1((value,))?.unbind())
}

/// `ChallengeName` members for a list of factors (their wire names are challenge names).
pub(crate) fn challenge_names(py: Python<'_>, factors: &[MfaType]) -> PyResult<Vec<Py<PyAny>>> {
    factors
        .iter()
        .map(|factor| challenge_name(py, factor.as_str()))
        .collect()
}

/// Python's spelling of a `bool`.
pub(crate) fn python_bool(flag: bool) -> &'static str {
    if flag { "True" } else { "False" }
}

/// ``{Enabled, PreferredMfa}`` for one MFA factor, for
/// :meth:`CognitoUser.set_user_mfa_preference`.
///
/// Raises:
///     TypeError: ``enabled`` or ``preferred`` is not a ``bool``.
#[pyclass(name = "MfaSettings", module = "cognito_mfa", frozen, eq, hash)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PyMfaSettings {
    pub(crate) inner: MfaSettings,
}

#[pymethods]
impl PyMfaSettings {
    #[new]
    fn new(enabled: bool, preferred: bool) -> PyResult<Self> {
        guarded(|| {
            Ok(PyMfaSettings {
                inner: MfaSettings::new(enabled, preferred),
            })
        })
    }

    /// Whether the factor is enabled.
    #[getter]
    fn enabled(&self) -> PyResult<bool> {
        guarded(|| Ok(self.inner.enabled))
    }

    /// Whether it is the preferred factor.
    #[getter]
    fn preferred(&self) -> PyResult<bool> {
        guarded(|| Ok(self.inner.preferred_mfa))
    }

    fn __repr__(&self) -> PyResult<String> {
        guarded(|| {
            Ok(format!(
                "MfaSettings(enabled={}, preferred={})",
                python_bool(self.inner.enabled),
                python_bool(self.inner.preferred_mfa)
            ))
        })
    }
}

/// One entry of the legacy ``MFAOptions`` list (SMS MFA set with the deprecated
/// :meth:`CognitoUser.enable_mfa` or :meth:`AdminClient.set_user_settings`).
#[pyclass(name = "MfaOption", module = "cognito_mfa", frozen, eq)]
#[derive(Clone, PartialEq, Eq)]
pub struct PyMfaOption {
    pub(crate) inner: MfaOption,
}

#[pymethods]
impl PyMfaOption {
    #[new]
    #[pyo3(signature = (delivery_medium, attribute_name))]
    fn new(delivery_medium: String, attribute_name: String) -> PyResult<Self> {
        guarded(|| {
            Ok(PyMfaOption {
                inner: MfaOption {
                    delivery_medium: Some(delivery_medium),
                    attribute_name: Some(attribute_name),
                },
            })
        })
    }

    /// The entry that turns legacy SMS MFA on: ``MfaOption("SMS", "phone_number")``, for
    /// :meth:`AdminClient.set_user_settings`.
    #[staticmethod]
    fn sms() -> PyResult<Self> {
        guarded(|| {
            Ok(PyMfaOption {
                inner: MfaOption::sms(),
            })
        })
    }

    /// ``"SMS"`` (or ``"EMAIL"``), or ``None``.
    #[getter]
    fn delivery_medium(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.delivery_medium.as_deref()))
    }

    /// The attribute the code goes to, e.g. ``"phone_number"``, or ``None``.
    #[getter]
    fn attribute_name(&self) -> PyResult<Option<&str>> {
        guarded(|| Ok(self.inner.attribute_name.as_deref()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            let show = |value: &Option<String>| match value {
                Some(text) => py_repr(py, text),
                None => Ok("None".to_owned()),
            };
            Ok(format!(
                "MfaOption(delivery_medium={}, attribute_name={})",
                show(&self.inner.delivery_medium)?,
                show(&self.inner.attribute_name)?
            ))
        })
    }
}

/// The user's data from ``GetUser`` (:meth:`CognitoUser.get_user_data`): attributes and MFA
/// settings.
#[pyclass(name = "UserData", module = "cognito_mfa", frozen)]
pub struct PyUserData {
    pub(crate) inner: UserData,
}

/// The getters of a user's data, written once for `UserData` and `AdminUser` (whose core value
/// derefs to a `UserData`), followed by the class's own methods.
macro_rules! user_data_methods {
    ($class:ident, { $($own:tt)* }) => {
        #[pymethods]
        impl $class {
            /// The user name (the internal one, e.g. a UUID, in pools that sign in by e-mail).
            #[getter]
            fn username(&self) -> PyResult<&str> {
                guarded(|| Ok(self.inner.username.as_str()))
            }

            /// The attributes as a new ``dict`` in Cognito's order, e.g.
            /// ``{"sub": ..., "email": ...}``.
            #[getter]
            fn attributes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
                guarded(|| {
                    let attributes = PyDict::new(py);
                    for AttributeType { name, value } in &self.inner.attributes {
                        attributes.set_item(name, value)?;
                    }
                    Ok(attributes)
                })
            }

            /// The value of one attribute, or ``None``.
            fn attribute(&self, name: &str) -> PyResult<Option<&str>> {
                guarded(|| Ok(self.inner.attribute(name)))
            }

            /// The legacy SMS MFA settings (``MFAOptions``; empty when absent).
            #[getter]
            fn mfa_options(&self) -> PyResult<Vec<PyMfaOption>> {
                guarded(|| {
                    Ok(self
                        .inner
                        .mfa_options
                        .iter()
                        .map(|option| PyMfaOption {
                            inner: option.clone(),
                        })
                        .collect())
                })
            }

            /// The preferred factor (``PreferredMfaSetting``), e.g.
            /// ``ChallengeName.SOFTWARE_TOKEN_MFA``, or ``None``.
            #[getter]
            fn preferred_mfa_setting(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
                guarded(|| {
                    self.inner
                        .preferred_mfa_setting
                        .map(|factor| challenge_name(py, factor.as_str()))
                        .transpose()
                })
            }

            /// The enabled factors (``UserMFASettingList``; empty when none).
            #[getter]
            fn user_mfa_setting_list(&self, py: Python<'_>) -> PyResult<Vec<Py<PyAny>>> {
                guarded(|| challenge_names(py, &self.inner.user_mfa_setting_list))
            }

            $($own)*
        }
    };
}

/// `UserData(username=..., preferred_mfa_setting=..., user_mfa_setting_list=[...])` and the
/// fields a subclass-like value adds after them (`extra`, already formatted).
fn user_data_repr(py: Python<'_>, class: &str, data: &UserData, extra: &str) -> PyResult<String> {
    let factors: Vec<String> = data
        .user_mfa_setting_list
        .iter()
        .map(|factor| format!("'{factor}'"))
        .collect();
    Ok(format!(
        "{class}(username={}, preferred_mfa_setting={}, user_mfa_setting_list=[{}]{extra})",
        py_repr(py, &data.username)?,
        match data.preferred_mfa_setting {
            Some(factor) => format!("'{factor}'"),
            None => "None".to_owned(),
        },
        factors.join(", ")
    ))
}

user_data_methods!(PyUserData, {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| user_data_repr(py, "UserData", &self.inner, ""))
    }
});

/// A user as an administrator sees them (:meth:`AdminClient.get_user`): what
/// :class:`UserData` has, and whether they may sign in, their status and dates.
#[pyclass(name = "AdminUser", module = "cognito_mfa", frozen)]
pub struct PyAdminUser {
    pub(crate) inner: AdminUser,
}

user_data_methods!(PyAdminUser, {
    /// Whether the user may sign in (``Enabled``).
    #[getter]
    fn enabled(&self) -> PyResult<bool> {
        guarded(|| Ok(self.inner.enabled))
    }

    /// ``"CONFIRMED"``, ``"FORCE_CHANGE_PASSWORD"``, ``"RESET_REQUIRED"``... (``UserStatus``).
    #[getter]
    fn user_status(&self) -> PyResult<&str> {
        guarded(|| Ok(self.inner.user_status.as_str()))
    }

    /// When the user was created (``UserCreateDate``, an aware ``datetime`` in UTC), or ``None``.
    #[getter]
    fn user_create_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| utc_datetime(py, self.inner.user_create_date))
    }

    /// When the user was last changed (``UserLastModifiedDate``), or ``None``.
    #[getter]
    fn user_last_modified_date(&self, py: Python<'_>) -> PyResult<Option<Py<PyAny>>> {
        guarded(|| utc_datetime(py, self.inner.user_last_modified_date))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guarded(|| {
            let extra = format!(
                ", user_status={}, enabled={}",
                py_repr(py, &self.inner.user_status)?,
                python_bool(self.inner.enabled)
            );
            user_data_repr(py, "AdminUser", &self.inner, &extra)
        })
    }
});

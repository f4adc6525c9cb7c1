//! JSON between Rust and Python through Python's own `json` module: token claims and the
//! mock's requests and answers cross the boundary as JSON text and become ordinary `dict`s,
//! `list`s, `str`s, `int`s, `float`s, `bool`s and `None`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyModule;

fn json_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    static JSON: PyOnceLock<Py<PyModule>> = PyOnceLock::new();
    Ok(JSON
        .get_or_try_init(py, || py.import("json").map(Bound::unbind))?
        .bind(py))
}

/// `json.loads(text)`.
///
/// # Errors
/// `json.JSONDecodeError` (a `ValueError`) for text that is not JSON.
pub fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    json_module(py)?.call_method1("loads", (text,))
}

/// `json.dumps(value)`.
///
/// # Errors
/// `TypeError` for a value that is not JSON-serializable (e.g. a `set` or `bytes`).
pub fn dumps(value: &Bound<'_, PyAny>) -> PyResult<String> {
    json_module(value.py())?
        .call_method1("dumps", (value,))?
        .extract()
}

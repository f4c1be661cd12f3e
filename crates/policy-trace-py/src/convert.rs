//! Small conversions from core values to Python values.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{ParseError, PyErrWrap, detach};

/// The serde name of a unit enum variant (`"standalone"`, `"paragraph"`, `"warning"`…), so that
/// the names Python sees are those of the JSON.
pub fn variant_name<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        other => unreachable!("unit enums serialise as strings, got {other:?}"),
    }
}

/// Converts a serialisable value to Python objects by way of its JSON, so that dictionaries have
/// exactly the keys, order and values of the JSON written by the core.
pub fn to_python<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let json = serde_json::to_string(value).expect("core data types always serialise");
    json_loads(py, &json)
}

/// Python's `json.loads`.
pub fn json_loads<'py>(py: Python<'py>, json: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (json,))
}

/// A dictionary from key-value pairs, for records whose values have different types.
pub struct Record<'py>(Bound<'py, PyDict>);

impl<'py> Record<'py> {
    pub fn new(py: Python<'py>) -> Self {
        Self(PyDict::new(py))
    }

    /// Adds a key (keys keep their insertion order).
    pub fn with<V: IntoPyObject<'py>>(self, key: &str, value: V) -> PyResult<Self> {
        self.0.set_item(key, value)?;
        Ok(self)
    }

    pub fn finish(self) -> Bound<'py, PyDict> {
        self.0
    }
}

/// Escapes text for HTML element content and attribute values, as Python's `html.escape` does.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#x27;"),
            c => out.push(c),
        }
    }
    out
}

/// What `__reduce__` returns: a reconstructor and its arguments.
pub type Reduced<'py, Args> = (Bound<'py, PyAny>, Args);

/// The first byte of every pickle payload: the format version of the core's data.
pub const PAYLOAD_VERSION: u8 = policy_trace::FORMAT_VERSION as u8;

/// A pickle payload: the version byte, then the postcard encoding of `value`.
pub fn to_payload(py: Python<'_>, value: &(impl Serialize + Sync), what: &str) -> PyResult<Vec<u8>> {
    detach(py, || postcard::to_extend(value, vec![PAYLOAD_VERSION]))?
        .map_err(|e| ParseError::new_err(format!("could not pickle {what}: {e}")))
}

/// The body of a pickle payload, after checking its version byte; `what` names the class in
/// errors.
pub fn payload_body<'a>(payload: &'a [u8], what: &str) -> PyResult<&'a [u8]> {
    match payload.split_first() {
        Some((&PAYLOAD_VERSION, body)) => Ok(body),
        Some((&found, _)) => Err(PyErrWrap(policy_trace::Error::FormatVersion {
            found: u32::from(found),
            expected: policy_trace::FORMAT_VERSION,
        })
        .into()),
        None => Err(ParseError::new_err(format!("invalid pickled {what}: empty payload"))),
    }
}

/// Reads a payload written by [`to_payload`]; `what` names the class in errors.
pub fn from_payload<T: DeserializeOwned + Send>(py: Python<'_>, payload: &[u8], what: &str) -> PyResult<T> {
    let body = payload_body(payload, what)?;
    detach(py, || postcard::from_bytes::<T>(body))?
        .map_err(|e| ParseError::new_err(format!("invalid pickled {what}: {e}")))
}

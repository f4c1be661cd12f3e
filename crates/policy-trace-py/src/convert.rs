//! Small conversions from core values to Python values.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

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

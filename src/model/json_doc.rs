//! [`JsonDoc`]: a JSON document (policy, pattern, definition) kept parsed in memory and
//! written as JSON text.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// A JSON document such as an IAM policy, an EventBridge pattern or an SNS filter policy.
///
/// In memory it is a parsed [`Value`]; in a snapshot it is written as compact JSON text (as
/// the AWS APIs return it, and so it maps to one text column in SQL). When reading, both JSON
/// text and an inline JSON object are accepted, so hand-written fixtures stay readable. Text
/// that is not valid JSON is kept verbatim as a JSON string value, so nothing is lost.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonDoc(pub Value);

impl JsonDoc {
    /// Parses JSON text; invalid text becomes a JSON string holding the original text.
    pub fn from_text(text: &str) -> JsonDoc {
        match serde_json::from_str(text) {
            Ok(v) => JsonDoc(v),
            Err(_) => JsonDoc(Value::String(text.to_string())),
        }
    }

    /// The parsed value.
    pub fn value(&self) -> &Value {
        &self.0
    }

    /// Compact JSON text.
    pub fn to_text(&self) -> String {
        match &self.0 {
            // Unparseable originals round-trip as their original text.
            Value::String(s) => s.clone(),
            v => v.to_string(),
        }
    }
}

impl From<Value> for JsonDoc {
    fn from(v: Value) -> Self {
        JsonDoc(v)
    }
}

impl Serialize for JsonDoc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_text())
    }
}

thread_local! {
    /// Set while an Arrow schema is traced from the model types (see [`as_text_for_schema`]).
    static TEXT_ONLY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with [`JsonDoc`] deserializing as plain text.
///
/// Schema tracers (serde_arrow's `from_type`) walk a type's `Deserialize` impl and cannot
/// follow a self-describing value (`deserialize_any`), which is how a `JsonDoc` accepts
/// inline objects. Inside this scope a `JsonDoc` asks for a string instead, which is also
/// what it is in every table: a text column of compact JSON.
pub fn as_text_for_schema<T>(f: impl FnOnce() -> T) -> T {
    struct Reset(bool);
    impl Drop for Reset {
        fn drop(&mut self) {
            TEXT_ONLY.with(|c| c.set(self.0));
        }
    }
    let _reset = Reset(TEXT_ONLY.with(|c| c.replace(true)));
    f()
}

impl<'de> Deserialize<'de> for JsonDoc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        if TEXT_ONLY.with(|c| c.get()) {
            let text = String::deserialize(d)?;
            return Ok(JsonDoc::from_text(&text));
        }
        let v = Value::deserialize(d)?;
        Ok(match v {
            Value::String(text) => JsonDoc::from_text(&text),
            other => JsonDoc(other),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_text_and_objects_and_writes_text() {
        let from_text: JsonDoc = serde_json::from_str(r#""{\"a\":1}""#).unwrap();
        let from_obj: JsonDoc = serde_json::from_str(r#"{"a":1}"#).unwrap();
        assert_eq!(from_text, from_obj);
        assert_eq!(serde_json::to_string(&from_obj).unwrap(), r#""{\"a\":1}""#);
    }

    #[test]
    fn keeps_invalid_text_verbatim() {
        let d = JsonDoc::from_text("not json {");
        assert_eq!(d.to_text(), "not json {");
        let back: JsonDoc = serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
        assert_eq!(back, d);
    }
}

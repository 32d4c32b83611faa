//! A JSON Schema (draft 4) validator for the keywords the vendored SARIF 2.1.0 schema uses:
//! `$ref` (local), `type`, `properties`, `additionalProperties`, `required`, `items`,
//! `minItems`, `uniqueItems`, `minimum`, `maximum`, `pattern`, `enum`, `anyOf`, `oneOf`.
//! (`format` is an annotation here, as in most validators.) Kept in the tests because the
//! `jsonschema` crate turns on extra features of crates the AWS SDK shares, which would
//! build them twice.

use serde_json::Value;

/// Every violation of `schema` by `instance`, as `path: problem`.
pub fn validate(schema: &Value, instance: &Value) -> Vec<String> {
    let mut errors = Vec::new();
    check(schema, schema, instance, "", &mut errors);
    errors
}

fn resolve<'a>(root: &'a Value, reference: &str) -> &'a Value {
    let pointer = reference
        .strip_prefix('#')
        .unwrap_or_else(|| panic!("only local $ref is supported: {reference}"));
    root.pointer(pointer)
        .unwrap_or_else(|| panic!("dangling $ref {reference}"))
}

fn type_matches(name: &str, v: &Value) -> bool {
    match name {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        other => panic!("unknown type {other}"),
    }
}

fn check(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        check(root, resolve(root, r), v, path, errors);
        return;
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_matches(t, v) => {
            errors.push(format!("{path}: expected {t}, got {v}"));
            return;
        }
        Some(Value::Array(ts)) if !ts.iter().any(|t| type_matches(t.as_str().unwrap(), v)) => {
            errors.push(format!("{path}: expected one of {ts:?}"));
            return;
        }
        _ => {}
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(v)
    {
        errors.push(format!("{path}: {v} is not one of {options:?}"));
    }
    for (kw, exactly_one) in [("anyOf", false), ("oneOf", true)] {
        if let Some(subs) = schema.get(kw).and_then(Value::as_array) {
            let ok = subs
                .iter()
                .filter(|s| {
                    let mut e = Vec::new();
                    check(root, s, v, path, &mut e);
                    e.is_empty()
                })
                .count();
            if ok == 0 || (exactly_one && ok > 1) {
                errors.push(format!("{path}: {ok} of the {kw} alternatives match"));
            }
        }
    }
    if let Some(n) = v.as_f64() {
        if let Some(min) = schema.get("minimum").and_then(Value::as_f64)
            && n < min
        {
            errors.push(format!("{path}: {n} < minimum {min}"));
        }
        if let Some(max) = schema.get("maximum").and_then(Value::as_f64)
            && n > max
        {
            errors.push(format!("{path}: {n} > maximum {max}"));
        }
    }
    if let (Some(s), Some(p)) = (v.as_str(), schema.get("pattern").and_then(Value::as_str))
        && !regex::Regex::new(p).unwrap().is_match(s)
    {
        errors.push(format!("{path}: {s:?} does not match {p}"));
    }
    if let Some(items) = v.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            errors.push(format!("{path}: fewer than {min} items"));
        }
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if items[..i].contains(a) {
                    errors.push(format!("{path}/{i}: duplicate item"));
                }
            }
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, item_schema, item, &format!("{path}/{i}"), errors);
            }
        }
    }
    if let Some(obj) = v.as_object() {
        if let Some(required) = schema.get("required").and_then(Value::as_array) {
            for r in required {
                let r = r.as_str().unwrap();
                if !obj.contains_key(r) {
                    errors.push(format!("{path}: missing required `{r}`"));
                }
            }
        }
        let props = schema.get("properties").and_then(Value::as_object);
        for (k, val) in obj {
            let child = format!("{path}/{k}");
            match props.and_then(|p| p.get(k)) {
                Some(s) => check(root, s, val, &child, errors),
                None => match schema.get("additionalProperties") {
                    Some(Value::Bool(false)) => {
                        errors.push(format!("{child}: property not allowed"));
                    }
                    Some(s @ Value::Object(_)) => check(root, s, val, &child, errors),
                    _ => {}
                },
            }
        }
    }
}

#[test]
fn the_validator_rejects_what_the_schema_forbids() {
    let schema: Value = serde_json::from_str(include_str!("../schemas/sarif-2.1.0.json")).unwrap();
    let ok = serde_json::json!({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": []}]});
    assert_eq!(validate(&schema, &ok), Vec::<String>::new());
    let bad = serde_json::json!({"version": "2.0", "runs": [{"tool": {"driver": {}}, "results": [{"level": "fatal", "message": {"text": "m"}}], "extra": 1}]});
    let errors = validate(&schema, &bad);
    for expected in [
        "/version",
        "missing required `name`",
        "/level",
        "/runs/0/extra: property not allowed",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(expected)),
            "{expected} not in {errors:#?}"
        );
    }
}

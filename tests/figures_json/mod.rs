//! Figures as JSON the way an engine without our explorer writes them (shared by the tests
//! of figures computed elsewhere).

use serde_json::Value;

/// The figures with every selection (which tickets a figure opens) left out.
#[allow(dead_code)] // each test uses one of the two
pub fn without_selections(value: &Value) -> Value {
    kept(value, &|key, _| key != "selection" && !key.ends_with("_selection"))
}

/// The figures as the report reads them, to compare two engines' by: no selections, and
/// no null fields (an engine may leave an absent field out or write it as null).
#[allow(dead_code)]
pub fn as_the_report_reads_them(value: &Value) -> Value {
    kept(value, &|key, v| !v.is_null() && key != "selection" && !key.ends_with("_selection"))
}

fn kept(value: &Value, keep: &dyn Fn(&str, &Value) -> bool) -> Value {
    match value {
        Value::Object(map) => {
            Value::Object(map.iter().filter(|(k, v)| keep(k, v)).map(|(k, v)| (k.clone(), kept(v, keep))).collect())
        }
        Value::Array(items) => Value::Array(items.iter().map(|v| kept(v, keep)).collect()),
        other => other.clone(),
    }
}

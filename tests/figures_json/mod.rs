//! Figures as JSON the way an engine without our explorer writes them (shared by the tests
//! of figures computed elsewhere).

use serde_json::Value;

/// The figures with every selection (which tickets a figure opens) left out, and, when
/// `drop_nulls`, every null field too (an engine may leave an absent field out or write it
/// as null: both read as none).
pub fn without_selections(value: &Value, drop_nulls: bool) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, v)| !(drop_nulls && v.is_null()) && *k != "selection" && !k.ends_with("_selection"))
                .map(|(k, v)| (k.clone(), without_selections(v, drop_nulls)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|v| without_selections(v, drop_nulls)).collect()),
        other => other.clone(),
    }
}

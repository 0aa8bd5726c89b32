//! A small typed table written as one Parquet file: the settings the SQL joins, and the
//! repeats and new phrases the core found, beside the tickets.

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Float64Array, Int32Array, RecordBatch, StringArray};
use parquet::arrow::ArrowWriter;
use parquet::file::properties::WriterProperties;

/// A cell of a small table.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Int(i32),
    Float(f64),
    Bool(bool),
    /// No value (a cell of any kind).
    Null,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    Text,
    Int,
    Float,
    Bool,
}

/// One small table (settings, the repeats found): its name, its columns with their types,
/// and its rows.
pub struct SmallTable {
    pub name: &'static str,
    pub columns: &'static [(&'static str, Kind)],
    pub rows: Vec<Vec<Value>>,
}

pub fn text(s: impl Into<String>) -> Value {
    Value::Text(s.into())
}

impl SmallTable {
    /// Writes the table as `folder/<name>.parquet`.
    pub fn write(&self, folder: &std::path::Path, properties: &WriterProperties) -> Result<(), String> {
        let path = folder.join(format!("{}.parquet", self.name));
        let failed = |e: &dyn std::fmt::Display| format!("无法写入“{}”：{e}", path.display());
        let batch = self.batch()?;
        let file = std::fs::File::create(&path).map_err(|e| failed(&e))?;
        let mut writer =
            ArrowWriter::try_new(file, batch.schema(), Some(properties.clone())).map_err(|e| failed(&e))?;
        writer.write(&batch).map_err(|e| failed(&e))?;
        writer.close().map_err(|e| failed(&e))?;
        Ok(())
    }

    /// The table as one Arrow batch (typed even when empty).
    pub fn batch(&self) -> Result<RecordBatch, String> {
        let mut arrays: Vec<(&str, ArrayRef, bool)> = Vec::new();
        for (i, &(name, kind)) in self.columns.iter().enumerate() {
            let cells = self.rows.iter().map(|row| &row[i]);
            let array: ArrayRef = match kind {
                Kind::Text => Arc::new(
                    cells
                        .map(|c| if let Value::Text(s) = c { Some(s.as_str()) } else { None })
                        .collect::<StringArray>(),
                ),
                Kind::Int => {
                    Arc::new(cells.map(|c| if let Value::Int(n) = c { Some(*n) } else { None }).collect::<Int32Array>())
                }
                Kind::Float => Arc::new(
                    cells.map(|c| if let Value::Float(x) = c { Some(*x) } else { None }).collect::<Float64Array>(),
                ),
                Kind::Bool => Arc::new(
                    cells.map(|c| if let Value::Bool(b) = c { Some(*b) } else { None }).collect::<BooleanArray>(),
                ),
            };
            arrays.push((name, array, true));
        }
        RecordBatch::try_from_iter_with_nullable(arrays)
            .map_err(|e| format!("内部错误：表“{}”无法组成：{e}", self.name))
    }
}

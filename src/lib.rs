//! The 12345 hotline analyzer's core: from a work-order export to the monthly report.
//! Pure Rust with no browser types; `web` is the only module that knows about JavaScript.

pub mod ingest;
pub mod period;
pub mod settings;
pub mod table;

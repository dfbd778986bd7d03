//! Import from external systems (2.5.3.2.3–4).

pub mod run;

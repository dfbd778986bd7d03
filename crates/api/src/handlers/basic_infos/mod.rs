//! BasicInfos on their own (2.5.3.1.32, 2.5.3.1.33).

pub mod create;
pub mod update;

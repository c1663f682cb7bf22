//! Mechanics every module may use and that know nothing of cases: writing a file atomically,
//! making a path absolute, checking entered text, turning a record into JSON, CSV that is safe
//! to open in a spreadsheet, a line diff. Like rust-analyzer's `stdx`, nothing here imports anything else of
//! the crate but `error`.

pub(crate) mod csv;
pub mod diff;
pub(crate) mod fs;
pub(crate) mod json;
pub(crate) mod text;

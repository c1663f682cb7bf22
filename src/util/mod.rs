//! Mechanics every module may use and that know nothing of cases: writing a file atomically,
//! making a path absolute, checking entered text, turning a record into JSON, CSV that is safe
//! to open in a spreadsheet, a line diff, the failpoints of the fault-injection harness. Like rust-analyzer's `stdx`, nothing here imports anything else of
//! the crate but `error`.

pub(crate) mod csv;
pub mod diff;
pub(crate) mod failpoint;
pub(crate) mod fs;
pub(crate) mod json;
pub(crate) mod text;

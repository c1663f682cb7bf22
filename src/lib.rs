//! Casebook's core: every rule and every write for a case of insider data theft. The desktop
//! shell (`src-tauri/`) and the `casebook` CLI are thin translators over this API; nothing here
//! knows about Tauri, windows or terminals.
//!
//! Open or create a [`Case`] with a passphrase, an [`Actor`] and a [`Clock`]; its methods read
//! and change the case, each change one transaction with its audit entry.

pub mod activity;
pub mod actor;
pub mod affected;
pub mod audit;
pub mod bundle;
pub mod case;
pub mod clock;
pub mod custody;
pub mod dates;
pub mod demo;
pub mod error;
pub mod evidence;
#[doc(hidden)]
pub mod fuzzing;
pub mod harm;
pub mod migrations;
pub mod moment;
pub mod obligations;
pub mod overview;
pub mod packet;
pub mod passphrase;
pub mod profile;
pub mod progress;
pub mod receipt;
pub mod referral;
pub mod search;
pub mod settings;
pub mod signing;
pub mod statement;
pub mod store;
pub mod tables;
pub mod task;
pub mod team;
pub mod timeline;
pub(crate) mod util;
pub mod vault;
pub mod vocab;
pub mod vocabularies;

pub use actor::Actor;
pub use case::create;
pub use clock::{Clock, SystemClock};
pub use error::{ApiError, Error, ErrorKind, Result};
pub use profile::Home;
pub use store::Case;

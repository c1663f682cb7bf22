//! What each command does, one module per domain: check what clap cannot, call the core, print
//! the result through [`crate::output::emit`] (each module renders its own types as text) and
//! choose the exit code.

pub mod affected;
pub mod audit;
pub mod case;
pub mod date;
pub mod demo;
pub mod event;
pub mod evidence;
pub mod harm;
pub mod obligations;
pub mod packet;
pub mod profile;
pub mod referral;
pub mod rules;
pub mod subject;
pub mod team;

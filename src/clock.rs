//! Where "now" comes from. The core never reads the system clock itself: callers pass a
//! [`Clock`] in, so tests and the demo can fix time and audit entries stay reproducible.

use chrono::{DateTime, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The wall clock, for the app and the CLI.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that starts at a given instant and advances one second per reading, so that
/// successive writes get distinct, ordered times without sleeping.
pub struct SteppingClock(Mutex<DateTime<Utc>>);

impl SteppingClock {
    pub fn starting_at(start: DateTime<Utc>) -> Self {
        SteppingClock(Mutex::new(start))
    }
}

impl Clock for SteppingClock {
    fn now(&self) -> DateTime<Utc> {
        let mut t = self.0.lock().unwrap_or_else(|p| p.into_inner());
        let now = *t;
        *t = now + chrono::Duration::seconds(1);
        now
    }
}

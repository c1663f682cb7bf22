//! How long work reports progress and learns it was cancelled. The core calls a [`Progress`]
//! it is given; the desktop shell turns updates into `task-progress` events for the UI and the
//! CLI draws them on stderr. Work that is cancelled returns [`crate::Error::Cancelled`] and
//! leaves nothing half-written.

use std::sync::atomic::{AtomicBool, Ordering};

pub trait Progress: Sync {
    /// `done` of `total` units (bytes, rows, entries) are finished.
    fn update(&self, done: u64, total: u64);
    /// How many items (rows, files) have been handled, where the units of `update` are bytes.
    fn items(&self, _count: u64) {}
    fn cancelled(&self) -> bool {
        false
    }
}

/// For callers that want neither progress nor cancellation.
pub struct Silent;

impl Progress for Silent {
    fn update(&self, _: u64, _: u64) {}
}

/// A cancellation flag that another thread can raise.
#[derive(Default)]
pub struct CancelFlag(AtomicBool);

impl CancelFlag {
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    pub fn is_set(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

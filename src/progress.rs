//! How long work reports progress and learns it was cancelled. The core calls a [`Progress`]
//! it is given; the desktop shell turns updates into `task-progress` events for the UI and the
//! CLI draws them on stderr, both through a [`Meter`]. Work that is cancelled returns
//! [`crate::Error::Cancelled`] and leaves nothing half-written.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

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

/// Progress across several files read one after another: each file's units are offset by
/// those of the files before it, so the caller sees one rising figure for the whole action.
pub struct Offset<'a> {
    pub inner: &'a dyn Progress,
    /// Units done by the files before this one.
    pub before: u64,
    /// Units of every file together.
    pub total: u64,
}

impl Progress for Offset<'_> {
    fn update(&self, done: u64, _: u64) {
        self.inner.update(self.before + done, self.total);
    }
    fn cancelled(&self) -> bool {
        self.inner.cancelled()
    }
}

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

/// What a [`Meter`] reports at an update it lets through.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reading {
    /// Units (of `update`) per second since the work started.
    pub rate: f64,
    /// Seconds left at that rate; `None` until something is done or when done passed total.
    pub eta_seconds: Option<f64>,
    /// Items handled so far (see [`Progress::items`]); 0 when the work does not count them.
    pub items: u64,
    /// Items per second since the work started.
    pub item_rate: f64,
}

/// The bookkeeping every progress display needs: it lets at most `per_second` updates through
/// (a terminal or an event channel flooded by every row slows the work it reports) but always
/// the final one, and works out the rate and time left. The caller passes the time in, so the
/// display decides what "now" is and tests need not sleep.
#[derive(Debug)]
pub struct Meter {
    started: Instant,
    interval: Duration,
    last: Mutex<Option<Instant>>,
    items: AtomicU64,
}

impl Meter {
    pub fn new(started: Instant, per_second: u32) -> Meter {
        Meter {
            started,
            interval: Duration::from_secs(1) / per_second.max(1),
            last: Mutex::new(None),
            items: AtomicU64::new(0),
        }
    }

    /// Records the item count for the next reading.
    pub fn items(&self, count: u64) {
        self.items.store(count, Ordering::Relaxed);
    }

    /// `None` when this update comes too soon after the last one let through (unless the work
    /// is finished), else the reading to show.
    pub fn read(&self, now: Instant, done: u64, total: u64) -> Option<Reading> {
        {
            let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
            if done < total
                && last.is_some_and(|t| now.saturating_duration_since(t) < self.interval)
            {
                return None;
            }
            *last = Some(now);
        }
        // A floor of a millisecond: a rate over less than that is noise, and never infinite.
        let secs = now
            .saturating_duration_since(self.started)
            .as_secs_f64()
            .max(1e-3);
        let rate = done as f64 / secs;
        let items = self.items.load(Ordering::Relaxed);
        Some(Reading {
            rate,
            eta_seconds: (rate > 0.0 && total >= done).then(|| (total - done) as f64 / rate),
            items,
            item_rate: items as f64 / secs,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn updates_closer_than_the_interval_are_dropped_but_the_final_one_never_is() {
        let t0 = Instant::now();
        let meter = Meter::new(t0, 10);
        assert!(
            meter.read(t0 + ms(10), 1, 100).is_some(),
            "the first update shows"
        );
        assert!(
            meter.read(t0 + ms(50), 2, 100).is_none(),
            "50 ms later is too soon"
        );
        assert!(meter.read(t0 + ms(109), 3, 100).is_none());
        assert!(
            meter.read(t0 + ms(110), 4, 100).is_some(),
            "100 ms after the last shown"
        );
        assert!(
            meter.read(t0 + ms(111), 100, 100).is_some(),
            "the final update always shows"
        );
    }

    #[test]
    fn rate_and_time_left_follow_the_work_done_since_the_start() {
        let t0 = Instant::now();
        let meter = Meter::new(t0, 5);
        meter.items(30);
        let r = meter.read(t0 + Duration::from_secs(2), 500, 2_000).unwrap();
        assert_eq!(r.rate, 250.0);
        assert_eq!(r.eta_seconds, Some(6.0));
        assert_eq!(r.items, 30);
        assert_eq!(r.item_rate, 15.0);
    }

    #[test]
    fn no_time_left_is_guessed_before_anything_is_done_or_after_total_is_passed() {
        let t0 = Instant::now();
        let meter = Meter::new(t0, 5);
        assert_eq!(meter.read(t0 + ms(500), 0, 10).unwrap().eta_seconds, None);
        assert_eq!(meter.read(t0 + ms(900), 12, 10).unwrap().eta_seconds, None);
    }

    #[test]
    fn an_update_at_the_start_has_a_finite_rate() {
        let t0 = Instant::now();
        let r = Meter::new(t0, 5).read(t0, 1_000, 1_000).unwrap();
        assert_eq!(r.rate, 1_000_000.0);
    }
}

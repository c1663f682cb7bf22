//! Progress of long work drawn on stderr (when it is a terminal), and Ctrl-C as the request to
//! stop it.

use casebook::progress::{Meter, Progress};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

/// Set by Ctrl-C: long work stops at its next step and leaves nothing half-written.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The first Ctrl-C asks long work to stop cleanly; a second one exits at once (a partial
/// vault file it leaves is swept when the case next opens).
pub fn stop_on_ctrl_c() {
    let _ = ctrlc::set_handler(|| {
        if INTERRUPTED.swap(true, Ordering::Relaxed) {
            std::process::exit(130);
        }
        errln!("\ncasebook: stopping; nothing half-done will be kept (Ctrl-C again to kill)");
    });
}

/// Draws progress (with rate and time left) on stderr, five times a second at most.
pub struct StderrProgress {
    label: &'static str,
    meter: Meter,
}

impl StderrProgress {
    pub fn new(label: &'static str) -> Self {
        StderrProgress {
            label,
            meter: Meter::new(Instant::now(), 5),
        }
    }
}

impl Progress for StderrProgress {
    fn cancelled(&self) -> bool {
        INTERRUPTED.load(Ordering::Relaxed)
    }

    fn items(&self, count: u64) {
        self.meter.items(count);
    }

    fn update(&self, done: u64, total: u64) {
        if !std::io::stderr().is_terminal() || total == 0 {
            return;
        }
        let Some(r) = self.meter.read(Instant::now(), done, total) else {
            return;
        };
        let speed = if r.items > 0 {
            format!("{} rows, {:.0} rows/s", r.items, r.item_rate)
        } else {
            format!("{:.1} MB/s", r.rate / 1e6)
        };
        // The carriage return is ours (redrawing the line); the label is made safe on its own.
        eprint!(
            "\r{}: {:5.1}%  {speed}  {:.0} s left   ",
            crate::output::terminal_safe(self.label),
            100.0 * done as f64 / total as f64,
            r.eta_seconds.unwrap_or(0.0)
        );
        if done >= total {
            errln!();
        }
    }
}

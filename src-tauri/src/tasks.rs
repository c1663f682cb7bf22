//! The pattern for long work: the UI names a task id, the command runs the core function on a
//! blocking thread with a [`Progress`] that emits throttled `TaskProgress` events, and
//! `task_cancel` raises the task's cancel flag. Every command that can take more than a
//! moment runs this way.

use crate::AppState;
use casebook::progress::{CancelFlag, Meter, Progress};
use serde::{Deserialize, Serialize};
use specta::Type;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tauri::{AppHandle, Manager};
use tauri_specta::Event;

#[derive(Debug, Clone, Serialize, Deserialize, Type, tauri_specta::Event)]
pub struct TaskProgress {
    pub task_id: String,
    pub label: String,
    pub done: f64,
    pub total: f64,
    /// Units per second since the task started.
    pub rate: f64,
    /// Estimated seconds left, when it can be estimated.
    pub eta_seconds: Option<f64>,
    /// Items handled (rows, files) when `done` counts bytes; 0 when not counted.
    pub items: f64,
    /// Items per second since the task started.
    pub item_rate: f64,
}

#[derive(Default)]
pub struct Registry(Mutex<HashMap<String, Arc<CancelFlag>>>);

impl Registry {
    fn start(&self, id: &str) -> Arc<CancelFlag> {
        let flag = Arc::new(CancelFlag::default());
        self.0.lock().unwrap().insert(id.to_string(), flag.clone());
        flag
    }

    fn finish(&self, id: &str) {
        self.0.lock().unwrap().remove(id);
    }

    pub fn cancel(&self, id: &str) -> bool {
        match self.0.lock().unwrap().get(id) {
            Some(flag) => {
                flag.cancel();
                true
            }
            None => false,
        }
    }
}

pub struct EventProgress {
    app: AppHandle,
    task_id: String,
    label: String,
    /// At most ten events a second, but always the final one.
    meter: Meter,
    cancel: Arc<CancelFlag>,
}

impl Progress for EventProgress {
    fn items(&self, count: u64) {
        self.meter.items(count);
    }

    fn update(&self, done: u64, total: u64) {
        let Some(r) = self.meter.read(Instant::now(), done, total) else {
            return;
        };
        let _ = TaskProgress {
            task_id: self.task_id.clone(),
            label: self.label.clone(),
            done: done as f64,
            total: total as f64,
            rate: r.rate,
            eta_seconds: r.eta_seconds,
            items: r.items as f64,
            item_rate: r.item_rate,
        }
        .emit(&self.app);
    }

    fn cancelled(&self) -> bool {
        self.cancel.is_set()
    }
}

/// Runs `work` on a blocking thread with progress reporting and cancellation under `task_id`.
pub async fn run<T: Send + 'static>(
    app: AppHandle,
    task_id: String,
    label: &str,
    work: impl FnOnce(&AppState, &EventProgress) -> T + Send + 'static,
) -> T {
    let registry = &app.state::<AppState>().tasks;
    let progress = EventProgress {
        app: app.clone(),
        task_id: task_id.clone(),
        label: label.to_string(),
        meter: Meter::new(Instant::now(), 10),
        cancel: registry.start(&task_id),
    };
    let out = tauri::async_runtime::spawn_blocking(move || {
        let state = progress.app.state::<AppState>();
        work(&state, &progress)
    })
    .await
    .expect("task thread did not panic");
    app.state::<AppState>().tasks.finish(&task_id);
    crate::memory::give_back();
    out
}

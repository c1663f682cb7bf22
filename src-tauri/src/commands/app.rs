//! The app itself: its version and folders, every vocabulary's labels, cancelling a task, the
//! window's title.

use super::Res;
use crate::AppState;
use casebook::vocabularies::Vocabularies;
use serde::Serialize;
use specta::Type;
use tauri::{State, WebviewWindow};

#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub home: String,
    pub default_cases_dir: String,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        home: state.home.dir().display().to_string(),
        default_cases_dir: state.home.default_cases_dir().display().to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn vocabularies() -> Res<Vocabularies> {
    Ok(casebook::vocabularies::vocabularies())
}

#[tauri::command]
#[specta::specta]
pub async fn task_cancel(state: State<'_, AppState>, task_id: String) -> Res<bool> {
    Ok(state.tasks.cancel(&task_id))
}

/// Sets the window title from the open case and the app settings (`casebook::profile::
/// window_title`), and returns it for the page's own title. Called by the UI whenever the open
/// case, its title or the setting changes.
#[tauri::command]
#[specta::specta]
pub async fn window_title_sync(window: WebviewWindow, state: State<'_, AppState>) -> Res<String> {
    let settings = state.home.settings()?;
    let case_title = {
        let guard = state.case.lock().unwrap_or_else(|p| p.into_inner());
        match guard.as_ref() {
            Some(case) => Some(case.info()?.title),
            None => None,
        }
    };
    let title = casebook::profile::window_title(&settings, case_title.as_deref());
    window
        .set_title(&title)
        .map_err(|e| casebook::Error::internal(format!("setting the window title: {e}")))?;
    Ok(title)
}

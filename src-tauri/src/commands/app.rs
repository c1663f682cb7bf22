//! The app itself: its version and folders, every vocabulary's labels, cancelling a task.

use super::Res;
use crate::AppState;
use casebook::vocabularies::Vocabularies;
use serde::Serialize;
use specta::Type;
use tauri::State;

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

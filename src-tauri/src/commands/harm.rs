//! Harm reports: entry, import, the list and the tally.

use super::{with_case, Res};
use crate::paths::{ReadToken, Use};
use crate::{tasks, AppState};
use casebook::affected::source::ShapeOverride;
use casebook::affected::Reject;
use casebook::harm::import::HarmPreview;
use casebook::harm::{
    HarmImport, HarmImportReport, HarmImportRequest, HarmInput, HarmReport, HarmTally,
};
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn harm_list(state: State<'_, AppState>) -> Res<Vec<HarmReport>> {
    with_case(&state, |c| c.harm_reports())
}

#[tauri::command]
#[specta::specta]
pub async fn harm_add(state: State<'_, AppState>, input: HarmInput) -> Res<HarmReport> {
    with_case(&state, |c| c.add_harm_report(input))
}

#[tauri::command]
#[specta::specta]
pub async fn harm_tally(state: State<'_, AppState>) -> Res<HarmTally> {
    with_case(&state, |c| c.harm_tally())
}

#[tauri::command]
#[specta::specta]
pub async fn harm_preview(
    state: State<'_, AppState>,
    file: ReadToken,
    shape: ShapeOverride,
) -> Res<HarmPreview> {
    let path = state.chosen.field(&file.0, Use::Read)?;
    // Reading the file needs nothing of the case, so it never takes the case lock.
    super::unlocked(move || casebook::harm::import::preview_harm_file(&path, &shape)).await
}

/// Imports a file of harm reports off the UI thread, with progress; `request.path` is a read
/// token.
#[tauri::command]
#[specta::specta]
pub async fn harm_import(
    app: AppHandle,
    task_id: String,
    mut request: HarmImportRequest,
) -> Res<HarmImportReport> {
    tasks::run(
        app,
        task_id,
        "Importing harm reports",
        move |state, progress| {
            request.path = state.chosen.field(&request.path, Use::Read)?;
            with_case(state, |c| c.import_harm_reports(request, progress))
        },
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn harm_imports(state: State<'_, AppState>) -> Res<Vec<HarmImport>> {
    with_case(&state, |c| c.harm_imports())
}

#[tauri::command]
#[specta::specta]
pub async fn harm_rejects(state: State<'_, AppState>, import_id: String) -> Res<Vec<Reject>> {
    with_case(&state, |c| c.harm_rejects(&import_id))
}

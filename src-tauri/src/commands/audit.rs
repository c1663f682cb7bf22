//! The audit chain: raw entries, the Activity view's reading of them, and verification.

use super::{with_case, Res};
use crate::{tasks, AppState};
use casebook::activity::{ActivityEntry, AuditTerms};
use casebook::audit::{AuditEntry, AuditQuery, Verification};
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn audit_log(state: State<'_, AppState>, query: AuditQuery) -> Res<Vec<AuditEntry>> {
    with_case(&state, |c| c.audit_log(&query))
}

/// Audit entries with their action labels and entity names, for the Activity view.
#[tauri::command]
#[specta::specta]
pub async fn audit_activity(
    state: State<'_, AppState>,
    query: AuditQuery,
) -> Res<Vec<ActivityEntry>> {
    with_case(&state, |c| c.activity(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn audit_terms(state: State<'_, AppState>) -> Res<AuditTerms> {
    with_case(&state, |c| c.audit_terms())
}

/// Recomputes the audit chain off the UI thread, reporting progress under `task_id`.
#[tauri::command]
#[specta::specta]
pub async fn audit_verify(app: AppHandle, task_id: String) -> Res<Verification> {
    tasks::run(
        app,
        task_id,
        "Verifying the audit chain",
        |state, progress| with_case(state, |c| c.verify_audit(progress)),
    )
    .await
}

//! The audit chain: raw entries, the Activity view's reading of them, verification, and
//! signed receipts of its head.

use super::{with_case, Res};
use crate::paths::{ReadToken, SaveToken};
use crate::{tasks, AppState};
use casebook::activity::{ActivityEntry, AuditTerms};
use casebook::audit::{AuditEntry, AuditQuery, Verification};
use casebook::receipt::{Receipt, ReceiptCheck};
use tauri::{AppHandle, State};
use zeroize::Zeroizing;

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

/// Writes a receipt of the audit head to `dest`, signed with the investigator's key (made on
/// first use; `key_locked` when it needs its passphrase).
#[tauri::command]
#[specta::specta]
pub async fn audit_receipt_save(
    state: State<'_, AppState>,
    dest: SaveToken,
    key_passphrase: Option<String>,
) -> Res<Receipt> {
    let dest = state.chosen.save(&dest)?;
    let key_passphrase = key_passphrase.map(Zeroizing::new);
    let key = state
        .home
        .signing_key(key_passphrase.as_deref().map(String::as_str))?;
    with_case(&state, |c| c.write_receipt(&key, &dest))
}

/// Holds the receipt file at `path` against the open case.
#[tauri::command]
#[specta::specta]
pub async fn audit_receipt_check(
    app: AppHandle,
    task_id: String,
    file: ReadToken,
) -> Res<ReceiptCheck> {
    tasks::run(app, task_id, "Checking the receipt", move |state, _| {
        let receipt = Receipt::read(&state.chosen.read(&file)?)?;
        with_case(state, |c| c.check_receipt(&receipt))
    })
    .await
}

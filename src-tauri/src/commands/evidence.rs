//! Evidence items and their chain of custody: intake, verification, hand-overs, corrections,
//! export.

use super::{with_case, Res};
use crate::paths::Use;
use crate::{tasks, AppState};
use casebook::custody::{CorrectionInput, CustodyEntry, TransferInput};
use casebook::evidence::{
    EvidenceDetail, EvidenceEdit, EvidenceItem, ExportReport, ExportRequest, IntakeReport,
    IntakeRequest, VerifyOutcome,
};
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn evidence_list(state: State<'_, AppState>) -> Res<Vec<EvidenceItem>> {
    with_case(&state, |c| c.evidence())
}

#[tauri::command]
#[specta::specta]
pub async fn evidence_detail(state: State<'_, AppState>, id: String) -> Res<EvidenceDetail> {
    with_case(&state, |c| c.evidence_detail(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn evidence_add(
    app: AppHandle,
    task_id: String,
    mut request: IntakeRequest,
) -> Res<IntakeReport> {
    tasks::run(app, task_id, "Adding evidence", move |state, progress| {
        request.paths = (request.paths.iter())
            .map(|token| state.chosen.field(token, Use::Read))
            .collect::<casebook::Result<_>>()?;
        with_case(state, |c| c.add_evidence(request, progress))
    })
    .await
}

/// Rehashes the given items (all when empty) off the UI thread.
#[tauri::command]
#[specta::specta]
pub async fn evidence_verify(
    app: AppHandle,
    task_id: String,
    ids: Vec<String>,
) -> Res<Vec<VerifyOutcome>> {
    tasks::run(
        app,
        task_id,
        "Verifying evidence",
        move |state, progress| with_case(state, |c| c.verify_evidence(&ids, progress)),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn evidence_transfer(
    state: State<'_, AppState>,
    transfer: TransferInput,
) -> Res<CustodyEntry> {
    with_case(&state, |c| c.record_transfer(transfer))
}

/// Corrects a custody entry with a new entry that names it; the old entry stays as it was.
#[tauri::command]
#[specta::specta]
pub async fn evidence_correct(
    state: State<'_, AppState>,
    correction: CorrectionInput,
) -> Res<CustodyEntry> {
    with_case(&state, |c| c.record_correction(correction))
}

/// Corrects an item's description, category or source; hashes and custody never change.
#[tauri::command]
#[specta::specta]
pub async fn evidence_edit(
    state: State<'_, AppState>,
    id: String,
    edit: EvidenceEdit,
) -> Res<EvidenceItem> {
    with_case(&state, |c| c.edit_evidence(&id, edit))
}

#[tauri::command]
#[specta::specta]
pub async fn evidence_export(
    app: AppHandle,
    task_id: String,
    mut request: ExportRequest,
) -> Res<ExportReport> {
    tasks::run(
        app,
        task_id,
        "Exporting evidence",
        move |state, progress| {
            request.destination = state.chosen.field(&request.destination, Use::WriteInto)?;
            with_case(state, |c| c.export_evidence(request, progress))
        },
    )
    .await
}

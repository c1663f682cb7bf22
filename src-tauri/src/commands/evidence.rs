//! Evidence items and their chain of custody: intake, verification, hand-overs, corrections,
//! export.

use super::{commit_to_case, with_case, Res};
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
        // The case is locked only to prepare and to record: hashing and encrypting a large
        // file must not hold up every other command.
        let intake = with_case(state, |c| c.prepare_intake(request))?;
        let staged = intake.run(progress)?;
        commit_to_case(state, "adding evidence", |c| c.commit_intake(staged))
    })
    .await
}

/// Rehashes the given items (all when empty) off the UI thread and without the case lock.
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
        move |state, progress| {
            let verification = with_case(state, |c| c.prepare_verification(&ids))?;
            let found = verification.run(progress)?;
            commit_to_case(state, "verifying evidence", |c| {
                c.commit_verification(found)
            })
        },
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
            let export = with_case(state, |c| c.prepare_export(&request))?;
            let written = export.run(progress)?;
            commit_to_case(state, "exporting evidence", |c| c.commit_export(written))
        },
    )
    .await
}

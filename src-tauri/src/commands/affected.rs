//! Affected people: import, the people table, batches, rejects, the de-duplication rule,
//! snapshots and notices.

use super::{commit_to_case, with_case, Res};
use crate::paths::{ReadToken, SaveToken, Use};
use crate::{tasks, AppState};
use casebook::affected::notice::{NoticeImportReport, NoticeListRequest, NoticeUpdate};
use casebook::affected::people::DedupeRule;
use casebook::affected::snapshot::Snapshot;
use casebook::affected::source::ShapeOverride;
use casebook::affected::{
    AffectedSummary, Batch, Breakdown, ImportReport, ImportRequest, PeoplePage, PeopleQuery,
    PersonDetail, Preview, Reject,
};
use tauri::{AppHandle, State};

#[tauri::command]
#[specta::specta]
pub async fn affected_preview(
    state: State<'_, AppState>,
    file: ReadToken,
    shape: ShapeOverride,
) -> Res<Preview> {
    let path = state.chosen.field(&file.0, Use::Read)?;
    // The file is read before the case is locked, so a slow one holds no other command up.
    let read = super::unlocked(move || casebook::affected::read_preview(&path, &shape)).await?;
    with_case(&state, |c| c.preview_with_mapping(read))
}

/// Imports a file of affected records off the UI thread, with progress; `request.path` is a
/// read token.
#[tauri::command]
#[specta::specta]
pub async fn affected_import(
    app: AppHandle,
    task_id: String,
    mut request: ImportRequest,
) -> Res<ImportReport> {
    tasks::run(
        app,
        task_id,
        "Importing affected records",
        move |state, progress| {
            request.path = state.chosen.field(&request.path, Use::Read)?;
            with_case(state, |c| c.import_affected(request, progress))
        },
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn affected_summary(state: State<'_, AppState>) -> Res<AffectedSummary> {
    with_case(&state, |c| c.affected_summary())
}

#[tauri::command]
#[specta::specta]
pub async fn affected_people(state: State<'_, AppState>, query: PeopleQuery) -> Res<PeoplePage> {
    with_case(&state, |c| c.people(&query))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_person(state: State<'_, AppState>, id: String) -> Res<PersonDetail> {
    with_case(&state, |c| c.person_detail(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_remove_batch(
    state: State<'_, AppState>,
    id: String,
    reason: String,
) -> Res<Batch> {
    with_case(&state, |c| c.remove_import_batch(&id, &reason))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_rejects(state: State<'_, AppState>, batch_id: String) -> Res<Vec<Reject>> {
    with_case(&state, |c| c.import_rejects(&batch_id))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_export_rejects(
    state: State<'_, AppState>,
    batch_id: String,
    dest: SaveToken,
    raw: bool,
) -> Res<u32> {
    let dest = state.chosen.save(&dest)?;
    let export = with_case(&state, |c| c.prepare_rejects_export(&batch_id, &dest, raw))?;
    let written = super::unlocked(move || export.run()).await?;
    commit_to_case(&state, "writing the rejects", |c| c.commit_list(written))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_set_rule(state: State<'_, AppState>, rule: DedupeRule) -> Res<Breakdown> {
    with_case(&state, |c| c.set_dedupe_rule(rule))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_snapshot(state: State<'_, AppState>, note: String) -> Res<Snapshot> {
    with_case(&state, |c| c.take_snapshot(&note))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_set_notice(state: State<'_, AppState>, update: NoticeUpdate) -> Res<u32> {
    with_case(&state, |c| c.set_notice_status(update))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_import_notices(
    app: AppHandle,
    task_id: String,
    file: ReadToken,
) -> Res<NoticeImportReport> {
    tasks::run(
        app,
        task_id,
        "Applying notice results",
        move |state, progress| {
            let path = state.chosen.read(&file)?;
            with_case(state, |c| {
                c.import_notice_results(&path.to_string_lossy(), progress)
            })
        },
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn affected_export_notices(
    state: State<'_, AppState>,
    mut request: NoticeListRequest,
) -> Res<u32> {
    request.dest = state.chosen.field(&request.dest, Use::Write)?;
    let export = with_case(&state, |c| c.prepare_notice_list(&request))?;
    let written = super::unlocked(move || export.run()).await?;
    commit_to_case(&state, "writing the notice list", |c| {
        c.commit_list(written)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn affected_snapshots(state: State<'_, AppState>) -> Res<Vec<Snapshot>> {
    with_case(&state, |c| c.snapshots())
}

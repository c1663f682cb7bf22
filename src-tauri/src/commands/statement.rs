//! Statements and notices: drafting with a live preview, the linter, approvals, states,
//! versions and exports.

use super::{with_case, Res};
use crate::paths::{SaveToken, Use};
use crate::AppState;
use casebook::packet::{MergeRecord, StatementExport};
use casebook::statement::library::{CaseTemplate, LibraryBlock, TemplateInput};
use casebook::statement::tokens::Rendered;
use casebook::statement::{
    ApprovalInput, DiffLine, EditInput, LintReport, Reissue, Statement, StatementDetail,
    StatementInput, StatementKind, StatementListing, StatementState,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn statement_list(state: State<'_, AppState>) -> Res<Vec<StatementListing>> {
    with_case(&state, |c| c.statement_listing())
}

#[tauri::command]
#[specta::specta]
pub async fn statement_detail(state: State<'_, AppState>, id: String) -> Res<StatementDetail> {
    with_case(&state, |c| c.statement_detail(&id))
}

/// What a body prints against a snapshot, for the editor's preview as the user types.
#[tauri::command]
#[specta::specta]
pub async fn statement_preview(
    state: State<'_, AppState>,
    body: String,
    snapshot: Option<String>,
    jurisdictions: Vec<String>,
) -> Res<Rendered> {
    with_case(&state, |c| {
        c.preview_statement(&body, snapshot.as_deref(), &jurisdictions)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn statement_new(state: State<'_, AppState>, input: StatementInput) -> Res<Statement> {
    with_case(&state, |c| c.new_statement(input))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_edit(
    state: State<'_, AppState>,
    id: String,
    input: EditInput,
) -> Res<Statement> {
    with_case(&state, |c| c.edit_statement(&id, input))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_lint(state: State<'_, AppState>, id: String) -> Res<LintReport> {
    with_case(&state, |c| c.lint_statement(&id))
}

/// Records an approval; `approval.evidence` is a read token.
#[tauri::command]
#[specta::specta]
pub async fn statement_approve(
    state: State<'_, AppState>,
    id: String,
    mut approval: ApprovalInput,
) -> Res<StatementDetail> {
    if let Some(file) = &approval.evidence {
        approval.evidence = Some(state.chosen.field(file, Use::Read)?);
    }
    with_case(&state, |c| c.approve_statement(&id, approval))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_move(
    state: State<'_, AppState>,
    id: String,
    to: StatementState,
    comment: String,
) -> Res<Statement> {
    with_case(&state, |c| c.move_statement(&id, to, &comment))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_diff(
    state: State<'_, AppState>,
    id: String,
    from: u32,
    to: u32,
) -> Res<Vec<DiffLine>> {
    with_case(&state, |c| c.statement_diff(&id, from, to))
}

/// Writes a version to `dest` as PDF, DOCX, Markdown or text, by its extension.
#[tauri::command]
#[specta::specta]
pub async fn statement_export(
    state: State<'_, AppState>,
    id: String,
    version: Option<u32>,
    dest: SaveToken,
) -> Res<StatementExport> {
    let dest = state.chosen.save(&dest)?;
    with_case(&state, |c| c.export_statement(&id, version, &dest))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_reissue(state: State<'_, AppState>) -> Res<Vec<Reissue>> {
    with_case(&state, |c| c.statements_to_reissue(None))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_library(state: State<'_, AppState>) -> Res<Vec<LibraryBlock>> {
    with_case(&state, |c| c.statement_library())
}

/// A first draft from the library for a kind and its jurisdictions.
#[tauri::command]
#[specta::specta]
pub async fn statement_draft(
    state: State<'_, AppState>,
    kind: StatementKind,
    jurisdictions: Vec<String>,
) -> Res<String> {
    with_case(&state, |c| c.statement_draft(kind, &jurisdictions))
}

/// One PDF of letters from an approved customer notice, one per person of its jurisdictions.
#[tauri::command]
#[specta::specta]
pub async fn statement_merge(
    state: State<'_, AppState>,
    id: String,
    dest: SaveToken,
) -> Res<MergeRecord> {
    let dest = state.chosen.save(&dest)?;
    with_case(&state, |c| c.merge_statement(&id, &dest))
}

#[tauri::command]
#[specta::specta]
pub async fn statement_templates(state: State<'_, AppState>) -> Res<Vec<CaseTemplate>> {
    with_case(&state, |c| c.statement_templates())
}

#[tauri::command]
#[specta::specta]
pub async fn statement_template_add(
    state: State<'_, AppState>,
    template: TemplateInput,
) -> Res<CaseTemplate> {
    with_case(&state, |c| c.add_statement_template(template))
}

//! Notification obligations: the evaluation against a snapshot, answers to the questions the
//! records cannot settle, counsel's overrides, filings, and the shipped rule set.

use super::{with_case, Res};
use crate::paths::Use;
use crate::AppState;
use casebook::obligations::record::{Answer, Filing, FilingInput, ObligationsReport, Override};
use casebook::obligations::rules::{self, RuleSet};
use casebook::obligations::{Outcome, Question};
use tauri::State;

/// The case's obligations against `snapshot` (the newest when `None`).
#[tauri::command]
#[specta::specta]
pub async fn obligations_report(
    state: State<'_, AppState>,
    snapshot: Option<String>,
) -> Res<ObligationsReport> {
    with_case(&state, |c| c.obligations(snapshot.as_deref()))
}

/// Answers a question (`None` withdraws the answer).
#[tauri::command]
#[specta::specta]
pub async fn obligations_answer(
    state: State<'_, AppState>,
    question: Question,
    value: Option<bool>,
    reason: String,
) -> Res<Answer> {
    with_case(&state, |c| c.answer_question(question, value, &reason))
}

/// Counsel's outcome for one rule beside the computed one (`None` withdraws it).
#[tauri::command]
#[specta::specta]
pub async fn obligations_override(
    state: State<'_, AppState>,
    rule: String,
    outcome: Option<Outcome>,
    reason: String,
) -> Res<Option<Override>> {
    with_case(&state, |c| c.override_obligation(&rule, outcome, &reason))
}

#[tauri::command]
#[specta::specta]
/// Records a filing; `input.document` is a read token.
pub async fn obligations_file(state: State<'_, AppState>, mut input: FilingInput) -> Res<Filing> {
    if let Some(file) = &input.document {
        input.document = Some(state.chosen.field(file, Use::Read)?);
    }
    with_case(&state, |c| c.file_obligation(input))
}

/// Moves the case to the rule set this build ships.
#[tauri::command]
#[specta::specta]
pub async fn obligations_adopt_rules(state: State<'_, AppState>) -> Res<()> {
    with_case(&state, |c| c.adopt_shipped_rule_set())
}

/// The rule set this build ships, for the Rules panel.
#[tauri::command]
#[specta::specta]
pub async fn rules_shipped() -> Res<RuleSet> {
    Ok(rules::shipped().clone())
}

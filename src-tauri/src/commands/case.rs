//! The open case: creating, opening, locking and closing it, its passphrase, its record and
//! subject, key dates, team and settings. Passphrases arrive as strings over IPC and are wiped
//! from memory once used.

use super::{actor, adopt, with_case, Res};
use crate::AppState;
use casebook::bundle::BundleSummary;
use casebook::case::{CaseInfo, CaseUpdate, NewCase, Subject};
use casebook::dates::{KeyDate, KeyDateInput, KeyDateKind};
use casebook::overview::Overview;
use casebook::passphrase::PassphraseStrength;
use casebook::settings::CaseSettings;
use casebook::team::{MemberInput, TeamMember};
use casebook::{Case, SystemClock};
use std::path::Path;
use std::sync::Arc;
use tauri::State;
use zeroize::Zeroizing;

/// Creates the case folder `path` (`.casebook` is added when missing) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn case_create(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
    details: NewCase,
) -> Res<Overview> {
    let passphrase = Zeroizing::new(passphrase);
    state.home.prepare_new_case(Path::new(&path))?;
    let created = casebook::create(
        Path::new(&path),
        &passphrase,
        details,
        actor(&state)?,
        Arc::new(SystemClock),
    )?;
    adopt(&state, created)
}

#[tauri::command]
#[specta::specta]
pub async fn case_open(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
) -> Res<Overview> {
    let passphrase = Zeroizing::new(passphrase);
    let opened = Case::open(
        Path::new(&path),
        &passphrase,
        actor(&state)?,
        Arc::new(SystemClock),
    )?;
    adopt(&state, opened)
}

/// Closes the open case, which is also how the app locks it: the connection (and the key
/// SQLCipher holds in it) is dropped, and only the passphrase opens the case again.
#[tauri::command]
#[specta::specta]
pub async fn case_close(state: State<'_, AppState>) -> Res<()> {
    state.case.lock().unwrap_or_else(|p| p.into_inner()).take();
    Ok(())
}

/// Changes the open case's passphrase once `current` proves the person at the window knows it.
#[tauri::command]
#[specta::specta]
pub async fn case_change_passphrase(
    state: State<'_, AppState>,
    current: String,
    replacement: String,
) -> Res<()> {
    let (current, replacement) = (Zeroizing::new(current), Zeroizing::new(replacement));
    with_case(&state, |c| {
        c.verify_passphrase(&current)?;
        c.change_passphrase(&replacement)
    })
}

/// How strong a new passphrase is; `user_inputs` (the case title, the investigator's name)
/// count against it.
#[tauri::command]
#[specta::specta]
pub async fn passphrase_strength(
    passphrase: String,
    user_inputs: Vec<String>,
) -> Res<PassphraseStrength> {
    let passphrase = Zeroizing::new(passphrase);
    let inputs: Vec<&str> = user_inputs.iter().map(String::as_str).collect();
    Ok(casebook::passphrase::strength(&passphrase, &inputs))
}

#[tauri::command]
#[specta::specta]
pub async fn case_overview(state: State<'_, AppState>) -> Res<Overview> {
    with_case(&state, |c| c.overview())
}

#[tauri::command]
#[specta::specta]
pub async fn case_update(state: State<'_, AppState>, update: CaseUpdate) -> Res<CaseInfo> {
    with_case(&state, |c| c.update_info(update))
}

#[tauri::command]
#[specta::specta]
pub async fn subject_set(state: State<'_, AppState>, subject: Subject) -> Res<Subject> {
    with_case(&state, |c| c.set_subject(subject))
}

#[tauri::command]
#[specta::specta]
pub async fn key_date_set(state: State<'_, AppState>, input: KeyDateInput) -> Res<KeyDate> {
    with_case(&state, |c| c.set_key_date(input))
}

#[tauri::command]
#[specta::specta]
pub async fn key_date_clear(state: State<'_, AppState>, kind: KeyDateKind) -> Res<()> {
    with_case(&state, |c| c.clear_key_date(kind))
}

#[tauri::command]
#[specta::specta]
pub async fn key_date_history(state: State<'_, AppState>, kind: KeyDateKind) -> Res<Vec<KeyDate>> {
    with_case(&state, |c| c.key_date_history(kind))
}

#[tauri::command]
#[specta::specta]
pub async fn member_add(state: State<'_, AppState>, member: MemberInput) -> Res<TeamMember> {
    with_case(&state, |c| c.add_member(member))
}

#[tauri::command]
#[specta::specta]
pub async fn member_update(
    state: State<'_, AppState>,
    id: String,
    member: MemberInput,
) -> Res<TeamMember> {
    with_case(&state, |c| c.update_member(&id, member))
}

#[tauri::command]
#[specta::specta]
pub async fn member_remove(state: State<'_, AppState>, id: String) -> Res<()> {
    with_case(&state, |c| c.remove_member(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn settings_get(state: State<'_, AppState>) -> Res<CaseSettings> {
    with_case(&state, |c| c.settings())
}

#[tauri::command]
#[specta::specta]
pub async fn settings_set(state: State<'_, AppState>, settings: CaseSettings) -> Res<CaseSettings> {
    with_case(&state, |c| c.set_settings(settings))
}

/// Seals the open case into the bundle `out`, signed with the profile's key (`key_passphrase`
/// when the key has one), as a task with progress.
#[tauri::command]
#[specta::specta]
pub async fn case_bundle(
    app: tauri::AppHandle,
    task_id: String,
    out: String,
    key_passphrase: Option<String>,
) -> Res<BundleSummary> {
    let key_passphrase = key_passphrase.map(Zeroizing::new);
    crate::tasks::run(app, task_id, "Sealing the bundle", move |state, p| {
        let key = state
            .home
            .signing_key(key_passphrase.as_deref().map(|s| s.as_str()))?;
        with_case(state, |c| c.seal_bundle(Path::new(&out), &key, p))
    })
    .await
}

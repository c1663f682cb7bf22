//! The open case: creating, opening, locking and closing it, its passphrase, its record and
//! subject, key dates, team and settings. Passphrases arrive as strings over IPC and are wiped
//! from memory once used.

use super::{actor, adopt, commit_to_case, with_case, Res};
use crate::paths::{FolderToken, ReadToken, SaveToken, Use};
use crate::AppState;
use casebook::bundle::BundleSummary;
use casebook::case::{CaseInfo, CaseUpdate, NewCase, Subject};
use casebook::dates::{KeyDate, KeyDateInput, KeyDateKind};
use casebook::overview::Overview;
use casebook::passphrase::PassphraseStrength;
use casebook::settings::CaseSettings;
use casebook::team::{MemberInput, TeamMember};
use casebook::{Case, SystemClock};
use std::sync::Arc;
use tauri::State;
use zeroize::Zeroizing;

/// Creates the case folder `name` (`.casebook` is added when missing) in the folder the user
/// chose (`None`: the app's cases folder) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn case_create(
    state: State<'_, AppState>,
    folder: Option<FolderToken>,
    name: String,
    passphrase: String,
    details: NewCase,
) -> Res<Overview> {
    let passphrase = Zeroizing::new(passphrase);
    let parent = match &folder {
        Some(token) => state.chosen.folder(token)?,
        None => state.home.default_cases_dir(),
    };
    let path = parent.join(folder_name(&name)?);
    state.home.prepare_new_case(&path)?;
    let created = casebook::create(
        &path,
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
    folder: ReadToken,
    passphrase: String,
) -> Res<Overview> {
    let passphrase = Zeroizing::new(passphrase);
    let path = state.chosen.read(&folder)?;
    let opened = Case::open(&path, &passphrase, actor(&state)?, Arc::new(SystemClock))?;
    adopt(&state, opened)
}

/// Closes the open case, which is also how the app locks it: the connection (and the key
/// SQLCipher holds in it) is dropped, and only the passphrase opens the case again. Returns a
/// read token for the closed case, which unlocking hands back to `case_open`.
#[tauri::command]
#[specta::specta]
pub async fn case_close(state: State<'_, AppState>) -> Res<Option<String>> {
    let closed = state.case.lock().unwrap_or_else(|p| p.into_inner()).take();
    Ok(closed.map(|c| state.chosen.issue(Use::Read, c.root().to_path_buf()).token))
}

/// `name` as one folder name: a path of its own would put the case somewhere not chosen.
pub(super) fn folder_name(name: &str) -> casebook::Result<&str> {
    let name = name.trim();
    if name.is_empty() || name == "." || name == ".." || name.contains(['/', '\\', '\0']) {
        return Err(casebook::Error::invalid(
            "name",
            "give the case folder a name without slashes",
        ));
    }
    Ok(name)
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
    out: SaveToken,
    key_passphrase: Option<String>,
) -> Res<BundleSummary> {
    let key_passphrase = key_passphrase.map(Zeroizing::new);
    crate::tasks::run(app, task_id, "Sealing the bundle", move |state, p| {
        let out = state.chosen.save(&out)?;
        let key = state
            .home
            .signing_key(key_passphrase.as_deref().map(|s| s.as_str()))?;
        // The database export is the only part under the case lock; the vault is read and
        // the bundle written without it.
        let job = with_case(state, |c| c.prepare_bundle(&out, &key))?;
        let sealed = job.run(&key, p)?;
        commit_to_case(state, "sealing the bundle", |c| c.commit_bundle(sealed))
    })
    .await
}

//! One Tauri command per core call, each a line or two: lock the open case, call, map the
//! error. One module per domain, named as the core names it.

use crate::AppState;
use casebook::overview::Overview;
use casebook::{Actor, ApiError, Case, Error};

mod affected;
mod app;
mod audit;
mod case;
mod evidence;
mod harm;
mod home;
mod obligations;
mod packet;
mod paths;
mod referral;
mod search;
mod statement;
mod tables;
mod task;
mod timeline;

pub use paths::{dropped, FilesDropped};

type Res<T> = Result<T, ApiError>;

pub fn all() -> tauri_specta::Commands<tauri::Wry> {
    tauri_specta::collect_commands![
        app::app_info,
        app::vocabularies,
        home::profile_get,
        home::profile_set,
        home::signing_key_get,
        home::signing_key_create,
        home::recent_cases,
        home::recent_forget,
        home::app_settings_get,
        home::app_settings_set,
        case::case_create,
        case::case_open,
        case::case_close,
        case::case_change_passphrase,
        case::case_bundle,
        case::passphrase_strength,
        case::case_overview,
        case::case_update,
        case::subject_set,
        case::key_date_set,
        case::key_date_clear,
        case::key_date_history,
        case::member_add,
        case::member_update,
        case::member_remove,
        search::search,
        timeline::timeline_list,
        timeline::timeline_figure,
        timeline::event_add,
        timeline::event_update,
        timeline::event_delete,
        audit::audit_log,
        audit::audit_verify,
        audit::audit_receipt_save,
        audit::audit_receipt_check,
        audit::audit_activity,
        audit::audit_terms,
        case::settings_get,
        case::settings_set,
        evidence::evidence_list,
        evidence::evidence_detail,
        evidence::evidence_add,
        evidence::evidence_verify,
        evidence::evidence_transfer,
        evidence::evidence_correct,
        evidence::evidence_export,
        evidence::evidence_edit,
        affected::affected_preview,
        affected::affected_import,
        affected::affected_summary,
        affected::affected_people,
        affected::affected_person,
        affected::affected_remove_batch,
        affected::affected_rejects,
        affected::affected_export_rejects,
        affected::affected_set_rule,
        affected::affected_snapshot,
        affected::affected_set_notice,
        affected::affected_import_notices,
        affected::affected_export_notices,
        affected::affected_snapshots,
        harm::harm_list,
        harm::harm_add,
        harm::harm_tally,
        harm::harm_preview,
        harm::harm_import,
        harm::harm_imports,
        harm::harm_rejects,
        packet::packet_defaults,
        packet::packet_snapshot_currency,
        packet::packet_generate,
        packet::packet_list,
        packet::packet_read,
        packet::packet_copy,
        packet::packet_check,
        packet::packet_check_recorded,
        packet::packet_open,
        packet::packet_show_in_folder,
        task::task_list,
        task::task_get,
        task::task_add,
        task::task_edit,
        task::task_set_status,
        task::task_whats_next,
        task::playbook_apply,
        task::playbook_shipped,
        referral::referral_list,
        referral::referral_detail,
        referral::referral_agenda,
        referral::referral_add,
        referral::referral_update,
        referral::referral_set_status,
        referral::referral_follow_up,
        referral::referral_share,
        referral::referral_legal_process,
        referral::referral_respond,
        referral::referral_delay,
        referral::referral_lift_delay,
        referral::referral_notes,
        referral::referral_notes_draft,
        referral::referral_notes_save,
        referral::referral_notes_diff,
        referral::referral_letter,
        statement::statement_list,
        statement::statement_detail,
        statement::statement_preview,
        statement::statement_new,
        statement::statement_edit,
        statement::statement_lint,
        statement::statement_approve,
        statement::statement_move,
        statement::statement_diff,
        statement::statement_export,
        statement::statement_reissue,
        statement::statement_library,
        statement::statement_draft,
        statement::statement_merge,
        statement::statement_templates,
        statement::statement_template_add,
        app::task_cancel,
        app::window_title_sync,
        home::cases_found,
        home::demo_existing,
        home::demo_create,
        home::bundle_open,
        obligations::obligations_report,
        obligations::obligations_answer,
        obligations::obligations_override,
        obligations::obligations_file,
        obligations::obligations_adopt_rules,
        obligations::rules_shipped,
        paths::pick_open,
        paths::pick_folder,
        paths::pick_save,
        tables::table_export,
    ]
}

fn with_case<T>(state: &AppState, f: impl FnOnce(&mut Case) -> casebook::Result<T>) -> Res<T> {
    let mut guard = state.case.lock().unwrap_or_else(|p| p.into_inner());
    let case = guard.as_mut().ok_or(Error::NoCaseOpen)?;
    Ok(f(case)?)
}

/// The last, short step of work that ran without the case: records its result in the case
/// that is open now. The core refuses a result prepared from another case; with none open,
/// the case was closed while the work ran (`during` says what it was doing).
fn commit_to_case<T>(
    state: &AppState,
    during: &'static str,
    f: impl FnOnce(&mut Case) -> casebook::Result<T>,
) -> Res<T> {
    let mut guard = state.case.lock().unwrap_or_else(|p| p.into_inner());
    let case = guard.as_mut().ok_or(Error::CaseClosed { during })?;
    Ok(f(case)?)
}

/// Runs file work that needs no case on a blocking thread, without the case lock: reading a
/// user's file can be slow, and every other command waits for that lock.
async fn unlocked<T: Send + 'static>(
    work: impl FnOnce() -> casebook::Result<T> + Send + 'static,
) -> Res<T> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| Error::internal(format!("reading the file: {e}")))?
        .map_err(Into::into)
}

fn actor(state: &AppState) -> casebook::Result<Actor> {
    state.home.actor()
}

/// Makes `case` the open case, remembers it as recent, and returns its overview.
fn adopt(state: &AppState, case: Case) -> Res<Overview> {
    let overview = case.overview()?;
    state.home.remember(case.root())?;
    *state.case.lock().unwrap_or_else(|p| p.into_inner()) = Some(case);
    // Opening read the schema and the overview's rows through SQLCipher's page cache and
    // decrypting buffers; what it freed is handed back before the app idles.
    crate::memory::give_back();
    Ok(overview)
}

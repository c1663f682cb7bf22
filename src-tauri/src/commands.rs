//! One Tauri command per core call, each a line or two: lock the open case, call, map the error.

use crate::{tasks, AppState};
use casebook::activity::{ActivityEntry, AuditTerms};
use casebook::affected::notice::{NoticeImportReport, NoticeListRequest, NoticeUpdate};
use casebook::affected::people::DedupeRule;
use casebook::affected::snapshot::{Snapshot, SnapshotCurrency};
use casebook::affected::source::ShapeOverride;
use casebook::affected::{
    AffectedSummary, Batch, Breakdown, ImportReport, ImportRequest, PeoplePage, PeopleQuery,
    PersonDetail, Preview, Reject,
};
use casebook::audit::{AuditEntry, AuditQuery, Verification};
use casebook::case::{CaseInfo, CaseUpdate, NewCase, Subject};
use casebook::custody::{CorrectionInput, CustodyEntry, TransferInput};
use casebook::dates::{KeyDate, KeyDateInput, KeyDateKind};
use casebook::evidence::{
    EvidenceCategory, EvidenceEdit, EvidenceItem, ExportReport, ExportRequest, IntakeReport,
    IntakeRequest, VerifyOutcome,
};
use casebook::overview::Overview;
use casebook::packet::{PacketCheck, PacketOptions, PacketRecord, Redaction, Section};
use casebook::profile::{FoundCase, RecentCase};
use casebook::settings::CaseSettings;
use casebook::team::{MemberInput, TeamMember};
use casebook::timeline::{EventInput, TimelineEvent, TimelineFilter};
use casebook::vocab::{Term, Vocabularies};
use casebook::{Actor, ApiError, Case, Error, SystemClock};
use serde::Serialize;
use specta::Type;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{AppHandle, State};

type Res<T> = Result<T, ApiError>;

pub fn all() -> tauri_specta::Commands<tauri::Wry> {
    tauri_specta::collect_commands![
        app_info,
        vocabularies,
        profile_get,
        profile_set,
        recent_cases,
        recent_forget,
        case_create,
        case_open,
        case_close,
        case_overview,
        case_update,
        subject_set,
        key_date_set,
        key_date_clear,
        key_date_history,
        member_add,
        member_update,
        member_remove,
        timeline_list,
        event_add,
        event_update,
        event_delete,
        audit_log,
        audit_verify,
        audit_activity,
        audit_terms,
        settings_get,
        settings_set,
        evidence_list,
        evidence_detail,
        evidence_add,
        evidence_verify,
        evidence_transfer,
        evidence_correct,
        evidence_export,
        evidence_edit,
        affected_preview,
        affected_import,
        affected_summary,
        affected_people,
        affected_person,
        affected_remove_batch,
        affected_rejects,
        affected_export_rejects,
        affected_set_rule,
        affected_snapshot,
        affected_set_notice,
        affected_import_notices,
        affected_export_notices,
        affected_snapshots,
        packet_vocabularies,
        packet_defaults,
        packet_snapshot_currency,
        packet_generate,
        packet_list,
        packet_read,
        packet_copy,
        packet_check,
        packet_open,
        packet_show_in_folder,
        task_cancel,
        // Home: case folders found on disk, and the demo case made from the app.
        cases_found,
        demo_existing,
        demo_create,
    ]
}

fn with_case<T>(state: &AppState, f: impl FnOnce(&mut Case) -> casebook::Result<T>) -> Res<T> {
    let mut guard = state.case.lock().unwrap_or_else(|p| p.into_inner());
    let case = guard.as_mut().ok_or(Error::NoCaseOpen)?;
    Ok(f(case)?)
}

fn actor(state: &AppState) -> casebook::Result<Actor> {
    state.home.actor()
}

/// Makes `case` the open case, remembers it as recent, and returns its overview.
fn adopt(state: &AppState, case: Case) -> Res<Overview> {
    let overview = case.overview()?;
    state.home.remember_case(&case, &SystemClock)?;
    *state.case.lock().unwrap_or_else(|p| p.into_inner()) = Some(case);
    Ok(overview)
}

#[derive(Debug, Clone, Serialize, Type)]
pub struct AppInfo {
    pub version: String,
    pub home: String,
    pub default_cases_dir: String,
}

#[tauri::command]
#[specta::specta]
pub async fn app_info(state: State<'_, AppState>) -> Res<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").into(),
        home: state.home.dir().display().to_string(),
        default_cases_dir: state.home.default_cases_dir().display().to_string(),
    })
}

#[tauri::command]
#[specta::specta]
pub async fn vocabularies() -> Res<Vocabularies> {
    Ok(casebook::vocab::vocabularies())
}

#[tauri::command]
#[specta::specta]
pub async fn profile_get(state: State<'_, AppState>) -> Res<Option<Actor>> {
    Ok(state.home.profile()?)
}

#[tauri::command]
#[specta::specta]
pub async fn profile_set(state: State<'_, AppState>, profile: Actor) -> Res<Actor> {
    Ok(state.home.save_profile(profile)?)
}

#[tauri::command]
#[specta::specta]
pub async fn recent_cases(state: State<'_, AppState>) -> Res<Vec<RecentCase>> {
    Ok(state.home.recent()?)
}

#[tauri::command]
#[specta::specta]
pub async fn recent_forget(state: State<'_, AppState>, path: String) -> Res<()> {
    Ok(state.home.forget(&path)?)
}

/// Creates the case folder `path` (`.casebook` is added when missing) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn case_create(
    state: State<'_, AppState>,
    path: String,
    passphrase: String,
    details: NewCase,
) -> Res<Overview> {
    if let Some(parent) = Path::new(&path)
        .parent()
        .filter(|p| *p == state.home.default_cases_dir())
    {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("creating the cases folder", e))?;
    }
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
    let opened = Case::open(
        Path::new(&path),
        &passphrase,
        actor(&state)?,
        Arc::new(SystemClock),
    )?;
    adopt(&state, opened)
}

#[tauri::command]
#[specta::specta]
pub async fn case_close(state: State<'_, AppState>) -> Res<()> {
    state.case.lock().unwrap_or_else(|p| p.into_inner()).take();
    Ok(())
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
pub async fn timeline_list(
    state: State<'_, AppState>,
    filter: TimelineFilter,
) -> Res<Vec<TimelineEvent>> {
    with_case(&state, |c| c.timeline(&filter))
}

#[tauri::command]
#[specta::specta]
pub async fn event_add(state: State<'_, AppState>, event: EventInput) -> Res<TimelineEvent> {
    with_case(&state, |c| c.add_event(event))
}

#[tauri::command]
#[specta::specta]
pub async fn event_update(
    state: State<'_, AppState>,
    id: String,
    event: EventInput,
) -> Res<TimelineEvent> {
    with_case(&state, |c| c.update_event(&id, event))
}

#[tauri::command]
#[specta::specta]
pub async fn event_delete(state: State<'_, AppState>, id: String) -> Res<()> {
    with_case(&state, |c| c.delete_event(&id))
}

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

#[tauri::command]
#[specta::specta]
pub async fn evidence_list(state: State<'_, AppState>) -> Res<Vec<EvidenceItem>> {
    with_case(&state, |c| c.evidence())
}

/// An item with its chain of custody, oldest entry first.
#[derive(Debug, Clone, Serialize, Type)]
pub struct EvidenceDetail {
    pub item: EvidenceItem,
    pub custody: Vec<CustodyEntry>,
    /// A likely category for an item intake filed as Other, for the user to accept.
    pub suggested_category: Option<EvidenceCategory>,
}

#[tauri::command]
#[specta::specta]
pub async fn evidence_detail(state: State<'_, AppState>, id: String) -> Res<EvidenceDetail> {
    with_case(&state, |c| {
        Ok(EvidenceDetail {
            item: c.evidence_item(&id)?,
            custody: c.custody(Some(&id))?,
            suggested_category: c.category_suggestion(&id)?,
        })
    })
}

#[tauri::command]
#[specta::specta]
pub async fn evidence_add(
    app: AppHandle,
    task_id: String,
    request: IntakeRequest,
) -> Res<IntakeReport> {
    tasks::run(app, task_id, "Adding evidence", move |state, progress| {
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
    request: ExportRequest,
) -> Res<ExportReport> {
    tasks::run(
        app,
        task_id,
        "Exporting evidence",
        move |state, progress| with_case(state, |c| c.export_evidence(request, progress)),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn task_cancel(state: State<'_, AppState>, task_id: String) -> Res<bool> {
    Ok(state.tasks.cancel(&task_id))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_preview(
    state: State<'_, AppState>,
    path: String,
    shape: ShapeOverride,
) -> Res<Preview> {
    with_case(&state, |c| c.preview_import(&path, &shape))
}

/// Imports a file of affected records off the UI thread, with progress.
#[tauri::command]
#[specta::specta]
pub async fn affected_import(
    app: AppHandle,
    task_id: String,
    request: ImportRequest,
) -> Res<ImportReport> {
    tasks::run(
        app,
        task_id,
        "Importing affected records",
        move |state, progress| with_case(state, |c| c.import_affected(request, progress)),
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
    dest: String,
) -> Res<u32> {
    with_case(&state, |c| c.export_rejects(&batch_id, Path::new(&dest)))
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
    path: String,
) -> Res<NoticeImportReport> {
    tasks::run(
        app,
        task_id,
        "Applying notice results",
        move |state, progress| with_case(state, |c| c.import_notice_results(&path, progress)),
    )
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn affected_export_notices(
    state: State<'_, AppState>,
    request: NoticeListRequest,
) -> Res<u32> {
    with_case(&state, |c| c.export_notice_list(&request))
}

#[tauri::command]
#[specta::specta]
pub async fn affected_snapshots(state: State<'_, AppState>) -> Res<Vec<Snapshot>> {
    with_case(&state, |c| c.snapshots())
}

/// The packet's vocabularies with their labels (not yet part of [`Vocabularies`]).
#[derive(Debug, Clone, Serialize, Type)]
pub struct PacketVocabularies {
    pub section: Vec<Term<Section>>,
    pub redaction: Vec<Term<Redaction>>,
}

#[tauri::command]
#[specta::specta]
pub async fn packet_vocabularies() -> Res<PacketVocabularies> {
    fn terms<T: Copy>(all: &[T], label: fn(T) -> &'static str) -> Vec<Term<T>> {
        let term = |&code: &T| Term {
            code,
            label: label(code).into(),
        };
        all.iter().map(term).collect()
    }
    Ok(PacketVocabularies {
        section: terms(Section::ALL, Section::label),
        redaction: terms(Redaction::ALL, Redaction::label),
    })
}

/// The options a new packet starts from, prepared by the investigator whose profile is set.
#[tauri::command]
#[specta::specta]
pub async fn packet_defaults(state: State<'_, AppState>) -> Res<PacketOptions> {
    let prepared_by = state.home.profile()?.map(|a| a.name).unwrap_or_default();
    let defaults = with_case(&state, |c| c.packet_defaults())?;
    Ok(PacketOptions {
        prepared_by,
        ..defaults
    })
}

/// Whether the snapshot a packet would cite (`None`: the newest) still matches the case's
/// affected data; `None` when no snapshot has been taken.
#[tauri::command]
#[specta::specta]
pub async fn packet_snapshot_currency(
    state: State<'_, AppState>,
    snapshot_id: Option<String>,
) -> Res<Option<SnapshotCurrency>> {
    with_case(&state, |c| {
        c.packet_snapshot_currency(snapshot_id.as_deref())
    })
}

/// Generates the packet into `dest` off the UI thread, with progress and cancellation.
#[tauri::command]
#[specta::specta]
pub async fn packet_generate(
    app: AppHandle,
    task_id: String,
    options: PacketOptions,
    dest: String,
) -> Res<PacketRecord> {
    tasks::run(app, task_id, "Generating the packet", move |state, p| {
        with_case(state, |c| c.generate_packet(&options, Path::new(&dest), p))
    })
    .await
}

#[tauri::command]
#[specta::specta]
pub async fn packet_list(state: State<'_, AppState>) -> Res<Vec<PacketRecord>> {
    with_case(&state, |c| c.packets())
}

/// A packet file this case recorded; the webview may read or copy no other file.
fn recorded_packet(c: &Case, path: &str) -> casebook::Result<PathBuf> {
    let recorded = c.packets()?.into_iter().any(|p| p.path == path);
    recorded
        .then(|| PathBuf::from(path))
        .ok_or(Error::NotFound {
            what: "packet generated from this case",
            id: path.into(),
        })
}

/// Larger packets are for a PDF reader: the preview holds the whole file in memory twice.
const PREVIEW_LIMIT: u64 = 256 << 20;

/// A recorded packet's bytes for the in-app preview, base64-encoded (tauri-specta cannot type
/// a raw `tauri::ipc::Response`, and a JSON number array would be four times the size).
#[tauri::command]
#[specta::specta]
pub async fn packet_read(state: State<'_, AppState>, path: String) -> Res<String> {
    use base64::Engine;
    let file = with_case(&state, |c| recorded_packet(c, &path))?;
    let reading = |e| Error::io(format!("reading {path}"), e);
    let size = std::fs::metadata(&file).map_err(reading)?.len();
    if size > PREVIEW_LIMIT {
        let message = format!("{} MiB is too large to preview here", size >> 20);
        return Err(Error::invalid("packet", message + "; open the file in a PDF reader").into());
    }
    let bytes = std::fs::read(&file).map_err(reading)?;
    Ok(base64::engine::general_purpose::STANDARD.encode(bytes))
}

/// Copies a recorded packet to `dest` (the same bytes, so the same SHA-256); returns its size.
#[tauri::command]
#[specta::specta]
pub async fn packet_copy(state: State<'_, AppState>, path: String, dest: String) -> Res<f64> {
    let file = with_case(&state, |c| recorded_packet(c, &path))?;
    let real = |p: &Path| std::fs::canonicalize(p).ok();
    if real(Path::new(&dest)).is_some_and(|d| real(&file) == Some(d)) {
        return Err(
            Error::invalid("dest", "that is the packet itself; choose another place").into(),
        );
    }
    let copied =
        std::fs::copy(&file, &dest).map_err(|e| Error::io(format!("copying to {dest}"), e))?;
    Ok(copied as f64)
}

/// Which recorded packets a file is (by SHA-256): a copy that came back, or a packet at its
/// recorded path that may have been edited since.
#[tauri::command]
#[specta::specta]
pub async fn packet_check(state: State<'_, AppState>, path: String) -> Res<PacketCheck> {
    with_case(&state, |c| c.check_packet_file(Path::new(&path)))
}

/// Opens a recorded packet in the system's PDF reader (for packets too large to preview here).
/// With no reader installed the launcher fails, and the UI says so by the `no_application` kind.
#[tauri::command]
#[specta::specta]
pub async fn packet_open(state: State<'_, AppState>, path: String) -> Res<()> {
    let file = with_case(&state, |c| recorded_packet(c, &path))?;
    if !file.is_file() {
        return Err(Error::NotFound {
            what: "packet file at its recorded path",
            id: path,
        }
        .into());
    }
    hand_to_system(file, "PDF reader", path).await
}

/// Opens the folder holding a recorded packet in the file manager, for when no PDF reader
/// took it; only folders of packets this case recorded.
#[tauri::command]
#[specta::specta]
pub async fn packet_show_in_folder(state: State<'_, AppState>, path: String) -> Res<()> {
    let file = with_case(&state, |c| recorded_packet(c, &path))?;
    let folder = file
        .parent()
        .filter(|d| d.is_dir())
        .ok_or(Error::NotFound {
            what: "folder of the packet",
            id: path.clone(),
        })?
        .to_path_buf();
    hand_to_system(folder, "file manager", path).await
}

/// How long a launcher is watched for failure. `open`'s default quarter second is shorter than
/// xdg-open's own search for a handler on a busy machine, and a launcher that failed after it
/// looked like success: the button then did nothing visible. A launcher still running at the
/// end (xdg-open waits for some readers to close) has handed the file over.
const LAUNCH_WATCH: std::time::Duration = std::time::Duration::from_secs(3);

/// Hands `target` to the system's default application, off the async runtime (the launcher is
/// watched for up to [`LAUNCH_WATCH`]); a launcher that failed is [`Error::NoApplication`].
async fn hand_to_system(target: PathBuf, what: &'static str, shown: String) -> Res<()> {
    let launched = tauri::async_runtime::spawn_blocking(move || {
        open::that_detached_with_timeout(&target, LAUNCH_WATCH)
    })
    .await
    .map_err(|e| {
        Error::io(
            format!("opening {shown}"),
            std::io::Error::other(e.to_string()),
        )
    })?;
    launched.map_err(|_| Error::NoApplication { what, path: shown }.into())
}

// --- Home: case folders found on disk, and the demo case made from the app -------------------

/// Case folders in the cases folder that the recent list does not show.
#[tauri::command]
#[specta::specta]
pub async fn cases_found(state: State<'_, AppState>) -> Res<Vec<FoundCase>> {
    Ok(state.home.unlisted_cases()?)
}

/// Demo cases already in the cases folder, newest first, so the UI can offer to open one.
#[tauri::command]
#[specta::specta]
pub async fn demo_existing(state: State<'_, AppState>) -> Res<Vec<FoundCase>> {
    Ok(casebook::demo::existing(&state.home.default_cases_dir())?)
}

/// Creates a new demo case in the cases folder (beside any already there) and opens it.
#[tauri::command]
#[specta::specta]
pub async fn demo_create(app: AppHandle, task_id: String, passphrase: String) -> Res<Overview> {
    tasks::run(app, task_id, "Creating the demo case", move |state, p| {
        let dir = state.home.default_cases_dir();
        let case = casebook::demo::build_with_progress(
            &dir,
            &passphrase,
            actor(state)?,
            Arc::new(SystemClock),
            p,
        )?;
        adopt(state, case)
    })
    .await
}

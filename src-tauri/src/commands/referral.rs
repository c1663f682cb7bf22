//! Law-enforcement referrals: the referral and its follow-ups, notes versions, items handed
//! over, legal process, delay requests and the referral letter.

use super::{with_case, Res};
use crate::paths::{SaveToken, Use};
use crate::AppState;
use casebook::packet::LetterRecord;
use casebook::referral::notes::{NotesDiff, NotesDraft, NotesVersion};
use casebook::referral::process::{DelayInput, DelayRequest, LegalProcess, LegalProcessInput};
use casebook::referral::shares::{ShareInput, SharedItem};
use casebook::referral::{
    FollowUp, FollowUpInput, Referral, ReferralAgenda, ReferralDetail, ReferralInput,
    ReferralStatus,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn referral_list(state: State<'_, AppState>) -> Res<Vec<Referral>> {
    with_case(&state, |c| c.referrals())
}

#[tauri::command]
#[specta::specta]
pub async fn referral_detail(state: State<'_, AppState>, id: String) -> Res<ReferralDetail> {
    with_case(&state, |c| c.referral_detail(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_agenda(state: State<'_, AppState>) -> Res<ReferralAgenda> {
    with_case(&state, |c| c.referral_agenda())
}

#[tauri::command]
#[specta::specta]
pub async fn referral_add(state: State<'_, AppState>, referral: ReferralInput) -> Res<Referral> {
    with_case(&state, |c| c.add_referral(referral))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_update(
    state: State<'_, AppState>,
    id: String,
    referral: ReferralInput,
) -> Res<Referral> {
    with_case(&state, |c| c.update_referral(&id, referral))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_set_status(
    state: State<'_, AppState>,
    id: String,
    status: ReferralStatus,
) -> Res<Referral> {
    with_case(&state, |c| c.set_referral_status(&id, status))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_follow_up(
    state: State<'_, AppState>,
    follow_up: FollowUpInput,
) -> Res<FollowUp> {
    with_case(&state, |c| c.add_follow_up(follow_up))
}

#[tauri::command]
#[specta::specta]
/// Records a share; `share.export_to` is a folder token.
pub async fn referral_share(state: State<'_, AppState>, mut share: ShareInput) -> Res<SharedItem> {
    if let Some(folder) = &share.export_to {
        share.export_to = Some(state.chosen.field(folder, Use::WriteInto)?);
    }
    with_case(&state, |c| {
        c.share_evidence(share, &casebook::progress::Silent)
    })
}

#[tauri::command]
#[specta::specta]
pub async fn referral_legal_process(
    state: State<'_, AppState>,
    process: LegalProcessInput,
) -> Res<LegalProcess> {
    with_case(&state, |c| c.add_legal_process(process))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_respond(
    state: State<'_, AppState>,
    id: String,
    response: String,
) -> Res<LegalProcess> {
    with_case(&state, |c| c.respond_legal_process(&id, &response))
}

#[tauri::command]
#[specta::specta]
/// Records a delay request; `delay.written_copy` is a read token.
pub async fn referral_delay(
    state: State<'_, AppState>,
    mut delay: DelayInput,
) -> Res<DelayRequest> {
    if let Some(file) = &delay.written_copy {
        delay.written_copy = Some(state.chosen.field(file, Use::Read)?);
    }
    with_case(&state, |c| c.add_delay_request(delay))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_lift_delay(
    state: State<'_, AppState>,
    id: String,
    on: String,
) -> Res<DelayRequest> {
    with_case(&state, |c| c.lift_delay(&id, &on))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_notes(state: State<'_, AppState>, id: String) -> Res<Vec<NotesVersion>> {
    with_case(&state, |c| c.referral_notes(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_notes_draft(state: State<'_, AppState>, id: String) -> Res<NotesDraft> {
    with_case(&state, |c| c.draft_referral_notes(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_notes_save(
    state: State<'_, AppState>,
    id: String,
    text: String,
) -> Res<NotesVersion> {
    with_case(&state, |c| c.save_referral_notes(&id, &text))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_notes_diff(
    state: State<'_, AppState>,
    id: String,
    from: u32,
    to: u32,
) -> Res<NotesDiff> {
    with_case(&state, |c| c.referral_notes_diff(&id, from, to))
}

#[tauri::command]
#[specta::specta]
pub async fn referral_letter(
    state: State<'_, AppState>,
    id: String,
    dest: SaveToken,
) -> Res<LetterRecord> {
    let dest = state.chosen.save(&dest)?;
    with_case(&state, |c| c.generate_referral_letter(&id, &dest))
}

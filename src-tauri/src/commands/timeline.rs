//! The case's timeline: recorded events and those derived from key dates, and the figure
//! the visual timeline draws.

use super::{with_case, Res};
use crate::AppState;
use casebook::timeline::{EventInput, TimelineEvent, TimelineFigure, TimelineFilter};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn timeline_list(
    state: State<'_, AppState>,
    filter: TimelineFilter,
) -> Res<Vec<TimelineEvent>> {
    with_case(&state, |c| c.timeline(&filter))
}

/// Everything the visual timeline draws, in one call.
#[tauri::command]
#[specta::specta]
pub async fn timeline_figure(state: State<'_, AppState>) -> Res<TimelineFigure> {
    with_case(&state, |c| c.timeline_figure())
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

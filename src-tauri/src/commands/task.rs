//! Tasks, the shipped playbook and "what's next".

use super::{with_case, Res};
use crate::AppState;
use casebook::task::{
    Playbook, PlaybookApplied, Task, TaskFilter, TaskInput, TaskStatus, WhatsNext,
};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn task_list(state: State<'_, AppState>, filter: TaskFilter) -> Res<Vec<Task>> {
    with_case(&state, |c| c.tasks(&filter))
}

#[tauri::command]
#[specta::specta]
pub async fn task_get(state: State<'_, AppState>, id: String) -> Res<Task> {
    with_case(&state, |c| c.task(&id))
}

#[tauri::command]
#[specta::specta]
pub async fn task_add(state: State<'_, AppState>, task: TaskInput) -> Res<Task> {
    with_case(&state, |c| c.add_task(task))
}

#[tauri::command]
#[specta::specta]
pub async fn task_edit(state: State<'_, AppState>, id: String, task: TaskInput) -> Res<Task> {
    with_case(&state, |c| c.edit_task(&id, task))
}

#[tauri::command]
#[specta::specta]
pub async fn task_set_status(
    state: State<'_, AppState>,
    id: String,
    status: TaskStatus,
    reason: Option<String>,
) -> Res<Task> {
    with_case(&state, |c| {
        c.set_task_status(&id, status, reason.as_deref())
    })
}

#[tauri::command]
#[specta::specta]
pub async fn task_whats_next(state: State<'_, AppState>) -> Res<WhatsNext> {
    with_case(&state, |c| c.whats_next())
}

#[tauri::command]
#[specta::specta]
pub async fn playbook_apply(state: State<'_, AppState>) -> Res<PlaybookApplied> {
    with_case(&state, |c| c.apply_playbook())
}

#[tauri::command]
#[specta::specta]
pub async fn playbook_shipped() -> Res<Playbook> {
    Ok(casebook::task::shipped_playbook().clone())
}

//! The search box (Ctrl+K): one query over the whole case.

use super::{with_case, Res};
use crate::AppState;
use casebook::search::{SearchResults, PER_KIND};
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn search(state: State<'_, AppState>, query: String) -> Res<SearchResults> {
    with_case(&state, |c| c.search(&query, PER_KIND))
}

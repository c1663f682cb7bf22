//! Any table the app shows, exported as CSV; `table.dest` is a save token.

use super::{with_case, Res};
use crate::paths::Use;
use crate::AppState;
use casebook::tables::TableExport;
use tauri::State;

#[tauri::command]
#[specta::specta]
pub async fn table_export(state: State<'_, AppState>, mut table: TableExport) -> Res<u32> {
    table.dest = state.chosen.field(&table.dest, Use::Write)?;
    with_case(&state, |c| c.export_table(&table))
}

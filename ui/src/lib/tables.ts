// Every table's "Export CSV…" and "Copy": the cells as the table shows them. Copy puts
// tab-separated text on the clipboard (what spreadsheets paste into cells); export hands the
// same cells to the core, whose CSV writer makes them formula-safe and audits the file.
import { call, commands } from './api';
import type { Table } from './bindings';
import { pickSaveCsv } from './pick';

export type { Table };

export interface TableData {
  columns: string[];
  rows: string[][];
}

// A tab or line break inside a cell would split it on paste; a space keeps the cell whole.
const cell = (s: string) => s.replace(/[\t\r\n]+/g, ' ');

/** The table as tab-separated lines, header first. */
export function toTsv({ columns, rows }: TableData): string {
  return [columns, ...rows].map((r) => r.map(cell).join('\t')).join('\n') + '\n';
}

/** Copies the table; says how many rows, or why it could not. */
export async function copyTable(data: TableData): Promise<{ notice: string } | { error: string }> {
  try {
    await navigator.clipboard.writeText(toTsv(data));
    return { notice: `${data.rows.length} row${data.rows.length === 1 ? '' : 's'} copied; paste into a spreadsheet.` };
  } catch {
    return { error: 'Could not reach the clipboard; use Export CSV… instead.' };
  }
}

/** Asks where to save and writes the CSV; null when the user backs out. */
export async function exportTable(table: Table, suggestedName: string, data: TableData): Promise<{ notice: string } | null> {
  const dest = await pickSaveCsv('Export CSV', suggestedName);
  if (!dest) return null;
  const n = await call(commands.tableExport({ table, columns: data.columns, rows: data.rows, dest: dest.token }));
  return { notice: `${n} row${n === 1 ? '' : 's'} exported to ${dest.name}.` };
}

// The native open and save dialogs: they only return paths; the core reads and writes them.
import { open, save } from '@tauri-apps/plugin-dialog';

export async function pick(options: { title: string; directory: boolean; multiple: boolean }): Promise<string[]> {
  const chosen = await open(options);
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

/** Where to write a CSV the core produces; null when the user backs out. */
export async function pickSaveCsv(title: string, defaultName: string): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name: 'CSV', extensions: ['csv'] }] });
}

/** A PDF to read (a packet copy to check against the packet list); null when the user backs out. */
export async function pickOpenPdf(title: string): Promise<string | null> {
  const chosen = await open({ title, directory: false, multiple: false, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
  return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
}

/** Where to write a PDF the core produces; null when the user backs out. */
export async function pickSavePdf(title: string, defaultName: string): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name: 'PDF', extensions: ['pdf'] }] });
}

/** Where to write a file of one kind (`Word (DOCX)`, `docx`); null when the user backs out. */
export async function pickSaveAs(title: string, defaultName: string, kind: { name: string; ext: string }): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: [{ name: kind.name, extensions: [kind.ext] }] });
}

const BUNDLE = [{ name: 'Casebook bundle', extensions: ['cbx'] }];

/** Where to write a sealed case bundle; null when the user backs out. */
export async function pickSaveBundle(title: string, defaultName: string): Promise<string | null> {
  return save({ title, defaultPath: defaultName, filters: BUNDLE });
}

/** A sealed case bundle to open; null when the user backs out. */
export async function pickOpenBundle(title: string): Promise<string | null> {
  const chosen = await open({ title, directory: false, multiple: false, filters: BUNDLE });
  return Array.isArray(chosen) ? (chosen[0] ?? null) : chosen;
}

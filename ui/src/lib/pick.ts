// The native open and save dialogs run in the shell, not here: what comes back is a token for
// the chosen file or folder (and its name to show), which the commands take instead of a path.
// The webview never holds a path it could hand to the core.
import { call, commands } from './api';
import type { Chosen, FileFilter } from './bindings';

export type { Chosen };

/** Files (or folders) to read; empty when the user backs out. */
export async function pickOpen(
  title: string,
  options: { directory?: boolean; multiple?: boolean; filters?: FileFilter[] } = {},
): Promise<Chosen[]> {
  return call(commands.pickOpen(title, options.filters ?? [], options.directory ?? false, options.multiple ?? false));
}

/** One file or folder to read; null when the user backs out. */
export async function pickOne(title: string, options: { directory?: boolean; filters?: FileFilter[] } = {}): Promise<Chosen | null> {
  const [chosen] = await pickOpen(title, { ...options, multiple: false });
  return chosen ?? null;
}

/** A folder to write new files into; null when the user backs out. */
export async function pickFolder(title: string): Promise<Chosen | null> {
  return call(commands.pickFolder(title));
}

/** Where to write a file of one kind (`Word (DOCX)`, `docx`); null when the user backs out, or
 * when the name needed the extension added and the user would rather not replace that file. */
export async function pickSaveAs(title: string, suggestedName: string, kind: { name: string; ext: string }): Promise<Chosen | null> {
  const choice = await call(commands.pickSave(title, suggestedName, { name: kind.name, extensions: [kind.ext] }));
  if (!choice) return null;
  if (choice.replaces && !confirm(`${choice.chosen.name} already exists in ${choice.chosen.folder}. Replace it?`)) return null;
  return choice.chosen;
}

/** Where to write a CSV the core produces; null when the user backs out. */
export const pickSaveCsv = (title: string, suggestedName: string) => pickSaveAs(title, suggestedName, { name: 'CSV', ext: 'csv' });

/** Where to write a PDF the core produces; null when the user backs out. */
export const pickSavePdf = (title: string, suggestedName: string) => pickSaveAs(title, suggestedName, { name: 'PDF', ext: 'pdf' });

/** A PDF to read (a packet copy to check against the packet list); null when the user backs out. */
export const pickOpenPdf = (title: string) => pickOne(title, { filters: [{ name: 'PDF', extensions: ['pdf'] }] });

/** Where the chosen file is, for the user's orientation. */
export const shown = (c: Chosen) => (c.folder ? `${c.folder}/${c.name}` : c.name);

const BUNDLE = [{ name: 'Casebook bundle', extensions: ['cbx'] }];

/** Where to write a sealed case bundle; null when the user backs out. */
export const pickSaveBundle = (title: string, suggestedName: string) => pickSaveAs(title, suggestedName, { name: 'Casebook bundle', ext: 'cbx' });

/** A sealed case bundle to open; null when the user backs out. */
export const pickOpenBundle = (title: string) => pickOne(title, { filters: BUNDLE });

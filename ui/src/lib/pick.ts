// The native open dialog: it only returns paths; the core reads them.
import { open } from '@tauri-apps/plugin-dialog';

export async function pick(options: { title: string; directory: boolean; multiple: boolean }): Promise<string[]> {
  const chosen = await open(options);
  if (chosen === null) return [];
  return Array.isArray(chosen) ? chosen : [chosen];
}

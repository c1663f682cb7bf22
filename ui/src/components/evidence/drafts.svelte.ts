// What the evidence forms hold while they are filled in, kept by the view so that closing a
// form and opening it again (or dropping more files on the window) keeps what was typed.
import type { EvidenceCategory, ExportRequest, IntakeRequest } from '../../lib/bindings';
import { localZone } from '../../lib/format';
import type { Chosen } from '../../lib/pick';

export class IntakeDraft {
  /** The files and folders chosen or dropped: the shell's tokens, with their names to show. */
  files = $state<Chosen[]>([]);
  description = $state('');
  category = $state<EvidenceCategory | ''>('');
  source = $state('');
  method = $state('');
  acquiredAt = $state('');
  acquiredTz = $state(localZone());
  inPlace = $state(false);

  /** Adds files (picked or dropped) after those already listed, each once (by where it is). */
  addFiles(more: Chosen[]): void {
    const where = (c: Chosen) => `${c.folder}/${c.name}`;
    const listed = new Set(this.files.map(where));
    this.files = [...this.files, ...more.filter((c) => !listed.has(where(c)) && listed.add(where(c)))];
  }

  remove(file: Chosen): void {
    this.files = this.files.filter((c) => c !== file);
  }

  /** The intake to ask for, or null when no file is chosen. An empty field is left to the
   * core's default, and a zone only goes with a time. */
  request(): IntakeRequest | null {
    if (!this.files.length) return null;
    return {
      paths: this.files.map((c) => c.token),
      description: this.description || null,
      category: this.category || null,
      source: this.source || null,
      acquisition_method: this.method || null,
      acquired_at: this.acquiredAt || null,
      acquired_tz: this.acquiredAt ? this.acquiredTz : null,
      in_place: this.inPlace,
    };
  }

  /** After an intake: the next one starts from no files, keeping the category and zone. */
  clear(): void {
    this.files = [];
    this.description = this.source = this.method = this.acquiredAt = '';
    this.inPlace = false;
  }
}

export class HandoverDraft {
  /** The folder chosen to export into: the shell's token, with its name to show. */
  destination = $state<Chosen | null>(null);
  recipient = $state('');
  purpose = $state('');

  request(ids: string[]): ExportRequest {
    return { ids, destination: this.destination?.token ?? '', recipient: this.recipient, purpose: this.purpose };
  }
}

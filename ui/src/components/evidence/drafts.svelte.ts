// What the evidence forms hold while they are filled in, kept by the view so that closing a
// form and opening it again (or dropping more files on the window) keeps what was typed.
import type { EvidenceCategory, ExportRequest, IntakeRequest } from '../../lib/bindings';
import { localZone } from '../../lib/format';

export class IntakeDraft {
  /** One path per line. */
  paths = $state('');
  description = $state('');
  category = $state<EvidenceCategory | ''>('');
  source = $state('');
  method = $state('');
  acquiredAt = $state('');
  acquiredTz = $state(localZone());
  inPlace = $state(false);

  /** Adds paths (picked or dropped) after those already listed, each once. */
  addPaths(more: string[]): void {
    if (more.length) this.paths = [...new Set([...this.paths.split('\n').filter(Boolean), ...more])].join('\n');
  }

  /** The intake to ask for, or null when no path is given. An empty field is left to the
   * core's default, and a zone only goes with a time. */
  request(): IntakeRequest | null {
    const paths = this.paths
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
    if (!paths.length) return null;
    return {
      paths,
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
    this.paths = this.description = this.source = this.method = this.acquiredAt = '';
    this.inPlace = false;
  }
}

export class HandoverDraft {
  destination = $state('');
  recipient = $state('');
  purpose = $state('');

  request(ids: string[]): ExportRequest {
    return { ids, destination: this.destination, recipient: this.recipient, purpose: this.purpose };
  }
}

// Small pieces the packet views share: how a packet's options read in a list, the default
// file name, and turning the preview's base64 back into bytes.
import type { PacketOptions, Vocabularies } from './bindings';
import { labelOf } from './format';

/** The vocabularies a packet's options are worded with. */
export type PacketTerms = Pick<Vocabularies, 'section' | 'redaction'>;

/** `IR-2019-04-packet.pdf`: the case reference made safe for a file name. */
export function defaultPacketName(reference: string): string {
  const safe = reference
    .trim()
    .replace(/[\\/:*?"<>|\s]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${safe || 'case'}-packet.pdf`;
}

/** What a packet contained, in a line: its sections, redaction and marking. */
export function optionsSummary(o: PacketOptions, terms: PacketTerms): { sections: string; redaction: string; marking: string } {
  const all = terms.section.every((t) => o.sections.includes(t.code));
  return {
    sections: all
      ? `All ${o.sections.length} sections`
      : o.sections.length
        ? o.sections.map((s) => labelOf(terms.section, s)).join('; ')
        : 'No optional sections',
    redaction: labelOf(terms.redaction, o.redaction),
    marking: o.marking === null ? 'Public version (no marking)' : 'Privilege marking on every page',
  };
}

export function fromBase64(b64: string): Uint8Array {
  const text = atob(b64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

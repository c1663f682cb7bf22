// The Statements view's logic, apart from its markup: the list grouped by release set, the
// preview split into text and marked figures, token completion, the lint panel's order and
// the caret position of a line, and the moves a state allows.
import type { Finding, Rendered, StatementListing, StatementState } from '../../lib/bindings';

export const NO_SET = 'Not in a release set';

export type ReleaseGroup = { name: string; rows: StatementListing[] };

/** Statements by release set, sets by name, the ones without a set last; ids in order within. */
export function byReleaseSet(rows: StatementListing[]): ReleaseGroup[] {
  const sets = new Map<string, StatementListing[]>();
  for (const r of rows) {
    const name = r.statement.release_set.trim();
    sets.set(name, [...(sets.get(name) ?? []), r]);
  }
  return [...sets.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([name, rs]) => ({ name: name || NO_SET, rows: rs.sort((x, y) => x.statement.id.localeCompare(y.statement.id)) }));
}

/** "people: 3 → 5; state:CA: 1 → 2", or empty when the newest snapshot changes nothing. */
export function staleLine(r: StatementListing): string {
  return r.stale ? r.changes.join('; ') : '';
}

/** A piece of the preview: plain text, a resolved figure, or a token that did not resolve. */
export type Piece =
  | { kind: 'text'; text: string }
  | { kind: 'figure'; text: string; token: string }
  | { kind: 'problem'; text: string; message: string };

const TOKEN = /\{\{.*?(\}\}|$)/g;

/**
 * The body line by line, each token replaced by what it printed (marked, with the token
 * behind it) or kept as written when it did not resolve. The core resolves; this only pairs
 * each token on a line with the core's figures and problems for that line, in order.
 */
export function previewLines(body: string, rendered: Rendered): Piece[][] {
  return body.split('\n').map((line, i) => {
    const n = i + 1;
    const figures = rendered.figures.filter((f) => f.line === n);
    const problems = rendered.problems.filter((p) => p.line === n);
    const pieces: Piece[] = [];
    let at = 0;
    for (const m of line.matchAll(TOKEN)) {
      const written = m[0];
      const start = m.index ?? 0;
      if (start > at) pieces.push({ kind: 'text', text: line.slice(at, start) });
      if (figures[0]?.token === written) {
        pieces.push({ kind: 'figure', text: figures.shift()!.value, token: written });
      } else if (problems[0]?.token === written) {
        pieces.push({ kind: 'problem', text: written, message: problems.shift()!.message });
      } else {
        pieces.push({ kind: 'text', text: written });
      }
      at = start + written.length;
    }
    if (at < line.length || !pieces.length) pieces.push({ kind: 'text', text: line.slice(at) });
    return pieces;
  });
}

/** The token forms the editor offers after `{{`, each with what it prints. */
export const TOKEN_FORMS: { token: string; says: string }[] = [
  { token: '{{people}}', says: 'people affected, exact' },
  { token: '{{people|approx:1000}}', says: '“approximately 68,000”' },
  { token: '{{people|round:1000}}', says: 'people, rounded' },
  { token: '{{records}}', says: 'records affected' },
  { token: '{{minors}}', says: 'minors affected' },
  { token: '{{state:CA}}', says: 'people in a US state' },
  { token: '{{country:GB}}', says: 'people in a country' },
  { token: '{{province:ON}}', says: 'people in a province' },
  { token: '{{element:phone}}', says: 'people whose data element was exposed' },
  { token: '{{harm:reports}}', says: 'harm reports recorded' },
  { token: '{{date:discovery}}', says: 'a key date' },
  { token: '{{elements}}', says: 'the exposed data elements, in words' },
  { token: '{{date_range}}', says: 'when the breach ran' },
  { token: '{{le_delay}}', says: 'whether law enforcement delayed notice' },
];

/** Where the token being typed starts (its `{{`) and what follows it, or null when the
 * caret is not inside an open token. */
export function openToken(text: string, caret: number): { start: number; typed: string } | null {
  const m = /\{\{([^{}\s]*)$/.exec(text.slice(0, caret));
  return m ? { start: m.index, typed: m[1] } : null;
}

/** The forms that start with what was typed after `{{`. */
export function completions(typed: string): { token: string; says: string }[] {
  return TOKEN_FORMS.filter((f) => f.token.slice(2).startsWith(typed));
}

/** The text with the open token replaced by `token`, and the caret just after it. */
export function insertToken(text: string, caret: number, token: string): { text: string; caret: number } {
  const open = openToken(text, caret);
  const start = open ? open.start : caret;
  // A closing `}}` already typed after the caret belongs to the token being replaced.
  const rest = text.slice(caret).replace(/^[^{}\s]*\}\}/, '');
  return { text: text.slice(0, start) + token + rest, caret: start + token.length };
}

/** The offset of the start of 1-based `line` in `text` (its end when the text is shorter). */
export function lineStart(text: string, line: number): number {
  let at = 0;
  for (let n = 1; n < line; n++) {
    const next = text.indexOf('\n', at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  return at;
}

/** What blocks first, then what warns, each by line (findings about the whole last). */
export function lintOrder(findings: Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'blocks' ? 0 : 1);
  return [...findings].sort((a, b) => rank(a) - rank(b) || (a.line ?? Infinity) - (b.line ?? Infinity));
}

export type Move = { to: StatementState; label: string; needsComment: boolean; confirm: boolean };

/** The moves a user makes with a button from `state`; approval goes through the approvers
 * and superseding through publishing a newer version, so neither is here. */
export function movesFrom(state: StatementState): Move[] {
  const review: Move = { to: 'in_review', label: 'Send for review', needsComment: false, confirm: false };
  const changes: Move = { to: 'changes_requested', label: 'Request changes', needsComment: true, confirm: false };
  const publish: Move = { to: 'published', label: 'Publish', needsComment: false, confirm: false };
  const withdraw: Move = { to: 'withdrawn', label: 'Withdraw', needsComment: false, confirm: true };
  switch (state) {
    case 'draft':
    case 'changes_requested':
      return [review, withdraw];
    case 'in_review':
      return [changes, withdraw];
    case 'approved':
      return [publish, withdraw];
    case 'published':
      return [withdraw];
    default:
      return [];
  }
}

/** `ST-0001-v2.pdf`: an export's default file name. */
export function exportName(id: string, version: number, ext: string): string {
  return `${id}-v${version}.${ext}`;
}

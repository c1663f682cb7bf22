// A line diff (referral notes, statement versions) as people read it: each changed line signed
// for readers without colour, long unchanged runs folded to a count.
import type { DiffLine } from './bindings';

export type SignedLine = { sign: '+' | '−' | ' '; kind: DiffLine['change']; text: string };
/** A line of a diff as shown: signed, or a run of unchanged lines left out. */
export type DiffRow = SignedLine | { kind: 'skip'; count: number };

/** A diff's line with the sign a reader without colour relies on: + added, − removed. */
function signed(l: DiffLine): SignedLine {
  return { sign: l.change === 'added' ? '+' : l.change === 'removed' ? '−' : ' ', kind: l.change, text: l.text };
}

/**
 * The changed lines with `context` unchanged lines either side, each longer run of unchanged
 * lines left out as a count: a one-line edit in long notes reads as one line, not a page.
 * `context` null keeps every line.
 */
export function diffRows(lines: DiffLine[], context: number | null = 2): DiffRow[] {
  if (context === null) return lines.map(signed);
  const keep = lines.map(() => false);
  lines.forEach((l, i) => {
    if (l.change === 'same') return;
    for (let j = Math.max(0, i - context); j <= Math.min(lines.length - 1, i + context); j++) keep[j] = true;
  });
  const rows: DiffRow[] = [];
  let skipped = 0;
  lines.forEach((l, i) => {
    if (!keep[i]) {
      skipped++;
      return;
    }
    if (skipped) rows.push({ kind: 'skip', count: skipped });
    skipped = 0;
    rows.push(signed(l));
  });
  if (skipped) rows.push({ kind: 'skip', count: skipped });
  return rows;
}

/** "2 lines added, 1 removed" or "no change". */
export function diffSummary(lines: DiffLine[]): string {
  const added = lines.filter((l) => l.change === 'added').length;
  const removed = lines.filter((l) => l.change === 'removed').length;
  if (!added && !removed) return 'No change between these versions.';
  const line = (n: number) => `${n} line${n === 1 ? '' : 's'}`;
  return `${line(added)} added, ${line(removed)} removed.`;
}

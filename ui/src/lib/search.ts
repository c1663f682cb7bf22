// The search box's pieces that need no rendering: where each kind of hit opens, the hits in
// the order the arrows walk them, and what a key does.
import type { SearchHit, SearchKind, SearchResults } from './bindings';
import type { View } from './session.svelte';

/** The view each kind opens in. Custody notes open their evidence item. */
export const VIEW_OF: Record<SearchKind, View> = {
  event: 'timeline',
  evidence: 'evidence',
  custody: 'evidence',
  person: 'people',
  referral_notes: 'referrals',
  statement: 'statements',
  task: 'tasks',
  audit: 'activity',
};

/** Every hit, group after group: the order ↑ and ↓ walk. */
export function flatHits(results: SearchResults | null): SearchHit[] {
  return results ? results.groups.flatMap((g) => g.hits) : [];
}

export type KeyAction = { move: number } | { open: number } | 'close' | null;

/** What `key` does with `count` hits and `active` the highlighted one: arrows move (wrapping
 * round), Enter opens the highlighted hit, Escape closes. Other keys (Home, End, letters)
 * stay the input's. */
export function searchKey(key: string, active: number, count: number): KeyAction {
  switch (key) {
    case 'Escape':
      return 'close';
    case 'ArrowDown':
      return count ? { move: (active + 1) % count } : null;
    case 'ArrowUp':
      return count ? { move: (active - 1 + count) % count } : null;
    case 'Enter':
      return count ? { open: Math.min(Math.max(active, 0), count - 1) } : null;
    default:
      return null;
  }
}

// The People table's state, built for a million rows: the core pages and filters, the view
// draws only the rows on screen. The scroll area is as tall as all the rows would be (capped,
// see MAX_PX), pages of 100 are fetched for the visible window plus a page either side, kept in
// a bounded cache, and answers that arrive after the list was reset are dropped. The
// component owns the markup and hands over its scroll element; everything here can be driven
// without one.
import { SvelteMap } from 'svelte/reactivity';
import type { PeoplePage, PersonRow } from '../../lib/bindings';

export const ROW = 32;
export const PAGE = 100;
/** Pages kept beyond the window before the farthest are dropped. */
const CACHE_PAGES = 40;
/** Browsers stop laying out elements somewhere past 16–33 M px; beyond this height the
 * scroll position maps to rows proportionally instead of 1 px to 1 px. */
export const MAX_PX = 8_000_000;
/** Until the scroller is measured (or where nothing is laid out, as in unit tests). */
const FALLBACK_VIEWPORT = 600;

/** What the table needs of its scroll element. */
export type Scroller = { scrollTop: number; clientHeight: number };

export class PeopleTable {
  /** The rows matching the filter; null until the first page answers. */
  total = $state<number | null>(null);
  readonly pages = new SvelteMap<number, PersonRow[]>();
  // Pages asked for and not yet answered in the current epoch; not state, only bookkeeping.
  #pending = new Set<number>();
  /** Bumped whenever what the pages hold changes; an answer from an older epoch is stale. */
  #epoch = $state(0);

  scroller = $state.raw<Scroller | undefined>();
  scrollTop = $state(0);
  /** Height of the rows' part of the scroller, below the sticky header. */
  viewport = $state(FALLBACK_VIEWPORT);
  /** The row the keyboard is on. */
  active = $state<number | null>(null);
  /** The person shown beside the table. */
  selected = $state<PersonRow | null>(null);

  constructor(
    private readonly load: (offset: number, limit: number) => Promise<PeoplePage>,
    private readonly fail: (error: unknown) => void,
  ) {}

  // Geometry. topRow is the (fractional) row at the top of the viewport.
  readonly n = $derived(this.total ?? 0);
  readonly contentH = $derived(this.n * ROW);
  readonly scrollH = $derived(Math.min(this.contentH, MAX_PX));
  readonly maxScroll = $derived(Math.max(0, this.scrollH - this.viewport));
  readonly topRow = $derived(
    this.maxScroll > 0 ? ((Math.min(this.scrollTop, this.maxScroll) / this.maxScroll) * (this.contentH - this.viewport)) / ROW : 0,
  );
  readonly perScreen = $derived(Math.max(1, Math.floor(this.viewport / ROW)));
  readonly firstVisible = $derived(Math.floor(this.topRow));
  readonly lastVisible = $derived(Math.min(this.n - 1, Math.ceil(this.topRow + this.viewport / ROW) - 1));
  /** Where row `pos` sits in the scroll area: exactly pos × ROW until the height is capped. */
  readonly shift = $derived(Math.min(this.scrollTop, this.maxScroll) - this.topRow * ROW);

  /** First and last page the window needs: the visible rows plus a page either side. */
  readonly wanted = $derived.by((): [number, number] => {
    if (this.total === null) return [0, 0];
    if (this.total === 0) return [0, -1];
    const from = Math.max(0, this.firstVisible - PAGE);
    const to = Math.min(this.total - 1, this.lastVisible + PAGE);
    return [Math.floor(from / PAGE), Math.floor(to / PAGE)];
  });

  /** The rows drawn: those on screen and a few beyond, so a fast wheel shows no gap. */
  readonly drawn = $derived.by(() => {
    const out: { pos: number; row: PersonRow | undefined }[] = [];
    const from = Math.max(0, this.firstVisible - 4);
    const to = Math.min(this.n - 1, this.lastVisible + 4);
    for (let pos = from; pos <= to; pos++) out.push({ pos, row: this.rowAt(pos) });
    return out;
  });

  rowAt(pos: number): PersonRow | undefined {
    return this.pages.get(Math.floor(pos / PAGE))?.[pos % PAGE];
  }

  /** Forgets every page. A new list (`toTop`) also forgets its length and the place in it;
   * otherwise the same list is reloaded where it stands. */
  reset(toTop: boolean): void {
    this.#epoch++;
    this.pages.clear();
    this.#pending = new Set();
    if (toTop) {
      this.total = null;
      this.active = null;
      this.scrollTop = 0;
      if (this.scroller) this.scroller.scrollTop = 0;
    }
  }

  /** Asks for every page the window needs that is neither held nor on its way. Run in an
   * effect, it runs again whenever the window moves or the list is reset. */
  fill(): void {
    const [from, to] = this.wanted;
    const e = this.#epoch;
    for (let p = from; p <= to; p++) {
      if (!this.pages.has(p) && !this.#pending.has(p)) this.#fetch(p, e);
    }
  }

  async #fetch(p: number, e: number): Promise<void> {
    this.#pending.add(p);
    try {
      const page = await this.load(p * PAGE, PAGE);
      if (e !== this.#epoch) return;
      this.total = page.total;
      this.pages.set(p, page.rows);
      this.#evict();
    } catch (err) {
      if (e === this.#epoch) this.fail(err);
    } finally {
      if (e === this.#epoch) this.#pending.delete(p);
    }
  }

  #evict(): void {
    if (this.pages.size <= CACHE_PAGES) return;
    const [from, to] = this.wanted;
    const far = [...this.pages.keys()]
      .map((p) => ({ p, d: p < from ? from - p : p > to ? p - to : 0 }))
      .filter((x) => x.d > 0)
      .sort((a, b) => b.d - a.d);
    for (const { p } of far.slice(0, this.pages.size - CACHE_PAGES)) this.pages.delete(p);
  }

  measure(): void {
    // The sticky header covers the top of the scroll area; rows show below it.
    const h = this.scroller?.clientHeight ?? 0;
    this.viewport = h > ROW ? h - ROW : FALLBACK_VIEWPORT;
  }

  /** The scroller moved. */
  scrolled(): void {
    this.scrollTop = this.scroller?.scrollTop ?? 0;
  }

  /** Scrolls so row `pos` is at the top of the viewport. */
  scrollToRow(pos: number): void {
    const target = this.contentH > this.viewport ? ((pos * ROW) / (this.contentH - this.viewport)) * this.maxScroll : 0;
    const clamped = Math.max(0, Math.min(this.maxScroll, target));
    if (this.scroller) this.scroller.scrollTop = clamped;
    this.scrollTop = clamped;
  }

  /** Puts the keyboard on row `pos` (clamped to the list), scrolling it into view. */
  moveTo(pos: number): void {
    if (!this.n) return;
    const p = Math.max(0, Math.min(this.n - 1, pos));
    this.active = p;
    // Only rows wholly on screen count as visible; anything else scrolls into view.
    const top = Math.ceil(this.topRow);
    const bottom = Math.floor(this.topRow + this.viewport / ROW) - 1;
    if (p < top) this.scrollToRow(p);
    else if (p > bottom) this.scrollToRow(p - this.perScreen + 1);
  }

  /** Shows the person on row `pos`, once their page is here. */
  open(pos: number): void {
    this.active = pos;
    const row = this.rowAt(pos);
    if (row) this.selected = row;
  }

  /** The grid's keys: arrows, Page Up/Down, Home and End move, Enter opens. Returns whether
   * the key was the table's. */
  key(key: string): boolean {
    const at = this.active ?? -1;
    const moves: Record<string, number> = {
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      PageDown: at + this.perScreen,
      PageUp: at - this.perScreen,
      Home: 0,
      End: this.n - 1,
    };
    if (key in moves) {
      this.moveTo(moves[key]);
      return true;
    }
    if (key === 'Enter' && this.active !== null) {
      this.open(this.active);
      return true;
    }
    return false;
  }
}

import { describe, expect, it } from 'vitest';
import { noPeopleFilter, peopleQuery } from '../src/lib/people';
import { MAX_PX, PAGE, PeopleTable, ROW, type Scroller } from '../src/components/people/table.svelte';
import type { PeoplePage, PersonRow } from '../src/lib/bindings';

describe('the People filter as a query', () => {
  it('asks for everyone when nothing is chosen', () => {
    expect(peopleQuery(noPeopleFilter(), 0, 1)).toEqual({
      search: null,
      country: null,
      region: null,
      element: null,
      status: null,
      minors_only: false,
      segment: null,
      offset: 0,
      limit: 1,
    });
  });

  it('passes every chosen field, and a field of spaces as none', () => {
    const filter = { search: 'ana', country: 'US', region: ' TX ', element: 'email', status: 'sent', segment: 'retail', minors_only: true };
    expect(peopleQuery(filter, 200, 100)).toEqual({ ...filter, region: 'TX', offset: 200, limit: 100 });
    expect(peopleQuery({ ...noPeopleFilter(), region: '   ' }, 0, 100).region).toBeNull();
  });
});

function person(pos: number): PersonRow {
  return {
    pos,
    id: `P-${pos}`,
    name: `Person ${pos}`,
    email: '',
    phone: '',
    country: '',
    region: '',
    segment: '',
    minor: false,
    elements: [],
    records: 1,
    notice_status: 'pending',
    notice_at: '',
    notice_channel: '',
  };
}

/** A table over `total` people whose pages answer when the test says so. */
function tableOf(total: number) {
  const asked: number[] = [];
  const waiting: (() => void)[] = [];
  const failures: unknown[] = [];
  const table = new PeopleTable(
    (offset, limit) => {
      asked.push(offset);
      return new Promise<PeoplePage>((resolve) => {
        const rows: PersonRow[] = [];
        for (let pos = offset; pos < Math.min(total, offset + limit); pos++) rows.push(person(pos));
        waiting.push(() => resolve({ total, offset, rows }));
      });
    },
    (e) => failures.push(e),
  );
  const scroller: Scroller = { scrollTop: 0, clientHeight: 20 * ROW + ROW };
  table.scroller = scroller;
  table.measure();
  /** Answers every page asked for so far, then asks for what the window needs now. */
  async function answer() {
    for (const done of waiting.splice(0)) done();
    await new Promise((r) => setTimeout(r));
    table.fill();
  }
  return { table, scroller, asked, answer, failures };
}

describe('the People table controller', () => {
  it('asks for the pages around the window only, at the top and at the bottom of a million', async () => {
    const { table, scroller, asked, answer } = tableOf(1_000_000);
    table.fill();
    expect(asked, 'the first page tells how many there are').toEqual([0]);
    await answer();
    expect(asked, 'then the page below the window').toEqual([0, 100]);
    expect(table.total).toBe(1_000_000);
    expect(table.scrollH, 'the scroll area is capped').toBe(MAX_PX);
    expect(table.drawn[0].row?.name).toBe('Person 0');
    expect(table.drawn.length, 'only the rows on screen and a few beyond').toBeLessThan(30);

    scroller.scrollTop = MAX_PX;
    table.scrolled();
    table.fill();
    expect(asked).toEqual([0, 100, 999_800, 999_900]);
    await answer();
    expect(table.drawn.at(-1)?.row?.name).toBe('Person 999999');
  });

  it('keeps a bounded cache of pages, dropping the farthest', async () => {
    const { table, scroller, answer } = tableOf(1_000_000);
    table.fill();
    await answer();
    for (let row = 0; row < 60 * PAGE; row += PAGE) {
      table.scrollToRow(row);
      table.fill();
      await answer();
    }
    expect(table.pages.size).toBeLessThanOrEqual(40);
    expect(table.pages.has(0), 'the first page, now far above, is gone').toBe(false);
    expect(table.pages.has(59), 'the page on screen stays').toBe(true);
    expect(scroller.scrollTop, 'the scroller follows').toBe(table.scrollTop);
  });

  it('drops an answer that arrives after the list was reset', async () => {
    const { table, asked, answer } = tableOf(500);
    table.fill();
    table.reset(true);
    await answer();
    expect(table.total, 'the late answer is ignored').toBeNull();
    expect(table.pages.size).toBe(0);
    expect(asked, 'the new list asks again from the top').toEqual([0, 0]);
  });

  it('reports a failed page unless the list was reset meanwhile', async () => {
    const fail = (failures: unknown[]) =>
      new PeopleTable(
        () => Promise.reject(new Error('locked')),
        (e) => failures.push(e),
      );
    const reported: unknown[] = [];
    const table = fail(reported);
    table.fill();
    await new Promise((r) => setTimeout(r));
    expect(reported).toHaveLength(1);

    const ignored: unknown[] = [];
    const reset = fail(ignored);
    reset.fill();
    reset.reset(true);
    await new Promise((r) => setTimeout(r));
    expect(ignored).toHaveLength(0);
  });

  it('moves with the keys, scrolling the row into view, and opens it with Enter', async () => {
    const { table, scroller, answer } = tableOf(1000);
    table.fill();
    await answer();
    expect(table.key('ArrowDown')).toBe(true);
    expect(table.active).toBe(0);
    expect(table.key('PageDown')).toBe(true);
    expect(table.active, 'a screen is twenty rows').toBe(20);
    expect(scroller.scrollTop, 'the row below the window scrolled up into its last line').toBe(ROW);
    table.key('End');
    expect(table.active).toBe(999);
    expect(table.scrollTop).toBe(table.maxScroll);
    table.key('Home');
    expect(table.scrollTop).toBe(0);
    expect(table.key('Enter')).toBe(true);
    expect(table.selected?.id).toBe('P-0');
    expect(table.key('a'), 'other keys are left alone').toBe(false);
  });

  it('starts a new list at its top, and reloads the same list where it stands', async () => {
    const { table, answer } = tableOf(1000);
    table.fill();
    await answer();
    table.moveTo(500);
    table.reset(false);
    expect(table.active, 'a reload keeps the place').toBe(500);
    expect(table.total).toBe(1000);
    table.reset(true);
    expect(table.active).toBeNull();
    expect(table.scrollTop).toBe(0);
    expect(table.total).toBeNull();
  });
});

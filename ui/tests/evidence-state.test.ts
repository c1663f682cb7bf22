import { describe, expect, it } from 'vitest';
import { EvidenceList } from '../src/components/evidence/list.svelte';
import { HandoverDraft, IntakeDraft } from '../src/components/evidence/drafts.svelte';
import { chosen } from './backend';
import type { EvidenceItem } from '../src/lib/bindings';

/** An item with the fields the list filters and sorts on; the rest it never reads. */
const item = (id: string, name: string, size: number, extra: Partial<EvidenceItem> = {}) =>
  ({
    id,
    original_name: name,
    description: '',
    category: 'database_extract',
    source: 'DBA',
    size,
    sha256: id.slice(-1).repeat(64),
    status: 'never_verified',
    ...extra,
  }) as EvidenceItem;

describe('the evidence list', () => {
  it('filters by text in any column that names an item, by category and by status, and sorts either way', () => {
    const list = new EvidenceList();
    list.items = [
      item('EV-0001', 'export.csv', 300),
      item('EV-0002', 'badge.log', 20, { category: 'log', status: 'ok' }),
      item('EV-0003', 'notes.txt', 1000, { source: 'Helpdesk' }),
    ];
    const ids = () => list.shown.map((i) => i.id);
    expect(ids()).toEqual(['EV-0001', 'EV-0002', 'EV-0003']);
    list.sortBy('size');
    expect(ids()).toEqual(['EV-0002', 'EV-0001', 'EV-0003']);
    list.sortBy('size');
    expect(ids(), 'the same column again turns the order round').toEqual(['EV-0003', 'EV-0001', 'EV-0002']);
    list.text = ' HELPDESK ';
    expect(ids()).toEqual(['EV-0003']);
    list.text = '2222';
    expect(ids(), 'a piece of the hash finds the item').toEqual(['EV-0002']);
    list.text = '';
    list.category = 'log';
    expect(ids()).toEqual(['EV-0002']);
    list.category = '';
    list.status = 'never_verified';
    expect(ids()).toEqual(['EV-0003', 'EV-0001']);
  });

  it('ticks items for a hand-over and opens one at a time', () => {
    const list = new EvidenceList();
    list.tick('EV-0001', true);
    list.tick('EV-0002', true);
    list.tick('EV-0001', false);
    expect(list.ticked).toEqual(['EV-0002']);
    list.toggle('EV-0001');
    list.toggle('EV-0002');
    expect(list.selected).toBe('EV-0002');
    list.toggle('EV-0002');
    expect(list.selected).toBeNull();
  });
});

describe('the intake draft', () => {
  it('adds picked and dropped files once each and asks for nothing without a file', () => {
    const draft = new IntakeDraft();
    expect(draft.request()).toBeNull();
    draft.addFiles([chosen('/a.csv')]);
    draft.addFiles([chosen('/b.csv'), { ...chosen('/a.csv'), token: 'token:dropped-again' }]);
    expect(draft.files.map((f) => f.name), 'the same file dropped again is listed once').toEqual(['a.csv', 'b.csv']);
    draft.source = 'DBA';
    expect(draft.request(), 'the core gets the tokens, never paths').toEqual({
      paths: ['token:/a.csv', 'token:/b.csv'],
      description: null,
      category: null,
      source: 'DBA',
      acquisition_method: null,
      acquired_at: null,
      acquired_tz: null,
      in_place: false,
    });
  });

  it('sends the zone only with a time, and starts the next intake from no files', () => {
    const draft = new IntakeDraft();
    draft.addFiles([chosen('/a.csv')]);
    draft.acquiredAt = '2019-08-03 10:00';
    draft.acquiredTz = 'Europe/Berlin';
    draft.category = 'log';
    draft.inPlace = true;
    expect(draft.request()).toMatchObject({ acquired_at: '2019-08-03 10:00', acquired_tz: 'Europe/Berlin', category: 'log', in_place: true });
    draft.clear();
    expect([draft.files, draft.acquiredAt, draft.inPlace]).toEqual([[], '', false]);
    expect([draft.category, draft.acquiredTz], 'the category and zone carry over').toEqual(['log', 'Europe/Berlin']);
  });

  it('hands over the ticked items to whom and why', () => {
    const draft = new HandoverDraft();
    draft.destination = chosen('/media/usb');
    draft.recipient = 'Counsel';
    draft.purpose = 'Review';
    expect(draft.request(['EV-0001'])).toEqual({ ids: ['EV-0001'], destination: 'token:/media/usb', recipient: 'Counsel', purpose: 'Review' });
  });
});

// The evidence table's state: the filter, the sort, the items ticked for a hand-over and the
// one opened. Filtering and sorting happen here, not in the core: a case holds hundreds of
// items, not millions.
import type { EvidenceCategory, EvidenceItem, VerificationStatus } from '../../lib/bindings';

export type SortKey = 'id' | 'original_name' | 'category' | 'size' | 'sha256' | 'source' | 'status';

export class EvidenceList {
  items = $state<EvidenceItem[]>([]);
  /** Matched against the id, name, description, custodian and hash. */
  text = $state('');
  category = $state<EvidenceCategory | ''>('');
  status = $state<VerificationStatus | ''>('');
  sortKey = $state<SortKey>('id');
  ascending = $state(true);
  /** Items ticked for a hand-over of several at once. */
  ticked = $state<string[]>([]);
  /** The item whose detail is open. */
  selected = $state<string | null>(null);

  readonly shown = $derived.by(() => {
    const needle = this.text.trim().toLowerCase();
    const rows = this.items.filter(
      (i) =>
        (!this.category || i.category === this.category) &&
        (!this.status || i.status === this.status) &&
        (!needle || [i.id, i.original_name, i.description, i.source, i.sha256].some((v) => v.toLowerCase().includes(needle))),
    );
    const dir = this.ascending ? 1 : -1;
    const key = this.sortKey;
    return rows.sort((a, b) => {
      const x = a[key];
      const y = b[key];
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * dir;
    });
  });

  /** Sorts by `key`, or turns the order round when it already sorts by it. */
  sortBy(key: SortKey): void {
    if (this.sortKey === key) this.ascending = !this.ascending;
    else {
      this.sortKey = key;
      this.ascending = true;
    }
  }

  tick(id: string, on: boolean): void {
    this.ticked = on ? [...this.ticked, id] : this.ticked.filter((t) => t !== id);
  }

  /** Opens the item's detail, or closes it when it is the one open. */
  toggle(id: string): void {
    this.selected = this.selected === id ? null : id;
  }
}

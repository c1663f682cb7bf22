// The import's column mapping as the wizard edits it (field → its columns in join order,
// `['']` for a field not mapped) and its conversions to and from the core's `FieldMap` list.
import type { Field, FieldMap } from '../../lib/bindings';

export type Mapping = Record<Field, string[]>;

/** Every field of the vocabulary, none mapped. */
export function unmapped(fields: readonly { code: Field }[]): Mapping {
  return Object.fromEntries(fields.map((f) => [f.code, ['']])) as Mapping;
}

/** The mapping the core suggested or saved: a field listed several times takes each column
 * in turn. */
export function fromFieldMaps(fields: readonly { code: Field }[], maps: FieldMap[]): Mapping {
  const m = unmapped(fields);
  const seen = new Set<Field>();
  for (const { field, column } of maps) {
    m[field] = seen.has(field) ? [...m[field], column] : [column];
    seen.add(field);
  }
  return m;
}

/** One entry per column, in the vocabulary's field order and each field's join order; empty
 * choices left out. */
export function toFieldMaps(fields: readonly { code: Field }[], mapping: Mapping): FieldMap[] {
  return fields.flatMap((f) => (mapping[f.code] ?? []).filter((c) => c).map((column) => ({ field: f.code, column })));
}

/** The fields that say who a record is about. */
export const identifying: Field[] = ['name', 'email', 'phone'];

/** Whether a record could name anyone: a name, e-mail or phone column is mapped. */
export function namesSomeone(mapping: Mapping): boolean {
  return identifying.some((f) => mapping[f]?.some((c) => c));
}

// An audit entry's before/after JSON as a field-by-field comparison, for people to read what
// a change did. Nested objects and lists are flattened to paths (`acquired.tz`, `links[0].path`)
// so every leaf is one line.

export type FieldChange = {
  field: string;
  /** Absent when the field did not exist before (a creation, or a field added). */
  before: string | null;
  /** Absent when the field no longer exists (a deletion, or a field removed). */
  after: string | null;
  changed: boolean;
};

function parse(json: string | null): unknown {
  if (json === null) return undefined;
  try {
    return JSON.parse(json);
  } catch {
    // Not JSON after all: show the stored text as it is.
    return json;
  }
}

function flatten(value: unknown, path: string, out: Map<string, string>) {
  if (Array.isArray(value)) {
    if (!value.length) out.set(path || 'value', '[]');
    value.forEach((v, i) => flatten(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (!entries.length) out.set(path || 'value', '{}');
    for (const [k, v] of entries) flatten(v, path ? `${path}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(path || 'value', typeof value === 'string' ? value : JSON.stringify(value));
  }
}

/** Every field of either side, in the order they first appear, with whether it changed. */
export function diffJson(before: string | null, after: string | null): FieldChange[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  flatten(parse(before), '', a);
  flatten(parse(after), '', b);
  const fields = [...new Set([...a.keys(), ...b.keys()])];
  return fields.map((field) => {
    const x = a.get(field) ?? null;
    const y = b.get(field) ?? null;
    return { field, before: x, after: y, changed: x !== y };
  });
}

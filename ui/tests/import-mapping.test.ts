import { describe, expect, it } from 'vitest';
import { fromFieldMaps, namesSomeone, toFieldMaps, unmapped } from '../src/components/affected/mapping';
import { detected, pinnedShape } from '../src/lib/shape';
import type { Preview } from '../src/lib/bindings';
import { vocab } from './backend';

const fields = vocab.field;

describe('the import mapping', () => {
  it('starts with every field unmapped', () => {
    expect(unmapped(fields)).toEqual({ name: [''], email: [''], phone: [''], country: [''], region: [''] });
  });

  it('reads a field given several columns in join order, and gives them back the same way', () => {
    const maps = [
      { field: 'email' as const, column: 'Mail' },
      { field: 'name' as const, column: 'First' },
      { field: 'name' as const, column: 'Last' },
    ];
    const mapping = fromFieldMaps(fields, maps);
    expect(mapping.name).toEqual(['First', 'Last']);
    expect(mapping.phone).toEqual(['']);
    expect(toFieldMaps(fields, mapping), 'in the vocabulary order, unmapped fields left out').toEqual([
      { field: 'name', column: 'First' },
      { field: 'name', column: 'Last' },
      { field: 'email', column: 'Mail' },
    ]);
  });

  it('imports only when a column says who a record is about', () => {
    const mapping = unmapped(fields);
    mapping.country = ['Country'];
    expect(namesSomeone(mapping)).toBe(false);
    mapping.phone = ['', 'Tel'];
    expect(namesSomeone(mapping)).toBe(true);
  });

  it('pins the shape the preview read: encoding and delimiter for text, the sheet for a workbook', () => {
    const text: Preview['shape'] = { format: 'delimited', encoding: 'windows-1252', delimiter: ';', sheet: '', sheets: [] };
    const preview = (shape: Preview['shape']) => ({ shape }) as Preview;
    expect(pinnedShape(null)).toEqual(detected);
    expect(pinnedShape(preview(text))).toEqual({ encoding: 'windows-1252', delimiter: ';', sheet: null });
    expect(pinnedShape(preview({ ...text, format: 'xlsx', sheet: 'Q3', sheets: ['Q2', 'Q3'] }))).toEqual({ encoding: null, delimiter: null, sheet: 'Q3' });
  });
});

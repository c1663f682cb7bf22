// How an import reads its file, shared by every import (affected records, harm reports): let
// detection decide, or pin the shape the preview showed so the import reads the file exactly
// that way.
import type { Shape, ShapeOverride } from './bindings';

/** Let detection decide every part of the shape. */
export const detected: ShapeOverride = { encoding: null, delimiter: null, sheet: null };

/** The shape the preview read, to be read again by the import rather than detected anew. */
export function pinnedShape(preview: { shape: Shape } | null): ShapeOverride {
  if (!preview) return detected;
  const s = preview.shape;
  return s.format === 'xlsx' ? { encoding: null, delimiter: null, sheet: s.sheet } : { encoding: s.encoding, delimiter: s.delimiter, sheet: null };
}

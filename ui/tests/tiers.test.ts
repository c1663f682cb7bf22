// The component tiers of src/components/README.md, held by reading the sources: shared
// pieces know no domain, a domain folder uses only itself and shared, only app/ puts domains
// together, and src/lib/ never reaches up into the components.
import { describe, expect, it } from 'vitest';

const sources: Record<string, string> = import.meta.glob(['../src/components/**/*.svelte', '../src/components/**/*.ts', '../src/lib/*.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** `from` resolved against the file importing it, as a path under src/. */
function resolve(file: string, from: string): string {
  const parts = file.split('/').slice(0, -1);
  for (const step of from.split('/')) {
    if (step === '..') parts.pop();
    else if (step !== '.') parts.push(step);
  }
  return parts.join('/').replace(/^\.\.\/src\//, '');
}

/** Every relative module a file imports, statically or lazily, as paths under src/. */
function imports(file: string): string[] {
  const found = [...sources[file].matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]);
  return found.map((from) => resolve(file, from));
}

const folderOf = (path: string) => path.match(/^components\/([^/]+)\//)?.[1] ?? null;
const under = (prefix: string) => Object.keys(sources).filter((f) => f.startsWith(`../src/${prefix}`));

describe('the component tiers', () => {
  it('finds the sources it checks', () => {
    expect(under('components/shared/').length).toBeGreaterThan(0);
    expect(under('components/people/').some((f) => f.endsWith('.svelte.ts'))).toBe(true);
    expect(under('lib/').length).toBeGreaterThan(0);
  });

  it('keeps shared pieces free of domains, commands and session state', () => {
    for (const file of under('components/shared/')) {
      for (const target of imports(file)) {
        const folder = folderOf(target);
        expect(folder === null || folder === 'shared', `${file} imports ${target}`).toBe(true);
        expect(target, `${file} reads the session`).not.toBe('lib/session.svelte');
      }
      expect(sources[file], `${file} calls a command`).not.toMatch(/\bcommands\./);
    }
  });

  it('lets a domain folder use only itself and shared', () => {
    for (const file of under('components/')) {
      const own = folderOf(file.replace(/^\.\.\/src\//, ''))!;
      if (own === 'shared' || own === 'app') continue;
      for (const target of imports(file)) {
        const folder = folderOf(target);
        expect(folder === null || folder === own || folder === 'shared', `${file} imports ${target}`).toBe(true);
      }
    }
  });

  it('keeps src/lib below the components', () => {
    for (const file of under('lib/')) {
      for (const target of imports(file)) expect(folderOf(target), `${file} imports ${target}`).toBeNull();
    }
  });
});

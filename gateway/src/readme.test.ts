import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGE = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(`${PACKAGE}README.md`, 'utf8');

/** The `src/…` paths a section of the README names. */
function pathsIn(section: string): string[] {
  const start = README.indexOf(`## ${section}`);
  const end = README.indexOf('\n## ', start + 1);
  return [...README.slice(start, end < 0 ? undefined : end).matchAll(/`(src\/[^`\s]+)`/g)].map((m) => m[1]!);
}

describe('the gateway README', () => {
  it('names, for each step of the request path, a file that exists', () => {
    const named = pathsIn('The request path');
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((path) => !existsSync(`${PACKAGE}${path}`))).toEqual([]);
  });

  it('names folders that exist in its folder table', () => {
    const named = pathsIn('Folders');
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((path) => !existsSync(`${PACKAGE}${path}`))).toEqual([]);
  });
});

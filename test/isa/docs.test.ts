// docs/isa.md's coverage table is generated from the table: keep it current.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { render } from '../../scripts/gen-isa-doc.ts';

it('docs/isa.md coverage table matches the encoding table (run scripts/gen-isa-doc.ts)', () => {
  const doc = readFileSync(new URL('../../docs/isa.md', import.meta.url), 'utf8');
  expect(render(doc)).toBe(doc);
});

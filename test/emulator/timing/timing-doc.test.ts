// docs/timing.md stays in step with the profiles: its parameter tables are
// exactly what scripts/gen-timing-doc.ts generates from
// emulator/timing/profiles/*.json, and the fitted knobs it quotes are the
// profiles' values.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readProfileFile } from '../../../emulator/timing/profile.ts';
import { MARK_BEGIN, MARK_END } from '../../../scripts/calibrate.ts';
import { PARAMS_BEGIN, PARAMS_END, TIMING_DOC, between, paramTables } from '../../../scripts/gen-timing-doc.ts';

const doc = readFileSync(TIMING_DOC, 'utf8');

describe('docs/timing.md', () => {
  it('has the current parameter tables (npx tsx scripts/gen-timing-doc.ts)', () => {
    expect(between(doc, PARAMS_BEGIN, PARAMS_END)).toBe(paramTables().trim());
  });

  it('lists every parameter of both profiles', () => {
    for (const name of ['sd845-big', 'sd845-little']) {
      for (const key of Object.keys(readProfileFile(name).params)) expect(doc).toContain(`| \`${key}\` |`);
    }
  });

  it('quotes the fitted knobs the profile holds, in the calibration table', () => {
    const big = readProfileFile('sd845-big').params;
    const table = between(doc, MARK_BEGIN, MARK_END);
    expect(table).toContain(`kernel.faultPath = ${big['kernel.faultPath']!.value} cycles`);
    expect(table).toContain(`kernel.iterExtra = ${big['kernel.iterExtra']!.value} cycles`);
    expect(String(big['kernel.faultPath']!.source)).toMatch(/^fit: /);
    expect(String(big['kernel.iterExtra']!.source)).toMatch(/^fit: /);
  });
});

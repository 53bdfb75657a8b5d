// compare's machine-readable outputs: the --json document (an array with
// one object per run, schemas/compare.schema.json) and the --csv table (one
// row per run, header first). Both are deterministic: runs in job order,
// counters in first-appearance order with missing ones filled with 0, so
// every run carries the same counter names.

import type { RunRecord } from './job.ts';

/** Give every run the union of the counter names (0 where a run had none), in first-appearance order. */
export function unifyCounters(records: readonly RunRecord[]): RunRecord[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) for (const k of Object.keys(r.counters)) if (!seen.has(k)) seen.add(k), names.push(k);
  return records.map((r) => {
    const counters: Record<string, number> = {};
    for (const k of names) counters[k] = r.counters[k] ?? 0;
    return { ...r, counters };
  });
}

/** The --json document. */
export function toJson(records: readonly RunRecord[]): string {
  return JSON.stringify(unifyCounters(records), null, 2) + '\n';
}

function csvCell(v: unknown): string {
  const s = String(v ?? '');
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The --csv text: header row, then one row per run; nested objects flattened as faults.<kind>, counters.<name>. */
export function toCsv(records: readonly RunRecord[]): string {
  const rs = unifyCounters(records);
  const faultKinds: string[] = [];
  for (const r of rs) for (const k of Object.keys(r.faults)) if (!faultKinds.includes(k)) faultKinds.push(k);
  const counterNames = rs.length ? Object.keys(rs[0]!.counters) : [];
  const base = ['mode', 'kernel', 'kernelIndependent', 'cpu', 'freqMHz', 'timing', 'set', 'mmap', 'touch', 'iterations', 'cycles', 'seconds', 'instructions', 'maxRssKiB', 'syscalls', 'tlbi.page', 'tlbi.asid'] as const;
  const header = [...base, ...faultKinds.map((k) => `faults.${k}`), ...counterNames.map((k) => `counters.${k}`)];
  const lines = [header.map(csvCell).join(',')];
  for (const r of rs) {
    const row: unknown[] = [
      r.mode, r.kernel, r.kernelIndependent, r.cpu, r.freqMHz, r.timing,
      Object.entries(r.set).map(([k, v]) => `${k}=${v}`).join(';'),
      r.mmap, r.touch, r.iterations, r.cycles, r.seconds, r.instructions, r.maxRssKiB, r.syscalls, r.tlbi.page, r.tlbi.asid,
      ...faultKinds.map((k) => r.faults[k] ?? 0),
      ...counterNames.map((k) => r.counters[k] ?? 0),
    ];
    lines.push(row.map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}

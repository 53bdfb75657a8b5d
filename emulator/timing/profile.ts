// CPU profiles: one JSON data file per profile in emulator/timing/profiles/,
// every parameter with its unit and its source (a citation of
// ../shared/CALIBRATION.md's [Sx] sources, or "prior" for an estimate, or
// "fit" for one of the two calibrated knobs). Parameters are flat dotted
// names ("core.freqMHz", "mem.l2.latency", "kernel.faultPath") so that
// `--set name=value` can override any of them and docs/timing.md can list
// them all.

import { readFileSync } from 'node:fs';
import { DEFAULT_TAG_BASE, bytesPerCycle } from './hierarchy.ts';
import type { Profile } from './model.ts';

export interface Param {
  value: number | string | boolean | readonly string[];
  unit?: string;
  source: string;
}

export interface ProfileFile {
  name: string;
  description: string;
  params: Record<string, Param>;
}

export const PROFILE_NAMES = ['sd845-big', 'sd845-little'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];

export class ProfileError extends Error {}

export function readProfileFile(name: string): ProfileFile {
  if (!(PROFILE_NAMES as readonly string[]).includes(name)) {
    throw new ProfileError(`unknown CPU profile '${name}' (known: ${PROFILE_NAMES.join(', ')})`);
  }
  const url = new URL(`./profiles/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as ProfileFile;
}

/**
 * Build a Profile from a profile file plus overrides (`--set k=v`,
 * `--freq MHz`). Unknown override names are an error (a typo must not be
 * silently ignored).
 */
export function loadProfile(name: string, overrides: Record<string, string> = {}): Profile {
  const file = readProfileFile(name);
  const params: Record<string, Param['value']> = {};
  for (const [k, p] of Object.entries(file.params)) params[k] = p.value;
  for (const [k, v] of Object.entries(overrides)) {
    if (!(k in params)) throw new ProfileError(`--set ${k}: no such parameter in profile ${name}`);
    const old = params[k];
    if (typeof old === 'number') {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new ProfileError(`--set ${k}=${v}: not a number`);
      params[k] = n;
    } else if (typeof old === 'boolean') {
      if (v !== 'true' && v !== 'false') throw new ProfileError(`--set ${k}=${v}: expected true or false`);
      params[k] = v === 'true';
    } else if (Array.isArray(old)) {
      params[k] = v.split(',').filter(Boolean);
    } else params[k] = v;
  }
  const nested: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(params)) {
    const parts = k.split('.');
    let o = nested;
    for (let i = 0; i < parts.length - 1; i++) {
      o[parts[i]!] ??= {};
      o = o[parts[i]!] as Record<string, unknown>;
    }
    o[parts[parts.length - 1]!] = v;
  }
  nested.name = name;
  // derived memory parameters: the hierarchy works in core cycles
  const core = nested.core as { freqMHz: number };
  const mem = nested.mem as Record<string, unknown>;
  mem.name = name;
  mem.coreMHz = core.freqMHz;
  mem.bwL3L2 = bytesPerCycle(mem.l3GBs as number, core.freqMHz);
  mem.bwDramL3 = bytesPerCycle(mem.dramGBs as number, core.freqMHz);
  mem.tagBase = DEFAULT_TAG_BASE;
  return nested as unknown as Profile;
}

/** Every parameter of a profile with its unit and source (for docs/timing.md and `--cpu help`). */
export function describeProfile(name: string): { key: string; value: string; unit: string; source: string }[] {
  const f = readProfileFile(name);
  return Object.entries(f.params).map(([key, p]) => ({ key, value: Array.isArray(p.value) ? p.value.join(',') : String(p.value), unit: p.unit ?? '', source: p.source }));
}

// Choosing a timing model: `--timing none|simple|detailed`, `--cpu PROFILE`,
// `--freq MHz`, `--set name=value`.

import type { PhysMem } from '../memory.ts';
import { DetailedModel, SimpleModel, type TimingModel } from './model.ts';
import { loadProfile } from './profile.ts';

export type TimingKind = 'none' | 'simple' | 'detailed';

export interface TimingOptions {
  timing?: TimingKind;
  cpu?: string;
  freqMHz?: number;
  set?: Record<string, string>;
}

/** The model for these options, or null for `none`. `ttbr0` gives the current table base (for walk costs). */
export function createTiming(o: TimingOptions, phys: PhysMem, ttbr0: () => number): TimingModel | null {
  const kind = o.timing ?? 'detailed';
  if (kind === 'none') return null;
  const overrides = { ...(o.set ?? {}) };
  if (o.freqMHz !== undefined) overrides['core.freqMHz'] = String(o.freqMHz);
  const profile = loadProfile(o.cpu ?? 'sd845-big', overrides);
  return kind === 'simple' ? new SimpleModel(profile) : new DetailedModel(profile, phys, ttbr0);
}

export { PROFILE_NAMES, describeProfile, loadProfile, ProfileError } from './profile.ts';
export type { TimingModel } from './model.ts';

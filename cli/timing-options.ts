// The timing options shared by run, debug and compare: --cpu, --freq,
// --set NAME=VALUE. Parsed and checked once here (the profile is loaded so
// that an unknown --set name or a bad value is refused before any run).

import { PROFILE_NAMES, ProfileError, loadProfile, type TimingKind, type TimingOptions } from '../emulator/timing/index.ts';
import { HostError } from './io.ts';

export interface ParsedTiming {
  /** Ready for Kernel({ timing }). */
  options: TimingOptions;
  cpu: string;
  set: Record<string, string>;
  /** --freq as given (undefined: the profile's clock). */
  freqOverride?: number;
  /** The core clock in effect (undefined with --timing none). */
  freqMHz?: number;
}

/** Throws HostError (status 2) for a bad --cpu, --freq or --set. `-cpu max` (qemu's spelling) means the default profile. */
export function parseTimingOptions(values: Record<string, unknown>, kind: TimingKind): ParsedTiming {
  const cpu = values.cpu === undefined || values.cpu === 'max' ? 'sd845-big' : String(values.cpu);
  if (!(PROFILE_NAMES as readonly string[]).includes(cpu)) throw new HostError(`--cpu ${cpu}: expected one of ${PROFILE_NAMES.join(', ')}`, 2);
  const set: Record<string, string> = {};
  for (const kv of (values.set as string[] | undefined) ?? []) {
    const i = kv.indexOf('=');
    if (i <= 0) throw new HostError(`--set ${kv}: expected NAME=VALUE`, 2);
    set[kv.slice(0, i)] = kv.slice(i + 1);
  }
  const freqOverride = values.freq === undefined ? undefined : Number(values.freq);
  if (freqOverride !== undefined && !(freqOverride > 0 && Number.isFinite(freqOverride))) throw new HostError(`--freq ${values.freq}: expected a clock in MHz`, 2);
  let freqMHz: number | undefined;
  if (kind !== 'none') {
    try {
      freqMHz = loadProfile(cpu, { ...set, ...(freqOverride !== undefined ? { 'core.freqMHz': String(freqOverride) } : {}) }).core.freqMHz;
    } catch (e) {
      if (e instanceof ProfileError) throw new HostError(e.message, 2);
      throw e;
    }
  }
  const options: TimingOptions = { timing: kind, cpu, set, ...(freqOverride !== undefined ? { freqMHz: freqOverride } : {}) };
  return { options, cpu, set, ...(freqOverride !== undefined ? { freqOverride } : {}), ...(freqMHz !== undefined ? { freqMHz } : {}) };
}

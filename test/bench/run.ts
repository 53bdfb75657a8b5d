// `npm run bench`: host-speed benchmarks (benchmark.js). These measure how
// fast the emulator runs on this machine; guest cycle counts come from the
// timing model, never from here. Each suite prints ops/sec and a derived
// figure (words/s, lines/s, emulated MIPS).

import Benchmark from 'benchmark';
import { emuSuites } from './emu.ts';
import { isaSuites } from './isa.ts';

interface Suite {
  name: string;
  /** Work units per benchmark call, to turn ops/sec into units/sec. */
  units: number;
  unitName: string;
  fn: () => void;
}

async function main(): Promise<void> {
  const suites: Suite[] = [...isaSuites(), ...emuSuites()];
  const only = process.argv[2] ? new RegExp(process.argv[2]) : null;
  for (const s of suites) {
    if (only && !only.test(s.name)) continue;
    await new Promise<void>((resolve) => {
      const b = new Benchmark(s.name, s.fn, { minSamples: 10, maxTime: 3 });
      b.on('complete', () => {
        const perSec = b.hz * s.units;
        const rate = s.unitName === 'insn' ? `${(perSec / 1e6).toFixed(1)} MIPS` : perSec >= 1e6 ? `${(perSec / 1e6).toFixed(2)} M${s.unitName}/s` : `${(perSec / 1e3).toFixed(1)} k${s.unitName}/s`;
        console.log(`${s.name.padEnd(44)} ${rate.padStart(18)}  (±${b.stats.rme.toFixed(1)}%, ${b.stats.sample.length} samples)`);
        resolve();
      });
      b.run();
    });
  }
}

void main();

export type { Suite };

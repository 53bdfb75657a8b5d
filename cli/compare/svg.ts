// compare's --svg chart, written by hand (no dependency, byte-identical on
// rerun): two panels sharing a logarithmic x axis, touch size. The top
// panel is run time (seconds at the profile clock on the left axis, the
// same scale in cycles on the right); the bottom one is max RSS (KiB). One
// polyline per series (mode, and kernel variant for the refpage modes) in
// each panel, with a marker at each run; a legend on the right; the title
// names the CPU profile, its clock and the benchmark's arguments.

import { KERNEL_INDEPENDENT, type Mode, type RunRecord } from './job.ts';

const W = 1060;
const H = 800;
const M = { left: 86, right: 340, top: 90, bottom: 64 };
const GAP = 96;
const PLOT_W = W - M.left - M.right;
const PANEL_H = (H - M.top - M.bottom - GAP) / 2;

const COLOURS: Record<string, string> = {
  memset: '#d62728',
  'refpage/refpage-v5': '#1f77b4',
  'refpage/fill-on-fault': '#2ca02c',
  'memset-tag': '#ff7f0e',
  'refpage-tag/refpage-v5': '#9467bd',
  'refpage-tag/fill-on-fault': '#17becf',
};
const EXTRA_COLOURS = ['#8c564b', '#e377c2', '#7f7f7f', '#bcbd22'];

export interface Series {
  /** memset, refpage/refpage-v5, ... */
  key: string;
  label: string;
  mode: Mode;
  colour: string;
  dashed: boolean;
  /** Line width: the refpage-v5 series are wide and translucent so that an identical fill-on-fault line on top leaves a halo. */
  width: number;
  opacity: number;
  points: { touch: number; seconds: number; cycles: number; rssKiB: number }[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Coordinates with one decimal, so the file is stable and small. */
const f = (n: number): string => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');

/** Group runs into series, in the records' order. */
export function seriesOf(records: readonly RunRecord[]): Series[] {
  const out: Series[] = [];
  const byKey = new Map<string, Series>();
  let extra = 0;
  for (const r of records) {
    const key = KERNEL_INDEPENDENT.has(r.mode) ? r.mode : `${r.mode}/${r.kernel}`;
    let s = byKey.get(key);
    if (!s) {
      s = {
        key,
        label: KERNEL_INDEPENDENT.has(r.mode) ? `${r.mode} (any kernel)` : `${r.mode}, ${r.kernel}`,
        mode: r.mode,
        colour: COLOURS[key] ?? EXTRA_COLOURS[extra++ % EXTRA_COLOURS.length]!,
        dashed: r.mode.endsWith('-tag'),
        width: !KERNEL_INDEPENDENT.has(r.mode) && r.kernel === 'refpage-v5' ? 6 : 2.2,
        opacity: !KERNEL_INDEPENDENT.has(r.mode) && r.kernel === 'refpage-v5' ? 0.55 : 1,
        points: [],
      };
      byKey.set(key, s);
      out.push(s);
    }
    s.points.push({ touch: r.touch, seconds: r.seconds, cycles: r.cycles, rssKiB: r.maxRssKiB });
  }
  for (const s of out) s.points.sort((a, b) => a.touch - b.touch);
  return out;
}

/** Byte counts that are powers of two as 4 KiB, 1 MiB...; others as plain numbers. */
export function sizeLabel(n: number): string {
  const units: [number, string][] = [[2 ** 30, 'GiB'], [2 ** 20, 'MiB'], [2 ** 10, 'KiB']];
  for (const [u, name] of units) if (n >= u && n % u === 0) return `${n / u} ${name}`;
  return `${n} B`;
}

/** Log-x ticks: powers of two covering [lo, hi], every 1, 2 or more octaves so that at most 9 are labelled. */
export function logTicks(lo: number, hi: number): { domain: [number, number]; ticks: number[] } {
  let a = Math.floor(Math.log2(lo));
  let b = Math.ceil(Math.log2(hi));
  if (b <= a) {
    a -= 1;
    b += 1;
  }
  const step = Math.max(1, Math.ceil((b - a) / 8));
  a = Math.floor(a / step) * step;
  b = Math.ceil(b / step) * step;
  const ticks: number[] = [];
  for (let e = a; e <= b; e += step) ticks.push(2 ** e);
  return { domain: [2 ** a, 2 ** b], ticks };
}

/** "Nice" linear ticks (1, 2, 5 x 10^k steps) from 0 to at least max. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step * 1e-9 || ticks.length < 2; i++) ticks.push(i * step);
  if (ticks[ticks.length - 1]! < max) ticks.push(ticks.length * step);
  return ticks;
}

/** A tick value without floating noise: 0.30000000000000004 -> 0.3. */
function tickText(v: number): string {
  return String(Number(v.toPrecision(10)));
}

/** Cycle counts with SI suffixes: 2.5G, 400M, 12k. */
function cyclesText(v: number): string {
  if (v === 0) return '0';
  const units: [number, string][] = [[1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
  for (const [u, s] of units) if (Math.abs(v) >= u) return `${tickText(v / u)}${s}`;
  return tickText(v);
}

export interface ChartInfo {
  cpu: string;
  freqMHz: number;
  timing: string;
  mmap: number;
  iterations: number;
}

/** The whole SVG document. */
export function renderSvg(records: readonly RunRecord[], info: ChartInfo): string {
  const series = seriesOf(records).map((s) => ({ ...s, points: s.points.filter((p) => p.touch > 0) }));
  const touches = series.flatMap((s) => s.points.map((p) => p.touch));
  const { domain, ticks } = logTicks(touches.length ? Math.min(...touches) : 4096, touches.length ? Math.max(...touches) : 4096);
  const lx0 = Math.log2(domain[0]);
  const lx1 = Math.log2(domain[1]);
  const x = (t: number): number => M.left + ((Math.log2(t) - lx0) / (lx1 - lx0)) * PLOT_W;
  const o: string[] = [];
  o.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="13">`);
  o.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`);
  const title = `refpage-bench: memset vs reference pages on ${info.cpu} @ ${tickText(info.freqMHz)} MHz`;
  const zero = records.some((r) => r.touch <= 0) ? '; touch 0 is off the log axis (see the tables)' : '';
  const sub = `${info.timing} timing model, mmap_size ${info.mmap} bytes (${Math.ceil(info.mmap / 4096)} pages), ${info.iterations} iterations; one deterministic run per point${zero}`;
  o.push(`<text x="${W / 2}" y="28" text-anchor="middle" font-size="18" font-weight="bold">${esc(title)}</text>`);
  o.push(`<text x="${W / 2}" y="50" text-anchor="middle" font-size="13" fill="#444">${esc(sub)}</text>`);

  const maxSec = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.seconds)));
  const maxRss = Math.max(0, ...series.flatMap((s) => s.points.map((p) => p.rssKiB)));
  const hz = info.freqMHz * 1e6;
  const panels = [
    { id: 'time', top: M.top, name: `run time (seconds at ${tickText(info.freqMHz)} MHz; cycles on the right)`, yTitle: 'time (s)', ticks: niceTicks(maxSec), value: (p: Series['points'][number]) => p.seconds, right: true },
    { id: 'rss', top: M.top + PANEL_H + GAP, name: 'max RSS of the benchmark process', yTitle: 'max RSS (KiB)', ticks: niceTicks(maxRss), value: (p: Series['points'][number]) => p.rssKiB, right: false },
  ];
  for (const pn of panels) {
    const yMax = pn.ticks[pn.ticks.length - 1]!;
    const y = (v: number): number => pn.top + PANEL_H - (v / yMax) * PANEL_H;
    o.push(`<g id="panel-${pn.id}">`);
    o.push(`<text x="${M.left + PLOT_W / 2}" y="${f(pn.top - 12)}" text-anchor="middle" font-size="14" font-weight="bold">${esc(pn.name)}</text>`);
    // grid and axes
    for (const t of ticks) o.push(`<line x1="${f(x(t))}" y1="${f(pn.top)}" x2="${f(x(t))}" y2="${f(pn.top + PANEL_H)}" stroke="#e4e4e4"/>`);
    for (const v of pn.ticks) {
      o.push(`<line x1="${M.left}" y1="${f(y(v))}" x2="${M.left + PLOT_W}" y2="${f(y(v))}" stroke="#e4e4e4"/>`);
      o.push(`<text x="${M.left - 8}" y="${f(y(v) + 4)}" text-anchor="end">${esc(tickText(v))}</text>`);
    }
    o.push(`<rect x="${M.left}" y="${f(pn.top)}" width="${PLOT_W}" height="${f(PANEL_H)}" fill="none" stroke="#333"/>`);
    for (const t of ticks) {
      o.push(`<line x1="${f(x(t))}" y1="${f(pn.top + PANEL_H)}" x2="${f(x(t))}" y2="${f(pn.top + PANEL_H + 5)}" stroke="#333"/>`);
      o.push(`<text x="${f(x(t))}" y="${f(pn.top + PANEL_H + 20)}" text-anchor="middle">${esc(sizeLabel(t))}</text>`);
    }
    o.push(`<text x="${M.left + PLOT_W / 2}" y="${f(pn.top + PANEL_H + 40)}" text-anchor="middle" fill="#222">touch size (bytes written per iteration, log scale)</text>`);
    const ymid = pn.top + PANEL_H / 2;
    o.push(`<text x="24" y="${f(ymid)}" text-anchor="middle" transform="rotate(-90 24 ${f(ymid)})" fill="#222">${esc(pn.yTitle)}</text>`);
    if (pn.right) {
      // the same scale in cycles: round cycle values placed by cycles / clock
      const cTicks = niceTicks(yMax * hz).filter((c) => c / hz <= yMax * (1 + 1e-9));
      for (const c of cTicks) {
        const yy = y(c / hz);
        o.push(`<line x1="${M.left + PLOT_W}" y1="${f(yy)}" x2="${M.left + PLOT_W + 5}" y2="${f(yy)}" stroke="#333"/>`);
        o.push(`<text x="${M.left + PLOT_W + 8}" y="${f(yy + 4)}" text-anchor="start">${esc(cyclesText(c))}</text>`);
      }
      const xr = M.left + PLOT_W + 62;
      o.push(`<text x="${xr}" y="${f(ymid)}" text-anchor="middle" transform="rotate(90 ${xr} ${f(ymid)})" fill="#222">cycles</text>`);
    }
    // the series
    for (const s of series) {
      const pts = s.points.map((p) => `${f(x(p.touch))},${f(y(pn.value(p)))}`).join(' ');
      o.push(`<polyline class="series" data-series="${esc(s.key)}" data-panel="${pn.id}" points="${pts}" fill="none" stroke="${s.colour}" stroke-width="${s.width}" stroke-opacity="${s.opacity}" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="7 4"' : ''}/>`);
      for (const p of s.points) {
        const cx = f(x(p.touch));
        const cy = f(y(pn.value(p)));
        o.push(`<circle cx="${cx}" cy="${cy}" r="${s.width > 3 ? 6 : 4}" fill="${s.dashed ? '#ffffff' : s.colour}" stroke="${s.colour}" stroke-width="1.8"><title>${esc(`${s.label}, touch ${p.touch}: ${pn.id === 'time' ? `${p.seconds.toPrecision(6)} s, ${p.cycles} cycles` : `${p.rssKiB} KiB`}`)}</title></circle>`);
      }
    }
    o.push('</g>');
  }
  // legend
  const lx = M.left + PLOT_W + 90;
  let ly = M.top + 10;
  o.push('<g id="legend">');
  o.push(`<text x="${lx}" y="${ly}" font-weight="bold">series</text>`);
  ly += 10;
  for (const s of series) {
    ly += 24;
    o.push(`<line x1="${lx}" y1="${ly - 4}" x2="${lx + 34}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="${s.width}" stroke-opacity="${s.opacity}"${s.dashed ? ' stroke-dasharray="7 4"' : ''}/>`);
    o.push(`<circle cx="${lx + 17}" cy="${ly - 4}" r="${s.width > 3 ? 6 : 4}" fill="${s.dashed ? '#ffffff' : s.colour}" stroke="${s.colour}" stroke-width="1.8"/>`);
    o.push(`<text x="${lx + 42}" y="${ly}">${esc(s.label)}</text>`);
  }
  ly += 34;
  const notes = [
    'memset: anonymous mmap + memset',
    'refpage: mmap of a refpage fd',
    '-tag: PROT_MTE mappings (dashed)',
    'refpage-v5: the seed patch (wide line)',
    'fill-on-fault: no reference page,',
    '+fill on any fault',
    'coinciding lines: the kernel',
    '+variants gave the same result',
  ];
  for (const n of notes) {
    // '+' marks a continuation line, indented
    const cont = n.startsWith('+');
    o.push(`<text x="${cont ? lx + 12 : lx}" y="${ly}" font-size="11.5" fill="#555">${esc(cont ? n.slice(1) : n)}</text>`);
    ly += 17;
  }
  o.push('</g>');
  o.push('</svg>');
  return o.join('\n') + '\n';
}

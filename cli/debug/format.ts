// Text for the debugger: addresses with symbols, instructions, ESR and
// descriptor decoding, the explanation printed at each stop, and the
// tables of `regs`, `vmas`, `faults`, `kernel`. Everything here is pure
// formatting over what the session recorded or can read without side
// effects; nothing depends on host time or host paths, so transcripts are
// stable.

import type { Patch } from 'immer';
import { disassembleText } from '../../isa/disasm.ts';
import { ecName } from '../../emulator/exceptions.ts';
import { siCodeName, type Kernel } from '../../kernel/kernel.ts';
import type { TrapRecord } from '../../kernel/klog.ts';
import { protString, type Vma } from '../../kernel/vma.ts';
import { MAIR_HI, MAIR_LO } from '../../kernel/layout.ts';
import { signalName } from '../strace.ts';
import { readWord, type RegSnap } from './view.ts';
import type { SignalNote, TrapInfo } from './session.ts';
import type { Style } from './style.ts';

export type Symbolize = (addr: bigint) => string | undefined;

export const hex = (v: number | bigint): string => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16);
export const hex64 = (v: number | bigint): string => '0x' + BigInt.asUintN(64, BigInt(v)).toString(16).padStart(16, '0');

/** `0x4000f0 <read_it+0x4>` (the symbol when one is at or below the address). */
export function loc(addr: number | bigint, sym: Symbolize): string {
  const a = BigInt(addr);
  const s = sym(a);
  return s ? `${hex(a)} <${s}>` : hex(a);
}

/** One instruction as text, objdump style with spaces (branch targets resolved). */
export function insnText(word: number | undefined, pc: number, sym: Symbolize): string {
  if (word === undefined) return '<unreadable>';
  return disassembleText(word, { pc: BigInt(pc), symbolize: sym }).replace(/\t/g, ' ');
}

// ---------------------------------------------------------------- ESR

/** The fault status code name (ISS.DFSC / IFSC), Arm ARM D17.2.40. */
export function fscName(fsc: number): string {
  const lvl = fsc & 3;
  switch (fsc >> 2) {
    case 0: return `Address size fault, level ${lvl}`;
    case 1: return `Translation fault, level ${lvl}`;
    case 2: return `Access flag fault, level ${lvl}`;
    case 3: return `Permission fault, level ${lvl}`;
  }
  if (fsc === 0b010000) return 'Synchronous External abort';
  if (fsc === 0b010001) return 'Synchronous Tag Check Fault';
  if (fsc === 0b100001) return 'Alignment fault';
  return 'reserved fault status code';
}

/** ESR_EL1 decoded: EC by name and the ISS fields that matter for the class. */
export function esrText(esr: number): string {
  const ec = esr >>> 26;
  const iss = esr & 0x1ffffff;
  const head = `${hex(esr >>> 0)}  EC 0x${ec.toString(16).padStart(2, '0')} ${ecName(ec)}`;
  if (ec === 0x24 || ec === 0x25) {
    const fsc = iss & 0x3f;
    const wnr = (iss >> 6) & 1;
    return `${head}; DFSC 0x${fsc.toString(16).padStart(2, '0')} ${fscName(fsc)}; WnR ${wnr} (${wnr ? 'write' : 'read'})`;
  }
  if (ec === 0x20 || ec === 0x21) {
    const fsc = iss & 0x3f;
    return `${head}; IFSC 0x${fsc.toString(16).padStart(2, '0')} ${fscName(fsc)}`;
  }
  if (ec === 0x15 || ec === 0x3c) return `${head}; imm16 ${hex(iss & 0xffff)}`;
  return head;
}

// ---------------------------------------------------------------- descriptors

const MAIR = (BigInt(MAIR_HI) << 32n) | BigInt(MAIR_LO >>> 0);

/** Memory type of a MAIR attribute byte. */
export function attrName(attr: number): string {
  if (attr === 0xf0) return 'Normal-Tagged';
  if (attr === 0xff) return 'Normal';
  if (attr === 0x44) return 'Normal Non-cacheable';
  if ((attr & 0xf0) === 0) return 'Device';
  return `attr 0x${attr.toString(16)}`;
}

/** A stage-1 descriptor decoded (level 3 page or table entry; `mair` selects the attribute names). */
export function descText(d: bigint | null, level = 3, mair: bigint = MAIR): string {
  if (d === null) return 'none (no page table at this level yet)';
  const lo = Number(d & 0xffffffffn);
  const hi = Number(d >> 32n);
  const oa = d & 0x0000fffffffff000n;
  if ((lo & 1) === 0) return d === 0n ? 'invalid (empty)' : 'invalid';
  if ((lo & 2) !== 0 && level < 3) return `table -> ${hex(oa)}`;
  if ((lo & 2) === 0 && (level === 0 || level === 3)) return 'invalid (reserved encoding)';
  const kind = level === 3 ? 'page' : `block (${level === 1 ? '1G' : '2M'})`;
  const idx = (lo >> 2) & 7;
  const attr = Number((mair >> BigInt(8 * idx)) & 0xffn);
  const ap = (lo >> 6) & 3;
  const el0 = ap === 1 ? 'EL0 read/write' : ap === 3 ? 'EL0 read-only' : 'EL0 no access';
  const flags: string[] = [];
  if (hi & (1 << 22)) flags.push('UXN');
  if (hi & (1 << 21)) flags.push('PXN');
  if (lo & (1 << 10)) flags.push('AF');
  if (lo & (1 << 11)) flags.push('nG');
  const sw: string[] = [];
  if (hi & (1 << 23)) sw.push('dirty');
  if (hi & (1 << 24)) sw.push('special');
  const pfn = oa >> 12n;
  return `${kind} pfn ${hex(pfn)}, ${el0}, ${attrName(attr)} (AttrIndx ${idx} = 0x${attr.toString(16).padStart(2, '0')}), ${flags.join(' ')}${sw.length ? ', sw: ' + sw.join(' ') : ''}`;
}

// ---------------------------------------------------------------- VMAs

export function vmaText(k: Kernel, v: Vma): string {
  let extra = '';
  if (v.refpage !== undefined) {
    try {
      const rp = k.refpage(v.refpage);
      const what = rp.content === 'PATTERN' ? `PATTERN 0x${rp.info.toString(16)}` : rp.content === 'MTE_TAGGED' ? `MTE_TAGGED tag 0x${rp.info.toString(16)}` : `USER_SET, ${rp.size}-byte content`;
      extra = ` (refpage ${v.refpage}: ${what}, reference page pfn ${hex(rp.pfn)})`;
    } catch {
      extra = ` (refpage ${v.refpage})`;
    }
  }
  return `${hex(v.start)}-${hex(v.end)} ${protString(v.prot)} ${v.name}${v.shared ? ' shared' : ''}${extra}`;
}

// ---------------------------------------------------------------- stops

/** What kind of exception a trap was, for the headline. */
function trapTitle(t: TrapInfo): string {
  const s = t.stop;
  if (s.kind === 'exception' && s.fault) {
    const f = s.fault;
    const acc = f.exec ? 'exec' : f.write ? 'write' : 'read';
    const resolved = t.records.some((r) => r.kind === 'fault' && r.outcome === 'resolved');
    const what = f.kind === 'tagCheck' ? 'Tag check fault' : f.kind === 'alignment' ? 'Alignment fault' : resolved ? 'Page fault' : 'Segmentation fault';
    return `${what} (${acc})`;
  }
  if (s.kind === 'exception' && s.trap) {
    if (s.trap.kind === 'svc') return 'System call';
    if (s.trap.kind === 'brk') return 'Breakpoint instruction (BRK)';
    if (s.trap.kind === 'undefined') return 'Undefined instruction';
    if (s.trap.kind === 'pcAlign') return 'PC alignment fault';
  }
  return 'Kernel entry (end of time slice)';
}

function signalLine(n: SignalNote, sym: Symbolize): string {
  const name = signalName(n.sig.signo);
  const code = n.sig.code > 0 ? ` (${siCodeName(n.sig.signo, n.sig.code)})` : n.sig.code === 0 ? ' (SI_USER)' : '';
  const addr = [4, 5, 7, 8, 11].includes(n.sig.signo) && n.sig.code > 0 ? `, si_addr ${hex(n.sig.addr)}` : '';
  const then = n.action === 'handler' ? `handler ${loc(n.handler ?? 0, sym)} runs` : `no handler: the default action terminates pid ${n.pid}`;
  return `${name}${code}${addr} to pid ${n.pid}: ${then}`;
}

/** The lines explaining one trap (the stop message; `explain` prints it again). */
export function explainTrap(k: Kernel, t: TrapInfo, sym: Symbolize, st: Style): string[] {
  const out: string[] = [];
  const s = t.stop;
  const at = `pc ${loc(t.pc, sym)}: ${insnText(t.word, t.pc, sym)}`;
  const where = st.dim(`  [pid ${t.pid}, insn ${t.pos.insn}]`);
  const lab = (l: string) => '  ' + st.dim(l.padEnd(8)) + ' ';
  const asyncRec = t.records.find((r) => r.kind === 'async-tag');
  const sysRec = t.records.find((r) => r.kind === 'syscall');
  if (s.kind === 'exception' && s.fault) {
    const f = s.fault;
    const va = BigInt.asUintN(64, f.va);
    out.push(st.bold(`${trapTitle(t)} at ${hex(BigInt.asUintN(56, va))}`) + `, ${at}` + where);
    const ltag = Number((va >> 56n) & 0xfn);
    let addr = `${hex64(va)}, logical tag 0x${ltag.toString(16)}`;
    if (f.kind === 'tagCheck' && t.allocTag !== undefined) {
      const granule = BigInt.asUintN(48, s.far) & ~0xfn;
      addr += `, allocation tag 0x${t.allocTag.toString(16)} (granule ${hex(granule)}): ` + st.red(ltag === t.allocTag ? 'tags match' : 'tag mismatch');
    }
    out.push(lab('address') + addr);
    out.push(lab('ESR') + esrText(s.esr));
    out.push(lab('VMA') + (t.vma ? vmaText(k, t.vma) : `none (no VMA contains ${hex(BigInt.asUintN(48, va))})`));
    const rec = t.records.find((r) => r.kind === 'fault');
    const page = Number(BigInt.asUintN(48, va) & ~0xfffn);
    // the first and last change of this page's PTE (break-before-make clears it in between)
    const mine = rec?.ptes.filter((p) => p.va === page) ?? [];
    if (mine.length) {
      const before = mine[0]!.before;
      const after = mine[mine.length - 1]!.after;
      out.push(lab('PTE') + `before ${hex64(before)} ${descText(before)}`);
      out.push(lab('') + `after  ${hex64(after)} ${descText(after)}`);
    } else {
      out.push(lab('PTE') + (t.pteNow === undefined || t.pteNow === null ? descText(null) : `${hex64(t.pteNow)} ${descText(t.pteNow)} (unchanged)`));
    }
  } else if (asyncRec) {
    const entry = sysRec ? `system call ${sysRec.title}` : trapTitle(t).toLowerCase();
    out.push(st.bold('Asynchronous tag check fault') + `, reported at the kernel entry for ${entry}, ${at}` + where);
    out.push(lab('TFSRE0') + 'TF0 was set by an earlier tag-mismatched access; the hardware records no address');
    if (t.culprit && t.culprit.pc >= 0) {
      const w = readWordSafe(k, t.pid, t.culprit.pc);
      out.push(lab('access') + `${loc(t.culprit.pc, sym)}: ${insnText(w, t.culprit.pc, sym)}  [insn ${t.culprit.insn}; seen by the debugger]`);
    }
  } else if (sysRec) {
    out.push(st.bold(`System call ${sysRec.title}`) + `, ${at}` + where);
  } else {
    out.push(st.bold(trapTitle(t)) + `, ${at}` + where);
    if (s.kind === 'exception') out.push(lab('ESR') + esrText(s.esr));
  }
  for (const r of t.records) {
    if (r.kind === 'syscall' && asyncRec) {
      // the entry the asynchronous fault was noticed at: the syscall ran first
      out.push(lab('syscall') + `${r.title} ${r.outcome}`);
      for (const stp of r.steps) out.push(lab('kernel') + stp);
      continue;
    }
    if (r.kind === 'async-tag' && s.kind === 'exception' && s.fault) out.push(lab('async') + r.title);
    for (const stp of r.steps) out.push(lab('kernel') + stp);
    out.push(lab('result') + r.outcome);
  }
  const kinds = Object.entries(t.faultKinds).filter(([kk]) => kk !== 'tag-sync' && kk !== 'tag-async' && kk !== 'segv' && kk !== 'bus');
  const own = s.kind === 'exception' && s.fault !== undefined && t.records.some((r) => r.kind === 'fault' && r.outcome === 'resolved');
  if (kinds.length) {
    out.push(lab('faults') + kinds.map(([kk, v]) => (v === 1 ? kk : `${kk} x${v}`)).join(', ') + (own && kinds.length === 1 ? '' : ' (the kernel touching user memory, e.g. a signal frame)'));
  }
  out.push(lab('RSS') + rssText(t));
  for (const n of t.signals) out.push(lab('signal') + signalLine(n, sym));
  if (t.kernelCycles !== null) out.push(lab('cycles') + `${cyc(t.kernelCycles)} charged to the kernel for this entry`);
  return out;
}

function readWordSafe(k: Kernel, pid: number, pc: number): number | undefined {
  const p = k.procs.get(pid);
  return p ? readWord(k, p, pc) : undefined;
}

/** One line for a trap that did not stop (`step` notes). */
export function trapNote(t: TrapInfo): string {
  const main = t.records.find((r) => r.kind === 'syscall') ?? t.records[0];
  const kinds = Object.keys(t.faultKinds);
  if (main?.kind === 'syscall') return `[syscall ${main.title} ${main.outcome}${kinds.length ? `; faults: ${kinds.join(', ')}` : ''}]`;
  if (main) return `[${main.title}: ${main.outcome}]`;
  return `[kernel entry: ${kinds.join(', ') || 'time slice'}]`;
}

function rssText(t: TrapInfo): string {
  if (t.exited) return `${t.rss} pages before the process exited`;
  return `${t.rss} pages (${t.rssDelta >= 0 ? '+' : ''}${t.rssDelta})`;
}

/** Cycles for display: the detailed model keeps fractions of a cycle. */
export function cyc(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(1);
}

// ---------------------------------------------------------------- kernel records

function patchText(p: Patch): string {
  const path = p.path.join('.');
  const v = (x: unknown): string => {
    if (x && typeof x === 'object' && 'start' in x && 'end' in x) {
      const m = x as Vma;
      return `{${hex(m.start)}-${hex(m.end)} ${protString(m.prot)} ${m.name}}`;
    }
    return typeof x === 'number' && x > 4096 ? hex(x) : JSON.stringify(x);
  };
  if (p.op === 'remove') return `remove vmas[${path}]`;
  return `${p.op} vmas[${path}] = ${v(p.value)}`;
}

/** The `kernel` command: every record of the trap, its steps and state changes. */
export function kernelText(t: TrapInfo, st: Style): string[] {
  const out: string[] = [st.bold(`Kernel entry ${t.n}`) + ` (pid ${t.pid}, insn ${t.pos.insn}): ${t.records.length} record${t.records.length === 1 ? '' : 's'}`];
  for (const r of t.records) out.push(...recordText(r));
  const counts = Object.entries(t.faultKinds).map(([kk, v]) => `${kk} +${v}`);
  if (counts.length) out.push(`  counters: ${counts.join(', ')}`);
  out.push(`  RSS ${rssText(t)}`);
  if (t.kernelCycles !== null) out.push(`  cycles: ${cyc(t.kernelCycles)}`);
  return out;
}

function recordText(r: TrapRecord): string[] {
  const out = [`  ${r.kind}: ${r.title}`];
  r.steps.forEach((s, i) => out.push(`    ${i + 1}. ${s}`));
  for (const p of r.ptes) out.push(`    PTE ${hex(p.va)}: ${hex64(p.before)} -> ${hex64(p.after)}`);
  for (const p of r.patches) out.push(`    VMA ${patchText(p)}`);
  if (r.rssDelta) out.push(`    RSS ${r.rssDelta > 0 ? '+' : ''}${r.rssDelta}`);
  out.push(`    => ${r.outcome}`);
  return out;
}

// ---------------------------------------------------------------- registers

const NZCV = (v: number) => `${v & 8 ? 'N' : 'n'}${v & 4 ? 'Z' : 'z'}${v & 2 ? 'C' : 'c'}${v & 1 ? 'V' : 'v'}`;

/** `regs`: x0-x30, sp, pc, nzcv, tco; values that changed since the previous stop marked. */
export function regsText(cur: RegSnap, prev: RegSnap | null, sym: Symbolize, st: Style): string[] {
  const cells: string[] = [];
  const mark = (changed: boolean, s: string) => (changed ? st.changed(s) : st.unchanged(s));
  const same = prev !== null && prev.pid === cur.pid;
  for (let i = 0; i < 31; i++) {
    const changed = same && prev.x[i] !== cur.x[i];
    cells.push(`${('x' + i).padEnd(3)} ${mark(changed, hex64(cur.x[i]!))}`);
  }
  cells.push(`${'sp'.padEnd(3)} ${mark(same && prev.sp !== cur.sp, hex64(cur.sp))}`);
  const out: string[] = [];
  for (let i = 0; i < cells.length; i += 3) out.push(cells.slice(i, i + 3).join('  ').trimEnd());
  out.push(`pc  ${mark(same && prev.pc !== cur.pc, hex(cur.pc))} ${sym(BigInt(cur.pc)) ? `<${sym(BigInt(cur.pc))}>` : ''}`.trimEnd());
  out.push(`nzcv ${mark(same && prev.nzcv !== cur.nzcv, NZCV(cur.nzcv))}  tco ${mark(same && prev.tco !== cur.tco, String(cur.tco))}`.trimEnd());
  return out;
}

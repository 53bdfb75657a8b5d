// The debugger's commands (gdb spellings where gdb has one): parsing,
// address expressions, and printing each result. `Debugger.exec` runs one
// command line as a Work (a generator that yields during long runs so an
// interactive prompt can take Ctrl-C); scripted and interactive drivers
// (repl.ts) share it.

import { disassembleText } from '../../isa/disasm.ts';
import { isMappingSymbol, type ElfFile } from '../../isa/asm/index.ts';
import { STT_FILE, STT_SECTION } from '../../isa/elf.ts';
import { findVma } from '../../kernel/vma.ts';
import { protString } from '../../kernel/vma.ts';
import { symbolizer } from '../disasm.ts';
import { signalName } from '../strace.ts';
import { attrName, cyc, descText, explainTrap, hex, hex64, insnText, kernelText, loc, regsText, trapNote, vmaText, type Symbolize } from './format.ts';
import { STOP_CATEGORIES, type Session, type StopCategory, type StopReport, type TrapInfo, type Work } from './session.ts';
import { digestText, stateDigest } from './snapshot.ts';
import type { Style } from './style.ts';
import { allocTagAt, readVirt, readWord, walkOf } from './view.ts';

/** A user mistake in a command: printed, the session goes on. */
export class CommandError extends Error {}

interface CommandDef {
  names: string[];
  args: string;
  help: string;
  /** Repeated by an empty line at an interactive prompt (gdb does this for stepping and x). */
  repeat?: boolean;
}

export const COMMANDS: CommandDef[] = [
  { names: ['run', 'r', 'continue', 'c'], args: '', help: 'run until a breakpoint, a watched change, a stop event (see stop-on) or the end' },
  { names: ['step', 's', 'stepi', 'si'], args: '[N]', help: 'execute N instructions (default 1); a kernel entry (fault, syscall) counts as one step', repeat: true },
  { names: ['next', 'n', 'nexti', 'ni'], args: '[N]', help: 'like step, but run a called function (BL, BLR) to its return', repeat: true },
  { names: ['finish', 'fin'], args: '', help: 'run until the current function returns (to the address in x30 now)' },
  { names: ['break', 'b', 'br'], args: 'SYM|ADDR', help: 'stop before executing the instruction at SYM or ADDR (expressions: sym+0x10, 0x4000f0, $pc+8)' },
  { names: ['tbreak'], args: 'SYM|ADDR', help: 'a breakpoint that is deleted when hit' },
  { names: ['delete', 'd'], args: '[ID]', help: 'delete breakpoint or watchpoint ID (all when no ID)' },
  { names: ['watch'], args: 'ADDR [LEN]', help: 'stop after a store (or a system call) changes the LEN bytes at ADDR (default 8): old and new value' },
  { names: ['regs', 'registers'], args: '', help: 'x0-x30, sp, pc, nzcv, tco; registers changed since the previous stop are marked' },
  { names: ['x'], args: '/NFU ADDR', help: "examine memory, gdb style: N count, F format (x d u o t c a f s i z), U unit (b h w g); e.g. x/4xg $sp, x/3i $pc, x/s msg", repeat: true },
  { names: ['tags'], args: 'ADDR [N]', help: "allocation tags of N 16-byte granules from ADDR (default 8) against the pointer's logical tag" },
  { names: ['pt'], args: 'ADDR', help: 'the page-table walk for ADDR: each level\'s descriptor, attributes and output address' },
  { names: ['vmas'], args: '', help: 'the process\'s VMAs (mappings) and RSS' },
  { names: ['faults'], args: '', help: 'every fault, tag check fault and signal so far: kinds, outcomes, cycles' },
  { names: ['explain'], args: '', help: 'explain the last exception again: instruction, address and tags, ESR, VMA, PTE, the kernel\'s steps' },
  { names: ['kernel'], args: '', help: 'the kernel\'s step log for the last kernel entry, with the PTE, VMA and RSS changes' },
  { names: ['disas', 'disassemble'], args: '[ADDR] [N]', help: 'disassemble N instructions (default 8) from ADDR (default: around pc)' },
  { names: ['info', 'i'], args: '[breakpoints|registers]', help: 'process, position, counters, RSS, cycles, breakpoints and watchpoints' },
  { names: ['reverse-step', 'rs', 'reverse-stepi', 'rsi'], args: '[N]', help: 'step back N steps (default 1), by deterministic replay', repeat: true },
  { names: ['reverse-continue', 'rc'], args: '', help: 'go back to the previous stop event, breakpoint or watched change' },
  { names: ['stop-on'], args: '[LIST]', help: 'show or set what stops a run: fault, tag, signal, syscall (comma separated), all or none' },
  { names: ['digest'], args: '', help: 'a digest of the whole state (registers, memory, kernel, cycles), to compare two points' },
  { names: ['help', 'h'], args: '[COMMAND]', help: 'this list, or one command' },
  { names: ['quit', 'q', 'exit'], args: '', help: 'leave the debugger' },
];

const BY_NAME = new Map<string, CommandDef>();
for (const c of COMMANDS) for (const n of c.names) BY_NAME.set(n, c);

export function commandNames(): string[] {
  return [...BY_NAME.keys()];
}

/** Is this command repeated by an empty line? */
export function repeats(line: string): boolean {
  const name = /^\s*([a-z-]+)/.exec(line)?.[1];
  return !!name && !!BY_NAME.get(name)?.repeat;
}

export class Debugger {
  readonly s: Session;
  readonly sym: Symbolize;
  private readonly symbols = new Map<string, bigint>();
  private readonly write: (text: string) => void;
  private readonly st: Style;
  /** x's remembered format, unit and next address. */
  private xFmt = 'x';
  private xUnit = 'w';
  private xNext: bigint | null = null;
  private lastPid = 0;

  constructor(s: Session, elf: ElfFile, write: (text: string) => void, style: Style) {
    this.s = s;
    // names only for addresses inside the program image (not for the heap, mmap area or stack)
    const base = symbolizer(elf);
    const segs = elf.segments.filter((g) => g.type === 1).map((g) => [g.vaddr, g.vaddr + BigInt(g.memsz)] as const);
    this.sym = (a) => (segs.some(([lo, hi]) => a >= lo && a < hi) ? base(a) : undefined);
    for (const x of elf.symbols) {
      if (!x.name || isMappingSymbol(x.name) || x.type === STT_FILE || x.type === STT_SECTION) continue;
      if (!this.symbols.has(x.name) || x.bind !== 0) this.symbols.set(x.name, x.value);
    }
    this.write = write;
    this.st = style;
    this.lastPid = s.proc.pid;
  }

  private out(line = ''): void {
    this.write(line + '\n');
  }

  /** The greeting: what is loaded and where it stands. */
  banner(path: string): void {
    const s = this.s;
    const t = s.cfg.timing === 'none' ? 'no timing model' : `timing ${s.cfg.timing}${s.cfg.cpu ? ` (${s.cfg.cpu})` : ''}`;
    this.out(`mtemu debug: ${path}, pid ${s.proc.pid}, kernel ${s.cfg.variant}, ${t}; stop on ${[...s.stopOn].join(',') || 'nothing'}. 'help' lists commands.`);
    this.out(this.here());
  }

  /** `=> 0x4000f0 <read_it>: ldrb w21, [x20]` for the current pc. */
  here(): string {
    const s = this.s;
    const p = s.proc;
    if (p.state === 'zombie') return '(the program has exited)';
    return `=> ${loc(p.cpu.pc, this.sym)}: ${insnText(readWord(s.k, p, p.cpu.pc), p.cpu.pc, this.sym)}`;
  }

  /** Run one command line. Returns false for quit. */
  *exec(line: string): Work<boolean> {
    const text = line.trim();
    if (text === '' || text.startsWith('#')) return true;
    const m = /^([a-z-]+)(\/\S*)?\s*(.*)$/i.exec(text);
    if (!m) throw new CommandError(`Undefined command: "${text}".  Try "help".`);
    const name = m[1]!.toLowerCase();
    const slash = m[2] ?? '';
    const rest = m[3]!.trim();
    const def = BY_NAME.get(name);
    if (!def) throw new CommandError(`Undefined command: "${name}".  Try "help".`);
    if (slash && def.names[0] !== 'x') throw new CommandError(`${name} takes no /FMT`);
    if (rest && def.args === '') throw new CommandError(`${name} takes no arguments`);
    const s = this.s;
    const notes: TrapInfo[] = [];
    switch (def.names[0]) {
      case 'run':
        this.report(yield* s.cont());
        break;
      case 'step':
        this.report(yield* s.step(this.count(rest), notes), notes);
        break;
      case 'next': {
        const n = this.count(rest);
        let r: StopReport = { kind: 'step' };
        for (let i = 0; i < n; i++) {
          r = yield* this.nextOne(notes);
          if (r.kind !== 'step' && r.kind !== 'finish') break;
          r = { kind: 'step' };
        }
        this.report(r, notes);
        break;
      }
      case 'finish': {
        this.requireRunning();
        const lr = s.proc.cpu.xBig(30);
        this.out(`Run till exit from ${loc(s.pc, this.sym)} (return address x30 = ${loc(lr, this.sym)})`);
        this.report(yield* s.cont({ pc: Number(lr), sp: s.proc.cpu.xBig(31) }));
        break;
      }
      case 'break':
      case 'tbreak': {
        if (!rest) {
          this.infoBreakpoints();
          break;
        }
        const a = this.addr(rest.replace(/^\*/, ''));
        const bp = s.addBreakpoint(Number(BigInt.asUintN(56, a)), def.names[0] === 'tbreak');
        this.out(`${bp.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${bp.id} at ${loc(bp.addr, this.sym)}`);
        break;
      }
      case 'delete': {
        const id = rest ? Number(rest) : undefined;
        if (id !== undefined && !Number.isInteger(id)) throw new CommandError(`delete: bad id '${rest}'`);
        const n = s.delete(id);
        if (id !== undefined && n === 0) throw new CommandError(`No breakpoint or watchpoint number ${id}.`);
        this.out(id === undefined ? `Deleted ${n} breakpoint${n === 1 ? '' : 's'} and watchpoints.` : `Deleted ${id}.`);
        break;
      }
      case 'watch': {
        const [e, lenText] = splitLast(rest);
        if (!e) throw new CommandError('watch: expected ADDR [LEN]');
        const len = lenText === undefined ? 8 : parseNum(lenText);
        if (len === null || len < 1 || len > 4096) throw new CommandError(`watch: bad length '${lenText}' (1 to 4096 bytes)`);
        const a = this.addr(e);
        const w = s.addWatchpoint(Number(BigInt.asUintN(56, a)), len, e);
        this.out(`Watchpoint ${w.id}: ${e} (${len} byte${len === 1 ? '' : 's'} at ${loc(w.addr, this.sym)}), value ${fmtValue(w.shadow)}`);
        break;
      }
      case 'regs':
        this.regs();
        break;
      case 'x':
        this.examine(slash, rest);
        break;
      case 'tags':
        this.tags(rest);
        break;
      case 'pt':
        this.pt(rest);
        break;
      case 'vmas':
        this.vmas();
        break;
      case 'faults':
        this.faults();
        break;
      case 'explain':
        this.explain();
        break;
      case 'kernel': {
        const t = s.lastTrap;
        if (!t) this.out('No kernel entry yet.');
        else for (const l of kernelText(t, this.st)) this.out(l);
        break;
      }
      case 'disas':
        this.disas(rest);
        break;
      case 'info':
        if (/^b/.test(rest) || /^w/.test(rest)) this.infoBreakpoints();
        else if (/^r/.test(rest)) this.regs();
        else if (rest === '') this.info();
        else throw new CommandError(`info: unknown subcommand '${rest}' (breakpoints, registers)`);
        break;
      case 'reverse-step': {
        const r = yield* s.reverseStep(this.count(rest));
        this.report(r, [], true);
        break;
      }
      case 'reverse-continue':
        this.report(yield* s.reverseContinue());
        break;
      case 'stop-on':
        if (rest) {
          const cats = parseStopOn(rest);
          s.stopOn.clear();
          for (const c of cats) s.stopOn.add(c);
        }
        this.out(`Stop on: ${[...s.stopOn].join(',') || 'nothing (breakpoints, watchpoints and the end only)'}`);
        break;
      case 'digest':
        this.out(digestText(stateDigest(s.k)));
        break;
      case 'help':
        this.help(rest);
        break;
      case 'quit':
        return false;
    }
    return true;
  }

  private requireRunning(): void {
    if (this.s.exited) throw new CommandError('The program is not being run.');
  }

  private count(text: string): number {
    if (!text) return 1;
    const n = parseNum(text);
    if (n === null || n < 1) throw new CommandError(`expected a positive count, not '${text}'`);
    return n;
  }

  /** `next` over one instruction: a BL/BLR runs to its return. */
  private *nextOne(notes: TrapInfo[]): Work<StopReport> {
    const s = this.s;
    if (s.exited) return { kind: 'not-running' };
    const pc = s.pc;
    const w = readWord(s.k, s.proc, pc);
    const isCall = w !== undefined && ((w >>> 26) === 0b100101 || (w & 0xfffffc1f) === 0xd63f0000);
    if (!isCall) return yield* s.step(1, notes);
    return yield* s.cont({ pc: pc + 4, sp: s.proc.cpu.xBig(31) });
  }

  // ------------------------------------------------------------ stop reports

  report(r: StopReport, notes: TrapInfo[] = [], reverse = false): void {
    const s = this.s;
    for (const t of notes.slice(0, 20)) this.out('  ' + this.st.dim(trapNote(t)));
    if (notes.length > 20) this.out(`  [... ${notes.length - 20} more kernel entries]`);
    switch (r.kind) {
      case 'step':
        break;
      case 'breakpoint':
        this.out(`${r.bp.temporary ? 'Temporary breakpoint' : 'Breakpoint'} ${r.bp.id}, ${loc(r.bp.addr, this.sym)}`);
        break;
      case 'watch': {
        const w = r.w;
        this.out(this.st.bold(`Watchpoint ${w.id}: ${w.expr}`) + ` (${w.len} byte${w.len === 1 ? '' : 's'} at ${loc(w.addr, this.sym)})`);
        if (r.trap) {
          const rec = r.trap.records[0];
          this.out(`  changed by the kernel during ${rec ? `${rec.kind} ${rec.title}` : `kernel entry ${r.trap.n}`}  [insn ${r.insn}]`);
        } else {
          this.out(`  written by ${loc(r.pc, this.sym)}: ${insnText(readWord(s.k, s.proc, r.pc), r.pc, this.sym)}  [insn ${r.insn}]`);
        }
        this.out(`  Old value = ${fmtValue(r.old)}`);
        this.out(`  New value = ${fmtValue(r.now)}`);
        break;
      }
      case 'trap':
        if (reverse) {
          const t = r.trap;
          this.out(this.st.dim(`[back to just after kernel entry ${t.n}: ${trapNote(t).slice(1, -1)}; 'explain' for details]`));
        } else {
          for (const l of explainTrap(s.k, r.trap, this.sym, this.st)) this.out(l);
        }
        break;
      case 'exit':
        if (r.trap && !reverse) for (const l of explainTrap(s.k, r.trap, this.sym, this.st)) this.out(l);
        this.out(exitText(r.exit));
        return;
      case 'finish': {
        const x0 = s.proc.cpu.xBig(0);
        this.out(`Returned from ${loc(r.from, this.sym)}; x0 = ${hex(x0)} (${BigInt.asIntN(64, x0)})`);
        break;
      }
      case 'interrupted':
        this.out('Interrupted.');
        break;
      case 'history-start':
        this.out('No more reverse-execution history: this is the start of the program.');
        break;
      case 'not-running':
        this.out("The program is not being run: it has ended. 'reverse-step' and 'reverse-continue' go back into it.");
        return;
    }
    // the scheduler may have switched processes (a blocking wait4, a time slice end, an exit)
    const pid = s.proc.pid;
    if (pid !== this.lastPid && s.proc.state !== 'zombie') {
      this.out(`[now in process ${pid}]`);
      this.lastPid = pid;
    }
    this.out(this.here());
  }

  private explain(): void {
    const r = this.s.lastExplained;
    if (!r) {
      this.out('No exception yet.');
      return;
    }
    if (r.kind === 'trap' || (r.kind === 'exit' && r.trap)) {
      const t = r.kind === 'trap' ? r.trap : r.trap!;
      for (const l of explainTrap(this.s.k, t, this.sym, this.st)) this.out(l);
      // the walk as it is now
      const f = t.stop.kind === 'exception' ? t.stop.fault : undefined;
      if (f && this.s.proc.state !== 'zombie') {
        this.out('  walk now:');
        for (const l of this.walkLines(f.va)) this.out('  ' + l);
      }
      return;
    }
    this.report(r);
  }

  // ------------------------------------------------------------ expressions

  /** Evaluate an address expression: numbers, symbols, $registers, + and -. */
  addr(text: string): bigint {
    const t = text.trim();
    if (!t) throw new CommandError('expected an address');
    const parts = t.split(/\s*([+-])\s*/);
    let v = 0n;
    let sign = 1n;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (i % 2 === 1) {
        sign = p === '-' ? -1n : 1n;
        continue;
      }
      if (p === '' && i === 0) continue;
      v += sign * this.term(p);
    }
    return BigInt.asUintN(64, v);
  }

  private term(text: string): bigint {
    // gdb's &sym is the address, which is what a symbol means here already
    const p = text.startsWith('&') ? text.slice(1) : text;
    if (/^(0x[0-9a-f_]+|\d+)$/i.test(p)) return BigInt(p.replace(/_/g, ''));
    const sym = this.symbols.get(p);
    if (sym !== undefined) return sym;
    const r = /^\$?(x([0-9]|[12][0-9]|30)|sp|pc|lr|fp)$/i.exec(p);
    if (r && (p.startsWith('$') || !this.symbols.has(p))) {
      const c = this.s.proc.cpu;
      const n = r[1]!.toLowerCase();
      if (n === 'pc') return BigInt(c.pc);
      if (n === 'sp') return c.xBig(31);
      if (n === 'lr') return c.xBig(30);
      if (n === 'fp') return c.xBig(29);
      return c.xBig(Number(n.slice(1)));
    }
    throw new CommandError(`No symbol "${p}" in current context.`);
  }

  // ------------------------------------------------------------ registers, memory

  private regs(): void {
    const s = this.s;
    const cur = s.curRegs;
    if (!cur) return;
    for (const l of regsText(cur, s.prevRegs, this.sym, this.st)) this.out(l);
  }

  private examine(slash: string, rest: string): void {
    const s = this.s;
    const m = /^\/(\d*)([a-z]*)$/i.exec(slash || '/');
    if (!m) throw new CommandError(`x: bad format '${slash}'`);
    const count = m[1] ? Number(m[1]) : 1;
    for (const ch of m[2]!.toLowerCase()) {
      if ('bhwg'.includes(ch)) this.xUnit = ch;
      else if ('xduotcafsiz'.includes(ch)) this.xFmt = ch;
      else throw new CommandError(`x: unknown format letter '${ch}'`);
    }
    let a: bigint;
    if (rest) a = this.addr(rest);
    else if (this.xNext !== null) a = this.xNext;
    else throw new CommandError('x: expected an address');
    const p = s.proc;
    if (p.state === 'zombie') throw new CommandError('The program is not being run.');
    const fmt = this.xFmt;
    if (fmt === 'i') {
      let pc = a;
      for (let i = 0; i < count; i++) {
        const w = readWord(s.k, p, Number(pc));
        if (w === undefined) return this.cannot(pc);
        const mark = Number(pc) === p.cpu.pc ? '=> ' : '   ';
        this.out(`${mark}${loc(pc, this.sym)}:\t${disassembleText(w, { pc, symbolize: this.sym })}`);
        pc += 4n;
      }
      this.xNext = pc;
      return;
    }
    if (fmt === 's') {
      let at = a;
      for (let i = 0; i < count; i++) {
        const bytes: number[] = [];
        for (;;) {
          const b = readVirt(s.k, p, at + BigInt(bytes.length), 1);
          if (!b) {
            if (bytes.length === 0) return this.cannot(at);
            break;
          }
          if (b[0] === 0 || bytes.length >= 200) break;
          bytes.push(b[0]!);
        }
        this.out(`${loc(at, this.sym)}:\t${cString(bytes)}`);
        at += BigInt(bytes.length + 1);
      }
      this.xNext = at;
      return;
    }
    const unit = fmt === 'c' ? 'b' : fmt === 'a' ? 'g' : this.xUnit;
    const size = { b: 1, h: 2, w: 4, g: 8 }[unit]!;
    const perLine = fmt === 'c' ? 8 : fmt === 'a' ? 2 : fmt === 't' ? { b: 8, h: 4, w: 2, g: 1 }[unit]! : { b: 8, h: 8, w: 4, g: 2 }[unit]!;
    const data = readVirt(s.k, p, a, count * size);
    if (!data) {
      // find the first unreadable byte for the message
      for (let i = 0; i < count * size; i++) if (!readVirt(s.k, p, a + BigInt(i), 1)) return this.cannot(a + BigInt(i));
    }
    const dv = new DataView(data!.buffer);
    for (let i = 0; i < count; i += perLine) {
      const items: string[] = [];
      for (let j = i; j < Math.min(count, i + perLine); j++) items.push(fmtItem(dv, j * size, size, fmt, this.sym));
      this.out(`${loc(a + BigInt(i * size), this.sym)}:\t${items.join('\t')}`);
    }
    this.xNext = a + BigInt(count * size);
  }

  private cannot(a: bigint): void {
    const s = this.s;
    const v = findVma(s.proc.mm.vmas, Number(BigInt.asUintN(48, a)));
    const why = v ? `in VMA ${vmaText(s.k, v)}, but not mapped yet: the first access will fault` : 'no VMA';
    this.out(`Cannot access memory at address ${hex(a)} (${why})`);
  }

  private tags(rest: string): void {
    const s = this.s;
    const [e, nText] = splitLast(rest);
    if (!e) throw new CommandError('tags: expected ADDR [N]');
    const n = nText === undefined ? 8 : parseNum(nText);
    if (n === null || n < 1 || n > 4096) throw new CommandError(`tags: bad count '${nText}'`);
    const ptr = this.addr(e);
    const p = s.proc;
    if (p.state === 'zombie') throw new CommandError('The program is not being run.');
    const ltag = Number((ptr >> 56n) & 0xfn);
    const base = BigInt.asUintN(48, ptr) & ~0xfn;
    const w = walkOf(s.k, p, base);
    const tagged = w.result?.tagged === true;
    const checks = p.cpu.tcf0 === 0 ? 'tag checks are off (TCF0 = 0: prctl did not ask for them)' : `tag check mode ${['none', 'sync', 'async', 'asymm'][p.cpu.tcf0]}`;
    this.out(`pointer ${hex64(ptr)}: logical tag 0x${ltag.toString(16)}; page ${w.result ? (tagged ? 'Normal-Tagged: accesses are tag-checked' : `${attrName(w.result.attr)}: not tagged, accesses are not checked`) : 'not mapped'}; ${checks}`);
    this.out(`  granule           tag`);
    for (let i = 0; i < n; i++) {
      const g = base + BigInt(16 * i);
      const t = allocTagAt(s.k, p, g);
      if (t === null) {
        this.out(`  ${hex(g).padEnd(16)}  -    not mapped`);
        continue;
      }
      const verdict = !tagged ? '' : t === ltag ? 'match' : this.st.red('MISMATCH');
      this.out(`  ${hex(g).padEnd(16)}  0x${t.toString(16)}  ${verdict}`.trimEnd());
    }
  }

  private walkLines(va: bigint): string[] {
    const s = this.s;
    const p = s.proc;
    const w = walkOf(s.k, p, va);
    const out: string[] = [];
    for (const st of w.steps) {
      out.push(`L${st.level}  desc @${hex(st.descPa)}  ${hex64(st.desc)}  ${descText(st.desc, st.level)}`);
    }
    if (w.result) {
      const r = w.result;
      const perms = (['r', 'w', 'x'] as const).map((acc) => {
        const t = walkOf(s.k, p, va, acc, false);
        return `${acc === 'r' ? 'read' : acc === 'w' ? 'write' : 'exec'} ${t.fault ? t.fault.kind + ' fault' : 'ok'}`;
      });
      out.push(`=> PA ${hex(r.pa)}, ${attrName(r.attr)}${r.tagged ? ' (MTE tag checks apply)' : ''}; EL0 ${perms.join(', ')}`);
    } else if (w.fault) {
      out.push(`=> ${w.fault.kind} fault, level ${w.fault.level}: the access would fault`);
    }
    return out;
  }

  private pt(rest: string): void {
    const s = this.s;
    const va = this.addr(rest);
    const p = s.proc;
    if (p.state === 'zombie') throw new CommandError('The program is not being run.');
    this.out(`Walk for ${hex64(va)} (logical tag 0x${((va >> 56n) & 0xfn).toString(16)}): pid ${p.pid}, TTBR0 ${hex(p.mm.rootPa)}, ASID ${p.mm.asid}`);
    for (const l of this.walkLines(va)) this.out('  ' + l);
  }

  private vmas(): void {
    const s = this.s;
    const p = s.proc;
    const mm = p.mm;
    if (p.state === 'zombie') throw new CommandError('The program is not being run.');
    this.out(`  ${'start'.padEnd(16)} ${'end'.padEnd(16)} ${'size'.padStart(8)}  prot  ${'name'.padEnd(12)} notes`);
    for (const v of mm.vmas) {
      const notes: string[] = [];
      if (v.refpage !== undefined) notes.push(vmaText(s.k, v).replace(/^.*?\(/, '(').replace(/\)$/, ')'));
      if (v.shared) notes.push('shared');
      if (v.anonVma) notes.push('has pages');
      if (v.growsDown) notes.push('grows down');
      this.out(`  ${hex(v.start).padEnd(16)} ${hex(v.end).padEnd(16)} ${sizeText(v.end - v.start).padStart(8)}  ${protString(v.prot)}  ${v.name.padEnd(12)} ${notes.join(', ')}`.trimEnd());
    }
    this.out(`RSS ${mm.rss} pages (anon ${mm.anonPages}, file ${mm.filePages}), high-water ${Math.max(mm.hiwaterRss, mm.rss)}; brk ${hex(mm.brk)}`);
  }

  private faults(): void {
    const s = this.s;
    const h = s.faultHistory;
    if (h.length === 0) {
      this.out('No faults, tag check faults or signals yet.');
      return;
    }
    const timed = s.cfg.timing !== 'none';
    this.out(`  ${'#'.padStart(3)}  ${'insn'.padStart(8)}  ${'pc'.padEnd(26)} ${'address'.padEnd(18)} ${'kind'.padEnd(28)} ${'outcome'.padEnd(18)}${timed ? ' cycles' : ''}`);
    h.forEach((t, i) => {
      const f = t.stop.kind === 'exception' ? t.stop.fault : undefined;
      const addr = f ? hex(BigInt.asUintN(56, f.va)) : '';
      // the fault's own kind first (a tag check), then faults the kernel took on the way (signal frame)
      const keys = Object.keys(t.faultKinds).sort((a, b) => Number(b.startsWith('tag') || b === 'segv' || b === 'bus') - Number(a.startsWith('tag') || a === 'segv' || a === 'bus'));
      const kinds = keys.join(',') || t.records[0]?.kind || '';
      const acc = f ? (f.exec ? 'x' : f.write ? 'w' : 'r') : '';
      const main = t.records.find((r) => r.kind === 'fault' || r.kind === 'async-tag') ?? t.records[0];
      const sig = t.signals.map((x) => `${signalName(x.sig.signo)}${x.action === 'kill' ? ' (fatal)' : ''}`).join(' ');
      const outcome = main?.outcome === 'resolved' ? 'resolved' : sig || main?.outcome || '';
      this.out(`  ${String(i + 1).padStart(3)}  ${String(t.pos.insn).padStart(8)}  ${loc(t.pc, this.sym).padEnd(26)} ${addr.padEnd(18)} ${(kinds + (acc ? ` (${acc})` : '')).padEnd(28)} ${outcome.padEnd(18)}${timed ? ' ' + (t.kernelCycles === null ? '' : cyc(t.kernelCycles)) : ''}`.trimEnd());
    });
  }

  private disas(rest: string): void {
    const s = this.s;
    const p = s.proc;
    if (p.state === 'zombie') throw new CommandError('The program is not being run.');
    const args = rest.split(/\s+/).filter(Boolean);
    let n = 8;
    let a: bigint;
    if (args.length >= 2 && parseNum(args[args.length - 1]!) !== null) {
      n = parseNum(args.pop()!)!;
    }
    if (args.length) a = this.addr(args.join(' '));
    else a = BigInt(Math.max(0, p.cpu.pc - 8));
    a &= ~3n;
    for (let i = 0; i < n; i++) {
      const pc = a + BigInt(4 * i);
      const w = readWord(s.k, p, Number(pc));
      if (w === undefined) return this.cannot(pc);
      const mark = Number(pc) === p.cpu.pc ? '=> ' : '   ';
      this.out(`${mark}${loc(pc, this.sym)}:\t${w.toString(16).padStart(8, '0')}\t${disassembleText(w, { pc, symbolize: this.sym })}`);
    }
  }

  private info(): void {
    const s = this.s;
    const k = s.k;
    const p = s.proc;
    const pos = s.pos();
    this.out(`Program   ${s.cfg.argv.join(' ')}: pid ${p.pid} (${p.state}), kernel ${s.cfg.variant}`);
    this.out(`Position  insn ${pos.insn}, kernel entries ${pos.entries}${s.exited ? ' (the program has ended)' : ''}`);
    if (k.tm) {
      this.out(`Cycles    ${cyc(k.tm.cycles())} (user ${cyc(k.tm.userCycles)}, kernel ${cyc(k.tm.kernelCycles)}); timing ${s.cfg.timing}, profile ${k.tm.profile.name}`);
    } else {
      this.out('Cycles    no timing model (--timing none)');
    }
    const procs = [...k.procs.values()];
    for (const q of procs) {
      const mm = q.mm;
      this.out(`RSS       pid ${q.pid}: ${q.state === 'zombie' ? 'exited' : `${mm.rss} pages (anon ${mm.anonPages}, file ${mm.filePages}), high-water ${Math.max(mm.hiwaterRss, mm.rss)}, minor faults ${q.minflt}`}`);
    }
    this.out(`Refpages  ${k.liveRefpages} live`);
    const faults = Object.entries(k.faultCounts).filter(([, v]) => v).map(([kk, v]) => `${kk} ${v}`);
    this.out(`Faults    ${faults.join(', ') || 'none'}`);
    const sys = Object.entries(k.syscallCounts).map(([kk, v]) => `${kk} ${v}`);
    this.out(`Syscalls  ${sys.join(', ') || 'none'}`);
    this.out(`Stop on   ${[...s.stopOn].join(',') || 'nothing'}`);
    this.infoBreakpoints();
  }

  private infoBreakpoints(): void {
    const s = this.s;
    if (!s.breakpoints.length && !s.watchpoints.length) {
      this.out('No breakpoints or watchpoints.');
      return;
    }
    for (const b of s.breakpoints) this.out(`${b.temporary ? 'tbreak' : 'break'} ${b.id} at ${loc(b.addr, this.sym)}, hit ${b.hits} time${b.hits === 1 ? '' : 's'}`);
    for (const w of s.watchpoints) this.out(`watch ${w.id} ${w.expr}: ${w.len} bytes at ${loc(w.addr, this.sym)}, value ${fmtValue(w.shadow)}, hit ${w.hits} time${w.hits === 1 ? '' : 's'}`);
  }

  private help(rest: string): void {
    if (rest) {
      const d = BY_NAME.get(rest);
      if (!d) throw new CommandError(`Undefined command: "${rest}".  Try "help".`);
      this.out((d.args.startsWith('/') ? `${d.names[0]}${d.args}` : `${d.names[0]} ${d.args}`.trimEnd()) + (d.names.length > 1 ? `   (also: ${d.names.slice(1).join(', ')})` : ''));
      this.out(`  ${d.help}`);
      return;
    }
    const syn = (c: CommandDef) => (c.args.startsWith('/') ? `${c.names[0]}${c.args}` : `${c.names[0]} ${c.args}`.trimEnd());
    const w = Math.max(...COMMANDS.map((c) => syn(c).length));
    for (const c of COMMANDS) this.out(`  ${syn(c).padEnd(w)}  ${c.help}`);
    this.out(`Stop events (stop-on): ${STOP_CATEGORIES.join(', ')}. 'help COMMAND' shows a command's short names. Ctrl-C interrupts a run.`);
  }
}

// ---------------------------------------------------------------- helpers

export function parseStopOn(text: string): StopCategory[] {
  const t = text.trim().toLowerCase();
  if (t === 'all') return [...STOP_CATEGORIES];
  if (t === 'none' || t === '') return [];
  const out: StopCategory[] = [];
  for (const w of t.split(/[\s,]+/).filter(Boolean)) {
    const c = w.replace(/s$/, '') as StopCategory;
    if (!STOP_CATEGORIES.includes(c)) throw new CommandError(`stop-on: unknown event '${w}' (expected ${STOP_CATEGORIES.join(', ')}, all or none)`);
    if (!out.includes(c)) out.push(c);
  }
  return out;
}

function parseNum(t: string): number | null {
  const s = t.trim().replace(/_/g, '');
  if (!/^(0x[0-9a-f]+|\d+)$/i.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

/** "expr N" -> [expr, N] when the last word is a number and something precedes it. */
function splitLast(t: string): [string, string | undefined] {
  const m = /^(.*\S)\s+(0x[0-9a-f]+|\d+)$/i.exec(t.trim());
  if (m && !/[+-]$/.test(m[1]!)) return [m[1]!, m[2]!];
  return [t.trim(), undefined];
}

function sizeText(n: number): string {
  if (n % (1 << 20) === 0) return `${n >> 20}M`;
  if (n % 1024 === 0) return `${n >> 10}K`;
  return String(n);
}

/** A watched value: an integer for 1/2/4/8 bytes (little endian), else bytes. */
export function fmtValue(b: Uint8Array | null): string {
  if (b === null) return '<not mapped>';
  if (b.length <= 8 && (b.length & (b.length - 1)) === 0) {
    let v = 0n;
    for (let i = b.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
    return `0x${v.toString(16).padStart(b.length * 2, '0')} (${v})`;
  }
  const shown = [...b.subarray(0, 32)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  return b.length > 32 ? `${shown} ...` : shown;
}

function cString(bytes: number[]): string {
  let s = '"';
  for (const b of bytes) {
    if (b === 0x22) s += '\\"';
    else if (b === 0x5c) s += '\\\\';
    else if (b === 10) s += '\\n';
    else if (b === 9) s += '\\t';
    else if (b >= 0x20 && b < 0x7f) s += String.fromCharCode(b);
    else s += '\\' + b.toString(8).padStart(3, '0');
  }
  return s + '"';
}

function fmtItem(dv: DataView, off: number, size: number, fmt: string, sym: Symbolize): string {
  let u: bigint;
  switch (size) {
    case 1: u = BigInt(dv.getUint8(off)); break;
    case 2: u = BigInt(dv.getUint16(off, true)); break;
    case 4: u = BigInt(dv.getUint32(off, true)); break;
    default: u = dv.getBigUint64(off, true);
  }
  const bits = size * 8;
  switch (fmt) {
    case 'x':
    case 'z':
      return '0x' + u.toString(16).padStart(size * 2, '0');
    case 'd':
      return BigInt.asIntN(bits, u).toString();
    case 'u':
      return u.toString();
    case 'o':
      return u === 0n ? '0' : '0' + u.toString(8);
    case 't':
      return u.toString(2).padStart(bits, '0');
    case 'c': {
      const c = Number(u);
      const ch = c === 0 ? '\\000' : c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '\\' + c.toString(8).padStart(3, '0');
      return `${BigInt.asIntN(8, u)} '${ch}'`;
    }
    case 'a':
      return loc(u, sym);
    case 'f':
      if (size === 4) return String(dv.getFloat32(off, true));
      if (size === 8) return String(dv.getFloat64(off, true));
      return '0x' + u.toString(16).padStart(size * 2, '0');
  }
  return u.toString();
}

export function exitText(e: { exitCode?: number; signal?: number; limit?: boolean; hostError?: string }): string {
  if (e.exitCode !== undefined) return `Program exited with code ${e.exitCode}.`;
  if (e.signal !== undefined) return `Program terminated by signal ${signalName(e.signal)} (${e.signal}): status ${128 + e.signal}.`;
  if (e.hostError !== undefined) return `Program stopped: host limit: ${e.hostError}`;
  return 'Program stopped: instruction limit reached (--max-insns).';
}


// The page-fault path: Linux's handle_mm_fault for anonymous memory
// (mm/memory.c do_anonymous_page and do_wp_page / wp_page_copy) with the
// reference-page patch (seed v5) and its reviewers' variant.
//
// Cases, for a user access to va in VMA v:
//   no VMA, or below a stack that cannot grow   -> SIGSEGV SEGV_MAPERR
//   access not allowed by v.prot                -> SIGSEGV SEGV_ACCERR
//   empty PTE, read/exec fault, private v:
//     refpage-v5: map the zero page, or v's reference page, read-only as a
//                 special PTE (no page allocated, no RSS)
//     fill-on-fault (D. Hildenbrand's proposal): refpage VMAs allocate and
//                 fill on any fault; ordinary anonymous VMAs as refpage-v5
//   empty PTE, write fault (or shared v): allocate a page, clear it (zero;
//     with PROT_MTE also its tags) or fill it from the reference content,
//     map it writable, RSS + 1
//   present read-only PTE, write fault (do_wp_page):
//     special (zero page / refpage) -> wp_page_copy: a fresh page filled as
//                 above replaces it; RSS + 1
//     anonymous page mapped once    -> reuse: make the PTE writable
//     anonymous page shared by fork -> copy data (and tags), replace, drop
//                 the old reference
//   present PTE allowing the access              -> spurious (stale TLB): TLBI
// Every PTE change of a present entry is followed by the TLB flush policy
// in vm.ts; installs into an empty PTE are not.

import { PROT_EXEC, PROT_MTE, PROT_READ, PROT_WRITE, SI, SIG } from './abi.ts';
import type { Kernel } from './kernel.ts';
import { PG } from './kalloc.ts';
import { PAGE_SIZE, STACK_MAX } from './layout.ts';
import { Desc, descAddr, descValid, pteSpecial, pteWritable, walk, makeUserPte } from './pagetable.ts';
import type { Mm } from './proc.ts';
import { fillFromRefpage, refpageName } from './refpage.ts';
import { descBig, flushTlbRange, installPte, mmCounterAdd } from './vm.ts';
import { findVma, modifyRange, replaceVma, type Vma } from './vma.ts';

export type FaultResult = { ok: true } | { ok: false; signo: number; code: number };

const OK: FaultResult = { ok: true };
const MAPERR: FaultResult = { ok: false, signo: SIG.SIGSEGV, code: SI.SEGV_MAPERR };
const ACCERR: FaultResult = { ok: false, signo: SIG.SIGSEGV, code: SI.SEGV_ACCERR };
const OOM: FaultResult = { ok: false, signo: SIG.SIGKILL, code: 0 };

const pte = new Desc();

/** Which fault this is, for the log and the counters. */
export type FaultKind = 'zero-map' | 'refpage-map' | 'anon-alloc' | 'refpage-fill' | 'cow-zero' | 'cow-refpage' | 'cow-copy' | 'cow-reuse' | 'shared-alloc' | 'spurious';

/**
 * Handle a translation or permission fault of the user at `va` (a 48-bit
 * VA, top byte already stripped). access: 'r', 'w' or 'x'.
 */
export function handleMmFault(k: Kernel, mm: Mm, va: number, access: 'r' | 'w' | 'x'): FaultResult {
  // handle_mm_fault's fixed work beyond what we model step by step (memcg, rmap, LRU): the fit knob
  k.km.event('faultPath');
  k.km.event('vmaLookup');
  let v = findVma(mm.vmas, va);
  if (!v) {
    v = expandStack(k, mm, va);
    if (!v) {
      if (k.log.on) k.log.step(`no VMA contains 0x${va.toString(16)}`);
      return MAPERR;
    }
  }
  const need = access === 'w' ? PROT_WRITE : access === 'x' ? PROT_EXEC : PROT_READ;
  if ((v.prot & need) === 0) {
    if (k.log.on) k.log.step(`VMA ${fmtVma(v)} does not allow ${access === 'w' ? 'writes' : access === 'x' ? 'execution' : 'reads'}`);
    return ACCERR;
  }
  const page = va - (va % PAGE_SIZE);
  const slot = walk(k.km, k.pages, mm.rootPa, page, true);
  if (slot < 0) return OOM;
  k.km.readDesc(slot, pte);
  if (!descValid(pte)) return faultEmpty(k, mm, v, page, slot, access === 'w');
  if (access === 'w' && !pteWritable(pte)) return faultWriteProtected(k, mm, v, page, slot);
  // The PTE allows the access: a stale TLB entry (e.g. a permission fault cached before an upgrade).
  k.countFault('spurious');
  if (k.log.on) k.log.step('PTE already allows the access: spurious fault, flush the stale TLB entry');
  flushTlbRange(k, mm, page, page + PAGE_SIZE);
  return OK;
}

/** do_anonymous_page (and the shared-anonymous case). */
function faultEmpty(k: Kernel, mm: Mm, v: Vma, page: number, slot: number, write: boolean): FaultResult {
  const refpage = v.refpage !== undefined ? k.refpage(v.refpage) : undefined;
  const fillOnFault = refpage !== undefined && k.variant === 'fill-on-fault';
  if (!write && !v.shared && !fillOnFault) {
    // map the zero page or the reference page read-only: special PTE, no RSS
    const pa = refpage ? refpage.pfn * PAGE_SIZE : k.zeroPfn * PAGE_SIZE;
    installPte(k, mm, slot, page, pa, v, false, true);
    k.countFault(refpage ? 'refpage-map' : 'zero-map');
    if (k.log.on) k.log.step(refpage
      ? `read fault in refpage VMA: map reference page pfn 0x${refpage.pfn.toString(16)} read-only (special PTE, no RSS)`
      : `read fault in anonymous VMA: map the zero page pfn 0x${k.zeroPfn.toString(16)} read-only (special PTE, no RSS)`);
    return OK;
  }
  const pfn = k.pages.alloc();
  if (pfn < 0) return OOM;
  k.km.event('pageAlloc');
  const pa = pfn * PAGE_SIZE;
  k.machine.invalidateCode(pa);
  if (refpage) {
    fillFromRefpage(k, refpage, pa, v);
    k.countFault('refpage-fill');
    if (k.log.on) k.log.step(`${write ? 'write' : 'read'} fault in refpage VMA: alloc pfn 0x${pfn.toString(16)}, ${refpageName(refpage)}, map ${v.prot & PROT_WRITE ? 'RW' : 'RO'}, +1 RSS`);
  } else {
    clearUserPage(k, pa, v);
    k.countFault(v.shared ? 'shared-alloc' : 'anon-alloc');
    if (k.log.on) k.log.step(`${write ? 'write' : 'read'} fault in ${v.shared ? 'shared ' : ''}anonymous VMA: alloc pfn 0x${pfn.toString(16)}, clear page${v.prot & PROT_MTE ? ' and tags (DC GZVA, tag 0)' : ''}, map RW, +1 RSS`);
  }
  markAnonVma(k, mm, v);
  installPte(k, mm, slot, page, pa, v, true, false);
  return OK;
}

/** do_wp_page: a write to a present read-only PTE in a writable VMA. */
function faultWriteProtected(k: Kernel, mm: Mm, v: Vma, page: number, slot: number): FaultResult {
  const oldPa = descAddr(pte);
  const before = k.log.on ? descBig(pte) : 0n;
  if (!pteSpecial(pte)) {
    const oldPfn = oldPa / PAGE_SIZE;
    if (k.pages.refcount[oldPfn] === 1 && k.pages.mapcount[oldPfn] === 1) {
      // only user of the page: make it writable in place (wp_page_reuse)
      makeUserPte(pte, oldPa, { write: true, exec: (v.prot & PROT_EXEC) !== 0, tagged: (v.prot & PROT_MTE) !== 0 }, false);
      k.km.writeDesc(slot, pte);
      flushTlbRange(k, mm, page, page + PAGE_SIZE);
      k.countFault('cow-reuse');
      if (k.log.on) {
        k.log.pte(page, before, descBig(pte));
        k.log.step(`write to read-only PTE of a page mapped once (pfn 0x${oldPfn.toString(16)}): reuse it, make the PTE writable`);
      }
      return OK;
    }
  }
  const pfn = k.pages.alloc();
  if (pfn < 0) return OOM;
  k.km.event('pageAlloc');
  const pa = pfn * PAGE_SIZE;
  k.machine.invalidateCode(pa);
  const refpage = v.refpage !== undefined ? k.refpage(v.refpage) : undefined;
  let what: string;
  if (pteSpecial(pte)) {
    if (refpage && oldPa === refpage.pfn * PAGE_SIZE) {
      fillFromRefpage(k, refpage, pa, v);
      k.countFault('cow-refpage');
      what = `write to the reference page mapping: alloc pfn 0x${pfn.toString(16)}, ${refpageName(refpage)}`;
    } else {
      clearUserPage(k, pa, v);
      k.countFault('cow-zero');
      what = `write to the zero page mapping: alloc pfn 0x${pfn.toString(16)}, clear page${v.prot & PROT_MTE ? ' and tags' : ''}`;
    }
  } else {
    const oldPfn = oldPa / PAGE_SIZE;
    const tags = (v.prot & PROT_MTE) !== 0 && k.pages.isTagged(oldPfn);
    k.km.copyPage(pa, oldPa, tags);
    if (tags) k.pages.flags[pfn]! |= PG.mteTagged;
    k.countFault('cow-copy');
    what = `copy-on-write of pfn 0x${oldPfn.toString(16)} (shared after fork): alloc pfn 0x${pfn.toString(16)}, copy data${tags ? ' and tags' : ''}`;
    // drop the old page (the new one is installed below)
    k.pages.mapcount[oldPfn]!--;
    mm.updateHiwater();
    mmCounterAdd(k, mm, oldPfn, -1);
    k.pages.put(oldPfn);
  }
  markAnonVma(k, mm, v);
  // break-before-make: clear, flush, then install
  pte.lo = 0;
  pte.hi = 0;
  k.km.writeDesc(slot, pte);
  if (k.log.on) k.log.pte(page, before, 0n);
  flushTlbRange(k, mm, page, page + PAGE_SIZE);
  installPte(k, mm, slot, page, pa, v, true, false);
  if (k.log.on) k.log.step(`${what}, map RW, +1 RSS`);
  return OK;
}

/**
 * Clear a newly allocated user page: clear_page (DC ZVA loop); for a
 * PROT_MTE VMA the tags are cleared with it (mte_zero_clear_page_tags: DC
 * GZVA with tag 0) and the page is marked PG_mte_tagged.
 */
export function clearUserPage(k: Kernel, pa: number, v: Vma): void {
  if (v.prot & PROT_MTE) {
    k.km.gzvaPage(pa, 0);
    k.pages.flags[pa / PAGE_SIZE]! |= PG.mteTagged;
  } else {
    k.km.zeroPage(pa);
  }
}

/** Record that the VMA now has anonymous pages (anon_vma_prepare). */
function markAnonVma(k: Kernel, mm: Mm, v: Vma): void {
  if (v.anonVma) return;
  const ch = replaceVma(mm.vmas, v, { ...v, anonVma: true });
  mm.vmas = ch.list;
  k.log.patches(ch.patches);
}

/**
 * Stack growth: a fault below the stack VMA within the stack limit
 * extends it downwards (expand_stack). Returns the grown VMA or undefined.
 */
function expandStack(k: Kernel, mm: Mm, va: number): Vma | undefined {
  const above = mm.vmas.find((x) => x.start > va);
  if (!above || !above.growsDown) return undefined;
  const page = va - (va % PAGE_SIZE);
  if (above.end - page > STACK_MAX) return undefined;
  // the gap below the stack must be free
  const below = [...mm.vmas].reverse().find((x) => x.end <= above.start);
  if (below && below.end > page) return undefined;
  const ch = modifyRange(mm.vmas, above.start, above.end, (p) => ({ ...p, start: page }));
  mm.vmas = ch.list;
  k.log.patches(ch.patches);
  if (k.log.on) k.log.step(`grow the stack down to 0x${page.toString(16)}`);
  return findVma(mm.vmas, va);
}

export function fmtVma(v: Vma): string {
  return `[0x${v.start.toString(16)}-0x${v.end.toString(16)}) ${v.name}`;
}

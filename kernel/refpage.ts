// refpage_create(content, size, flags) — the seed patch (v5, mm/refpage.c
// and arch/arm64/mm/fault.c), with the fixes its reviewers asked for.
//
// The syscall validates its arguments (flags != 0, size not a power of two
// or > PAGE_SIZE, content not size-aligned -> EINVAL), pins the content's
// page (with FOLL_WRITE, as C. Marinas asked: a content page that cannot be
// written -> EFAULT, like an unmapped one), allocates the reference page,
// fills it by repeating the content, classifies the content, and returns an
// fd (O_RDONLY | O_CLOEXEC) for an anonymous "[refpage]" file.
//
// Classification (what a write fault does to fill a new page):
//   PATTERN     size == 1: memset of the byte
//   MTE_TAGGED  size == 16, sixteen zero bytes, in a PROT_MTE mapping,
//               with a non-zero allocation tag: DC GZVA of the page with
//               that tag (mte_zero_set_page_tags)
//   USER_SET    anything else: copy of the reference page; with its tags
//               when the source was PROT_MTE and size >= 16
// The reference page is PG_mte_tagged only when the source was PROT_MTE
// (Marinas: do not force tagging of a page that was not mapped PROT_MTE);
// otherwise its tags are zero.
//
// Lifetime: the File holds the refpage; fds and VMAs hold the File. The
// frame is freed at the last put (refpage_release), i.e. after both
// close(fd) and the last munmap/exit, in either order.

import { E, PROT_MTE } from './abi.ts';
import type { Kernel } from './kernel.ts';
import { PG } from './kalloc.ts';
import { PAGE_SIZE } from './layout.ts';
import type { Proc } from './proc.ts';
import { findVma, type Vma } from './vma.ts';
import { userPa } from './vm.ts';

export type RefpageContent = 'PATTERN' | 'MTE_TAGGED' | 'USER_SET';

export interface Refpage {
  readonly id: number;
  /** Frame of the reference page. */
  readonly pfn: number;
  readonly content: RefpageContent;
  /** PATTERN: the byte; MTE_TAGGED: the tag. */
  readonly info: number;
  /** The reference page carries meaningful tags (source was PROT_MTE). */
  readonly tagged: boolean;
  readonly size: number;
}

/** Is n a power of two (n > 0)? */
const pow2 = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;

/** sys_refpage_create. Returns an fd or -errno. */
export function sysRefpageCreate(k: Kernel, p: Proc, content: bigint, sizeArg: bigint, flags: bigint): number {
  if (flags !== 0n) return -E.EINVAL;
  const size = Number(BigInt.asUintN(32, sizeArg)); // `unsigned int size`
  if (!pow2(size) || size > PAGE_SIZE) return -E.EINVAL;
  if (content % BigInt(size) !== 0n) return -E.EINVAL;
  const va = Number(BigInt.asUintN(56, content) & 0xffffffffffffn);
  const log = k.log.on;
  // pin the content page for write (get_user_pages with FOLL_WRITE)
  const pa = userPa(k, content, true);
  if (pa < 0) {
    if (log) k.log.step('content is not mapped writable: EFAULT');
    return -E.EFAULT;
  }
  const vma = findVma(p.mm.vmas, va)!;
  const srcTagged = (vma.prot & PROT_MTE) !== 0;
  // the content bytes (and the first granule's tag) as the kernel sees them
  const bytes = k.machine.mem.readBytes(pa, size);
  k.km.sink.mem('copyFromUser', pa, size);
  const tag = srcTagged ? k.machine.mem.getTag(pa) & 0xf : 0;

  const pfn = k.pages.alloc(PG.refpage | PG.reserved);
  if (pfn < 0) return -E.ENOMEM;
  k.km.event('pageAlloc');
  const rpa = pfn * PAGE_SIZE;
  let kind: RefpageContent = 'USER_SET';
  let info = 0;
  if (size === 1) {
    kind = 'PATTERN';
    info = bytes[0]!;
    k.km.fillPage(rpa, info);
    k.km.clearTagsPage(rpa);
  } else {
    // repeat the content over the page (with its tags when the source is tagged and size >= 16)
    for (let off = 0; off < PAGE_SIZE; off += size) k.machine.mem.writeBytes(rpa + off, bytes);
    k.km.sink.mem('copyPage', rpa, PAGE_SIZE, pa);
    if (srcTagged && size >= 16) {
      const tags = k.machine.mem.getTags(pa, size / 16);
      for (let off = 0; off < PAGE_SIZE; off += size) for (let g = 0; g < size / 16; g++) k.machine.mem.setTag(rpa + off + g * 16, tags[g]!);
      k.km.sink.mem('setTags', rpa, PAGE_SIZE);
    } else {
      k.km.clearTagsPage(rpa);
    }
    if (size === 16 && srcTagged && tag !== 0 && bytes.every((b) => b === 0)) {
      kind = 'MTE_TAGGED';
      info = tag;
    }
  }
  if (srcTagged) k.pages.flags[pfn]! |= PG.mteTagged;
  const rp: Refpage = { id: k.nextRefpageId(), pfn, content: kind, info, tagged: srcTagged, size };
  const fd = k.openRefpageFile(p, rp);
  if (fd < 0) {
    k.releaseRefpage(rp);
    return fd;
  }
  if (log) k.log.step(`refpage_create: ${size}-byte content at 0x${va.toString(16)} -> ${kind}${kind === 'PATTERN' ? ` 0x${info.toString(16)}` : kind === 'MTE_TAGGED' ? ` tag 0x${info.toString(16)}` : ''}, reference page pfn 0x${pfn.toString(16)}${srcTagged ? ' (tagged)' : ''}, fd ${fd}`);
  return fd;
}

/**
 * arch_copy_refpage: fill a newly allocated page at `pa` for VMA v from the
 * reference page, by its content type. For a PROT_MTE VMA the new page is
 * PG_mte_tagged; its tags come from the reference (MTE_TAGGED: the tag;
 * USER_SET from a tagged source: copied) or are cleared (mte_sync_tags on
 * set_pte_at clears the tags of a page newly mapped tagged).
 */
export function fillFromRefpage(k: Kernel, rp: Refpage, pa: number, v: Vma): void {
  const tagged = (v.prot & PROT_MTE) !== 0;
  switch (rp.content) {
    case 'PATTERN':
      k.km.fillPage(pa, rp.info);
      if (tagged) k.km.clearTagsPage(pa);
      break;
    case 'MTE_TAGGED':
      k.km.gzvaPage(pa, rp.info);
      break;
    case 'USER_SET':
      k.km.copyPage(pa, rp.pfn * PAGE_SIZE, tagged && rp.tagged);
      if (tagged && !rp.tagged) k.km.clearTagsPage(pa);
      break;
  }
  if (tagged || rp.content === 'MTE_TAGGED') k.pages.flags[pa / PAGE_SIZE]! |= PG.mteTagged;
}

export function refpageName(rp: Refpage): string {
  switch (rp.content) {
    case 'PATTERN': return `memset 0x${rp.info.toString(16)} x4096 (PATTERN)`;
    case 'MTE_TAGGED': return `DC GZVA x4096 with tag 0x${rp.info.toString(16)} (MTE_TAGGED)`;
    case 'USER_SET': return `copy of the reference page${rp.tagged ? ' with tags' : ''} (USER_SET)`;
  }
}

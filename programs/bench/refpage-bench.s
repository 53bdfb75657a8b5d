// refpage-bench: the seed's microbenchmark (refpage v5 commit message,
// ../shared/seed/refpage-v5-thread.txt) in assembly, plus two MTE modes.
//
// Usage: refpage-bench mmap_size touch_size [iterations [mode]]
//   mmap_size, touch_size, iterations: decimal (iterations default 1000)
//   mode (default memset):
//     memset       per iteration: mmap(PROT_READ|PROT_WRITE,
//                  MAP_PRIVATE|MAP_ANONYMOUS), memset(p, 0xaa, mmap_size),
//                  touch loop, munmap — the seed's non-refpage branch
//     refpage      once: refpage_create(&pattern, 1, 0) on a 1-byte 0xaa
//                  pattern; per iteration: mmap(PROT_READ|PROT_WRITE,
//                  MAP_PRIVATE, fd), touch loop, munmap — the seed's refpage
//                  branch (the seed calls syscall(447, pattern, 0), the v4
//                  ABI; v5 is refpage_create(content, size, flags) = 448)
//     memset-tag   once: prctl(PR_SET_TAGGED_ADDR_CTRL, enable | sync | all
//                  tags); per iteration: mmap(+PROT_MTE, anonymous), tag
//                  the mapping with tag TAG and zero its data as Scudo does
//                  for a large tagged allocation (storeTags: STZG to the
//                  first DCZID block, DC GZVA per block, STZG for the tail),
//                  touch loop through the tagged pointer, munmap
//     refpage-tag  once: the prctl, a PROT_MTE page whose first 16-byte
//                  granule (zero) is tagged TAG with STG,
//                  refpage_create(granule, 16, 0) (MTE_TAGGED); per
//                  iteration: mmap(PROT_READ|PROT_WRITE|PROT_MTE,
//                  MAP_PRIVATE, fd), touch loop through the tagged pointer,
//                  munmap. Content and tags equal memset-tag's.
//   touch loop (the seed's): for (j = 0; j < touch_size; j += 4096) p[j] = 0;
//
// Self-check: in the last iteration, before munmap, a few sampled bytes
// (touched and untouched pages, first and last byte) must hold 0 where the
// touch loop wrote, else 0xaa (pattern modes) or 0 (tag modes); in the tag
// modes LDG must show TAG at each sample (and the loads are tag-checked,
// TCF sync). A mismatch prints "refpage-bench: check failed ..." to stderr
// and exits 3.
// Exit status: 0 ok; 1 usage; 2 a system call failed (refpage_create on a
// kernel without reference pages, e.g. qemu-aarch64: ENOSYS, with a
// message on stderr); 3 a check failed.
// Output (stdout, one line at the end):
//   refpage-bench mode=<mode> mmap_size=<n> touch_size=<n> iterations=<n> maxrss_kib=<n>
// maxrss_kib is getrusage(RUSAGE_SELF).ru_maxrss.
//
// Builds with mtemu's assembler and with
//   aarch64-linux-gnu-as -march=armv8.5-a+memtag + aarch64-linux-gnu-ld -static
// and runs under qemu-aarch64 -cpu max (memset and memset-tag modes).

	.arch	armv8.5-a+memtag

	.equ	SYS_write, 64
	.equ	SYS_exit_group, 94
	.equ	SYS_getrusage, 165
	.equ	SYS_prctl, 167
	.equ	SYS_munmap, 215
	.equ	SYS_mmap, 222
	.equ	SYS_refpage_create, 448

	.equ	PROT_READ, 1
	.equ	PROT_WRITE, 2
	.equ	PROT_MTE, 0x20
	.equ	MAP_PRIVATE, 0x02
	.equ	MAP_ANONYMOUS, 0x20
	.equ	PR_SET_TAGGED_ADDR_CTRL, 55
	// PR_TAGGED_ADDR_ENABLE | PR_MTE_TCF_SYNC | (0xffff << PR_MTE_TAG_SHIFT): every tag allowed for IRG
	.equ	TAGGED_CTRL, 1 | 2 | (0xffff << 3)

	.equ	PAGE, 4096
	.equ	PATTERN, 0xaa
	.equ	TAG, 0xa			// the allocation tag of the tag modes (non-zero)

	// modes
	.equ	M_MEMSET, 0
	.equ	M_REFPAGE, 1
	.equ	M_MEMSET_TAG, 2
	.equ	M_REFPAGE_TAG, 3

// Registers kept across the run:
//   x19 mmap_size   x20 touch_size   x21 iterations   x22 mode
//   x23 refpage fd  x24 iteration counter   x25 p (untagged)
//   x26 p with its logical tag (= x25 in the untagged modes)
//   x27 DCZID_EL0 block size in bytes (0: DC GZVA prohibited)

	.macro	SYSCALL nr
	mov	x8, #\nr
	svc	#0
	.endm

	// MSG label, "text": define a message in .rodata
	.macro	MSG label, text
	.pushsection .rodata
\label:	.ascii	"\text"
\label\()_end:
	.popsection
	.endm

	// PUTS fd, label: write a MSG to fd
	.macro	PUTS fd, label
	mov	x0, #\fd
	adrp	x1, \label
	add	x1, x1, :lo12:\label
	mov	x2, #(\label\()_end - \label)
	mov	x8, #SYS_write
	svc	#0
	.endm

	.text
	.globl	_start
	.type	_start, %function
_start:
	ldr	x9, [sp]			// argc
	cmp	x9, #3
	b.lt	usage
	ldr	x0, [sp, #16]			// argv[1]
	bl	atoi
	mov	x19, x0
	ldr	x0, [sp, #24]			// argv[2]
	bl	atoi
	mov	x20, x0
	mov	x21, #1000
	mov	x22, #M_MEMSET
	cmp	x9, #4
	b.lt	1f
	ldr	x0, [sp, #32]			// argv[3]
	bl	atoi
	mov	x21, x0
	cmp	x9, #5
	b.lt	1f
	ldr	x0, [sp, #40]			// argv[4]
	bl	parse_mode
	mov	x22, x0
1:	cbz	x19, usage
	cmp	x20, x19
	b.hi	usage

	// ---- one-time setup
	mov	x23, #-1
	mov	x27, #0
	cmp	x22, #M_MEMSET_TAG
	b.lo	2f
	// tag modes: the tagged address ABI with synchronous tag checks
	mov	x0, #PR_SET_TAGGED_ADDR_CTRL
	ldr	x1, =TAGGED_CTRL
	mov	x2, #0
	mov	x3, #0
	mov	x4, #0
	SYSCALL	SYS_prctl
	cbnz	x0, fail_prctl
	// DCZID_EL0: DZP (bit 4) set = DC ZVA/GVA/GZVA prohibited; else block = 4 << BS bytes
	mrs	x0, dczid_el0
	tbnz	x0, #4, 2f
	and	x0, x0, #15
	mov	x1, #4
	lsl	x27, x1, x0
2:	cmp	x22, #M_REFPAGE
	b.ne	3f
	// refpage: refpage_create(&pattern, 1, 0)
	adrp	x0, pattern
	add	x0, x0, :lo12:pattern
	mov	x1, #1
	mov	x2, #0
	SYSCALL	SYS_refpage_create
	tbnz	x0, #63, fail_refpage
	mov	x23, x0
	b	4f
3:	cmp	x22, #M_REFPAGE_TAG
	b.ne	4f
	// refpage-tag: a zero granule tagged TAG in a PROT_MTE page
	mov	x0, #0
	mov	x1, #PAGE
	mov	x2, #(PROT_READ | PROT_WRITE | PROT_MTE)
	mov	x3, #(MAP_PRIVATE | MAP_ANONYMOUS)
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	cmn	x0, #4096
	b.hs	fail_mmap
	addg	x9, x0, #0, #TAG
	stg	x9, [x9]
	mov	x0, x9				// the tagged pointer, as an allocator would pass it
	mov	x1, #16
	mov	x2, #0
	SYSCALL	SYS_refpage_create
	tbnz	x0, #63, fail_refpage
	mov	x23, x0

	// ---- the benchmark loop
4:	mov	x24, #0
	cbz	x21, done
loop:
	// p = mmap(0, mmap_size, prot, flags, fd, 0)
	mov	x0, #0
	mov	x1, x19
	mov	x2, #(PROT_READ | PROT_WRITE)
	tst	x22, #2				// tag modes: PROT_MTE
	mov	x9, #(PROT_READ | PROT_WRITE | PROT_MTE)
	csel	x2, x9, x2, ne
	mov	x3, #MAP_PRIVATE
	mov	x9, #(MAP_PRIVATE | MAP_ANONYMOUS)
	tst	x22, #1				// refpage modes map the fd
	csel	x3, x9, x3, eq
	mov	x4, x23
	mov	x5, #0
	SYSCALL	SYS_mmap
	cmn	x0, #4096
	b.hs	fail_mmap
	mov	x25, x0
	mov	x26, x0
	cmp	x22, #M_MEMSET_TAG
	b.lo	5f
	addg	x26, x25, #0, #TAG		// the logical tag of the allocation
5:	cmp	x22, #M_MEMSET
	b.ne	6f
	mov	x0, x25
	mov	w1, #PATTERN
	mov	x2, x19
	bl	memset
	b	7f
6:	cmp	x22, #M_MEMSET_TAG
	b.ne	7f
	mov	x0, x26
	add	x1, x19, #15			// the granule-rounded allocation
	bic	x1, x1, #15
	add	x1, x26, x1
	bl	store_tags
	// the touch loop: for (j = 0; j < touch_size; j += PAGE_SIZE) p[j] = 0;
7:	mov	x0, x26
	mov	x1, #0
	cbz	x20, 9f
8:	strb	wzr, [x0, x1]
	add	x1, x1, #PAGE
	cmp	x1, x20
	b.lo	8b
9:	add	x24, x24, #1
	cmp	x24, x21
	b.ne	10f
	bl	check_all			// last iteration: check before munmap
10:	mov	x0, x25
	mov	x1, x19
	SYSCALL	SYS_munmap
	cbnz	x0, fail_munmap
	cmp	x24, x21
	b.ne	loop

done:
	// getrusage(RUSAGE_SELF): ru_maxrss (KiB) at offset 32
	sub	sp, sp, #144
	mov	x0, #0
	mov	x1, sp
	SYSCALL	SYS_getrusage
	ldr	x9, [sp, #32]
	add	sp, sp, #144
	PUTS	1, m_head
	bl	put_mode
	PUTS	1, m_mmap
	mov	x0, x19
	bl	putdec
	PUTS	1, m_touch
	mov	x0, x20
	bl	putdec
	PUTS	1, m_iter
	mov	x0, x21
	bl	putdec
	PUTS	1, m_rss
	mov	x0, x9
	bl	putdec
	PUTS	1, m_nl
	mov	x0, #0
	SYSCALL	SYS_exit_group

	MSG	m_head, "refpage-bench mode="
	MSG	m_mmap, " mmap_size="
	MSG	m_touch, " touch_size="
	MSG	m_iter, " iterations="
	MSG	m_rss, " maxrss_kib="
	MSG	m_nl, "\n"

// ---------------------------------------------------------------- memset
// memset(x0 = dst, w1 = byte, x2 = count): Arm optimized-routines
// string/aarch64/memset.S (the implementation glibc's generic aarch64
// memset and bionic's arm64 memset are built from), with its 0..15-byte
// path replicating the byte with MUL instead of UMOV. A non-zero byte never
// takes the DC ZVA path (the ccmp below), so a large 0xaa fill is the
// no_zva loop: two STP Q per 64 bytes.
memset:
	dup	v0.16b, w1
	add	x4, x0, x2			// dstend
	cmp	x2, #96
	b.hi	.Lset_long
	cmp	x2, #16
	b.hs	.Lset_medium
	and	x1, x1, #255
	mov	x5, #0x0101010101010101
	mul	x1, x1, x5
	// 0..15 bytes
	tbz	x2, #3, 1f
	str	x1, [x0]
	str	x1, [x4, #-8]
	ret
1:	tbz	x2, #2, 2f
	str	w1, [x0]
	str	w1, [x4, #-4]
	ret
2:	cbz	x2, 3f
	strb	w1, [x0]
	tbz	x2, #1, 3f
	strh	w1, [x4, #-2]
3:	ret
	// 17..96 bytes
.Lset_medium:
	str	q0, [x0]
	tbnz	x2, #6, .Lset96
	str	q0, [x4, #-16]
	tbz	x2, #5, 1f
	str	q0, [x0, #16]
	str	q0, [x4, #-32]
1:	ret
.Lset96:
	str	q0, [x0, #16]
	stp	q0, q0, [x0, #32]
	stp	q0, q0, [x4, #-32]
	ret
.Lset_long:
	and	w1, w1, #255
	bic	x3, x0, #15			// dst
	str	q0, [x0]
	cmp	x2, #160
	ccmp	w1, #0, #0, hs
	b.ne	.Lno_zva
	mrs	x5, dczid_el0
	and	x5, x5, #31
	cmp	x5, #4				// ZVA size is 64 bytes
	b.ne	.Lno_zva
	str	q0, [x3, #16]
	stp	q0, q0, [x3, #32]
	bic	x3, x3, #63
	sub	x2, x4, x3			// count is now 64 too large
	sub	x2, x2, #128			// adjust count and bias for loop
.Lzva_loop:
	add	x3, x3, #64
	dc	zva, x3
	subs	x2, x2, #64
	b.hi	.Lzva_loop
	stp	q0, q0, [x4, #-64]
	stp	q0, q0, [x4, #-32]
	ret
.Lno_zva:
	sub	x2, x4, x3			// count is 16 too large
	sub	x3, x3, #16			// dst is biased by -32
	sub	x2, x2, #(64 + 16)		// adjust count and bias for loop
.Lno_zva_loop:
	stp	q0, q0, [x3, #32]
	stp	q0, q0, [x3, #64]!
	subs	x2, x2, #64
	b.hi	.Lno_zva_loop
	stp	q0, q0, [x4, #-64]
	stp	q0, q0, [x4, #-32]
	ret

// ---------------------------------------------------------------- store_tags
// store_tags(x0 = begin, x1 = end): set the allocation tag of every granule
// of [begin, end) to begin's logical tag and zero the data (both granule
// aligned, same logical tag). Scudo's storeTags
// (compiler-rt/lib/scudo/standalone/memtag.h): STZG up to the next DCZID
// block, DC GZVA per whole block, STZG for the rest; STZG only when DC GZVA
// is prohibited (x27 = 0) or the region is under two blocks.
store_tags:
	cbz	x27, 3f
	sub	x2, x1, x0
	cmp	x2, x27, lsl #1
	b.lt	3f
	sub	x3, x27, #1			// line mask
	orr	x4, x0, x3			// last byte of the first block
1:	stzg	x0, [x0], #16
	cmp	x0, x4
	b.lt	1b
	bic	x4, x1, x3			// end of the last whole block
2:	dc	gzva, x0
	add	x0, x0, x27
	cmp	x0, x4
	b.lt	2b
3:	cmp	x0, x1
	b.ge	4f
	stzg	x0, [x0], #16
	b	3b
4:	ret

// ---------------------------------------------------------------- checks
// check_all: sample offsets of the mapping (x25/x26, mmap_size x19,
// touch_size x20): the byte must be 0 where the touch loop wrote (offset a
// multiple of 4096 below touch_size), else the fill (0xaa, or 0 in the tag
// modes); in the tag modes the granule's allocation tag must be TAG.
check_all:
	stp	x29, x30, [sp, #-16]!
	mov	x0, #0
	bl	check_at
	mov	x0, #1
	bl	check_at
	mov	x0, #4095
	bl	check_at
	mov	x0, #PAGE
	bl	check_at
	lsr	x0, x19, #1			// the middle page, and a byte inside it
	bic	x0, x0, #(PAGE - 1)
	bl	check_at
	lsr	x0, x19, #1
	add	x0, x0, #7
	bl	check_at
	add	x0, x20, #(PAGE - 1)		// the first page the touch loop skipped
	bic	x0, x0, #(PAGE - 1)
	bl	check_at
	add	x0, x20, #(PAGE - 1)
	bic	x0, x0, #(PAGE - 1)
	add	x0, x0, #100
	bl	check_at
	sub	x0, x19, #1			// the last byte
	bl	check_at
	ldp	x29, x30, [sp], #16
	ret

// check_at(x0 = offset): skip offsets outside the mapping
check_at:
	cmp	x0, x19
	b.hs	9f
	mov	x10, x0
	// expected byte
	mov	w11, #PATTERN
	tst	x22, #2
	csel	w11, wzr, w11, ne		// tag modes: zero
	tst	x10, #(PAGE - 1)
	b.ne	1f
	cmp	x10, x20
	b.hs	1f
	mov	w11, #0				// touched
1:	ldrb	w12, [x26, x10]			// through the tagged pointer (tag checked)
	cmp	w12, w11
	b.ne	check_fail
	tst	x22, #2
	b.eq	9f
	add	x13, x26, x10
	mov	x12, #0
	ldg	x12, [x13]
	ubfx	x12, x12, #56, #4
	mov	w11, #TAG
	cmp	w12, w11
	b.ne	check_fail_tag
9:	ret

check_fail:
	PUTS	2, m_chk
	mov	x0, x10
	bl	putdec2
	PUTS	2, m_got
	mov	x0, x12
	bl	putdec2
	PUTS	2, m_exp
	mov	x0, x11
	bl	putdec2
	PUTS	2, m_nl
	mov	x0, #3
	SYSCALL	SYS_exit_group
check_fail_tag:
	PUTS	2, m_chkt
	mov	x0, x10
	bl	putdec2
	PUTS	2, m_got
	mov	x0, x12
	bl	putdec2
	PUTS	2, m_exp
	mov	x0, x11
	bl	putdec2
	PUTS	2, m_nl
	mov	x0, #3
	SYSCALL	SYS_exit_group

	MSG	m_chk, "refpage-bench: check failed: byte at offset "
	MSG	m_chkt, "refpage-bench: check failed: tag at offset "
	MSG	m_got, ": got "
	MSG	m_exp, " expected "

// ---------------------------------------------------------------- errors
usage:
	PUTS	2, m_usage
	mov	x0, #1
	SYSCALL	SYS_exit_group
fail_refpage:
	neg	x9, x0
	PUTS	2, m_refpage
	b	fail_errno
fail_mmap:
	neg	x9, x0
	PUTS	2, m_mmapf
	b	fail_errno
fail_munmap:
	neg	x9, x0
	PUTS	2, m_munmapf
	b	fail_errno
fail_prctl:
	neg	x9, x0
	PUTS	2, m_prctl
fail_errno:
	mov	x0, x9
	bl	putdec2
	PUTS	2, m_nl
	mov	x0, #2
	SYSCALL	SYS_exit_group

	MSG	m_usage, "usage: refpage-bench mmap_size touch_size [iterations [memset|refpage|memset-tag|refpage-tag]]\n"
	MSG	m_refpage, "refpage-bench: refpage_create failed (no reference pages in this kernel?): errno "
	MSG	m_mmapf, "refpage-bench: mmap failed: errno "
	MSG	m_munmapf, "refpage-bench: munmap failed: errno "
	MSG	m_prctl, "refpage-bench: prctl(PR_SET_TAGGED_ADDR_CTRL) failed (no MTE?): errno "

// ---------------------------------------------------------------- helpers
// atoi(x0 = string): decimal, digits only (anything else: usage)
atoi:
	mov	x1, x0
	mov	x0, #0
	ldrb	w2, [x1]
	cbz	w2, usage
	mov	x3, #10
1:	ldrb	w2, [x1], #1
	cbz	w2, 2f
	sub	w2, w2, #'0'
	cmp	w2, #9
	b.hi	usage
	madd	x0, x0, x3, x2
	b	1b
2:	ret

// parse_mode(x0 = string) -> mode number (unknown: usage)
parse_mode:
	stp	x29, x30, [sp, #-16]!
	mov	x9, x0
	mov	x10, #0				// mode number
	adrp	x11, mode_names
	add	x11, x11, :lo12:mode_names
1:	ldr	x1, [x11, x10, lsl #3]
	cbz	x1, usage
	mov	x0, x9
	bl	streq
	cbnz	x0, 2f
	add	x10, x10, #1
	b	1b
2:	mov	x0, x10
	ldp	x29, x30, [sp], #16
	ret

// streq(x0, x1): 1 when the NUL-terminated strings are equal
streq:
1:	ldrb	w2, [x0], #1
	ldrb	w3, [x1], #1
	cmp	w2, w3
	b.ne	2f
	cbnz	w2, 1b
	mov	x0, #1
	ret
2:	mov	x0, #0
	ret

// put_mode: write the mode's name to stdout
put_mode:
	adrp	x11, mode_names
	add	x11, x11, :lo12:mode_names
	ldr	x1, [x11, x22, lsl #3]
	mov	x2, #0
1:	ldrb	w3, [x1, x2]
	cbz	w3, 2f
	add	x2, x2, #1
	b	1b
2:	mov	x0, #1
	mov	x8, #SYS_write
	svc	#0
	ret

// putdec(x0): unsigned decimal to stdout; putdec2: to stderr
putdec:
	mov	x7, #1
	b	1f
putdec2:
	mov	x7, #2
1:	sub	sp, sp, #32
	add	x3, sp, #32
	mov	x4, x3
	mov	x6, #10
2:	udiv	x5, x0, x6
	msub	x2, x5, x6, x0
	add	x2, x2, #'0'
	strb	w2, [x4, #-1]!
	mov	x0, x5
	cbnz	x0, 2b
	mov	x0, x7
	mov	x1, x4
	sub	x2, x3, x4
	mov	x8, #SYS_write
	svc	#0
	add	sp, sp, #32
	ret
	.ltorg

	.section .rodata
s_memset:	.asciz	"memset"
s_refpage:	.asciz	"refpage"
s_memset_tag:	.asciz	"memset-tag"
s_refpage_tag:	.asciz	"refpage-tag"

	.data
	.balign	8
mode_names:
	.quad	s_memset, s_refpage, s_memset_tag, s_refpage_tag, 0
// the 1-byte reference content (the seed's pattern[] holds 4096 of them;
// refpage_create needs only one for a PATTERN page)
pattern:
	.byte	PATTERN

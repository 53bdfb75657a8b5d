// rss: what touching memory costs in resident pages, the seed benchmark's
// RSS column in miniature. Maps N pages, touches K of them, and prints
// getrusage(RUSAGE_SELF) ru_maxrss (KiB) and ru_minflt at three points:
//
//   before   after start-up
//   mapped   after the mapping is set up
//   touched  after the K touches
//
// Usage: rss MODE N K OP
//   MODE r   refpage_create(0xa5, 1) + mmap(MAP_PRIVATE, fd)
//        a   anonymous mmap + memset(0xa5) of all N pages (what an
//            allocator does without refpages)
//        z   anonymous mmap, no memset (the zero page)
//   N, K     decimal page counts (K <= N)
//   OP r     read one byte of each touched page
//        w    write one byte
//        x    read, then write (read-then-write: CoW of the zero page or
//             of the reference page)
// Each touched byte is checked (0xa5, or 0 for z before a write): a wrong
// value exits 3. Output lines: "<point> <maxrss hex>" and "minflt <hex>".

	.arch	armv8.5-a+memtag
	.include "lib.inc"

	.text
	.globl	_start
	.type	_start, %function
_start:
	ldr	x0, [sp]
	cmp	x0, #5
	b.lt	usage
	ldr	x1, [sp, #16]
	ldrb	w19, [x1]			// mode
	ldr	x0, [sp, #24]
	bl	atoi
	mov	x20, x0				// N
	ldr	x0, [sp, #32]
	bl	atoi
	mov	x21, x0				// K
	ldr	x1, [sp, #40]
	ldrb	w22, [x1]			// op
	cmp	x21, x20
	b.hi	usage

	adrp	x0, s_before
	add	x0, x0, :lo12:s_before
	bl	report

	lsl	x23, x20, #12			// length
	cmp	w19, #114			// 'r'
	b.ne	1f
	adrp	x0, pattern
	add	x0, x0, :lo12:pattern
	mov	x1, #1
	mov	x2, #0
	SYSCALL	SYS_refpage_create
	tbnz	x0, #63, fail
	mov	x4, x0
	mov	x3, #MAP_PRIVATE
	b	2f
1:	mov	x4, #-1
	mov	x3, #(MAP_PRIVATE | MAP_ANONYMOUS)
2:	mov	x0, #0
	mov	x1, x23
	mov	x2, #(PROT_READ | PROT_WRITE)
	mov	x5, #0
	SYSCALL	SYS_mmap
	cmn	x0, #4096
	b.hs	fail
	mov	x24, x0				// base
	cmp	w19, #97			// 'a': memset every page
	b.ne	4f
	ldr	x1, =0xa5a5a5a5a5a5a5a5
	mov	x2, #0
3:	str	x1, [x24, x2]
	add	x2, x2, #8
	cmp	x2, x23
	b.lo	3b
4:	adrp	x0, s_mapped
	add	x0, x0, :lo12:s_mapped
	bl	report

	// the expected byte: 0 for the zero page, else 0xa5
	mov	w25, #0xa5
	cmp	w19, #122			// 'z'
	csel	w25, wzr, w25, eq
	mov	w26, #0x5a
	mov	x27, #0
5:	cbz	x21, 8f
	add	x1, x24, x27, lsl #12
	cmp	w22, #119			// 'w': write only
	b.eq	6f
	ldrb	w2, [x1]
	cmp	w2, w25
	b.ne	wrong
	cmp	w22, #114			// 'r': read only
	b.eq	7f
6:	strb	w26, [x1]
	ldrb	w2, [x1, #1]			// the rest of the page kept its content
	cmp	w2, w25
	b.ne	wrong
7:	add	x27, x27, #1
	cmp	x27, x21
	b.lo	5b
8:	adrp	x0, s_touched
	add	x0, x0, :lo12:s_touched
	bl	report
	mov	x0, #0
	SYSCALL	SYS_exit
wrong:
	mov	x0, #3
	SYSCALL	SYS_exit
usage:
	adrp	x0, s_usage
	add	x0, x0, :lo12:s_usage
	mov	x1, #(s_usage_end - s_usage)
	bl	puts
	mov	x0, #2
	SYSCALL	SYS_exit
fail:
	mov	x1, x0
	adrp	x0, s_fail
	add	x0, x0, :lo12:s_fail
	bl	put_hex
	mov	x0, #1
	SYSCALL	SYS_exit
	.size	_start, . - _start

// report: x0 = label; getrusage(RUSAGE_SELF) and print "label <ru_maxrss>",
// then "minflt <ru_minflt>"
	.type	report, %function
report:
	stp	x29, x30, [sp, #-32]!
	mov	x29, sp
	str	x19, [sp, #16]
	mov	x19, x0
	mov	x0, #0				// RUSAGE_SELF
	adrp	x1, ru
	add	x1, x1, :lo12:ru
	SYSCALL	SYS_getrusage
	cbnz	x0, fail
	mov	x0, x19
	adrp	x1, ru
	ldr	x1, [x1, :lo12:ru + 32]		// ru_maxrss (KiB)
	bl	put_hex
	adrp	x0, s_minflt
	add	x0, x0, :lo12:s_minflt
	adrp	x1, ru
	ldr	x1, [x1, :lo12:ru + 64]		// ru_minflt
	bl	put_hex
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret
	.size	report, . - report

// atoi: x0 = decimal string -> x0
	.type	atoi, %function
atoi:
	mov	x1, x0
	mov	x0, #0
	mov	x3, #10
1:	ldrb	w2, [x1], #1
	sub	w2, w2, #48
	cmp	w2, #9
	b.hi	2f
	madd	x0, x0, x3, x2
	b	1b
2:	ret
	.size	atoi, . - atoi

	.data
pattern:	.byte	0xa5
	.bss
	.balign	16
ru:	.skip	144				// struct rusage

	.section .rodata
s_before:	.asciz	"before"
s_mapped:	.asciz	"mapped"
s_touched:	.asciz	"touched"
s_minflt:	.asciz	"minflt"
s_fail:		.asciz	"fail"
s_usage:	.ascii	"usage: rss r|a|z N K r|w|x\n"
s_usage_end:

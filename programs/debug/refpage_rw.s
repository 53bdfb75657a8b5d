// refpage_rw: the reference-page fault sequence, one page at a time.
// A refpage with the one-byte pattern 0x5a (PATTERN) is mapped privately
// over three pages, then:
//   read_p0:  read fault  -> the reference page is mapped read-only
//             (special PTE: no page allocated, RSS unchanged)
//   write_p0: write to that read-only mapping -> a new page, memset 0x5a,
//             replaces it writable (RSS + 1)
//   write_p1: write fault on an empty PTE -> a new page filled the same
//             way, mapped writable at once (RSS + 1)
//   read_p1:  no fault (already mapped)
// Then the mapping and the fd go, and the reference page with them.
// exit: 0
	.include "../include/sys.inc"
	.equ	SYS_refpage_create, 448
	.text
	.global	_start
	.type	_start, %function
_start:
	adrp	x0, pattern
	add	x0, x0, :lo12:pattern
	mov	x1, #1
	mov	x2, #0
	mov	x8, #SYS_refpage_create
	svc	#0
	mov	x19, x0				// the refpage fd
	mov	x0, #0
	mov	x1, #3*4096
	mov	x2, #PROT_READ|PROT_WRITE
	mov	x3, #MAP_PRIVATE
	mov	x4, x19
	mov	x5, #0
	mov	x8, #SYS_mmap
	svc	#0
	mov	x20, x0				// three pages backed by the reference page
read_p0:
	ldrb	w21, [x20]			// 0x5a, from the reference page
write_p0:
	mov	w1, #0x11
	strb	w1, [x20, #1]			// copy on write
write_p1:
	add	x22, x20, #4096
	strb	w1, [x22]			// fill on a write fault
read_p1:
	ldrb	w23, [x22, #1]			// 0x5a, no fault
	mov	x0, x20
	mov	x1, #3*4096
	SYSCALL	SYS_munmap
	mov	x0, x19
	SYSCALL	SYS_close
	EXIT	0
	.size	_start, . - _start

	.data
pattern:
	.byte	0x5a
	.text
	.include "../include/lib.inc"

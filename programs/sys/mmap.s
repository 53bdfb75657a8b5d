// mmap: anonymous mappings and the error returns of mmap, munmap and
// mprotect. New memory is zero and writable; a zero length, an unaligned
// MAP_FIXED address or a mapping type that is neither shared nor private
// is EINVAL; munmap and mprotect of an unaligned address are EINVAL;
// mprotect of a range with a hole is ENOMEM; MAP_FIXED_NOREPLACE over a
// mapping is EEXIST; MAP_FIXED over a mapping replaces it (zero again);
// munmap of a range that is not mapped succeeds, one whose length runs
// past the top of the address space is EINVAL.
// MAP_FIXED_NOREPLACE: Linux (and mtemu) fail with EEXIST over a mapping;
// qemu 7.2 does not know the flag and treats the address as a hint, as
// kernels before 4.17 do. Both keep the old mapping intact, which is what
// is checked unless the program gets an argument ("strict": mtemu's test
// runs it so, for the exact EEXIST).
// exit: 0
// strict: yes
	.include "../include/sys.inc"
	.text
	.global	_start
	.macro	MMAP addr, len, prot, flags
	ldr	x0, =\addr
	ldr	x1, =\len
	mov	x2, #\prot
	ldr	x3, =\flags
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	.endm
_start:
	ldr	x26, [sp]		// argc: > 1 means strict
	// three pages, read/write
	CASE	1
	MMAP_ANON 3*4096, PROT_READ|PROT_WRITE
	mov	x19, x0
	and	x1, x19, #0xfff		// page aligned
	CHECK_EQ x1, 0
	CASE	2
	ldr	x1, [x19]
	CHECK_EQ x1, 0
	ldr	x1, =3*4096-8
	ldr	x2, [x19, x1]
	CHECK_EQ x2, 0
	mov	x3, #0x77
	str	x3, [x19, x1]
	ldr	x2, [x19, x1]
	CHECK_EQ x2, 0x77
	str	x3, [x19, #4096]
	mov	x3, #0x99
	str	x3, [x19, #8]
	// zero length
	CASE	3
	MMAP_ANON 0, PROT_READ
	CHECK_ERR x0, EINVAL
	// unaligned MAP_FIXED
	CASE	4
	add	x0, x19, #8
	mov	x1, #4096
	mov	x2, #PROT_READ
	mov	x3, #MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	CHECK_ERR x0, EINVAL
	// neither MAP_SHARED nor MAP_PRIVATE
	CASE	5
	MMAP	0, 4096, PROT_READ, MAP_ANONYMOUS
	CHECK_ERR x0, EINVAL
	// munmap: unaligned address, zero length
	CASE	6
	add	x0, x19, #1
	mov	x1, #4096
	SYSCALL	SYS_munmap
	CHECK_ERR x0, EINVAL
	CASE	7
	mov	x0, x19
	mov	x1, #0
	SYSCALL	SYS_munmap
	CHECK_ERR x0, EINVAL
	// mprotect: unaligned address
	CASE	8
	add	x0, x19, #16
	mov	x1, #4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	CHECK_ERR x0, EINVAL
	// punch a hole in the middle page, then mprotect across it: ENOMEM
	CASE	9
	add	x0, x19, #4096
	mov	x1, #4096
	SYSCALL	SYS_munmap
	CHECK_EQ x0, 0
	CASE	10
	mov	x0, x19
	mov	x1, #3*4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	CHECK_ERR x0, ENOMEM
	// mprotect entirely inside the hole: ENOMEM too
	CASE	11
	add	x0, x19, #4096
	mov	x1, #4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	CHECK_ERR x0, ENOMEM
	// unmapping the hole again is fine
	CASE	12
	add	x0, x19, #4096
	mov	x1, #4096
	SYSCALL	SYS_munmap
	CHECK_EQ x0, 0
	// MAP_FIXED_NOREPLACE over the first page: EEXIST
	CASE	13
	mov	x0, x19
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE
	ldr	x3, =MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	cmp	x26, #1
	b.gt	1f
	cmn	x0, #4095		// an error: must be EEXIST
	b.hs	1f
	CHECK_REG x0, x0		// an address: not the requested one; unmap it
	cmp	x0, x19
	b.eq	2f
	mov	x1, #4096
	SYSCALL	SYS_munmap
	b	3f
2:	bl	lib_fail
1:	CHECK_ERR x0, EEXIST
3:	ldr	x1, [x19, #8]		// the old mapping is intact: its page still holds data
	CHECK_EQ x1, 0x99
	// ... into the hole: fine, and at exactly that address
	CASE	14
	add	x0, x19, #4096
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE
	ldr	x3, =MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED_NOREPLACE
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	add	x1, x19, #4096
	CHECK_REG x0, x1
	CASE	15
	ldr	x2, [x19, #4096]	// a fresh page: the old 0x77 is gone
	CHECK_EQ x2, 0
	// MAP_FIXED over the last page replaces it: zero again
	CASE	16
	add	x0, x19, #2*4096
	mov	x1, #4096
	mov	x2, #PROT_READ|PROT_WRITE
	mov	x3, #MAP_PRIVATE|MAP_ANONYMOUS|MAP_FIXED
	mov	x4, #-1
	mov	x5, #0
	SYSCALL	SYS_mmap
	add	x1, x19, #2*4096
	CHECK_REG x0, x1
	CASE	17
	ldr	x1, =3*4096-8
	ldr	x2, [x19, x1]
	CHECK_EQ x2, 0
	// mprotect over the whole (now contiguous) range works
	CASE	18
	mov	x0, x19
	mov	x1, #3*4096
	mov	x2, #PROT_READ
	SYSCALL	SYS_mprotect
	CHECK_EQ x0, 0
	// a length reaching past the top of the address space: EINVAL (and nothing unmapped)
	CASE	19
	mov	x0, x19
	mov	x1, #-4096
	SYSCALL	SYS_munmap
	CHECK_ERR x0, EINVAL
	ldr	x1, [x19, #8]
	CHECK_EQ x1, 0x99
	CASE	20
	mov	x0, x19
	mov	x1, #3*4096
	SYSCALL	SYS_munmap
	CHECK_EQ x0, 0
	PRINT	"mmap ok\n"
	EXIT	0
	.include "../include/lib.inc"

// errors: every way refpage_create (448) and the calls around it can fail.
// Prints "name <x0 in hex>" for each call (-errno is 0xffff...ffXX), then
// exits 0. The expected values (Linux errno numbers, asm-generic/errno*.h):
//
//   flags         refpage_create(ok, 1, 1)          -EINVAL (22)
//   size0         refpage_create(ok, 0, 0)          -EINVAL
//   size3         refpage_create(ok, 3, 0)          -EINVAL: not a power of two
//   size8192      refpage_create(ok, 8192, 0)       -EINVAL: > PAGE_SIZE
//   unaligned     refpage_create(ok + 8, 16, 0)     -EINVAL: not size-aligned
//   sizehigh      refpage_create(ok, 1 << 32 | 1)   fd: size is `unsigned int`
//   unmapped      refpage_create(hole, 1, 0)        -EFAULT (14)
//   readonly      refpage_create(PROT_READ page)    -EFAULT: pinned with FOLL_WRITE
//   rodata        refpage_create(.rodata, 1, 0)     -EFAULT (the ELF's read-only data)
//   nr447         syscall 447 (the v4 number)       -ENOSYS (38)
//   shared        mmap(MAP_SHARED, refpage fd)      -EINVAL
//   sharedro      mmap(PROT_READ, MAP_SHARED, fd)   -EINVAL (we reject any shared map)
//   notrefpage0   mmap(MAP_PRIVATE, fd 0: stdin)    -ENODEV (19): no mmap method
//   notrefpage1   mmap(MAP_PRIVATE, fd 1: stdout)   -EACCES (13): not open for reading
//   badfd         mmap(MAP_PRIVATE, fd 99)          -EBADF (9)
//   close         close(refpage fd)                 0
//   closeagain    close(same fd)                    -EBADF
//   closebad      close(99)                         -EBADF
//   mapclosed     mmap(MAP_PRIVATE, closed fd)      -EBADF

	.arch	armv8.5-a+memtag
	.include "lib.inc"

	// CALL nr, args...: x0-x5 from registers or immediates, svc
	.macro	CALL nr, a0=xzr, a1=xzr, a2=xzr, a3=xzr, a4=xzr, a5=xzr
	mov	x0, \a0
	mov	x1, \a1
	mov	x2, \a2
	mov	x3, \a3
	mov	x4, \a4
	mov	x5, \a5
	SYSCALL	\nr
	.endm

	// SHOW label: print "label <x0>"
	.macro	SHOW label
	mov	x1, x0
	adrp	x0, .Ls\@
	add	x0, x0, :lo12:.Ls\@
	bl	put_hex
	.pushsection .rodata
.Ls\@:	.asciz	"\label"
	.popsection
	.endm

	.text
	.globl	_start
	.type	_start, %function
_start:
	// x19: a writable page (the content), x20: a read-only page, x21: a hole
	mov	x22, #(PROT_READ | PROT_WRITE)
	mov	x23, #(MAP_PRIVATE | MAP_ANONYMOUS)
	mov	x24, #-1
	mov	x25, #4096
	CALL	SYS_mmap, xzr, x25, x22, x23, x24
	mov	x19, x0
	mov	x22, #PROT_READ
	CALL	SYS_mmap, xzr, x25, x22, x23, x24
	mov	x20, x0
	mov	x22, #(PROT_READ | PROT_WRITE)
	CALL	SYS_mmap, xzr, x25, x22, x23, x24
	mov	x21, x0
	CALL	SYS_munmap, x21, x25

	CALL	SYS_refpage_create, x19, #1, #1
	SHOW	flags
	CALL	SYS_refpage_create, x19, #0, #0
	SHOW	size0
	CALL	SYS_refpage_create, x19, #3, #0
	SHOW	size3
	mov	x22, #8192
	CALL	SYS_refpage_create, x19, x22, #0
	SHOW	size8192
	add	x22, x19, #8
	CALL	SYS_refpage_create, x22, #16, #0
	SHOW	unaligned
	mov	x22, #1
	orr	x22, x22, #(1 << 32)
	CALL	SYS_refpage_create, x19, x22, #0
	mov	x26, x0
	tbnz	x0, #63, 1f
	mov	x0, #0				// print 0 for "an fd", whichever number it is
1:	SHOW	sizehigh
	tbnz	x26, #63, 2f
	CALL	SYS_close, x26
2:	CALL	SYS_refpage_create, x21, #1, #0
	SHOW	unmapped
	CALL	SYS_refpage_create, x20, #1, #0
	SHOW	readonly
	adrp	x22, rodata_byte
	add	x22, x22, :lo12:rodata_byte
	CALL	SYS_refpage_create, x22, #1, #0
	SHOW	rodata
	CALL	447, x19, #1, #0
	SHOW	nr447

	CALL	SYS_refpage_create, x19, #1, #0
	mov	x26, x0				// a good refpage fd
	tbnz	x0, #63, fail
	mov	x22, #(PROT_READ | PROT_WRITE)
	mov	x23, #MAP_SHARED
	CALL	SYS_mmap, xzr, x25, x22, x23, x26
	SHOW	shared
	mov	x22, #PROT_READ
	CALL	SYS_mmap, xzr, x25, x22, x23, x26
	SHOW	sharedro
	mov	x22, #PROT_READ
	mov	x23, #MAP_PRIVATE
	CALL	SYS_mmap, xzr, x25, x22, x23, #0
	SHOW	notrefpage0
	CALL	SYS_mmap, xzr, x25, x22, x23, #1
	SHOW	notrefpage1
	CALL	SYS_mmap, xzr, x25, x22, x23, #99
	SHOW	badfd
	CALL	SYS_close, x26
	SHOW	close
	CALL	SYS_close, x26
	SHOW	closeagain
	CALL	SYS_close, #99
	SHOW	closebad
	CALL	SYS_mmap, xzr, x25, x22, x23, x26
	SHOW	mapclosed
	CALL	SYS_exit, #0
fail:
	SHOW	fail
	CALL	SYS_exit, #1
	.size	_start, . - _start

	.section .rodata
rodata_byte:
	.byte	0x5a

// sig_flags: sa_flags and the signal mask during a handler. Without
// SA_NODEFER a signal raised inside its own handler stays pending until
// the handler returns, then runs (depth never exceeds 1); with SA_NODEFER
// it nests at once (depth 2). sa_mask blocks the listed signals during the
// handler. SA_RESETHAND restores the default action after one delivery:
// the second SIGUSR1 kills the program (status 128 + 10).
// exit: 138
	.include "../include/sys.inc"
	.text
	.global	_start
	// HANDLER signo, fn, flags, mask: rt_sigaction with sa_mask
	.macro	HANDLER signo, fn, flags, mask
	sub	sp, sp, #32
	adr	x1, \fn
	ldr	x2, =\flags
	ldr	x3, =\mask
	stp	x1, x2, [sp]
	stp	xzr, x3, [sp, #16]
	mov	x0, #\signo
	mov	x1, sp
	mov	x2, #0
	mov	x3, #8
	SYSCALL	SYS_rt_sigaction
	add	sp, sp, #32
	CHECK_EQ x0, 0
	.endm
	.macro	RAISE signo
	SYSCALL	SYS_getpid
	mov	x1, #\signo
	SYSCALL	SYS_kill
	.endm
_start:
	CASE	1
	HANDLER	SIGUSR1, nested, SA_SIGINFO, 0
	RAISE	SIGUSR1
	bl	counts
	CHECK_EQ x1, 2			// two runs
	CHECK_EQ x2, 1			// never nested
	PRINT	"without SA_NODEFER: the second signal waits for the handler\n"
	CASE	2
	bl	reset
	HANDLER	SIGUSR2, nested, SA_SIGINFO|SA_NODEFER, 0
	RAISE	SIGUSR2
	bl	counts
	CHECK_EQ x1, 2
	CHECK_EQ x2, 2			// nested
	PRINT	"with SA_NODEFER: it nests\n"
	// sa_mask: SIGUSR2 blocked while the SIGUSR1 handler runs
	CASE	3
	bl	reset
	HANDLER	SIGUSR1, raise2, SA_SIGINFO, 1<<(SIGUSR2-1)
	HANDLER	SIGUSR2, mark2, SA_SIGINFO, 0
	RAISE	SIGUSR1
	adrp	x9, order
	ldr	x1, [x9, :lo12:order]
	CHECK_EQ x1, 0x12		// SIGUSR1's handler finished (1), then SIGUSR2's ran (2)
	PRINT	"sa_mask defers SIGUSR2 until the SIGUSR1 handler returns\n"
	// SA_RESETHAND
	CASE	4
	bl	reset
	HANDLER	SIGUSR1, nested, SA_SIGINFO|SA_RESETHAND|SA_NODEFER, 0
	adrp	x9, flat
	mov	x1, #1
	str	x1, [x9, :lo12:flat]	// the handler must not raise again
	RAISE	SIGUSR1
	bl	counts
	CHECK_EQ x1, 1
	PRINT	"SA_RESETHAND: handled once; the next one kills\n"
	RAISE	SIGUSR1
	PRINT	"still alive?\n"
	EXIT	1

// nested: count runs and the depth; the first run raises its own signal again (x0 = signo)
nested:
	stp	x29, x30, [sp, #-32]!
	str	x19, [sp, #16]
	mov	x19, x0
	adrp	x9, runs
	add	x9, x9, :lo12:runs
	ldr	x1, [x9]		// runs
	add	x1, x1, #1
	str	x1, [x9]
	ldr	x2, [x9, #8]		// depth
	add	x2, x2, #1
	str	x2, [x9, #8]
	ldr	x3, [x9, #16]		// max depth
	cmp	x2, x3
	csel	x3, x2, x3, hi
	str	x3, [x9, #16]
	cmp	x1, #1
	b.ne	1f
	adrp	x10, flat
	ldr	x10, [x10, :lo12:flat]
	cbnz	x10, 1f
	SYSCALL	SYS_getpid
	mov	x1, x19
	SYSCALL	SYS_kill
1:	adrp	x9, runs
	add	x9, x9, :lo12:runs
	ldr	x2, [x9, #8]
	sub	x2, x2, #1
	str	x2, [x9, #8]
	ldr	x19, [sp, #16]
	ldp	x29, x30, [sp], #32
	ret

// raise2: raise SIGUSR2 (blocked by sa_mask), then note "1" in `order`
raise2:
	SYSCALL	SYS_getpid
	mov	x1, #SIGUSR2
	SYSCALL	SYS_kill
	adrp	x9, order
	ldr	x1, [x9, :lo12:order]
	lsl	x1, x1, #4
	orr	x1, x1, #1
	str	x1, [x9, :lo12:order]
	ret
mark2:
	adrp	x9, order
	ldr	x1, [x9, :lo12:order]
	lsl	x1, x1, #4
	orr	x1, x1, #2
	str	x1, [x9, :lo12:order]
	ret

// counts: x1 = runs, x2 = max depth
counts:
	adrp	x9, runs
	add	x9, x9, :lo12:runs
	ldr	x1, [x9]
	ldr	x2, [x9, #16]
	ret
reset:
	adrp	x9, runs
	add	x9, x9, :lo12:runs
	stp	xzr, xzr, [x9]
	str	xzr, [x9, #16]
	ret

	.bss
	.p2align 3
runs:	.skip	24
order:	.skip	8
flat:	.skip	8
	.text
	.include "../include/lib.inc"

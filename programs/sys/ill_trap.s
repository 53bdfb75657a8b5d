// ill_trap: UDF raises SIGILL and BRK raises SIGTRAP, each with si_addr =
// the instruction's address; the handler skips the instruction. si_code
// is checked for SIGTRAP (TRAP_BRKPT) only: for UDF, Linux gives
// ILL_ILLOPC (1) and qemu 7.2 ILL_ILLOPN (2), so the program only checks
// that si_code is one of the two.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	SIGACTION SIGILL, lib_sig_skip
	SIGACTION SIGTRAP, lib_sig_skip
	CASE	2
	adr	x20, 1f
1:	udf	#0x42
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 1
	SIG_GET	x9, LS_SIGNO
	CHECK_EQ x9, SIGILL
	SIG_GET	x9, LS_ADDR
	CHECK_REG x9, x20
	SIG_GET	x9, LS_PC
	CHECK_REG x9, x20
	CASE	3
	SIG_GET	x9, LS_CODE
	sub	x9, x9, #1		// 1 (ILL_ILLOPC) or 2 (ILL_ILLOPN)
	cmp	x9, #1
	cset	x9, ls
	CHECK_EQ x9, 1
	CASE	4
	adr	x20, 2f
2:	brk	#0x123
	EXPECT_SIG 2, SIGTRAP, TRAP_BRKPT
	SIG_GET	x9, LS_ADDR
	CHECK_REG x9, x20
	// an undefined encoding in the middle of the A64 space (not UDF)
	CASE	5
	adr	x20, 3f
3:	.inst	0x00200000
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 3
	SIG_GET	x9, LS_SIGNO
	CHECK_EQ x9, SIGILL
	SIG_GET	x9, LS_ADDR
	CHECK_REG x9, x20
	PRINT	"ill_trap ok\n"
	EXIT	0
	.include "../include/lib.inc"

// kill_self: kill(getpid(), SIGUSR1) and tgkill(pid, tid, SIGUSR2) run the
// handler before the syscall returns, with si_code SI_USER resp. SI_TKILL
// and si_pid = our pid. kill with signal 0 probes (0, no signal); an
// invalid signal number is EINVAL.
// exit: 0
	.include "../include/sys.inc"
	.text
	.global	_start
_start:
	CASE	1
	SIGACTION SIGUSR1, lib_sig_record
	SIGACTION SIGUSR2, lib_sig_record
	SYSCALL	SYS_getpid
	mov	x19, x0
	CASE	2
	mov	x0, x19
	mov	x1, #SIGUSR1
	SYSCALL	SYS_kill
	CHECK_EQ x0, 0
	EXPECT_SIG 1, SIGUSR1, SI_USER
	SIG_GET	x9, LS_PID
	CHECK_REG x9, x19
	CASE	3
	SYSCALL	SYS_gettid
	mov	x1, x0
	mov	x0, x19
	mov	x2, #SIGUSR2
	SYSCALL	SYS_tgkill
	CHECK_EQ x0, 0
	EXPECT_SIG 2, SIGUSR2, SI_TKILL
	SIG_GET	x9, LS_PID
	CHECK_REG x9, x19
	CASE	4
	mov	x0, x19
	mov	x1, #0
	SYSCALL	SYS_kill
	CHECK_EQ x0, 0
	SIG_GET	x9, LS_COUNT
	CHECK_EQ x9, 2
	CASE	5
	mov	x0, x19
	mov	x1, #99
	SYSCALL	SYS_kill
	CHECK_ERR x0, EINVAL
	PRINT	"kill_self ok\n"
	EXIT	0
	.include "../include/lib.inc"

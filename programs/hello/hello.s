// hello: the smallest useful program. write(1, msg, len), then exit(0).
// Linux arm64 system calls: number in x8, arguments in x0-x2, `svc #0`
// (write = 64, exit = 93; asm-generic/unistd.h).
// Build: mtemu asm hello.s -o hello   (or: aarch64-linux-gnu-as + ld)
// Run:   qemu-aarch64 ./hello         (or: mtemu run hello.s)

	.text
	.global	_start
	.type	_start, %function
_start:
	mov	x0, #1			// fd 1: stdout
	adrp	x1, msg			// x1 = msg: its 4 KiB page ...
	add	x1, x1, :lo12:msg	// ... plus the offset in the page
	mov	x2, #len		// byte count
	mov	x8, #64			// write
	svc	#0
	mov	x0, #0			// status 0
	mov	x8, #93			// exit
	svc	#0
	.size	_start, . - _start

	.section .rodata
msg:	.ascii	"Hello, world!\n"
	len = . - msg

// Shifts: LSLV, LSRV, ASRV, RORV (the shift amount is Xm MOD datasize, so
// amounts >= the width wrap and only the low 5 or 6 bits count), the
// immediate shifts LSL/LSR/ASR (UBFM/SBFM aliases) and ROR (EXTR alias),
// and EXTR itself at lsb 0, 32 and datasize-1. W forms zero-extend.
// riscv-tests style: x28 = case number; exit status = first failing case, 0 = pass.
	.include	"../test.inc"

	.text
	.global	_start
_start:
	ldr	x1, =0x8123456789abcdef

	// 1: LSLV by 0, 1, 63, 64 (= 0), 65 (= 1), -1 (= 63)
	mov	x28, #1
	mov	x2, #0
	lsl	x3, x1, x2
	CHECK	x3, 0x8123456789abcdef
	mov	x2, #1
	lsl	x3, x1, x2
	CHECK	x3, 0x02468acf13579bde
	mov	x2, #63
	lsl	x3, x1, x2
	CHECK	x3, 0x8000000000000000
	mov	x2, #64
	lslv	x3, x1, x2
	CHECK	x3, 0x8123456789abcdef
	mov	x2, #65
	lsl	x3, x1, x2
	CHECK	x3, 0x02468acf13579bde
	mov	x2, #-1
	lsl	x3, x1, x2
	CHECK	x3, 0x8000000000000000

	// 2: LSRV by 4, 32, 63, 64 (= 0), 0x100000004 (= 4)
	mov	x28, #2
	mov	x2, #4
	lsr	x3, x1, x2
	CHECK	x3, 0x08123456789abcde
	mov	x2, #32
	lsr	x3, x1, x2
	CHECK	x3, 0x81234567
	mov	x2, #63
	lsrv	x3, x1, x2
	CHECK	x3, 1
	mov	x2, #64
	lsr	x3, x1, x2
	CHECK	x3, 0x8123456789abcdef
	ldr	x2, =0x100000004
	lsr	x3, x1, x2
	CHECK	x3, 0x08123456789abcde

	// 3: ASRV copies the sign bit; 64 wraps to 0
	mov	x28, #3
	mov	x2, #4
	asr	x3, x1, x2
	CHECK	x3, 0xf8123456789abcde
	mov	x2, #63
	asrv	x3, x1, x2
	CHECK	x3, -1
	mov	x2, #127
	asr	x3, x1, x2
	CHECK	x3, -1
	mov	x2, #128
	asr	x3, x1, x2
	CHECK	x3, 0x8123456789abcdef
	lsr	x4, x1, #1
	mov	x2, #62
	asr	x3, x4, x2
	CHECK	x3, 1

	// 4: RORV by 4, 32, 68 (= 4), 0
	mov	x28, #4
	mov	x2, #4
	ror	x3, x1, x2
	CHECK	x3, 0xf8123456789abcde
	mov	x2, #32
	rorv	x3, x1, x2
	CHECK	x3, 0x89abcdef81234567
	mov	x2, #68
	ror	x3, x1, x2
	CHECK	x3, 0xf8123456789abcde
	ror	x3, x1, xzr
	CHECK	x3, 0x8123456789abcdef

	// 5: 32-bit LSLV/LSRV/ASRV/RORV: amount MOD 32, the top half of Wn ignored, result zero-extended
	mov	x28, #5
	ldr	x4, =0xffffffff80000001
	mov	x2, #1
	lsl	w3, w4, w2
	CHECK	x3, 2
	mov	x2, #32
	lsl	w3, w4, w2
	CHECK	x3, 0x80000001
	mov	x2, #33
	lsr	w3, w4, w2
	CHECK	x3, 0x40000000
	mov	x2, #31
	asr	w3, w4, w2
	CHECK	x3, 0xffffffff
	ldr	x2, =0xffffffff00000020
	asr	w3, w4, w2
	CHECK	x3, 0x80000001
	mov	x2, #1
	ror	w3, w4, w2
	CHECK	x3, 0xc0000000
	mov	x2, #63
	ror	w3, w4, w2
	CHECK	x3, 3

	// 6: LSL/LSR/ASR (immediate) at 0, 1, 63 (UBFM/SBFM aliases)
	mov	x28, #6
	lsl	x3, x1, #0
	CHECK	x3, 0x8123456789abcdef
	lsl	x3, x1, #63
	CHECK	x3, 0x8000000000000000
	lsl	x3, x1, #4
	CHECK	x3, 0x123456789abcdef0
	lsr	x3, x1, #63
	CHECK	x3, 1
	lsr	x3, x1, #1
	CHECK	x3, 0x4091a2b3c4d5e6f7
	asr	x3, x1, #63
	CHECK	x3, -1
	asr	x3, x1, #8
	CHECK	x3, 0xff8123456789abcd
	asr	x3, x1, #0
	CHECK	x3, 0x8123456789abcdef

	// 7: 32-bit immediate shifts
	mov	x28, #7
	mov	x3, #-1
	lsl	w3, w1, #31
	CHECK	x3, 0x80000000
	lsr	w3, w1, #31
	CHECK	x3, 1
	asr	w3, w1, #31
	CHECK	x3, 0xffffffff
	asr	w3, w1, #4
	CHECK	x3, 0xf89abcde
	lsl	w3, w1, #8
	CHECK	x3, 0xabcdef00

	// 8: ROR (immediate) is EXTR with Rn = Rm
	mov	x28, #8
	ror	x3, x1, #1
	CHECK	x3, 0xc091a2b3c4d5e6f7
	ror	x3, x1, #63
	CHECK	x3, 0x02468acf13579bdf
	ror	w3, w1, #16
	CHECK	x3, 0xcdef89ab
	ror	w3, w1, #0
	CHECK	x3, 0x89abcdef

	// 9: EXTR: bits lsb+63:lsb of Xn:Xm
	mov	x28, #9
	ldr	x2, =0x0011223344556677
	extr	x3, x1, x2, #0
	CHECK	x3, 0x0011223344556677
	extr	x3, x1, x2, #8
	CHECK	x3, 0xef00112233445566
	extr	x3, x1, x2, #32
	CHECK	x3, 0x89abcdef00112233
	extr	x3, x1, x2, #63
	CHECK	x3, 0x02468acf13579bde
	extr	x3, xzr, x2, #4
	CHECK	x3, 0x0001122334455667

	// 10: 32-bit EXTR: Wn:Wm, top halves ignored, zero-extended
	mov	x28, #10
	mov	x3, #-1
	extr	w3, w1, w2, #8
	CHECK	x3, 0xef445566
	extr	w3, w1, w2, #31
	CHECK	x3, 0x13579bde
	extr	w3, w1, w2, #0
	CHECK	x3, 0x44556677

	// 11: shifts by a register that is also the destination or the source
	mov	x28, #11
	mov	x3, #3
	lsl	x3, x3, x3
	CHECK	x3, 24
	mov	x3, #65
	lsr	x3, x3, x3
	CHECK	x3, 32

	TEST_PASSFAIL

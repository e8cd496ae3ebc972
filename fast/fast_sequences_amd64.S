/* fast/fast_sequences_amd64.S - the windowed sequence loop of the avx2 variant (RFC 8878
 * 3.1.1.3.2 decoding fused with 3.1.2 execution) written by hand, so that every loop value
 * stays in a register: GCC kept op, lit, the bit position, a state and the fast-path bounds
 * of fast_sequences_body in stack slots, which put store-to-load forwarding on the chain
 * that bounds the loop (fast/README.md, fourth round).
 *
 * uint32_t fast_sequences_run_amd64(fast_seq_asm_state *s, uint32_t count)
 *
 * s->pending is a sequence decoded already; executes it and up to `count` (>= 0) more that
 * it decodes from windows, as fast_decode_sequence(d, 1, 1) does, each with the fast path
 * of fast_execute_sequence, decoding sequence n + 1 before executing n. It decodes only at
 * bit addresses >= s->bit_floor, which the caller (fast_kernels.h) sets so that every
 * window lies inside the stream, and leaves in s->left the sequences of `count` it did not
 * decode. Returns 0 when all decoded were executed. Else a sequence failed the fast path's
 * tests and is left in s->failed for the C caller's checked path: the return value is 1
 * when it was the last decoded, else 2 + the sequences still to decode, with the sequence
 * after it in s->pending. The caller guarantees that the stream starts below 2^60, so
 * that start * 8 + bits left fits a register.
 *
 * Register map (the loop):
 *   r15  bit address: stream start * 8 + bits left. Its top part addresses the window
 *        and its low 3 bits place it, so the stream's start needs no register.
 *   r14  fast_seq_tables; cells are read at constant displacements from it
 *   r13  op (output cursor)        r12  lit (literal cursor)
 *   rbx  Repeat_Offset1; offsets 2 and 3 live in the frame (REP1, REP2): they change in
 *        every sequence but never bound the chain, and no register is left for them
 *   r8 / r9 / r10  literal length / match length / offset states (indexes), and during a
 *        decode the addresses of their cells
 *   edi / esi / rdx  the sequence being executed: literal length, match length, offset
 *        (zero-extended: the fast-path tests use them as 64-bit values); the one decoded
 *        ahead waits in the frame (F_NEXT_*)
 *   rax rcx rbp r11  scratch
 * The frame holds the count, the three fast-path bounds (read-only there), the sequence
 * decoded ahead and s.
 */
#if defined(__x86_64__) && defined(__ELF__)
#include "fast_amd64_cet.h"

/* fast_seq_asm_state, checked against the C struct by _Static_assert in fast_kernels.h. */
#define S_BIT_ADDR      0
#define S_TABLES        8
#define S_OP            16
#define S_LIT           24
#define S_OUT_FAST_END  32
#define S_LIT_FAST_END  40
#define S_PREFIX_START  48
#define S_LL_STATE      56
#define S_OF_STATE      60
#define S_ML_STATE      64
#define S_REP0          68
#define S_REP1          72
#define S_REP2          76
#define S_PENDING_LL    80
#define S_PENDING_ML    84
#define S_PENDING_OF    88
#define S_FAILED_LL     92
#define S_FAILED_ML     96
#define S_FAILED_OF     100
#define S_BIT_FLOOR     104
#define S_LEFT          112

/* Cells of fast_seq_tables: {next_base u16, nb_bits u8, extra_bits u8, value_base u32}. */
#define T_LL_CELLS      4
#define T_OF_CELLS      4104
#define T_ML_CELLS      8204
#define C_NEXT_BASE     0
#define C_NB_BITS       2
#define C_EXTRA_BITS    3
#define C_VALUE_BASE    4

/* The frame, above rsp. */
#define F_STATE         0
#define F_COUNT         8
#define F_OUT_END       16
#define F_LIT_END       24
#define F_PREFIX        32
#define F_REP1          40
#define F_REP2          44
#define F_LAST          48
#define F_NEXT_LL       52
#define F_NEXT_ML       56
#define F_NEXT_OF       60
#define F_OLD_LL        64
#define F_OLD_ML        68
#define F_OLD_OF        72
#define F_FLOOR         80
#define F_SIZE          88

    .section .rodata
    .p2align 4
/* For offsets 1..15: the smallest multiple of the offset >= 16 (fast_period16 of
 * fast_kernels.h): 16-byte moves from that far back repeat the period. */
fast_seq_period16:
    .byte 0, 16, 16, 18, 16, 20, 18, 21, 16, 18, 20, 22, 24, 26, 28, 30
/* For offset d in 1..15, row d: i mod d for i in 0..15, a vpshufb mask that spreads the
 * period's first d bytes over 16. */
    .p2align 4
fast_seq_spread:
    .byte 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    .byte 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
    .byte 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1
    .byte 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0
    .byte 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3
    .byte 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0, 1, 2, 3, 4, 0
    .byte 0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3
    .byte 0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6, 0, 1
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3, 4, 5, 6, 7
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 1, 2, 3, 4, 5, 6
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 1, 2, 3, 4
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0, 1, 2, 3
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0, 1, 2
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 0, 1
    .byte 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 0

/* A state's update from the window (rdx): ebp, the window's bits below the field, loses
 * the state's nb_bits; the new state is next_base plus those bits. state64 is read as the
 * cell's index, then written through state32; ecx and r11 are scratch. */
.macro FAST_SEQ_NEXT_STATE cells, state64, state32
    movzbl  \cells+C_NB_BITS(%r14,\state64,8), %ecx
    subl    %ecx, %ebp
    shrxq   %rbp, %rdx, %r11
    bzhiq   %rcx, %r11, %r11
    movzwl  \cells+C_NEXT_BASE(%r14,\state64,8), \state32
    addl    %r11d, \state32
.endm

    .text
    .p2align 6
    .globl fast_sequences_run_amd64
    .hidden fast_sequences_run_amd64
    .type fast_sequences_run_amd64, @function
fast_sequences_run_amd64:
    .cfi_startproc
    FAST_AMD64_ENTRY
    pushq   %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_offset %rbx, -16
    pushq   %rbp
    .cfi_adjust_cfa_offset 8
    .cfi_offset %rbp, -24
    pushq   %r12
    .cfi_adjust_cfa_offset 8
    .cfi_offset %r12, -32
    pushq   %r13
    .cfi_adjust_cfa_offset 8
    .cfi_offset %r13, -40
    pushq   %r14
    .cfi_adjust_cfa_offset 8
    .cfi_offset %r14, -48
    pushq   %r15
    .cfi_adjust_cfa_offset 8
    .cfi_offset %r15, -56
    subq    $F_SIZE, %rsp
    .cfi_adjust_cfa_offset F_SIZE

    movq    %rdi, F_STATE(%rsp)
    movl    %esi, F_COUNT(%rsp)
    movq    S_OUT_FAST_END(%rdi), %rax
    movq    %rax, F_OUT_END(%rsp)
    movq    S_LIT_FAST_END(%rdi), %rax
    movq    %rax, F_LIT_END(%rsp)
    movq    S_PREFIX_START(%rdi), %rax
    movq    %rax, F_PREFIX(%rsp)
    movl    S_REP1(%rdi), %eax
    movl    %eax, F_REP1(%rsp)
    movl    S_REP2(%rdi), %eax
    movl    %eax, F_REP2(%rsp)
    movq    S_BIT_ADDR(%rdi), %r15
    movq    S_TABLES(%rdi), %r14
    movq    S_OP(%rdi), %r13
    movq    S_LIT(%rdi), %r12
    movl    S_REP0(%rdi), %ebx
    movl    S_LL_STATE(%rdi), %r8d
    movl    S_OF_STATE(%rdi), %r10d
    movl    S_ML_STATE(%rdi), %r9d
    movl    S_PENDING_LL(%rdi), %eax
    movl    %eax, F_NEXT_LL(%rsp)
    movl    S_PENDING_ML(%rdi), %eax
    movl    %eax, F_NEXT_ML(%rsp)
    movl    S_PENDING_OF(%rdi), %eax
    movl    %eax, F_NEXT_OF(%rsp)
    movl    $0, F_LAST(%rsp)
    movq    S_BIT_FLOOR(%rdi), %rax
    movq    %rax, F_FLOOR(%rsp)
    testl   %esi, %esi
    jz      .Llast
    cmpq    %rax, %r15
    jae     .Ldecode
    jmp     .Llast

    .p2align 6
.Ldecode:
    /* One window of 64 bits ending at the bit address serves all six fields; each is
     * taken with its own shift (base minus the bits read before it), so that each state
     * update waits on one subtraction per field before it rather than on the sum of all
     * six and a second shift. The states are kept for the rare sequence whose fields pass
     * the window (.Lsecond_window), which decodes them again. */
    movl    %r8d, F_OLD_LL(%rsp)
    movl    %r9d, F_OLD_ML(%rsp)
    movl    %r10d, F_OLD_OF(%rsp)
    movq    %r15, %rdx
    shrq    $3, %rdx
    movl    %r15d, %ebp
    andl    $7, %ebp
    movq    -7(%rdx), %rdx
    addl    $56, %ebp                   /* bits of the window below the position */
    /* Offset and match length extra bits: <= 31 + 16 bits, always inside the window. */
    movzbl  T_OF_CELLS+C_EXTRA_BITS(%r14,%r10,8), %ecx
    subl    %ecx, %ebp
    shrxq   %rbp, %rdx, %rdi
    bzhiq   %rcx, %rdi, %rdi
    addl    T_OF_CELLS+C_VALUE_BASE(%r14,%r10,8), %edi      /* Offset_Value */
    movzbl  T_ML_CELLS+C_EXTRA_BITS(%r14,%r9,8), %ecx
    subl    %ecx, %ebp
    shrxq   %rbp, %rdx, %rsi
    bzhiq   %rcx, %rsi, %rsi
    addl    T_ML_CELLS+C_VALUE_BASE(%r14,%r9,8), %esi       /* match length */
.Lsecond_part:
    /* rdx: the window, ebp: the bits of it below the literal length extra bits (r15 the
     * window's bit address). A shift that went negative is found at the last field. */
    movzbl  T_LL_CELLS+C_EXTRA_BITS(%r14,%r8,8), %ecx
    subl    %ecx, %ebp
    shrxq   %rbp, %rdx, %rax
    bzhiq   %rcx, %rax, %rax
    addl    T_LL_CELLS+C_VALUE_BASE(%r14,%r8,8), %eax       /* literal length */
    FAST_SEQ_NEXT_STATE T_LL_CELLS, %r8, %r8d
    FAST_SEQ_NEXT_STATE T_ML_CELLS, %r9, %r9d
    movzbl  T_OF_CELLS+C_NB_BITS(%r14,%r10,8), %ecx
    subl    %ecx, %ebp
    js      .Lsecond_window
    shrxq   %rbp, %rdx, %r11
    bzhiq   %rcx, %r11, %r11
    movzwl  T_OF_CELLS+C_NEXT_BASE(%r14,%r10,8), %r10d
    addl    %r11d, %r10d
    /* The new bit address: the window's start (bit address rounded down, less 56) plus
     * the bits left below the last field. */
    andq    $-8, %r15
    leaq    -56(%r15,%rbp), %r15

    /* Repeat offsets (RFC 8878 3.1.2.5) without branches: index = Offset_Value - 1, plus 1
     * without literals; 0 keeps Repeat_Offset1, 1 and 2 take offset 2 and 3, 3 is
     * Repeat_Offset1 - 1. A new offset (Offset_Value > 3) has index >= 3 too, so the
     * shifts of the history below need no case of their own. */
    xorl    %ecx, %ecx
    testl   %eax, %eax
    sete    %cl
    leal    -1(%rdi,%rcx), %ecx
    leal    -1(%rbx), %ebp
    cmpl    $2, %ecx
    cmovel  F_REP2(%rsp), %ebp
    cmpl    $1, %ecx
    cmovel  F_REP1(%rsp), %ebp
    testl   %ecx, %ecx
    cmovel  %ebx, %ebp
    leal    -3(%rdi), %edx
    cmpl    $3, %edi
    cmoval  %edx, %ebp
    movl    F_REP1(%rsp), %r11d
    movl    F_REP2(%rsp), %edx
    cmpl    $1, %ecx
    cmoval  %r11d, %edx
    movl    %edx, F_REP2(%rsp)
    testl   %ecx, %ecx
    cmovnel %ebx, %r11d
    movl    %r11d, F_REP1(%rsp)
    movl    %ebp, %ebx
    /* Sequence n + 1 waits in the frame while n, decoded one round earlier, is executed:
     * the copies of n then no longer wait on the table chain, and a mispredicted branch
     * among them does not throw away n + 1's decoding. */
    movl    F_NEXT_LL(%rsp), %edi
    movl    %eax, F_NEXT_LL(%rsp)
    movl    F_NEXT_ML(%rsp), %ecx
    movl    %esi, F_NEXT_ML(%rsp)
    movl    %ecx, %esi
    movl    F_NEXT_OF(%rsp), %edx
    movl    %ebp, F_NEXT_OF(%rsp)
    subl    $1, F_COUNT(%rsp)

    /* The fast path's three tests, as in fast_execute_sequence: the sequence and 32
     * bytes fit before the output bound, the literals and 32 bytes are readable, and the
     * match lies in the prefix (offset - 1 < bytes written, unsigned, so 0 fails). */
.Lexecute:
    leaq    (%rdi,%rsi), %rax
    addq    %r13, %rax
    cmpq    F_OUT_END(%rsp), %rax
    ja      .Lexit_checked
    leaq    (%r12,%rdi), %rcx
    cmpq    F_LIT_END(%rsp), %rcx
    ja      .Lexit_checked
    leaq    (%r13,%rdi), %rax
    movq    %rax, %rbp
    subq    F_PREFIX(%rsp), %rbp
    leaq    -1(%rdx), %r11
    cmpq    %rbp, %r11
    jae     .Lexit_checked
    /* Literals: 32 bytes whatever their length (both margins allow it). */
    vmovdqu (%r12), %ymm0
    vmovdqu %ymm0, (%r13)
    cmpq    $32, %rdi
    ja      .Llong_literals
.Lliterals_done:
    movq    %rcx, %r12
    movq    %rax, %r13
    movq    %rax, %rcx
    subq    %rdx, %rcx
    cmpq    $32, %rdx
    jb      .Lnear_match
    /* Offsets >= 32: each 32-byte load reads only bytes already written. */
    vmovdqu (%rcx), %ymm0
    vmovdqu %ymm0, (%r13)
    cmpq    $32, %rsi
    ja      .Llong_match
.Lmatch_done:
    addq    %rsi, %r13
    /* The next sequence is decoded while any is left whose windows lie inside the
     * stream (the bit address at least the floor, fast_sequences_asm_chunk). */
    cmpl    $0, F_COUNT(%rsp)
    je      .Lno_more
    cmpq    F_FLOOR(%rsp), %r15
    jae     .Ldecode
.Lno_more:
    cmpl    $0, F_LAST(%rsp)
    jne     .Ldone
.Llast:
    /* The last decoded sequence, with nothing left to decode. */
    movl    $1, F_LAST(%rsp)
    movl    F_NEXT_LL(%rsp), %edi
    movl    F_NEXT_ML(%rsp), %esi
    movl    F_NEXT_OF(%rsp), %edx
    jmp     .Lexecute
.Ldone:
    xorl    %eax, %eax
    jmp     .Lexit

.Lsecond_window:
    /* Only long offsets with long lengths: the literal length extra bits and the states
     * come from a second window that ends where the offset and match length extra bits
     * ended (those two values are right already). */
    movl    F_OLD_LL(%rsp), %r8d
    movl    F_OLD_ML(%rsp), %r9d
    movl    F_OLD_OF(%rsp), %r10d
    movzbl  T_OF_CELLS+C_EXTRA_BITS(%r14,%r10,8), %ecx
    movzbl  T_ML_CELLS+C_EXTRA_BITS(%r14,%r9,8), %ebp
    addl    %ecx, %ebp
    subq    %rbp, %r15
    movq    %r15, %rdx
    shrq    $3, %rdx
    movl    %r15d, %ebp
    andl    $7, %ebp
    movq    -7(%rdx), %rdx
    addl    $56, %ebp
    jmp     .Lsecond_part

.Llong_literals:
    /* From the first 32-byte boundary of the output on (the first move covered the bytes
     * before it): stores that straddle cache lines cost two. Then 64 bytes a round while
     * the round's second half starts before the end (so at most 31 bytes past it, inside
     * the margin), and one 32-byte move if bytes are left. */
    movl    %r13d, %r11d
    andl    $31, %r11d
    negl    %r11d
    addl    $32, %r11d
    leaq    -32(%rdi), %rbp
    cmpq    %rbp, %r11
    jae     2f
1:  vmovdqu (%r12,%r11), %ymm0
    vmovdqu 32(%r12,%r11), %ymm1
    vmovdqu %ymm0, (%r13,%r11)
    vmovdqu %ymm1, 32(%r13,%r11)
    addq    $64, %r11
    cmpq    %rbp, %r11
    jb      1b
2:  cmpq    %rdi, %r11
    jae     .Lliterals_done
    vmovdqu (%r12,%r11), %ymm0
    vmovdqu %ymm0, (%r13,%r11)
    jmp     .Lliterals_done

.Llong_match:
    movl    $32, %r11d
1:  vmovdqu (%rcx,%r11), %ymm0
    vmovdqu %ymm0, (%r13,%r11)
    addq    $32, %r11
    cmpq    %rsi, %r11
    jb      1b
    jmp     .Lmatch_done
.Lnear_match:
    cmpq    $16, %rdx
    jb      .Lshort_offset
    vmovdqu (%rcx), %xmm0
    vmovdqu %xmm0, (%r13)
    cmpq    $16, %rsi
    jbe     .Lmatch_done
    movl    $16, %r11d
2:  vmovdqu (%rcx,%r11), %xmm0
    vmovdqu %xmm0, (%r13,%r11)
    addq    $16, %r11
    cmpq    %rsi, %r11
    jb      2b
    jmp     .Lmatch_done

.Lshort_offset:
    /* Offsets 1..15: the first 16 bytes are the period's bytes (all written already,
     * the load's rest lies before op + 16 inside dst) spread by one shuffle, instead of
     * byte moves whose reloads waited on store forwarding. */
    movq    %rdx, %rax
    shlq    $4, %rax
    leaq    fast_seq_spread(%rip), %r11
    vmovdqu (%rcx), %xmm0
    vpshufb (%r11,%rax), %xmm0, %xmm0
    vmovdqu %xmm0, (%r13)
    cmpq    $16, %rsi
    jbe     .Lmatch_done
    leaq    fast_seq_period16(%rip), %rax
    movzbl  (%rax,%rdx), %eax
    movq    %r13, %rcx
    subq    %rax, %rcx
    movl    $16, %r11d
3:  vmovdqu (%rcx,%r11), %xmm0
    vmovdqu %xmm0, (%r13,%r11)
    addq    $16, %r11
    cmpq    %rsi, %r11
    jb      3b
    jmp     .Lmatch_done

.Lexit_checked:
    /* 1: the last sequence failed; else 2 + sequences left to decode, the next one
     * decoded already (s->pending). */
    movl    F_COUNT(%rsp), %eax
    addl    $2, %eax
    movl    $1, %ecx
    cmpl    $0, F_LAST(%rsp)
    cmovnel %ecx, %eax
    movq    F_STATE(%rsp), %rcx
    movl    %edi, S_FAILED_LL(%rcx)
    movl    %esi, S_FAILED_ML(%rcx)
    movl    %edx, S_FAILED_OF(%rcx)
    movl    F_NEXT_LL(%rsp), %edi
    movl    F_NEXT_ML(%rsp), %esi
    movl    F_NEXT_OF(%rsp), %edx
.Lexit:
    movq    F_STATE(%rsp), %rcx
    movq    %r15, S_BIT_ADDR(%rcx)
    movl    F_COUNT(%rsp), %r11d
    movl    %r11d, S_LEFT(%rcx)
    movq    %r13, S_OP(%rcx)
    movq    %r12, S_LIT(%rcx)
    movl    %r8d, S_LL_STATE(%rcx)
    movl    %r10d, S_OF_STATE(%rcx)
    movl    %r9d, S_ML_STATE(%rcx)
    movl    %ebx, S_REP0(%rcx)
    movl    F_REP1(%rsp), %r11d
    movl    %r11d, S_REP1(%rcx)
    movl    F_REP2(%rsp), %r11d
    movl    %r11d, S_REP2(%rcx)
    movl    %edi, S_PENDING_LL(%rcx)
    movl    %esi, S_PENDING_ML(%rcx)
    movl    %edx, S_PENDING_OF(%rcx)
    /* The caller's SSE code would pay for dirty upper halves. */
    vzeroupper
    addq    $F_SIZE, %rsp
    .cfi_adjust_cfa_offset -F_SIZE
    popq    %r15
    .cfi_adjust_cfa_offset -8
    popq    %r14
    .cfi_adjust_cfa_offset -8
    popq    %r13
    .cfi_adjust_cfa_offset -8
    popq    %r12
    .cfi_adjust_cfa_offset -8
    popq    %rbp
    .cfi_adjust_cfa_offset -8
    popq    %rbx
    .cfi_adjust_cfa_offset -8
    ret
    .cfi_endproc
    .size fast_sequences_run_amd64, .-fast_sequences_run_amd64

#endif

#if defined(__ELF__)
    .section .note.GNU-stack,"",@progbits
#endif

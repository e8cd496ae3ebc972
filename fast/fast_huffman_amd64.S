/* fast/fast_huffman_amd64.S - the 4-stream single-symbol Huffman loop (RFC 8878 4.2.2) of the
 * avx2 variant, by hand: GCC kept stream pointers and containers of the C loop in stack slots,
 * and each symbol took ~9 instructions; here a symbol is 4 (shrx, load, shlx, store).
 *
 * Called from fast_huffman_4x_body (fast_kernels.h) with a fast_huf_asm_state, whose layout
 * the C side checks against the OFF_ constants below; the C does the setup and the tails.
 * Bounds: the loop counts the rounds a batch may take from the streams' pointers (a refill
 * moves a pointer back <= 6 bytes, so (ip - (start + 8)) / 8 + 1 rounds keep every load
 * inside its stream) and recounts after each batch itself, which spares a call per batch;
 * the output bound is one comparison a round. Lanes are the C's fast_huf_lane: a
 * left-shifted container with a set bit below the unread bits (bits consumed since the
 * load = trailing zeros); the C hands them over with <= 8 bits consumed.
 *
 * Round, per stream: the refill is computed first, from the container as the previous round
 * left it, while the round's first symbol is still decoded from that old container; the
 * refilled container is then shifted by that symbol's length. The refill's chain (tzcnt ->
 * pointer -> load -> shift, ~12 cycles) thus overlaps a symbol's (shrx -> load -> shlx, ~7)
 * instead of following it. The old container must hold that extra symbol: with max_bits
 * <= 11, 7 + (4 + 1) * 11 = 62 bits, so 4 symbols a round. Measured on the loop alone
 * (licenses text, 4-16 KiB sections): this 0.78 ns a symbol, the C loop 0.88, the refill
 * after 5 symbols (as the C does) 0.84, the refill overlapping two symbols (3 a round) 0.84:
 * more instructions a symbol than the overlap saves.
 *
 * Symbols are stored from the high byte of the table entry (%ah / %dh), which needs every
 * register of the store legacy (no REX prefix): outputs are one pointer (%rsi) plus the
 * segment size (%rdi) and three segments (%rbp), all four streams advancing together.
 *
 * Registers in the loop:
 *   rax, rdx   temporaries (entry: low byte = bits, high byte = symbol)
 *   rbx        table cells (2-byte {nb_bits, symbol})
 *   rcx        64 - max_bits (index = container >> rcx)
 *   rsi        output of stream 0; stream k writes at rsi + k * segment
 *   rdi, rbp   segment, 3 * segment
 *   r8 - r11   containers of streams 0 - 3
 *   r12 - r15  input pointers of streams 0 - 3
 */
#if defined(__x86_64__) && defined(__ELF__)
#include "fast_amd64_cet.h"

/* fast_huf_asm_state, as fast_kernels.h declares it (checked there). */
#define OFF_BITS     0
#define OFF_IP       32
#define OFF_LIMIT    64
#define OFF_OP       96
#define OFF_OLIMIT   104
#define OFF_SEGMENT  112
#define OFF_CELLS    120
#define OFF_SHIFT    128

/* Stack frame after the six pushes. */
#define FR_STATE     0
#define FR_OLIMIT    8
#define FR_ROUNDS    16
#define FR_LIMIT     24          /* 4 x 8 */
#define FR_SIZE      56

#define PER_ROUND    4

    .text

/* One symbol of one stream from container bits, stored at dst. */
#define FAST_SYM(bits, tmp, tmpq, tmph, dst)                                                 \
    shrx    %rcx, bits, tmpq;                                                                \
    movzwl  (%rbx, tmpq, 2), tmp;                                                            \
    shlx    tmpq, bits, bits;                                                                \
    movb    tmph, dst

/* The refill (from the container as the last round left it, <= 51 bits consumed) and the
 * round's first symbol from the old container (<= 62 bits then); the new container, shifted
 * by that symbol's length, replaces it. The refill moves ip back <= 6 bytes; the batch
 * count keeps it at or after the stream's start. */
#define FAST_REFILL_SYM(bits, ip, dst)                                                       \
    tzcnt   bits, %rax;                                                                      \
    movl    %eax, %edx;                                                                      \
    shrl    $3, %eax;                                                                        \
    andl    $7, %edx;                                                                        \
    subq    %rax, ip;                                                                        \
    movq    (ip), %rax;                                                                      \
    orq     $1, %rax;                                                                        \
    shlx    %rdx, %rax, %rax;                                                                \
    shrx    %rcx, bits, %rdx;                                                                \
    movzwl  (%rbx, %rdx, 2), %edx;                                                           \
    shlx    %rdx, %rax, bits;                                                                \
    movb    %dh, dst

/* void fast_huf_4x_asm(fast_huf_asm_state *state) */
    .globl  fast_huf_4x_asm
    .hidden fast_huf_4x_asm
    .type   fast_huf_4x_asm, @function
    .p2align 6
fast_huf_4x_asm:
    .cfi_startproc
    FAST_AMD64_ENTRY
    pushq   %rbx
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rbx, 0
    pushq   %rbp
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %rbp, 0
    pushq   %r12
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r12, 0
    pushq   %r13
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r13, 0
    pushq   %r14
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r14, 0
    pushq   %r15
    .cfi_adjust_cfa_offset 8
    .cfi_rel_offset %r15, 0
    subq    $FR_SIZE, %rsp
    .cfi_adjust_cfa_offset FR_SIZE

    movq    %rdi, FR_STATE(%rsp)
    movq    OFF_OLIMIT(%rdi), %rax
    movq    %rax, FR_OLIMIT(%rsp)
    movq    OFF_LIMIT(%rdi), %rax
    movq    %rax, FR_LIMIT(%rsp)
    movq    OFF_LIMIT+8(%rdi), %rax
    movq    %rax, FR_LIMIT+8(%rsp)
    movq    OFF_LIMIT+16(%rdi), %rax
    movq    %rax, FR_LIMIT+16(%rsp)
    movq    OFF_LIMIT+24(%rdi), %rax
    movq    %rax, FR_LIMIT+24(%rsp)
    movq    OFF_BITS(%rdi), %r8
    movq    OFF_BITS+8(%rdi), %r9
    movq    OFF_BITS+16(%rdi), %r10
    movq    OFF_BITS+24(%rdi), %r11
    movq    OFF_IP(%rdi), %r12
    movq    OFF_IP+8(%rdi), %r13
    movq    OFF_IP+16(%rdi), %r14
    movq    OFF_IP+24(%rdi), %r15
    movq    OFF_CELLS(%rdi), %rbx
    movq    OFF_SHIFT(%rdi), %rcx
    movq    OFF_OP(%rdi), %rsi
    movq    OFF_SEGMENT(%rdi), %rbp
    leaq    (%rbp, %rbp, 2), %rax
    movq    %rbp, %rdi
    movq    %rax, %rbp
    jmp     .Lfast_huf_count

    .p2align 5
.Lfast_huf_round:
    /* Output: every stream has PER_ROUND bytes left while op <= olimit. */
    cmpq    FR_OLIMIT(%rsp), %rsi
    ja      .Lfast_huf_done
    FAST_REFILL_SYM(%r8, %r12, (%rsi))
    FAST_REFILL_SYM(%r9, %r13, (%rsi, %rdi))
    FAST_REFILL_SYM(%r10, %r14, (%rsi, %rdi, 2))
    FAST_REFILL_SYM(%r11, %r15, (%rsi, %rbp))
    FAST_SYM(%r8, %eax, %rax, %ah, 1(%rsi))
    FAST_SYM(%r9, %edx, %rdx, %dh, 1(%rsi, %rdi))
    FAST_SYM(%r10, %eax, %rax, %ah, 1(%rsi, %rdi, 2))
    FAST_SYM(%r11, %edx, %rdx, %dh, 1(%rsi, %rbp))
    FAST_SYM(%r8, %eax, %rax, %ah, 2(%rsi))
    FAST_SYM(%r9, %edx, %rdx, %dh, 2(%rsi, %rdi))
    FAST_SYM(%r10, %eax, %rax, %ah, 2(%rsi, %rdi, 2))
    FAST_SYM(%r11, %edx, %rdx, %dh, 2(%rsi, %rbp))
    FAST_SYM(%r8, %eax, %rax, %ah, 3(%rsi))
    FAST_SYM(%r9, %edx, %rdx, %dh, 3(%rsi, %rdi))
    FAST_SYM(%r10, %eax, %rax, %ah, 3(%rsi, %rdi, 2))
    FAST_SYM(%r11, %edx, %rdx, %dh, 3(%rsi, %rbp))
    addq    $PER_ROUND, %rsi
    decq    FR_ROUNDS(%rsp)
    jnz     .Lfast_huf_round

.Lfast_huf_count:
    /* Rounds every stream can take: one more than (ip - (start + 8)) / 8, which is no more
     * than the / 7 that 7 bytes a round would allow; none once a pointer is below its limit. */
    movq    %r12, %rdx
    subq    FR_LIMIT(%rsp), %rdx
    jb      .Lfast_huf_done
    movq    %r13, %rax
    subq    FR_LIMIT+8(%rsp), %rax
    jb      .Lfast_huf_done
    cmpq    %rax, %rdx
    cmova   %rax, %rdx
    movq    %r14, %rax
    subq    FR_LIMIT+16(%rsp), %rax
    jb      .Lfast_huf_done
    cmpq    %rax, %rdx
    cmova   %rax, %rdx
    movq    %r15, %rax
    subq    FR_LIMIT+24(%rsp), %rax
    jb      .Lfast_huf_done
    cmpq    %rax, %rdx
    cmova   %rax, %rdx
    shrq    $3, %rdx
    incq    %rdx
    movq    %rdx, FR_ROUNDS(%rsp)
    jmp     .Lfast_huf_round

.Lfast_huf_done:
    movq    FR_STATE(%rsp), %rax
    movq    %r8, OFF_BITS(%rax)
    movq    %r9, OFF_BITS+8(%rax)
    movq    %r10, OFF_BITS+16(%rax)
    movq    %r11, OFF_BITS+24(%rax)
    movq    %r12, OFF_IP(%rax)
    movq    %r13, OFF_IP+8(%rax)
    movq    %r14, OFF_IP+16(%rax)
    movq    %r15, OFF_IP+24(%rax)
    movq    %rsi, OFF_OP(%rax)
    addq    $FR_SIZE, %rsp
    .cfi_adjust_cfa_offset -FR_SIZE
    popq    %r15
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r15
    popq    %r14
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r14
    popq    %r13
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r13
    popq    %r12
    .cfi_adjust_cfa_offset -8
    .cfi_restore %r12
    popq    %rbp
    .cfi_adjust_cfa_offset -8
    .cfi_restore %rbp
    popq    %rbx
    .cfi_adjust_cfa_offset -8
    .cfi_restore %rbx
    ret
    .cfi_endproc
    .size   fast_huf_4x_asm, .-fast_huf_4x_asm

#endif

#if defined(__ELF__)
    .section .note.GNU-stack,"",@progbits
#endif

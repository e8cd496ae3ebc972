/* fast/fast_amd64_cet.h - included by the x86-64 .S files of fast/: under -fcf-protection
 * (__CET__ set by the compiler) each entry point starts with FAST_AMD64_ENTRY (endbr64), and
 * the object carries the GNU property note that says so. The linker ANDs that property over
 * all objects, so one .S file without it would take the shadow-stack / IBT marking off the
 * whole library. Layout of the note: the System V x86-64 ABI, "GNU property" section. */
#ifndef FAST_AMD64_CET_H
#define FAST_AMD64_CET_H

#ifdef __CET__
#define FAST_AMD64_ENTRY endbr64
#else
#define FAST_AMD64_ENTRY
#endif

#if defined(__CET__) && defined(__ELF__)
    .pushsection .note.gnu.property, "a"
    .p2align 3
    .long   4                   /* name size: "GNU" and its NUL */
    .long   16                  /* descriptor size: one property, padded to 8 */
    .long   5                   /* NT_GNU_PROPERTY_TYPE_0 */
    .asciz  "GNU"
    .long   0xc0000002          /* GNU_PROPERTY_X86_FEATURE_1_AND */
    .long   4                   /* its data size */
    .long   (__CET__ & 3)       /* bit 0 IBT, bit 1 SHSTK: what the compiler was asked for */
    .long   0                   /* padding */
    .popsection
#endif

#endif

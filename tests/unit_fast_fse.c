/* tests/unit_fast_fse.c - fast/'s FSE decoding tables (RFC 8878 4.1.1) against ref/'s for
 * random distributions: with and without "less than 1" symbols, long runs, every accuracy
 * log a sequence code uses, and the table made only of "less than 1" symbols. */
#include <stdint.h>
#include <string.h>
#include "tap.h"
#include "fast_entropy.h"
#include "ref_fse_decode.h"

static uint32_t next_random(uint32_t *x)
{
    *x = *x * 1103515245u + 12345u;
    return *x >> 8;
}

/* A distribution of nb_symbols summing to 1 << log; about one symbol in lowprob_every is
 * "less than 1" (0: none). */
static void random_norm(int16_t *norm, unsigned nb_symbols, unsigned log,
                        unsigned lowprob_every, uint32_t *x)
{
    int32_t left = 1 << log;
    for (unsigned s = 0; s < nb_symbols; s++) {
        unsigned still = nb_symbols - s - 1;
        if (lowprob_every && s + 1 < nb_symbols && next_random(x) % lowprob_every == 0
            && left - 1 >= (int32_t)still) {
            norm[s] = -1;
            left -= 1;
        } else if (s + 1 == nb_symbols) {
            norm[s] = (int16_t)left;
            left = 0;
        } else {
            int32_t most = left - (int32_t)still;
            int32_t p = 1 + (int32_t)(next_random(x) % (uint32_t)(most < 24 ? most : most / 3));
            norm[s] = (int16_t)p;
            left -= p;
        }
    }
}

static int same_as_ref(const int16_t *norm, unsigned nb_symbols, unsigned log)
{
    static fast_fse_table fast;
    static ref_fse_table ref;
    if (zs_is_error(fast_build_fse_table(&fast, norm, nb_symbols, log, FAST_CODE_SYMBOL))
        || zs_is_error(ref_build_fse_decoding_table(&ref, norm, nb_symbols, log)))
        return 0;
    for (uint32_t state = 0; state < (1u << log); state++) {
        if (fast.cells[state].value_base != ref.cells[state].symbol
            || fast.cells[state].nb_bits != ref.cells[state].nb_bits
            || fast.cells[state].next_base != ref.cells[state].baseline)
            return 0;
    }
    return 1;
}

int main(void)
{
    static const unsigned lowprob[] = { 0, 2, 5 };
    const uint32_t seed = 20261125;
    uint32_t x = seed;
    int16_t norm[64];
    int all;

    for (unsigned l = 0; l < 3; l++) {
        all = 1;
        for (unsigned log = 5; log <= 9; log++)
            for (unsigned round = 0; round < 200; round++) {
                unsigned nb_symbols = 2 + next_random(&x) % 52;
                if (nb_symbols > (1u << log))
                    nb_symbols = 1u << log;
                random_norm(norm, nb_symbols, log, lowprob[l], &x);
                all &= same_as_ref(norm, nb_symbols, log);
            }
        tap_ok(all, "fse_table_matches_ref_lowprob_every_%u_seed_%u", lowprob[l], seed);
    }
    for (unsigned s = 0; s < 32; s++)
        norm[s] = -1;
    tap_ok(same_as_ref(norm, 32, 5), "fse_table_matches_ref_all_less_than_one");
    norm[0] = 500;
    for (unsigned s = 1; s < 13; s++)
        norm[s] = 1;
    tap_ok(same_as_ref(norm, 13, 9), "fse_table_matches_ref_one_long_run");
    return tap_done();
}

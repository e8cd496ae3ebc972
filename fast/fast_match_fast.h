/* fast/fast_match_fast.h - what the ZSTD_fast loops share (fast_match_fast_body.h): without a
 * dictionary (fast_match_fast.c) and with one, attached or loaded (fast_match_fast_dict.c). */
#ifndef FAST_MATCH_FAST_H
#define FAST_MATCH_FAST_H
#include "fast_match.h"

/* Without a match the step grows by one every 128 bytes, so incompressible data is crossed
 * in ever larger strides (upstream grows it at the same rate). */
#define FAST_STEP_GROWTH 128u

static FAST_ALWAYS_INLINE size_t match_length(const fast_index_map *map, uint32_t candidate,
                                              const uint8_t *match, const uint8_t *ip,
                                              const uint8_t *iend, int has_ext)
{
    /* Every caller compared the first 4 bytes, an ext candidate's inside the segment. */
    if (has_ext && candidate < map->prefix_idx)
        return 4 + fast_common_length_ext(match + 4, map->ext_end, ip + 4, iend,
                                          map->prefix_start);
    return 4 + fast_common_length(match + 4, ip + 4, iend);
}

/* Where the repeat offset is tested first: at ip0 + 2 while the initial step is 2, levels
 * >= -1 (targetLength <= 1; upstream tests it at the next pair's start, ip0 + step). At
 * ip0 + 1, xml came out 2% larger at levels 1-2, and 1.012 against 0.999 of upstream's at
 * -1 (there, with the post-match stores, 0.7% fewer instructions). Levels -2 and below
 * keep ip0 + 1, where ip0 + 2 cost 3% speed for 0.05% of size. */
static inline unsigned rep_ahead_of(const fast_match_state *ms)
{
    return ms->cparams.targetLength > 1 ? 1 : 2;
}

#endif

/* abi/rsync.c - ZSTD_c_rsyncable: with worker threads, jobs end at content-defined points
 * instead of every jobSize bytes, so that an edit of the input changes the jobs around it
 * only and the compressed bytes of all later jobs come out the same (upstream's documented
 * intent: rsync-friendly output; the parameter does nothing without workers). */
#include "zs_mt.h"

/* The cut decision at a position depends on the 32 bytes before it and nothing else. */
#define ZS_RSYNC_WINDOW 32u

/* A cyclic-polynomial ("buzhash") rolling hash: each byte value stands for a fixed 64-bit
 * word, rotated once per position it has aged in the window, all of them xor-ed. Removing
 * the oldest byte is an xor of its word rotated by the window length. */
typedef struct {
    uint64_t word[256];
} zs_rsync_words;

static uint64_t zs_rotl64(uint64_t value, unsigned shift)
{
    return (value << shift) | (value >> (64 - shift));
}

/* splitmix64's finalizer: every bit of the byte reaches every bit of its word. */
static void zs_rsync_words_init(zs_rsync_words *words)
{
    unsigned c;
    for (c = 0; c < 256; c++) {
        uint64_t x = (uint64_t)(c + 1) * 0x9E3779B97F4A7C15ull;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
        words->word[c] = x ^ (x >> 31);
    }
}

static unsigned zs_rsync_log2(size_t value)
{
    unsigned log = 0;
    while (value >>= 1)
        log++;
    return log;
}

/* A job is at least an eighth of jobSize (shorter ones would cost ratio and threads for
 * little), at most jobSize. In between, a position is a cut point with probability
 * 2 / jobSize (rounded to a power of two), so the mean job is about half of jobSize (as
 * upstream documents for its own scheme) and one in six reaches jobSize uncut. A cut
 * reached by jobSize loses no synchronisation: it lies at a fixed distance from the last
 * content-defined cut, the same in both versions of an input. */
size_t zs_rsync_min_job(size_t job_size)
{
    size_t min_job = job_size / 8;
    return min_job < ZS_RSYNC_WINDOW ? ZS_RSYNC_WINDOW : min_job;
}

size_t zs_rsync_cut(const uint8_t *src, size_t available, size_t job_size)
{
    size_t min_job = zs_rsync_min_job(job_size);
    size_t limit = available < job_size ? available : job_size;
    unsigned bits = zs_rsync_log2(job_size / 2);
    zs_rsync_words words;
    uint64_t hash = 0;
    size_t pos;

    if (min_job >= job_size)
        return available >= job_size ? job_size : 0;
    if (limit < min_job)
        return 0;
    zs_rsync_words_init(&words);
    for (pos = min_job - ZS_RSYNC_WINDOW; pos < min_job; pos++)
        hash = zs_rotl64(hash, 1) ^ words.word[src[pos]];
    /* hash covers [pos - 32, pos): a cut there when its top bits are all zero */
    for (;;) {
        if ((hash >> (64 - bits)) == 0)
            return pos;
        if (pos == limit)
            break;
        hash = zs_rotl64(hash, 1) ^ zs_rotl64(words.word[src[pos - ZS_RSYNC_WINDOW]], ZS_RSYNC_WINDOW) ^
               words.word[src[pos]];
        pos++;
    }
    return limit == job_size ? job_size : 0;
}

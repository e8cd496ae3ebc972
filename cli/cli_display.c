/* cli_display.c - messages of the zstd tool: verbosity levels (-q/-v), the progress line shown
 * only on a terminal, human-readable sizes and the y/n prompt, as upstream zstd 1.5.7 shows them.
 * Everything goes to stderr so that stdout can carry data. */
#include "cli.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int cli_verbosity = 2;
int cli_progress_mode = -1;

static int progress_shown;
static struct timespec last_progress;

void cli_msg(int level, const char *fmt, ...)
{
    va_list ap;
    if (cli_verbosity < level)
        return;
    cli_progress_clear();
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    if (cli_verbosity < 1)
        return;
    cli_progress_clear();
    fputs("zstd: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

int cli_progress_wanted(void)
{
    if (cli_progress_mode == 1)
        return 1;
    if (cli_progress_mode == 0 || cli_verbosity < 2)
        return 0;
    return isatty(STDERR_FILENO);
}

/* Refreshing more often than 5 times a second only costs time on slow terminals. */
void cli_progress(const char *fmt, ...)
{
    struct timespec now;
    va_list ap;
    long long elapsed_ms;
    if (!cli_progress_wanted())
        return;
    clock_gettime(CLOCK_MONOTONIC, &now);
    elapsed_ms = (now.tv_sec - last_progress.tv_sec) * 1000LL
                 + (now.tv_nsec - last_progress.tv_nsec) / 1000000;
    if (progress_shown && elapsed_ms < 200)
        return;
    last_progress = now;
    fputs("\r", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputs("\x1b[K", stderr);
    progress_shown = 1;
}

void cli_progress_clear(void)
{
    if (!progress_shown)
        return;
    fputs("\r\x1b[K", stderr);
    progress_shown = 0;
}

/* Upstream prints sizes with 3 significant digits and binary units (KiB, MiB...). */
const char *cli_human_size(unsigned long long size, char *buf, size_t cap)
{
    static const char *const units[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
    double value = (double)size;
    unsigned unit = 0;
    if (size < 1024) {
        snprintf(buf, cap, "%llu %s", size, units[0]);
        return buf;
    }
    while (value >= 1024.0 && unit < 6) {
        value /= 1024.0;
        unit++;
    }
    if (value >= 100.0)
        snprintf(buf, cap, "%.0f %s", value, units[unit]);
    else if (value >= 10.0)
        snprintf(buf, cap, "%.1f %s", value, units[unit]);
    else
        snprintf(buf, cap, "%.2f %s", value, units[unit]);
    return buf;
}

/* Reads the answer from stdin even when it is a pipe: upstream accepts `echo y | zstd ...`.
 * Only the first character decides; the rest of the line is consumed. */
int cli_ask_yes(const char *question)
{
    int ch, first;
    cli_progress_clear();
    fputs(question, stderr);
    fflush(stderr);
    first = getchar();
    ch = first;
    while (ch != EOF && ch != '\n')
        ch = getchar();
    return first == 'y' || first == 'Y';
}

void *cli_alloc(size_t size)
{
    void *mem = malloc(size ? size : 1);
    if (mem == NULL)
        cli_error("out of memory (%zu bytes)\n", size);
    return mem;
}

char *cli_strdup(const char *s)
{
    size_t len = strlen(s) + 1;
    char *copy = cli_alloc(len);
    if (copy)
        memcpy(copy, s, len);
    return copy;
}

/* cli_main.c - entry point of the zstd tool: parses the command line, then hands the inputs to
 * the operation asked for. Exit codes follow upstream zstd 1.5.7: 0 success, 11 a compression
 * parameter the library refused, 1 any other error. */
#include "cli.h"

#include <stdlib.h>

int main(int argc, char **argv)
{
    struct cli_opts opts;
    int exit_code = 1, status;
    size_t i;

    status = cli_parse_args(argc, argv, &opts, &exit_code);
    if (status == 0) {
        switch (opts.op) {
        case CLI_OP_LIST: exit_code = cli_list_files(&opts); break;
        case CLI_OP_BENCH: exit_code = cli_bench(&opts); break;
        case CLI_OP_TRAIN: exit_code = cli_train(&opts); break;
        default: exit_code = cli_run_files(&opts); break;
        }
    }
    fflush(stdout);
    if (ferror(stdout))
        exit_code = 1;
    for (i = 0; i < opts.nb_files; i++)
        free(opts.files[i]);
    free(opts.files);
    if (exit_code == CLI_EXIT_BAD_PARAMETER)
        return exit_code;
    return exit_code ? 1 : 0;
}

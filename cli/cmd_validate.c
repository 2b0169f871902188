/*
 * cmd_validate.c - `sdtscore validate`: check an instrument definition and,
 * if given, response files against it, without writing any output file.
 */
#include <stddef.h>
#include <string.h>

#include "cli.h"

static const char validate_help[] =
	"usage: sdtscore validate -i INSTRUMENT [options] [FILE...]\n\n"
	"Loads and validates the instrument; with files, reads every response\n"
	"under the same policies as `score` and reports the first problem, and\n"
	"lists what each column of a CSV or .xlsx file is read as: id, team, item,\n"
	"attribute or ignored.\n\n";

typedef struct validate_args {
	cli_input in;   /* first: cli_input_positional takes it */
	size_t threads; /* 0 = the cores available */
} validate_args;

enum { OPT_THREADS };

static const cli_option validate_options[] = {
	CLI_THREADS_OPTION(OPT_THREADS),
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int validate_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	return cli_threads_set(cmd, o, v, &((validate_args *)ctx)->threads);
}

const cli_spec cli_spec_validate = {
	"validate", validate_help,
	{{validate_options, validate_set, 0},
	 {cli_input_options, cli_input_set, offsetof(validate_args, in)}},
	cli_input_positional, NULL
};

int cmd_validate(int argc, char **argv)
{
	validate_args a;
	cli_input *in = &a.in;
	sdt_instrument *ins = NULL;
	sdt_run_counts counts;
	int code;

	memset(&a, 0, sizeof a);
	cli_input_init(in);
	if ((code = cli_parse(&cli_spec_validate, &a, argc, argv)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
		goto done;
	}
	if ((code = cli_load_instrument(in, &ins)) != 0)
		goto done;
	printf("instrument %s %s: ok (%zu items, %zu scales, %zu composites)\n",
	       sdt_instrument_id(ins), sdt_instrument_version(ins),
	       sdt_instrument_item_count(ins), sdt_instrument_scale_count(ins),
	       sdt_instrument_composite_count(ins));
	if (in->n_files == 0)
		goto done;
	in->columns_listed = 1;
	if ((code = cli_run_inputs_sinks(in, ins, a.threads, NULL, 0, &counts, NULL,
	                                 NULL)) != 0 ||
	    (code = cli_print_columns(stdout, in, ins)) != 0)
		goto done;
	printf("responses: ok (%zu read, %zu accepted, %zu scored, %zu left out)\n",
	       counts.read, counts.accepted, counts.scored, counts.left_out);
done:
	sdt_instrument_free(ins);
	cli_input_free(in);
	return code;
}

/*
 * cmd_validate.c - `sdtscore validate`: check an instrument definition and,
 * if given, response files against it, without writing any output file.
 */
#include <string.h>

#include "cli.h"

static const char validate_help[] =
	"usage: sdtscore validate -i INSTRUMENT [options] [FILE...]\n\n"
	"Loads and validates the instrument; with files, reads every response\n"
	"under the same policies as `score` and reports the first problem, and\n"
	"lists what each column of a CSV or .xlsx file is read as: id, team, item,\n"
	"attribute or ignored.\n\n"
	"options:\n";

void cli_help_validate(FILE *fp)
{
	fprintf(fp, "%s%s", validate_help, cli_input_help);
}


static int parse_args(int argc, char **argv, cli_input *in)
{
	int i, r, files_only = 0;

	for (i = 1; i < argc; i++) {
		/* after "--" every argument is a file */
		if (files_only || strcmp(argv[i], "--") == 0) {
			if (files_only++ && cli_input_add_file(in, argv[i]) != 0)
				return -3;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cli_help_validate(stdout);
			return -2;
		}
		if ((r = cli_input_option("validate", in, argc, argv, &i)) != 0) {
			if (r < 0)
				return -1;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			cli_unknown_option("validate", argv[i]);
			return -1;
		}
		if (cli_input_add_file(in, argv[i]) != 0)
			return -3;
	}
	return 0;
}

int cmd_validate(int argc, char **argv)
{
	cli_input in = {0};
	sdt_instrument *ins = NULL;
	sdt_run_counts counts;
	int code, r;

	r = parse_args(argc, argv, &in);
	if (r != 0) {
		code = r == -2 ? CLI_EXIT_OK : r == -3 ? CLI_EXIT_NOMEM : CLI_EXIT_USAGE;
		goto done;
	}
	if ((code = cli_load_instrument(&in, &ins)) != 0)
		goto done;
	printf("instrument %s %s: ok (%zu items, %zu scales, %zu composites)\n",
	       sdt_instrument_id(ins), sdt_instrument_version(ins),
	       sdt_instrument_item_count(ins), sdt_instrument_scale_count(ins),
	       sdt_instrument_composite_count(ins));
	if (in.n_files == 0)
		goto done;
	in.columns_listed = 1;
	if ((code = cli_run_inputs(&in, ins, NULL, NULL, &counts, NULL)) != 0 ||
	    (code = cli_print_columns(stdout, &in, ins)) != 0)
		goto done;
	printf("responses: ok (%zu read, %zu accepted, %zu scored, %zu left out)\n",
	       counts.read, counts.accepted, counts.scored, counts.left_out);
done:
	sdt_instrument_free(ins);
	cli_input_free(&in);
	return code;
}

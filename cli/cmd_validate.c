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
	"attribute or ignored.\n\n";

const cli_spec cli_spec_validate = {
	"validate", validate_help,
	{{cli_input_options, cli_input_set, 0}},
	cli_input_positional, NULL
};

int cmd_validate(int argc, char **argv)
{
	cli_input in;
	sdt_instrument *ins = NULL;
	sdt_run_counts counts;
	int code;

	cli_input_init(&in);
	if ((code = cli_parse(&cli_spec_validate, &in, argc, argv)) != 0) {
		code = code == CLI_PARSED_HELP ? CLI_EXIT_OK : code;
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

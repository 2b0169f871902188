/*
 * main.c - the sdtscore command: dispatches to one cmd_*.c per subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
	{"instruments", cmd_instruments, "list the bundled instruments, or show one"},
	{"validate", cmd_validate, "check an instrument and response files"},
	{"score", cmd_score, "write each respondent's scale and composite scores"},
	{"stats", cmd_stats, "reliability, item statistics and team agreement"},
	{"simulate", cmd_simulate, "write synthetic responses with a known structure"},
	{"merge", cmd_merge, "merge partial statistics of shards (stats --partial)"},
	{"report", cmd_report, "write the team-level Excel workbook(s)"},
	{"batch", cmd_batch, "a report per organisation and a portfolio benchmark"},
	{"import", cmd_import, "convert survey exports (CSV, .xlsx) to NDJSON responses"},
};

const char *cli_command_line = "";

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: sdtscore <command> [options] [files...]\n\n"
	            "Scores Self-Determination-Theory surveys at work.\n\ncommands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\n`sdtscore <command> --help` describes each command.\n"
	            "Exit codes: 0 ok, 1 bad input data or instrument, 2 usage,\n"
	            "3 I/O error, 4 out of memory, 5 some organisations of a batch failed.\n");
}

/* Keep the whole command line for the report's Method sheet. */
static char *join_args(int argc, char **argv)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; i < (size_t)argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = 0; i < (size_t)argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int main(int argc, char **argv)
{
	size_t i;
	char *line;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("sdtscore %s\n", sdt_version());
		return CLI_EXIT_OK;
	}
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		line = join_args(argc, argv);
		cli_command_line = line ? line : "";
		rc = commands[i].run(argc - 1, argv + 1);
		free(line);
		return rc;
	}
	cli_error("unknown command '%s' (see `sdtscore --help`)", argv[1]);
	return CLI_EXIT_USAGE;
}

/*
 * main.c - the sdtscore command: dispatches to one cmd_*.c per subcommand.
 */
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

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

/* Whether argv[i] is the file an output option names: the word after
 * -o, --output or --rejects, or such an option written with '='. */
static const char *output_at(int argc, char **argv, int i)
{
	static const char *const opts[] = {"-o", "--output", "--rejects"};
	size_t k, n;

	for (k = 0; k < sizeof opts / sizeof opts[0]; k++) {
		n = strlen(opts[k]);
		if (i > 0 && strcmp(argv[i - 1], opts[k]) == 0)
			return argv[i];
		if (n > 2 && strncmp(argv[i], opts[k], n) == 0 && argv[i][n] == '=')
			return argv[i] + n + 1;
	}
	(void)argc;
	return NULL;
}

/* An output that is one of the inputs (the same file or folder, however
 * named) would destroy the survey data it is made from: refused before
 * anything is read. Returns 0 or CLI_EXIT_USAGE (printed). */
static int outputs_clash(int argc, char **argv)
{
	struct stat so, si;
	const char *out;
	int i, k;

	for (i = 2; i < argc; i++) {
		if (!(out = output_at(argc, argv, i)) || strcmp(out, "-") == 0 || stat(out, &so) != 0)
			continue;
		for (k = 2; k < argc; k++)
			if (k != i && !output_at(argc, argv, k) && stat(argv[k], &si) == 0 &&
			    si.st_dev == so.st_dev && si.st_ino == so.st_ino) {
				cli_error("%s: the output is one of the inputs (%s); write it elsewhere",
				          out, argv[k]);
				return CLI_EXIT_USAGE;
			}
	}
	return 0;
}

/* An interrupted run leaves no temporary (they hold answers) behind. */
static void on_signal(int sig)
{
	sdt_output_remove_tracked();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void remove_temporaries_on_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	size_t k;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (k = 0; k < sizeof sigs / sizeof sigs[0]; k++)
		sigaction(sigs[k], &sa, NULL);
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
		if ((rc = outputs_clash(argc, argv)) != 0)
			return rc;
		remove_temporaries_on_signals();
		line = join_args(argc, argv);
		cli_command_line = line ? line : "";
		rc = commands[i].run(argc - 1, argv + 1);
		free(line);
		return rc;
	}
	cli_error("unknown command '%s' (see `sdtscore --help`)", argv[1]);
	return CLI_EXIT_USAGE;
}

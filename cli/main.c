/*
 * main.c - the sdtscore command: dispatches to one cmd_*.c per subcommand.
 */
#include <stdio.h>
#if defined(__GLIBC__) /* set by stdio.h */
#include <malloc.h>
#endif
#include <stdlib.h>
#include <signal.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
	{"instruments", cmd_instruments, "list the bundled instruments, or show one",
	 &cli_spec_instruments},
	{"validate", cmd_validate, "check an instrument and response files", &cli_spec_validate},
	{"score", cmd_score, "write each respondent's scale and composite scores",
	 &cli_spec_score},
	{"stats", cmd_stats, "reliability, item statistics and team agreement", &cli_spec_stats},
	{"simulate", cmd_simulate, "write synthetic responses with a known structure",
	 &cli_spec_simulate},
	{"merge", cmd_merge, "merge partial statistics of shards (stats --partial)",
	 &cli_spec_merge},
	{"shard", cmd_shard, "split responses into N shards by a hash of the id",
	 &cli_spec_shard},
	{"report", cmd_report, "write the team-level Excel workbook(s)", &cli_spec_report},
	{"batch", cmd_batch, "a report per organisation and a portfolio benchmark",
	 &cli_spec_batch},
	{"import", cmd_import, "convert survey exports (CSV, .xlsx) to NDJSON responses",
	 &cli_spec_import},
	{"export-survey", cmd_export_survey, "write the survey for LimeSurvey, XLSForm or "
	 "Qualtrics, and its --map", &cli_spec_export_survey},
	{"progress", cmd_progress, "responses and response rate per group while a survey is "
	 "open", &cli_spec_progress},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *fp)
{
	size_t i;

	fprintf(fp, "usage: sdtscore <command> [options] [files...]\n\n"
	            "Scores Self-Determination-Theory surveys at work.\n\ncommands:\n");
	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
	fprintf(fp, "\n`sdtscore help <command>` (or `sdtscore <command> --help`) describes\n"
	            "each command. --quiet on any command leaves out the run summary\n"
	            "and progress; --error-format json writes each error as a JSON object\n"
	            "(file, line, column, row, path, code, message); -- ends the options.\n"
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

static const cli_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	return NULL;
}

static int unknown_command(const char *name)
{
	const char *names[N_COMMANDS], *hit;
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		names[i] = commands[i].name;
	if ((hit = cli_closest(name, names, N_COMMANDS)) != NULL)
		cli_error("unknown command '%s' (did you mean `sdtscore %s`?)", name, hit);
	else
		cli_error("unknown command '%s' (see `sdtscore --help`)", name);
	return CLI_EXIT_USAGE;
}

/* `sdtscore help [CMD]`. */
static int help(int argc, char **argv)
{
	const cli_command *c;

	if (argc < 3) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!(c = find_command(argv[2])))
		return unknown_command(argv[2]);
	cli_help_print(stdout, c->spec);
	return fflush(stdout) == 0 && !ferror(stdout) ? CLI_EXIT_OK : CLI_EXIT_IO;
}

/* Keep freed memory for reuse rather than handing it back at once: a
 * split writes thousands of workbooks, each allocating and freeing zlib's
 * and libxlsxwriter's buffers, which glibc's defaults return to the kernel
 * and fault in again (5.6 times the page faults, a sixth more CPU). Blocks
 * from 1 MiB up are still mapped on their own, so the large growing arrays
 * (respondent ids) are not copied into the heap: peak memory by
 * respondents stays where it was. A process setting, so the program's,
 * not the library's. */
static void tune_malloc(void)
{
#if defined(__GLIBC__)
	mallopt(M_MMAP_THRESHOLD, 1 << 20);
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_TOP_PAD, 4 << 20);
#endif
}

int main(int argc, char **argv)
{
	const cli_command *c;
	char *line;
	int rc;

	if (argc < 2) {
		usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "help"))
		return help(argc, argv);
	if (!strcmp(argv[1], "--version")) {
		printf("sdtscore %s\n", sdt_version());
		return CLI_EXIT_OK;
	}
	if (!(c = find_command(argv[1])))
		return unknown_command(argv[1]);
	/* Each command parses its options by its table (cli_parse). */
	remove_temporaries_on_signals();
	tune_malloc();
	line = join_args(argc, argv);
	cli_command_line = line ? line : "";
	rc = c->run(argc - 1, argv + 1);
	free(line);
	return rc;
}

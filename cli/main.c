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
	{"instruments", cmd_instruments, "list the bundled instruments, or show one",
	 cli_help_instruments},
	{"validate", cmd_validate, "check an instrument and response files", cli_help_validate},
	{"score", cmd_score, "write each respondent's scale and composite scores",
	 cli_help_score},
	{"stats", cmd_stats, "reliability, item statistics and team agreement", cli_help_stats},
	{"simulate", cmd_simulate, "write synthetic responses with a known structure",
	 cli_help_simulate},
	{"merge", cmd_merge, "merge partial statistics of shards (stats --partial)",
	 cli_help_merge},
	{"shard", cmd_shard, "split responses into N shards by a hash of the id",
	 cli_help_shard},
	{"report", cmd_report, "write the team-level Excel workbook(s)", cli_help_report},
	{"batch", cmd_batch, "a report per organisation and a portfolio benchmark",
	 cli_help_batch},
	{"import", cmd_import, "convert survey exports (CSV, .xlsx) to NDJSON responses",
	 cli_help_import},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

const char *cli_command_line = "";
const cli_command *cli_current;
int cli_quiet;

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
	c->help(stdout);
	return fflush(stdout) == 0 && !ferror(stdout) ? CLI_EXIT_OK : CLI_EXIT_IO;
}

/* Conventions every command shares, before its own parsing: --quiet (and
 * -q) anywhere before "--" is taken out; "-oFILE" and "-iID" are split
 * into "-o FILE" and "-i ID". argv is rebuilt into `out` (room for 2 *
 * argc + 1 pointers). Returns the new argc. */
static int conventions(int argc, char **argv, char **out)
{
	int i, n = 0, ended = 0;
	static char short_o[] = "-o", short_i[] = "-i";

	for (i = 0; i < argc; i++) {
		if (!ended && i >= 2 && strcmp(argv[i], "--") == 0)
			ended = 1;
		if (!ended && i >= 2 && (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q"))) {
			cli_quiet = 1;
			continue;
		}
		if (!ended && i >= 2 && !strcmp(argv[i], "--error-format=json")) {
			cli_error_format_json = 1;
			continue;
		}
		if (!ended && i >= 2 && i + 1 < argc && !strcmp(argv[i], "--error-format") &&
		    (!strcmp(argv[i + 1], "json") || !strcmp(argv[i + 1], "text"))) {
			cli_error_format_json = !strcmp(argv[++i], "json");
			continue;
		}
		if (!ended && i >= 2 && argv[i][0] == '-' && (argv[i][1] == 'o' || argv[i][1] == 'i') &&
		    argv[i][2] && (i < 1 || strcmp(argv[i - 1], "--") != 0)) {
			out[n++] = argv[i][1] == 'o' ? short_o : short_i;
			out[n++] = argv[i] + 2;
			continue;
		}
		out[n++] = argv[i];
	}
	out[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	const cli_command *c;
	char *line, **args;
	int rc, n;

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
	if (!(args = calloc((size_t)argc * 2 + 1, sizeof *args))) {
		cli_error("out of memory");
		return CLI_EXIT_NOMEM;
	}
	n = conventions(argc, argv, args);
	cli_current = c;
	if ((rc = outputs_clash(n, args)) == 0) {
		remove_temporaries_on_signals();
		line = join_args(argc, argv);
		cli_command_line = line ? line : "";
		rc = c->run(n - 1, args + 1);
		free(line);
	}
	free(args);
	return rc;
}

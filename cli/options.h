/*
 * options.h - the declarative option tables of the subcommands: each
 * option is declared once (long name, short name, value, help text), and
 * the same table parses the command line and writes the command's --help,
 * so the two cannot drift apart.
 */
#ifndef SDT_CLI_OPTIONS_H
#define SDT_CLI_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

/* An option's value is an output path (-o, --rejects): it may not be one
 * of the command's input files. */
#define CLI_OPT_OUTPUT 1u

typedef struct cli_option {
	const char *name;  /* "--output"; NULL ends a table */
	char short_name;   /* 'o' for -o, or 0 */
	const char *arg;   /* the value's name in --help ("FILE"); NULL: a flag */
	int id;            /* told to the group's handler */
	/* the help text; each "\n" starts a line under the first */
	const char *help;
	const char *alias; /* another long name taken the same way, or NULL */
	unsigned flags;    /* CLI_OPT_OUTPUT */
} cli_option;

/* A group's handler: store what option o (with `value`, NULL for a flag)
 * says into ctx (the group's part of the command's arguments). Returns 0,
 * or an exit code after printing the error (cli_usage_error words it). */
typedef int (*cli_option_fn)(void *ctx, const char *cmd, const cli_option *o,
                             const char *value);

/* Options handled together, such as those every command reading responses
 * shares; `offset` is where the handler's ctx is in the command's. */
typedef struct cli_optgroup {
	const cli_option *options;
	cli_option_fn set;
	size_t offset;
} cli_optgroup;

#define CLI_MAX_GROUPS 4

/* One command's options. Its --help is `usage`, "options:", a line per
 * option of every group, the options every command has (--quiet,
 * --error-format, --help), then `after` (may be NULL). */
typedef struct cli_spec {
	const char *cmd;
	const char *usage;
	cli_optgroup groups[CLI_MAX_GROUPS]; /* ends at options NULL */
	/* a positional argument (after "--", every argument is one): 0 or an
	 * exit code (printed); NULL: the command takes none */
	int (*positional)(void *ctx, const char *arg);
	const char *after;
} cli_spec;

/* Returned by cli_parse after --help was printed: exit 0. */
#define CLI_PARSED_HELP (-1)

/* Parse argv[1..argc) (argv[0] is the command's name) by the spec into
 * ctx: "--name value", "--name=value", "-x value", "-xvalue", flags, "--"
 * ending the options, and --quiet, --error-format and --help, which every
 * command takes. --quiet and --error-format apply before any other option
 * is looked at, so that errors in the options follow --error-format. An
 * unknown option gets the nearest known one named; an output that is one
 * of the inputs is refused. Returns 0, CLI_PARSED_HELP or an exit code
 * (the error printed). */
int cli_parse(const cli_spec *s, void *ctx, int argc, char **argv);

/* The command's --help text, from its tables. */
void cli_help_print(FILE *fp, const cli_spec *s);

/* The option of the spec (common ones included) written `arg` ("--map",
 * "-o", "--map=x.json", "-ofile"), or NULL. */
const cli_option *cli_option_find(const cli_spec *s, const char *arg);

#endif

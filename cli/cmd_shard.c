/*
 * cmd_shard.c - `sdtscore shard --by-id-hash N`: split responses (any
 * input format) into N NDJSON files by a hash of the respondent id, so
 * that one respondent always lands in the same shard, where a repeated id
 * is still caught, and shards can be scored apart and merged.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char shard_help[] =
	"usage: sdtscore shard -i INSTRUMENT --by-id-hash N -o DIR FILE...\n\n"
	"Splits the responses of FILE... into N NDJSON files DIR/shard-0.ndjson ..\n"
	"DIR/shard-(N-1).ndjson (written whole or not at all). A response goes to\n"
	"shard FNV-1a-64(id) mod N: the 64-bit FNV-1a hash (offset basis\n"
	"14695981039346656037, prime 1099511628211) of the id's UTF-8 bytes, so\n"
	"the same id always lands in the same shard and `stats --partial` of each\n"
	"shard, merged with `sdtscore merge`, catches repeated ids as one run does.\n\n"
	"options:\n"
	"  --by-id-hash N             the number of shards, 1 to 1000\n"
	"  -o, --output DIR           the folder for the shards (made if missing)\n";

void cli_help_shard(FILE *fp)
{
	fprintf(fp, "%s%s", shard_help, cli_input_help);
}

typedef struct shard_args {
	cli_input in;
	const char *dir;
	size_t n;
} shard_args;

/* The documented shard of an id: FNV-1a 64 of its bytes, modulo n. */
static size_t id_shard(const char *id, size_t n)
{
	unsigned long long h = 14695981039346656037ULL;
	const unsigned char *p = (const unsigned char *)id;

	for (; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % n);
}

static int own_option(shard_args *a, int argc, char **argv, int *i)
{
	const char *v = NULL;
	int r;

	if ((r = cli_opt_value("shard", argc, argv, i, "--by-id-hash", &v)) != 0) {
		if (r > 0 && (cli_parse_size("shard", "--by-id-hash", v, &a->n) < 0 ||
		              a->n < 1 || a->n > 1000))
			return cli_usage_error("shard", "--by-id-hash: expected 1 to 1000 "
			                       "shards, not '%s'", v), -1;
		return r;
	}
	if (cli_opt_flag(argv, *i, "-o"))
		return cli_opt_value("shard", argc, argv, i, "-o", &a->dir);
	return cli_opt_value("shard", argc, argv, i, "--output", &a->dir);
}

/* 0 to go on, -2 after --help, or an exit code. */
static int parse_args(shard_args *a, int argc, char **argv)
{
	int i, r, files_only = 0;

	for (i = 1; i < argc; i++) {
		if (files_only || strcmp(argv[i], "--") == 0) {
			if (files_only++ && cli_input_add_file(&a->in, argv[i]) != 0)
				return CLI_EXIT_NOMEM;
			continue;
		}
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			cli_help_shard(stdout);
			return -2;
		}
		if ((r = cli_input_option("shard", &a->in, argc, argv, &i)) == 0)
			r = own_option(a, argc, argv, &i);
		if (r < 0)
			return CLI_EXIT_USAGE;
		if (r > 0)
			continue;
		if (argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_unknown_option("shard", argv[i]);
		if (cli_input_add_file(&a->in, argv[i]) != 0)
			return CLI_EXIT_NOMEM;
	}
	if (!a->n)
		return cli_usage_error("shard", "--by-id-hash N is required");
	if (!a->dir)
		return cli_usage_error("shard", "-o DIR is required");
	if (a->in.n_files == 0)
		return cli_usage_error("shard", "no response file given");
	return 0;
}

/* Every response of every file into its shard. */
static int split(const shard_args *a, const sdt_instrument *ins, cli_output *out,
                 size_t *count)
{
	const sdt_response *resp;
	sdt_reader *r = NULL;
	size_t f;
	int rc = SDT_OK;

	for (f = 0; f < a->in.n_files && rc == SDT_OK; f++) {
		rc = sdt_reader_open(&r, ins, a->in.files[f], &a->in.run.read);
		while (rc == SDT_OK && (rc = sdt_reader_next(r, &resp)) == SDT_OK && resp) {
			cli_print_response_ndjson(out[id_shard(resp->id, a->n)].fp, ins, resp);
			(*count)++;
		}
		sdt_reader_free(r);
		r = NULL;
	}
	return rc;
}

static int run_shard(const shard_args *a, const sdt_instrument *ins)
{
	size_t k, opened = 0, count = 0, plen = strlen(a->dir) + 32;
	cli_output *out = calloc(a->n, sizeof *out);
	char *path = malloc(a->n * plen);
	int code = 0, rc;

	if (!out || !path) {
		cli_error("out of memory");
		code = CLI_EXIT_NOMEM;
		goto done;
	}
	if ((code = cli_make_dirs(a->dir)) != 0)
		goto done;
	for (k = 0; k < a->n && code == 0; k++, opened++) {
		snprintf(path + k * plen, plen, "%s/shard-%zu.ndjson", a->dir, k);
		code = cli_output_open(&out[k], path + k * plen);
	}
	if (code == 0 && (rc = split(a, ins, out, &count)) != SDT_OK)
		code = cli_fail(rc);
	/* all shards or none: a failed run leaves the folder as it was */
	for (k = 0; k < opened; k++) {
		if (code != 0 && out[k].fp)
			cli_output_abort(&out[k]);
		else if (code == 0)
			code = cli_output_commit(&out[k]);
	}
	if (code == 0 && !cli_quiet)
		fprintf(stderr, "sdtscore: %zu responses in %zu shards in %s\n", count,
		        a->n, a->dir);
done:
	free(out);
	free(path);
	return code;
}

int cmd_shard(int argc, char **argv)
{
	shard_args a;
	sdt_instrument *ins = NULL;
	int code;

	memset(&a, 0, sizeof a);
	code = parse_args(&a, argc, argv);
	if (code == 0)
		code = cli_load_instrument(&a.in, &ins);
	if (code == 0)
		code = run_shard(&a, ins);
	else if (code == -2)
		code = CLI_EXIT_OK;
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}

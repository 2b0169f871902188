/*
 * cmd_shard.c - `sdtscore shard --by-id-hash N`: split responses (any
 * input format) into N NDJSON files by a hash of the respondent id, so
 * that one respondent always lands in the same shard, where a repeated id
 * is still caught, and shards can be scored apart and merged.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char shard_usage[] =
	"usage: sdtscore shard -i INSTRUMENT --by-id-hash N -o DIR FILE...\n\n"
	"Splits the responses of FILE... into N NDJSON files DIR/shard-0.ndjson ..\n"
	"DIR/shard-(N-1).ndjson (written whole or not at all). A response goes to\n"
	"shard FNV-1a-64(id) mod N: the 64-bit FNV-1a hash (offset basis\n"
	"14695981039346656037, prime 1099511628211) of the id's UTF-8 bytes, so\n"
	"the same id always lands in the same shard and `stats --partial` of each\n"
	"shard, merged with `sdtscore merge`, catches repeated ids as one run does.\n\n";

typedef struct shard_args {
	cli_input in;
	const char *dir;
	size_t n;
} shard_args;

enum { SH_BY_ID_HASH, SH_OUTPUT };

static const cli_option shard_options[] = {
	{"--by-id-hash", 0, "N", SH_BY_ID_HASH, "the number of shards, 1 to 1000", NULL, 0},
	{"--output", 'o', "DIR", SH_OUTPUT, "the folder for the shards (made if missing)",
	 NULL, CLI_OPT_OUTPUT},
	{NULL, 0, NULL, 0, NULL, NULL, 0}
};

static int shard_set(void *ctx, const char *cmd, const cli_option *o, const char *v)
{
	shard_args *a = ctx;

	if (o->id == SH_OUTPUT) {
		a->dir = v;
		return 0;
	}
	if (cli_parse_size(cmd, "--by-id-hash", v, &a->n) < 0 || a->n < 1 || a->n > 1000)
		return cli_usage_error(cmd, "--by-id-hash: expected 1 to 1000 shards, not '%s'", v);
	return 0;
}

const cli_spec cli_spec_shard = {
	"shard", shard_usage,
	{{shard_options, shard_set, 0},
	 {cli_input_options, cli_input_set, offsetof(shard_args, in)}},
	cli_input_positional, NULL
};

/* The documented shard of an id: FNV-1a 64 of its bytes, modulo n. */
static size_t id_shard(const char *id, size_t n)
{
	unsigned long long h = 14695981039346656037ULL;
	const unsigned char *p = (const unsigned char *)id;

	for (; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	return (size_t)(h % n);
}

/* 0 to go on, CLI_PARSED_HELP after --help, or an exit code. */
static int parse_args(shard_args *a, int argc, char **argv)
{
	int code = cli_parse(&cli_spec_shard, a, argc, argv);
	const char *taken;

	if (code != 0)
		return code;
	if (!a->n)
		return cli_usage_error("shard", "--by-id-hash N is required");
	if (!a->dir)
		return cli_usage_error("shard", "-o DIR is required");
	if (a->in.n_files == 0)
		return cli_usage_error("shard", "no response file given");
	/* Shards pass every response on: what leaves responses out is applied
	 * where each shard is scored, and a repeated id lands in one shard,
	 * so it is found there. Taking these here and not applying them would
	 * lose them silently. */
	if ((taken = cli_input_take_option(&a->in)) != NULL)
		return cli_usage_error("shard", "%s applies where each shard is scored "
		                       "(stats --partial %s ...), not where responses are cut",
		                       taken, taken);
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
			sdt_response_write_ndjson(out[id_shard(resp->id, a->n)].fp, ins, resp);
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
	cli_input_init(&a.in);
	code = parse_args(&a, argc, argv);
	if (code == 0)
		code = cli_load_instrument(&a.in, &ins);
	if (code == 0)
		code = run_shard(&a, ins);
	else if (code == CLI_PARSED_HELP)
		code = CLI_EXIT_OK;
	sdt_instrument_free(ins);
	cli_input_free(&a.in);
	return code;
}

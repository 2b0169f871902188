/*
 * comments.c - open comments: kept from the responses' text items, then
 * placed in a report's groups by the rule of sdt_comments.h, bottom-up:
 * each group gathers its own members' comments and those its subgroups
 * did not show; it shows them when they are enough (and it is shown),
 * else hands them to its parent; the organisation's leftovers are
 * withheld.
 */
#include <string.h>

#include "internal.h"
#include "sdt_comments.h"
#include "sdt_pipeline.h"

struct sdt_comments {
	const sdt_instrument *ins;
	size_t n, cap;
	char **text;    /* cleaned, owned */
	char **team;    /* the writer's team path (owned), or NULL */
	size_t *writer; /* the response's number, to count writers */
	size_t n_writers;
};

int sdt_comments_new(sdt_comments **out, const sdt_instrument *ins)
{
	if (!out || !ins)
		return sdt_fail(SDT_EUSAGE, "sdt_comments_new: NULL argument");
	*out = sdt_calloc(1, sizeof **out);
	if (!*out)
		return sdt_fail_nomem();
	(*out)->ins = ins;
	return SDT_OK;
}

void sdt_comments_free(sdt_comments *c)
{
	size_t k;

	if (!c)
		return;
	for (k = 0; k < c->n; k++) {
		sdt_free(c->text[k]);
		sdt_free(c->team[k]);
	}
	sdt_free(c->text);
	sdt_free(c->team);
	sdt_free(c->writer);
	sdt_free(c);
}

size_t sdt_comments_count(const sdt_comments *c)
{
	return c ? c->n : 0;
}

static int grow(sdt_comments *c)
{
	size_t cap = c->cap ? 2 * c->cap : 64;
	char **t = sdt_reallocarray(c->text, cap, sizeof *t), **m;
	size_t *w;

	if (t)
		c->text = t;
	m = sdt_reallocarray(c->team, cap, sizeof *m);
	if (m)
		c->team = m;
	w = sdt_reallocarray(c->writer, cap, sizeof *w);
	if (w)
		c->writer = w;
	if (!t || !m || !w)
		return sdt_fail_nomem();
	c->cap = cap;
	return SDT_OK;
}

int sdt_comments_add(sdt_comments *c, const sdt_response *r)
{
	size_t k, item, added = 0;
	int rc;

	if (!c || !r)
		return sdt_fail(SDT_EUSAGE, "sdt_comments_add: NULL argument");
	for (k = 0; r->texts && k < sdt_instrument_text_count(c->ins); k++) {
		item = sdt_instrument_text_item(c->ins, k);
		if (!r->texts[item] || !r->texts[item][0])
			continue;
		if (c->n == c->cap && (rc = grow(c)) != SDT_OK)
			return rc;
		c->text[c->n] = sdt_strdup(r->texts[item]);
		c->team[c->n] = r->team ? sdt_strdup(r->team) : NULL;
		if (!c->text[c->n] || (r->team && !c->team[c->n])) {
			sdt_free(c->text[c->n]);
			sdt_free(c->team[c->n]);
			return sdt_fail_nomem();
		}
		c->writer[c->n++] = c->n_writers;
		added = 1;
	}
	c->n_writers += added;
	return SDT_OK;
}

int sdt_comments_merge(sdt_comments *into, sdt_comments *from)
{
	size_t k;
	int rc;

	if (!into || !from)
		return sdt_fail(SDT_EUSAGE, "sdt_comments_merge: NULL argument");
	for (k = 0; k < from->n; k++) {
		if (into->n == into->cap && (rc = grow(into)) != SDT_OK)
			return rc;
		/* the strings move: `from` keeps only what is not yet moved */
		into->text[into->n] = from->text[k];
		into->team[into->n] = from->team[k];
		from->text[k] = from->team[k] = NULL;
		into->writer[into->n++] = into->n_writers + from->writer[k];
	}
	into->n_writers += from->n_writers;
	from->n = from->n_writers = 0;
	return SDT_OK;
}

/* ---- the pipeline's sink (sdt_pipeline.h) ---- */

static int csink_clone(void **out, const void *like)
{
	return sdt_comments_new((sdt_comments **)out, ((const sdt_comments *)like)->ins);
}

static int csink_add(void *ctx, const sdt_response *r, const sdt_scores *s)
{
	(void)s;
	return sdt_comments_add(ctx, r);
}

static int csink_merge(void *into, void *from)
{
	return sdt_comments_merge(into, from);
}

static void csink_free(void *ctx)
{
	sdt_comments_free(ctx);
}

sdt_sink sdt_sink_comments(sdt_comments *c)
{
	static const sdt_sink_ops ops = {csink_clone, csink_add, csink_merge, csink_free};
	sdt_sink s = {&ops, c};

	return s;
}

/* splitmix64: a small, well-mixed generator, so an order is the same on
 * every platform for a seed. */
static unsigned long long next_rand(unsigned long long *s)
{
	unsigned long long z = (*s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* The working state of one assignment: per group a chain of comments
 * (head/tail through next[]) and its length. */
typedef struct chains {
	size_t *head, *tail, *len, *next;
	size_t *stamp; /* per writer: the group that last counted it, + 1 */
} chains;

#define NONE ((size_t)-1)

static void chain_append(chains *ch, size_t to, size_t from)
{
	if (!ch->len[from])
		return;
	if (ch->len[to])
		ch->next[ch->tail[to]] = ch->head[from];
	else
		ch->head[to] = ch->head[from];
	ch->tail[to] = ch->tail[from];
	ch->len[to] += ch->len[from];
	ch->len[from] = 0;
}

static size_t writers(const sdt_comments *c, chains *ch, size_t k)
{
	size_t i, n = 0, j;

	for (i = ch->head[k], j = 0; j < ch->len[k]; i = ch->next[i], j++)
		if (ch->stamp[c->writer[i]] != k + 1) {
			ch->stamp[c->writer[i]] = k + 1;
			n++;
		}
	return n;
}

/* Each comment into the chain of its writer's group (the organisation's
 * without a team or for a team the groups do not hold). */
static int bucket(const sdt_comments *c, const sdt_groups *g, chains *ch)
{
	sdt_groups_index *ix = NULL;
	const char *last = NULL;
	long k = 0;
	size_t i, one;
	int rc;

	/* by an index: a scan a comment was quadratic in large organisations */
	if ((rc = sdt_groups_index_new(&ix, g)) != SDT_OK)
		return rc;
	for (i = 0; i < c->n; i++) {
		if (!c->team[i])
			k = 0;
		else if (!last || strcmp(last, c->team[i]) != 0) {
			k = sdt_groups_index_find(ix, c->team[i]);
			k = k < 0 ? 0 : k;
			last = c->team[i];
		}
		one = (size_t)k;
		ch->next[i] = NONE;
		if (ch->len[one])
			ch->next[ch->tail[one]] = i;
		else
			ch->head[one] = i;
		ch->tail[one] = i;
		ch->len[one]++;
	}
	sdt_groups_index_free(ix);
	return SDT_OK;
}

static int make_list(sdt_comment_plan *p, const sdt_comments *c, const chains *ch, size_t k,
                     unsigned long long *rng)
{
	sdt_comment_list *l = &p->lists[p->n_lists];
	const char **t = sdt_calloc(ch->len[k], sizeof *t), *x;
	size_t i, j, r;

	if (!t)
		return sdt_fail_nomem();
	for (i = ch->head[k], j = 0; j < ch->len[k]; i = ch->next[i], j++)
		t[j] = c->text[i];
	for (j = ch->len[k]; j > 1; j--) { /* Fisher-Yates */
		r = (size_t)(next_rand(rng) % j);
		x = t[j - 1];
		t[j - 1] = t[r];
		t[r] = x;
	}
	l->group = k;
	l->n = ch->len[k];
	l->texts = t;
	p->n_lists++;
	p->n_shown += l->n;
	return SDT_OK;
}

/* Groups are in depth-first order (a parent before its subgroups), so
 * walking them backwards settles every subgroup before its parent. */
static int place(sdt_comment_plan *p, const sdt_comments *c, const sdt_groups *g,
                 chains *ch, const sdt_comments_options *o)
{
	unsigned long long rng = o->seed;
	size_t k, min_w = o->min_writers ? o->min_writers : 5;
	int rc = SDT_OK;

	for (k = g->n_groups; k-- > 0 && rc == SDT_OK;) {
		if (!g->groups[k].hidden && ch->len[k] >= p->min_comments &&
		    writers(c, ch, k) >= min_w)
			rc = make_list(p, c, ch, k, &rng);
		else if (k > 0)
			chain_append(ch, g->groups[k].parent >= 0 ? (size_t)g->groups[k].parent : 0, k);
		else
			p->n_withheld = ch->len[0];
	}
	return rc;
}

/* Lists were made from the leaves up: the organisation's first reads
 * better, and the groups' order is the report's. */
static void reverse_lists(sdt_comment_plan *p)
{
	sdt_comment_list t;
	size_t i;

	for (i = 0; i < p->n_lists / 2; i++) {
		t = p->lists[i];
		p->lists[i] = p->lists[p->n_lists - 1 - i];
		p->lists[p->n_lists - 1 - i] = t;
	}
}

int sdt_comments_assign(sdt_comment_plan **out, const sdt_comments *c, const sdt_groups *g,
                        const sdt_comments_options *opt)
{
	static const sdt_comments_options defaults = SDT_COMMENTS_OPTIONS_INIT;
	sdt_comment_plan *p = NULL;
	chains ch = {0};
	size_t ng;
	int rc;

	if (!out || !c || !g)
		return sdt_fail(SDT_EUSAGE, "sdt_comments_assign: NULL argument");
	*out = NULL;
	if ((rc = SDT_CHECK_OPTIONS(opt, sdt_comments_options, SDT_COMMENTS_OPTIONS)) != SDT_OK)
		return rc;
	opt = opt ? opt : &defaults;
	ng = g->n_groups ? g->n_groups : 1;
	p = sdt_calloc(1, sizeof *p);
	ch.head = sdt_calloc(ng, sizeof *ch.head);
	ch.tail = sdt_calloc(ng, sizeof *ch.tail);
	ch.len = sdt_calloc(ng, sizeof *ch.len);
	ch.next = sdt_calloc(c->n + 1, sizeof *ch.next);
	ch.stamp = sdt_calloc(c->n_writers + 1, sizeof *ch.stamp);
	if (!p || !ch.head || !ch.tail || !ch.len || !ch.next || !ch.stamp ||
	    !(p->lists = sdt_calloc(ng, sizeof *p->lists))) {
		rc = sdt_fail_nomem();
		goto done;
	}
	p->min_comments = opt->min_comments ? opt->min_comments : SDT_COMMENTS_MIN_DEFAULT;
	if (g->n_groups && (rc = bucket(c, g, &ch)) != SDT_OK)
		goto done;
	if (!g->n_groups)
		p->n_withheld = c->n;
	if (g->n_groups && (rc = place(p, c, g, &ch, opt)) != SDT_OK)
		goto done;
	reverse_lists(p);
	/* a count under the threshold is not published */
	p->withheld_below = p->n_withheld < p->min_comments;
	if (p->withheld_below)
		p->n_withheld = 0;
done:
	sdt_free(ch.head);
	sdt_free(ch.tail);
	sdt_free(ch.len);
	sdt_free(ch.next);
	sdt_free(ch.stamp);
	if (rc != SDT_OK)
		sdt_comment_plan_free(p);
	else
		*out = p;
	return rc;
}

void sdt_comment_plan_free(sdt_comment_plan *p)
{
	size_t i;

	if (!p)
		return;
	for (i = 0; p->lists && i < p->n_lists; i++) {
		sdt_free((void *)p->lists[i].texts);
		if (p->needs)
			sdt_free(p->needs[i]);
	}
	sdt_free(p->needs);
	sdt_free(p->lists);
	sdt_free(p);
}

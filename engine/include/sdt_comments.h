/*
 * sdt_comments.h - open comments (text items): collected from responses
 * and placed in the groups of a report so that no small group's comments
 * can be singled out.
 *
 * The rule. Each comment is shown at most once, in the list of the lowest
 * group that contains its writer and whose own list holds at least
 * min_comments comments from at least min_writers writers, and that the
 * report shows (a hidden group never gets a list). A group's list holds
 * the comments of its own members and those its subgroups did not show;
 * never one shown below it, so no two lists can be subtracted. Comments
 * that reach no such list are withheld; how many is published only from
 * min_comments up ("fewer than min_comments" otherwise), so the rule
 * gives no small group's count away. Lists are in a random order (seeded,
 * reproducible) and carry nothing but the texts: no dates, ids or
 * attributes.
 */
#ifndef SDT_COMMENTS_H
#define SDT_COMMENTS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_groups.h"
#include "sdt_instrument.h"
#include "sdt_reader.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_comments sdt_comments;

/* An empty collection for responses to `ins` (which must outlive it).
 * Caller frees *out with sdt_comments_free(). */
SDT_API int sdt_comments_new(sdt_comments **out, const sdt_instrument *ins);
/* NULL is a no-op. */
SDT_API void sdt_comments_free(sdt_comments *c);

/* Keep the text answers of response r (sdt_response.texts) with its team
 * path. SDT_OK or SDT_ENOMEM. */
SDT_API int sdt_comments_add(sdt_comments *c, const sdt_response *r);
/* Move the comments of `from` (responses that follow those of `into`)
 * to the end of `into`, as one pass would have kept them; `from` is left
 * empty. SDT_OK or SDT_ENOMEM (then `from` keeps what was not moved). */
SDT_API int sdt_comments_merge(sdt_comments *into, sdt_comments *from);

/* Comments kept so far. */
SDT_API size_t sdt_comments_count(const sdt_comments *c);

#define SDT_COMMENTS_MIN_DEFAULT 10
/* The order's seed when the caller gives none. */
#define SDT_COMMENTS_SEED_DEFAULT 18

#define SDT_COMMENTS_OPTIONS_VERSION 1
typedef struct sdt_comments_options {
	unsigned int version; /* SDT_COMMENTS_OPTIONS_VERSION */
	/* comments a list needs (SDT_COMMENTS_MIN_DEFAULT when 0: zero never
	 * turns the protection off) */
	size_t min_comments;
	/* writers a list needs: the report's anonymity threshold (5 when 0) */
	size_t min_writers;
	unsigned long long seed; /* of the lists' random order */
} sdt_comments_options;
#define SDT_COMMENTS_OPTIONS_INIT {SDT_COMMENTS_OPTIONS_VERSION, SDT_COMMENTS_MIN_DEFAULT, \
	5, SDT_COMMENTS_SEED_DEFAULT}

/* One group's list: group is an index into the sdt_groups' groups. */
typedef struct sdt_comment_list {
	size_t group;
	size_t n;
	const char *const *texts; /* the array is the plan's; the strings are the
	                             collection's, which must outlive the plan */
} sdt_comment_list;

typedef struct sdt_comment_plan {
	size_t min_comments;     /* the threshold used */
	size_t n_lists;
	sdt_comment_list *lists; /* in the groups' order (the organisation first) */
	size_t n_shown;          /* comments in the lists */
	/* comments withheld, or 0 with withheld_below 1 when fewer than
	 * min_comments were (then the count is not published) */
	size_t n_withheld;
	int withheld_below;
	/* NULL unless sdt_comment_plan_tag() ran: per list, per text, the
	 * needs it mentions (SDT_COMMENT_* bits), needs[k][j] for
	 * lists[k].texts[j] */
	unsigned **needs;
} sdt_comment_plan;

/* Place the comments of `c` in the groups of `g` (computed from the same
 * responses) by the rule above. *out is freed with sdt_comment_plan_free().
 * SDT_EUSAGE for an unknown options version. */
SDT_API int sdt_comments_assign(sdt_comment_plan **out, const sdt_comments *c,
                                const sdt_groups *g, const sdt_comments_options *opt);
/* NULL is a no-op. */
SDT_API void sdt_comment_plan_free(sdt_comment_plan *p);

/* The needs a comment can be tagged with. */
#define SDT_COMMENT_AUTONOMY 0x1u
#define SDT_COMMENT_COMPETENCE 0x2u
#define SDT_COMMENT_RELATEDNESS 0x4u

/* The needs `text` (UTF-8) mentions, by a small list of word stems per
 * language, case-insensitively (ASCII, and the Latin-1 capitals of UTF-8
 * such as the Finnish and Swedish vowels with dots or a ring): "en", "fi"
 * or "sv", or NULL for all three (comments of one organisation come in
 * any of them). English stems match at the start of a word, Finnish ones
 * and the longer Swedish ones anywhere in a word (compounds). A reading
 * aid: a comment about needs in other words gets no tag. 0 for NULL. */
SDT_API unsigned sdt_comment_needs(const char *text, const char *lang);

/* Tag every comment of plan p with sdt_comment_needs(text, NULL), into
 * p->needs. SDT_OK, SDT_EUSAGE (p NULL) or SDT_ENOMEM (p unchanged). */
SDT_API int sdt_comment_plan_tag(sdt_comment_plan *p);

#ifdef __cplusplus
}
#endif
#endif

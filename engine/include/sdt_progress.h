/*
 * sdt_progress.h - fielding progress: while a survey is open, each
 * group's responses against its headcount and how many more it needs
 * before its figures can be shown. Counts only: respondents' numbers are
 * published anyway (README, Privacy), no figure computed from answers is
 * read here.
 */
#ifndef SDT_PROGRESS_H
#define SDT_PROGRESS_H

#include "sdt_api.h"

#include <stddef.h>

#include "sdt_groups.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sdt_progress {
	const char *group;   /* the group's full path (owned by the groups) */
	size_t depth;        /* 0 the organisation */
	size_t responses;    /* accepted responses in the group and below */
	size_t headcount;    /* 0 when unknown */
	double rate;         /* responses / headcount; NAN without a headcount */
	/* Responses still missing before the group reaches the anonymity
	 * threshold: min_group - responses, 0 once reached. */
	size_t needed;
	/* The threshold is reached but the group is hidden today to protect
	 * a smaller group (secondary suppression); it clears as the smaller
	 * groups fill up, so no count of its own can be given. */
	int protected_now;
	int over_headcount;  /* more responses than the headcount: check it */
} sdt_progress;

/* The progress of group `group` of `gs` (computed with the run's
 * min_group and headcounts). SDT_EUSAGE for a group out of range. */
SDT_API int sdt_progress_get(sdt_progress *out, const sdt_groups *gs, size_t group);

#ifdef __cplusplus
}
#endif
#endif

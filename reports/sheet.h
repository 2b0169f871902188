/*
 * sheet.h - private helpers shared by the workbook's sheets: the render
 * context, cell writers that never leak a hidden figure, page setup and
 * the translation table.
 */
#ifndef SDT_SHEET_H
#define SDT_SHEET_H

#include <stddef.h>

#include <xlsxwriter.h>

#include "sdt_report.h"

/* Every visible word of the workbook (see i18n.tsv). "{}" in a text is
 * replaced by the next argument of sdt_i18n_format(). */
typedef enum sdt_msg {
	M_SHEET_TEAM, M_TEAM_N, M_TEAM_RATE, M_TEAM_THIS, M_TEAM_ORG, M_TEAM_CHANGE, M_TEAM_CHANGE_CI, M_TEAM_RANGE, M_TEAM_FOCUS,
	M_SHEET_SUMMARY, M_SHEET_HEATMAP, M_SHEET_ITEMS, M_SHEET_ACTIONS,
	M_SHEET_CHARTS, M_SHEET_RELIABILITY, M_SHEET_QUALITY, M_SHEET_METHOD,
	M_HIDDEN, M_HIDDEN_PROTECT, M_HIDDEN_PROTECT_LONG, M_LEG_COLOUR_FAV, M_ITEMS_FRUSTRATION, M_FOOTER, M_GROUP, M_N, M_TEAM, M_UNIT,
	M_NEED_OTHER, M_NEED_AUTONOMY, M_NEED_COMPETENCE, M_NEED_RELATEDNESS,
	M_VAL_OTHER, M_VAL_SATISFACTION, M_VAL_FRUSTRATION, M_VAL_SUPPORT,
	M_VAL_MOTIVATION,
	M_SUM_TITLE, M_COMPOSITES, M_SUM_COMPOSITE_NOTE, M_SUM_CHANGE_NOTE, M_NEED, M_MEAN, M_CI_LO, M_CI_HI, M_FAV, M_SD,
	M_OTHER_SCALES, M_SCALE, M_CHART_ORG, M_RESPONDENTS, M_INSTRUMENT,
	M_WAVE, M_DATE, M_LEG_MEAN,
	M_RWG, M_LEGEND, M_LEG_COLOUR, M_LEG_SIG, M_LEG_HIDDEN, M_LEG_RWG,
	M_ITEMS_NOTE,
	M_ALPHA, M_ALPHA_LO, M_ALPHA_HI, M_OMEGA, M_AVG_R, M_LW_N, M_LW_ALPHA,
	M_ICC1, M_ICC2, M_NOTE, M_ALPHA_LOW, M_ITEM, M_R_DROP, M_ALPHA_IF,
	M_NEG_R, M_WARNINGS, M_REL_SCALES, M_REL_ITEMS, M_REL_NONE,
	M_ACT_INTRO, M_ACT_LEVER_SUP, M_ACT_LEVER_BEYOND, M_ACT_LEVER_STRENGTH, M_ACT_BEYOND_TEXT,
	M_ACT_STRENGTH_TEXT, M_ACT_ITEMS, M_ACT_NONE, M_ACT_DIFF,
	M_ACT_SUPPORT, M_ACT_PRACTICES, M_ACT_NO_NEEDS, M_ACT_NO_TEAMS,
	M_PR_AUT1, M_PR_AUT2, M_PR_AUT3, M_PR_COM1, M_PR_COM2, M_PR_COM3,
	M_PR_REL1, M_PR_REL2, M_PR_REL3,
	M_DQ_ITEM, M_DQ_COUNT, M_DQ_RESPONSES, M_DQ_READ, M_DQ_ACCEPTED,
	M_DQ_SCORED, M_DQ_NOT_SCORED, M_DQ_LEFT_OUT, M_DQ_INVALID, M_DQ_UNKNOWN,
	M_DQ_NO_TEAM, M_DQ_CARELESS, M_DQ_LONG, M_DQ_ZERO, M_DQ_CARELESS_NOTE,
	M_DQ_IRV, M_DQ_CARELESS_NOTE_EXCL,
	M_REL_NEEDS, M_REL_R_SF, M_REL_R_SS, M_REL_NEEDS_NOTE, M_REL_BIPOLAR, M_REL_SUPPORT_NOTE, M_DQ_REASON_LONG, M_DQ_REASON_IRV, M_DQ_REASON_EVENODD,
	M_DQ_GROUPS, M_DQ_GROUPS_SHOWN, M_DQ_GROUPS_HIDDEN, M_DQ_GROUPS_PROT,
	M_DQ_WHY, M_DQ_WHY_FEW, M_DQ_WHY_SOME,
	M_DQ_NOT_GIVEN,
	M_DQ_REASON_MAHAD, M_DQ_REASON_SPEED, M_DQ_NO_DURATION,
	M_AG_TITLE, M_AG_REL_TITLE, M_AG_RWG, M_AG_CUT, M_AG_STAR, M_AG_AD, M_AG_WORDS,
	M_AG_MORE, M_AG_CHANCE, M_AG_NOTE, M_DR_TITLE, M_DR_ORG_TITLE, M_DR_WEIGHT,
	M_DR_PRIORITY, M_DR_R2, M_DR_R2_ITEM, M_DR_NOTE, M_DR_NONE,
	M_ME_VERSION, M_ME_TITLE, M_ME_TERMS, M_ME_SOURCE, M_ME_THRESHOLD,
	M_ME_COMMAND, M_ME_SOFTWARE, M_ME_HOW, M_ME_SCORE, M_ME_N, M_ME_CI, M_ME_FAV,
	M_ME_FPC, M_ME_DIFF, M_ME_SUPP, M_ME_REL, M_ME_RWG, M_ME_ICC, M_ME_ACTIONS,
	M_ME_GROUPS,
	M_CH_NOTE, M_CH_NONE,
	M_SHEET_SCORES, M_SC_RATE, M_SC_UNFAV, M_SC_DIFF, M_SC_PADJ, M_SC_G,
	M_SC_NOTE, M_SC_SCORED,
	M_SHEET_TREND, M_TR_CHANGE, M_TR_EFFECT, M_TR_DZ, M_TR_TEST, M_TR_PAIRED,
	M_TR_WELCH, M_TR_NOTE, M_TR_BLANK, M_TR_APPEARED, M_TR_DISAPPEARED,
	M_TR_NONE, M_TR_CHARTS, M_TR_ALL_SCALES,
	M_TR_ACTION, M_TR_ACTION_NOTE, M_AC_IMPROVED, M_AC_WORSENED, M_AC_NO_CLEAR, M_AC_NOT_SHOWN,
	M_TEAM_ACTIONS, M_TEAM_ACTION_LINE, M_TEAM_ACTION_HIDDEN, M_TEAM_ACTIONS_NOTE,
	M_SHEET_BREAKDOWN, M_BD_WHOLE, M_BD_TITLE, M_BD_SIG, M_BD_NONE_NOTE,
	M_BD_NO_VALUES,
	M_SHEET_BM_ORGS, M_SHEET_BM_TEAMS, M_SHEET_BM_PORTFOLIO, M_BM_TITLE,
	M_BM_ORG, M_BM_PCT, M_BM_BAND, M_BM_BAND1, M_BM_BAND2, M_BM_BAND3,
	M_BM_BAND4, M_BM_NOT_RANKED, M_BM_NOT_MEASURED, M_BM_ANON_ORG,
	M_BM_ANON_TEAM, M_BM_INTRO, M_BM_LOWER_BETTER, M_BM_N_ORGS, M_BM_N_TEAMS,
	M_BM_TEAM_ORGS, M_BM_MIN, M_BM_Q1, M_BM_MEDIAN, M_BM_Q3, M_BM_MAX,
	M_BM_ME_PCT, M_BM_ME_BAND, M_BM_ME_MIN,
	M_BM_ME_VISIBLE, M_BM_ME_TEAMS, M_BM_ME_ANON, M_BM_ORGS_COUNT,
	M_BM_NO_TEAMS, M_BM_CERTAINTY, M_BM_CLEAR, M_BM_UNCERTAIN, M_BM_NOT_BANDED,
	M_BM_NOT_BANDED_TEAMS, M_BM_PF_INTRO, M_BM_CH_INTRO, M_BM_CH_FOCUS,
	M_BM_ME_BANDMIN, M_BM_ME_UNCERTAIN, M_BM_PF_ALL, M_BM_PF_UNRANKED,
	M_BM_PF_UNRANKED_TEAMS, M_BM_PF_UNBANDED, M_BM_PF_UNBANDED_TEAMS, M_DQ_REASON_DUP, M_DQ_REASON_OTHER,
	M_BM_CHANGE, M_BM_ME_CHANGE, M_BM_CHANGE_NOTE,
	M_OUTCOMES, M_ENPS, M_ENPS_NOTE, M_ENPS_ROW,
	M_SHEET_COMMENTS, M_CM_TITLE, M_CM_INTRO, M_CM_GROUP, M_CM_COUNT, M_CM_WITHHELD,
	M_CM_NONE, M_CM_NEED,
	M_COUNT
} sdt_msg;

/* The text of `id` in `lang` (en, fi, sv; anything else gives en). */
const char *sdt_i18n_text(const char *lang, sdt_msg id);
/* The text with each "{}" replaced by the next of args[0..n_args). */
void sdt_i18n_format(char *buf, size_t size, const char *lang, sdt_msg id,
                     const char *const *args, size_t n_args);
/* The need / valence name in `lang`. */
const char *sdt_i18n_need(const char *lang, sdt_need need);
const char *sdt_i18n_valence(const char *lang, sdt_valence v);

/* Cell formats shared by every sheet. */
typedef struct sdt_formats {
	lxw_format *title, *header, *text, *wrap, *bold, *label, *indent, *practice, *note, *hidden;
	lxw_format *num, *num_sig, *diff, *diff_sig, *pct, *count, *warn, *warn_line;
	lxw_format *better[2], *worse[2]; /* a mean's colour, [significant] */
	lxw_format *p;                    /* p values: "<0.001" below it */
	lxw_format *pct_better, *pct_worse; /* shares of 70 % or more, under 50 % */
	lxw_format *num3, *header_num;    /* 3 decimals; a header over numbers */
	lxw_format *header_indent;        /* a text column's header, indented */
	lxw_format *note_indent;          /* a note after numbers, indented */
	lxw_format *warn_indent;          /* a warning after numbers, indented */
	lxw_format *change, *change_sig;  /* "▲ +0.25" / "▼ -0.30", [significant] */
} sdt_formats;

/* The render context: the input, which groups to show, and the first
 * error met while writing (later writes are skipped once it is set). */
#define SDT_REP_MAX_SHEETS 64

typedef struct sdt_rep {
	const sdt_report_input *in;
	const unsigned char *select; /* one flag per group, never NULL */
	const char *lang;
	lxw_workbook *wb;
	sdt_formats f;
	char hidden_text[64];        /* "fewer than N" in the report language */
	char protect_text[96];       /* "protected" (to protect a smaller group) */
	char footer[512];
	double alpha;
	long focus;                  /* the group a split workbook is for, or -1 */
	int err;                     /* first sdt_error met, SDT_OK so far */
	int small;                   /* few groups: kept in memory, not in
	                                constant-memory mode (sdt_rep_open) */
	/* Workbooks are written in libxlsxwriter's constant-memory mode, which
	 * flushes a row once a later one is written and silently drops writes
	 * to it afterwards: every write goes through sdt_rep_row(), which
	 * makes such a write an error instead of a quietly missing cell. */
	struct { lxw_worksheet *ws; size_t row; } rows[SDT_REP_MAX_SHEETS];
	size_t n_rows;
} sdt_rep;

#define SDT_NO_SCALE ((size_t)-1)

/* Claim rows first..last of ws for writing, in order: 0, or -1 with
 * r->err set when a later row was already written (see sdt_rep.rows). */
int sdt_rep_row(sdt_rep *r, lxw_worksheet *ws, size_t first, size_t last);
/* A merged range through sdt_rep_row(); text may be NULL (blank). */
void sdt_rep_merge(sdt_rep *r, lxw_worksheet *ws, size_t r0, size_t c0,
                   size_t r1, size_t c1, const char *text, lxw_format *f);
/* A row's height (points) and format through sdt_rep_row(). */
void sdt_rep_set_row(sdt_rep *r, lxw_worksheet *ws, size_t row, double height,
                     lxw_format *f);

/* Start a workbook on a temporary file beside `path` (r->lang set;
 * sdt_output_begin with SDT_OUTPUT_BY_NAME, *out its output): the shared
 * formats, the "fewer than N" text and the page footer. Returns SDT_OK or
 * the error, also kept in r->err. */
int sdt_rep_open(sdt_rep *r, sdt_output **out, const char *path, size_t min_group,
                 const char *date);
/* Close the workbook and commit *out over `path`; on any error (r->err
 * included) abort it instead, so no partial file is left. *out is freed
 * and set to NULL. Returns SDT_OK or the error. */
int sdt_rep_close(sdt_rep *r, sdt_output **out, const char *path);
/* Whether the workbook of the groups flagged in `mask` fits Excel (rows,
 * columns, cell lengths): SDT_OK, or SDT_ELIMIT naming `path`, the limit
 * and what to do. Called before anything is written. */
int sdt_rep_check_limits(const sdt_report_input *in, const unsigned char *mask,
                         const char *path);

/* A translated text. */
const char *sdt_rep_t(const sdt_rep *r, sdt_msg id);
/* Record a libxlsxwriter failure (the first one wins); returns r->err. */
int sdt_rep_check(sdt_rep *r, lxw_error e, const char *what);

/* Cell writers. Text always goes through worksheet_write_string, so data
 * starting with = + - @ is never a formula. NAN numbers leave the cell
 * blank. */
void sdt_rep_text(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                  const char *s, lxw_format *f);
void sdt_rep_num(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                 double x, lxw_format *f);
void sdt_rep_count(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                   size_t n);
/* A group figure: the number when hidden is 0, else the reason
 * (SDT_HIDDEN_PROTECTION: "protected", to protect a smaller group, as
 * the legends say; any other non-zero: "fewer than N"). */
void sdt_rep_figure(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                    int hidden, double x, lxw_format *f);
/* The colour rule of the run (sdt_report_input.colour_favourable): +1
 * better, -1 worse, 0 neither for group i's cell on scale s. By default
 * against the rest of the organisation: significant and Hedges' g at
 * least 0.2 the favourable way (frustration: the other way round); or by
 * the share favourable, 70 % or more better and under 50 % worse. */
int sdt_rep_standing(const sdt_rep *r, size_t i, size_t s);
/* The number format of that mean: coloured by the rule, framed when
 * significant. */
lxw_format *sdt_rep_mean_format(const sdt_rep *r, size_t i, size_t s);
/* A column width (characters) that holds `text`'s longest word whole, at
 * least `min`: Finnish and Swedish compounds must not break mid-word. */
double sdt_rep_word_width(const char *text, double min);
/* The same for a column headed by any of the texts ids[0..n-1] (the
 * column's header in each table it belongs to). */
double sdt_rep_msgs_width(const sdt_rep *r, const sdt_msg *ids, size_t n, double min);
/* The pixels Excel gives a column set `width` wide (round(7 width) + 5). */
double sdt_rep_col_px(double width);
/* The lines `text` takes wrapped in `px` pixels of column (sdt_rep_col_px;
 * merged columns add up) at `indent` levels, as Excel wraps it (at spaces
 * and newlines, and a word longer than a line wherever it fills one): Excel's
 * columns are narrower than LibreOffice's, so it wraps soonest. Measured
 * in Calibri Bold, a little wider than its regular and italic, so never
 * fewer lines than a row needs. */
double sdt_rep_text_lines(const char *text, double px, unsigned indent);
/* A column width that holds `text` on one line, bold included, at least
 * `min` and at most `max`. */
double sdt_rep_text_width(const char *text, double min, double max);
/* The width of the group-path column: the longest selected path + 2, 20
 * to 50 (legend.c). */
double sdt_rep_path_width(const sdt_rep *r);
/* The width of a scale-label column: the longest scale or composite
 * label + 2 in the report's language, 20 to 50. */
double sdt_rep_scale_label_width(const sdt_rep *r);
/* Where notes under a table go: columns first..last, whose width holds
 * line_chars characters of note text a line (for the rows' heights). */
typedef struct sdt_rep_span {
	size_t first, last;
	double line_chars;
} sdt_rep_span;
/* The span for notes under a table printed on pages side by side
 * (sdt_rep_print_pages with widths[0..n), `repeat` and first_end): the
 * first page's columns up to `last`, and, when there are further pages,
 * from the first column not repeated on every page, whose repeated
 * columns would print a cut-off slice of each note. Columns from n on
 * count at Excel's default width. */
sdt_rep_span sdt_rep_note_span(const double *widths, size_t n, size_t repeat,
                               size_t first_end, size_t last);
/* One legend note across the span: the messages that take figures get
 * the report's own (M_LEG_MEAN the response range, M_LEG_SIG and M_BD_SIG
 * alpha, M_LEG_HIDDEN the minimum group, M_BD_NONE_NOTE `arg`); any other
 * is written as it is. Returns the next row. */
size_t sdt_rep_legend_line(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_rep_span *span,
                           sdt_msg id, const char *arg);
/* The bold "Legend" heading at `row` and lines[0..n) under it
 * (sdt_rep_legend_line); returns the row after the last. */
size_t sdt_rep_legend(sdt_rep *r, lxw_worksheet *ws, size_t row, const sdt_rep_span *span,
                      const sdt_msg *lines, size_t n, const char *arg);
/* A number written into text: "0.05" in English, "0,05" in Finnish and
 * Swedish, which write a decimal comma. */
void sdt_rep_number_text(const sdt_rep *r, char *buf, size_t size, double x);
/* The reason to show for a cell of group g: the cell's own (an
 * sdt_hidden), else the group's when the whole group is hidden. */
int sdt_rep_reason(const sdt_group *g, int cell);
/* A translated text cell. */
void sdt_rep_msg(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t col,
                 sdt_msg id, lxw_format *f);

/* A new worksheet named by `name` with landscape, fit-to-width printing,
 * the footer, and rows first_row..last_row repeated on every page
 * (last_row < first_row: none). NULL on failure (r->err set). */
lxw_worksheet *sdt_rep_sheet(sdt_rep *r, sdt_msg name, size_t first_row,
                             size_t last_row);
/* The same for a name built from data (e.g. an attribute): characters a
 * sheet name cannot hold become '_', it is cut to 31 characters and made
 * unique with " (2)", " (3)", ... */
lxw_worksheet *sdt_rep_sheet_named(sdt_rep *r, const char *name,
                                   size_t first_row, size_t last_row);
void sdt_rep_width(sdt_rep *r, lxw_worksheet *ws, size_t first, size_t last,
                   double width, lxw_format *f);

/* Print a wide table on pages side by side instead of shrinking it to
 * one page: columns 0..repeat-1 on every page; flags[c] says whether a
 * page may start at column c (1), must (2) or must not (0); a page that
 * may end is ended before it grows past about 85 % print size, and one
 * print scale (at most 100 %) lets the widest page fit A4 landscape.
 * widths[c] is column c's width as set with sdt_rep_width; *first_end gets
 * the first page's last column (for notes that must print whole). */
int sdt_rep_print_pages(sdt_rep *r, lxw_worksheet *ws, const double *widths, size_t n,
                        const unsigned char *flags, size_t repeat, size_t *first_end);

/* Scales of a need and valence, or SDT_NO_SCALE. */
size_t sdt_rep_need_scale(const sdt_instrument *ins, sdt_need need,
                          sdt_valence v);
/* 1 when the instrument links any scale to a need. */
int sdt_rep_has_needs(const sdt_instrument *ins);
/* A paragraph across columns c0..c1 (merged, wrapped), its row made tall
 * enough for `line_chars` characters a line, since neither Excel nor every
 * viewer grows rows for wrapped text by itself. */
void sdt_rep_note(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t c0,
                  size_t c1, const char *text, lxw_format *f,
                  double line_chars);
/* Set a row's height for `text` wrapped at `line_chars` a line. */
void sdt_rep_fit_row(sdt_rep *r, lxw_worksheet *ws, size_t row,
                     const char *text, double line_chars);
/* Lines `text` takes wrapped at `line_chars` a line (at least 1). */
double sdt_rep_lines(const char *text, double line_chars);
/* Set a row's height for `lines` lines of text. */
void sdt_rep_row_lines(sdt_rep *r, lxw_worksheet *ws, size_t row, double lines);
/* Whether group i is rendered / is a visible team (n_direct > 0, depth
 * >= 1, not hidden). Inline: every sheet asks it of every group, and a
 * split asks it in each of thousands of workbooks. */
static inline int sdt_rep_selected(const sdt_rep *r, size_t i)
{
	return i < r->in->groups->n_groups && r->select[i];
}

static inline int sdt_rep_visible_team(const sdt_rep *r, size_t i)
{
	const sdt_group *g = &r->in->groups->groups[i];

	return sdt_rep_selected(r, i) && g->n_direct > 0 && g->depth >= 1 && !g->hidden;
}

/* Which group of an earlier wave's groups is group i of the current
 * groups (by path; the organisation is the organisation), or -1. */
long sdt_rep_wave_group(const sdt_groups *wave, const sdt_groups_index *wave_ix,
                        const sdt_groups *cur, size_t i);
/* Whether group k (may be -1) of a wave's groups shows scale `scale`. */
int sdt_rep_wave_cell_visible(const sdt_groups *wave, long k, size_t scale);

/* Agreement and drivers (sheet_agree.c): the team page's block for group
 * r->focus, across columns 0..last_col whose widths are widths[0..last_col]
 * (its rows as tall as their text takes there), and the Reliability
 * sheet's; each from `row`, returning the row after it. */
size_t sdt_rep_team_agreement(sdt_rep *r, lxw_worksheet *ws, size_t row, size_t last_col,
                              const double *widths);
size_t sdt_rep_reliability_agreement(sdt_rep *r, lxw_worksheet *ws, size_t row);

/* One function per sheet; each returns r->err. */
int sdt_sheet_team(sdt_rep *r);

/* Focus areas (sheet_actions.c, used by the Team sheet too): the
 * breakdown by the remote attribute (work_mode) when published, else
 * NULL; and the texts of one area (practices, or what to do instead,
 * then the weakest items, written into items[size]). Returns how many
 * texts (at most SDT_FOCUS_PRACTICES + 2). */
const sdt_breakdown *sdt_rep_remote_breakdown(const sdt_rep *r);
size_t sdt_rep_area_texts(const sdt_rep *r, const sdt_group *g, const sdt_focus_area *a,
                          const char **texts, char *items, size_t size);
int sdt_sheet_summary(sdt_rep *r);
/* The organisation's outcome items (Summary) from row `row`; returns the
 * next free row (sheet_outcomes.c). */
size_t sdt_rep_outcome_table(sdt_rep *r, lxw_worksheet *ws, size_t row);
/* Outcome o of group i (its figures and why they are hidden). */
const sdt_outcome_stats *sdt_rep_outcome(const sdt_rep *r, size_t i, size_t o);
/* Whether anyone in the organisation answered outcome o. */
int sdt_rep_outcome_asked(const sdt_rep *r, size_t o);
/* The Comments sheet (sheet_comments.c). */
int sdt_sheet_comments(sdt_rep *r);
int sdt_sheet_heatmap(sdt_rep *r);
int sdt_sheet_items(sdt_rep *r);
int sdt_sheet_scores(sdt_rep *r);
int sdt_sheet_trend(sdt_rep *r);
int sdt_sheet_breakdown(sdt_rep *r, const sdt_breakdown *b);
int sdt_sheet_actions(sdt_rep *r);
int sdt_sheet_charts(sdt_rep *r);
int sdt_sheet_reliability(sdt_rep *r);
int sdt_sheet_quality(sdt_rep *r);
int sdt_sheet_method(sdt_rep *r);

#endif

/*
 * i18n_texts.h - the workbook's texts as the library holds them: built
 * from reports/i18n.tsv by tools/i18n_table.c, read by i18n.c. Not public.
 */
#ifndef SDT_I18N_TEXTS_H
#define SDT_I18N_TEXTS_H

#include "sheet.h"

typedef struct sdt_text {
	const char *en, *fi, *sv;
} sdt_text;

/* Indexed by sdt_msg; a message the file lacks is all NULL. */
extern const sdt_text sdt_i18n_texts[M_COUNT];

#endif

/*
 * export_impl.h - what the survey writers share (engine/instrument/export.c writes
 * LimeSurvey TSV, QSF and the maps; reports/export_xlsform.c the XLSForm):
 * the plan of groups and questions and their words. Not public API.
 */
#ifndef SDT_EXPORT_IMPL_H
#define SDT_EXPORT_IMPL_H

#include "sdtscore.h"

/* The QSF text (export_qsf.c): *out as sdt_export_survey_text's. */
int sdt_export_qsf_text(char **out, const sdt_instrument *ins,
                        const sdt_export_options *opt);

#endif

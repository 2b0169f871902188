/*
 * sdtscore.h - the umbrella header of the sdtscore engine.
 *
 * Scoring of Self-Determination-Theory surveys: instrument definitions,
 * response readers, scoring and psychometrics. Include this one header.
 *
 * NULL: every _free() function takes NULL as a no-op (tested). An
 * argument takes NULL only where its function's comment says so ("may be
 * NULL", usually options meaning the documented defaults); output
 * parameters and the objects a function works on must not be NULL, as
 * with the C library's functions, and are not checked.
 *
 * Options: a struct the caller allocates and fills for a function (the
 * *_options structs, sdt_groups_rename, sdt_report_input,
 * sdt_benchmark_report) starts with
 * `unsigned int version` and is begun with its SDT_<NAME>_INIT macro,
 * which sets SDT_<NAME>_VERSION and the defaults. A function given a
 * version it does not know (0 from a zeroed struct, or a newer one)
 * returns SDT_EUSAGE (sdt_error_kind() "options_version") before doing
 * anything; NULL options are the defaults.
 *
 * Ownership: a function that hands out memory says "caller frees with
 * ..." in its comment; everything else it returns stays the library's.
 *
 * GSL: the library checks the status of every GSL call itself. Functions
 * that reach GSL switch its error handler off for the call and put the
 * caller's handler back before returning, so a host program's handler is
 * neither called nor replaced.
 */
#ifndef SDTSCORE_H
#define SDTSCORE_H

#include "sdt_error.h"
#include "sdt_instrument.h"
#include "sdt_reader.h"
#include "sdt_map.h"
#include "sdt_score.h"
#include "sdt_stats.h"
#include "sdt_accum_io.h"
#include "sdt_parallel.h"
#include "sdt_pipeline.h"
#include "sdt_simulate.h"
#include "sdt_disclosure.h"
#include "sdt_groups.h"
#include "sdt_quality.h"
#include "sdt_waves.h"
#include "sdt_breakdown.h"
#include "sdt_focus.h"
#include "sdt_bootstrap.h"
#include "sdt_benchmark.h"
#include "sdt_json.h"
#include "sdt_output.h"
#include "sdt_csv.h"
#include "sdt_idset.h"
#include "sdt_text.h"
#include "sdt_report.h"
#include "sdt_drivers.h"
#include "sdt_needs.h"
#include "sdt_careless.h"
#include "sdt_export.h"
#include "sdt_actions.h"
#include "sdt_progress.h"
#include "sdt_comments.h"

#endif

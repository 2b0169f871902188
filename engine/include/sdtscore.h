/*
 * sdtscore.h - the umbrella header of the sdtscore engine.
 *
 * Scoring of Self-Determination-Theory surveys: instrument definitions,
 * response readers, scoring and psychometrics. Include this one header.
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

#endif

/*
 * idset.h - respondent ids seen in a run: the public sdt_idset.h.
 */
#ifndef SDT_IDSET_INTERNAL_H
#define SDT_IDSET_INTERNAL_H

#include "internal.h"
#include "sdt_idset.h"

#endif

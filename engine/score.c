/* TEMPORARY STUB */
#include "internal.h"

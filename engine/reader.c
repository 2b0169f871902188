/* TEMPORARY STUB: replaced by the real module. */
#include <math.h>
#include "internal.h"

int sdt_reader_open(sdt_reader **out, const sdt_instrument *ins, const char *path, const sdt_read_options *opt)
{
(void)out;(void)ins;(void)path;(void)opt;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

int sdt_reader_next(sdt_reader *r, const sdt_response **resp)
{
(void)r;(void)resp;
	return sdt_fail(SDT_EINTERNAL, "not implemented");
}

const char * sdt_reader_wave(const sdt_reader *r)
{
(void)r;
	return NULL;
}

void sdt_reader_free(sdt_reader *r)
{
(void)r;
	
}

sdt_format sdt_format_from_path(const char *path)
{
(void)path;
	return (sdt_format)0;
}

const char * sdt_format_name(sdt_format f)
{
(void)f;
	return NULL;
}

sdt_format sdt_format_parse(const char *name)
{
(void)name;
	return (sdt_format)0;
}

/*
 * error.c - error codes and the per-thread last-error message.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

/* Thread-local so that concurrent runs (threads, batch) never see each
 * other's messages. */
static _Thread_local char last_message[1024];
static _Thread_local int last_code;
static _Thread_local const char *last_kind = "";
static _Thread_local char last_kind_arg[512];

const char *sdt_strerror(int err)
{
	switch (err) {
	case SDT_OK: return "success";
	case SDT_EDATA: return "bad response data";
	case SDT_EINSTRUMENT: return "bad instrument definition";
	case SDT_EUSAGE: return "bad usage";
	case SDT_EIO: return "input/output error";
	case SDT_ENOMEM: return "out of memory";
	case SDT_ELIMIT: return "input exceeds a limit";
	case SDT_EINTERNAL: return "internal numerical failure";
	case SDT_EUSER: return "stopped by the caller";
	default: return "unknown error";
	}
}

const char *sdt_error_message(void)
{
	return last_message;
}

int sdt_error_code(void)
{
	return last_code;
}

const char *sdt_error_kind(void)
{
	return last_kind;
}

const char *sdt_error_kind_arg(void)
{
	return last_kind_arg;
}

void sdt_error_set_kind(const char *kind, const char *arg)
{
	last_kind = kind ? kind : "";
	snprintf(last_kind_arg, sizeof last_kind_arg, "%s", arg ? arg : "");
}

void sdt_error_clear(void)
{
	last_message[0] = '\0';
	last_code = SDT_OK;
	last_kind = "";
	last_kind_arg[0] = '\0';
}

int sdt_vfail(int code, const char *fmt, va_list ap)
{
	vsnprintf(last_message, sizeof last_message, fmt, ap);
	last_code = code;
	last_kind = "";
	last_kind_arg[0] = '\0';
	return code;
}

int sdt_fail(int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sdt_vfail(code, fmt, ap);
	va_end(ap);
	return code;
}

int sdt_fail_nomem(void)
{
	/* No formatting: must work when nothing else can be allocated. */
	strcpy(last_message, "out of memory");
	last_code = SDT_ENOMEM;
	last_kind = "";
	last_kind_arg[0] = '\0';
	return SDT_ENOMEM;
}

int sdt_check_version(unsigned int version, unsigned int known, const char *type,
                      const char *init)
{
	if (version == known)
		return SDT_OK;
	sdt_fail(SDT_EUSAGE, "%s: version %u is not one this library knows (%u); "
	         "initialise the struct with %s", type, version, known, init);
	sdt_error_set_kind("options_version", type);
	return SDT_EUSAGE;
}

int sdt_check_run_options(const sdt_run_options *opt)
{
	/* version 1 ends before speeder_seconds, which is then never read */
	int rc = opt && opt->version == 1 ? SDT_OK
	         : SDT_CHECK_OPTIONS(opt, sdt_run_options, SDT_RUN_OPTIONS);

	return rc == SDT_OK && opt ? SDT_CHECK_OPTIONS(&opt->read, sdt_read_options,
	                                               SDT_READ_OPTIONS) : rc;
}

const char *sdt_version(void)
{
	return SDT_VERSION;
}

int sdt_user_stop(int rc)
{
	/* A code of the library's own passes through with the message of the
	 * library call that failed in the callback; anything else the
	 * callback returned becomes SDT_EUSER, never a look-alike of another
	 * error with an empty message. */
	if (rc == SDT_OK || (rc > SDT_OK && rc < SDT_EUSER))
		return rc;
	if (rc == SDT_EUSER)
		return sdt_fail(SDT_EUSER, "stopped by a callback");
	return sdt_fail(SDT_EUSER, "stopped by a callback (it returned %d)", rc);
}

/*
 * encoding.c - converting response files to UTF-8 with iconv as they are
 * read: raw bytes a chunk at a time, so memory does not grow with the file.
 * UTF-8 passes through untouched (its checks stay with the readers).
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>

#include "encoding.h"
#include "internal.h"

#define RAW_CHUNK 65536

struct sdt_decoder {
	FILE *fp;
	const char *name;
	iconv_t cd;       /* (iconv_t)-1: UTF-8, copied as it is */
	char enc[64];     /* the encoding's name, for messages */
	char raw[RAW_CHUNK];
	size_t start, end; /* unconverted bytes raw[start..end) */
	int eof, bad;
};

/* Read more raw bytes, keeping the unconverted tail (a sequence cut by the
 * chunk boundary) at the front. */
static int raw_fill(sdt_decoder *d)
{
	size_t got;

	if (d->start > 0) {
		memmove(d->raw, d->raw + d->start, d->end - d->start);
		d->end -= d->start;
		d->start = 0;
	}
	got = fread(d->raw + d->end, 1, sizeof d->raw - d->end, d->fp);
	if (got == 0 && ferror(d->fp))
		return sdt_fail(SDT_EIO, "%s: read failed: %s", d->name,
		                strerror(errno));
	if (got == 0)
		d->eof = 1;
	d->end += got;
	return SDT_OK;
}

/* The encoding to convert from when none is given: UTF-16 by its BOM. */
static const char *sniff(const sdt_decoder *d)
{
	const unsigned char *b = (const unsigned char *)d->raw;

	if (d->end >= 2 && b[0] == 0xff && b[1] == 0xfe)
		return "UTF-16LE";
	if (d->end >= 2 && b[0] == 0xfe && b[1] == 0xff)
		return "UTF-16BE";
	return NULL;
}

static int is_utf8(const char *enc)
{
	return !strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8");
}

int sdt_decoder_open(sdt_decoder **out, FILE *fp, const char *encoding,
                     const char *name)
{
	sdt_decoder *d = sdt_calloc(1, sizeof *d);
	int rc = SDT_OK;

	*out = d;
	if (!d)
		return sdt_fail_nomem();
	d->fp = fp;
	d->name = name;
	d->cd = (iconv_t)-1;
	if ((rc = raw_fill(d)) != SDT_OK)
		goto done;
	if (!encoding)
		encoding = sniff(d);
	if (!encoding || is_utf8(encoding))
		goto done;
	snprintf(d->enc, sizeof d->enc, "%s", encoding);
	d->cd = iconv_open("UTF-8", encoding);
	if (d->cd == (iconv_t)-1)
		rc = errno == ENOMEM ? sdt_fail_nomem()
		     : sdt_fail(SDT_EUSAGE, "%s: unknown encoding '%s' (try utf-8, "
		                "utf-16, windows-1252 or iso-8859-15)", name, encoding);
done:
	return rc;
}

void sdt_decoder_free(sdt_decoder *d)
{
	if (!d)
		return;
	if (d->cd != (iconv_t)-1)
		iconv_close(d->cd);
	sdt_free(d);
}

const char *sdt_decoder_bad(const sdt_decoder *d)
{
	return d && d->bad ? d->enc : NULL;
}

static int bad_text(sdt_decoder *d)
{
	d->bad = 1;
	return sdt_fail(SDT_EDATA, "%s: the text is not valid %s", d->name,
	                d->enc);
}

/* Convert what raw holds into buf; stops at a bad or cut sequence. */
static int convert(sdt_decoder *d, char *buf, size_t cap, size_t *got)
{
	char *in = d->raw + d->start, *outp = buf;
	size_t inleft = d->end - d->start, outleft = cap;
	size_t r = iconv(d->cd, &in, &inleft, &outp, &outleft);
	int e = errno;

	d->start = (size_t)(in - d->raw);
	*got = cap - outleft;
	if (r != (size_t)-1 || e == E2BIG)
		return SDT_OK;
	/* A sequence cut at the end of the chunk is completed by the next
	 * read; cut at the end of the file, or wrong, it is bad text. */
	if (e == EINVAL && !d->eof)
		return SDT_OK;
	return *got ? SDT_OK : bad_text(d);
}

int sdt_decoder_read(sdt_decoder *d, char *buf, size_t cap, size_t *got)
{
	size_t n;
	int rc = SDT_OK;

	*got = 0;
	if (d->bad)
		return bad_text(d);
	while (*got == 0) {
		if (d->start == d->end || (d->cd != (iconv_t)-1 && d->start > 0 &&
		                           d->end - d->start < 8 && !d->eof)) {
			if (d->eof)
				return d->start == d->end ? SDT_OK : bad_text(d);
			if ((rc = raw_fill(d)) != SDT_OK)
				return rc;
			if (d->eof && d->start == d->end)
				return SDT_OK;
		}
		if (d->cd == (iconv_t)-1) {
			n = d->end - d->start < cap ? d->end - d->start : cap;
			memcpy(buf, d->raw + d->start, n);
			d->start += n;
			*got = n;
		} else if ((rc = convert(d, buf, cap, got)) != SDT_OK) {
			return rc;
		} else if (*got == 0 && !d->eof) {
			if ((rc = raw_fill(d)) != SDT_OK)
				return rc;
		} else if (*got == 0) {
			return d->start == d->end ? SDT_OK : bad_text(d);
		}
	}
	return rc;
}

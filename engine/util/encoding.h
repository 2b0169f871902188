/*
 * encoding.h - response files in other encodings than UTF-8, converted to
 * UTF-8 as they are read, a chunk at a time (internal).
 */
#ifndef SDT_ENCODING_H
#define SDT_ENCODING_H

#include <stdio.h>

typedef struct sdt_decoder sdt_decoder;

/* A decoder reading fp: `encoding` is an iconv name, or NULL to take UTF-16
 * LE/BE by its byte order mark and UTF-8 otherwise. SDT_EUSAGE for an
 * encoding iconv does not know. `name` is the file, for messages. */
int sdt_decoder_open(sdt_decoder **out, FILE *fp, const char *encoding,
                     const char *name);
void sdt_decoder_free(sdt_decoder *d);

/* Up to cap bytes of UTF-8 into buf: *got is 0 at the end. On text that is
 * not valid in the encoding, the bytes before it come first, then an
 * SDT_EDATA error (see sdt_decoder_bad). */
int sdt_decoder_read(sdt_decoder *d, char *buf, size_t cap, size_t *got);

/* The encoding's name when the input held text not valid in it, else NULL. */
const char *sdt_decoder_bad(const sdt_decoder *d);

#endif

/*
 * test_utf8.c - sdt_utf8_check (engine/util/util.c), which takes printable
 * ASCII eight bytes at a time: against a plain decoder written here from
 * RFC 3629 (and the rule that text holds no control characters), on every
 * position of a bad byte around the 8-byte steps and on random strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "internal.h"

/* 1 + the offset of the first byte that is not text, 0 when all is:
 * control characters (below 0x20, 0x7f) and ill-formed UTF-8 (RFC 3629
 * table 3-7: no overlongs, no surrogates, nothing above U+10FFFF). */
static size_t ref_check(const unsigned char *s, size_t len)
{
	size_t i = 0, n, k;
	unsigned lo, hi;

	while (i < len) {
		if (s[i] < 0x20 || s[i] == 0x7f)
			return i + 1;
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		lo = 0x80;
		hi = 0xbf;
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			n = 2;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			n = 3;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			n = 4;
		else
			return i + 1;
		if (s[i] == 0xe0)
			lo = 0xa0;
		if (s[i] == 0xed)
			hi = 0x9f;
		if (s[i] == 0xf0)
			lo = 0x90;
		if (s[i] == 0xf4)
			hi = 0x8f;
		if (i + n > len || s[i + 1] < lo || s[i + 1] > hi)
			return i + 1;
		for (k = 2; k < n; k++)
			if (s[i + k] < 0x80 || s[i + k] > 0xbf)
				return i + 1;
		i += n;
	}
	return 0;
}

/* Every bad byte (control, DEL, a lone continuation, a high byte) at every
 * position of strings of 1..40 printable bytes. */
static void test_bad_byte_everywhere(void **state)
{
	static const unsigned char bad[] = {0x00, 0x01, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0xbf,
	                                    0xc0, 0xff};
	unsigned char s[48];
	size_t len, at, b;

	(void)state;
	for (len = 1; len <= 40; len++)
		for (at = 0; at < len; at++)
			for (b = 0; b < sizeof bad; b++) {
				memset(s, 'a' + (int)(len % 26), len);
				s[at] = bad[b];
				assert_int_equal(sdt_utf8_check((const char *)s, len), at + 1);
				assert_int_equal(ref_check(s, len), at + 1);
			}
	/* the edges of printable ASCII pass */
	memset(s, ' ', 40);
	memset(s + 20, '~', 20);
	assert_int_equal(sdt_utf8_check((const char *)s, 40), 0);
}

/* Random strings drawn mostly from printable ASCII, with multibyte
 * sequences (good and bad) and control bytes mixed in. */
static void test_random_against_reference(void **state)
{
	static const char *const pieces[] = {"a", "Z", " ", "~", "/", "\xc3\xa4", "\xe2\x82\xac",
	                                     "\xf0\x9f\x98\x80", "\xed\xa0\x80", "\xe0\x80\x80",
	                                     "\xc3", "\x7f", "\x1b", "\xf5\x80\x80\x80"};
	unsigned char s[96];
	size_t len, p, pl, t;
	unsigned seed = 12345;

	(void)state;
	for (t = 0; t < 20000; t++) {
		len = 0;
		while (len < 64) {
			seed = seed * 1103515245u + 12345u;
			p = (seed >> 16) % 64;
			p = p < 50 ? p % 5 : p - 50 < sizeof pieces / sizeof pieces[0] ? p - 50 : 0;
			pl = strlen(pieces[p]);
			if (pieces[p][0] == '\0')
				pl = 1;
			memcpy(s + len, pieces[p], pl);
			len += pl;
		}
		assert_int_equal(sdt_utf8_check((const char *)s, len), ref_check(s, len));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_byte_everywhere),
		cmocka_unit_test(test_random_against_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

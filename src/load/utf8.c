/*
 * src/load/utf8.c - where a revision file stops being UTF-8.
 */
#include "src/load/load.h"

size_t rg_utf8_invalid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	const unsigned char *p = s, *end = s + len;

	while (p < end) {
		unsigned c = *p;
		size_t n;
		unsigned cp;

		if (c == 0)
			break;
		if (c < 0x80) {
			p++;
			continue;
		}
		n = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		if (!n || c > 0xf4 || (size_t)(end - p) < n)
			break;
		cp = c & (0x3f >> (n - 1));
		for (size_t i = 1; i < n; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return (size_t)(p - s);
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
		    (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			break;
		p += n;
	}
	return (size_t)(p - s);
}

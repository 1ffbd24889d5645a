/* text: load an article.  (Minimal first version; see text.h for the contract.) */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistr.h>

#include "text.h"

struct text *
text_from_memory(const char *name, const char *bytes, size_t length,
		 const char *encoding, struct error *err)
{
	struct text *text;
	const uint8_t *bad;

	if (memchr(bytes, '\0', length) != NULL) {
		error_set(err, "%s: binary file", name);
		return NULL;
	}
	bad = u8_check((const uint8_t *)bytes, length);
	if (bad != NULL) {
		error_set(err, "%s: invalid UTF-8 at byte %zu (try --encoding)", name,
			  (size_t)(bad - (const uint8_t *)bytes));
		return NULL;
	}
	text = xcalloc(1, sizeof(*text));
	text->name = xstrdup(name);
	text->bytes = xstrndup(bytes, length);
	text->length = length;
	text->start = length >= 3 && memcmp(bytes, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	return text;
}

struct text *
text_load(const char *path, const char *encoding, struct error *err)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	struct text *text;

	if (fp == NULL) {
		error_set(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			buf = xrealloc(buf, cap);
		}
		n = fread(buf + len, 1, cap - len, fp);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		error_set(err, "%s: %s", path, strerror(errno));
		free(buf);
		if (fp != stdin)
			fclose(fp);
		return NULL;
	}
	if (fp != stdin)
		fclose(fp);
	text = text_from_memory(path, buf, len, encoding, err);
	free(buf);
	return text;
}

void
text_free(struct text *text)
{
	if (text == NULL)
		return;
	free(text->name);
	free(text->bytes);
	free(text);
}

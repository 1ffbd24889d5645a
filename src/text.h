/*
 * text: load an article (a path, or "-" for standard input) whole into
 * memory as UTF-8, keeping the bytes as read for display and offsets.
 *
 * After text_load():
 *   - bytes[0 .. length) is the article as UTF-8, NUL-terminated at
 *     bytes[length]; it contains no NUL byte and is valid UTF-8;
 *   - start is where the text proper begins: 3 past a UTF-8 BOM, else 0.
 *     Offsets everywhere in artcmp are offsets into bytes, so a BOM counts;
 *     when an encoding was converted (--encoding, or a UTF-16 BOM), bytes is
 *     the UTF-8 text it became and offsets are into that.
 *   - CR and CRLF line ends are kept as read; segment treats them as line ends.
 *
 * Ownership: text_load() returns a struct text the caller frees with
 * text_free(); text_free(NULL) is a no-op.
 */
#ifndef ARTCMP_TEXT_H
#define ARTCMP_TEXT_H

#include <stddef.h>

#include "util.h"

/*
 * Largest article accepted, in bytes, before and after conversion
 * (documented in the man page).  A long news article is 50 KB and a whole
 * book 2 MB; 64 MiB leaves room for archive dumps and stress inputs (a
 * 50 MB file must work) while bounding memory: every later stage keeps
 * about 30 bytes per word (tokens, units, layout rows), so a full-size pair
 * stays around a gigabyte instead of growing without limit on a file
 * given by mistake (a log, a disk image without NUL bytes, /dev/zero-like
 * pipes are cut off while reading).
 */
#define TEXT_MAX_BYTES ((size_t)64 * 1024 * 1024)

struct text {
	char *name;	/* path as given, or "-"; the label replaces it for display */
	char *bytes;
	size_t length;
	size_t start;
};

/*
 * Load path ("-" is standard input).  encoding is NULL for UTF-8 (with BOM
 * detection, UTF-16 BOMs converting automatically) or an iconv name.
 * On failure returns NULL and sets err to one line naming the file and the
 * problem: missing, a directory, unreadable, binary (NUL byte), invalid UTF-8
 * at byte N (suggesting --encoding), too large, unknown encoding.
 */
struct text *text_load(const char *path, const char *encoding, struct error *err);

/* A text from memory (tests, fuzzers): same checks as text_load(). */
struct text *text_from_memory(const char *name, const char *bytes, size_t length,
			      const char *encoding, struct error *err);

void text_free(struct text *text);

#endif

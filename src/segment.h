/*
 * segment: cut a text into units (sentences, lines or paragraphs) with byte
 * offsets into text->bytes.
 *
 * Invariants, for every result:
 *   - units are in text order and never overlap;
 *   - every unit starts and ends on a non-blank character (surrounding
 *     whitespace is not part of a unit) and lies inside [start, length);
 *   - every non-blank byte of the text belongs to exactly one unit;
 *   - paragraph is the 0-based number of the blank-line separated paragraph
 *     the unit starts in; it never decreases.
 *
 * Ownership: segment_text() fills a struct unit_list the caller releases
 * with segment_free(); segment_free() on a zeroed list is a no-op.
 */
#ifndef ARTCMP_SEGMENT_H
#define ARTCMP_SEGMENT_H

#include <stddef.h>
#include <stdint.h>

#include "text.h"

enum segment_kind {
	SEGMENT_SENTENCE,
	SEGMENT_LINE,
	SEGMENT_PARAGRAPH
};

struct unit {
	size_t offset;
	size_t length;
	size_t paragraph;
};

struct unit_list {
	struct unit *unit;
	size_t count;
};

void segment_text(const struct text *text, enum segment_kind kind,
		  struct unit_list *out);
void segment_free(struct unit_list *list);

/*
 * segment_text(), and *hash an array (the caller's, free() it; NULL when
 * there is no unit) of a hash of each unit's bytes, taken as the unit is
 * cut, while its bytes are in the cache: units with equal bytes have
 * equal hashes (the converse is for the caller to check).
 */
void segment_text_hashed(const struct text *text, enum segment_kind kind,
			 struct unit_list *out, uint64_t **hash);

/*
 * Build the word sets segment_text() reads.  segment_text() calls it
 * itself; call it before starting threads that segment (it is safe to
 * call from several threads at once, through pthread_once).
 */
void segment_init(void);

/* "sentence" -> SEGMENT_SENTENCE...; returns -1 for an unknown name. */
int segment_kind_from_name(const char *name);
const char *segment_kind_name(enum segment_kind kind);

#endif

/* segment: cut a text into units.  (Minimal first version: one unit per line.) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "segment.h"

void
segment_text(const struct text *text, enum segment_kind kind, struct unit_list *out)
{
	size_t i = text->start, cap = 0, paragraph = 0;
	int blank_seen = 0;

	out->unit = NULL;
	out->count = 0;
	while (i < text->length) {
		size_t begin = i, end;

		while (i < text->length && text->bytes[i] != '\n')
			i++;
		end = i;
		if (i < text->length)
			i++;
		while (begin < end && (text->bytes[begin] == ' ' || text->bytes[begin] == '\t' || text->bytes[begin] == '\r'))
			begin++;
		while (end > begin && (text->bytes[end - 1] == ' ' || text->bytes[end - 1] == '\t' || text->bytes[end - 1] == '\r'))
			end--;
		if (begin == end) {
			blank_seen = 1;
			continue;
		}
		if (blank_seen && out->count > 0)
			paragraph++;
		blank_seen = 0;
		if (out->count == cap) {
			cap = cap ? cap * 2 : 64;
			out->unit = xreallocarray(out->unit, cap, sizeof(*out->unit));
		}
		out->unit[out->count].offset = begin;
		out->unit[out->count].length = end - begin;
		out->unit[out->count].paragraph = paragraph;
		out->count++;
	}
	(void)kind;
}

void
segment_free(struct unit_list *list)
{
	free(list->unit);
	list->unit = NULL;
	list->count = 0;
}

static const char *const kind_names[] = { "sentence", "line", "paragraph" };

int
segment_kind_from_name(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(kind_names) / sizeof(kind_names[0]); i++)
		if (strcmp(name, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
segment_kind_name(enum segment_kind kind)
{
	return kind_names[kind];
}

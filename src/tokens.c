/* tokens: comparison tokens.  (Minimal first version: whitespace words, linear interning.) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tokens.h"

struct token_table {
	char **text;
	uint32_t *df[2];
	size_t count, cap;
};

struct token_table *
tokens_table_new(void)
{
	return xcalloc(1, sizeof(struct token_table));
}

void
tokens_table_free(struct token_table *table)
{
	size_t i;

	if (table == NULL)
		return;
	for (i = 0; i < table->count; i++)
		free(table->text[i]);
	free(table->text);
	free(table->df[0]);
	free(table->df[1]);
	free(table);
}

size_t
tokens_table_size(const struct token_table *table)
{
	return table->count;
}

const char *
tokens_table_text(const struct token_table *table, uint32_t id)
{
	return table->text[id];
}

uint32_t
tokens_table_intern(struct token_table *table, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < table->count; i++)
		if (strlen(table->text[i]) == n && memcmp(table->text[i], s, n) == 0)
			return (uint32_t)i;
	if (table->count == table->cap) {
		table->cap = table->cap ? table->cap * 2 : 256;
		table->text = xreallocarray(table->text, table->cap, sizeof(char *));
		table->df[0] = xreallocarray(table->df[0], table->cap, sizeof(uint32_t));
		table->df[1] = xreallocarray(table->df[1], table->cap, sizeof(uint32_t));
	}
	table->text[table->count] = xstrndup(s, n);
	table->df[0][table->count] = table->df[1][table->count] = 0;
	return (uint32_t)table->count++;
}

void
tokens_unit(struct token_table *table, const struct text *text,
	    const struct unit *unit, int side, struct token_list *out)
{
	size_t i = unit->offset, end = unit->offset + unit->length, cap = 0;

	out->token = NULL;
	out->count = 0;
	out->hash = 1469598103934665603ull;
	while (i < end) {
		size_t begin;

		while (i < end && strchr(" \t\r\n", text->bytes[i]) != NULL)
			i++;
		begin = i;
		while (i < end && strchr(" \t\r\n", text->bytes[i]) == NULL)
			i++;
		if (begin == i)
			break;
		if (out->count == cap) {
			cap = cap ? cap * 2 : 16;
			out->token = xreallocarray(out->token, cap, sizeof(*out->token));
		}
		out->token[out->count].id = tokens_table_intern(table, text->bytes + begin, i - begin);
		out->token[out->count].offset = begin;
		out->token[out->count].length = i - begin;
		out->hash = (out->hash ^ out->token[out->count].id) * 1099511628211ull;
		out->count++;
	}
	(void)side;
}

uint32_t
tokens_table_df(const struct token_table *table, uint32_t id, int side)
{
	return table->df[side][id];
}

void
tokens_list_free(struct token_list *list)
{
	free(list->token);
	list->token = NULL;
	list->count = 0;
}

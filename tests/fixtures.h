/*
 * fixtures: helpers shared by the cmocka programs (header only).
 */
#ifndef ARTCMP_TEST_FIXTURES_H
#define ARTCMP_TEST_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "align.h"
#include "text.h"

/* A struct text from a C string; the test frees it with text_free(). */
static inline struct text *
fixture_text(const char *name, const char *s)
{
	struct error err = { 0 };
	struct text *text = text_from_memory(name, s, strlen(s), NULL, &err);

	assert_non_null(text);
	return text;
}

#endif

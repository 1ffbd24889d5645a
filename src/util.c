/*
 * util: allocation that dies cleanly, and errors carried up to main.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void (*cleanup_hook)(void);

void
util_set_cleanup(void (*cleanup)(void))
{
	cleanup_hook = cleanup;
}

/*
 * Two threads can run out of memory at once (the sides of a large pair are
 * prepared in two): only the first to get here reports and exits, in one
 * write, so the promised single line never comes out twice or interleaved.
 * The others wait for its exit(); a second call from the dying thread
 * itself (its cleanup hook failing) ends the process at once.
 */
static int dying;
static __thread int dying_here;

void
util_die(const char *fmt, ...)
{
	va_list ap;
	void (*hook)(void);
	char message[512];

	if (__atomic_exchange_n(&dying, 1, __ATOMIC_ACQ_REL)) {
		if (dying_here)
			_exit(2);
		for (;;)
			pause();
	}
	dying_here = 1;
	hook = cleanup_hook;
	/* Restore the terminal first, so the message is readable. */
	cleanup_hook = NULL;
	if (hook != NULL)
		hook();
	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
	fprintf(stderr, "artcmp: %s\n", message);
	exit(2);
}

void *
xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		util_die("out of memory (%zu bytes)", size);
	return p;
}

void *
xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (p == NULL)
		util_die("out of memory (%zu x %zu bytes)", count, size);
	return p;
}

void *
xrealloc(void *ptr, size_t size)
{
	void *p = realloc(ptr, size ? size : 1);

	if (p == NULL)
		util_die("out of memory (%zu bytes)", size);
	return p;
}

void *
xreallocarray(void *ptr, size_t count, size_t size)
{
	if (size != 0 && count > SIZE_MAX / size)
		util_die("out of memory (%zu x %zu bytes)", count, size);
	return xrealloc(ptr, count * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;
	unsigned char *p;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
	/*
	 * Messages quote file names and arguments, which may hold anything: a
	 * control byte (C0, DEL, or C1 encoded in UTF-8) would reach the
	 * terminal through stderr or break the one-line promise.  Show '?'.
	 */
	for (p = (unsigned char *)err->message; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			*p = '?';
		else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			p[0] = p[1] = '?';
	}
	err->set = 1;
}

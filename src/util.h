/*
 * util: the allocation family, the error value carried up to main, and the
 * hook that restores the terminal before a fatal exit.
 *
 * Allocation failure is not an error a caller can mend: x*alloc() print one
 * line, run the cleanup hook (the viewer registers endwin() there) and exit 2.
 * Bad input is different: it is reported through struct error up to main,
 * which prints "artcmp: NAME: problem" and exits 2.
 */
#ifndef ARTCMP_UTIL_H
#define ARTCMP_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* xreallocarray: realloc for count * size with overflow checked. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);

/*
 * A large batch run's memory on huge pages (see util.c): util_heap_huge()
 * once, in the main thread before any other starts, with about the number
 * of bytes the run reads; then util_heap_huge_thread() once, first thing,
 * in each other thread that allocates much: the spare thread of work.h,
 * which runs the batch run's steps (a no-op unless util_heap_huge() ran).
 */
void util_heap_huge(size_t bytes);
void util_heap_huge_thread(void);

/* Called once before a fatal exit (allocation failure, util_die); NULL clears. */
void util_set_cleanup(void (*cleanup)(void));
/* Print "artcmp: message" on stderr, run the cleanup hook, exit 2. */
void util_die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/*
 * An error on its way to main.  message is one line without "artcmp: " and
 * without a trailing newline, for example "wire.txt: binary file".
 */
struct error {
	int set;
	char message[512];
};

void error_set(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

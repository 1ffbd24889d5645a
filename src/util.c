/*
 * util: allocation that dies cleanly, and errors carried up to main.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

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

/*
 * Huge pages for a large batch run.  The first touch of each 4 KB page
 * costs a page fault, about 2 us on a virtual machine: 11 000 faults, a
 * fifth of the CPU time, at 30 000 sentences a side.  On 2 MB transparent
 * huge pages the same memory takes one fault per 2 MB, and the kernel
 * clears each page in one go (16 MB: 1.5 ms instead of 6).  So malloc
 * keeps blocks up to 32 MB in its heaps (a block in an mmap() of its own
 * would be on small pages again) and keeps what is freed, and the heap of
 * each thread that allocates much is grown once by a large block, advised
 * MADV_HUGEPAGE, and freed: the pages are reserved, not touched here, and
 * malloc carves the run's blocks out of them.  Resident memory grows by
 * at most the unused part of each heap's last huge page.  Where THP is
 * off or unknown the advice is ignored, and nothing else changes.
 */
#define UTIL_HUGE_PAGE ((size_t)2 << 20)
/* The largest block malloc will keep in a heap (glibc's cap on M_MMAP_THRESHOLD). */
#define UTIL_HEAP_BLOCK ((size_t)32 << 20)
#define UTIL_HEAP_PIECE (UTIL_HEAP_BLOCK - UTIL_HUGE_PAGE)

/* What util_heap_huge_thread() primes: 0 until util_heap_huge() ran. */
static size_t heap_huge_thread;

/* Grow this thread's heap by about size bytes, advised huge, and give them back. */
static void
heap_prime(size_t size)
{
#ifdef MADV_HUGEPAGE
	void *piece[64];
	size_t n = 0, k;

	while (size > 0 && n < ARRAY_SIZE(piece)) {
		size_t want = size < UTIL_HEAP_PIECE ? size : UTIL_HEAP_PIECE;
		uintptr_t from, to;

		if ((piece[n] = malloc(want)) == NULL)
			break;
		from = ((uintptr_t)piece[n] + UTIL_HUGE_PAGE - 1) & ~(uintptr_t)(UTIL_HUGE_PAGE - 1);
		to = ((uintptr_t)piece[n] + want) & ~(uintptr_t)(UTIL_HUGE_PAGE - 1);
		if (to > from)
			(void)madvise((void *)from, to - from, MADV_HUGEPAGE);
		n++;
		size -= want;
	}
	/* In reverse: each piece joins the free top of the heap. */
	for (k = n; k-- > 0;)
		free(piece[k]);
#else
	(void)size;
#endif
}

void
util_heap_huge(size_t bytes)
{
	size_t most = (size_t)1 << 30;

	if (mallopt(M_MMAP_THRESHOLD, (int)UTIL_HEAP_BLOCK) == 0 ||
	    mallopt(M_TRIM_THRESHOLD, INT_MAX) == 0)
		return;
	/* Room for what a run keeps in its heaps, about: 8 bytes for each
	 * byte read in the main thread's, 4 in the spare thread's (their
	 * blocks stay till the exit). */
	heap_huge_thread = bytes < UTIL_HEAP_PIECE / 4 ? bytes * 4 : UTIL_HEAP_PIECE;
	heap_prime(bytes < most / 8 ? bytes * 8 : most);
}

void
util_heap_huge_thread(void)
{
	if (heap_huge_thread > 0)
		heap_prime(heap_huge_thread);
}

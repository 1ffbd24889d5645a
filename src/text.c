/*
 * text: load an article whole, as UTF-8, refusing what is not text.
 *
 * Idea: read every byte first (a path, or standard input for "-"), then
 * decide what the bytes are, in this order:
 *   1. --encoding given: convert from it with iconv(3) (glibc knows
 *      windows-1252, latin1, UTF-16 and hundreds more); the result is the
 *      text, offsets count into it.
 *   2. a UTF-16 byte-order mark: convert from UTF-16LE or UTF-16BE.
 *   3. otherwise the bytes must be UTF-8; a UTF-8 BOM stays in bytes and
 *      start skips it, so offsets match the file as read.
 * Then a NUL byte means a binary file (as diff says) and invalid UTF-8 is
 * refused with its byte offset and a hint to use --encoding.  We use
 * iconv(3) directly rather than u8_conv_from_encoding() because iconv tells
 * where the conversion failed, which the error message reports.
 *
 * Invariants after a successful load: bytes[length] == '\0'; no NUL in
 * bytes[0 .. length); bytes[0 .. length) is valid UTF-8; length is at most
 * TEXT_MAX_BYTES.  Control characters are kept: the renderers show them.
 *
 * Cost: O(n) time; the file is held once, plus once more while converting.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistr.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "text.h"

/* What error messages call a path: "-" is standard input. */
static const char *
text_label(const char *name)
{
	return strcmp(name, "-") == 0 ? "standard input" : name;
}

static void
text_too_large(const char *name, struct error *err)
{
	error_set(err, "%s: file too large (the limit is %zu MiB)", text_label(name),
		  TEXT_MAX_BYTES / (1024 * 1024));
}

/* An encoding name that means "no conversion": the UTF-8 path handles it. */
static int
text_is_utf8_name(const char *encoding)
{
	return strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0;
}

/*
 * Convert in[0 .. in_length) from encoding to UTF-8 into a fresh
 * NUL-terminated buffer; skip bytes (a BOM) came before in, so that error
 * offsets count from the start of the file.  Returns NULL with err set on an unknown encoding,
 * bytes the encoding does not allow, a truncated final character, or a
 * result over the size limit.
 */
static char *
text_convert(const char *name, const char *encoding, const char *in, size_t in_length,
	     size_t skip, size_t *out_length, struct error *err)
{
	iconv_t cd = iconv_open("UTF-8", encoding);
	char *out, *inp = (char *)in, *outp;
	size_t in_left = in_length, cap, out_left;

	if (cd == (iconv_t)-1) {
		error_set(err, "%s: unknown encoding '%s'", text_label(name), encoding);
		return NULL;
	}
	cap = in_length + in_length / 2 + 16;
	out = xmalloc(cap);
	outp = out;
	out_left = cap - 1;
	while (in_left > 0) {
		size_t done = (size_t)(outp - out);

		if (iconv(cd, &inp, &in_left, &outp, &out_left) != (size_t)-1)
			continue;
		if (errno == E2BIG) {
			done = (size_t)(outp - out);
			if (done > TEXT_MAX_BYTES)
				goto too_large;
			cap = cap * 2;
			out = xrealloc(out, cap);
			outp = out + done;
			out_left = cap - done - 1;
			continue;
		}
		if (errno == EINVAL)
			error_set(err, "%s: incomplete %s character at the end (byte %zu)",
				  text_label(name), encoding, skip + (size_t)(inp - in));
		else
			error_set(err, "%s: not valid %s at byte %zu", text_label(name),
				  encoding, skip + (size_t)(inp - in));
		iconv_close(cd);
		free(out);
		return NULL;
	}
	/* Flush any shift state (stateful encodings such as ISO-2022-JP). */
	while (iconv(cd, NULL, NULL, &outp, &out_left) == (size_t)-1 && errno == E2BIG) {
		size_t done = (size_t)(outp - out);

		cap = cap * 2;
		out = xrealloc(out, cap);
		outp = out + done;
		out_left = cap - done - 1;
	}
	iconv_close(cd);
	*out_length = (size_t)(outp - out);
	if (*out_length > TEXT_MAX_BYTES)
		goto too_large_closed;
	out[*out_length] = '\0';
	return out;
too_large:
	iconv_close(cd);
too_large_closed:
	free(out);
	text_too_large(name, err);
	return NULL;
}

/*
 * The length of the longest prefix of s[0 .. n) that is ASCII, give or take
 * the 8-byte word it ends in: a word at a time, since u8_check() costs
 * several instructions a byte and most articles are mostly ASCII.
 */
static size_t
text_ascii_prefix(const char *s, size_t n)
{
	size_t i = 0;

#ifdef __SSE2__
	/* 32 bytes a step (every x86-64), to the block the first high bit is
	   in: the loop below then finds its word, as it would alone. */
	for (; i + 32 <= n; i += 32) {
		__m128i a = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 16));

		if (_mm_movemask_epi8(_mm_or_si128(a, b)) != 0)
			break;
	}
#endif
	for (; i + 8 <= n; i += 8) {
		uint64_t word;

		memcpy(&word, s + i, 8);
		if (word & 0x8080808080808080ull)
			break;
	}
	return i;
}

/*
 * Take ownership of buf[0 .. length) (NUL-terminated, UTF-8 or not yet
 * checked) and make the struct text, or free buf and set err.
 */
static struct text *
text_adopt(const char *name, char *buf, size_t length, size_t start, struct error *err)
{
	struct text *text;
	const char *nul;
	const uint8_t *bad;
	size_t ascii;

	nul = memchr(buf, '\0', length);
	if (nul != NULL) {
		error_set(err, "%s: binary file (NUL byte at offset %zu)", text_label(name),
			  (size_t)(nul - buf));
		free(buf);
		return NULL;
	}
	/* an ASCII prefix is valid UTF-8: u8_check() starts after it */
	ascii = text_ascii_prefix(buf, length);
	bad = u8_check((const uint8_t *)buf + ascii, length - ascii);
	if (bad != NULL) {
		error_set(err, "%s: invalid UTF-8 at byte %zu; if it is not UTF-8, give its "
			  "encoding with --encoding (for example --encoding=windows-1252)",
			  text_label(name), (size_t)(bad - (const uint8_t *)buf));
		free(buf);
		return NULL;
	}
	text = xcalloc(1, sizeof(*text));
	text->name = xstrdup(name);
	text->bytes = buf;
	text->length = length;
	text->start = start;
	return text;
}

/*
 * The checks shared by text_from_memory() and text_load().  owned is NULL,
 * or bytes itself as a malloc'd buffer with room for one more byte, which is
 * then adopted (freed on failure) instead of copied: a 50 MB article is not
 * held twice.
 */
static struct text *
text_make(const char *name, const char *bytes, size_t length, const char *encoding,
	  char *owned, struct error *err)
{
	const unsigned char *u = (const unsigned char *)bytes;
	const char *from = NULL;
	size_t skip = 0, out_length;
	char *buf;

	if (length > TEXT_MAX_BYTES) {
		text_too_large(name, err);
		free(owned);
		return NULL;
	}
	if (encoding != NULL && *encoding != '\0' && !text_is_utf8_name(encoding)) {
		from = encoding;
	} else if (length >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		from = "UTF-16LE";
		skip = 2;
	} else if (length >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		from = "UTF-16BE";
		skip = 2;
	}
	if (from != NULL) {
		buf = text_convert(name, from, bytes + skip, length - skip, skip, &out_length,
				   err);
		free(owned);
		if (buf == NULL)
			return NULL;
		/* A converted text may still open with U+FEFF: skip it as a BOM. */
		return text_adopt(name, buf, out_length,
				  out_length >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0,
				  err);
	}
	if (owned != NULL) {
		buf = owned;
	} else {
		buf = xmalloc(length + 1);
		memcpy(buf, bytes, length);
	}
	buf[length] = '\0';
	return text_adopt(name, buf, length,
			  length >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0, err);
}

struct text *
text_from_memory(const char *name, const char *bytes, size_t length,
		 const char *encoding, struct error *err)
{
	return text_make(name, bytes, length, encoding, NULL, err);
}

/*
 * Read fd to its end into a fresh buffer.  Returns NULL with err set on a
 * read error or when the input passes TEXT_MAX_BYTES (checked while reading,
 * so an endless pipe is not read forever).
 */
/*
 * A buffer for a large file is made present in one call before read()
 * fills it: the kernel then maps its pages in a batch instead of taking a
 * fault every 4 KB of the copy (measured about 40% cheaper).  Only a hint:
 * a kernel without MADV_POPULATE_WRITE (before Linux 5.14) says EINVAL
 * and the faults happen as before.
 */
#define TEXT_POPULATE_BYTES (256 * 1024)

static void
text_populate(char *buf, size_t size)
{
#ifdef MADV_POPULATE_WRITE
	uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
	uintptr_t from = ((uintptr_t)buf + page - 1) & ~(page - 1);
	uintptr_t to = ((uintptr_t)buf + size) & ~(page - 1);

	if (size >= TEXT_POPULATE_BYTES && to > from)
		(void)madvise((void *)from, to - from, MADV_POPULATE_WRITE);
#else
	(void)buf;
	(void)size;
#endif
}

static char *
text_read_all(int fd, const char *name, size_t size_hint, size_t *length,
	      struct error *err)
{
	size_t cap = size_hint + 2 > 65536 ? size_hint + 2 : 65536, len = 0;
	char *buf = xmalloc(cap);

	text_populate(buf, cap);

	for (;;) {
		ssize_t n;

		if (cap - len < 2) {	/* keep a byte for the final NUL */
			if (len > TEXT_MAX_BYTES) {
				free(buf);
				text_too_large(name, err);
				return NULL;
			}
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		n = read(fd, buf + len, cap - len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			error_set(err, "%s: %s", text_label(name),
				  errno == EISDIR ? "is a directory" : strerror(errno));
			free(buf);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > TEXT_MAX_BYTES) {
		free(buf);
		text_too_large(name, err);
		return NULL;
	}
	*length = len;
	return buf;
}

struct text *
text_load(const char *path, const char *encoding, struct error *err)
{
	int fd, is_stdin = strcmp(path, "-") == 0;
	struct stat st;
	size_t length, hint = 0;
	char *buf;

	if (is_stdin) {
		fd = STDIN_FILENO;
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			error_set(err, "%s: %s", path,
				  errno == EISDIR ? "is a directory" : strerror(errno));
			return NULL;
		}
	}
	if (fstat(fd, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			error_set(err, "%s: is a directory", text_label(path));
			if (!is_stdin)
				close(fd);
			return NULL;
		}
		if (S_ISREG(st.st_mode)) {
			if ((uintmax_t)st.st_size > TEXT_MAX_BYTES) {
				text_too_large(path, err);
				if (!is_stdin)
					close(fd);
				return NULL;
			}
			hint = (size_t)st.st_size;
		}
	}
	buf = text_read_all(fd, path, hint, &length, err);
	if (!is_stdin)
		close(fd);
	if (buf == NULL)
		return NULL;
	return text_make(path, buf, length, encoding, buf, err);
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

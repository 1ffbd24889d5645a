/*
 * artcmp: compare two versions of an article side by side.
 *
 * main: options in, exit status out; nothing else.  Exit status as diff:
 * 0 no differences, 1 differences, 2 trouble.
 *
 * Output errors.  A full disk or any other failed write is trouble: one line
 * "artcmp: write error: REASON" and exit 2, so a script never takes a cut
 * report for a whole one.  A closed pipe is not trouble: the reader has all
 * it wanted ("artcmp a b | head").  We restore SIGPIPE's default action
 * (and unblock it) at start, so such a write ends the process at once and
 * silently, as it does cat, diff and every filter a shell user knows, and
 * the shell sees the usual 128+13 status; the work already done is not
 * wasted on formatting output nobody reads.  EPIPE can then only reach us if
 * the signal could not be delivered; it is handled the same way: quietly,
 * exit 2.  The viewer writes to the terminal, never to a pipe.
 */
#include "config.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "align.h"
#include "options.h"
#include "render.h"
#include "text.h"
#include "tui.h"
#include "util.h"
#include "work.h"

enum output_state {
	OUTPUT_OK,
	OUTPUT_FAILED,		/* reported on stderr */
	OUTPUT_PIPE_CLOSED	/* quiet */
};

/*
 * Flush standard output and report how it went; see the top of this file.
 * earlier_errno is the errno of a write that already failed, or 0.
 */
static enum output_state
output_finish(int earlier_errno)
{
	errno = 0;
	if (fflush(stdout) == 0) {
		if (!ferror(stdout))
			return OUTPUT_OK;
		errno = earlier_errno;
	}
	if (errno == EPIPE)
		return OUTPUT_PIPE_CLOSED;
	fprintf(stderr, "artcmp: write error: %s\n",
		errno != 0 ? strerror(errno) : "unknown error");
	return OUTPUT_FAILED;
}

static int
locale_is_utf8(void)
{
	const char *codeset = nl_langinfo(CODESET);

	return codeset != NULL && (strcmp(codeset, "UTF-8") == 0 || strcmp(codeset, "utf8") == 0);
}

/* --width, else COLUMNS, else the terminal's width, else 160. */
static unsigned
output_width(const struct options *options)
{
	const char *columns = getenv("COLUMNS");
	struct winsize ws;
	long value;
	char *end;

	if (options->width > 0)
		return options->width;
	if (columns != NULL && *columns != '\0') {
		errno = 0;
		value = strtol(columns, &end, 10);
		if (errno == 0 && *end == '\0' && value >= OPTIONS_WIDTH_MIN &&
		    value <= OPTIONS_WIDTH_MAX)
			return (unsigned)value;
	}
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= OPTIONS_WIDTH_MIN)
		return ws.ws_col;
	return 160;
}

static void
signals_init(void)
{
	sigset_t set;

	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, SIGPIPE);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

static void
render_options_of(const struct options *options, struct render_options *render)
{
	render->name[0] = options->label[0] != NULL ? options->label[0] : options->path[0];
	render->name[1] = options->label[1] != NULL ? options->label[1] : options->path[1];
	render->width = output_width(options);
	render->ascii = !locale_is_utf8();
	render->color = options->color == OPTIONS_COLOR_ALWAYS ||
		(options->color == OPTIONS_COLOR_AUTO && isatty(STDOUT_FILENO) &&
		 getenv("NO_COLOR") == NULL);
}

/*
 * Write the comparison in the chosen batch format; -1 on a write error.
 * sides: the JSON of the sides begun while aligning, or NULL.
 */
static int
render(const struct comparison *cmp, const struct options *options,
       enum options_format format, struct render_json_sides *sides)
{
	struct render_options render;

	render_options_of(options, &render);
	if (options->stat)
		return render_stat(stdout, cmp, &render);
	if (format == OPTIONS_FORMAT_JSON)
		return render_json_end(stdout, cmp, &render, sides);
	return render_text(stdout, cmp, &render);
}

/*
 * Two large files are read at once, the right one in a second thread: a
 * few milliseconds of reading and UTF-8 checking at 30 000 sentences.
 * Small files and standard input are read here, one after the other.
 */
#define LOAD_THREAD_BYTES (256 * 1024)

struct load_job {
	const char *path, *encoding;
	struct text *text;
	struct error err;
};

static void *
load_run(void *arg)
{
	struct load_job *job = arg;

	job->text = text_load(job->path, job->encoding, &job->err);
	return NULL;
}

/* The size of a file that is worth a thread of its own, else 0. */
static size_t
load_large(const char *path)
{
	struct stat st;

	return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	       st.st_size >= LOAD_THREAD_BYTES ? (size_t)st.st_size : 0;
}

/*
 * For large inputs, malloc grows its heaps 16 MB at a time instead of by
 * what each request needs.  The threads' arenas otherwise grow a page or
 * so per allocation, each time by an mprotect() that takes the address
 * space lock the other threads' page faults wait on: 2 600 calls at 30 000
 * sentences a side, and 70 brk() for the main one.  Address space only:
 * the pages are touched, and counted, as before.  (A larger mmap threshold,
 * a trim threshold and one arena gained nothing more on their own; with
 * huge pages, in a batch run, the first two do: see util_heap_huge().)
 */
#define LOAD_TOP_PAD (16 * 1024 * 1024)

static void
malloc_tune(void)
{
	mallopt(M_TOP_PAD, LOAD_TOP_PAD);
}

/*
 * How a run with two large files uses the machine: a batch run (one that
 * ends when its output is written, not the viewer) hands its steps to the
 * spare thread (work.h); JSON and --stat also put the heaps on huge pages
 * (util_heap_huge()).  Text output keeps small pages: it gained no time
 * there and took a quarter more memory (two 50 MB articles: 1.27 GB
 * instead of 0.99), the laid-out rows leaving large freed blocks behind.
 */
enum load_mode {
	LOAD_VIEWER,
	LOAD_BATCH,
	LOAD_BATCH_HUGE
};

/* Load both articles into text[]; on failure 0, err naming the first that failed. */
static int
load_texts(const struct options *options, enum load_mode mode, struct text *text[2],
	   struct error *err)
{
	struct load_job job;
	struct work thread;
	size_t size[2];
	int threaded = 0;

	memset(&job, 0, sizeof(job));
	job.path = options->path[1];
	job.encoding = options->encoding;
	size[0] = load_large(options->path[0]);
	size[1] = load_large(options->path[1]);
	if (size[0] > 0 && size[1] > 0) {
		malloc_tune();
		if (mode == LOAD_BATCH_HUGE)
			util_heap_huge(size[0] + size[1]);
		if (mode != LOAD_VIEWER)
			work_spare_begin();
		threaded = work_start(&thread, load_run, &job, WORK_QUEUED);
	}
	text[0] = text_load(options->path[0], options->encoding, err);
	if (threaded) {
		work_join(&thread);
	} else if (text[0] != NULL) {
		load_run(&job);
	}
	text[1] = job.text;
	if (text[0] != NULL && text[1] == NULL)
		*err = job.err;
	if (text[0] == NULL || text[1] == NULL) {
		text_free(text[0]);
		text_free(text[1]);
		text[0] = text[1] = NULL;
		return 0;
	}
	return 1;
}

/* The JSON of the sides in another thread, after the alignment's indexes. */
static void
json_sides_start(void *sides)
{
	render_json_sides_start(sides);
}

/*
 * What a batch run leaves to the exit to free; see the end of main().
 * volatile: stores the compiler would otherwise drop as never read, and
 * then LeakSanitizer and valgrind would call the memory lost.
 */
static struct {
	struct comparison *volatile cmp;
	struct text *volatile text[2];
} kept;

int
main(int argc, char **argv)
{
	struct options options;
	struct error err = { 0 };
	struct text *text[2] = { NULL, NULL };
	struct comparison *cmp;
	struct render_json_sides *sides = NULL;
	enum options_format format;
	int status;

	setlocale(LC_ALL, "");
	/*
	 * Numbers in every output (JSON scores, --stat shares) and in
	 * --threshold use a dot whatever the user's locale: JSON requires it
	 * and scripts expect it.
	 */
	setlocale(LC_NUMERIC, "C");
	signals_init();

	switch (options_parse(argc, argv, &options, &err)) {
	case OPTIONS_EXIT:
		return output_finish(0) == OUTPUT_OK ? 0 : 2;
	case OPTIONS_ERROR:
		fprintf(stderr, "artcmp: %s\n", err.message);
		fprintf(stderr, "Try 'artcmp --help' for more information.\n");
		return 2;
	case OPTIONS_OK:
		break;
	}

	/*
	 * The viewer whenever standard output is a terminal, even when an
	 * article came on standard input: the viewer then reads keys from
	 * /dev/tty, as less does.
	 */
	format = options.format;
	if (format == OPTIONS_FORMAT_AUTO)
		format = !options.stat && isatty(STDOUT_FILENO) ?
			OPTIONS_FORMAT_TUI : OPTIONS_FORMAT_TEXT;

	if (!load_texts(&options, format == OPTIONS_FORMAT_JSON || options.stat ? LOAD_BATCH_HUGE :
			format == OPTIONS_FORMAT_TEXT ? LOAD_BATCH : LOAD_VIEWER, text, &err)) {
		fprintf(stderr, "artcmp: %s\n", err.message);
		return 2;
	}

	if (format == OPTIONS_FORMAT_JSON && !options.stat) {
		/*
		 * The JSON of the sides needs no alignment: when large, another
		 * thread writes it to standard output while we align, after
		 * the alignment's indexes (the first thing it waits for).  (Should
		 * memory run out while aligning, the output is cut short, but
		 * the exit status is 2 and stderr says so, as always.)
		 */
		struct render_options render;

		render_options_of(&options, &render);
		cmp = comparison_prepare(text[0], text[1], options.unit, &options.align);
		sides = render_json_begin(stdout, cmp, &render);
		align_run_keep_beside(cmp, json_sides_start, sides);
	} else if (format != OPTIONS_FORMAT_TUI || options.stat) {
		/* A batch run: its alignment's scratch goes with the exit. */
		cmp = comparison_prepare(text[0], text[1], options.unit, &options.align);
		align_run_keep(cmp);
	} else {
		cmp = comparison_new(text[0], text[1], options.unit, &options.align);
	}

	status = 0;
	if (format == OPTIONS_FORMAT_TUI && !options.stat) {
		if (tui_run(cmp, &options, &err) != 0) {
			fprintf(stderr, "artcmp: %s\n", err.message);
			status = 2;
		}
	} else {
		/* A failed write is reported once, by output_finish(). */
		int write_errno = render(cmp, &options, format, sides) != 0 ? errno : 0;

		if (output_finish(write_errno) != OUTPUT_OK)
			status = 2;
	}
	/* After the viewer: + and - may have re-aligned. */
	if (status == 0)
		status = align_identical(cmp) ? 0 : 1;

	if (format != OPTIONS_FORMAT_TUI || options.stat) {
		/*
		 * A batch run ends here: the exit frees all of it at once,
		 * where freeing it block by block took 4 ms at 30 000
		 * sentences.  Kept where a leak checker sees it still in use.
		 */
		kept.cmp = cmp;
		kept.text[0] = text[0];
		kept.text[1] = text[1];
		return status;
	}
	comparison_free(cmp);
	text_free(text[0]);
	text_free(text[1]);
	return status;
}

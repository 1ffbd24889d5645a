/*
 * tui: the ncurses viewer.  Only tui*.c include <curses.h>.
 *
 * tui_run() takes over the terminal, shows cmp until the user quits and
 * restores the terminal on every way out (q, Ctrl-C, SIGTERM, SIGHUP, a
 * fatal error).  It may re-align cmp (+ and - change the threshold).
 * Returns 0, or -1 with err set (no usable terminal: TERM unset, dumb or
 * unknown), before anything is drawn.
 */
#ifndef ARTCMP_TUI_H
#define ARTCMP_TUI_H

#include "align.h"
#include "options.h"
#include "util.h"

int tui_run(struct comparison *cmp, const struct options *options, struct error *err);

#endif

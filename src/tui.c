/* tui: the viewer.  (Stub.) */
#include "config.h"

#include <curses.h>

#include "tui.h"

int
tui_run(struct comparison *cmp, const struct options *options, struct error *err)
{
	error_set(err, "the viewer is not built yet; use --format=text");
	return -1;
}

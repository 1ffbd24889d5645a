/* layout: see layout.h.  (Stub.) */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "layout.h"

void
layout_build(const struct comparison *cmp, const struct layout_options *options,
	     struct layout *out)
{
	memset(out, 0, sizeof(*out));
}

void
layout_free(struct layout *layout)
{
	free(layout->row);
	free(layout->piece);
	free(layout->chars);
	free(layout->diff_row);
	free(layout->diff_entry);
	free(layout->entry_row);
	free(layout->moved_away_row);
	memset(layout, 0, sizeof(*layout));
}

unsigned
layout_width(const char *s, size_t length)
{
	return (unsigned)length;
}

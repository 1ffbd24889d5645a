/* tui-draw: (stub; see tui.h) */
#ifndef ARTCMP_TUI_DRAW_H
#define ARTCMP_TUI_DRAW_H
#endif

/* tui-theme: (stub; see tui.h) */
#ifndef ARTCMP_TUI_THEME_H
#define ARTCMP_TUI_THEME_H
#endif

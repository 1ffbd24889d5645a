/* tui-keys: (stub; see tui.h) */
#ifndef ARTCMP_TUI_KEYS_H
#define ARTCMP_TUI_KEYS_H
#endif

/* tui-theme: (stub) */
#include "config.h"

#include <curses.h>

#include "tui-theme.h"

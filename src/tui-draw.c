/* tui-draw: (stub) */
#include "config.h"

#include <curses.h>

#include "tui-draw.h"

/* tui-keys: (stub) */
#include "config.h"

#include <curses.h>

#include "tui-keys.h"

#!/bin/sh
# tui: placeholder
exit 77

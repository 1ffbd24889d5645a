#!/bin/sh
# bad-input: placeholder
exit 77

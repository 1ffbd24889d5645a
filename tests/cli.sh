#!/bin/sh
# cli: placeholder
exit 77

#!/bin/sh
# golden: placeholder
exit 77

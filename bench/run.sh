#!/bin/sh
# run.sh: the benchmark driver (make bench).  (Stub.)
echo "no benchmarks yet"

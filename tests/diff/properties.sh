#!/bin/sh
# Property tests: outputs that must not change when the weights are scaled
# or the rows permuted, and unweighted quantiles three ways.
# Usage: sh tests/diff/properties.sh [PATH/TO/sicalc]     (default ./sicalc)
#
# tests/diff/properties.py does the work (see its docstring) on
# tests/diff/gen.py's data with tests/diff/properties.si:
#   (a) weights x 4 and x 0.25: byte-identical output; x 3: values within
#       1e-12 relative;
#   (b) 5 permutations of the rows: byte-identical output;
#   (c) median(x) without weights == median(x weighted by 1), byte for
#       byte, and == R laeken::weightedQuantile without weights (that part
#       is skipped, with a SKIP line, when R and laeken are not available
#       after trying tests/install-deps.sh; under CI, CI=true, a missing R
#       is a failure instead).
# Prints 'ok ...' / 'FAIL ...: detail' lines, then 'N passed, N failed';
# exits 1 on any failure.
. "$(dirname "$0")/lib.sh"
[ -x "$bin" ] || fail "sicalc runs: no executable at $bin"
r=--r
if ! try_r laeken; then
  [ "${CI:-}" = true ] && fail "setup: R laeken not available, required when CI=true"
  r=--no-r
fi
python3 "$here/properties.py" "$bin" "$r"

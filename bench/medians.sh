#!/bin/sh
# medians.sh N — a catalogue of N order statistics for `make bench`'s
# memory cases (over workload_single.si's dataset): weighted quantiles of
# income, each over one cell of 20 age bands (and, past 100 indicators,
# of the 5 activities too) at its own level p, by municipality, sex and
# municipality × sex. A record feeds N/20 (N/100) of them, and each keeps
# its values in ~2,200 groups: 60 over 5M rows and 5,000 over 300k rows
# are issue 19's cases, to run within the memory budget (--memory-limit).
set -eu
n=${1:?usage: medians.sh N}
echo 'use "workload_single.si"'
awk -v n="$n" 'BEGIN {
  split("employed unemployed inactive student retired", act, " ")
  cells = n <= 100 ? 20 : 100
  for (k = 0; k < n; k++) {
    c = k % cells; band = c % 20
    p = 0.5 + (int(k / cells) % 2 ? 1 : -1) * int((int(k / cells) + 1) / 2) / (n / cells + 2)
    where = sprintf("age in %d..%d", band * 5, band * 5 + 4)
    if (cells == 100)
      where = where sprintf(" and activity == \"%s\"", act[int(c / 20) + 1])
    printf "indicator m%d {\n  value quantile(income, %.6f where %s)\n  by municipality, sex, municipality * sex\n}\n", k, p, where
  }
}'

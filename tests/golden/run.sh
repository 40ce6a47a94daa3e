#!/bin/sh
# Golden tests. Each case NAME has NAME.cmd (the arguments to sicalc, one
# line, run in this folder) and any of: NAME.out (expected stdout),
# NAME.err (expected stderr), NAME.status (expected exit status, default 0).
# Without NAME.err the standard error must be empty: an unexpected warning
# fails the case (add the .err it really prints once you have read it).
# Usage: run.sh PATH/TO/sicalc [--update]
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
update=$2
cd "$(dirname "$0")" || exit 2
pass=0
fail=0
out=$(mktemp); err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
for cmd in *.cmd; do
  name=${cmd%.cmd}
  eval "set -- $(cat "$cmd")"
  "$bin" "$@" >"$out" 2>"$err" </dev/null
  status=$?
  want=0
  [ -f "$name.status" ] && want=$(cat "$name.status")
  if [ "$update" = --update ]; then
    cp "$out" "$name.out"
    if [ -s "$err" ]; then cp "$err" "$name.err"; else rm -f "$name.err"; fi
    [ "$status" -ne 0 ] && echo "$status" > "$name.status"
    [ "$status" -eq 0 ] && rm -f "$name.status"
    continue
  fi
  why=""
  [ "$status" -eq "$want" ] || why="exit status $status, expected $want"
  if [ -f "$name.out" ] && ! cmp -s "$out" "$name.out"; then
    why="$why; stdout differs: $(diff "$name.out" "$out" | head -5 | tr '\n' ' ')"
  fi
  if [ -f "$name.err" ]; then
    if ! cmp -s "$err" "$name.err"; then
      why="$why; stderr differs: $(diff "$name.err" "$err" | head -5 | tr '\n' ' ')"
    fi
  elif [ -s "$err" ]; then
    why="$why; unexpected stderr (no $name.err): $(head -3 "$err" | tr '\n' ' ')"
  fi
  if [ ! -f "$name.out" ] && [ ! -f "$name.err" ]; then
    why="$why; no expected output recorded"
  fi
  if [ -z "$why" ]; then
    pass=$((pass + 1)); echo "ok   $name"
  else
    fail=$((fail + 1)); echo "FAIL $name: ${why#; }"
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# Embeds stdlib/*.si as C string literals: { "name", "text" } pairs,
# so the binary needs no stdlib path at run time.
for f in "$@"; do
  name=$(basename "$f" .si)
  printf '{"%s",\n' "$name"
  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$/\\n"/' "$f"
  printf '},\n'
done

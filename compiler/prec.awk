# prec.awk — the grammar with its precedence declarations expanded from
# the LEVEL lines of prec.def, in place of parser.y's PRECEDENCE line:
#   awk -f prec.awk prec.def parser.y > build/gen/parser.y
FNR == NR {
  if ($0 ~ /^LEVEL\(/) {
    s = $0
    sub(/^LEVEL\([A-Z_]+, */, "", s)
    assoc = s
    sub(/,.*/, "", assoc)
    sub(/^[a-z]+, */, "", s)
    sub(/\)[ \t]*$/, "", s)
    decls = decls "%" assoc " " s "\n"
  }
  next
}
/^\/\* PRECEDENCE/ {
  print
  printf "%s", decls
  done = 1
  next
}
{ print }
END {
  if (!done || decls == "") {
    print "prec.awk: no PRECEDENCE line in the grammar or no LEVEL in prec.def" > "/dev/stderr"
    exit 1
  }
}

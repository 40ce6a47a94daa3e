# env.sh — sourced by run.sh (its scratch folder, t.si, ok.csv, expect,
# ok, bad): faults of the environment rather than of the input. A git
# tree with ".." entries, signals and `ulimit -f` during a write, paths
# that cannot be written, an unusable temporary folder. Each case: a
# clear message, the documented exit status, no temporary left, nothing
# outside the named output changed (docs/ROBUSTNESS.md, "Environment
# faults"). SICALC_TEST_PAUSE=write (runtime/tmpfiles.h, for tests only)
# holds sicalc still while its temporary output exists, so signals land
# there.

# no_temps DIR NAME: passes when DIR holds no sicalc temporary.
no_temps() {
  left=$(ls -a "$1" | grep -E '^\..*\.[A-Za-z0-9]{6}$|^sicalc-' | tr '\n' ' ')
  if [ -z "$left" ]; then ok "$2"; else bad "$2" "left: $left"; fi
}

# ---------------------------------------------------------------- diff

# A crafted branch whose tree nests folders named ".." (git mktree):
# extracting sub/../../../victim/x.si under $TMPDIR/sicalc-diff-XXXXXX
# would overwrite $tmp/victim/x.si. The revision is refused instead.
if command -v git >/dev/null 2>&1; then
  mkdir -p victim dtmp evilrepo
  printf 'const keep = 1\n' > victim/x.si
  (
    cd evilrepo &&
      git init -q . && git config user.email t@t && git config user.name t &&
      printf 'const a = 1\n' > a.si && git add a.si && git commit -qm one &&
      b=$(printf 'const pwned = 1\n' | git hash-object -w --stdin) &&
      t=$(printf '100644 blob %s\tx.si\n' "$b" | git mktree) &&
      t=$(printf '040000 tree %s\tvictim\n' "$t" | git mktree) &&
      for i in 1 2 3; do t=$(printf '040000 tree %s\t..\n' "$t" | git mktree); done &&
      t=$(printf '100644 blob %s\ta.si\n040000 tree %s\tsub\n' "$(git rev-parse HEAD:a.si)" "$t" | git mktree) &&
      git branch evil "$(git commit-tree "$t" -p HEAD -m evil)"
  ) >/dev/null 2>&1
  (cd evilrepo && TMPDIR=$tmp/dtmp "$bin" diff HEAD evil >../out 2>../err </dev/null)
  st=$?
  if [ "$st" -eq 2 ] && grep -q "error: evil holds a file named 'sub/\.\./\.\./\.\./victim/x.si'" err; then
    ok diff_tree_dotdot_refused
  else
    bad diff_tree_dotdot_refused "exit $st: $(head -c 200 err)"
  fi
  if [ "$(cat victim/x.si)" = 'const keep = 1' ] && [ -z "$(ls -A dtmp)" ]; then
    ok diff_tree_dotdot_outside_untouched
  else
    bad diff_tree_dotdot_outside_untouched "victim: $(cat victim/x.si); dtmp: $(ls -A dtmp | tr '\n' ' ')"
  fi
  # A revision is read into memory: no temporary folder is needed, so
  # an unusable TMPDIR changes nothing (was: "cannot create a temporary
  # folder"), and a `use` between its files still resolves.
  (
    cd evilrepo && mkdir -p lib && printf 'const base = 2\n' > lib/base.si &&
      printf 'use "base.si"\nconst twice = base * 2\n' > lib/top.si &&
      git add lib && git commit -qm two
  ) >/dev/null 2>&1
  (cd evilrepo && TMPDIR=$tmp/nowhere "$bin" diff HEAD~1 HEAD >../out 2>../err </dev/null)
  st=$?
  if [ "$st" -eq 1 ] && grep -q 'added const twice' out && [ ! -e nowhere ]; then
    ok diff_revision_in_memory
  else
    bad diff_revision_in_memory "exit $st: $(head -c 200 err)"
  fi
  # A `use` that climbs out of the revision's catalogue root is refused.
  (
    cd evilrepo && printf 'use "../a.si"\nconst c = 1\n' > lib/up.si &&
      git add lib && git commit -qm three
  ) >/dev/null 2>&1
  (cd evilrepo && "$bin" diff HEAD~1 HEAD:lib >../out 2>../err </dev/null)
  st=$?
  if [ "$st" -eq 2 ] && grep -q "'../a.si' is outside the catalogue root" err; then
    ok diff_revision_use_outside_root
  else
    bad diff_revision_use_outside_root "exit $st: $(head -c 300 err)"
  fi
else
  echo "skip diff_tree_dotdot_refused: no git"
fi

# ---------------------------------------------------------------- signals

# SIGTERM, SIGINT, SIGHUP while -o's temporary exists: it is removed, the
# previous output stays, the status names the signal (128 + N).
for sig in TERM:143 INT:130 HUP:129; do
  name=${sig%:*} want=${sig#*:}
  printf 'old\n' > prev.csv
  SICALC_TEST_PAUSE=write timeout --preserve-status -s "$name" 1 "$bin" t.si ok.csv -o prev.csv >/dev/null 2>err </dev/null
  st=$?
  if [ "$st" -eq "$want" ] && [ "$(cat prev.csv)" = old ] && ! ls -a | grep -q '^\.prev\.csv\.'; then
    ok "out_sig$(echo "$name" | tr A-Z a-z)_no_temp_left"
  else
    bad "out_sig$(echo "$name" | tr A-Z a-z)_no_temp_left" "exit $st, want $want; $(ls -a | grep '^\.prev' | tr '\n' ' ')"
  fi
done

# `ulimit -f`: a write error (EFBIG) with a message and exit 1, not a
# silent death by SIGXFSZ; the previous file stays, no temporary left.
awk 'BEGIN { print "year,g,x"; for (i = 0; i < 2000; i++) print "2020,g" i "," i }' > many.csv
printf 'old\n' > big.csv
(ulimit -f 8 && "$bin" t.si many.csv -o big.csv >/dev/null 2>err </dev/null)
st=$?
if [ "$st" -eq 1 ] && grep -q "cannot write 'big.csv': file too large: the file size limit (ulimit -f) was reached" err &&
  [ "$(cat big.csv)" = old ] && ! ls -a | grep -q '^\.big\.csv\.'; then
  ok out_ulimit_f_reported
else
  bad out_ulimit_f_reported "exit $st: $(head -c 200 err); $(cat big.csv | head -c 20)"
fi

# The same on standard output redirected to a file.
(ulimit -f 8 && "$bin" t.si many.csv >big2.csv 2>err </dev/null)
st=$?
if [ "$st" -eq 1 ] && grep -q "error: writing the output: File too large" err; then
  ok out_stdout_ulimit_f_reported
else
  bad out_stdout_ulimit_f_reported "exit $st: $(head -c 200 err)"
fi

# ---------------------------------------------------------------- paths

expect out_dot_names_folder 1 "cannot write '\.': it names a folder; give a file name" t.si ok.csv -o .
long=$(rep 250 a)
expect out_name_250_bytes 1 "file name too long: 250 bytes, and the temporary file written beside it first .* use a name of at most 247 bytes" t.si ok.csv -o "$long"
expect out_name_256_bytes 1 "file name too long: a name in it is 256 bytes; the limit is 255 bytes per name" t.si ok.csv -o "$(rep 256 b)"
# A writable file in a folder that is not: the replacement needs a new
# file beside it. As root (chmod does not stop root), in unshare -m: the
# folder bind-mounted read-only, the file bind-mounted writable over it.
mkdir -p rodir
printf 'old\n' > rodir/f.csv
printf 'old\n' > rwfile.csv
ro_msg="the folder 'rodir' (is not writable|is on a read-only file system): the file itself may be written, but it is replaced atomically by a new file created beside it"
if [ "$(id -u)" -ne 0 ]; then
  chmod 555 rodir
  expect out_readonly_folder 1 "$ro_msg" t.si ok.csv -o rodir/f.csv
  chmod 755 rodir
elif unshare -m sh -c 'mount --bind -o ro rodir rodir' 2>/dev/null; then
  unshare -m sh -c 'mount --bind -o ro rodir rodir && mount --bind rwfile.csv rodir/f.csv && exec "$1" t.si ok.csv -o rodir/f.csv' sh "$bin" >out 2>err </dev/null
  st=$?
  if [ "$st" -eq 1 ] && grep -qE "$ro_msg" err; then
    ok out_readonly_folder
  else
    bad out_readonly_folder "exit $st: $(head -c 300 err)"
  fi
else
  echo "skip out_readonly_folder: root without unshare -m"
fi
if [ "$(cat rodir/f.csv)" = old ] && [ "$(cat rwfile.csv)" = old ]; then
  ok out_readonly_folder_untouched
else
  bad out_readonly_folder_untouched "$(head -c 40 rodir/f.csv)"
fi

# -o /proc/self/fd/1 is the descriptor itself, like /dev/stdout: into a
# pipe, and appended to a file opened with >> (was: the file replaced,
# its earlier lines lost).
"$bin" t.si ok.csv -o /proc/self/fd/1 </dev/null 2>err | cat > piped.csv
if grep -q '^total,2020,a' piped.csv && [ ! -s err ]; then ok out_proc_self_fd1_pipe; else bad out_proc_self_fd1_pipe "$(head -c 200 err)"; fi
printf 'first\n' > log.csv
"$bin" t.si ok.csv -o /proc/self/fd/1 </dev/null 2>err >> log.csv
if [ "$(head -n 1 log.csv)" = first ] && grep -q '^total,2020,a' log.csv; then
  ok out_proc_self_fd1_append
else
  bad out_proc_self_fd1_append "$(head -c 80 log.csv | tr '\n' ' ')"
fi

# fmt -w and doc -o refuse what -o refuses.
printf 'const   d=1\n' > fmtreal.si
ln -s fmtgone.si fmtdangling.si
expect fmt_w_dangling_symlink_refused 2 "cannot read 'fmtdangling.si': No such file or directory" fmt -w fmtdangling.si
printf 'old\n' > dochard.md
ln dochard.md dochard2.md
expect doc_o_hard_link_refused 1 "cannot write 'dochard.md': it has 2 hard links" doc t.si -o dochard.md
expect doc_o_dot_names_folder 1 "cannot write '\.': it names a folder" doc t.si -o .

no_temps . env_no_temp_left

# ---------------------------------------------------------------- test

# `sicalc test` makes its tables in $TMPDIR (was: always /tmp); when no
# folder can be made there it says so (was: a crash with /tmp read-only).
cp "$root/tests/golden/test_blocks_pass.si" tb.si
mkdir -p ttmp
TMPDIR=$tmp/ttmp "$bin" test tb.si >out 2>err </dev/null
st=$?
if [ "$st" -eq 0 ] && [ -z "$(ls -A ttmp)" ]; then ok test_tmpdir_honoured; else bad test_tmpdir_honoured "exit $st: $(head -c 200 err)"; fi
TMPDIR=$tmp/nowhere "$bin" test tb.si >out 2>err </dev/null
st=$?
if [ "$st" -eq 1 ] && grep -qF "cannot create a temporary folder in '$tmp/nowhere' for the tables of test 'small': No such file or directory (set TMPDIR to a writable folder)" err; then
  ok test_tmpdir_missing
else
  bad test_tmpdir_missing "exit $st: $(head -c 200 err)"
fi
if [ "$(id -u)" -eq 0 ] && unshare -m sh -c 'mount --bind -o ro /tmp /tmp' 2>/dev/null; then
  unshare -m sh -c 'mount --bind -o ro /tmp /tmp && TMPDIR= exec "$1" test tb.si' sh "$bin" >out 2>err </dev/null
  st=$?
  if [ "$st" -eq 1 ] && grep -q "cannot create a temporary folder in '/tmp' .*Read-only file system" err; then
    ok test_tmp_read_only
  else
    bad test_tmp_read_only "exit $st: $(head -c 200 err)"
  fi
else
  echo "skip test_tmp_read_only: needs root and unshare -m"
fi

# writes.sh — sourced by run.sh (its scratch folder, t.si, ok.csv, expect,
# ok, bad): what run -o, doc -o and fmt -w do to the file a path names.
# All three go through the one writer (runtime/fileio.c), so each keeps a
# file's mode and writes through a symbolic link; docs/ROBUSTNESS.md.

# mode_of FILE: its permission bits in octal ("664").
mode_of() { stat -c %a "$1"; }

# -o over a 0600 file keeps 0600 (was: 0644, the umask's mode).
printf 'old\n' > secret.csv
chmod 600 secret.csv
expect out_keeps_mode_0600 0 '' t.si ok.csv -o secret.csv
if [ "$(mode_of secret.csv)" = 600 ] && grep -q '^total,2020,a' secret.csv; then
  ok out_mode_0600_kept
else
  bad out_mode_0600_kept "mode $(mode_of secret.csv)"
fi
# A new file gets the umask's mode, like any program's.
(umask 027 && "$bin" t.si ok.csv -o fresh.csv </dev/null >/dev/null 2>&1)
if [ "$(mode_of fresh.csv)" = 640 ]; then ok out_new_file_umask_mode; else bad out_new_file_umask_mode "mode $(mode_of fresh.csv)"; fi

# -o through a symbolic link replaces the target; the link stays.
printf 'old\n' > target.csv
chmod 664 target.csv
ln -s target.csv link.csv
expect out_through_symlink 0 '' t.si ok.csv -o link.csv
if [ -L link.csv ] && [ "$(readlink link.csv)" = target.csv ] &&
  grep -q '^total,2020,a' target.csv && [ "$(mode_of target.csv)" = 664 ]; then
  ok out_symlink_target_written
else
  bad out_symlink_target_written "link.csv: $(ls -l link.csv)"
fi

# A dangling link is an error and stays a link; nothing is created.
ln -s nowhere.csv dangling.csv
expect out_dangling_symlink_refused 1 "cannot write 'dangling.csv': it is a symbolic link to 'nowhere.csv', which does not exist" t.si ok.csv -o dangling.csv
if [ -L dangling.csv ] && [ "$(readlink dangling.csv)" = nowhere.csv ] && [ ! -e nowhere.csv ]; then
  ok out_dangling_symlink_untouched
else
  bad out_dangling_symlink_untouched "$(ls -l dangling.csv nowhere.csv 2>&1 | tr '\n' ' ')"
fi
ln -s loop2.csv loop1.csv
ln -s loop1.csv loop2.csv
expect out_symlink_loop_refused 1 "cannot write 'loop1.csv': its symbolic links form a loop" t.si ok.csv -o loop1.csv
if [ -L loop1.csv ] && [ -L loop2.csv ]; then ok out_symlink_loop_untouched; else bad out_symlink_loop_untouched "a link was replaced"; fi

# A hard-linked file is refused: replacing it would split the links,
# writing in place would not be atomic. Both names keep the old bytes.
printf 'old\n' > hard1.csv
ln hard1.csv hard2.csv
expect out_hard_link_refused 1 "cannot write 'hard1.csv': it has 2 hard links" t.si ok.csv -o hard1.csv
if [ "$(cat hard1.csv)" = old ] && [ hard1.csv -ef hard2.csv ]; then
  ok out_hard_link_untouched
else
  bad out_hard_link_untouched "hard1.csv: $(head -c 40 hard1.csv)"
fi

# -o /dev/stdout into a pipe writes the pipe; /dev/stdout stays a link.
# A sicalc that replaced links to pipes would, as root, replace the
# system's /dev/stdout: the same case through a scratch link goes first,
# and /dev/stdout itself is tried only when that link survived.
ln -s /proc/self/fd/1 fd1.csv
"$bin" t.si ok.csv -o fd1.csv </dev/null 2>err | cat > piped.csv
if grep -q '^total,2020,a' piped.csv && [ -L fd1.csv ] && [ ! -s err ]; then
  ok out_link_to_pipe_written_in_place
  "$bin" t.si ok.csv -o /dev/stdout </dev/null 2>err | cat > piped.csv
  if grep -q '^total,2020,a' piped.csv && [ -L /dev/stdout ] && [ ! -s err ]; then
    ok out_dev_stdout_pipe
  else
    bad out_dev_stdout_pipe "$(head -c 200 err)"
  fi
else
  bad out_link_to_pipe_written_in_place "$(head -c 200 err; ls -l fd1.csv)"
fi

# fmt -w keeps a 0664 file 0664 (was: 0600) and a symbolic link a link
# (was: replaced by a regular file).
printf 'const   a=1\n' > loose.si
chmod 664 loose.si
expect fmt_w_writes 0 '' fmt -w loose.si
if [ "$(mode_of loose.si)" = 664 ] && [ "$(cat loose.si)" = 'const a = 1' ]; then
  ok fmt_w_keeps_mode_0664
else
  bad fmt_w_keeps_mode_0664 "mode $(mode_of loose.si): $(head -c 40 loose.si)"
fi
printf 'const   b=1\n' > real.si
ln -s real.si alias.si
expect fmt_w_through_symlink 0 '' fmt -w alias.si
if [ -L alias.si ] && [ "$(cat real.si)" = 'const b = 1' ]; then
  ok fmt_w_keeps_symlink
else
  bad fmt_w_keeps_symlink "$(ls -l alias.si)"
fi
printf 'const   c=1\n' > hard.si
ln hard.si hard_too.si
expect fmt_w_hard_link_refused 2 "cannot write 'hard.si': it has 2 hard links" fmt -w hard.si

# doc -o: the same writer (mode kept, link followed, dangling refused).
printf 'old\n' > doc.md
chmod 600 doc.md
ln -s doc.md doclink.md
expect doc_o_through_symlink 0 '' doc t.si -o doclink.md
if [ -L doclink.md ] && [ "$(mode_of doc.md)" = 600 ] && grep -q total doc.md; then
  ok doc_o_keeps_mode_and_symlink
else
  bad doc_o_keeps_mode_and_symlink "$(ls -l doc.md doclink.md | tr '\n' ' ')"
fi
ln -s gone.md docdangling.md
expect doc_o_dangling_symlink_refused 1 "cannot write 'docdangling.md': it is a symbolic link to 'gone.md'" doc t.si -o docdangling.md
if [ -L docdangling.md ] && [ ! -e gone.md ]; then ok doc_o_dangling_untouched; else bad doc_o_dangling_untouched "link replaced"; fi
if ls -a | grep -q '^\..*\.\(csv\|md\|si\)\.'; then
  bad writes_no_temp_left "$(ls -a | grep '^\.' | tr '\n' ' ')"
else
  ok writes_no_temp_left
fi

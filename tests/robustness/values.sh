# values.sh — sourced by run.sh (its scratch folder, expect, ok, bad, rep):
# values that used to be let in or lost silently — negative weights, ints
# past 2^53, numbers that underflow or sums that overflow — and data that
# reaches a terminal or a Markdown page; docs/ROBUSTNESS.md, "Environment
# faults".

# has_esc FILE: whether FILE holds an ESC byte.
has_esc() { LC_ALL=C grep -q "$(printf '\033')" "$1"; }

# ---- weights and numbers

# The mean of {1, 5} with weights 2 and -1 printed -3 (was: exit 0).
printf 'dataset w { weight wt }\nindicator m { value mean(x) }\n' > w.si
printf 'x,wt\n1,2\n5,-1\n' > w.csv
expect weight_negative 1 "w.csv:3: error: column 'wt' \(field 2\): '-1' is a negative weight .*'weight C allow negative'" w.si w.csv
printf 'dataset ws { weight wt allow negative }\nindicator m { value mean(x) }\n' > ws.si
cp w.csv ws.csv
expect weight_allow_negative_ok 0 '^m,,,-3,' ws.si ws.csv --format csv
printf 'indicator m { value sum(x weighted by wt) }\n' > wb.si
cp w.csv wb.csv
expect weighted_by_negative 1 "wb.csv:3: error: column 'wt' \(field 2\): '-1' is a negative weight" wb.si wb.csv
printf 'dataset wt2 { weight wt allow positive }\nindicator m { value mean(x) }\n' > wt2.si
expect weight_allow_typo 2 "expected 'negative' after 'allow', not 'positive'" check wt2.si
expect weight_allow_negative_fmt 0 'weight wt allow negative' fmt ws.si

# Two ids that differ only past 2^53 were one to distinct() (was: 1).
printf 'dataset ids { column id int }\nindicator n { value distinct(id) }\n' > ids.si
printf 'id\n9007199254740993\n9007199254740992\n' > ids.csv
expect int_beyond_2_53 1 "ids.csv:2: error: column 'id' \(field 1\): '9007199254740993' is beyond 2\^53 and cannot be held exactly" ids.si ids.csv
printf 'dataset ids2 { column id int }\nindicator n { value distinct(id) }\n' > ids2.si
printf 'id\n9007199254740991\n9007199254740990\n' > ids2.csv
expect int_2_53_minus_1_ok 0 '^n,,,2,' ids2.si ids2.csv --format csv

# 1e-400 read as 0 (was: exit 0, sum 0); a subnormal is a number.
printf 'dataset u { column x number }\nindicator s { value sum(x) }\n' > u.si
printf 'x\n1\n1e-400\n' > u.csv
expect number_underflow 1 "u.csv:3: error: column 'x' \(field 1\): '1e-400' is out of range" u.si u.csv
printf 'dataset u2 { column x number }\nindicator s { value sum(x) }\n' > u2.si
printf 'x\n1e-310\n0e-999\n0.000\n' > u2.csv
expect number_subnormal_and_zero_ok 0 '^s,,,1e-310,' u2.si u2.csv --format csv
printf 'x\n1e999\n' > u3.csv
cp u.si u3.si
expect number_overflow_says_range 1 "'1e999' is out of range" u3.si u3.csv

# Ten rows of 1e308: the sum is past the largest double (was: exit 0,
# the mean printed empty with no_data).
printf 'indicator m { value mean(x) }\n' > big.si
{ echo x; for i in 1 2 3 4 5 6 7 8 9 10; do echo 1e308; done; } > big.csv
expect sum_overflow 1 "big.csv: error: column 'x' \(field 1\): the sum of its values is beyond the range of a double .*mean\(\)" big.si big.csv

# ---- injection through data

# An ESC sequence in a bad value reached the terminal through the message.
printf 'dataset e { column x number }\nindicator m { value sum(x) }\n' > e.si
printf 'x\n\033]0;owned\007\033[2J\n' > e.csv
expect esc_in_error_escaped 1 "e.csv:2: error: column 'x' \(field 1\): '\\\\x1B\]0;owned\\\\x07\\\\x1B\[2J' is not a number" e.si e.csv
if has_esc err; then bad esc_in_error_not_echoed "an ESC byte on standard error"; else ok esc_in_error_not_echoed; fi
# The same through a --lenient warning.
expect esc_in_warning_escaped 0 "warning: column 'x' \(field 1\): '\\\\x1B" e.si e.csv --lenient
if has_esc err; then bad esc_in_warning_not_echoed "an ESC byte on standard error"; else ok esc_in_warning_not_echoed; fi

# Labels in the table and in Markdown.
printf 'dataset g { column g text }\nindicator c { value count() by g }\n' > g.si
printf 'g\n"<img src=x onerror=alert(1)>"\na|b\nR&D\n"x\033[2Jy"\n' > g.csv
expect table_control_escaped 0 'x\\x1B\[2Jy' g.si g.csv --format table
if has_esc out; then bad table_no_esc "an ESC byte in the table"; else ok table_no_esc; fi
expect md_html_escaped 0 '\| &lt;img src=x onerror=alert\(1\)&gt; +\|' g.si g.csv --format md
expect md_pipe_escaped 0 '\| a\\\|b +\|' g.si g.csv --format md
expect md_ampersand_escaped 0 '\| R&amp;D +\|' g.si g.csv --format md
if grep -q '<img' out; then bad md_no_raw_html "raw <img in the Markdown"; else ok md_no_raw_html; fi
# A CSV is data: values stay exact, formula prefixes included.
printf 'g\n=1+1\n@SUM(A1)\n' > f.csv
cp g.si f.si
expect csv_formula_prefix_kept 0 '^c,=1\+1,' f.si f.csv --format csv

# ---- smaller ones

# One label saved with CRLF inside its quotes and once with LF: one group.
printf 'dataset l { column g text }\nindicator c { value count() by g }\n' > l.si
printf 'g\r\n"a\r\nb"\r\n"a\nb"\r\n' > l.csv
expect crlf_in_quoted_field_is_lf 0 '"a\\u000ab", "numerator": null, "denominator": null, "value": 2,' l.si l.csv --format json

# A 10 MB bad value gave a 10 MB message.
{ echo x; rep 10485760 a; echo; } > long.csv
cp e.si long.si
expect long_value_cut 1 "long.csv:2: error: column 'x' \(field 1\): 'a{200}…' \(10485760 bytes\) is not a number" long.si long.csv
if [ "$(wc -c < err)" -lt 400 ]; then ok long_value_message_short; else bad long_value_message_short "$(wc -c < err) bytes"; fi

# A file name with ESC in a diagnostic: \x1B in the message (was: '?').
esc=$(printf '\033')
printf 'const x = 1\nconst x = 2\n' > "n${esc}m.si"
expect diag_path_escaped 2 'n\\x1Bm\.si:2:7: error' check "n${esc}m.si"
if has_esc err; then bad diag_path_not_echoed "an ESC byte on standard error"; else ok diag_path_not_echoed; fi

# diff shows 'allow negative' added to a weight.
mkdir -p wd1 wd2
cp w.si wd1/w.si
printf 'dataset w { weight wt allow negative }\nindicator m { value mean(x) }\n' > wd2/w.si
expect weight_allow_negative_diff 1 'new  wt allow negative' diff wd1/w.si wd2/w.si
# A count whose weights sum past the largest double, in a period.
printf 'dataset cw { period year\n weight wt }\nindicator c { value count() }\n' > cw.si
{ echo year,wt; for i in 1 2 3; do echo 2020,1e308; done; } > cw.csv
expect weights_sum_overflow 1 'cw.csv: error: the sum of the weights of its rows in period 2020 is beyond the range of a double .*count\(\)' cw.si cw.csv

/* test_parse.c — the front end: lexer, parser, AST dump, diagnostics and
 * the catalogue loader, on snippets parsed from memory. Each check pins
 * the exact dump or the exact message text with its caret line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ast.h"
#include "diag.h"
#include "load.h"
#include "parse.h"
#include "testhelp.h"

/* The result of parsing one snippet: its dump and its messages. */
typedef struct result {
    char *dump, *errs;
    int nerrors;
} result;

static result parse_textn(const char *text, size_t n)
{
    result r = {0};
    size_t dlen, elen;
    FILE *dout = open_memstream(&r.dump, &dlen);
    FILE *eout = open_memstream(&r.errs, &elen);
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, eout);
    const src_file *f = source_from_text(a, "t.si", text, n);
    ast_program p = {0};
    size_t cap = 0;
    parse_file(a, &d, f, &p.decls, &p.ndecls, &cap);
    ast_dump(dout, &p);
    r.nerrors = d.errors;
    free(p.decls);
    rt_arena_free(a);
    fclose(dout);
    fclose(eout);
    return r;
}

static result parse_text(const char *text)
{
    return parse_textn(text, strlen(text));
}

static void result_free(result *r)
{
    free(r->dump);
    free(r->errs);
}

/* Shows what differs when a check fails, so a failure is self-explaining. */
static int same(const char *got, const char *want)
{
    if (strcmp(got, want) == 0)
        return 1;
    printf("---- want:\n%s---- got:\n%s----\n", want, got);
    return 0;
}

/* The snippet parses without messages and dumps as want. */
static void check_dump(const char *name, const char *text, const char *want)
{
    result r = parse_text(text);
    TEST_COND(name, same(r.errs, "") && same(r.dump, want));
    result_free(&r);
}

/* The snippet's messages are exactly want. */
static void check_errs(const char *name, const char *text, const char *want)
{
    result r = parse_text(text);
    TEST_COND(name, same(r.errs, want) && r.nerrors > 0);
    result_free(&r);
}

/* ---- declarations ---- */

static void test_decls(void)
{
    check_dump("use module and path", "use laeken\nuse \"common/age.si\"\n",
               "(use laeken)\n(use \"common/age.si\")\n");
    check_dump("const", "const POVERTY_SHARE = 0.6",
               "(const POVERTY_SHARE 0.6)\n");
    check_dump(
        "aggregate const",
        "const poverty_line = POVERTY_SHARE * median(eq_income)",
        "(const poverty_line (* POVERTY_SHARE (call median eq_income)))\n");
    check_dump("let range", "let working_age = age in 15..64",
               "(let working_age (in age (.. 15 64)))\n");
    check_dump(
        "let band",
        "let age_group = band(age, 0: \"0-14\", 15: \"15-24\", 65: \"65+\")",
        "(let age_group (call band age (: 0 \"0-14\") (: 15 \"15-24\") (: 65 "
        "\"65+\")))\n");
    check_dump("fn", "fn pct(n, d) = 100 * n / d",
               "(fn pct (n d) (/ (* 100 n) d))\n");
    check_dump("fn without params", "fn one() = 1", "(fn one () 1)\n");
    check_dump(
        "declarations in any order",
        "indicator i { value x } const c = 1 dataset d { } let l = 2",
        "(indicator i\n  (value x))\n(const c 1)\n(dataset d)\n(let l 2)\n");
    check_dump("empty file", "  # nothing here\n", "");
}

static void test_dataset(void)
{
    check_dump("design dataset",
               "dataset persons {               # optional data contract\n"
               "  period year                   # never totalled across years\n"
               "  weight weight                 # default weight\n"
               "  column age     int    in 0..120\n"
               "  column sex     text   in (\"M\", \"F\")\n"
               "  column income  number missing (\"\", \"NA\", \".\")\n"
               "}\n",
               "(dataset persons\n"
               "  (period year)\n"
               "  (weight weight)\n"
               "  (column age int (in (.. 0 120)))\n"
               "  (column sex text (in (\"M\" \"F\")))\n"
               "  (column income number (missing (\"\" \"NA\" \".\"))))\n");
    check_dump("column with list, range and missing",
               "dataset d { column `Broj stanovnika` int in (1, 2) in -1..x "
               "missing (\".\") }",
               "(dataset d\n  (column `Broj stanovnika` int (in (1 2)) (in (.. "
               "-1 x)) (missing (\".\"))))\n");
}

/* The whole indicator of DESIGN.md, clause by clause. */
static void test_design_indicator(void)
{
    check_dump(
        "design indicator",
        "indicator unemployment_rate {\n"
        "  title      \"Registered unemployment rate\"\n"
        "  title@sr   \"Stopa registrovane nezaposlenosti\"\n"
        "  domain     employment\n"
        "  definition \"Registered unemployed aged 15-64 as a share of the "
        "active population aged 15-64.\"\n"
        "  unit       percent            # percent | per 1000 | \"RSD\"\n"
        "  numerator   count(where activity == \"unemployed\" and "
        "working_age)\n"
        "  denominator count(where activity in (\"employed\", \"unemployed\") "
        "and working_age)\n"
        "  by         sex, age_group, municipality, municipality * sex\n"
        "  better     lower              # polarity: higher | lower\n"
        "  thresholds good < 10, warning < 20, bad\n"
        "  target     10 by 2030\n"
        "  suppress   when denominator < 20\n"
        "  source     \"National Employment Service (NSZ)\"\n"
        "  periodicity annual\n"
        "}\n",
        "(indicator unemployment_rate\n"
        "  (title \"Registered unemployment rate\")\n"
        "  (title@sr \"Stopa registrovane nezaposlenosti\")\n"
        "  (domain employment)\n"
        "  (definition \"Registered unemployed aged 15-64 as a share of the "
        "active population aged 15-64.\")\n"
        "  (unit percent)\n"
        "  (numerator (call count (where (and (== activity \"unemployed\") "
        "working_age))))\n"
        "  (denominator (call count (where (and (in activity (\"employed\" "
        "\"unemployed\")) working_age))))\n"
        "  (by sex age_group municipality (* municipality sex))\n"
        "  (better lower)\n"
        "  (thresholds (good < 10) (warning < 20) (bad))\n"
        "  (target 10 2030)\n"
        "  (suppress (< denominator 20))\n"
        "  (source \"National Employment Service (NSZ)\")\n"
        "  (periodicity annual))\n");
}

static void test_clauses(void)
{
    check_dump(
        "units",
        "indicator i { unit per 1000 unit \"RSD\" unit per 100000 unit count }",
        "(indicator i\n  (unit per 1000)\n  (unit \"RSD\")\n"
        "  (unit per 100000)\n  (unit count))\n");
    check_dump("languages",
               "indicator i { definition@sr \"d\" note \"n\" note@en \"e\" "
               "title@sr-Latn \"t\" }",
               "(indicator i\n  (definition@sr \"d\")\n  (note \"n\")\n"
               "  (note@en \"e\")\n  (title@sr-Latn \"t\"))\n");
    check_dump("value clause", "indicator g { value gini(eq_income) }",
               "(indicator g\n  (value (call gini eq_income)))\n");
    check_dump("thresholds with every comparison",
               "indicator i { thresholds a <= 1, b > 2, c >= 3, d == 4, e != 5 "
               "+ 1, f }",
               "(indicator i\n  (thresholds (a <= 1) (b > 2) (c >= 3) (d == 4) "
               "(e != (+ 5 1)) (f)))\n");
    check_dump("duplicate clauses are kept for the checker",
               "indicator i { title \"a\" title \"b\" }",
               "(indicator i\n  (title \"a\")\n  (title \"b\"))\n");
    check_dump("target with expressions",
               "indicator i { target TARGET_X / 2 by 2020 + 10 }",
               "(indicator i\n  (target (/ TARGET_X 2) (+ 2020 10)))\n");
}

/* Clause and dataset words are names wherever a name may stand. */
static void test_soft_keywords(void)
{
    check_dump("dataset words as columns",
               "dataset d { weight weight period period column value number "
               "column source text column column int }",
               "(dataset d\n  (period period)\n  (weight weight)\n"
               "  (column value number)\n  (column source text)\n"
               "  (column column int))\n");
    check_dump(
        "clause words in expressions",
        "indicator i { value sum(value where source == \"x\") "
        "numerator title + unit by period, note * domain }",
        "(indicator i\n  (value (call sum value (where (== source \"x\"))))\n"
        "  (numerator (+ title unit))\n  (by period (* note domain)))\n");
    check_dump(
        "clause words as declared names",
        "let target = 1 fn value(weight) = weight const denominator = 2",
        "(let target 1)\n(fn value (weight) weight)\n(const denominator 2)\n");
    check_dump(
        "clause words as band labels and domains",
        "indicator i { domain source thresholds title < 1, note better value }",
        "(indicator i\n  (domain source)\n  (thresholds (title < 1) (note))\n"
        "  (better value))\n");
    check_errs("per is reserved (count(where c per household))", "let per = 1",
               "t.si:1:5: error: expected name, found 'per'\n"
               "  let per = 1\n"
               "      ^~~\n");
}

/* ---- expressions ---- */

static void test_expressions(void)
{
    check_dump("arithmetic precedence", "let x = a + b * c - d / e % f",
               "(let x (- (+ a (* b c)) (% (/ d e) f)))\n");
    check_dump("left associative", "let x = a - b - c",
               "(let x (- (- a b) c))\n");
    check_dump("unary minus", "let x = -a * -2", "(let x (* (- a) (- 2)))\n");
    check_dump("logic precedence", "let x = a or b and not c == d",
               "(let x (or a (and b (not (== c d)))))\n");
    check_dump("not binds looser than in", "let x = not a in (1)",
               "(let x (not (in a (1))))\n");
    check_dump("not in and is missing",
               "let x = a not in (1, 2) and b is missing or c is not missing",
               "(let x (or (and (not-in a (1 2)) (is-missing b)) "
               "(is-not-missing c)))\n");
    check_dump("not in range", "let x = age not in -5..hi",
               "(let x (not-in age (.. -5 hi)))\n");
    check_dump("prefix not before not in", "let x = not a not in (1)",
               "(let x (not (not-in a (1))))\n");
    check_dump("arithmetic inside comparison", "let x = a + 1 >= b * 2",
               "(let x (>= (+ a 1) (* b 2)))\n");
    check_dump("literals",
               "let x = f(1.5, 1e6, 2.5e-3, \"s\", true, false, 15)",
               "(let x (call f 1.5 1000000 0.0025 \"s\" true false 15))\n");
    check_dump("if is greedy", "let x = if a > 1 then b else c + 1",
               "(let x (if (> a 1) b (+ c 1)))\n");
    check_dump("if in parentheses", "let x = (if a then 1 else 0) * 2",
               "(let x (* (if a 1 0) 2))\n");
    check_dump("nested if", "let x = if a then if b then 1 else 2 else 3",
               "(let x (if a (if b 1 2) 3))\n");
    check_dump("backtick names", "let x = `Broj stanovnika` + `opština`",
               "(let x (+ `Broj stanovnika` `opština`))\n");
    check_dump("string escapes", "let x = \"a\\n\\t\\\\\\\"\\x41\\u{10D}\\r\"",
               "(let x \"a\\n\\t\\\\\\\"A\xc4\x8d\\r\")\n");
}

static void test_calls(void)
{
    check_dump("count()", "let x = count()", "(let x (call count))\n");
    check_dump("count(where)", "let x = count(where a > 1)",
               "(let x (call count (where (> a 1))))\n");
    check_dump("sum where", "let x = sum(x where c)",
               "(let x (call sum x (where c)))\n");
    check_dump("sum weighted", "let x = sum(x weighted by w)",
               "(let x (call sum x (weighted w)))\n");
    check_dump("quantile where weighted",
               "let x = quantile(x, 0.5 where c weighted by w * 2)",
               "(let x (call quantile x 0.5 (where c) (weighted (* w 2))))\n");
    check_dump("count weighted only", "let x = count(weighted by w)",
               "(let x (call count (weighted w)))\n");
    check_dump("nested aggregate",
               "let x = count(where income < 0.6 * median(income))",
               "(let x (call count (where (< income (* 0.6 (call median "
               "income))))))\n");
}

/* Spans are byte offsets; check a few that messages will rely on. */
static void test_locations(void)
{
    const char *text = "let x = sum(a + b where c)";
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, stderr);
    const src_file *f = source_from_text(a, "t.si", text, strlen(text));
    ast_program p = {0};
    size_t cap = 0;
    parse_file(a, &d, f, &p.decls, &p.ndecls, &cap);
    const ast_decl *decl = p.decls[0];
    const ast_expr *call = decl->expr;
    TEST_COND("decl keyword span", decl->at.start == 0 && decl->at.end == 3);
    TEST_COND("decl name span",
              decl->name_at.start == 4 && decl->name_at.end == 5);
    TEST_COND("call span", call->at.start == 8 && call->at.end == 26);
    TEST_COND("call name span",
              call->name_at.start == 8 && call->name_at.end == 11);
    TEST_COND("binary span", call->args[0].value->at.start == 12 &&
                                 call->args[0].value->at.end == 17);
    TEST_COND("where span",
              call->where->at.start == 24 && call->where->at.end == 25);
    free(p.decls);
    rt_arena_free(a);

    int line, col;
    const char *u = "a\n\xc4\x8d\xc4\x8dx\n";
    f = source_from_text(a = rt_arena_new(), "u.si", u, strlen(u));
    source_linecol(f, 6, &line, &col);
    TEST_COND("column counts code points", line == 2 && col == 3);
    size_t len;
    const char *l = source_line(f, 2, &len);
    TEST_COND("source_line",
              len == 5 && memcmp(l, "\xc4\x8d\xc4\x8dx", 5) == 0);
    rt_arena_free(a);
}

/* A block the parser had to skip text in is marked, so that the checker
 * does not report as missing what was only lost to the syntax error. */
static void test_broken(void)
{
    const char *text = "indicator a { value f( }\nindicator b { }";
    rt_arena *a = rt_arena_new();
    diag d;
    FILE *null = fopen("/dev/null", "w");
    diag_init(&d, null);
    const src_file *f = source_from_text(a, "t.si", text, strlen(text));
    ast_program p = {0};
    size_t cap = 0;
    parse_file(a, &d, f, &p.decls, &p.ndecls, &cap);
    TEST_COND("a block with a syntax error is marked broken",
              p.ndecls == 2 && p.decls[0]->broken && !p.decls[1]->broken);
    free(p.decls);
    rt_arena_free(a);
    fclose(null);
}

/* ---- syntax errors ---- */

static void test_syntax_errors(void)
{
    /* /work/shared/acceptance/a3-errors/syntax.si */
    check_errs("missing ) names the open (",
               "indicator elderly_share {\n"
               "  title       \"Share of the population aged 65 and over\"\n"
               "  unit        percent\n"
               "  numerator   sum(population where age_group == \"65+\"\n"
               "  denominator sum(population)\n"
               "}\n",
               "t.si:5:3: error: expected ')' to close '(' at 4:18, found "
               "'denominator'\n"
               "    denominator sum(population)\n"
               "    ^~~~~~~~~~~\n");
    check_errs("missing } at end of file", "indicator i {\n  title \"a\"\n",
               "t.si:2:12: error: expected '}' to close '{' at 1:13, found end "
               "of file\n"
               "    title \"a\"\n"
               "             ^\n");
    check_errs("missing } before the next declaration",
               "indicator i {\n  title \"a\"\nindicator j { }\n",
               "t.si:3:1: error: expected '}' to close '{' at 1:13, found "
               "'indicator'\n"
               "  indicator j { }\n"
               "  ^~~~~~~~~\n");
    check_errs("unknown clause", "indicator i { titel \"a\" }",
               "t.si:1:15: error: expected indicator clause or '}', found "
               "'titel' (did you mean 'title'?)\n"
               "  indicator i { titel \"a\" }\n"
               "                ^~~~~\n");
    check_errs("clause without its value", "indicator i { title }",
               "t.si:1:21: error: expected string, found '}'\n"
               "  indicator i { title }\n"
               "                      ^\n");
    check_errs("expression expected", "let x = 1 + )",
               "t.si:1:13: error: expected expression, found ')'\n"
               "  let x = 1 + )\n"
               "              ^\n");
    check_errs("comparisons do not chain", "let x = a < b < c",
               "t.si:1:15: error: unexpected '<': comparisons do not chain "
               "(write 'a < b and b < c')\n"
               "  let x = a < b < c\n"
               "                ^\n");
    check_errs("single = hints ==", "let x = a = b",
               "t.si:1:11: error: expected declaration or end of file, found "
               "'=' (to compare, write '==')\n"
               "  let x = a = b\n"
               "            ^\n");
    check_errs("target needs its year", "indicator i { target 10 }",
               "t.si:1:25: error: expected operator or 'by', found '}'\n"
               "  indicator i { target 10 }\n"
               "                          ^\n");
    check_errs("a long string is shortened",
               "let x = 1 \"0123456789012345678901234567890123456789xyz\"",
               "t.si:1:11: error: expected declaration or end of file, found "
               "\"012345678901234567890123456789012345678...\"\n"
               "  let x = 1 \"0123456789012345678901234567890123456789xyz\"\n"
               "            ^~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~\n");
    check_errs("caret keeps tabs and counts code points",
               "\tlet x = \"\xc4\x8d\" + )",
               "t.si:1:16: error: expected expression, found ')'\n"
               "  \tlet x = \"\xc4\x8d\" + )\n"
               "  \t              ^\n");
}

/* Recovery at clauses, dataset items and declarations: every error of a
 * file is reported, each once. */
static void test_several_errors(void)
{
    result r = parse_text("indicator a {\n"
                          "  numerator sum(x y)\n"
                          "  denominator count()\n"
                          "  titel \"x\"\n"
                          "}\n"
                          "const c = f(1,\n"
                          "indicator b { value 1 }\n"
                          "dataset d { column x }\n"
                          "let ok = 1\n");
    TEST_COND("several errors: count", r.nerrors == 4);
    TEST_COND(
        "several errors: messages",
        same(r.errs,
             "t.si:2:19: error: expected ')' to close '(' at 2:16, found 'y'\n"
             "    numerator sum(x y)\n"
             "                    ^\n"
             "t.si:4:3: error: expected indicator clause or '}', found 'titel' "
             "(did you mean 'title'?)\n"
             "    titel \"x\"\n"
             "    ^~~~~\n"
             "t.si:7:1: error: expected expression, found 'indicator'\n"
             "  indicator b { value 1 }\n"
             "  ^~~~~~~~~\n"
             "t.si:8:22: error: expected name, found '}'\n"
             "  dataset d { column x }\n"
             "                       ^\n"));
    TEST_COND("several errors: what parsed is kept",
              same(r.dump,
                   "(indicator a\n  (denominator (call count)))\n"
                   "(indicator b\n  (value 1))\n(dataset d)\n(let ok 1)\n"));
    result_free(&r);

    check_errs("dataset duplicates",
               "dataset d {\n  period year\n  period y\n"
               "  column a int in 1..2 in 3..4\n}\n",
               "t.si:3:10: error: the dataset already has a period ('year')\n"
               "    period y\n"
               "           ^\n"
               "t.si:2:10: note: period declared here\n"
               "    period year\n"
               "           ^~~~\n"
               "t.si:4:27: error: column 'a' already has a range\n"
               "    column a int in 1..2 in 3..4\n"
               "                            ^~~~\n");
}

/* ---- lexical errors ---- */

static void test_lexer_errors(void)
{
    check_errs("unterminated string",
               "indicator i {\n  title \"abc\n  unit count\n}\n",
               "t.si:2:9: error: unterminated string (a string ends on its "
               "line; write \\n for a line break)\n"
               "    title \"abc\n"
               "          ^~~~\n");
    check_errs("bad escapes", "let x = \"a\\qb\\x00\\u{110000}\"",
               "t.si:1:11: error: unknown escape '\\q' in string\n"
               "  let x = \"a\\qb\\x00\\u{110000}\"\n"
               "            ^~\n"
               "t.si:1:14: error: '\\x00' is not allowed: \\x is for ASCII 01 "
               "to 7F, \\u{...} for other characters\n"
               "  let x = \"a\\qb\\x00\\u{110000}\"\n"
               "               ^~~~\n"
               "t.si:1:18: error: '\\u{110000}' is not a Unicode character\n"
               "  let x = \"a\\qb\\x00\\u{110000}\"\n"
               "                   ^~~~~~~~~~\n");
    check_errs("stray character, no parser error after it",
               "let x = a $ b\nlet y = ?\n",
               "t.si:1:11: error: unexpected character '$'\n"
               "  let x = a $ b\n"
               "            ^\n"
               "t.si:2:9: error: unexpected character '?'\n"
               "  let y = ?\n"
               "          ^\n");
    check_errs(
        "unterminated backtick name", "let x = `Broj stanovnika\n",
        "t.si:1:9: error: unterminated name: no closing '`' on this line\n"
        "  let x = `Broj stanovnika\n"
        "          ^~~~~~~~~~~~~~~~\n");
    check_errs("empty backtick name", "let x = ``\n",
               "t.si:1:9: error: empty name in backticks\n"
               "  let x = ``\n"
               "          ^~\n");
    check_errs("invalid UTF-8 at its byte", "let x = \"a\xff\" # \xc3(\n",
               "t.si:1:11: error: invalid UTF-8 byte 0xFF\n"
               "  let x = \"a?\" # ?(\n"
               "            ^\n"
               "t.si:1:16: error: invalid UTF-8 byte 0xC3\n"
               "  let x = \"a?\" # ?(\n"
               "                 ^\n");
    check_errs("non-ASCII name", "let x = stanovništvo",
               "t.si:1:9: error: the name 'stanovništvo' is not ASCII; write "
               "it in backticks: `stanovništvo`\n"
               "  let x = stanovništvo\n"
               "          ^~~~~~~~~~~~\n");
    check_errs("invalid number", "let x = 12abc",
               "t.si:1:9: error: invalid number '12abc'\n"
               "  let x = 12abc\n"
               "          ^~~~~\n");
    check_errs("stray @", "indicator i { source@sr \"x\" }",
               "t.si:1:21: error: unexpected character '@'\n"
               "  indicator i { source@sr \"x\" }\n"
               "                      ^\n");
    result r = parse_textn("let x\0 = 1", 9);
    TEST_COND("NUL byte in the text",
              same(r.errs, "t.si:1:6: error: unexpected NUL byte\n"
                           "  let x? = \n"
                           "       ^\n") &&
                  same(r.dump, ""));
    result_free(&r);
}

static void test_diag_formats(void)
{
    char *buf = NULL;
    size_t len;
    FILE *out = open_memstream(&buf, &len);
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, out);
    const src_file *f = source_from_text(a, "w.si", "ab\r\ncd\n", 6);
    diag_warning(&d, (loc){f, 4, 6}, "a %s", "warning");
    diag_note(&d, (loc){f, 0, 0}, "a note");
    diag_plain(&d, "cannot read '%s'", "x.csv");
    d.max_errors = 1;
    diag_error(&d, (loc){f, 0, 1}, "not shown");
    fclose(out);
    TEST_COND("diag formats",
              same(buf, "w.si:2:1: warning: a warning\n  cd\n  ^~\n"
                        "w.si:1:1: note: a note\n  ab\n  ^\n"
                        "sicalc: error: cannot read 'x.csv'\n"));
    TEST_COND("diag counts", d.errors == 2 && d.warnings == 1);
    free(buf);
    rt_arena_free(a);
}

/* ---- the loader ---- */

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static result load(const char *const *paths, int n)
{
    result r = {0};
    size_t dlen, elen;
    FILE *dout = open_memstream(&r.dump, &dlen);
    FILE *eout = open_memstream(&r.errs, &elen);
    rt_arena *a = rt_arena_new();
    diag d;
    diag_init(&d, eout);
    ast_program *p = load_catalogue(a, &d, paths, n);
    ast_dump(dout, p);
    r.nerrors = d.errors;
    rt_arena_free(a);
    fclose(dout);
    fclose(eout);
    return r;
}

static void test_load(void)
{
    char dir[] = "/tmp/sicalc-test-XXXXXX";
    if (!mkdtemp(dir)) {
        TEST_COND("mkdtemp", 0);
        return;
    }
    char sub[64], main_si[64], age[64], a_si[64], b_si[64], miss[64], typo[64];
    snprintf(sub, sizeof sub, "%s/common", dir);
    mkdir(sub, 0755);
    snprintf(main_si, sizeof main_si, "%s/main.si", dir);
    snprintf(age, sizeof age, "%s/common/age.si", dir);
    snprintf(a_si, sizeof a_si, "%s/a.si", dir);
    snprintf(b_si, sizeof b_si, "%s/common/b.si", dir);
    snprintf(miss, sizeof miss, "%s/miss.si", dir);
    snprintf(typo, sizeof typo, "%s/typo.si", dir);
    write_file(main_si, "let first = 1\nuse rates\nuse \"common/age.si\"\n"
                        "use \"common/age.si\"\nlet last = pct(1, 2)\n");
    write_file(age, "let adult = age >= 18\n");
    write_file(a_si, "use \"common/b.si\"\nlet a = 1\n");
    write_file(b_si, "use \"../a.si\"\nlet b = 1\n");
    write_file(miss, "use \"nope.si\"\n");
    write_file(typo, "use raets\n");

    const char *const one[] = {main_si, age};
    result r = load(one, 2);
    TEST_COND("load: module and relative file, each once, used first",
              same(r.errs, "") &&
                  same(r.dump,
                       "(fn pct (n d) (/ (* 100 n) d))\n"
                       "(fn per1000 (n d) (/ (* 1000 n) d))\n"
                       "(fn per100000 (n d) (/ (* 100000 n) d))\n"
                       "(let adult (>= age 18))\n"
                       "(let first 1)\n(use rates)\n"
                       "(use \"common/age.si\")\n(use \"common/age.si\")\n"
                       "(let last (call pct 1 2))\n"));
    result_free(&r);

    char want[1024];
    const char *const cyc[] = {a_si};
    r = load(cyc, 1);
    /* The cycle is found when b uses a again; a's path as b spells it. */
    snprintf(want, sizeof want,
             "%s:1:1: error: use cycle: %s -> %s -> %s\n"
             "  use \"../a.si\"\n"
             "  ^~~~~~~~~~~~~\n",
             b_si, a_si, b_si, a_si);
    TEST_COND("load: use cycle", same(r.errs, want) && r.nerrors == 1);
    result_free(&r);

    const char *const m[] = {miss};
    r = load(m, 1);
    snprintf(
        want, sizeof want,
        "%s:1:1: error: cannot read '%s/nope.si': No such file or directory\n"
        "  use \"nope.si\"\n"
        "  ^~~~~~~~~~~~~\n",
        miss, dir);
    TEST_COND("load: missing used file", same(r.errs, want));
    result_free(&r);

    const char *const t[] = {typo, "/nonexistent/x.si"};
    r = load(t, 2);
    snprintf(want, sizeof want,
             "%s:1:5: error: unknown module 'raets' (did you mean 'rates'?)\n"
             "  use raets\n"
             "      ^~~~~\n"
             "sicalc: error: cannot read '/nonexistent/x.si': No such file or "
             "directory\n",
             typo);
    TEST_COND("load: unknown module and unreadable argument",
              same(r.errs, want));
    result_free(&r);

    const char *const files[] = {main_si, age, a_si, b_si, miss, typo};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        unlink(files[i]);
    rmdir(sub);
    rmdir(dir);
}

int main(void)
{
    test_decls();
    test_dataset();
    test_design_indicator();
    test_clauses();
    test_soft_keywords();
    test_expressions();
    test_calls();
    test_locations();
    test_broken();
    test_syntax_errors();
    test_several_errors();
    test_lexer_errors();
    test_diag_formats();
    test_load();
    return TEST_REPORT();
}

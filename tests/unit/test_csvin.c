/* test_csvin.c — the CSV reader: header, delimiters, quoting, line
 * numbers, exact error texts, multi-pass, big fields and wide files.
 * Inputs are written to a fresh temporary directory. */
#include "csvin.h"

#include "testhelp.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[] = "/tmp/test_csvin.XXXXXX";
static char *made[256];
static int nmade;

/* Writes content (n bytes) to tmpdir/name; returns the path (kept until
 * cleanup). */
static const char *put(const char *name, const char *content, size_t n)
{
    if (nmade == (int)(sizeof made / sizeof *made)) {
        fprintf(stderr, "test_csvin: too many test files\n");
        exit(2);
    }
    char *path = malloc(strlen(tmpdir) + strlen(name) + 2);
    sprintf(path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(content, 1, n, f) != n || fclose(f) != 0) {
        perror(path);
        exit(2);
    }
    made[nmade++] = path;
    return path;
}

static const char *puts_(const char *name, const char *content)
{
    return put(name, content, strlen(content));
}

static void cleanup(void)
{
    for (int i = 0; i < nmade; i++) {
        unlink(made[i]);
        free(made[i]);
    }
    rmdir(tmpdir);
}

/* ---- collecting rows as "line:f1|f2|...\n" ---- */

typedef struct sink {
    char *buf;
    size_t len, cap;
    int calls, stop_at, stop_rc;
    bool bad; /* a field not NUL-terminated at len, or nfields wrong */
    int ncols;
    int runs, in_runs; /* runs (rt_csv_scan_rows), records in them */
} sink;

static void sink_add(sink *s, const char *p, size_t n)
{
    if (s->len + n + 1 > s->cap) {
        s->cap = (s->len + n + 1) * 2;
        s->buf = realloc(s->buf, s->cap);
    }
    memcpy(s->buf + s->len, p, n);
    s->len += n;
    s->buf[s->len] = '\0';
}

static int sink_row(void *ctx, const rt_row *row)
{
    sink *s = ctx;
    char num[32];
    int n = snprintf(num, sizeof num, "%zu:", row->line);
    sink_add(s, num, (size_t)n);
    if (row->nfields != s->ncols)
        s->bad = true;
    for (int i = 0; i < row->nfields; i++) {
        if (i)
            sink_add(s, "|", 1);
        if (row->field[i][row->len[i]] != '\0')
            s->bad = true;
        sink_add(s, row->field[i], row->len[i]);
    }
    sink_add(s, "\n", 1);
    s->calls++;
    return s->calls == s->stop_at ? s->stop_rc : 0;
}

/* A run of records (rt_csv_scan_rows), each given to sink_row as the
 * record it is; the run's size is checked. */
static int sink_rows(void *ctx, const rt_rows *rs)
{
    sink *s = ctx;
    if (rs->n < 1 || rs->n > RT_ROWS_MAX || rs->ncols != s->ncols)
        s->bad = true;
    s->runs++;
    for (int i = 0; i < rs->n; i++) {
        rt_row row = {rs->line[i], rs->ncols,
                      rs->field + (size_t)i * (size_t)rs->ncols,
                      rs->len + (size_t)i * (size_t)rs->ncols};
        s->in_runs++;
        int rc = sink_row(ctx, &row);
        if (rc)
            return rc;
    }
    return 0;
}

/* Scans c into a fresh string (caller frees); *rc gets scan's result. */
static char *scan_str(rt_csv *c, const bool *wanted, int *rc, bool *bad)
{
    sink s = {0};
    s.ncols = rt_csv_ncols(c);
    sink_add(&s, "", 0);
    *rc = rt_csv_scan(c, wanted, sink_row, &s);
    if (bad)
        *bad = s.bad;
    return s.buf;
}

/* As scan_str, with runs of plain records (rt_csv_scan_rows); stop_at: the
 * record whose callback returns 9 (0: none); *runs and *in_runs count the
 * runs and the records they held. */
static char *scan_runs(rt_csv *c, const bool *wanted, int stop_at, int *rc,
                       bool *bad, int *runs, int *in_runs)
{
    sink s = {.stop_at = stop_at, .stop_rc = 9};
    s.ncols = rt_csv_ncols(c);
    sink_add(&s, "", 0);
    rt_csv_range all = {0, -1};
    *rc = rt_csv_scan_rows(c, &all, 1, wanted, sink_row, sink_rows, &s);
    *bad = s.bad;
    *runs = s.runs;
    *in_runs = s.in_runs;
    return s.buf;
}

/* Opens content as a file named name and scans it; true when the rows
 * read are exactly want, the scan returned 0 and no error is set. */
static bool reads_as(const char *name, const char *content, char delim,
                     const char *want)
{
    char *err = NULL;
    rt_csv_opts o = {.delimiter = delim};
    rt_csv *c = rt_csv_open(puts_(name, content), &o, &err);
    if (!c) {
        printf("  open failed: %s\n", err);
        free(err);
        return false;
    }
    int rc;
    bool bad;
    char *got = scan_str(c, NULL, &rc, &bad);
    bool ok = rc == 0 && !bad && strcmp(got, want) == 0 &&
              strcmp(rt_csv_error(c), "") == 0;
    if (!ok)
        printf("  rc=%d bad=%d err=[%s]\n  got:\n%s  want:\n%s", rc, bad,
               rt_csv_error(c), got, want);
    free(got);
    rt_csv_close(c);
    return ok;
}

/* True when msg is path followed by tail. */
static bool msg_is(const char *msg, const char *path, const char *tail)
{
    size_t n = strlen(path);
    bool ok = msg && strncmp(msg, path, n) == 0 && strcmp(msg + n, tail) == 0;
    if (!ok)
        printf("  message: [%s]\n  want:    [%s%s]\n", msg ? msg : "(null)",
               path, tail);
    return ok;
}

/* Opening content must fail with path + tail. */
static bool open_fails(const char *name, const char *content, size_t n,
                       const char *tail)
{
    const char *path = put(name, content, n);
    char *err = NULL;
    rt_csv *c = rt_csv_open(path, NULL, &err);
    bool ok = !c && msg_is(err, path, tail);
    rt_csv_close(c);
    free(err);
    return ok;
}

/* Opening works, scanning fails with rc -1 and path + tail, after the
 * rows in want_rows were delivered. */
static bool scan_fails(const char *name, const char *content, size_t n,
                       const char *want_rows, const char *tail)
{
    const char *path = put(name, content, n);
    char *err = NULL;
    rt_csv *c = rt_csv_open(path, NULL, &err);
    if (!c) {
        printf("  open failed: %s\n", err);
        free(err);
        return false;
    }
    int rc;
    char *got = scan_str(c, NULL, &rc, NULL);
    bool ok = rc == -1 && msg_is(rt_csv_error(c), path, tail);
    if (strcmp(got, want_rows) != 0) {
        printf("  rows before the error:\n%s  want:\n%s", got, want_rows);
        ok = false;
    }
    free(got);
    rt_csv_close(c);
    return ok;
}

/* ---- tests ---- */

static void test_basic(void)
{
    char *err = NULL;
    const char *path =
        puts_("basic.csv", "year,sex,count\n2022,F,10\n2022,M,12\n");
    rt_csv *c = rt_csv_open(path, NULL, &err);
    TEST_COND("basic: opens", c != NULL && err == NULL);
    if (!c)
        return;
    TEST_COND("basic: 3 columns", rt_csv_ncols(c) == 3);
    TEST_COND("basic: names", strcmp(rt_csv_colname(c, 0), "year") == 0 &&
                                  strcmp(rt_csv_colname(c, 1), "sex") == 0 &&
                                  strcmp(rt_csv_colname(c, 2), "count") == 0);
    TEST_COND("basic: colname out of range",
              rt_csv_colname(c, 3) == NULL && rt_csv_colname(c, -1) == NULL);
    TEST_COND("basic: find",
              rt_csv_find(c, "count") == 2 && rt_csv_find(c, "year") == 0 &&
                  rt_csv_find(c, "nope") == -1 && rt_csv_find(c, "") == -1);
    TEST_COND("basic: delimiter ','", rt_csv_delimiter(c) == ',');
    TEST_COND("basic: path", strcmp(rt_csv_path(c), path) == 0);
    TEST_COND("basic: no error before scan", strcmp(rt_csv_error(c), "") == 0);
    int rc;
    bool bad;
    char *got = scan_str(c, NULL, &rc, &bad);
    TEST_COND("basic: rows",
              rc == 0 && !bad &&
                  strcmp(got, "2:2022|F|10\n3:2022|M|12\n") == 0);
    TEST_COND("basic: row count", rt_csv_rows(c) == 2);
    TEST_COND("basic: no error after scan", strcmp(rt_csv_error(c), "") == 0);

    /* multi-pass: the second scan sees exactly the same */
    char *again = scan_str(c, NULL, &rc, &bad);
    TEST_COND("basic: second scan identical",
              rc == 0 && strcmp(got, again) == 0 && rt_csv_rows(c) == 2);
    free(again);
    again = scan_str(c, NULL, &rc, &bad);
    TEST_COND("basic: third scan identical",
              rc == 0 && strcmp(got, again) == 0);
    free(again);
    free(got);
    rt_csv_close(c);
}

static void test_formats(void)
{
    TEST_COND("BOM skipped",
              reads_as("bom.csv", "\xEF\xBB\xBFid,x\n1,2\n", 0, "2:1|2\n"));
    {
        char *err = NULL;
        rt_csv *c = rt_csv_open(puts_("bom2.csv", "\xEF\xBB\xBFid;x\n1;2\n"),
                                NULL, &err);
        TEST_COND("BOM: first name clean, ';' detected after BOM",
                  c && strcmp(rt_csv_colname(c, 0), "id") == 0 &&
                      rt_csv_find(c, "id") == 0 && rt_csv_delimiter(c) == ';');
        rt_csv_close(c);
    }
    TEST_COND("CRLF", reads_as("crlf.csv", "a,b\r\n1,2\r\n3,4\r\n", 0,
                               "2:1|2\n3:3|4\n"));
    TEST_COND("CRLF no final newline",
              reads_as("crlf2.csv", "a,b\r\n1,2\r\n3,4", 0, "2:1|2\n3:3|4\n"));
    TEST_COND("no final newline",
              reads_as("nofinal.csv", "a,b\n1,2\n3,4", 0, "2:1|2\n3:3|4\n"));
    TEST_COND("quoted delimiter",
              reads_as("qdelim.csv", "a,b\n\"x,y\",2\n", 0, "2:x,y|2\n"));
    TEST_COND("escaped quotes",
              reads_as("qq.csv", "a,b\n\"say \"\"hi\"\"\",3\n", 0,
                       "2:say \"hi\"|3\n"));
    TEST_COND("quoted newline; next record's line is right",
              reads_as("qnl.csv", "a,b\n\"multi\nline\",1\nnext,2\n", 0,
                       "2:multi\nline|1\n4:next|2\n"));
    TEST_COND(
        "quoted newlines in two fields, CRLF",
        reads_as("qnl2.csv",
                 "a,b\r\n\"p\r\nq\",\"r\r\n\r\ns\"\r\nx,y\r\n\"\n\",z\r\n", 0,
                 "2:p\nq|r\n\ns\n6:x|y\n7:\n|z\n")); /* CRLF in quotes: LF */
    TEST_COND("quoted newline in header",
              reads_as("qnlh.csv", "\"long\nname\",b\n1,2\n", 0, "3:1|2\n"));
    TEST_COND("empty lines skipped, lines kept",
              reads_as("blank.csv", "\na,b\n\n1,2\n\n\r\n   \n3,4\n\n", 0,
                       "4:1|2\n8:3|4\n"));
    TEST_COND("empty fields", reads_as("emptyf.csv", "a,b,c\n,,\n\"\",x,\n", 0,
                                       "2:||\n3:|x|\n"));
    TEST_COND(
        "spaces around unquoted fields trimmed, quoted kept",
        reads_as("spaces.csv", "a,b,c\n  x  , y ,\" z \"\n", 0, "2:x|y| z \n"));
    TEST_COND("tab inside a comma file is data",
              reads_as("tabdata.csv", "a,b\nx\ty,2\n", 0, "2:x\ty|2\n"));
    TEST_COND("tabs around an unquoted field are padding",
              reads_as("tabpad.csv", "a,b\n\tx\t,\t\n", 0, "2:x|\n"));
    TEST_COND("UTF-8 passes through",
              reads_as("utf8.csv", "opština,pol\nPirot,ž\n", 0, "2:Pirot|ž\n"));
    {
        char *err = NULL;
        rt_csv *c = rt_csv_open(
            puts_("hdrsp.csv", " a ,\tb\t,\" c\t\"\n1,2,3\n"), NULL, &err);
        TEST_COND("header names trimmed of spaces",
                  c && strcmp(rt_csv_colname(c, 0), "a") == 0 &&
                      strcmp(rt_csv_colname(c, 1), "b") == 0 &&
                      strcmp(rt_csv_colname(c, 2), "c") == 0);
        rt_csv_close(c);
    }
}

static char detected(const char *name, const char *content)
{
    char *err = NULL;
    rt_csv *c = rt_csv_open(puts_(name, content), NULL, &err);
    char d = c ? rt_csv_delimiter(c) : 'X';
    if (!c) {
        printf("  open failed: %s\n", err);
        free(err);
    }
    rt_csv_close(c);
    return d;
}

static void test_delimiters(void)
{
    TEST_COND("';' detected", detected("semi.csv", "a;b;c\n1,5;2;3\n") == ';');
    TEST_COND("';' file reads with decimal commas",
              reads_as("semi2.csv", "a;b;c\n1,5;2;3\n", 0, "2:1,5|2|3\n"));
    TEST_COND("tab detected",
              detected("tab.csv", "a\tb\tc\n1\t2\t3\n") == '\t');
    TEST_COND("tab file reads",
              reads_as("tab2.csv", "a\tb\n1 x\t\n", 0, "2:1 x|\n"));
    TEST_COND("tab file: leading tab is an empty field",
              reads_as("tab4.csv", "a\tb\n\tx\n", 0, "2:|x\n"));
    TEST_COND("tab file: empty field between tabs",
              reads_as("tab3.csv", "a\tb\tc\nx\t\tz\n", 0, "2:x||z\n"));
    TEST_COND("',' by default", detected("one.csv", "a\n1\n") == ',');
    TEST_COND("tie gives ','", detected("tie.csv", "a;b,c\n1;2,3\n") == ',');
    TEST_COND("tie ';' vs tab gives ','",
              detected("tie2.csv", "a;b\tc\n") == ',');
    TEST_COND("most frequent wins", detected("most.csv", "a,b;c;d\n") == ';');
    TEST_COND("quoted delimiters not counted",
              detected("qdet.csv", "\"x;y;z\",b\n") == ',');
    TEST_COND("only the header line counts",
              detected("hdronly.csv", "a,b\n1;2;3;4;5;6\n") == ',');
    TEST_COND("leading blank line skipped",
              detected("lead.csv", "\n\r\na;b\n") == ';');
    TEST_COND("explicit delimiter overrides",
              reads_as("expl.csv", "a,b;c\n1,2;3\n", ';', "2:1,2|3\n"));
    {
        char *err = NULL;
        rt_csv_opts o = {.delimiter = ';'};
        rt_csv *c = rt_csv_open(puts_("expl2.csv", "a,b;c\n"), &o, &err);
        TEST_COND("explicit delimiter: header split by it",
                  c && rt_csv_ncols(c) == 2 && rt_csv_delimiter(c) == ';' &&
                      strcmp(rt_csv_colname(c, 0), "a,b") == 0);
        rt_csv_close(c);
    }
}

static void test_header_errors(void)
{
    TEST_COND("empty file",
              open_fails("empty.csv", "", 0, ": empty file (no header row)"));
    TEST_COND("only blank lines", open_fails("blanks.csv", "\n\r\n  \n", 6,
                                             ": empty file (no header row)"));
    TEST_COND("only a BOM", open_fails("bomonly.csv", "\xEF\xBB\xBF", 3,
                                       ": empty file (no header row)"));
    TEST_COND("duplicate column",
              open_fails("dup.csv", "a,b,c,d,b\n1,2,3,4,5\n", 21,
                         ":1: duplicate column name 'b' (columns 2 and 5)"));
    TEST_COND("duplicate after trimming",
              open_fails("dup2.csv", "x, a ,a\n", 8,
                         ":1: duplicate column name 'a' (columns 2 and 3)"));
    TEST_COND("duplicate on header line 3 (after blank lines)",
              open_fails("dup3.csv", "\n\nq,q\n", 6,
                         ":3: duplicate column name 'q' (columns 1 and 2)"));
    TEST_COND("empty column name", open_fails("noname.csv", "a,b,,d\n", 7,
                                              ":1: column 3 has no name"));
    TEST_COND(
        "blank quoted column name",
        open_fails("noname2.csv", "\"  \",b\n", 7, ":1: column 1 has no name"));
    TEST_COND("trailing delimiter in header",
              open_fails("noname3.csv", "a,b,\n1,2,3\n", 11,
                         ":1: column 3 has no name"));
    TEST_COND("unterminated quote in header",
              open_fails(
                  "hq.csv", "a,\"b\n1,2\n", 9,
                  ":1: unterminated quoted field (the quote opens on line 1)"));
    TEST_COND("malformed header",
              open_fails("hm.csv", "a,b\"c\n", 6,
                         ":1: malformed CSV (a quote inside "
                         "an unquoted field in column 2)"));
    {
        char *err = NULL;
        rt_csv *c = rt_csv_open("/nonexistent/dir/x.csv", NULL, &err);
        TEST_COND("missing file",
                  !c && err &&
                      strcmp(err, "/nonexistent/dir/x.csv: No "
                                  "such file or directory") == 0);
        free(err);
    }
    {
        char *err = NULL;
        rt_csv *c = rt_csv_open(tmpdir, NULL, &err);
        TEST_COND("a directory is refused",
                  !c && msg_is(err, tmpdir, ": is a folder, not a data file"));
        free(err);
    }
    {
        char *err = NULL;
        rt_csv_opts o = {.delimiter = '"'};
        rt_csv *c = rt_csv_open(puts_("badd.csv", "a,b\n"), &o, &err);
        TEST_COND("quote as delimiter refused", !c && err != NULL);
        free(err);
    }
}

static void test_header_only(void)
{
    TEST_COND("header only", reads_as("hdr.csv", "a,b\n", 0, ""));
    TEST_COND("header only, no newline", reads_as("hdr2.csv", "a,b", 0, ""));
    TEST_COND("header only, CRLF and blank lines",
              reads_as("hdr3.csv", "a,b\r\n\r\n\r\n", 0, ""));
    char *err = NULL;
    rt_csv *c = rt_csv_open(puts_("hdr4.csv", "x\n"), NULL, &err);
    int rc;
    char *got = c ? scan_str(c, NULL, &rc, NULL) : NULL;
    TEST_COND("header only: 0 rows, rc 0",
              c && rc == 0 && rt_csv_rows(c) == 0 && rt_csv_ncols(c) == 1);
    free(got);
    rt_csv_close(c);
}

/* A scan that fails: the rows read before the error, then the message. */
typedef struct {
    const char *what, *file, *content;
    size_t n; /* 0: strlen(content); else the content holds a NUL */
    const char *rows, *tail;
} bad_scan;

static void test_scan_errors(void)
{
    static const bad_scan cases[] = {
        {"ragged (short) row", "rag.csv", "a,b,c\n1,2,3\n1,2\n4,5,6\n", 0,
         "2:1|2|3\n", ":3: row has 2 fields, the header has 3"},
        {"ragged (long) row", "rag2.csv", "a,b,c\n1,2,3,4\n", 0, "",
         ":2: row has 4 fields, the header has 3"},
        {"ragged row after a quoted newline and a blank line", "rag3.csv",
         "a,b\n\"x\ny\",1\n\n7\n", 0, "2:x\ny|1\n",
         ":5: row has 1 field, the header has 2"},
        {"ragged multi-line row names its first line", "rag4.csv",
         "a,b\n1,\"two\nlines\",3\n", 0, "",
         ":2: row has 3 fields, the header has 2"},
        {"unterminated quote", "unterm.csv",
         "a,b,c\n1,2,3\n4,\"oops,6\n7,8,9\n", 0, "2:1|2|3\n",
         ":3: unterminated quoted field (the quote opens on line 3)"},
        {"unterminated quote opening on a later line than the record",
         "unterm2.csv", "a,b\n1,2\n\"x\ny\",\"z\nw\n", 0, "2:1|2\n",
         ":3: unterminated quoted field (the quote opens on line 4)"},
        {"unterminated quote, first field, no newline", "unterm3.csv",
         "a,b\n\"open", 0, "",
         ":2: unterminated quoted field (the quote opens on line 2)"},
        {"quote inside unquoted field", "mal.csv", "a,b\n1,x\"y\n", 0, "",
         ":2: malformed CSV (a quote inside an unquoted field in "
         "column 'b')"},
        {"text after closing quote", "mal2.csv", "a,b\n1,2\n\"ab\"c,1\n", 0,
         "2:1|2\n",
         ":3: malformed CSV ('c' after the closing quote in "
         "column 'a')"},
        {"malformed on a later line of the record", "mal3.csv",
         "a,b\n\"x\ny\"z,1\n", 0, "",
         ":2: malformed CSV ('z' after the closing quote in "
         "column 'a', on line 3)"},
        {"NUL byte in field", "nul.csv", "a,b\n1,2\n1,x\0y\n", 14, "2:1|2\n",
         ":3: NUL byte in field (column 'b')"},
        {"NUL byte in quoted multi-line field", "nul2.csv", "a,b\n\"\0\n\",1\n",
         10, "", ":2: NUL byte in field (column 'a')"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_scan *b = &cases[i];
        size_t n = b->n ? b->n : strlen(b->content);
        TEST_COND(b->what,
                  scan_fails(b->file, b->content, n, b->rows, b->tail));
    }
    bool skip_b[] = {true, false};
    {
        const char *path = put("nul3.csv", "a,b\n1,x\0\n", 9);
        char *err = NULL;
        rt_csv *c = rt_csv_open(path, NULL, &err);
        int rc;
        char *got = c ? scan_str(c, skip_b, &rc, NULL) : NULL;
        TEST_COND("NUL byte in an unwanted column still an error",
                  c && rc == -1 &&
                      msg_is(rt_csv_error(c), path,
                             ":2: NUL byte in field (column 'b')"));
        free(got);
        rt_csv_close(c);
    }
    {
        /* an error scan leaves the reader usable: scan again, same error */
        const char *path = puts_("again.csv", "a\n1\n\"x");
        char *err = NULL;
        rt_csv *c = rt_csv_open(path, NULL, &err);
        int rc1 = 0, rc2 = 0;
        char *g1 = c ? scan_str(c, NULL, &rc1, NULL) : NULL;
        char *g2 = c ? scan_str(c, NULL, &rc2, NULL) : NULL;
        TEST_COND(
            "failed scan repeats the same way",
            c && rc1 == -1 && rc2 == -1 && strcmp(g1, g2) == 0 &&
                msg_is(rt_csv_error(c), path,
                       ":3: unterminated quoted field (the quote opens on "
                       "line 3)"));
        free(g1);
        free(g2);
        rt_csv_close(c);
    }
}

static void test_wanted_and_stop(void)
{
    char *err = NULL;
    rt_csv *c = rt_csv_open(puts_("want.csv", "a,b,c\n1,two,3\n4,five,6\n"),
                            NULL, &err);
    if (!c) {
        TEST_COND("wanted: opens", false);
        return;
    }
    bool wanted[] = {true, false, true};
    int rc;
    bool bad;
    char *got = scan_str(c, wanted, &rc, &bad);
    TEST_COND("wanted mask: skipped column is empty",
              rc == 0 && !bad && strcmp(got, "2:1||3\n3:4||6\n") == 0);
    free(got);
    got = scan_str(c, NULL, &rc, &bad);
    TEST_COND("wanted mask: full scan afterwards",
              rc == 0 && strcmp(got, "2:1|two|3\n3:4|five|6\n") == 0);
    free(got);
    bool none[] = {false, false, false};
    got = scan_str(c, none, &rc, &bad);
    TEST_COND("wanted mask: nothing wanted still counts rows",
              rc == 0 && strcmp(got, "2:||\n3:||\n") == 0 &&
                  rt_csv_rows(c) == 2);
    free(got);

    sink s = {0};
    s.ncols = 3;
    s.stop_at = 1;
    s.stop_rc = 7;
    sink_add(&s, "", 0);
    rc = rt_csv_scan(c, NULL, sink_row, &s);
    TEST_COND("callback stop: returns its value",
              rc == 7 && s.calls == 1 && strcmp(s.buf, "2:1|two|3\n") == 0);
    TEST_COND("callback stop: no CSV error", strcmp(rt_csv_error(c), "") == 0);
    free(s.buf);
    rt_csv_close(c);

    c = rt_csv_open(puts_("want2.csv", "a,b,c\n1,2,3\n1,2\n"), NULL, &err);
    bool only_a[] = {true, false, false};
    got = c ? scan_str(c, only_a, &rc, NULL) : NULL;
    TEST_COND("wanted mask: ragged rows still detected",
              c && rc == -1 &&
                  strstr(rt_csv_error(c), ":3: row has 2 fields") != NULL);
    free(got);
    rt_csv_close(c);
}

/* ---- big inputs ---- */

typedef struct bigsink {
    size_t rows, bad, maxlen;
    size_t expect_line; /* for the many-rows test */
} bigsink;

static int big_field_row(void *ctx, const rt_row *row)
{
    bigsink *b = ctx;
    b->rows++;
    if (row->len[1] > b->maxlen)
        b->maxlen = row->len[1];
    if (b->rows == 1) {
        /* "x" * 1M, "\n", "y" * 1M: 2,000,001 bytes */
        const char *f = row->field[1];
        if (row->line != 2 || row->len[1] != 2000001 || f[0] != 'x' ||
            f[999999] != 'x' || f[1000000] != '\n' || f[1000001] != 'y' ||
            f[2000000] != 'y' || f[2000001] != '\0' || strlen(f) != row->len[1])
            b->bad++;
    } else if (row->line != 4 || strcmp(row->field[0], "after") != 0 ||
               strcmp(row->field[1], "ok") != 0) {
        b->bad++;
    }
    return 0;
}

static void test_big_field(void)
{
    size_t n = 2000001 + 64;
    char *s = malloc(n), *p = s;
    p += sprintf(p, "k,v\nbig,\"");
    memset(p, 'x', 1000000), p += 1000000;
    *p++ = '\n';
    memset(p, 'y', 1000000), p += 1000000;
    p += sprintf(p, "\"\nafter,ok\n");
    char *err = NULL;
    rt_csv *c = rt_csv_open(put("big.csv", s, (size_t)(p - s)), NULL, &err);
    free(s);
    bigsink b = {0};
    int rc = c ? rt_csv_scan(c, NULL, big_field_row, &b) : -2;
    TEST_COND("2 MB quoted field across blocks, next record on line 4",
              rc == 0 && b.rows == 2 && b.bad == 0 && b.maxlen == 2000001);
    rt_csv_close(c);
}

static int wide_row(void *ctx, const rt_row *row)
{
    bigsink *b = ctx;
    b->rows++;
    char want[32];
    for (int i = 0; i < row->nfields; i += 997) {
        snprintf(want, sizeof want, "%zu.%d", b->rows, i);
        if (strcmp(row->field[i], want) != 0)
            b->bad++;
    }
    snprintf(want, sizeof want, "%zu.%d", b->rows, 9999);
    if (row->nfields != 10000 || strcmp(row->field[9999], want) != 0)
        b->bad++;
    return 0;
}

static void test_wide(void)
{
    size_t cap = 16 * 1024 * 1024;
    char *s = malloc(cap), *p = s;
    for (int i = 0; i < 10000; i++)
        p += sprintf(p, "%sc%d", i ? "," : "", i);
    *p++ = '\n';
    for (int r = 1; r <= 3; r++) {
        for (int i = 0; i < 10000; i++)
            p += sprintf(p, "%s%d.%d", i ? "," : "", r, i);
        *p++ = '\n';
    }
    char *err = NULL;
    rt_csv *c = rt_csv_open(put("wide.csv", s, (size_t)(p - s)), NULL, &err);
    free(s);
    TEST_COND(
        "10000 columns: header",
        c && rt_csv_ncols(c) == 10000 && rt_csv_find(c, "c9999") == 9999 &&
            rt_csv_find(c, "c0") == 0 && rt_csv_find(c, "c5000") == 5000 &&
            strcmp(rt_csv_colname(c, 1234), "c1234") == 0);
    bigsink b = {0};
    int rc = c ? rt_csv_scan(c, NULL, wide_row, &b) : -2;
    TEST_COND("10000 columns: rows", rc == 0 && b.rows == 3 && b.bad == 0);
    rt_csv_close(c);
}

static int many_row(void *ctx, const rt_row *row)
{
    bigsink *b = ctx;
    b->rows++;
    char want[32];
    snprintf(want, sizeof want, "%zu", b->rows);
    /* every 7th record spans two lines (quoted newline) */
    if (row->line != b->expect_line || strcmp(row->field[0], want) != 0)
        b->bad++;
    b->expect_line += (b->rows % 7 == 0) ? 2 : 1;
    if (b->rows % 11 == 0)
        b->expect_line++; /* a blank line follows */
    return 0;
}

/* Enough rows to cross several 1 MiB blocks, with quoted newlines and
 * blank lines, so line counting across block edges is checked. */
static void test_many_rows(bool crlf)
{
    const char *nl = crlf ? "\r\n" : "\n";
    size_t cap = 16 * 1024 * 1024;
    char *s = malloc(cap), *p = s;
    p += sprintf(p, "id,text%s", nl);
    size_t rows = 300000;
    for (size_t r = 1; r <= rows; r++) {
        if (r % 7 == 0)
            p += sprintf(p, "%zu,\"some%stext\"%s", r, nl, nl);
        else
            p += sprintf(p, "%zu,plain text here%s", r, nl);
        if (r % 11 == 0)
            p += sprintf(p, "%s", nl);
    }
    char *err = NULL;
    rt_csv *c = rt_csv_open(
        put(crlf ? "many_crlf.csv" : "many.csv", s, (size_t)(p - s)), NULL,
        &err);
    free(s);
    bigsink b = {0};
    b.expect_line = 2;
    int rc = c ? rt_csv_scan(c, NULL, many_row, &b) : -2;
    TEST_COND(crlf ? "300000 rows (CRLF) with right line numbers"
                   : "300000 rows with right line numbers",
              rc == 0 && b.rows == rows && b.bad == 0 &&
                  rt_csv_rows(c) == rows);
    rt_csv_close(c);
}

/* The readers of a file (plain lines split directly how 0, every line
 * through libcsv 1, plain lines in runs 2): the rows, the scan result
 * and the error text. */
static char *read_with(const char *path, char delim, int how)
{
    char *err = NULL;
    bool libcsv_only = how == 1;
    rt_csv_opts o = {.delimiter = delim, .libcsv_only = libcsv_only};
    rt_csv *c = rt_csv_open(path, &o, &err);
    if (!c) {
        size_t n = strlen(err) + 16;
        char *r = malloc(n);
        snprintf(r, n, "open: %s", err);
        free(err);
        return r;
    }
    int rc, runs, in_runs;
    bool bad;
    char *got = how == 2 ? scan_runs(c, NULL, 0, &rc, &bad, &runs, &in_runs)
                         : scan_str(c, NULL, &rc, &bad);
    const char *e = rt_csv_error(c);
    size_t n = strlen(got) + strlen(e) + 64;
    char *r = malloc(n);
    snprintf(r, n, "%src=%d bad=%d err=%s", got, rc, bad, e);
    free(got);
    rt_csv_close(c);
    return r;
}

/* The fast path for plain lines must read every file exactly as libcsv
 * does. Random files of three-field records whose fields are drawn from
 * tokens with padding, quotes, embedded delimiters and newlines, with
 * CRLF, bare CR and blank lines, and now and then a NUL or stray quote:
 * compared record by record, with the error text. */
static void test_fast_path_equals_libcsv(void)
{
    static const char *const tokens[] = {
        "a",    " b",  "c ",    " d\t",       "\te",        "",
        " ",    "x y", "\"q\"", " \"q, r\" ", "\"l1\nl2\"", "\"a\"\"b\"",
        "\"\"", "7",   "8.5",   "\t"};
    static const char *const ends[] = {"\n", "\n",   "\n",  "\r\n",
                                       "\r", "\n\n", " \n", "\n\t\n"};
    uint64_t state = 7;
    int bad = 0;
    for (int t = 0; t < 3000; t++) {
        char buf[4096];
        char delim = t % 3 == 0 ? '\t' : t % 3 == 1 ? ',' : ';';
        int len = snprintf(buf, sizeof buf, "a%cb%cc\n", delim, delim);
        int nrec = 1 + (int)(state % 12);
        for (int r = 0; r < nrec && len < 3900; r++) {
            for (int f = 0; f < 3; f++) {
                state = state * 6364136223846793005ull + 1442695040888963407ull;
                const char *tok = tokens[(state >> 33) % 16];
                len += snprintf(buf + len, sizeof buf - (size_t)len, "%s%s",
                                f ? (char[]){delim, 0} : "", tok);
            }
            state = state * 6364136223846793005ull + 1442695040888963407ull;
            len += snprintf(buf + len, sizeof buf - (size_t)len, "%s",
                            ends[(state >> 33) % 8]);
            if ((state >> 40) % 40 == 0) /* a stray byte */
                buf[len++] = (state >> 50) % 2 ? '\0' : '"';
        }
        const char *path = put("fast.csv", buf, (size_t)len);
        nmade--; /* rewritten each round */
        char *fast = read_with(path, delim, 0);
        char *slow = read_with(path, delim, 1);
        char *runs = read_with(path, delim, 2);
        if ((strcmp(fast, slow) != 0 || strcmp(runs, slow) != 0) && bad++ < 3)
            printf("  input %d differs:\n  fast: %s\n  runs: %s\n  libcsv: "
                   "%s\n",
                   t, fast, runs, slow);
        free(fast);
        free(slow);
        free(runs);
        free(made[nmade]);
        unlink(path);
    }
    TEST_COND("plain lines read as libcsv reads them, alone and in runs "
              "(3000 random files)",
              bad == 0);
}

/* 1000 records, record 500 quoted: runs of at most RT_ROWS_MAX plain
 * records, the quoted one alone between them, the same rows as a
 * record-at-a-time scan, a stop inside a run and a ragged row after
 * one. */
static void test_runs(void)
{
    size_t cap = 64 * 1024;
    char *s = malloc(cap), *p = s;
    p += sprintf(p, "id,name,x\n");
    for (int r = 1; r <= 1000; r++)
        p += sprintf(p, r == 500 ? "%d,\"q, %d\",%d\n" : "%d,n%d,%d\n", r, r,
                     r * 7);
    char *err = NULL;
    rt_csv *c = rt_csv_open(put("runs.csv", s, (size_t)(p - s)), NULL, &err);
    bool wanted[3] = {true, false, true};
    int rc1 = -2, rc2 = -2, runs = 0, in_runs = 0;
    bool bad1 = true, bad2 = true;
    char *one = c ? scan_str(c, wanted, &rc1, &bad1) : NULL;
    char *run =
        c ? scan_runs(c, wanted, 0, &rc2, &bad2, &runs, &in_runs) : NULL;
    TEST_COND("runs: the rows of a record-at-a-time scan, in order",
              one && run && strcmp(one, run) == 0 && rc1 == 0 && rc2 == 0 &&
                  !bad1 && !bad2 && strstr(run, "\n501:500||3500\n"));
    /* 499 plain before the quoted one, 500 after: 8 + 8 runs of 64. */
    TEST_COND("runs: plain records in runs of at most 64, the quoted one "
              "alone",
              in_runs == 999 && runs == 16 && rt_csv_rows(c) == 1000);
    free(one);
    free(run);
    run = c ? scan_runs(c, NULL, 130, &rc2, &bad2, &runs, &in_runs) : NULL;
    TEST_COND("runs: a stop inside a run ends the scan there",
              run && rc2 == 9 && in_runs == 130 && strlen(run) > 18 &&
                  strcmp(run + strlen(run) - 18, "\n131:130|n130|910\n") == 0);
    free(run);
    rt_csv_close(c);
    p = s + sprintf(s, "a,b\n");
    for (int r = 1; r <= 98; r++)
        p += sprintf(p, "%d,x\n", r);
    p += sprintf(p, "99,x,extra\n100,x\n");
    const char *path = put("runs_ragged.csv", s, (size_t)(p - s));
    c = rt_csv_open(path, NULL, &err);
    run = c ? scan_runs(c, NULL, 0, &rc2, &bad2, &runs, &in_runs) : NULL;
    TEST_COND("runs: a ragged row after a run: the run's rows, then the error",
              run && rc2 == -1 && in_runs == 98 && strstr(run, "\n99:98|x\n") &&
                  msg_is(rt_csv_error(c), path,
                         ":100: row has 3 fields, the header has 2"));
    free(run);
    rt_csv_close(c);
    free(s);
}

int main(void)
{
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 2;
    }
    test_basic();
    test_formats();
    test_delimiters();
    test_header_errors();
    test_header_only();
    test_scan_errors();
    test_wanted_and_stop();
    test_big_field();
    test_wide();
    test_many_rows(false);
    test_many_rows(true);
    test_fast_path_equals_libcsv();
    test_runs();
    cleanup();
    return TEST_REPORT();
}

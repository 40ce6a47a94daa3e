/* test_output.c — the result writers, byte for byte, on a small table
 * (two dimensions, period first; missing numbers; a field with a comma
 * and quotes; "Niš"), plus write errors and the atomic file replace.
 * The expected texts were derived independently (by hand and a Python
 * model of the rules in output.h), not copied from the writer. */
#include "output.h"
#include "testhelp.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const dim_names[] = {"year", "municipality"};
static const char *const d_2022_t[] = {"2022", NULL};
static const uint64_t municipality_total[] = {2}; /* bit 1 */
static const char *const d_2022_nis[] = {"2022", "Niš"};
static const char *const d_2021_bp[] = {"2021", "Bela Palanka, \"centar\""};
static const char *const d_2021_ab[] = {"2021", "a|b\tc"};

static rt_outrow rows[] = {
    {.indicator = "unemployment_rate",
     .dims = d_2022_t,
     .numerator = 1234,
     .denominator = 9876,
     .value = 12.495,
     .has_numerator = true,
     .has_denominator = true,
     .has_value = true,
     .unit = "percent",
     .status = "warning",
     .n = 3,
     .flags = "",
     .total = municipality_total},
    {.indicator = "unemployment_rate",
     .dims = d_2022_nis,
     .numerator = 56,
     .has_numerator = true,
     .has_denominator = true,
     .unit = "percent",
     .status = "",
     .n = 2,
     .flags = "zero_denominator;low_count"},
    {.indicator = "population",
     .dims = d_2021_bp,
     .value = 11947,
     .has_value = true,
     .unit = "persons",
     .status = "",
     .n = 12,
     .flags = ""},
    {.indicator = "share",
     .dims = d_2021_ab,
     .numerator = 1,
     .denominator = 3,
     .value = 1.0 / 3.0,
     .has_numerator = true,
     .has_denominator = true,
     .has_value = true,
     .unit = "ratio",
     .status = "",
     .n = 1,
     .flags = "low_count"},
};

static const rt_result result = {
    .ndims = 2, .dim_names = dim_names, .nrows = 4, .rows = rows};

/* One literal per output line, so the expected text reads as output. */
// clang-format off
static const char want_csv[] =
    "indicator,year,municipality,numerator,denominator,value,unit,status,n,flags\n"
    "unemployment_rate,2022,_T,1234,9876,12.495,percent,warning,3,\n"
    "unemployment_rate,2022,Niš,56,0,,percent,,2,zero_denominator;low_count\n"
    "population,2021,\"Bela Palanka, \"\"centar\"\"\",,,11947,persons,,12,\n"
    "share,2021,a|b\tc,1,3,0.3333333333333333,ratio,,1,low_count\n";

static const char want_table[] =
    "indicator          year  municipality            numerator  denominator   value  unit     status    n  flags\n"
    "-----------------  ----  ----------------------  ---------  -----------  ------  -------  -------  --  --------------------------\n"
    "unemployment_rate  2022  _T                           1234         9876   12.49  percent  warning   3\n"
    "unemployment_rate  2022  Niš                            56            0          percent            2  zero_denominator;low_count\n"
    "population         2021  Bela Palanka, \"centar\"                           11947  persons           12\n"
    "share              2021  a|b c                           1            3  0.3333  ratio              1  low_count\n";

static const char want_md[] =
    "| indicator         | year | municipality           | numerator | denominator |  value | unit    | status  |    n | flags                      |\n"
    "| ----------------- | ---- | ---------------------- | --------: | ----------: | -----: | ------- | ------- | ---: | -------------------------- |\n"
    "| unemployment_rate | 2022 | _T                     |      1234 |        9876 |  12.49 | percent | warning |    3 |                            |\n"
    "| unemployment_rate | 2022 | Niš                    |        56 |           0 |        | percent |         |    2 | zero_denominator;low_count |\n"
    "| population        | 2021 | Bela Palanka, \"centar\" |           |             |  11947 | persons |         |   12 |                            |\n"
    "| share             | 2021 | a\\|b c                 |         1 |           3 | 0.3333 | ratio   |         |    1 | low_count                  |\n";

static const char want_json[] =
    "{\n"
    "  \"columns\": [\"year\", \"municipality\"],\n"
    "  \"rows\": [\n"
    "    {\"indicator\": \"unemployment_rate\", \"year\": \"2022\", \"municipality\": \"_T\", "
        "\"numerator\": 1234, \"denominator\": 9876, \"value\": 12.495, "
        "\"unit\": \"percent\", \"status\": \"warning\", \"n\": 3, \"flags\": []},\n"
    "    {\"indicator\": \"unemployment_rate\", \"year\": \"2022\", \"municipality\": \"Niš\", "
        "\"numerator\": 56, \"denominator\": 0, \"value\": null, "
        "\"unit\": \"percent\", \"status\": null, \"n\": 2, \"flags\": [\"zero_denominator\", \"low_count\"]},\n"
    "    {\"indicator\": \"population\", \"year\": \"2021\", \"municipality\": \"Bela Palanka, \\\"centar\\\"\", "
        "\"numerator\": null, \"denominator\": null, \"value\": 11947, "
        "\"unit\": \"persons\", \"status\": null, \"n\": 12, \"flags\": []},\n"
    "    {\"indicator\": \"share\", \"year\": \"2021\", \"municipality\": \"a|b\\u0009c\", "
        "\"numerator\": 1, \"denominator\": 3, \"value\": 0.3333333333333333, "
        "\"unit\": \"ratio\", \"status\": null, \"n\": 1, \"flags\": [\"low_count\"]}\n"
    "  ]\n"
    "}\n";
// clang-format on

/* Writes r in fmt to a memory stream; the caller frees the text. */
static char *render(const rt_result *r, rt_format fmt, int *rc)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    if (!f)
        return NULL;
    *rc = rt_write(f, r, fmt);
    fclose(f);
    return text;
}

static int same_text(const char *got, const char *want)
{
    if (got && strcmp(got, want) == 0)
        return 1;
    printf("--- want\n%s--- got\n%s---\n", want, got ? got : "(null)");
    return 0;
}

static void check_format(const char *name, rt_format fmt, const char *want)
{
    int rc = -1;
    char *got = render(&result, fmt, &rc);
    TEST_COND(name, rc == 0 && same_text(got, want));
    free(got);
}

static void test_formats(void)
{
    check_format("csv exact", RT_FMT_CSV, want_csv);
    check_format("table exact", RT_FMT_TABLE, want_table);
    check_format("markdown exact", RT_FMT_MD, want_md);
    check_format("json exact", RT_FMT_JSON, want_json);
}

static void test_empty_and_odd(void)
{
    rt_result empty = {0};
    int rc = -1;
    char *got = render(&empty, RT_FMT_CSV, &rc);
    TEST_COND("csv with no dims and no rows is the header",
              rc == 0 && same_text(got, "indicator,numerator,denominator,"
                                        "value,unit,status,n,flags\n"));
    free(got);
    got = render(&empty, RT_FMT_JSON, &rc);
    TEST_COND("json with no rows",
              rc == 0 && same_text(got, "{\n  \"columns\": [],\n"
                                        "  \"rows\": []\n}\n"));
    free(got);

    /* CR and LF force quotes; JSON escapes them and the backslash. */
    static const char *const dn[] = {"a,b"};
    static const char *const dv[] = {"x\r\ny\\"};
    static rt_outrow row[] = {{.indicator = "i",
                               .dims = dv,
                               .numerator = -0.0,
                               .denominator = 1e22,
                               .value = 0.1,
                               .has_numerator = true,
                               .has_denominator = true,
                               .has_value = true,
                               .unit = "",
                               .status = "high",
                               .flags = ";a;;b;"}};
    rt_result odd = {.ndims = 1, .dim_names = dn, .nrows = 1, .rows = row};
    got = render(&odd, RT_FMT_CSV, &rc);
    TEST_COND("csv quotes CR/LF and header names, prints -0 as 0",
              rc == 0 && same_text(got, "indicator,\"a,b\",numerator,"
                                        "denominator,value,unit,status,n,"
                                        "flags\ni,\"x\r\ny\\\",0,1e+22,0.1,,"
                                        "high,0,;a;;b;\n"));
    free(got);
    got = render(&odd, RT_FMT_JSON, &rc);
    TEST_COND("json escapes controls, skips empty flags",
              rc == 0 && same_text(got, "{\n  \"columns\": [\"a,b\"],\n"
                                        "  \"rows\": [\n    {\"indicator\": "
                                        "\"i\", \"a,b\": \"x\\u000d\\u000ay"
                                        "\\\\\", \"numerator\": 0, "
                                        "\"denominator\": 1e+22, \"value\": "
                                        "0.1, \"unit\": \"\", \"status\": "
                                        "\"high\", \"n\": 0, \"flags\": "
                                        "[\"a\", \"b\"]}\n  ]\n}\n"));
    free(got);
}

/* Totals and unknowns are bits; only the writers spell them "_T", "_U".
 * A data value that reads as a marker gets one more backslash, in every
 * format, so it never shows like the total. */
static void test_markers(void)
{
    static const char *const dn[] = {"g", "h"};
    static const char *const v_total[] = {NULL, NULL};
    static const char *const v_data[] = {"_T", "\\_U"};
    static const char *const v_unknown[] = {"x", NULL};
    static const uint64_t both[] = {3}, second[] = {2};
    static rt_outrow mrows[] = {
        {.indicator = "i",
         .dims = v_total,
         .unit = "",
         .status = "",
         .n = 1,
         .flags = "",
         .total = both},
        {.indicator = "i",
         .dims = v_data,
         .unit = "",
         .status = "",
         .n = 1,
         .flags = ""},
        {.indicator = "i",
         .dims = v_unknown,
         .unit = "",
         .status = "",
         .n = 1,
         .flags = "",
         .unknown = second},
    };
    rt_result m = {.ndims = 2, .dim_names = dn, .nrows = 3, .rows = mrows};
    int rc = -1;
    char *got = render(&m, RT_FMT_CSV, &rc);
    TEST_COND("csv: bits as _T/_U, marker-like values escaped",
              rc == 0 && same_text(got, "indicator,g,h,numerator,denominator,"
                                        "value,unit,status,n,flags\n"
                                        "i,_T,_T,,,,,,1,\n"
                                        "i,\\_T,\\\\_U,,,,,,1,\n"
                                        "i,x,_U,,,,,,1,\n"));
    free(got);
    got = render(&m, RT_FMT_JSON, &rc);
    TEST_COND("json: the escape backslash is escaped",
              rc == 0 && got &&
                  strstr(got, "\"g\": \"\\\\_T\", \"h\": "
                              "\"\\\\\\\\_U\""));
    free(got);
    TEST_COND("rt_dim_shows: _T is the total, \\_T the value",
              rt_dim_shows(&mrows[0], 0, "_T") &&
                  !rt_dim_shows(&mrows[0], 0, "\\_T") &&
                  rt_dim_shows(&mrows[1], 0, "\\_T") &&
                  !rt_dim_shows(&mrows[1], 0, "_T") &&
                  rt_dim_shows(&mrows[2], 1, "_U") &&
                  rt_dim_is_unknown(&mrows[2], 1) &&
                  !rt_dim_is_total(&mrows[2], 1));
}

static void test_format_parse(void)
{
    rt_format f = RT_FMT_CSV;
    TEST_COND("parse json", rt_format_parse("json", &f) && f == RT_FMT_JSON);
    TEST_COND("parse table", rt_format_parse("table", &f) && f == RT_FMT_TABLE);
    TEST_COND("parse md", rt_format_parse("md", &f) && f == RT_FMT_MD);
    TEST_COND("parse csv", rt_format_parse("csv", &f) && f == RT_FMT_CSV);
    TEST_COND("unknown format rejected",
              !rt_format_parse("xml", &f) && !rt_format_parse("CSV", &f));
}

/* A stream opened for reading refuses writes on every system. */
static void test_write_errors(void)
{
    char path[] = "/tmp/sicalc-test-ro-XXXXXX";
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
    int rc = f ? rt_write(f, &result, RT_FMT_TABLE) : 0;
    TEST_COND("write to a read-only stream returns -1", f && rc == -1);
    if (f)
        fclose(f);
    unlink(path);

    f = fopen("/dev/full", "w");
    if (f) {
        errno = 0;
        rc = rt_write(f, &result, RT_FMT_JSON);
        TEST_COND("write to /dev/full returns -1 with ENOSPC",
                  rc == -1 && errno == ENOSPC);
        fclose(f);
    }
}

/* ---- atomic file replace ---------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = malloc(1 << 16);
    size_t n = fread(buf, 1, (1 << 16) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int file_is(const char *path, const char *want)
{
    char *got = slurp(path);
    int ok = got && strcmp(got, want) == 0;
    free(got);
    return ok;
}

/* Names in dir other than "." and "..", counting those starting with a
 * dot (left-over temporaries) into *hidden. */
static int count_entries(const char *dir, int *hidden)
{
    DIR *d = opendir(dir);
    int n = 0;
    *hidden = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        *hidden += e->d_name[0] == '.';
    }
    closedir(d);
    return n;
}

static char *join(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);
    sprintf(p, "%s/%s", dir, name);
    return p;
}

/* Empties and removes the test directory, also after a failed run that
 * left temporaries or a "sub" directory behind. */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    for (struct dirent *e; (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = join(dir, e->d_name);
        if (unlink(p) != 0)
            rmdir(p);
        free(p);
    }
    closedir(d);
    rmdir(dir);
}

/* A write that fails part-way (file size limit) must leave the old file
 * and no temporary. RLIMIT_FSIZE works even as root, unlike a read-only
 * directory. Nothing may be printed while the limit is on. */
static int write_with_size_limit(const char *path, rlim_t limit)
{
    struct rlimit old, lim;
    if (getrlimit(RLIMIT_FSIZE, &old) != 0)
        return 0;
    void (*prev)(int) = signal(SIGXFSZ, SIG_IGN);
    fflush(stdout);
    lim = old;
    lim.rlim_cur = limit;
    int rc = 1;
    if (setrlimit(RLIMIT_FSIZE, &lim) == 0) {
        errno = 0;
        rc = rt_write_file_atomic(path, &result, RT_FMT_CSV);
        rc = rc == -1 && errno == EFBIG ? -1 : 2;
        setrlimit(RLIMIT_FSIZE, &old);
    }
    signal(SIGXFSZ, prev);
    return rc;
}

static void test_atomic(void)
{
    char dir[] = "/tmp/sicalc-test-XXXXXX";
    if (!mkdtemp(dir)) {
        TEST_COND("mkdtemp", 0);
        return;
    }
    char *out = join(dir, "out.csv");
    char *sub = join(dir, "sub");
    char *nodir = join(dir, "nope/out.csv");
    int hidden = 0;
    struct stat st;
    mode_t old_mask = umask(022);

    TEST_COND("atomic write creates the file",
              rt_write_file_atomic(out, &result, RT_FMT_CSV) == 0 &&
                  file_is(out, want_csv));
    TEST_COND("new file is 0644 under umask 022",
              stat(out, &st) == 0 && (st.st_mode & 07777) == 0644);
    umask(027);
    TEST_COND("atomic write replaces it",
              rt_write_file_atomic(out, &result, RT_FMT_JSON) == 0 &&
                  file_is(out, want_json));
    TEST_COND("replaced file keeps its mode (0644, whatever the umask)",
              stat(out, &st) == 0 && (st.st_mode & 07777) == 0644);
    umask(022);

    errno = 0;
    TEST_COND("missing directory fails with ENOENT",
              rt_write_file_atomic(nodir, &result, RT_FMT_CSV) == -1 &&
                  errno == ENOENT);

    /* rename() onto a directory fails after the temporary is written. */
    mkdir(sub, 0755);
    TEST_COND("rename over a directory fails",
              rt_write_file_atomic(sub, &result, RT_FMT_CSV) == -1 &&
                  stat(sub, &st) == 0 && S_ISDIR(st.st_mode));

    TEST_COND("write failing part-way returns -1 (EFBIG)",
              write_with_size_limit(out, 16) == -1);
    TEST_COND("old file untouched after a failed write",
              file_is(out, want_json));

    errno = 0;
    TEST_COND("path ending in '/' fails",
              rt_write_file_atomic("/tmp/", &result, RT_FMT_CSV) == -1 &&
                  errno == EISDIR);

    TEST_COND("no temporaries left behind",
              count_entries(dir, &hidden) == 2 && hidden == 0);

    /* A bare file name: the temporary goes in the current directory. */
    char cwd[4096];
    if (getcwd(cwd, sizeof cwd) && chdir(dir) == 0) {
        int rc = rt_write_file_atomic("bare.md", &result, RT_FMT_MD);
        int ok = rc == 0 && file_is("bare.md", want_md);
        TEST_COND("bare file name written in the current directory",
                  ok && count_entries(".", &hidden) == 3 && hidden == 0);
        unlink("bare.md");
        if (chdir(cwd) != 0)
            perror(cwd);
    }

    umask(old_mask);
    remove_tree(dir);
    free(out);
    free(sub);
    free(nodir);
}

/* With an index in the catalogue the table has a last column, rank,
 * empty on indicator rows (runtime/composite.c). */
static void test_rank(void)
{
    static const char *const dn[] = {"m"};
    static const char *const v_a[] = {"A"};
    static rt_outrow r[] = {
        {.indicator = "x",
         .dims = v_a,
         .numerator = 1,
         .denominator = 2,
         .value = 0.5,
         .has_numerator = true,
         .has_denominator = true,
         .has_value = true,
         .unit = "ratio",
         .status = "",
         .n = 1,
         .flags = ""},
        {.indicator = "sdi",
         .dims = v_a,
         .value = 55.5,
         .has_value = true,
         .unit = "score",
         .status = "",
         .n = 2,
         .flags = "reweighted",
         .rank = 3},
    };
    rt_result res = {
        .ndims = 1, .dim_names = dn, .nrows = 2, .rows = r, .has_rank = true};
    int rc;
    char *got = render(&res, RT_FMT_CSV, &rc);
    TEST_COND("csv: rank is the last column, empty on indicator rows",
              rc == 0 &&
                  same_text(got, "indicator,m,numerator,denominator,value,"
                                 "unit,status,n,flags,rank\n"
                                 "x,A,1,2,0.5,ratio,,1,,\n"
                                 "sdi,A,,,55.5,score,,2,reweighted,3\n"));
    free(got);
    got = render(&res, RT_FMT_JSON, &rc);
    TEST_COND("json: rank null on indicator rows, a number on an index's",
              rc == 0 && strstr(got, "\"flags\": [], \"rank\": null}") &&
                  strstr(got, "\"rank\": 3}"));
    free(got);
}

int main(void)
{
    test_rank();
    test_formats();
    test_empty_and_odd();
    test_markers();
    test_format_parse();
    test_write_errors();
    test_atomic();
    return TEST_REPORT();
}

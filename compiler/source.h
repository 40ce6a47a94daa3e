/* source.h — a .si file held in memory, NUL-terminated, with a line map.
 * Locations everywhere are byte offsets; line:col is computed only when a
 * diagnostic is printed (source_linecol). */
#ifndef SICALC_SOURCE_H
#define SICALC_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "../runtime/arena.h"

typedef struct src_file {
    const char *path; /* as given or resolved; shown in diagnostics */
    char *text;       /* len bytes plus a terminating NUL (owned by arena) */
    size_t len;
    size_t *line_starts; /* offsets of the first byte of each line */
    size_t nlines;
} src_file;

/* A source span: [start, end) byte offsets into file->text. */
typedef struct loc {
    const src_file *file;
    uint32_t start, end;
} loc;

/* The largest .si file read: 16 MiB, far beyond any catalogue, keeps
 * byte offsets within the uint32_t of a loc and stops `sicalc check
 * /dev/zero` from eating memory. */
#define SOURCE_MAX_BYTES (16u << 20)
#define SOURCE_MAX_BYTES_TEXT "16 MiB"

/* Reads path into the arena; NULL (errno set) when it cannot be read;
 * errno is EFBIG when it holds more than SOURCE_MAX_BYTES. */
src_file *source_load(rt_arena *a, const char *path);
/* Wraps text already in memory (used for embedded stdlib and tests). */
src_file *source_from_text(rt_arena *a, const char *path, const char *text,
                           size_t len);
/* 1-based line and column (column counts UTF-8 code points). */
void source_linecol(const src_file *f, size_t off, int *line, int *col);
/* Bytes of the UTF-8 sequence at p (before end), or 1 for a byte that
 * does not start a well-formed one. */
size_t source_utf8_step(const char *p, const char *end);
/* Columns taken by s[0..len): UTF-8 code points, an invalid byte
 * counting as one (used for caret lines). */
size_t source_columns(const char *s, size_t len);
/* The text of line (1-based) without its line end; *len set. */
const char *source_line(const src_file *f, int line, size_t *len);

#endif

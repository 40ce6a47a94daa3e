/* blocks.h — output made in blocks by several threads and written in
 * order: the CSV writer's rows (output.c). */
#ifndef SICALC_BLOCKS_H
#define SICALC_BLOCKS_H

#include <stddef.h>
#include <stdio.h>

typedef struct rt_bytes {
    char *s;
    size_t n, cap;
} rt_bytes;

/* Makes block b into buf (emptied, its memory kept from block to block)
 * on thread t. */
typedef void rt_block_fn(void *ctx, int t, size_t b, rt_bytes *buf);

/* Writes blocks 0 .. n-1 to out in order. Block b is made on thread
 * b mod nthreads (at most RT_MAX_THREADS; the caller's thread is 0 and
 * writes them all), each thread at most two blocks ahead of the writing,
 * so memory stays a few blocks whatever n. A write error is left in
 * out's error flag, as by fwrite. */
void rt_write_blocks(FILE *out, size_t n, int nthreads, rt_block_fn *make,
                     void *ctx);

#endif

/* tmpfiles.h — the temporary files and folders sicalc has made and not
 * yet renamed or removed, so that SIGINT, SIGTERM or SIGHUP does not
 * leave them behind: a handler removes them (async-signal-safe: unlink
 * and rmdir only) and re-raises the signal with its default action, so
 * the exit status still tells which signal ended the process. */
#ifndef SICALC_TMPFILES_H
#define SICALC_TMPFILES_H

#include <stdbool.h>

/* Remembers path (a folder when dir) for removal if a signal ends the
 * process; removal goes newest first, so a folder's files, registered
 * after it, go before it. A path may be tracked before it is created
 * (with O_EXCL, in a private folder), so no signal falls in between.
 * The list is changed with the signals blocked in the calling thread:
 * call these while no other thread runs (scans have ended). The first call
 * installs the handlers (a signal already ignored, as under nohup, stays
 * ignored) and ignores SIGXFSZ, so that passing `ulimit -f` is a write error
 * (EFBIG) sicalc reports instead of a silent death. The path is copied. */
void rt_tmp_track(const char *path, bool dir);

/* Installs the handlers and ignores SIGXFSZ now (main calls it first),
 * so that also an output to a redirected standard output past `ulimit
 * -f` is a reported write error. rt_tmp_track does it when not done. */
void rt_tmp_init(void);

/* mkstemp and mkdtemp, tracked: the handled signals are blocked from
 * creation to registration, so no signal can fall between the two. */
int rt_tmp_mkstemp(char *tmpl);
char *rt_tmp_mkdtemp(char *tmpl);

/* Forgets path (after it was renamed or removed); no-op when unknown. */
void rt_tmp_untrack(const char *path);

/* Forgets path and every path under it (a removed folder). */
void rt_tmp_untrack_under(const char *path);

/* For tests only (tests/robustness/env.sh): when the environment
 * variable SICALC_TEST_PAUSE equals where ("write": a temporary output
 * exists), sleeps up to 30 seconds so that a test can signal the
 * process at that point. */
void rt_tmp_test_pause(const char *where);

#endif

/* tmpfiles.c — the registry of live temporaries (tmpfiles.h): a list
 * changed with the signals blocked, walked by the handler. */
#include "tmpfiles.h"

#include "arena.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct tmp_entry {
    struct tmp_entry *next;
    bool dir;
    char path[]; /* NUL-ended */
} tmp_entry;

/* Newest first. Changed only with the handled signals blocked, so the
 * handler never sees a half-linked entry. */
static tmp_entry *volatile tmp_list;

static const int handled[] = {SIGINT, SIGTERM, SIGHUP};
#define NHANDLED (int)(sizeof handled / sizeof *handled)

static void on_signal(int sig)
{
    for (tmp_entry *e = tmp_list; e; e = e->next) {
        if (e->dir)
            rmdir(e->path);
        else
            unlink(e->path);
    }
    /* SA_RESETHAND restored the default action and SA_NODEFER left sig
     * unblocked: raising it now ends the process by that signal. */
    raise(sig);
}

void rt_tmp_init(void)
{
    static bool done;
    if (done)
        return;
    done = true;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < NHANDLED; i++)
        sigaddset(&sa.sa_mask, handled[i]);
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    for (int i = 0; i < NHANDLED; i++) {
        struct sigaction old;
        if (sigaction(handled[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN)
            sigaction(handled[i], &sa, NULL);
    }
    signal(SIGXFSZ, SIG_IGN);
}

/* Blocks the handled signals; *old receives the previous mask. */
static void block(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (int i = 0; i < NHANDLED; i++)
        sigaddset(&set, handled[i]);
    pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Links a new entry for path; the caller has blocked the signals. */
static void link_entry(const char *path, bool dir)
{
    size_t n = strlen(path) + 1;
    tmp_entry *e = rt_xmalloc(sizeof *e + n);
    memcpy(e->path, path, n);
    e->dir = dir;
    e->next = tmp_list;
    tmp_list = e;
}

void rt_tmp_track(const char *path, bool dir)
{
    rt_tmp_init();
    sigset_t old;
    block(&old);
    link_entry(path, dir);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int rt_tmp_mkstemp(char *tmpl)
{
    rt_tmp_init();
    sigset_t old;
    block(&old);
    int fd = mkstemp(tmpl);
    if (fd >= 0)
        link_entry(tmpl, false);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return fd;
}

char *rt_tmp_mkdtemp(char *tmpl)
{
    rt_tmp_init();
    sigset_t old;
    block(&old);
    char *d = mkdtemp(tmpl);
    if (d)
        link_entry(tmpl, true);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return d;
}

/* Whether p is path, or (under) a path below it. */
static bool is_under(const char *p, const char *path, bool under)
{
    size_t n = strlen(path);
    return strncmp(p, path, n) == 0 && (!p[n] || (under && p[n] == '/'));
}

/* Unlinks from the list (signals blocked) and frees the entries that are
 * path, or also below it when under. */
static void drop(const char *path, bool under)
{
    sigset_t old;
    block(&old);
    tmp_entry *gone = NULL;
    for (tmp_entry *volatile *p = &tmp_list; *p;) {
        tmp_entry *e = *p;
        if (is_under(e->path, path, under)) {
            *p = e->next;
            e->next = gone;
            gone = e;
        } else {
            p = &e->next;
        }
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    while (gone) {
        tmp_entry *next = gone->next;
        free(gone);
        gone = next;
    }
}

void rt_tmp_untrack(const char *path)
{
    drop(path, false);
}

void rt_tmp_untrack_under(const char *path)
{
    drop(path, true);
}

void rt_tmp_test_pause(const char *where)
{
    const char *v = getenv("SICALC_TEST_PAUSE");
    if (v && strcmp(v, where) == 0) {
        struct timespec t = {30, 0};
        nanosleep(&t, NULL);
    }
}

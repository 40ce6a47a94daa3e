/* test_tmpfiles.c — the registry of live temporaries (tmpfiles.h): a
 * signal removes what is tracked (files before their folder), leaves
 * what was untracked, and still ends the process by that signal; an
 * ignored signal stays ignored; SIGXFSZ becomes ignored. */
#include "testhelp.h"
#include "tmpfiles.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[] = "/tmp/sicalc-tmpfiles-XXXXXX";

static char *in_dir(const char *name)
{
    static char buf[4][256];
    static int k;
    char *b = buf[k++ % 4];
    snprintf(b, sizeof buf[0], "%s/%s", dir, name);
    return b;
}

static void touch(const char *path)
{
    FILE *f = fopen(path, "w");
    if (f)
        fclose(f);
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* In a child: tracks a folder and a file in it, and a file then
 * untracked, then raises sig. Returns the child's wait status. */
static int child_raises(int sig, bool ignore_first)
{
    pid_t pid = fork();
    if (pid == 0) {
        if (ignore_first)
            signal(sig, SIG_IGN);
        mkdir(in_dir("sub"), 0700);
        rt_tmp_track(in_dir("sub"), true);
        touch(in_dir("sub/a"));
        rt_tmp_track(in_dir("sub/a"), false);
        touch(in_dir("kept"));
        rt_tmp_track(in_dir("kept"), false);
        rt_tmp_untrack(in_dir("kept"));
        raise(sig);
        _exit(signal(SIGXFSZ, SIG_DFL) == SIG_IGN ? 7 : 8);
    }
    int st = 0;
    waitpid(pid, &st, 0);
    return st;
}

int main(void)
{
    if (!mkdtemp(dir)) {
        TEST_COND("mkdtemp", 0);
        return TEST_REPORT();
    }
    int st = child_raises(SIGTERM, false);
    TEST_COND("sigterm ends the process by sigterm",
              WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM);
    TEST_COND("tracked file and folder removed",
              !exists(in_dir("sub/a")) && !exists(in_dir("sub")));
    TEST_COND("untracked file kept", exists(in_dir("kept")));
    unlink(in_dir("kept"));

    st = child_raises(SIGHUP, true);
    TEST_COND("an ignored signal stays ignored; SIGXFSZ ignored",
              WIFEXITED(st) && WEXITSTATUS(st) == 7);
    TEST_COND("nothing removed without a signal", exists(in_dir("sub/a")));
    rt_tmp_track(in_dir("sub"), true);
    rt_tmp_track(in_dir("sub/a"), false);
    rt_tmp_untrack_under(in_dir("sub"));
    unlink(in_dir("sub/a"));
    unlink(in_dir("kept"));
    rmdir(in_dir("sub"));
    TEST_COND("untrack_under", rmdir(dir) == 0);
    return TEST_REPORT();
}

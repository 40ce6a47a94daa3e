/* tempfile.c — unlinked temporary files in $TMPDIR or /tmp. */
#include "tempfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

const char *rt_temp_dir(void)
{
    const char *dir = getenv("TMPDIR");
    return dir && *dir ? dir : "/tmp";
}

/* Why unlinked at once: no name is left behind, whatever ends the run. */
int rt_temp_fd(void)
{
    char path[4096];
    int n = snprintf(path, sizeof path, "%s/sicalc-XXXXXX", rt_temp_dir());
    if (n < 0 || (size_t)n >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    int fd = mkstemp(path);
    if (fd < 0)
        return -1;
    unlink(path);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
    return fd;
}

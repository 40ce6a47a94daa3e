/* tempfile.h — private temporary files: made in $TMPDIR (or /tmp) and
 * unlinked at once, so they vanish however sicalc ends. Used for the
 * copy of a data stream (csvopen.c) and the sorted runs of order
 * statistics (samples.c). */
#ifndef SICALC_TEMPFILE_H
#define SICALC_TEMPFILE_H

/* The folder temporary files go to: $TMPDIR when set and not empty, else
 * /tmp. */
const char *rt_temp_dir(void);
/* A new empty temporary file, already unlinked, open for reading and
 * writing (close-on-exec); -1 with errno set when none can be made. */
int rt_temp_fd(void);

#endif

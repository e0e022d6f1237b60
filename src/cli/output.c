/* output.c -- atomic output files and the dictionaries directory.
 *
 * An output file is never seen half-written: we write PATH.tmp.XXXXXX in
 * the target's directory, fsync it, and rename it over PATH (atomic on
 * POSIX file systems).  A failed run leaves the previous file untouched.
 * Writeback is started every few MB while we write, so the closing fsync
 * does not wait for the whole file (11 ms of a 16 MB ingest otherwise).
 * A target that exists and is not a regular file (/dev/null, a FIFO) is
 * written directly: renaming over it would replace the device with a file.
 *
 * The lines of ingest and extract (three times the input) are not copied
 * into the stdio buffer: cli_output_take queues each line where the JSON
 * writer made it and hands a few hundred kB of them to one writev (after
 * flushing whatever went through stdio, so the order holds).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "cli/cli.h"

#define OUTPUT_BUFFER (1 << 20)
#define OUTPUT_WRITEBACK (4 << 20)
/* Queued lines are written once they reach this many bytes (kept small
 * enough that the first of them is still in the cache). */
#define OUTPUT_QUEUE_BYTES (256 << 10)

/* out->f over fd, with the output buffer; 0, or -1 with fd closed and
 * the reason reported for `path`. */
static int output_stream(cli_output *out, int fd, const char *path)
{
    out->f = fdopen(fd, "w");
    if (!out->f) {
        cli_error("%s: cannot open output: %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (out->buffer)
        setvbuf(out->f, out->buffer, _IOFBF, OUTPUT_BUFFER);
    return 0;
}

/* Open the existing device or FIFO `path` for writing, as it is (no
 * temporary file, nothing to rename); 0 on success. */
static int output_open_special(cli_output *out, const char *path)
{
    int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        cli_error("%s: cannot open output: %s", path, strerror(errno));
    else if (!output_stream(out, fd, path))
        return 0;
    free(out->buffer);
    out->buffer = NULL;
    return -1;
}

int cli_output_open(cli_output *out, const char *path)
{
    memset(out, 0, sizeof *out);
    out->buffer = malloc(OUTPUT_BUFFER);
    if (!path || !strcmp(path, "-")) {
        out->f = stdout;
        if (out->buffer)
            setvbuf(stdout, out->buffer, _IOFBF, OUTPUT_BUFFER);
        return 0;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode))
        return output_open_special(out, path);
    out->path = strdup(path);
    if (!out->path || asprintf(&out->tmp, "%s.tmp.XXXXXX", path) < 0) {
        cli_error("%s: out of memory", path);
        free(out->path);
        free(out->buffer);
        out->path = out->buffer = NULL;
        return -1;
    }
    int fd = mkstemp(out->tmp);
    if (fd < 0) {
        cli_error("%s: cannot create output: %s", path, strerror(errno));
        free(out->tmp);
        free(out->path);
        free(out->buffer);
        out->tmp = out->path = out->buffer = NULL;
        return -1;
    }
    fchmod(fd, 0644);
    if (output_stream(out, fd, path)) {
        cli_output_abort(out);
        free(out->buffer);
        out->buffer = NULL;
        return -1;
    }
    return 0;
}

/* Every OUTPUT_WRITEBACK bytes, ask the kernel to start writing the file
 * out (sync_file_range: it does not wait), so the device works while we
 * compute and the fsync at the end waits only for the last stretch. */
static void output_writeback(cli_output *out, size_t n)
{
    out->unsynced += n;
#ifdef SYNC_FILE_RANGE_WRITE
    if (out->path && out->unsynced >= OUTPUT_WRITEBACK) {
        out->unsynced = 0;
        if (fflush(out->f) == 0)
            sync_file_range(fileno(out->f), 0, 0, SYNC_FILE_RANGE_WRITE);
    }
#endif
}

/* Drop the queued lines unwritten. */
static void output_queue_free(cli_output *out)
{
    for (int i = 0; i < out->n_queued; i++)
        free(out->queued[i]);
    out->n_queued = 0;
    out->queued_bytes = 0;
}

/* writev all of iov[0..n), however many calls it takes (a call may write
 * less, or be interrupted); 0, or -1 with errno set. */
static int output_writev_all(int fd, struct iovec *iov, int n)
{
    while (n > 0) {
        ssize_t w = writev(fd, iov, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        size_t left = (size_t)w;
        for (; n > 0 && left >= iov->iov_len; iov++, n--)
            left -= iov->iov_len;
        if (n > 0) {
            iov->iov_base = (char *)iov->iov_base + left;
            iov->iov_len -= left;
        }
    }
    return 0;
}

/* Write the queued lines, after the bytes in the stdio buffer; 0, or -1
 * (the lines are freed either way). */
static int output_queue_write(cli_output *out)
{
    if (!out->n_queued)
        return 0;
    struct iovec iov[CLI_OUTPUT_QUEUE];
    for (int i = 0; i < out->n_queued; i++)
        iov[i] = (struct iovec){out->queued[i], out->queued_len[i]};
    size_t bytes = out->queued_bytes;
    int bad = fflush(out->f) != 0 || output_writev_all(fileno(out->f), iov, out->n_queued);
    output_queue_free(out);
    if (bad)
        return -1;
    output_writeback(out, bytes);
    return 0;
}

int cli_output_take(cli_output *out, char *line)
{
    size_t n = strlen(line);
    line[n] = '\n'; /* its NUL: the line is ours now */
    out->queued[out->n_queued] = line;
    out->queued_len[out->n_queued++] = n + 1;
    out->queued_bytes += n + 1;
    if (out->n_queued == CLI_OUTPUT_QUEUE || out->queued_bytes >= OUTPUT_QUEUE_BYTES)
        return output_queue_write(out);
    return 0;
}

int cli_output_line(cli_output *out, const char *s)
{
    if (output_queue_write(out))
        return -1;
    size_t n = strlen(s);
    if (fwrite(s, 1, n, out->f) != n || fputc('\n', out->f) == EOF)
        return -1;
    output_writeback(out, n + 1);
    return 0;
}

int cli_output_write(cli_output *out, const char *data, size_t len)
{
    if (output_queue_write(out))
        return -1;
    if (fwrite(data, 1, len, out->f) != len)
        return -1;
    output_writeback(out, len);
    return 0;
}

int cli_output_commit(cli_output *out)
{
    const char *name = out->path ? out->path : out->f == stdout ? "standard output" : "output";
    if (output_queue_write(out) || fflush(out->f) != 0 || ferror(out->f)) {
        cli_error("%s: cannot write: %s", name, strerror(errno));
        cli_output_abort(out);
        return -1;
    }
    if (!out->path && out->f == stdout)
        return 0; /* stdout keeps its buffer until exit */
    if (!out->path) { /* a device or FIFO */
        int bad = fclose(out->f) != 0;
        out->f = NULL;
        free(out->buffer);
        out->buffer = NULL;
        if (bad)
            cli_error("%s: cannot write: %s", name, strerror(errno));
        return bad ? -1 : 0;
    }
    int bad = fsync(fileno(out->f)) != 0 && errno != EINVAL;
    bad |= fclose(out->f) != 0;
    out->f = NULL;
    if (bad || rename(out->tmp, out->path) != 0) {
        cli_error("%s: cannot write: %s", name, strerror(errno));
        cli_output_abort(out);
        return -1;
    }
    free(out->tmp);
    free(out->path);
    free(out->buffer);
    out->tmp = out->path = out->buffer = NULL;
    return 0;
}

void cli_output_abort(cli_output *out)
{
    output_queue_free(out);
    if (out->f && out->f != stdout) {
        fclose(out->f);
        free(out->buffer);
        out->buffer = NULL;
    }
    out->f = NULL;
    if (out->tmp)
        unlink(out->tmp);
    free(out->tmp);
    free(out->path);
    out->tmp = out->path = NULL;
}

static int dict_dir_ok(const char *dir)
{
    char probe[PATH_MAX];
    struct stat st;
    int n = snprintf(probe, sizeof probe, "%s/boilerplate.tsv", dir);
    return n > 0 && (size_t)n < sizeof probe && stat(probe, &st) == 0;
}

const char *cli_dict_dir(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("CLAIMGRAPH_DICT");
    if (env && *env)
        return env;
    /* A binary in BUILD/ or BUILD/san/ of a source tree. */
    static char found[PATH_MAX + 32];
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        for (int up = 1; up <= 3; up++) {
            char *slash = strrchr(exe, '/');
            if (!slash)
                break;
            *slash = '\0';
            int len = snprintf(found, sizeof found, "%s/dictionaries", exe);
            if (len > 0 && (size_t)len < sizeof found && dict_dir_ok(found))
                return found;
        }
    }
    return CG_DICT_DIR;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* LD_PRELOAD seam: a full disk for the files under RD_TEST_DISK_FULL_DIR
 * while the file RD_TEST_DISK_FULL_FLAG exists. write() then fails with
 * ENOSPC, as it does on a full filesystem; everything else is untouched. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

ssize_t write (int fd, const void *buffer, size_t count);

static int
disk_full_for (int fd)
{
  const char *flag = getenv ("RD_TEST_DISK_FULL_FLAG");
  const char *dir = getenv ("RD_TEST_DISK_FULL_DIR");
  char link[64], target[4096];
  ssize_t length;

  if (flag == NULL || dir == NULL || dir[0] == '\0' || access (flag, F_OK) != 0)
    return 0;
  snprintf (link, sizeof link, "/proc/self/fd/%d", fd);
  length = readlink (link, target, sizeof target - 1);
  if (length < 0)
    return 0;
  target[length] = '\0';
  return strncmp (target, dir, strlen (dir)) == 0;
}

ssize_t
write (int         fd,
       const void *buffer,
       size_t      count)
{
  static ssize_t (*real_write) (int, const void *, size_t);

  if (real_write == NULL)
    real_write = (ssize_t (*) (int, const void *, size_t)) dlsym (RTLD_NEXT, "write");
  if (disk_full_for (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real_write (fd, buffer, count);
}

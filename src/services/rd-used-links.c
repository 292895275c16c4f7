/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-used-links"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "rd-used-links.h"
#include "rd-error.h"

#include <errno.h>
#include <string.h>

/* One line per used link: "<keep until, Unix seconds> <SHA-256 of its key>". */

struct _RdUsedLinks
{
  char       *path;
  GHashTable *until;   /* hash hex → gint64* */
};

static void
load (RdUsedLinks *self)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  if (!g_file_get_contents (self->path, &text, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_warning ("used links could not be read (%s); links used before this start may work again",
                   error->message);
      return;
    }
  lines = g_strsplit (text, "\n", -1);
  for (char **line = lines; *line != NULL; line++)
    {
      char *end = NULL;
      gint64 until = g_ascii_strtoll (*line, &end, 10);

      /* a damaged line is skipped: it stands for a link no longer valid,
       * or one whose window is short anyway */
      if (end == *line || *end != ' ' || strlen (end + 1) != 64)
        continue;
      g_hash_table_insert (self->until, g_strdup (end + 1), g_memdup2 (&until, sizeof until));
    }
}

RdUsedLinks *
rd_used_links_open (const char *path)
{
  RdUsedLinks *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_new0 (RdUsedLinks, 1);
  self->path = g_strdup (path);
  self->until = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  load (self);
  return self;
}

void
rd_used_links_free (RdUsedLinks *self)
{
  if (self == NULL)
    return;
  g_free (self->path);
  g_hash_table_unref (self->until);
  g_free (self);
}

static gboolean
save (RdUsedLinks  *self,
      GError      **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *dir = g_path_get_dirname (self->path);
  GHashTableIter iter;
  gpointer hash, until;

  g_hash_table_iter_init (&iter, self->until);
  while (g_hash_table_iter_next (&iter, &hash, &until))
    g_string_append_printf (text, "%" G_GINT64_FORMAT " %s\n", *(gint64 *) until, (char *) hash);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_file_set_contents_full (self->path, text->str, text->len,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE, 0600, error);
}

gboolean
rd_used_links_check_and_add (RdUsedLinks  *self,
                             const char   *key,
                             gint64        now_s,
                             gint64        keep_until_s,
                             GError      **error)
{
  g_autofree char *hash = NULL;
  g_autoptr(GError) local_error = NULL;
  GHashTableIter iter;
  gpointer until;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  g_hash_table_iter_init (&iter, self->until);
  while (g_hash_table_iter_next (&iter, NULL, &until))
    if (*(gint64 *) until < now_s)
      g_hash_table_iter_remove (&iter);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  if (g_hash_table_contains (self->until, hash))
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                           _("this reportdock:// link was used already; a signed link works once"));
      return FALSE;
    }
  g_hash_table_insert (self->until, g_strdup (hash), g_memdup2 (&keep_until_s, sizeof keep_until_s));
  if (!save (self, &local_error))
    {
      g_hash_table_remove (self->until, hash);
      g_warning ("a used link could not be written down: %s", local_error->message);
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("this signed link could not be recorded as used (%s); free space in the state "
                     "directory and click again"), local_error->message);
      return FALSE;
    }
  return TRUE;
}

guint
rd_used_links_get_n (RdUsedLinks *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return g_hash_table_size (self->until);
}

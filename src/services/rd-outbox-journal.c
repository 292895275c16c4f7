/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-outbox"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-outbox-journal.h"
#include "rd-error.h"
#include "rd-outbox.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

/* The durable outbox: every event is on disk (fsync) before anything else
 * happens with it, so that pulling the plug at any moment loses nothing
 * that was reported. Format and recovery rules live in core/rd-outbox.c. */

#define FILE_NAME "outbox.jsonl"
#define LOCK_NAME "outbox.lock"   /* never renamed, unlike the journal */
/* Damaged records, each as it was found, one per line: kept for the admin,
 * never read back into the outbox. */
#define QUARANTINE_NAME "outbox.quarantine"

struct _RdOutboxJournal
{
  GObject     parent_instance;

  char       *directory;
  char       *path;
  int         fd;
  int         lock_fd;      /* flock()ed while we are the one writer */
  GPtrArray  *events;       /* JsonNode* envelopes in order */
  GHashTable *by_id;        /* id → JsonNode (borrowed from events) */
  GHashTable *delivered;    /* ids */
  GHashTable *failed;       /* id → reason: refused for good, skipped until retried */
  GPtrArray  *unwritten;    /* "delivered" records a full disk refused, to write first */
  guint       next_undelivered;
  guint       n_damaged;    /* records in the quarantine file */
};

G_DEFINE_FINAL_TYPE (RdOutboxJournal, rd_outbox_journal, G_TYPE_OBJECT)

char *
rd_outbox_journal_default_directory (void)
{
  return g_build_filename (g_get_user_state_dir (), "reportdock", NULL);
}

static gboolean
write_durably (int          fd,
               const char  *path,
               const char  *data,
               GError     **error)
{
  gsize length = strlen (data), done = 0;

  while (done < length)
    {
      ssize_t n = write (fd, data + done, length - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;
          g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                       _("Cannot write the event outbox %s: %s"), path, g_strerror (saved));
          return FALSE;
        }
      done += n;
    }
  if (fsync (fd) != 0)
    {
      int saved = errno;
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot flush the event outbox %s to disk: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

/* A file just created is durable only once its directory entry is. */
static void
sync_directory (const char *directory)
{
  int dir = open (directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

  if (dir >= 0)
    {
      fsync (dir);
      close (dir);
    }
}

static void
remember (RdOutboxJournal *self,
          JsonNode        *envelope)
{
  g_ptr_array_add (self->events, json_node_ref (envelope));
  g_hash_table_insert (self->by_id, (gpointer) rd_outbox_envelope_id (envelope), envelope);
}

/* Appends whole records or nothing: a write cut short (disk full) is taken
 * back, so the next record starts on a line of its own. */
static gboolean
append_durably (RdOutboxJournal  *self,
                const char       *text,
                GError          **error)
{
  off_t before = lseek (self->fd, 0, SEEK_END);

  if (write_durably (self->fd, self->path, text, error))
    return TRUE;
  if (before >= 0 && ftruncate (self->fd, before) == 0)
    fsync (self->fd);
  return FALSE;
}

/* Delivered marks that could not be written (disk full) go first into the
 * next write: until then they are known in memory, so nothing is sent
 * twice while we run (after a restart it may be: ids dedupe). */
static char *
with_unwritten (RdOutboxJournal *self,
                const char      *line)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < self->unwritten->len; i++)
    {
      g_autofree char *mark = rd_outbox_encode_delivered (g_ptr_array_index (self->unwritten, i));
      g_string_append (text, mark);
    }
  g_string_append (text, line);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
rd_outbox_journal_append (RdOutboxJournal  *self,
                          JsonNode         *envelope,
                          GError          **error)
{
  g_autofree char *event = rd_outbox_encode_event (envelope);
  g_autofree char *line = with_unwritten (self, event);

  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), FALSE);

  if (!append_durably (self, line, error))
    return FALSE;
  g_ptr_array_set_size (self->unwritten, 0);
  remember (self, envelope);
  return TRUE;
}

gboolean
rd_outbox_journal_mark_delivered (RdOutboxJournal  *self,
                                  const char       *id,
                                  GError          **error)
{
  g_autofree char *line = NULL;

  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), FALSE);

  if (g_hash_table_contains (self->delivered, id))
    return TRUE;
  g_hash_table_add (self->delivered, g_strdup (id));
  g_ptr_array_add (self->unwritten, g_strdup (id));
  line = with_unwritten (self, "");
  if (!append_durably (self, line, error))
    return FALSE;   /* delivered all the same: written with the next record */
  g_ptr_array_set_size (self->unwritten, 0);
  return TRUE;
}

gboolean
rd_outbox_journal_is_delivered (RdOutboxJournal *self,
                                const char      *id)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), FALSE);

  return g_hash_table_contains (self->delivered, id);
}

GPtrArray *
rd_outbox_journal_get_events (RdOutboxJournal *self)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), NULL);

  return self->events;
}

/* Strict order: the first event not yet delivered nor refused for good,
 * or NULL. */
JsonNode *
rd_outbox_journal_next_undelivered (RdOutboxJournal *self)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), NULL);

  while (self->next_undelivered < self->events->len)
    {
      JsonNode *e = g_ptr_array_index (self->events, self->next_undelivered);
      const char *id = rd_outbox_envelope_id (e);

      if (!g_hash_table_contains (self->delivered, id) && !g_hash_table_contains (self->failed, id))
        return e;
      self->next_undelivered++;
    }
  return NULL;
}

/* A delivery refused for good: a dead letter, kept and listed, not in the
 * way of the events after it. */
gboolean
rd_outbox_journal_mark_failed (RdOutboxJournal  *self,
                               const char       *id,
                               const char       *reason,
                               GError          **error)
{
  g_autofree char *record = rd_outbox_encode_failed (id, reason);
  g_autofree char *line = with_unwritten (self, record);

  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), FALSE);

  if (!append_durably (self, line, error))
    return FALSE;
  g_ptr_array_set_size (self->unwritten, 0);
  g_hash_table_insert (self->failed, g_strdup (id), g_strdup (reason));
  return TRUE;
}

const char *
rd_outbox_journal_get_failure (RdOutboxJournal *self,
                               const char      *id)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), NULL);

  return g_hash_table_lookup (self->failed, id);
}

guint
rd_outbox_journal_get_n_failed (RdOutboxJournal *self)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), 0);

  return g_hash_table_size (self->failed);
}

/* Every dead letter is sent again, in its place in the order. */
gboolean
rd_outbox_journal_retry_failed (RdOutboxJournal  *self,
                                guint            *n_retried,
                                GError          **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *line = NULL;
  guint n = 0;

  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), FALSE);

  for (guint i = 0; i < self->events->len; i++)
    {
      const char *id = rd_outbox_envelope_id (g_ptr_array_index (self->events, i));

      if (g_hash_table_contains (self->failed, id))
        {
          g_autofree char *record = rd_outbox_encode_retry (id);

          g_string_append (text, record);
          n++;
        }
    }
  if (n_retried != NULL)
    *n_retried = n;
  if (n == 0)
    return TRUE;
  line = with_unwritten (self, text->str);
  if (!append_durably (self, line, error))
    return FALSE;
  g_ptr_array_set_size (self->unwritten, 0);
  g_hash_table_remove_all (self->failed);
  self->next_undelivered = 0;
  return TRUE;
}

/* Damaged records kept aside in the quarantine file, this start and before. */
guint
rd_outbox_journal_get_n_damaged (RdOutboxJournal *self)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), 0);

  return self->n_damaged;
}

const char *
rd_outbox_journal_get_path (RdOutboxJournal *self)
{
  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), NULL);

  return self->path;
}

static gint64
occurred_at (JsonNode *envelope)
{
  const char *when = json_object_get_string_member_with_default (json_node_get_object (envelope),
                                                                 "occurred_at", NULL);
  g_autoptr(GDateTime) dt = when ? g_date_time_new_from_iso8601 (when, NULL) : NULL;

  return dt ? g_date_time_to_unix (dt) * G_USEC_PER_SEC : 0;
}

/* Rewrites the journal without delivered events older than keep_delivered,
 * and, when keep_undelivered is not 0 (no worklist receives them), without
 * undelivered ones older than that: a new file, flushed, renamed over the
 * old one, the directory flushed. */
gboolean
rd_outbox_journal_compact (RdOutboxJournal  *self,
                           GTimeSpan         keep_delivered,
                           GTimeSpan         keep_undelivered,
                           GError          **error)
{
  g_autofree char *tmp = NULL;
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 cutoff = g_get_real_time () - keep_delivered;
  gint64 undelivered_cutoff = keep_undelivered > 0 ? g_get_real_time () - keep_undelivered : G_MININT64;
  int fd;

  g_return_val_if_fail (RD_IS_OUTBOX_JOURNAL (self), FALSE);
  tmp = g_strconcat (self->path, ".new", NULL);

  for (guint i = 0; i < self->events->len; i++)
    {
      JsonNode *e = g_ptr_array_index (self->events, i);
      gboolean delivered = g_hash_table_contains (self->delivered, rd_outbox_envelope_id (e));
      g_autofree char *line = NULL;

      if (occurred_at (e) < (delivered ? cutoff : undelivered_cutoff))
        continue;
      line = rd_outbox_encode_event (e);
      g_string_append (text, line);
      if (delivered)
        {
          g_autofree char *mark = rd_outbox_encode_delivered (rd_outbox_envelope_id (e));
          g_string_append (text, mark);
        }
      else if (g_hash_table_contains (self->failed, rd_outbox_envelope_id (e)))
        {
          g_autofree char *mark = rd_outbox_encode_failed (rd_outbox_envelope_id (e),
                                                           g_hash_table_lookup (self->failed,
                                                                                rd_outbox_envelope_id (e)));
          g_string_append (text, mark);
        }
      g_ptr_array_add (kept, json_node_ref (e));
    }

  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || !write_durably (fd, tmp, text->str, error))
    {
      if (fd < 0)
        g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                     _("Cannot compact the event outbox: %s"), g_strerror (errno));
      else
        close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, self->path) != 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot replace the event outbox: %s"), g_strerror (errno));
      close (fd);
      g_unlink (tmp);
      return FALSE;
    }
  sync_directory (self->directory);
  close (fd);
  close (self->fd);
  self->fd = open (self->path, O_RDWR | O_APPEND | O_CLOEXEC);
  if (self->fd < 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot reopen the event outbox %s: %s"), self->path, g_strerror (errno));
      return FALSE;
    }

  g_ptr_array_set_size (self->events, 0);
  g_hash_table_remove_all (self->by_id);
  for (guint i = 0; i < kept->len; i++)
    remember (self, g_ptr_array_index (kept, i));
  self->next_undelivered = 0;
  g_ptr_array_set_size (self->unwritten, 0);   /* the new file has every mark */
  g_info ("outbox compacted: %u events kept", self->events->len);
  return TRUE;
}

/* One writer per outbox: another ReportDock (another session sharing this
 * home directory) would compact and rename the journal under us. */
static gboolean
take_lock (RdOutboxJournal  *self,
           GError          **error)
{
  g_autofree char *path = g_build_filename (self->directory, LOCK_NAME, NULL);

  self->lock_fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (self->lock_fd < 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot open the event outbox lock %s: %s"), path, g_strerror (errno));
      return FALSE;
    }
  if (flock (self->lock_fd, LOCK_EX | LOCK_NB) != 0)
    {
      int saved = errno;

      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   saved == EWOULDBLOCK
                     ? _("Another ReportDock writes the event outbox in %s (another session with "
                       "this home directory?); only one may. Quit it, or give this session its own "
                       "XDG_STATE_HOME")
                     : _("Cannot lock the event outbox in %s"),
                   self->directory);
      return FALSE;
    }
  return TRUE;
}

/* The records kept aside in directory's quarantine file (GBytes*, each
 * without its newline); an empty array when there is none. */
GPtrArray *
rd_outbox_journal_read_quarantine (const char  *directory,
                                   GError     **error)
{
  g_autofree char *path = g_build_filename (directory, QUARANTINE_NAME, NULL);
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0, pos = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&records);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  while (pos < length)
    {
      const char *nl = memchr (contents + pos, '\n', length - pos);
      gsize end = nl ? (gsize) (nl - contents) : length;

      g_ptr_array_add (records, g_bytes_new (contents + pos, end - pos));
      pos = end + 1;
    }
  return g_steal_pointer (&records);
}

const char *
rd_outbox_journal_quarantine_name (void)
{
  return QUARANTINE_NAME;
}

/* Damaged records go to the quarantine file first (durably, and once: a
 * start cut short before the journal was rewritten finds them again). */
static gboolean
quarantine (RdOutboxJournal  *self,
            GPtrArray        *damaged,
            GError          **error)
{
  g_autofree char *path = g_build_filename (self->directory, QUARANTINE_NAME, NULL);
  g_autoptr(GPtrArray) kept = rd_outbox_journal_read_quarantine (self->directory, error);
  g_autoptr(GString) text = g_string_new (NULL);
  gboolean ok;
  int fd;

  if (kept == NULL)
    return FALSE;
  for (guint i = 0; i < damaged->len; i++)
    {
      GBytes *record = g_ptr_array_index (damaged, i);
      gboolean seen = FALSE;

      for (guint j = 0; j < kept->len && !seen; j++)
        seen = g_bytes_equal (record, g_ptr_array_index (kept, j));
      if (seen)
        continue;
      g_string_append_len (text, g_bytes_get_data (record, NULL), g_bytes_get_size (record));
      g_string_append_c (text, '\n');
    }
  if (text->len == 0)
    return TRUE;
  fd = open (path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot keep the damaged event records aside in %s: %s"), path, g_strerror (errno));
      return FALSE;
    }
  ok = write_durably (fd, path, text->str, error);
  close (fd);
  if (ok)
    sync_directory (self->directory);
  return ok;
}

static guint
count_quarantined (RdOutboxJournal *self)
{
  g_autoptr(GPtrArray) kept = rd_outbox_journal_read_quarantine (self->directory, NULL);

  return kept ? kept->len : 0;
}

RdOutboxJournal *
rd_outbox_journal_open (const char  *directory,
                        GError     **error)
{
  g_autoptr(RdOutboxJournal) self = g_object_new (RD_TYPE_OUTBOX_JOURNAL, NULL);
  g_autoptr(RdOutboxReplay) replay = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;

  self->directory = g_strdup (directory);
  self->path = g_build_filename (directory, FILE_NAME, NULL);
  if (g_mkdir_with_parents (directory, 0700) != 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot create the event outbox directory %s: %s"), directory, g_strerror (errno));
      return NULL;
    }
  if (!take_lock (self, error))
    return NULL;
  if (!g_file_get_contents (self->path, &contents, &length, &local_error) &&
      !g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot read the event outbox: %s"), local_error->message);
      return NULL;
    }

  self->fd = open (self->path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (self->fd < 0)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("Cannot open the event outbox %s: %s"), self->path, g_strerror (errno));
      return NULL;
    }
  if (contents == NULL)
    sync_directory (directory);

  replay = rd_outbox_replay (contents ? contents : "", length);
  /* kept aside before the journal forgets them */
  if (replay->damaged->len > 0 && !quarantine (self, replay->damaged, error))
    return NULL;
  if (replay->torn_tail)
    {
      g_warning ("the event outbox %s ended in an incomplete record (a write cut short); "
                 "it was removed, the %u events before it are kept",
                 self->path, replay->events->len);
      if (ftruncate (self->fd, replay->valid_length) != 0 || fsync (self->fd) != 0)
        {
          g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                       _("Cannot repair the event outbox %s: %s"), self->path, g_strerror (errno));
          return NULL;
        }
    }

  for (guint i = 0; i < replay->events->len; i++)
    remember (self, g_ptr_array_index (replay->events, i));
  {
    GHashTableIter iter;
    gpointer key;

    gpointer value;

    g_hash_table_iter_init (&iter, replay->delivered);
    while (g_hash_table_iter_next (&iter, &key, NULL))
      g_hash_table_add (self->delivered, g_strdup (key));
    g_hash_table_iter_init (&iter, replay->failed);
    while (g_hash_table_iter_next (&iter, &key, &value))
      g_hash_table_insert (self->failed, g_strdup (key), g_strdup (value));
  }
  if (replay->n_damaged > 0)
    {
      g_warning ("the event outbox %s had %u damaged records; they are kept aside in %s "
                 "(see reportdock events --failed), every other event goes out in order",
                 self->path, replay->n_damaged, QUARANTINE_NAME);
      /* the journal without them, so that they are not found again */
      if (!rd_outbox_journal_compact (self, G_MAXINT64 / 2, 0, error))
        return NULL;
    }
  self->n_damaged = count_quarantined (self);
  return g_steal_pointer (&self);
}

static void
rd_outbox_journal_finalize (GObject *object)
{
  RdOutboxJournal *self = RD_OUTBOX_JOURNAL (object);

  if (self->fd >= 0)
    close (self->fd);
  if (self->lock_fd >= 0)
    close (self->lock_fd);   /* and the lock with it */
  g_ptr_array_unref (self->events);
  g_hash_table_unref (self->by_id);
  g_hash_table_unref (self->delivered);
  g_hash_table_unref (self->failed);
  g_ptr_array_unref (self->unwritten);
  g_free (self->directory);
  g_free (self->path);
  G_OBJECT_CLASS (rd_outbox_journal_parent_class)->finalize (object);
}

static void
rd_outbox_journal_class_init (RdOutboxJournalClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_outbox_journal_finalize;
}

static void
rd_outbox_journal_init (RdOutboxJournal *self)
{
  self->fd = -1;
  self->lock_fd = -1;
  self->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->delivered = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unwritten = g_ptr_array_new_with_free_func (g_free);
  self->failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

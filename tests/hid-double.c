/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "hid-double.h"

#include <gio/gio.h>
#include "rd-error.h"

#include <string.h>

typedef struct {
  char      *path;
  RdHidInfo *info;
  gboolean   plugged;
  gboolean   refuse;
  gboolean   vanish;     /* listed, but gone when opened: unplugged mid-scan */
  gboolean   fail_read;    /* the next read fails once */
  GQueue     reports;      /* GBytes */
  GHashTable *answers;     /* command byte → GBytes */
  GString   *writes;       /* "00 02 …|00 83 …" */
  guint      opens;
  guint      generation;   /* bumped by unplug: open handles of an older one fail */
} Fake;

typedef struct {
  HidDouble *owner;
  Fake      *fake;
  guint      generation;
} Handle;

struct _HidDouble
{
  RdHidBackend backend;
  GMutex       lock;
  GCond        cond;
  GHashTable  *fakes;   /* path → Fake */
};

static void
fake_free (Fake *fake)
{
  g_free (fake->path);
  rd_hid_info_free (fake->info);
  g_queue_clear_full (&fake->reports, (GDestroyNotify) g_bytes_unref);
  g_hash_table_unref (fake->answers);
  g_string_free (fake->writes, TRUE);
  g_free (fake);
}

static GPtrArray *
double_enumerate (gpointer data)
{
  HidDouble *self = data;
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_hid_info_free);
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  g_hash_table_iter_init (&iter, self->fakes);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Fake *fake = value;

      if (fake->plugged)
        g_ptr_array_add (found, rd_hid_info_new (fake->path, fake->info->vendor_id, fake->info->product_id,
                                                 fake->info->usage_page, fake->info->usage, "Fake"));
    }
  g_mutex_unlock (&self->lock);
  return found;
}

static gpointer
double_open (gpointer     data,
             const char  *path,
             GError     **error)
{
  HidDouble *self = data;
  Fake *fake;
  Handle *handle = NULL;

  g_mutex_lock (&self->lock);
  fake = g_hash_table_lookup (self->fakes, path);
  if (fake == NULL || !fake->plugged || fake->vanish)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s is gone", path);
  else if (fake->refuse)
    g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                 "no permission to open %s: install the udev rule 70-reportdock-dictation.rules", path);
  else
    {
      handle = g_new0 (Handle, 1);
      handle->owner = self;
      handle->fake = fake;
      handle->generation = fake->generation;
      fake->opens++;
    }
  g_mutex_unlock (&self->lock);
  return handle;
}

static int
double_read (gpointer  h,
             guint8   *buffer,
             gsize     length,
             int       timeout_ms)
{
  Handle *handle = h;
  HidDouble *self = handle->owner;
  Fake *fake = handle->fake;
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  int n = 0;

  g_mutex_lock (&self->lock);
  for (;;)
    {
      if (handle->generation != fake->generation || fake->fail_read)
        {
          fake->fail_read = FALSE;
          handle->generation = G_MAXUINT;   /* this handle stays broken */
          n = -1;
          break;
        }
      if (!g_queue_is_empty (&fake->reports))
        {
          g_autoptr(GBytes) report = g_queue_pop_head (&fake->reports);
          gsize size;
          const guint8 *bytes = g_bytes_get_data (report, &size);

          n = (int) MIN (size, length);
          memcpy (buffer, bytes, n);
          break;
        }
      if (!g_cond_wait_until (&self->cond, &self->lock, end))
        break;
    }
  g_mutex_unlock (&self->lock);
  return n;
}

static int
double_write (gpointer      h,
              const guint8 *data,
              gsize         length)
{
  Handle *handle = h;
  HidDouble *self = handle->owner;
  Fake *fake = handle->fake;
  GBytes *answer;

  g_mutex_lock (&self->lock);
  if (fake->writes->len)
    g_string_append_c (fake->writes, '|');
  for (gsize i = 0; i < length; i++)
    g_string_append_printf (fake->writes, "%s%02x", i ? " " : "", data[i]);
  /* a device that answers commands */
  if (length > 1 && (answer = g_hash_table_lookup (fake->answers, GUINT_TO_POINTER (data[1]))))
    {
      g_queue_push_tail (&fake->reports, g_bytes_ref (answer));
      g_cond_broadcast (&self->cond);
    }
  g_mutex_unlock (&self->lock);
  return (int) length;
}

static void
double_close (gpointer h)
{
  g_free (h);
}

HidDouble *
hid_double_new (void)
{
  HidDouble *self = g_new0 (HidDouble, 1);

  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->fakes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) fake_free);
  self->backend.enumerate = double_enumerate;
  self->backend.open_path = double_open;
  self->backend.read_timeout = double_read;
  self->backend.write = double_write;
  self->backend.close = double_close;
  self->backend.data = self;
  return self;
}

/* Handles may still be open in reader threads: the fakes stay (leaked)
 * rather than be freed under them. */
void
hid_double_free (HidDouble *self)
{
  g_mutex_lock (&self->lock);
  g_hash_table_steal_all (self->fakes);
  g_mutex_unlock (&self->lock);
}

const RdHidBackend *
hid_double_backend (HidDouble *self)
{
  return &self->backend;
}

void
hid_double_plug (HidDouble  *self,
                 const char *path,
                 guint16     vendor_id,
                 guint16     product_id,
                 guint16     usage_page,
                 guint16     usage)
{
  Fake *fake;

  g_mutex_lock (&self->lock);
  fake = g_hash_table_lookup (self->fakes, path);
  if (fake == NULL)
    {
      fake = g_new0 (Fake, 1);
      fake->path = g_strdup (path);
      fake->answers = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_bytes_unref);
      fake->writes = g_string_new (NULL);
      g_queue_init (&fake->reports);
      g_hash_table_insert (self->fakes, fake->path, fake);
    }
  rd_hid_info_free (fake->info);
  fake->info = rd_hid_info_new (path, vendor_id, product_id, usage_page, usage, "Fake");
  fake->plugged = TRUE;
  fake->generation++;
  g_hash_table_remove_all (fake->answers);
  g_queue_clear_full (&fake->reports, (GDestroyNotify) g_bytes_unref);
  g_mutex_unlock (&self->lock);
}

static Fake *
lookup (HidDouble  *self,
        const char *path)
{
  Fake *fake = g_hash_table_lookup (self->fakes, path);

  g_assert_nonnull (fake);
  return fake;
}

void
hid_double_unplug (HidDouble  *self,
                   const char *path)
{
  g_mutex_lock (&self->lock);
  lookup (self, path)->plugged = FALSE;
  lookup (self, path)->generation++;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
hid_double_vanish_on_open (HidDouble  *self,
                           const char *path)
{
  g_mutex_lock (&self->lock);
  lookup (self, path)->vanish = TRUE;
  g_mutex_unlock (&self->lock);
}

void
hid_double_refuse_open (HidDouble  *self,
                        const char *path)
{
  g_mutex_lock (&self->lock);
  lookup (self, path)->refuse = TRUE;
  g_mutex_unlock (&self->lock);
}

void
hid_double_send (HidDouble    *self,
                 const char   *path,
                 const guint8 *report,
                 gsize         length)
{
  g_mutex_lock (&self->lock);
  g_queue_push_tail (&lookup (self, path)->reports, g_bytes_new (report, length));
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
hid_double_fail_read (HidDouble  *self,
                      const char *path)
{
  g_mutex_lock (&self->lock);
  lookup (self, path)->fail_read = TRUE;
  g_cond_broadcast (&self->cond);
  g_mutex_unlock (&self->lock);
}

void
hid_double_answer (HidDouble    *self,
                   const char   *path,
                   const guint8  answer[9])
{
  g_mutex_lock (&self->lock);
  g_hash_table_insert (lookup (self, path)->answers, GUINT_TO_POINTER (answer[0]), g_bytes_new (answer, 9));
  g_mutex_unlock (&self->lock);
}

/* Everything written since the last call, "|"-separated. */
char *
hid_double_take_writes (HidDouble  *self,
                        const char *path)
{
  char *writes;

  g_mutex_lock (&self->lock);
  writes = g_strdup (lookup (self, path)->writes->str);
  g_string_truncate (lookup (self, path)->writes, 0);
  g_mutex_unlock (&self->lock);
  return writes;
}

guint
hid_double_n_opens (HidDouble  *self,
                    const char *path)
{
  guint n;

  g_mutex_lock (&self->lock);
  n = lookup (self, path)->opens;
  g_mutex_unlock (&self->lock);
  return n;
}

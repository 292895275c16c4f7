/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-devices"

#include "config.h"

#include "rd-device-monitor.h"
#include "rd-context.h"
#include "rd-device-id.h"
#include "rd-trace.h"

#include <string.h>

/* Dictation devices: found by re-enumerating every RD_DEVICE_SCAN_MS (a
 * Flatpak has no udev monitor), read by one thread per device, decided on
 * the main thread. Every hidapi call but hid_read_timeout runs on the main
 * thread: hidapi allows only that one call concurrently. */

typedef struct _Device Device;

struct _Device
{
  gatomicrefcount      ref;
  GWeakRef             monitor;
  const RdHidBackend  *backend;
  const RdDeviceModel *model;
  RdHidInfo           *info;
  gpointer             handle;
  gint                 stop;          /* atomic: the reader should end */
  gboolean             gone;          /* removed from the table */
  char                *name;
  RdButtonTracker      tracker;
  RdDeviceId           id;
  guint                hold_source;
  guint                id_timeout;
  guint                n_ignored;
};

typedef enum {
  MSG_REPORT,
  MSG_GONE,       /* the read failed: unplugged, or re-enumerating after a mode change */
} MsgKind;

typedef struct {
  Device  *device;
  MsgKind  kind;
  gint64   read_us;
  gsize    length;
  guint8   data[64];
} Msg;

struct _RdDeviceMonitor
{
  GObject             parent_instance;

  const RdHidBackend *backend;
  GMainContext       *context;
  GHashTable         *devices;     /* path → Device (open) */
  GHashTable         *failures;    /* path → RdDeviceStatus (could not open) */
  guint               scan_source;
  GCancellable       *scanning;
  RdLedState          led;
  RdButtons           hold_buttons;
  guint               hold_ms;
};

G_DEFINE_FINAL_TYPE (RdDeviceMonitor, rd_device_monitor, G_TYPE_OBJECT)

enum {
  BUTTON,
  MOTION,
  DEVICES_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void schedule_hold (RdDeviceMonitor *self, Device *device);

static Device *
device_ref (Device *device)
{
  g_atomic_ref_count_inc (&device->ref);
  return device;
}

/* The last reference closes the device. The reader thread holds one, so
 * the handle outlives every read; nothing else touches a removed device. */
static void
device_unref (Device *device)
{
  if (!g_atomic_ref_count_dec (&device->ref))
    return;
  if (device->handle != NULL)
    device->backend->close (device->handle);
  g_weak_ref_clear (&device->monitor);
  rd_hid_info_free (device->info);
  g_free (device->name);
  g_free (device);
}

static void
msg_free (Msg *msg)
{
  device_unref (msg->device);
  g_free (msg);
}

static void
write_report (Device       *device,
              const guint8 *data,
              gsize         length)
{
  if (length > 0 && device->backend->write (device->handle, data, length) < 0)
    g_debug ("a write to %s failed", device->info->path);
}

static void
write_led (RdDeviceMonitor *self,
           Device          *device)
{
  guint8 report[RD_LED_REPORT_MAX];

  write_report (device, report, rd_led_report (device->model->led, self->led, report));
}

static void
emit_events (RdDeviceMonitor *self,
             Device          *device,
             GArray          *events,
             gint64           read_us)
{
  for (guint i = 0; i < events->len; i++)
    {
      RdButtonEvent *e = &g_array_index (events, RdButtonEvent, i);

      g_signal_emit (self, signals[BUTTON], 0, device->name, device->info->path,
                     (guint) e->button, (guint) e->edge, read_us);
    }
}

static gboolean
on_id_timeout (gpointer user_data)
{
  Device *device = user_data;

  device->id_timeout = 0;
  if (device->id.pending != 0)
    g_info ("%s did not say which model it is; it works without", device->name);
  device->id.pending = 0;
  return G_SOURCE_REMOVE;
}

static void
identified (RdDeviceMonitor *self,
            Device          *device)
{
  g_autofree char *name = rd_device_code_name (device->id.code);
  RdButtons slider = rd_device_code_slider_mask (device->id.code);

  g_clear_handle_id (&device->id_timeout, g_source_remove);
  if (name == NULL)
    return;
  g_info ("%s is a %s", device->info->path, name);
  g_free (device->name);
  device->name = g_steal_pointer (&name);
  if (slider != device->tracker.slider_mask)
    rd_button_tracker_init (&device->tracker, slider, self->hold_buttons, self->hold_ms);
  g_signal_emit (self, signals[DEVICES_CHANGED], 0);
}

static void
handle_report (RdDeviceMonitor *self,
               Device          *device,
               Msg             *msg)
{
  g_autoptr(GArray) events = NULL;
  RdReport report;
  guint8 next;

  switch (rd_buttons_decode (device->model->family, msg->data, msg->length, &report))
    {
    case RD_REPORT_BUTTONS:
      rd_trace ("hid-report");
      events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));
      rd_button_tracker_feed (&device->tracker, report.buttons, g_get_monotonic_time (), events);
      emit_events (self, device, events, msg->read_us);
      schedule_hold (self, device);
      break;
    case RD_REPORT_MOTION:
      g_signal_emit (self, signals[MOTION], 0, device->name, device->info->path, (guint) report.motion);
      break;
    case RD_REPORT_RESPONSE:
      if (device->id.pending == report.command)
        {
          next = rd_device_id_feed (&device->id, msg->data, msg->length);
          if (next != 0)
            {
              guint8 command[10];

              write_report (device, command, rd_speechmike_command (next, command));
            }
          else
            identified (self, device);
        }
      break;
    case RD_REPORT_STATUS:
      break;
    case RD_REPORT_IGNORED:
    default:
      /* never acted on; counted for `reportdock devices` */
      if (device->n_ignored++ < 3)
        g_debug ("%s: ignored a report of %zu bytes", device->info->path, msg->length);
      break;
    }
}

/* Whatever was held is released (push-to-talk stops), and the device is
 * forgotten: the next enumeration finds it again if it is still there. */
static void
remove_device (RdDeviceMonitor *self,
               Device          *device,
               const char      *why)
{
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));

  if (device->gone)
    return;
  device->gone = TRUE;
  g_atomic_int_set (&device->stop, 1);
  g_clear_handle_id (&device->hold_source, g_source_remove);
  g_clear_handle_id (&device->id_timeout, g_source_remove);
  g_info ("%s disconnected (%s)", device->name, why);
  rd_button_tracker_release_all (&device->tracker, events);
  emit_events (self, device, events, g_get_monotonic_time ());
  g_hash_table_remove (self->devices, device->info->path);
  g_signal_emit (self, signals[DEVICES_CHANGED], 0);
}

static gboolean
dispatch_msg (gpointer user_data)
{
  Msg *msg = user_data;
  Device *device = msg->device;
  g_autoptr(RdDeviceMonitor) self = g_weak_ref_get (&device->monitor);

  if (self == NULL || device->gone)
    return G_SOURCE_REMOVE;
  if (msg->kind == MSG_GONE)
    remove_device (self, device, "read error");
  else
    handle_report (self, device, msg);
  return G_SOURCE_REMOVE;
}

static void
post (Device       *device,
      GMainContext *context,
      MsgKind       kind,
      const guint8 *data,
      gsize         length,
      gint64        read_us)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->device = device_ref (device);
  msg->kind = kind;
  msg->read_us = read_us;
  msg->length = MIN (length, sizeof msg->data);
  if (data != NULL)
    memcpy (msg->data, data, msg->length);
  rd_context_post (context, G_PRIORITY_HIGH, dispatch_msg, msg, (GDestroyNotify) msg_free);
}

typedef struct {
  Device       *device;
  GMainContext *context;
} Reader;

static gpointer
reader_thread (gpointer user_data)
{
  Reader *reader = user_data;
  Device *device = reader->device;
  /* one byte more than the longest report: an oversized one shows as such */
  guint8 buffer[65];

  while (!g_atomic_int_get (&device->stop))
    {
      int n = device->backend->read_timeout (device->handle, buffer, sizeof buffer,
                                             RD_DEVICE_READ_TIMEOUT_MS);

      if (n < 0)
        {
          if (!g_atomic_int_get (&device->stop))
            post (device, reader->context, MSG_GONE, NULL, 0, g_get_monotonic_time ());
          break;
        }
      if (n > 0)
        post (device, reader->context, MSG_REPORT, buffer, (gsize) n, g_get_monotonic_time ());
    }
  g_main_context_unref (reader->context);
  device_unref (device);
  g_free (reader);
  return NULL;
}

static gboolean
on_hold_due (gpointer user_data)
{
  Device *device = user_data;
  g_autoptr(RdDeviceMonitor) self = g_weak_ref_get (&device->monitor);
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (RdButtonEvent));

  device->hold_source = 0;
  if (self == NULL)
    return G_SOURCE_REMOVE;
  rd_button_tracker_expire (&device->tracker, g_get_monotonic_time (), events);
  emit_events (self, device, events, g_get_monotonic_time ());
  schedule_hold (self, device);
  return G_SOURCE_REMOVE;
}

static void
schedule_hold (RdDeviceMonitor *self,
               Device          *device)
{
  gint64 due = rd_button_tracker_next_deadline (&device->tracker);

  g_clear_handle_id (&device->hold_source, g_source_remove);
  if (due < 0)
    return;
  device->hold_source = g_timeout_add_full (G_PRIORITY_HIGH,
                                            (guint) MAX (0, (due - g_get_monotonic_time () + 999) / 1000),
                                            on_hold_due, device, NULL);
}

/* Removed from the table: its reader ends within one read timeout, and the
 * handle is closed when neither it nor a pending message needs it. */
static void
device_drop (gpointer data)
{
  Device *device = data;

  device->gone = TRUE;
  g_atomic_int_set (&device->stop, 1);
  g_clear_handle_id (&device->hold_source, g_source_remove);
  g_clear_handle_id (&device->id_timeout, g_source_remove);
  device_unref (device);
}

static void
add_device (RdDeviceMonitor     *self,
            const RdHidInfo     *info,
            const RdDeviceModel *model)
{
  g_autoptr(GError) error = NULL;
  gpointer handle = self->backend->open_path (self->backend->data, info->path, &error);
  Device *device;
  Reader *reader;

  if (handle == NULL)
    {
      RdDeviceStatus *status;

      /* unplugged while the scan ran (a hot-unplug race): the next scan
       * no longer lists it; nothing is wrong with it */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        {
          g_info ("%s went away while it was being opened", model->name);
          return;
        }
      if (g_hash_table_contains (self->failures, info->path))
        return;   /* said once; tried again at every scan */
      g_warning ("%s found but not usable: %s", model->name, error->message);
      status = g_new0 (RdDeviceStatus, 1);
      status->path = g_strdup (info->path);
      status->name = g_strdup (model->name);
      status->vendor_id = info->vendor_id;
      status->product_id = info->product_id;
      status->mode = model->mode;
      status->problem = g_strdup (error->message);
      g_hash_table_insert (self->failures, g_strdup (info->path), status);
      g_signal_emit (self, signals[DEVICES_CHANGED], 0);
      return;
    }
  g_hash_table_remove (self->failures, info->path);

  device = g_new0 (Device, 1);
  g_atomic_ref_count_init (&device->ref);
  g_weak_ref_init (&device->monitor, self);
  device->backend = self->backend;
  device->model = model;
  device->info = rd_hid_info_new (info->path, info->vendor_id, info->product_id,
                                  info->usage_page, info->usage, info->product);
  device->handle = handle;
  device->name = g_strdup (model->name);
  rd_button_tracker_init (&device->tracker, 0, self->hold_buttons, self->hold_ms);
  g_hash_table_insert (self->devices, g_strdup (info->path), device);

  g_info ("%s connected at %s (%04x:%04x, %s mode)", model->name, info->path,
          info->vendor_id, info->product_id, model->mode);
  /* a reconnected device remembers nothing: its LED is set again */
  write_led (self, device);
  if (model->identify)
    {
      guint8 command[10];

      write_report (device, command, rd_speechmike_command (rd_device_id_start (&device->id), command));
      device->id_timeout = g_timeout_add (RD_DEVICE_ID_TIMEOUT_MS, on_id_timeout, device);
    }

  reader = g_new0 (Reader, 1);
  reader->device = device_ref (device);
  reader->context = g_main_context_ref (self->context);
  g_thread_unref (g_thread_new ("rd-hid-reader", reader_thread, reader));
  g_signal_emit (self, signals[DEVICES_CHANGED], 0);
}

static void
enumerate_in_thread (GTask        *task,
                     gpointer      source,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  const RdHidBackend *backend = task_data;

  g_task_return_pointer (task, backend->enumerate (backend->data), (GDestroyNotify) g_ptr_array_unref);
}

static void
apply_scan (RdDeviceMonitor *self,
            GPtrArray       *found)
{
  g_autoptr(GHashTable) present = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) vanished = g_ptr_array_new ();

  for (guint i = 0; i < found->len; i++)
    {
      RdHidInfo *info = g_ptr_array_index (found, i);
      const RdDeviceModel *model = rd_device_model_find (info->vendor_id, info->product_id,
                                                         info->usage_page, info->usage);

      if (model == NULL)
        continue;
      g_hash_table_add (present, info->path);
      if (!g_hash_table_contains (self->devices, info->path))
        add_device (self, info, model);
    }
  /* gone from the bus without a read error */
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (present, key))
      g_ptr_array_add (vanished, value);
  for (guint i = 0; i < vanished->len; i++)
    remove_device (self, g_ptr_array_index (vanished, i), "unplugged");
  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    if (!g_hash_table_contains (present, key))
      {
        g_hash_table_iter_remove (&iter);
        g_signal_emit (self, signals[DEVICES_CHANGED], 0);
      }
}

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RdDeviceMonitor *self = RD_DEVICE_MONITOR (source);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), NULL);

  /* a scan that finished after the monitor stopped is not applied */
  if (found == NULL || g_cancellable_is_cancelled (cancellable))
    return;
  if (self->scanning == cancellable)
    g_clear_object (&self->scanning);
  apply_scan (self, found);
}

static gboolean
scan (gpointer user_data)
{
  RdDeviceMonitor *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->scanning != NULL)
    return G_SOURCE_CONTINUE;   /* the last one is still running */
  self->scanning = g_cancellable_new ();
  task = g_task_new (self, self->scanning, on_scanned, NULL);
  g_task_set_task_data (task, (gpointer) self->backend, NULL);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, enumerate_in_thread);
  return G_SOURCE_CONTINUE;
}

void
rd_device_monitor_start (RdDeviceMonitor *self)
{
  g_return_if_fail (RD_IS_DEVICE_MONITOR (self));

  if (self->scan_source != 0)
    return;
  scan (self);
  self->scan_source = g_timeout_add (RD_DEVICE_SCAN_MS, scan, self);
}

void
rd_device_monitor_stop (RdDeviceMonitor *self)
{
  g_return_if_fail (RD_IS_DEVICE_MONITOR (self));

  g_clear_handle_id (&self->scan_source, g_source_remove);
  if (self->scanning != NULL)
    g_cancellable_cancel (self->scanning);
  g_clear_object (&self->scanning);
  g_hash_table_remove_all (self->devices);
  g_hash_table_remove_all (self->failures);
}

/* Written to every device now, and to each that connects later. */
void
rd_device_monitor_set_led_state (RdDeviceMonitor *self,
                                 RdLedState       state)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (RD_IS_DEVICE_MONITOR (self));

  if (self->led == state)
    return;
  self->led = state;
  g_debug ("LED %s", rd_led_state_to_string (state));
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    write_led (self, value);
}

RdLedState
rd_device_monitor_get_led_state (RdDeviceMonitor *self)
{
  g_return_val_if_fail (RD_IS_DEVICE_MONITOR (self), 0);

  return self->led;
}

void
rd_device_monitor_set_hold (RdDeviceMonitor *self,
                            RdButtons        hold_buttons,
                            guint            hold_ms)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (RD_IS_DEVICE_MONITOR (self));

  self->hold_buttons = hold_buttons;
  self->hold_ms = hold_ms;
  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Device *device = value;

      device->tracker.defer_mask = hold_buttons & ~device->tracker.slider_mask;
      device->tracker.hold_ms = hold_ms ? hold_ms : RD_HOLD_MS_DEFAULT;
    }
}

static RdDeviceStatus *
status_of (Device *device)
{
  RdDeviceStatus *status = g_new0 (RdDeviceStatus, 1);

  status->path = g_strdup (device->info->path);
  status->name = g_strdup (device->name);
  status->vendor_id = device->info->vendor_id;
  status->product_id = device->info->product_id;
  status->mode = device->model->mode;
  status->open = TRUE;
  status->n_ignored = device->n_ignored;
  return status;
}

static int
compare_status (gconstpointer a,
                gconstpointer b)
{
  const RdDeviceStatus *sa = *(RdDeviceStatus * const *) a, *sb = *(RdDeviceStatus * const *) b;

  return g_strcmp0 (sa->path, sb->path);
}

/* Open devices and those that could not be opened, by path. */
GPtrArray *
rd_device_monitor_list (RdDeviceMonitor *self)
{
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_device_status_free);
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (RD_IS_DEVICE_MONITOR (self), NULL);

  g_hash_table_iter_init (&iter, self->devices);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, status_of (value));
  g_hash_table_iter_init (&iter, self->failures);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (list, rd_device_status_copy (value));
  g_ptr_array_sort (list, compare_status);
  return list;
}

/* One line for the status area: "SpeechMike LFH3500", a problem, or NULL. */
char *
rd_device_monitor_describe (RdDeviceMonitor *self,
                            gboolean        *problem)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (RD_IS_DEVICE_MONITOR (self), NULL);

  list = rd_device_monitor_list (self);
  return rd_device_status_describe (list, problem);
}

static void
rd_device_monitor_dispose (GObject *object)
{
  RdDeviceMonitor *self = RD_DEVICE_MONITOR (object);

  rd_device_monitor_stop (self);
  G_OBJECT_CLASS (rd_device_monitor_parent_class)->dispose (object);
}

static void
rd_device_monitor_finalize (GObject *object)
{
  RdDeviceMonitor *self = RD_DEVICE_MONITOR (object);

  g_hash_table_unref (self->devices);
  g_hash_table_unref (self->failures);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (rd_device_monitor_parent_class)->finalize (object);
}

static void
rd_device_monitor_class_init (RdDeviceMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_device_monitor_dispose;
  object_class->finalize = rd_device_monitor_finalize;

  /* (device name, path, RdButton, RdEdge, monotonic µs when the report was read) */
  signals[BUTTON] =
    g_signal_new ("button", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT, G_TYPE_UINT, G_TYPE_INT64);
  /* (device name, path, RdMotion) */
  signals[MOTION] =
    g_signal_new ("motion", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_UINT);
  signals[DEVICES_CHANGED] =
    g_signal_new ("devices-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
rd_device_monitor_init (RdDeviceMonitor *self)
{
  self->devices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, device_drop);
  self->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) rd_device_status_free);
  self->context = g_main_context_ref_thread_default ();
  self->hold_ms = RD_HOLD_MS_DEFAULT;
}

RdDeviceMonitor *
rd_device_monitor_new (const RdHidBackend *backend)
{
  RdDeviceMonitor *self = g_object_new (RD_TYPE_DEVICE_MONITOR, NULL);

  self->backend = backend;
  return self;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-hid"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-hid.h"
#include "rd-text.h"

#include <gio/gio.h>
#include "rd-error.h"

#include <errno.h>
#include <hidapi.h>
#include <unistd.h>

RdHidInfo *
rd_hid_info_new (const char *path,
                 guint16     vendor_id,
                 guint16     product_id,
                 guint16     usage_page,
                 guint16     usage,
                 const char *product)
{
  RdHidInfo *info = g_new0 (RdHidInfo, 1);

  info->path = g_strdup (path);
  info->vendor_id = vendor_id;
  info->product_id = product_id;
  info->usage_page = usage_page;
  info->usage = usage;
  /* the device's own name string: shown in the status bar and logged */
  info->product = product ? rd_text_for_display (product, RD_TEXT_SHOWN_MAX) : NULL;
  info->interface_number = -1;
  return info;
}

void
rd_hid_info_free (RdHidInfo *info)
{
  if (info == NULL)
    return;
  g_free (info->path);
  g_free (info->product);
  g_free (info);
}

static gboolean
ensure_init (void)
{
  static gsize done;
  static gboolean ok;

  if (g_once_init_enter (&done))
    {
      ok = hid_init () == 0;
      if (!ok)
        g_warning ("hidapi could not start: dictation devices are not read");
      g_once_init_leave (&done, 1);
    }
  return ok;
}

static GPtrArray *
hidapi_enumerate (gpointer data)
{
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_hid_info_free);
  struct hid_device_info *all, *d;

  if (!ensure_init ())
    return found;
  all = hid_enumerate (0, 0);
  for (d = all; d != NULL; d = d->next)
    {
      g_autofree char *product = NULL;
      RdHidInfo *info;

      if (!rd_device_model_is_known_vendor_product (d->vendor_id, d->product_id))
        continue;
      if (d->product_string != NULL)
        product = g_ucs4_to_utf8 ((const gunichar *) d->product_string, -1, NULL, NULL, NULL);
      info = rd_hid_info_new (d->path, d->vendor_id, d->product_id, d->usage_page, d->usage, product);
      info->interface_number = d->interface_number;
      g_ptr_array_add (found, info);
    }
  hid_free_enumeration (all);
  return found;
}

/* A hidraw node that exists but cannot be opened is nearly always missing
 * permissions: say which rule fixes it. */
static gpointer
hidapi_open_path (gpointer     data,
                  const char  *path,
                  GError     **error)
{
  hid_device *device;

  if (!ensure_init ())
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("hidapi could not start"));
      return NULL;
    }
  device = hid_open_path (path);
  if (device != NULL)
    return device;
  if (access (path, R_OK | W_OK) != 0 && (errno == EACCES || errno == EPERM))
    g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                 _("no permission to open %s: install the udev rule 70-reportdock-dictation.rules "
                 "(see the README, “Dictation devices”), then unplug and replug the device"), path);
  else if (access (path, F_OK) != 0)
    /* unplugged between the scan and the open: not a problem of the device */
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                 _("%s is gone (the device was unplugged)"), path);
  else
    /* it opens, but does not answer as a HID device (hidapi's own text
     * then often says "Success") */
    g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                 _("%s does not answer as a HID device: unplug and replug it; if that does not "
                 "help, look for USB errors in `journalctl -k`"), path);
  return NULL;
}

static int
hidapi_read_timeout (gpointer  handle,
                     guint8   *buffer,
                     gsize     length,
                     int       timeout_ms)
{
  return hid_read_timeout (handle, buffer, length, timeout_ms);
}

static int
hidapi_write (gpointer      handle,
              const guint8 *data,
              gsize         length)
{
  return hid_write (handle, data, length);
}

static void
hidapi_close (gpointer handle)
{
  hid_close (handle);
}

const RdHidBackend *
rd_hid_backend_hidapi (void)
{
  static const RdHidBackend backend = {
    .enumerate = hidapi_enumerate,
    .open_path = hidapi_open_path,
    .read_timeout = hidapi_read_timeout,
    .write = hidapi_write,
    .close = hidapi_close,
  };

  return &backend;
}

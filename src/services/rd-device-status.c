/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-devices"

#include "config.h"

#include "rd-device-status.h"
#include "rd-device-model.h"

#include <string.h>

/* Device statuses as the status area and `reportdock devices` show them,
 * and the probe behind `reportdock devices`: plain data, no monitor. */

RdDeviceStatus *
rd_device_status_copy (const RdDeviceStatus *s)
{
  RdDeviceStatus *status = g_memdup2 (s, sizeof *s);

  status->path = g_strdup (s->path);
  status->name = g_strdup (s->name);
  status->problem = g_strdup (s->problem);
  return status;
}

void
rd_device_status_free (RdDeviceStatus *status)
{
  if (status == NULL)
    return;
  g_free (status->path);
  g_free (status->name);
  g_free (status->problem);
  g_free (status);
}

/* One line for the status area: "SpeechMike LFH3500", a problem, or NULL. */
char *
rd_device_status_describe (GPtrArray *list,
                           gboolean  *problem)
{
  g_autoptr(GString) names = g_string_new (NULL);

  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (problem != NULL, NULL);

  *problem = FALSE;
  for (guint i = 0; i < list->len; i++)
    {
      RdDeviceStatus *s = g_ptr_array_index (list, i);

      if (s->problem != NULL)
        {
          *problem = TRUE;
          return g_strdup_printf ("%s: %s", s->name, s->problem);
        }
      /* Browser mode opens two collections of one device: name it once */
      if (strstr (names->str, s->name) == NULL)
        g_string_append_printf (names, "%s%s", names->len ? ", " : "", s->name);
    }
  return names->len ? g_string_free (g_steal_pointer (&names), FALSE) : NULL;
}

/* For `reportdock devices`: every collection of every dictation device,
 * whether it could be opened, and why not. */
GPtrArray *
rd_device_probe (const RdHidBackend *backend)
{
  g_autoptr(GPtrArray) found = backend->enumerate (backend->data);
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_device_status_free);

  for (guint i = 0; i < found->len; i++)
    {
      RdHidInfo *info = g_ptr_array_index (found, i);
      const RdDeviceModel *model = rd_device_model_find (info->vendor_id, info->product_id,
                                                         info->usage_page, info->usage);
      RdDeviceStatus *status = g_new0 (RdDeviceStatus, 1);
      g_autoptr(GError) error = NULL;
      gpointer handle;

      status->path = g_strdup (info->path);
      status->vendor_id = info->vendor_id;
      status->product_id = info->product_id;
      g_ptr_array_add (list, status);
      if (model == NULL)
        {
          /* another collection of a known device (its mouse, its keyboard) */
          status->name = g_strdup_printf ("%s (collection %04x/%04x, not used)",
                                          info->product ? info->product : "dictation device",
                                          info->usage_page, info->usage);
          continue;
        }
      status->name = g_strdup (model->name);
      status->mode = model->mode;
      handle = backend->open_path (backend->data, info->path, &error);
      status->open = handle != NULL;
      if (handle != NULL)
        backend->close (handle);
      else
        status->problem = g_strdup (error->message);
    }
  return list;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "rd-device-model.h"

G_BEGIN_DECLS

/* The slice of hidapi ReportDock uses, behind a table of functions so that
 * tests can put a scripted device double in its place (docs/platform.md). */

typedef struct {
  char    *path;
  guint16  vendor_id;
  guint16  product_id;
  guint16  usage_page;
  guint16  usage;
  char    *product;
  int      interface_number;
} RdHidInfo;

typedef struct {
  /* dictation devices only (every collection of a known VID:PID) */
  GPtrArray *(*enumerate)    (gpointer       data);
  gpointer   (*open_path)    (gpointer       data,
                              const char    *path,
                              GError       **error);
  /* bytes read, 0 on timeout, -1 when the device is gone; timeout_ms -1 blocks.
   * The only call that may run on another thread than the others. */
  int        (*read_timeout) (gpointer       handle,
                              guint8        *buffer,
                              gsize          length,
                              int            timeout_ms);
  int        (*write)        (gpointer       handle,
                              const guint8  *data,
                              gsize          length);
  void       (*close)        (gpointer       handle);
  gpointer     data;
} RdHidBackend;

const RdHidBackend *rd_hid_backend_hidapi (void);

RdHidInfo  *rd_hid_info_new   (const char *path,
                               guint16     vendor_id,
                               guint16     product_id,
                               guint16     usage_page,
                               guint16     usage,
                               const char *product);
void        rd_hid_info_free  (RdHidInfo  *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdHidInfo, rd_hid_info_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RD_TYPE_HOST_SERVER (rd_host_server_get_type ())
G_DECLARE_FINAL_TYPE (RdHostServer, rd_host_server, RD, HOST_SERVER, GObject)

RdHostServer *rd_host_server_new          (GError       **error);
const char   *rd_host_server_get_page_url (RdHostServer  *self);
const char   *rd_host_server_get_origin   (RdHostServer  *self);
gboolean      rd_host_server_set_vendor   (RdHostServer  *self,
                                           const char    *vendor_url,
                                           const char    *title,
                                           GError       **error);
const char   *rd_host_server_get_page_proof (RdHostServer *self);
const char   *rd_host_server_get_vendor_origin (RdHostServer *self);

G_END_DECLS

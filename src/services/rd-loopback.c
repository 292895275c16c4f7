/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-loopback.h"

/* Listens on 127.0.0.1 only, on a port the kernel picks; returns the port,
 * or -1 with error set. Nothing ReportDock serves is for other machines. */
int
rd_loopback_listen (SoupServer  *server,
                    GError     **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  GSList *uris;
  int port;

  if (!soup_server_listen (server, address, 0, error))
    return -1;
  uris = soup_server_get_uris (server);
  port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

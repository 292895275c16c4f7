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

#define LISTEN_ATTEMPTS 32

static gboolean
listen_on (SoupServer      *server,
           GSocketFamily    family,
           guint            port,
           GError         **error)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (family);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);

  return soup_server_listen (server, address, 0, error);
}

static int
listening_port (SoupServer *server)
{
  GSList *uris = soup_server_get_uris (server);
  int port = g_uri_get_port (uris->data);

  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return port;
}

/* WebKit resolves localhost to [::1] first: another account that holds
 * [::1]:PORT would become our host page. So the port is ours on both, or
 * another port is tried. A machine without IPv6 loopback has no [::1] for
 * anyone to hold. */
int
rd_loopback_listen_both (SoupServer  *server,
                         guint        first_port,
                         GError     **error)
{
  for (guint attempt = 0; attempt < LISTEN_ATTEMPTS; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      guint port = attempt == 0 ? first_port : 0;

      if (!listen_on (server, G_SOCKET_FAMILY_IPV4, port, &local_error))
        {
          if (attempt == 0 && first_port != 0)
            continue;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return -1;
        }
      port = listening_port (server);
      if (listen_on (server, G_SOCKET_FAMILY_IPV6, port, &local_error))
        return port;
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_debug ("no IPv6 loopback here (%s): 127.0.0.1 only", local_error->message);
          return port;
        }
      g_info ("[::1]:%u is taken by another program; trying another port", port);
      soup_server_disconnect (server);
    }
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE,
               "no port is free on both 127.0.0.1 and [::1] after %d attempts", LISTEN_ATTEMPTS);
  return -1;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-url"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-url.h"
#include "rd-error.h"

#include <gio/gio.h>
#include <string.h>

/* The origin as a browser serialises it (event.origin): lower-case scheme
 * and host, the port only when it is not the scheme's default. */
char *
rd_url_get_origin (const char  *url,
                   GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *host = NULL;
  int port, default_port;

  if (url == NULL || url[0] == '\0')
    {
      g_set_error_literal (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("no URL given"));
      return NULL;
    }
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("\"%s\" is not a valid URL: %s"), url, local_error->message);
      return NULL;
    }
  scheme = g_ascii_strdown (g_uri_get_scheme (uri), -1);
  if (!g_str_equal (scheme, "http") && !g_str_equal (scheme, "https"))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("\"%s\" is not an http:// or https:// URL"), url);
      return NULL;
    }
  if (g_uri_get_host (uri) == NULL || g_uri_get_host (uri)[0] == '\0')
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("\"%s\" has no host"), url);
      return NULL;
    }
  host = g_ascii_strdown (g_uri_get_host (uri), -1);
  port = g_uri_get_port (uri);
  default_port = g_str_equal (scheme, "https") ? 443 : 80;
  if (strchr (host, ':') != NULL)   /* IPv6 literal */
    {
      g_autofree char *bracketed = g_strdup_printf ("[%s]", host);
      g_free (host);
      host = g_steal_pointer (&bracketed);
    }
  if (port == -1 || port == default_port)
    return g_strdup_printf ("%s://%s", scheme, host);
  return g_strdup_printf ("%s://%s:%d", scheme, host, port);
}

gboolean
rd_url_has_origin (const char *url,
                   const char *origin)
{
  g_autofree char *url_origin = rd_url_get_origin (url, NULL);

  return url_origin != NULL && origin != NULL && g_str_equal (url_origin, origin);
}

gboolean
rd_url_is_within_page (const char *url,
                       const char *page)
{
  g_autofree char *origin = rd_url_get_origin (page, NULL);
  g_autoptr(GUri) a = NULL;
  g_autoptr(GUri) b = NULL;
  const char *path, *base;
  gsize n;

  if (origin == NULL || url == NULL || !rd_url_has_origin (url, origin))
    return FALSE;
  a = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL);
  b = g_uri_parse (page, G_URI_FLAGS_ENCODED, NULL);
  if (a == NULL || b == NULL)
    return FALSE;
  path = g_uri_get_path (a);
  base = g_uri_get_path (b);
  n = strlen (base);
  return g_str_equal (path, base) ||
         (n > 0 && strncmp (path, base, n) == 0 && (base[n - 1] == '/' || path[n] == '/'));
}

char *
rd_url_add_query_param (const char *url,
                        const char *key,
                        const char *value)
{
  g_autofree char *ekey = g_uri_escape_string (key, NULL, FALSE);
  g_autofree char *evalue = g_uri_escape_string (value, NULL, FALSE);
  const char *hash = strchr (url, '#');
  g_autofree char *base = hash ? g_strndup (url, hash - url) : g_strdup (url);
  const char *sep = strchr (base, '?') == NULL ? "?" : (g_str_has_suffix (base, "?") || g_str_has_suffix (base, "&")) ? "" : "&";

  return g_strconcat (base, sep, ekey, "=", evalue, hash ? hash : "", NULL);
}

static gboolean
is_loopback_host (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  /* GUri keeps the brackets of an IPv6 literal out of the host */
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
rd_url_check_secure (const char  *setting,
                     const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = url ? g_uri_parse (url, G_URI_FLAGS_NONE, NULL) : NULL;
  const char *scheme = uri ? g_uri_get_scheme (uri) : NULL;
  const char *host = uri ? g_uri_get_host (uri) : NULL;

  if (uri == NULL || host == NULL || host[0] == '\0' ||
      (g_ascii_strcasecmp (scheme, "https") != 0 && g_ascii_strcasecmp (scheme, "http") != 0))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("%s \"%s\" is not an https:// address"), setting, url ? url : "");
      return FALSE;
    }
  if (g_ascii_strcasecmp (scheme, "http") == 0 && !is_loopback_host (host))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("%s must be an https:// address: over http:// to %s the API key, the access "
                   "token and patient data would cross the network in clear (http:// is accepted "
                   "for this computer only)"), setting, host);
      return FALSE;
    }
  return TRUE;
}

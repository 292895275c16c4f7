/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-launch"

#include "config.h"

#include "rd-launch-private.h"
#include "rd-error.h"
#include "rd-webhook-verify.h"

#include <gio/gio.h>

#include <glib/gi18n-lib.h>
#include <string.h>

/* reportdock:// links: their grammar, and the signature a worklist adds
 * when launch-secret-file is set (docs/protocol.md §4). */

RdLaunch *
rd_launch_parse_uri (const char  *uri,
                     GError     **error)
{
  g_autoptr(RdLaunch) launch = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GError) local_error = NULL;
  GUriParamsIter iter;
  const char *query;
  char *attr, *value;
  gboolean have_site = FALSE, have_uid = FALSE;

  if (strlen (uri) > RD_LAUNCH_MAX_URI_LENGTH)
    {
      rd_launch_fail (error, _("reportdock:// URI is longer than %d bytes"), RD_LAUNCH_MAX_URI_LENGTH);
      return NULL;
    }
  parsed = g_uri_parse (uri, G_URI_FLAGS_ENCODED_QUERY, &local_error);
  if (parsed == NULL)
    {
      /* a link is checked before its signature: its errors name no value */
      rd_launch_fail (error, _("bad encoding or syntax in the reportdock:// URI"));
      return NULL;
    }
  if (g_ascii_strcasecmp (g_uri_get_scheme (parsed), "reportdock") != 0)
    {
      rd_launch_fail (error, _("URI scheme must be reportdock://"));
      return NULL;
    }

  launch = g_new0 (RdLaunch, 1);
  if (g_strcmp0 (g_uri_get_host (parsed), "close") == 0)
    {
      launch->kind = RD_LAUNCH_CLOSE;
      launch->uri = g_strdup (uri);
      return g_steal_pointer (&launch);
    }
  if (g_strcmp0 (g_uri_get_host (parsed), "open") != 0 ||
      (g_uri_get_path (parsed)[0] != '\0' && !g_str_equal (g_uri_get_path (parsed), "/")))
    {
      rd_launch_fail (error, _("URI must be reportdock://open?… or reportdock://close"));
      return NULL;
    }

  launch->kind = RD_LAUNCH_OPEN;
  launch->study = rd_study_new ();
  query = g_uri_get_query (parsed);
  if (query == NULL)
    query = "";
  g_uri_params_iter_init (&iter, query, -1, "&", G_URI_PARAMS_WWW_FORM);
  while (g_uri_params_iter_next (&iter, &attr, &value, &local_error))
    {
      g_autofree char *key = attr;
      g_autofree char *val = value;
      gboolean ok;

      if (g_str_equal (key, "mrn"))
        ok = rd_study_get_mrn (launch->study) == NULL
               ? rd_study_set_mrn (launch->study, val, error)
               : rd_launch_fail (error, _("mrn is given twice"));
      else if (g_str_equal (key, "accession"))
        ok = rd_study_add_accession (launch->study, val, error);
      else if (g_str_equal (key, "site"))
        ok = !have_site ? (have_site = TRUE, rd_study_set_site_id (launch->study, val, error))
                        : rd_launch_fail (error, _("site is given twice"));
      else if (g_str_equal (key, "study_uid"))
        ok = !have_uid ? (have_uid = TRUE, rd_study_set_study_uid (launch->study, val, error))
                       : rd_launch_fail (error, _("study_uid is given twice"));
      else if (g_str_equal (key, "ts") || g_str_equal (key, "sig"))
        ok = TRUE;   /* the signature, checked by the running instance */
      else if (rd_study_is_meta_key (key))
        {
          ok = rd_study_set_meta (launch->study, key, val, error);
          if (g_str_equal (key, "findings") || g_str_equal (key, "pre_findings") ||
              g_str_equal (key, "key_findings"))
            launch->report_text = TRUE;
        }
      else
        ok = rd_launch_fail (error, _("unknown key in the reportdock:// URI; its keys are mrn, accession, site, study_uid, "
                           "ts, sig and the metadata keys of --meta"));
      if (!ok)
        return NULL;
    }
  if (local_error != NULL)
    {
      rd_launch_fail (error, _("bad encoding in the reportdock:// URI: a value is not UTF-8, or a %%-escape is broken"));
      return NULL;
    }
  if (!rd_study_check_complete (launch->study, error))
    return NULL;
  launch->uri = g_strdup (uri);
  return g_steal_pointer (&launch);
}

gboolean
rd_launch_check_unsigned (const RdLaunch  *launch,
                          GError         **error)
{
  if (launch->uri == NULL || !launch->report_text)
    return TRUE;
  return rd_launch_fail (error, _("a reportdock:// link cannot fill report text (findings, pre_findings, "
                      "key_findings) unless links are signed: set launch-secret-file"));
}

/* The value of the query parameter name in the raw query, or NULL. */
static char *
raw_param (const char *query,
           const char *name)
{
  g_auto(GStrv) pairs = g_strsplit (query, "&", -1);
  gsize n = strlen (name);

  for (guint i = 0; pairs[i] != NULL; i++)
    if (strncmp (pairs[i], name, n) == 0 && pairs[i][n] == '=')
      return g_strdup (pairs[i] + n + 1);
  return NULL;
}

gboolean
rd_launch_check_signature (const char  *uri,
                           GBytes      *key,
                           gint64       now_s,
                           char       **replay_key,
                           GError     **error)
{
  const char *sig = uri ? strstr (uri, "&sig=") : NULL;
  const char *query = uri ? strchr (uri, '?') : NULL;
  g_autofree char *signed_part = NULL, *ts = NULL, *given = NULL, *expected = NULL;
  guint64 when;

  if (sig == NULL || query == NULL || sig < query || strstr (sig + 1, "&") != NULL)
    return rd_launch_fail (error, _("this reportdock:// link is not signed (ts=…&sig=… last), and links must be"));
  given = g_ascii_strdown (sig + strlen ("&sig="), -1);
  if (strlen (given) != 64 || strspn (given, "0123456789abcdef") != 64)
    return rd_launch_fail (error, _("the sig of this reportdock:// link is not 64 hex digits"));
  signed_part = g_strndup (uri, sig - uri);
  ts = raw_param (strchr (signed_part, '?') + 1, "ts");
  if (ts == NULL || !g_ascii_string_to_unsigned (ts, 10, 0, G_MAXINT64, &when, NULL))
    return rd_launch_fail (error, _("this reportdock:// link has no ts (Unix seconds) to sign"));
  if ((gint64) when < now_s - RD_LAUNCH_SIGNATURE_WINDOW_S || (gint64) when > now_s + RD_LAUNCH_SIGNATURE_WINDOW_S)
    return rd_launch_fail (error, _("this reportdock:// link was signed more than 2 minutes from now: too old to "
                        "use, or a clock that is wrong"));
  expected = g_compute_hmac_for_data (G_CHECKSUM_SHA256, g_bytes_get_data (key, NULL), g_bytes_get_size (key),
                                      (const guchar *) signed_part, strlen (signed_part));
  if (!rd_constant_time_equal (given, expected))
    return rd_launch_fail (error, _("the signature of this reportdock:// link does not match: wrong secret, or "
                        "the link was changed"));
  if (replay_key != NULL)
    *replay_key = g_strconcat ("link:", given, NULL);
  return TRUE;
}

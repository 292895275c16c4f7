/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The desktop's permission for a window to take the focus, handed from a
 * worklist click to the running instance.
 *
 * A compositor gives the focus only to a window that shows a token it handed
 * out for a user's action: on Wayland (xdg-activation-v1) the launcher gets
 * one and passes it in XDG_ACTIVATION_TOKEN; on X11 startup notification
 * uses DESKTOP_STARTUP_ID. GApplication carries it to the primary instance in
 * its platform data, where GTK 4.10 and later read "activation-token" and
 * GTK 4.8 (Debian 12) only "desktop-startup-id" — so a Wayland token goes
 * under both names. The same dictionary rides on the D-Bus API's
 * OpenReportWithPlatformData, where it comes from any caller on the bus: only
 * these two keys are kept, and only as a bounded line of text. */
#include "config.h"

#include "rd-activation.h"

#include <string.h>

/* mutter's and wlroots' tokens are 32-40 characters, X11 startup ids with
 * host and program name well under 200 */
#define MAX_TOKEN_LEN 512

gboolean
rd_activation_token_is_valid (const char *token)
{
  if (token == NULL || *token == '\0' || strlen (token) > MAX_TOKEN_LEN)
    return FALSE;
  if (!g_utf8_validate (token, -1, NULL))
    return FALSE;
  for (const char *p = token; *p != '\0'; p++)
    if (g_ascii_iscntrl (*p))
      return FALSE;
  return TRUE;
}

/* What GApplication's own launcher sends: the directory (when given) and
 * the token under the names GTK reads; invalid tokens are left out. */
GVariant *
rd_activation_platform_data (const char *cwd,
                             const char *activation_token,
                             const char *startup_id)
{
  GVariantBuilder builder;
  gboolean have_token = rd_activation_token_is_valid (activation_token);

  g_variant_builder_init (&builder, G_VARIANT_TYPE_VARDICT);
  if (cwd != NULL)
    g_variant_builder_add (&builder, "{sv}", "cwd", g_variant_new_bytestring (cwd));
  if (have_token)
    g_variant_builder_add (&builder, "{sv}", "activation-token", g_variant_new_string (activation_token));
  if (rd_activation_token_is_valid (startup_id))
    g_variant_builder_add (&builder, "{sv}", "desktop-startup-id", g_variant_new_string (startup_id));
  else if (have_token)
    g_variant_builder_add (&builder, "{sv}", "desktop-startup-id", g_variant_new_string (activation_token));
  return g_variant_ref_sink (g_variant_builder_end (&builder));
}

/* A caller's dictionary reduced to the tokens, checked; anything else in it
 * (a cwd, unknown keys, wrong types) is dropped. */
GVariant *
rd_activation_platform_data_clean (GVariant *untrusted)
{
  const char *token = NULL;
  const char *startup_id = NULL;

  g_return_val_if_fail (untrusted != NULL, NULL);
  g_return_val_if_fail (g_variant_is_of_type (untrusted, G_VARIANT_TYPE_VARDICT), NULL);

  /* a value of another type is not found, not an error */
  g_variant_lookup (untrusted, "activation-token", "&s", &token);
  g_variant_lookup (untrusted, "desktop-startup-id", "&s", &startup_id);
  return rd_activation_platform_data (NULL, token, startup_id);
}

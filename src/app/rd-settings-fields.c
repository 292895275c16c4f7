/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-settings"

#include "config.h"

#include "rd-settings-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static const RdSettingChoice languages[] = {
  { "", N_("The desktop's language") }, { "en", "English" }, { "es", "Español" }, { "fr", "Français" },
  { "ja", "日本語" }, { "de", "Deutsch" }, { "nl", "Nederlands" }, { "ko", "한국어" }, { "pl", "Polski" },
  { "ro", "Română" }, { "pt", "Português" }, { "zh-CN", "简体中文" }, { "zh-Hant", "繁體中文" }, { NULL, NULL }
};
static const RdSettingChoice viewer_profiles[] = {
  { "generic", N_("Any web viewer: its page is loaded for each study") },
  { "ohif", N_("OHIF Viewer 3: the next study opens in the running viewer") }, { NULL, NULL }
};
static const RdSettingChoice qr_sizes[] = { { "standard", N_("Standard") }, { "small", N_("Small") }, { NULL, NULL } };
static const RdSettingChoice qr_modes[] = { { "light", N_("Dark on light") }, { "dark", N_("Light on dark") },
                                            { NULL, NULL } };

static const RdSettingField fields[] = {
  { "vendor-url", N_("Reporting app address"), "https://app.vendor.example/embed", NULL },
  { "token-url", N_("Token address"), "https://app.vendor.example/api/token", NULL },
  { "api-base-url", N_("API address"), "https://api.vendor.example", NULL },
  { "api-key-header", N_("API key header"), "X-API-Key", NULL },
  { "api-key-file", N_("API key file"), NULL, N_("Empty: the key is in the keyring") },
  { "vendor-user-id", N_("Vendor user id"), "usr_…", NULL },
  { "user-email", N_("E-mail"), "name@hospital.example", NULL },
  { "user-first-name", N_("First name"), NULL, NULL },
  { "user-last-name", N_("Last name"), NULL, NULL },
  { "facility-name", N_("Facility name"), NULL, NULL },
  { "default-site-id", N_("Default site"), NULL, N_("The site when the worklist gives none") },
  { "viewer-url-template", N_("Viewer address"), "https://pacs.example/viewer?StudyInstanceUIDs={study_uid}", NULL },
  { "events-url", N_("Webhook address"), NULL, N_("Empty: events go to D-Bus and the outbox only") },
  { "events-secret-file", N_("Webhook secret file"), NULL, N_("A file of mode 600 with the signing secret") },
  { "relay-secret-file", N_("Vendor webhook secret file"), NULL, N_("For reportdock relay: a file of mode 600") },
  { "launch-secret-file", N_("Link signing secret file"), NULL,
    N_("Signs reportdock:// links; empty: unsigned") },
  { "events-give-up-hours", N_("Set an undeliverable event aside after (hours)"), NULL,
    N_("Later events flow again; the one set aside is kept (reportdock events --failed). 0: never") },
  { "start-at-login", N_("Start at login, signed in"), NULL,
    N_("The first study of the day opens as fast as any other") },
  { "image-urls-command", N_("Image URL command"), "/usr/local/bin/study-urls --site=MAIN", NULL, NULL,
    N_("For the vendor's image requests: run without a shell, the study UID added as its last word; "
       "each line it prints is one image URL") },
  { "viewer-profile", N_("Web viewer"), NULL, NULL, viewer_profiles },
  { "viewer-uri-template", N_("Desktop viewer link"), "weasis://%24dicom%3Ars+-r+%22studyUID%3D{study_uid}%22", NULL },
  { "viewer-command", N_("Desktop viewer command"), "/opt/viewer/bin/open-study --study={study_uid}", NULL, NULL,
    N_("Run without a shell on every study change; {study_uid}, {accession}, {mrn} and {site} are filled in") },
  { "viewer-close-command", N_("Command for the study left"), "/opt/viewer/bin/close-study --study={study_uid}",
    NULL },
  { "viewer-command-timeout", N_("Stop a viewer command after (seconds)"), NULL, NULL },
  { "app-language", N_("Language"), NULL,
    N_("The language of the reporting app and of speech recognition"), languages },
  { "return-format", N_("Report return format"), "HL7", NULL },
  { "lazy-launch", N_("Prepare the report when first opened"), NULL,
    N_("MD.ai's lazy launch: the report is made when its link is first opened") },
  { "qr-code-size", N_("QR code size"), NULL, NULL, qr_sizes },
  { "qr-code-mode", N_("QR code colours"), NULL, NULL, qr_modes },
  { "focus-report", N_("Put the keyboard in the report when a study opens"), NULL,
    N_("Typing goes to the report at once, where the reporting app puts its cursor") },
  /* not made here (Preferences' own controls), but named in messages */
  { "mic-device", N_("Microphone"), NULL, NULL },
  { "mic-check", N_("Check before dictation"), NULL, NULL },
  { "ephemeral-session", N_("Forget the reporting app's cookies on exit"), NULL,
    N_("Cookies and storage of the report pane are kept in memory only") },
};

const RdSettingField *
rd_settings_field_find (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];
  return NULL;
}

/* A message for the window: each setting it names by its key (what a log
 * and an admin's dconf file speak) also by the label it has in
 * Preferences and the assistant, "check “Reporting app address”
 * (vendor-url)". A key is a whole word: not part of a longer key. */
char *
rd_settings_labelled (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_new (NULL);
  for (const char *p = text; *p != '\0';)
    {
      const RdSettingField *found = NULL;
      gsize len = 0;

      if (p == text || !(g_ascii_isalnum (p[-1]) || p[-1] == '-' || p[-1] == '_'))
        for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
          {
            gsize n = strlen (fields[i].key);

            if (n > len && strncmp (p, fields[i].key, n) == 0 &&
                !(g_ascii_isalnum (p[n]) || p[n] == '-' || p[n] == '_'))
              {
                found = &fields[i];
                len = n;
              }
          }
      if (found != NULL)
        {
          g_string_append_printf (out, "“%s” (%s)", _(found->label), found->key);
          p += len;
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

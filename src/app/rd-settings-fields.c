/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-settings"

#include "config.h"

#include "rd-settings-fields.h"
#include "rd-settings-keys.h"

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
  { RD_KEY_VENDOR_URL, N_("Reporting app address"), "https://app.vendor.example/embed", NULL },
  { RD_KEY_TOKEN_URL, N_("Token address"), "https://app.vendor.example/api/token", NULL },
  { RD_KEY_API_BASE_URL, N_("API address"), "https://api.vendor.example", NULL },
  { RD_KEY_API_KEY_HEADER, N_("API key header"), "X-API-Key", NULL },
  { RD_KEY_API_KEY_FILE, N_("API key file"), NULL, N_("Empty: the key is in the keyring") },
  { RD_KEY_VENDOR_USER_ID, N_("Vendor user id"), "usr_…", NULL },
  { RD_KEY_USER_EMAIL, N_("E-mail"), "name@hospital.example", NULL },
  { RD_KEY_USER_FIRST_NAME, N_("First name"), NULL, NULL },
  { RD_KEY_USER_LAST_NAME, N_("Last name"), NULL, NULL },
  { RD_KEY_FACILITY_NAME, N_("Facility name"), NULL, NULL },
  { RD_KEY_DEFAULT_SITE_ID, N_("Default site"), NULL, N_("The site when the worklist gives none") },
  { RD_KEY_VIEWER_URL_TEMPLATE, N_("Viewer address"), "https://pacs.example/viewer?StudyInstanceUIDs={study_uid}",
    NULL },
  { RD_KEY_EVENTS_URL, N_("Webhook address"), NULL, N_("Empty: events go to D-Bus and the outbox only") },
  { RD_KEY_EVENTS_SECRET_FILE, N_("Webhook secret file"), NULL, N_("A file of mode 600 with the signing secret") },
  { RD_KEY_RELAY_SECRET_FILE, N_("Vendor webhook secret file"), NULL, N_("For reportdock relay: a file of mode 600") },
  { RD_KEY_LAUNCH_SECRET_FILE, N_("Link signing secret file"), NULL,
    N_("Signs reportdock:// links; empty: unsigned") },
  { RD_KEY_EVENTS_GIVE_UP_HOURS, N_("Set an undeliverable event aside after (hours)"), NULL,
    N_("Later events flow again; the one set aside is kept (reportdock events --failed). 0: never") },
  { RD_KEY_START_AT_LOGIN, N_("Start at login, signed in"), NULL,
    N_("The first study of the day opens as fast as any other") },
  { RD_KEY_IMAGE_URLS_COMMAND, N_("Image URL command"), "/usr/local/bin/study-urls --site=MAIN", NULL, NULL,
    N_("For the vendor's image requests: run without a shell, the study UID added as its last word; "
       "each line it prints is one image URL") },
  { RD_KEY_VIEWER_PROFILE, N_("Web viewer"), NULL, NULL, viewer_profiles },
  { RD_KEY_VIEWER_URI_TEMPLATE, N_("Desktop viewer link"), "weasis://%24dicom%3Ars+-r+%22studyUID%3D{study_uid}%22",
    NULL },
  { RD_KEY_VIEWER_COMMAND, N_("Desktop viewer command"), "/opt/viewer/bin/open-study --study={study_uid}", NULL, NULL,
    N_("Run without a shell on every study change; {study_uid}, {accession}, {mrn} and {site} are filled in") },
  { RD_KEY_VIEWER_CLOSE_COMMAND, N_("Command for the study left"), "/opt/viewer/bin/close-study --study={study_uid}",
    NULL },
  { RD_KEY_VIEWER_COMMAND_TIMEOUT, N_("Stop a viewer command after (seconds)"), NULL, NULL },
  { RD_KEY_APP_LANGUAGE, N_("Language"), NULL,
    N_("The language of the reporting app and of speech recognition"), languages },
  { RD_KEY_RETURN_FORMAT, N_("Report return format"), "HL7", NULL },
  { RD_KEY_LAZY_LAUNCH, N_("Prepare the report when first opened"), NULL,
    N_("MD.ai's lazy launch: the report is made when its link is first opened") },
  { RD_KEY_QR_CODE_SIZE, N_("QR code size"), NULL, NULL, qr_sizes },
  { RD_KEY_QR_CODE_MODE, N_("QR code colours"), NULL, NULL, qr_modes },
  { RD_KEY_FOCUS_REPORT, N_("Put the keyboard in the report when a study opens"), NULL,
    N_("Typing goes to the report at once, where the reporting app puts its cursor") },
  /* not made here (Preferences' own controls), but named in messages */
  { RD_KEY_MIC_DEVICE, N_("Microphone"), NULL, NULL },
  { RD_KEY_MIC_CHECK, N_("Check before dictation"), NULL, NULL },
  { RD_KEY_EPHEMERAL_SESSION, N_("Forget the reporting app's cookies on exit"), NULL,
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

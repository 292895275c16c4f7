/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"
#include "rd-launch.h"
#include "openssl-hmac.h"

#include <string.h>

/* argv for the parser: "reportdock" and the NULL-terminated arguments. */
static GPtrArray *
build_argv (const char *first,
            va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "reportdock");
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static RdLaunch *
parse (const char *first,
       ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  RdLaunch *launch;
  va_list args;

  va_start (args, first);
  argv = build_argv (first, args);
  va_end (args);

  launch = rd_launch_parse_argv (argv->len - 1, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_nonnull (launch);
  return launch;
}

static void
assert_argv_fails (const char *expected_fragment,
                   const char *first,
                   ...)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = NULL;
  va_list args;

  va_start (args, first);
  argv = build_argv (first, args);
  va_end (args);

  launch = rd_launch_parse_argv (argv->len - 1, (const char * const *) argv->pdata, &error);
  g_assert_null (launch);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("expected \"%s\" in \"%s\"", expected_fragment, error->message);
  /* one line, no newline: the invoking process prints exactly one line */
  g_assert_null (strchr (error->message, '\n'));
}

static void
assert_uri_fails (const char *uri,
                  const char *expected_fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch = rd_launch_parse_uri (uri, &error);

  g_assert_null (launch);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, expected_fragment) == NULL)
    g_error ("for %s expected \"%s\" in \"%s\"", uri, expected_fragment, error->message);
}

static void
test_no_arguments_raises (void)
{
  g_autoptr(RdLaunch) launch = parse (NULL);

  g_assert_cmpint (launch->kind, ==, RD_LAUNCH_RAISE);
  g_assert_false (launch->demo);
  g_assert_null (launch->study);
}

static void
test_global_options (void)
{
  g_autoptr(RdLaunch) demo = parse ("--demo", NULL);
  g_autoptr(RdLaunch) version = parse ("--version", NULL);
  g_autoptr(RdLaunch) help = parse ("--help", NULL);
  g_autoptr(RdLaunch) close = parse ("close", NULL);

  g_assert_cmpint (demo->kind, ==, RD_LAUNCH_RAISE);
  g_assert_true (demo->demo);
  g_assert_cmpint (version->kind, ==, RD_LAUNCH_VERSION);
  g_assert_cmpint (help->kind, ==, RD_LAUNCH_HELP);
  g_assert_cmpint (close->kind, ==, RD_LAUNCH_CLOSE);
  g_assert_nonnull (strstr (rd_launch_usage (), "reportdock open --mrn"));
}

static void
test_open_full (void)
{
  g_autoptr(RdLaunch) launch = parse ("open", "--mrn", "MRN 001", "--accession", "A1",
                                      "--accession=A2", "--site", "S1",
                                      "--study-uid", "1.2.840.113619.2.1",
                                      "--meta", "modality=CT",
                                      "--meta=clinical_notes=cough = 3 weeks", NULL);
  JsonObject *meta;

  g_assert_cmpint (launch->kind, ==, RD_LAUNCH_OPEN);
  g_assert_cmpstr (rd_study_get_mrn (launch->study), ==, "MRN 001");
  g_assert_cmpuint (rd_study_get_n_accessions (launch->study), ==, 2);
  g_assert_cmpstr (rd_study_get_accession (launch->study, 0), ==, "A1");
  g_assert_cmpstr (rd_study_get_accession (launch->study, 1), ==, "A2");
  g_assert_cmpstr (rd_study_get_site_id (launch->study), ==, "S1");
  g_assert_cmpstr (rd_study_get_study_uid (launch->study), ==, "1.2.840.113619.2.1");
  meta = rd_study_get_metadata (launch->study);
  g_assert_cmpstr (json_object_get_string_member (meta, "modality"), ==, "CT");
  g_assert_cmpstr (json_object_get_string_member (meta, "clinical_notes"), ==, "cough = 3 weeks");
}

static void
test_open_minimal (void)
{
  g_autoptr(RdLaunch) launch = parse ("open", "--mrn", "M", "--accession", "A", NULL);

  g_assert_cmpint (launch->kind, ==, RD_LAUNCH_OPEN);
  g_assert_null (rd_study_get_site_id (launch->study));
  g_assert_null (rd_study_get_study_uid (launch->study));
}

static void
test_argv_errors (void)
{
  g_autofree char *long_mrn = g_strnfill (65, 'M');
  g_autofree char *max_mrn = g_strnfill (64, 'M');
  g_autofree char *big_meta = g_strdup_printf ("findings=%s", g_strnfill (4097, 'x'));
  g_autoptr(RdLaunch) max = parse ("open", "--mrn", max_mrn, "--accession", "A", NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) too_many = NULL;

  assert_argv_fails ("unknown command", "frobnicate", NULL);
  assert_argv_fails ("unknown option", "--frob", NULL);
  assert_argv_fails ("no MRN", "open", "--accession", "A", NULL);
  assert_argv_fails ("no accession", "open", "--mrn", "M", NULL);
  assert_argv_fails ("MRN is empty", "open", "--mrn", "", "--accession", "A", NULL);
  assert_argv_fails ("MRN is empty", "open", "--accession", "A", "--mrn", NULL);
  assert_argv_fails ("at most 64", "open", "--mrn", long_mrn, "--accession", "A", NULL);
  assert_argv_fails ("not allowed", "open", "--mrn", "M/1", "--accession", "A", NULL);
  assert_argv_fails ("not allowed", "open", "--mrn", "M", "--accession", "A;rm", NULL);
  assert_argv_fails ("not allowed", "open", "--mrn", "Mü", "--accession", "A", NULL);
  assert_argv_fails ("space", "open", "--mrn", " M", "--accession", "A", NULL);
  assert_argv_fails ("space", "open", "--mrn", "M", "--accession", "A ", NULL);
  assert_argv_fails ("twice", "open", "--mrn", "M", "--mrn", "N", "--accession", "A", NULL);
  assert_argv_fails ("twice", "open", "--mrn", "M", "--accession", "A", "--accession", "A", NULL);
  assert_argv_fails ("twice", "open", "--mrn", "M", "--accession", "A", "--site", "S", "--site", "S", NULL);
  assert_argv_fails ("DICOM UID", "open", "--mrn", "M", "--accession", "A", "--study-uid", "1.2.x", NULL);
  assert_argv_fails ("DICOM UID", "open", "--mrn", "M", "--accession", "A", "--study-uid", "1.2.", NULL);
  assert_argv_fails ("unknown metadata key", "open", "--mrn", "M", "--accession", "A", "--meta", "colour=red", NULL);
  assert_argv_fails ("KEY=VALUE", "open", "--mrn", "M", "--accession", "A", "--meta", "modality", NULL);
  assert_argv_fails ("KEY=VALUE", "open", "--mrn", "M", "--accession", "A", "--meta", "=x", NULL);
  assert_argv_fails ("4096 bytes", "open", "--mrn", "M", "--accession", "A", "--meta", big_meta, NULL);
  assert_argv_fails ("unknown option", "open", "--mrn", "M", "--accession", "A", "stray", NULL);
  assert_argv_fails ("no arguments", "close", "now", NULL);
  assert_argv_fails ("only argument", "reportdock://open?mrn=M&accession=A", "extra", NULL);

  /* 20 accessions are fine, the 21st is not */
  g_ptr_array_add (argv, g_strdup ("reportdock"));
  g_ptr_array_add (argv, g_strdup ("open"));
  g_ptr_array_add (argv, g_strdup ("--mrn=M"));
  for (int i = 0; i < 21; i++)
    g_ptr_array_add (argv, g_strdup_printf ("--accession=A%d", i));
  g_ptr_array_add (argv, NULL);
  too_many = rd_launch_parse_argv (argv->len - 1, (const char * const *) argv->pdata, &error);
  g_assert_null (too_many);
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "more than 20"));
  g_clear_error (&error);
  g_free (g_ptr_array_steal_index (argv, argv->len - 2));  /* drop the 21st */
  too_many = rd_launch_parse_argv (argv->len - 1, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rd_study_get_n_accessions (too_many->study), ==, 20);
}

static void
test_error_messages_hold_no_identifiers (void)
{
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "reportdock", "open", "--mrn", "SECRET/123", "--accession", "A", NULL };
  g_autoptr(RdLaunch) launch = rd_launch_parse_argv (6, argv, &error);

  g_assert_null (launch);
  g_assert_null (strstr (error->message, "SECRET"));
}

static void
test_wait (void)
{
  g_autoptr(RdLaunch) wait = parse ("open", "--mrn", "M", "--accession", "A", "--wait", "report.signed",
                                    "--timeout", "90", NULL);
  g_autoptr(RdLaunch) forever = parse ("open", "--mrn", "M", "--accession", "A", "--wait=report.opened", NULL);

  g_assert_cmpstr (wait->wait, ==, "report.signed");
  g_assert_cmpuint (wait->timeout, ==, 90);
  g_assert_cmpstr (forever->wait, ==, "report.opened");
  g_assert_cmpuint (forever->timeout, ==, 0);
  assert_argv_fails ("unknown event", "open", "--mrn", "M", "--accession", "A", "--wait", "report.sined", NULL);
  assert_argv_fails ("unknown event", "open", "--mrn", "M", "--accession", "A", "--wait", NULL);
  assert_argv_fails ("whole number", "open", "--mrn", "M", "--accession", "A", "--wait", "report.signed", "--timeout", "0", NULL);
  assert_argv_fails ("whole number", "open", "--mrn", "M", "--accession", "A", "--wait", "report.signed", "--timeout", "1e3", NULL);
  assert_argv_fails ("goes with --wait", "open", "--mrn", "M", "--accession", "A", "--timeout", "5", NULL);
}

static void
test_wait_final (void)
{
  g_autoptr(RdLaunch) final = parse ("open", "--mrn", "M", "--accession", "A", "--wait", "report.signed:final", NULL);

  g_assert_cmpstr (final->wait, ==, "report.signed:final");
  assert_argv_fails ("unknown event", "open", "--mrn", "M", "--accession", "A", "--wait", "report.saved:final", NULL);
  g_assert_nonnull (strstr (rd_launch_usage (), "report.signed:final"));
}

/* The patient and study keys, each with its rule, in argv and URI alike. */
static void
test_patient_keys (void)
{
  static const struct { const char *key, *good, *bad, *rule; } keys[] = {
    { "patient_name", "Doe^Jane^Q", "two\nlines", "printable" },
    { "patient_birth_date", "19620314", "19620230", "YYYYMMDD" },
    { "patient_birth_date", "20000229", "1962-03-14", "YYYYMMDD" },
    { "patient_sex", "F", "female", "M, F or O" },
    { "patient_age", "064Y", "64 years", "D, W, M or Y" },
    { "patient_age", "7", "1234", "1 to 3 digits" },
    { "body_part", "CHEST", "CHEST;DROP", "letters, digits" },
    { "study_date", "20261201", "20261301", "YYYYMMDD" },
    { "study_time", "142500", "246000", "HHMMSS" },
    { "reason_for_exam", "Shortness of breath", NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *good = g_strdup_printf ("%s=%s", keys[i].key, keys[i].good);
      g_autoptr(RdLaunch) launch = parse ("open", "--mrn", "M", "--accession", "A", "--meta", good, NULL);
      g_autofree char *escaped = g_uri_escape_string (keys[i].good, NULL, FALSE);
      g_autofree char *uri = g_strdup_printf ("reportdock://open?mrn=M&accession=A&%s=%s", keys[i].key, escaped);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdLaunch) from_uri = rd_launch_parse_uri (uri, &error);

      g_assert_cmpstr (rd_study_get_meta (launch->study, keys[i].key), ==, keys[i].good);
      g_assert_no_error (error);
      g_assert_cmpstr (rd_study_get_meta (from_uri->study, keys[i].key), ==, keys[i].good);
      if (keys[i].bad != NULL)
        {
          g_autofree char *bad = g_strdup_printf ("%s=%s", keys[i].key, keys[i].bad);
          g_autofree char *bad_escaped = g_uri_escape_string (keys[i].bad, NULL, FALSE);
          g_autofree char *bad_uri = g_strdup_printf ("reportdock://open?mrn=M&accession=A&%s=%s",
                                                      keys[i].key, bad_escaped);

          assert_argv_fails (keys[i].rule, "open", "--mrn", "M", "--accession", "A", "--meta", bad, NULL);
          assert_uri_fails (bad_uri, keys[i].rule);
        }
    }
  /* the rule is named, never the value: it may be a patient's name */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(RdLaunch) bad = NULL;
    const char *argv[] = { "reportdock", "open", "--mrn", "M", "--accession", "A", "--meta",
                           "patient_birth_date=SECRET-NAME", NULL };

    bad = rd_launch_parse_argv (8, argv, &error);
    g_assert_null (bad);
    g_assert_null (strstr (error->message, "SECRET-NAME"));
  }
}

static char *
sign_link (const char *link,
           const char *secret)
{
  g_autoptr(GBytes) key = g_bytes_new (secret, strlen (secret));
  g_autoptr(GBytes) mac = openssl_hmac_sha256 (key, link, strlen (link));
  GString *hex = g_string_new (link);

  g_assert_nonnull (mac);
  g_string_append (hex, "&sig=");
  for (gsize i = 0; i < g_bytes_get_size (mac); i++)
    g_string_append_printf (hex, "%02x", ((const guint8 *) g_bytes_get_data (mac, NULL))[i]);
  return g_string_free (hex, FALSE);
}

/* Signed links (launch-secret-file): HMAC-SHA256 of the link up to
 * "&sig=", by openssl, fresh within 2 minutes. */
static void
test_signed_links (void)
{
  const gint64 now = 1764590000;
  g_autoptr(GBytes) key = g_bytes_new_static ("launch-secret-1", 15);
  g_autofree char *link = g_strdup_printf ("reportdock://open?mrn=M1&accession=A%%201&site=S&ts=%" G_GINT64_FORMAT, now);
  g_autofree char *good = sign_link (link, "launch-secret-1");
  g_autofree char *upper = g_ascii_strup (strstr (good, "&sig=") + 5, -1);
  g_autofree char *upper_link = g_strdup_printf ("%s&sig=%s", link, upper);
  g_autofree char *other_secret = sign_link (link, "another-secret");
  g_autofree char *changed = g_strdup (good);
  g_autofree char *key_good = NULL, *key_upper = NULL;
  g_autofree char *stale_link = g_strdup_printf ("reportdock://open?mrn=M1&accession=A1&ts=%" G_GINT64_FORMAT, now - 121);
  g_autofree char *stale = sign_link (stale_link, "launch-secret-1");
  g_autofree char *no_ts = sign_link ("reportdock://open?mrn=M1&accession=A1", "launch-secret-1");
  g_autofree char *sig_first = g_strdup_printf ("reportdock://open?sig=%s&mrn=M1&accession=A1&ts=%" G_GINT64_FORMAT,
                                                strstr (good, "&sig=") + 5, now);
  g_autoptr(RdLaunch) parsed = NULL;
  g_autoptr(GError) error = NULL;

  /* the signed link parses as any link does */
  parsed = rd_launch_parse_uri (good, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->uri, ==, good);
  g_assert_cmpstr (rd_study_get_accession (parsed->study, 0), ==, "A 1");

  g_assert_true (rd_launch_check_signature (good, key, now, &key_good, &error));
  g_assert_no_error (error);
  g_assert_true (rd_launch_check_signature (good, key, now + 119, NULL, NULL));
  /* one link, however its sig is spelled: one replay key */
  g_assert_true (rd_launch_check_signature (upper_link, key, now, &key_upper, NULL));
  g_assert_cmpstr (key_good, ==, key_upper);

  changed[strlen ("reportdock://open?mrn=M")] = '2';   /* another patient */
  {
    const char *bad[][2] = {
      { other_secret, "does not match" }, { changed, "does not match" }, { link, "not signed" },
      { stale, "more than 2 minutes" }, { no_ts, "no ts" }, { sig_first, "not signed" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_clear_error (&error);
        g_assert_false (rd_launch_check_signature (bad[i][0], key, now, NULL, &error));
        if (strstr (error->message, bad[i][1]) == NULL)
          g_error ("%s: expected \"%s\" in \"%s\"", bad[i][0], bad[i][1], error->message);
      }
  }
  g_clear_error (&error);
  g_assert_false (rd_launch_check_signature (good, key, now + 200, NULL, &error));
}

/* Unsigned links switch studies but do not fill report text. */
static void
test_unsigned_links (void)
{
  const char *text[] = { "findings", "pre_findings", "key_findings" };
  g_autoptr(RdLaunch) plain = rd_launch_parse_uri ("reportdock://open?mrn=M&accession=A&modality=CT", NULL);
  g_autoptr(RdLaunch) argv = parse ("open", "--mrn", "M", "--accession", "A", "--meta", "findings=x", NULL);

  g_assert_true (rd_launch_check_unsigned (plain, NULL));
  g_assert_true (rd_launch_check_unsigned (argv, NULL));   /* local callers */
  for (guint i = 0; i < G_N_ELEMENTS (text); i++)
    {
      g_autofree char *uri = g_strdup_printf ("reportdock://open?mrn=M&accession=A&%s=Normal", text[i]);
      g_autoptr(RdLaunch) launch = rd_launch_parse_uri (uri, NULL);
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (launch);
      g_assert_false (rd_launch_check_unsigned (launch, &error));
      g_assert_nonnull (strstr (error->message, "launch-secret-file"));
    }
}

static void
test_check_mic (void)
{
  g_autoptr(RdLaunch) plain = parse ("check-mic", NULL);
  g_autoptr(RdLaunch) full = parse ("check-mic", "--device", "SpeechMike", "--seconds", "0.5", "--json", "--list", NULL);

  g_assert_cmpint (plain->kind, ==, RD_LAUNCH_CHECK_MIC);
  g_assert_cmpuint (plain->mic_ms, ==, 300);
  g_assert_null (plain->mic_device);
  g_assert_cmpstr (full->mic_device, ==, "SpeechMike");
  g_assert_cmpuint (full->mic_ms, ==, 500);
  g_assert_true (full->json && full->list);
  assert_argv_fails ("0.1 to 10", "check-mic", "--seconds", "0", NULL);
  assert_argv_fails ("0.1 to 10", "check-mic", "--seconds", "11", NULL);
  assert_argv_fails ("0.1 to 10", "check-mic", "--seconds", "nan", NULL);
  assert_argv_fails ("0.1 to 10", "check-mic", "--seconds", "1s", NULL);
  assert_argv_fails ("device name", "check-mic", "--device", "", NULL);
  assert_argv_fails ("unknown option", "check-mic", "--loud", NULL);
}

static void
test_relay_and_devices (void)
{
  g_autoptr(RdLaunch) relay = parse ("relay", NULL);
  g_autoptr(RdLaunch) port = parse ("relay", "--listen", "8787", NULL);
  g_autoptr(RdLaunch) host = parse ("relay", "--listen=0.0.0.0:8080", NULL);
  g_autoptr(RdLaunch) v6 = parse ("relay", "--listen", "[::1]:9000", NULL);
  g_autoptr(RdLaunch) devices = parse ("devices", NULL);
  g_autoptr(RdLaunch) monitor = parse ("devices", "--monitor", NULL);

  g_assert_cmpint (relay->kind, ==, RD_LAUNCH_RELAY);
  g_assert_cmpstr (relay->listen_host, ==, "127.0.0.1");   /* loopback unless told */
  g_assert_cmpuint (relay->listen_port, ==, 0);
  g_assert_cmpstr (port->listen_host, ==, "127.0.0.1");
  g_assert_cmpuint (port->listen_port, ==, 8787);
  g_assert_cmpstr (host->listen_host, ==, "0.0.0.0");
  g_assert_cmpuint (host->listen_port, ==, 8080);
  g_assert_cmpstr (v6->listen_host, ==, "::1");
  g_assert_cmpuint (v6->listen_port, ==, 9000);
  assert_argv_fails ("PORT from 0 to 65535", "relay", "--listen", "70000", NULL);
  assert_argv_fails ("PORT from 0 to 65535", "relay", "--listen", "127.0.0.1:", NULL);
  assert_argv_fails ("PORT from 0 to 65535", "relay", "--listen", "127.0.0.1:http", NULL);
  assert_argv_fails ("HOST an IP address", "relay", "--listen", "example.org:80", NULL);
  assert_argv_fails ("HOST an IP address", "relay", "--listen", ":80", NULL);
  assert_argv_fails ("unknown option", "relay", "--tls", NULL);

  g_assert_cmpint (devices->kind, ==, RD_LAUNCH_DEVICES);
  g_assert_false (devices->monitor);
  g_assert_true (monitor->monitor);
  assert_argv_fails ("unknown option", "devices", "--all", NULL);
}

static void
test_profile_option (void)
{
  g_autoptr(RdLaunch) mdai = parse ("--demo", "--profile", "mdai", NULL);
  g_autoptr(RdLaunch) avara = parse ("--profile=avara", "open", "--mrn", "M1", "--accession", "A1", NULL);

  g_assert_true (mdai->demo);
  g_assert_cmpstr (mdai->profile, ==, "mdai");
  g_assert_cmpstr (avara->profile, ==, "avara");
  g_assert_cmpint (avara->kind, ==, RD_LAUNCH_OPEN);
  assert_argv_fails ("profile name", "--profile", "", NULL);
  assert_argv_fails ("profile name", "--profile", "../etc/passwd", NULL);
  assert_argv_fails ("profile name", "--profile", "MDAI", NULL);
  assert_argv_fails ("profile name", "--profile", NULL);
}

static void
test_events (void)
{
  g_autoptr(RdLaunch) plain = parse ("events", NULL);
  g_autoptr(RdLaunch) full = parse ("--demo", "events", "--follow", "--since", "evt_0123456789abcdef0123456789abcdef", NULL);

  g_assert_cmpint (plain->kind, ==, RD_LAUNCH_EVENTS);
  g_assert_false (plain->follow);
  g_assert_null (plain->since);
  g_assert_true (full->demo);
  g_assert_true (full->follow);
  g_assert_cmpstr (full->since, ==, "evt_0123456789abcdef0123456789abcdef");
  assert_argv_fails ("event id", "events", "--since", "42", NULL);
  assert_argv_fails ("event id", "events", "--since", NULL);
  assert_argv_fails ("unknown option", "events", "--tail", NULL);
}

static void
test_uri_full (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) launch =
    rd_launch_parse_uri ("reportdock://open?mrn=M%201&accession=A1&accession=A2&site=S"
                         "&study_uid=1.2.3&modality=CT&studyDescription=Chest+CT%20w%2Fo", &error);
  JsonObject *meta;

  g_assert_no_error (error);
  g_assert_cmpint (launch->kind, ==, RD_LAUNCH_OPEN);
  g_assert_cmpstr (rd_study_get_mrn (launch->study), ==, "M 1");
  g_assert_cmpuint (rd_study_get_n_accessions (launch->study), ==, 2);
  g_assert_cmpstr (rd_study_get_accession (launch->study, 1), ==, "A2");
  g_assert_cmpstr (rd_study_get_site_id (launch->study), ==, "S");
  g_assert_cmpstr (rd_study_get_study_uid (launch->study), ==, "1.2.3");
  meta = rd_study_get_metadata (launch->study);
  g_assert_cmpstr (json_object_get_string_member (meta, "studyDescription"), ==, "Chest CT w/o");
}

static void
test_uri_via_argv_and_close (void)
{
  g_autoptr(RdLaunch) open = parse ("reportdock://open?mrn=M&accession=A", NULL);
  g_autoptr(RdLaunch) close = parse ("reportdock://close", NULL);
  g_autoptr(RdLaunch) upper = parse ("REPORTDOCK://open/?mrn=M&accession=A", NULL);

  g_assert_cmpint (open->kind, ==, RD_LAUNCH_OPEN);
  g_assert_cmpint (close->kind, ==, RD_LAUNCH_CLOSE);
  g_assert_cmpint (upper->kind, ==, RD_LAUNCH_OPEN);
}

static void
test_uri_errors (void)
{
  g_autoptr(GString) huge = g_string_new ("reportdock://open?mrn=M&accession=A&findings=");
  g_autofree char *meta_4097 = NULL;

  while (huge->len <= RD_LAUNCH_MAX_URI_LENGTH)
    g_string_append_c (huge, 'x');
  assert_uri_fails (huge->str, "longer than 8192");

  meta_4097 = g_strdup_printf ("reportdock://open?mrn=M&accession=A&findings=%s", g_strnfill (4097, 'x'));
  assert_uri_fails (meta_4097, "4096 bytes");

  assert_uri_fails ("reportdock://open?mrn=M&accession=A%ZZ", "bad encoding");
  assert_uri_fails ("reportdock://open?mrn=M%00&accession=A", "");
  assert_uri_fails ("reportdock://open?mrn=M&accession=A&colour=red", "unknown key");
  assert_uri_fails ("reportdock://open?mrn=&accession=A", "MRN is empty");
  assert_uri_fails ("reportdock://open?mrn=M&accession=", "accession is empty");
  assert_uri_fails ("reportdock://open?mrn=M", "no accession");
  assert_uri_fails ("reportdock://open", "no MRN");
  assert_uri_fails ("reportdock://open?mrn=M&mrn=N&accession=A", "twice");
  assert_uri_fails ("reportdock://delete?mrn=M&accession=A", "reportdock://open");
  assert_uri_fails ("reportdock://open/x?mrn=M&accession=A", "reportdock://open");
  assert_uri_fails ("https://open?mrn=M&accession=A", "scheme");
  assert_uri_fails ("reportdock://open?mrn=M%2F1&accession=A", "not allowed");
  assert_uri_fails ("reportdock://open?mrn=M&accession=A&site=S&site=T", "twice");
  assert_uri_fails ("reportdock://open?mrn=M&accession=A&modality=%FF", "UTF-8");
  assert_uri_fails ("not a uri at all", "");
}

/* "did you mean": close typos and unique prefixes, nothing for the far-off */
static void
test_suggestions (void)
{
  const char * const commands[] = { "open", "close", "check-mic", "events", "devices", "relay", "help", NULL };
  const char * const options[] = { "--mrn", "--accession", "--site", "--study-uid", "--meta", "--wait", NULL };
  struct { const char *typo; const char * const *known; const char *expected; } cases[] = {
    { "opne", commands, "open" },          /* transposition */
    { "oepn", commands, "open" },
    { "clsoe", commands, "close" },
    { "checkmic", commands, "check-mic" },
    { "event", commands, "events" },
    { "dev", commands, "devices" },       /* unique prefix */
    { "--mrnn", options, "--mrn" },
    { "--acession", options, "--accession" },
    { "--study_uid", options, "--study-uid" },
    { "--sit=MAIN", options, "--site" },  /* the value does not count */
    { "x", commands, NULL },
    { "frobnicate", commands, NULL },
    { "--colour", options, NULL },
    { "", commands, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    g_assert_cmpstr (rd_launch_suggest (cases[i].typo, cases[i].known), ==, cases[i].expected);
}

static void
test_help (void)
{
  struct { const char *argv[4]; const char *topic; } asks[] = {
    { { "reportdock", "help", NULL }, NULL },
    { { "reportdock", "help", "events", NULL }, "events" },
    { { "reportdock", "events", "--help", NULL }, "events" },
    { { "reportdock", "relay", "--listen", "-h" }, "relay" },
    { { "reportdock", "--help", NULL }, NULL },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(RdLaunch) bad = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (asks); i++)
    {
      int argc = 0;
      g_autoptr(RdLaunch) launch = NULL;
      g_autofree char *usage = NULL;

      while (argc < 4 && asks[i].argv[argc] != NULL)
        argc++;
      launch = rd_launch_parse_argv (argc, asks[i].argv, &error);
      g_assert_no_error (error);
      g_assert_cmpint (launch->kind, ==, RD_LAUNCH_HELP);
      g_assert_cmpstr (launch->help_topic, ==, asks[i].topic);
      usage = rd_launch_usage_for (launch->help_topic);
      g_assert_true (g_str_has_prefix (usage, "Usage:\n"));
      if (asks[i].topic != NULL)
        {
          g_autofree char *line = g_strdup_printf ("  reportdock %s ", asks[i].topic);

          g_assert_nonnull (strstr (usage, line));
          g_assert_null (strstr (usage, "reportdock open "));
        }
    }
  /* each subcommand's notes, and only its own (issue 29.8) */
  {
    g_autofree char *open = rd_launch_usage_for ("open");
    g_autofree char *events = rd_launch_usage_for ("events");

    for (const char * const *key = rd_study_get_meta_keys (); *key != NULL; key++)
      g_assert_nonnull (strstr (open, *key));
    g_assert_nonnull (strstr (open, "--wait report.signed:final"));
    g_assert_null (strstr (open, "events --failed"));
    g_assert_nonnull (strstr (events, "events --failed"));
    g_assert_null (strstr (events, "--meta"));
  }
  /* --demo --help: the whole usage, and what the demo's studies can show */
  {
    const char *argv[] = { "reportdock", "--demo", "--help" };
    g_autoptr(RdLaunch) launch = rd_launch_parse_argv (3, argv, &error);
    g_autofree char *usage = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (launch->kind, ==, RD_LAUNCH_HELP);
    g_assert_cmpstr (launch->help_topic, ==, "demo");
    usage = rd_launch_usage_for (launch->help_topic);
    g_assert_true (g_str_has_prefix (usage, "Usage:\n"));
    for (const char * const *trigger = (const char * const[]) { "-HANG", "-WRONG", "-ERR", ".999", "-SLOW", NULL };
         *trigger != NULL; trigger++)
      g_assert_nonnull (strstr (usage, *trigger));
  }
  {
    const char *argv[] = { "reportdock", "help", "opne" };

    bad = rd_launch_parse_argv (3, argv, &error);
    g_assert_null (bad);
    g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
    g_assert_nonnull (strstr (error->message, "did you mean \"open\""));
  }
}

/* Issue 25.3: no argument list, or a program name that is no string, is
 * refused with one line; never read past the list's end. */
static void
test_empty_argument_list (void)
{
  const char *none[] = { NULL };
  const char *empty_program[] = { "", "open", NULL };
  const char *null_inside[] = { "reportdock", NULL, "open", NULL };
  const struct { int argc; const char * const *argv; const char *fragment; } cases[] = {
    { 0, none, "empty" },
    { 0, NULL, "empty" },
    { -1, none, "empty" },
    { 2, empty_program, "empty" },
    { 3, null_inside, "malformed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdLaunch) launch = rd_launch_parse_argv (cases[i].argc, cases[i].argv, &error);

      g_assert_null (launch);
      g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
      g_assert_nonnull (strstr (error->message, cases[i].fragment));
      g_assert_null (strchr (error->message, '\n'));
    }
}

/* Issue 25.7 as the attack: a link's unknown key carrying a line break
 * forges no log line; errors before the signature check name no value. */
static void
test_link_errors_name_no_value (void)
{
  static const char * const links[] = {
    "reportdock://open?mrn=M&accession=A&evil%0Areportdock%3A%20forged=1",
    "reportdock://open?mrn=M&accession=A&x=%0Aforged",
    "reportdock://open?mrn=M&accession=A&%E2%80%AEforged=1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RdLaunch) launch = rd_launch_parse_uri (links[i], &error);

      g_assert_null (launch);
      g_assert_nonnull (error);
      g_assert_null (strchr (error->message, '\n'));
      g_assert_null (strstr (error->message, "forged"));
    }
  /* on the command line the value is named, made safe */
  assert_argv_fails ("\\u{a}", "open\nforged", NULL);
  assert_argv_fails ("\\u{1b}", "--wait\x1b", NULL);
}

/* Which process serves what: one decision for the launcher and the app
 * (rd-launch-route.c), every kind of command line. */
static void
test_route (void)
{
  static const struct {
    const char   *args;
    RdLaunchRoute route;
    gboolean      starts;   /* with nothing running, the instance is started for it */
  } cases[] = {
    { "", RD_LAUNCH_ROUTE_INSTANCE, TRUE },
    { "--background", RD_LAUNCH_ROUTE_INSTANCE, TRUE },
    { "--version", RD_LAUNCH_ROUTE_HERE, FALSE },
    { "--help", RD_LAUNCH_ROUTE_HERE, FALSE },
    { "open --mrn M1 --accession A1 --site S", RD_LAUNCH_ROUTE_INSTANCE, TRUE },
    { "reportdock://open?mrn=M1&accession=A1&site=S", RD_LAUNCH_ROUTE_INSTANCE, TRUE },
    { "open --mrn M1 --accession A1 --site S --wait report.signed", RD_LAUNCH_ROUTE_WAIT, FALSE },
    { "close", RD_LAUNCH_ROUTE_INSTANCE, FALSE },
    { "relay", RD_LAUNCH_ROUTE_INSTANCE, FALSE },
    { "events", RD_LAUNCH_ROUTE_ALONE, FALSE },
    { "events --failed", RD_LAUNCH_ROUTE_ALONE, FALSE },
    { "events --retry", RD_LAUNCH_ROUTE_INSTANCE, FALSE },
    { "check-mic", RD_LAUNCH_ROUTE_ALONE, FALSE },
    { "devices", RD_LAUNCH_ROUTE_ALONE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *line = g_strconcat ("reportdock ", cases[i].args, NULL);
      g_auto(GStrv) argv = g_strsplit (g_strstrip (line), " ", -1);
      g_autoptr(GError) error = NULL;
      g_autoptr(RdLaunch) launch = rd_launch_parse_argv (g_strv_length (argv), (const char * const *) argv, &error);

      g_test_message ("%s", cases[i].args);
      g_assert_no_error (error);
      g_assert_cmpint (rd_launch_route (launch), ==, cases[i].route);
      g_assert_cmpint (rd_launch_starts_instance (launch), ==, cases[i].starts);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/launch/argv/none", test_no_arguments_raises);
  g_test_add_func ("/launch/argv/global", test_global_options);
  g_test_add_func ("/launch/argv/open-full", test_open_full);
  g_test_add_func ("/launch/argv/open-minimal", test_open_minimal);
  g_test_add_func ("/launch/argv/errors", test_argv_errors);
  g_test_add_func ("/launch/argv/no-identifiers-in-errors", test_error_messages_hold_no_identifiers);
  g_test_add_func ("/launch/argv/events", test_events);
  g_test_add_func ("/launch/argv/check-mic", test_check_mic);
  g_test_add_func ("/launch/argv/relay-and-devices", test_relay_and_devices);
  g_test_add_func ("/launch/argv/profile", test_profile_option);
  g_test_add_func ("/launch/argv/wait", test_wait);
  g_test_add_func ("/launch/argv/wait-final", test_wait_final);
  g_test_add_func ("/launch/patient-keys", test_patient_keys);
  g_test_add_func ("/launch/uri/full", test_uri_full);
  g_test_add_func ("/launch/uri/argv-and-close", test_uri_via_argv_and_close);
  g_test_add_func ("/launch/uri/errors", test_uri_errors);
  g_test_add_func ("/launch/uri/signed", test_signed_links);
  g_test_add_func ("/launch/uri/unsigned", test_unsigned_links);
  g_test_add_func ("/launch/suggestions", test_suggestions);
  g_test_add_func ("/launch/help", test_help);
  g_test_add_func ("/launch/route", test_route);
  g_test_add_func ("/launch/argv/empty", test_empty_argument_list);
  g_test_add_func ("/launch/uri/errors-name-no-value", test_link_errors_name_no_value);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Dictation audio end to end on a real sound server (tests/sound-server/
 * run.sh: PulseAudio or PipeWire, a default "Built-in Microphone" humming
 * 440 Hz and a "SpeechMike III Audio" carrying 880 Hz). No mock capture:
 * the real application under Xvfb with the demo reporting page, whose
 * getUserMedia + MediaRecorder recording is uploaded to the demo service
 * and decoded here. The input the check judges, the input the page
 * records and the input the status bar names must be one; unplugging it
 * while recording stops dictation; plugged back, it is used again. */
#include "config.h"

#include "log-capture.h"
#include "run-tool.h"
#include "rd-application.h"
#include "rd-demo-service.h"
#include "rd-iframe-controller.h"

#include <glib/gstdio.h>
#include <gst/gst.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "wait-for.h"
#include "worklist.h"

#define TONE_HZ    880.0
#define DEFAULT_HZ 440.0

static RdApplication *app;

static RdSession *
session (void)
{
  RdReportController *controller = rd_window_get_controller (rd_application_get_window (app));

  return rd_iframe_controller_get_session (RD_IFRAME_CONTROLLER (controller));
}

static char *
describe (void)
{
  RdWindow *window = app ? rd_application_get_window (app) : NULL;
  guint n = 0;
  const RdDemoRecording *r = NULL;

  if (window == NULL)
    return g_strdup ("no window");
  if (rd_application_get_demo_service (app) != NULL)
    r = rd_demo_service_get_recording (rd_application_get_demo_service (app), &n);
  return g_strdup_printf ("status: %s\ninput: %s\nrecording: %s\nrecordings: %u, last %s from %s",
                          rd_status_bar_get_reason (rd_window_get_status_bar (window)),
                          rd_status_bar_get_input_text (rd_window_get_status_bar (window)) ? rd_status_bar_get_input_text (rd_window_get_status_bar (window)) : "(none)",
                          rd_session_get_recording (session ()) ? "yes" : "no",
                          n, r ? r->type : "-", r ? r->input : "-");
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* WebKitGTK 2.50's MediaRecorder on GStreamer 1.22 (mp4mux) writes some
 * top-level MP4 boxes twice in a row — the ftyp, and the moof of the
 * fragment flushed at stop — and qtdemux stops at the repeat. Seen on
 * Debian 12 with every recording longer than two fragments. The test is
 * about which input was recorded, so the exact repeats are dropped before
 * decoding, and counted; anything else malformed still fails. */
static GBytes *
drop_repeated_boxes (GBytes *audio)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (audio, &size);
  GByteArray *clean = g_byte_array_sized_new (size);
  const guint8 *previous = NULL;
  guint32 previous_size = 0;
  guint dropped = 0;
  gsize at = 0;

  while (at + 8 <= size)
    {
      guint32 box;

      memcpy (&box, data + at, sizeof box);
      box = GUINT32_FROM_BE (box);
      if (box < 8 || box > size - at)
        break;   /* not a box we can walk: left as it is, for the decoder to judge */
      if (previous != NULL && box == previous_size && memcmp (previous, data + at, box) == 0)
        dropped++;
      else
        g_byte_array_append (clean, data + at, box);
      previous = data + at;
      previous_size = box;
      at += box;
    }
  g_byte_array_append (clean, data + at, size - at);
  if (dropped > 0)
    g_test_message ("the recording repeats %u MP4 box(es) (WebKitGTK's MediaRecorder); dropped", dropped);
  return g_byte_array_free_to_bytes (clean);
}

/* The pitch of an uploaded recording, decoded by GStreamer as a vendor's
 * server would: zero crossings in each loud 50 ms window, the median of
 * them. A busy machine's sound server may drop a block now and then; a
 * gap is not the tone's pitch, so it is left out rather than averaged in. */
static double
recording_pitch (GBytes *audio)
{
  enum { RATE = 16000, WINDOW = RATE / 20 };
  g_autofree char *dir = g_dir_make_tmp ("rd-audio-XXXXXX", NULL);
  g_autofree char *in = g_build_filename (dir, "recording", NULL);
  g_autofree char *out = g_build_filename (dir, "recording.raw", NULL);
  g_autofree char *description = g_strdup_printf (
    "filesrc location=\"%s\" ! decodebin ! audioconvert ! audioresample "
    "! audio/x-raw,format=F32LE,channels=1,rate=%d ! filesink location=\"%s\"", in, RATE, out);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) end = NULL;
  g_autoptr(GArray) pitches = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *raw = NULL;
  gsize size = 0, n;
  const float *samples;

  g_autoptr(GBytes) clean = drop_repeated_boxes (audio);

  g_assert_true (g_file_set_contents (in, g_bytes_get_data (clean, NULL), g_bytes_get_size (clean), NULL));
  pipeline = gst_parse_launch (description, &error);
  g_assert_no_error (error);
  bus = gst_element_get_bus (pipeline);
  gst_element_set_state (pipeline, GST_STATE_PLAYING);
  end = gst_bus_timed_pop_filtered (bus, 30 * GST_SECOND, GST_MESSAGE_EOS | GST_MESSAGE_ERROR);
  g_assert_nonnull (end);
  if (GST_MESSAGE_TYPE (end) == GST_MESSAGE_ERROR)
    {
      g_autoptr(GError) why = NULL;

      gst_message_parse_error (end, &why, NULL);
      g_error ("the recording does not decode: %s", why->message);
    }
  gst_element_set_state (pipeline, GST_STATE_NULL);
  g_assert_true (g_file_get_contents (out, &raw, &size, NULL));
  samples = (const float *) raw;
  n = size / sizeof (float);
  g_test_message ("decoded %.2f s of audio", n / (double) RATE);
  g_assert_cmpuint (n, >, RATE / 2);   /* half a second at least */
  for (gsize start = 1; start + WINDOW <= n; start += WINDOW)
    {
      gsize crossings = 0, loud = 0;
      double pitch;

      for (gsize i = start; i < start + WINDOW; i++)
        {
          if (fabsf (samples[i]) > 0.05f)
            loud++;
          if ((samples[i] < 0) != (samples[i - 1] < 0))
            crossings++;
        }
      if (loud < WINDOW / 4)
        continue;
      pitch = crossings / 2.0 * RATE / WINDOW;
      g_array_append_val (pitches, pitch);
    }
  g_unlink (in);
  g_unlink (out);
  g_rmdir (dir);
  /* a tone, not silence: most of the recording is loud */
  g_test_message ("%u of %" G_GSIZE_FORMAT " windows loud", pitches->len, n / WINDOW);
  g_assert_cmpuint (pitches->len, >, n / WINDOW / 2);
  g_array_sort (pitches, compare_double);
  return g_array_index (pitches, double, pitches->len / 2);
}

/* `reportdock check-mic --json [--device D]` in its own process. */
static JsonObject *
check_mic (const char *device)
{
  Run run;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (device != NULL)
    worklist (&run, "check-mic", "--json", "--device", device, NULL);
  else
    worklist (&run, "check-mic", "--json", NULL);
  g_test_message ("check-mic %s: %s", device ? device : "", run.out);
  g_assert_true (json_parser_load_from_data (parser, run.out, -1, &error));
  g_assert_no_error (error);
  run_clear (&run);
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static guint
n_recordings (void)
{
  guint n = 0;

  rd_demo_service_get_recording (rd_application_get_demo_service (app), &n);
  return n;
}

static void
send (const char *command)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (rd_application_send_command (app, command, &error));
  g_assert_no_error (error);
}

/* Dictates for a couple of seconds; returns the recording uploaded. */
static const RdDemoRecording *
dictate (void)
{
  guint before = n_recordings ();

  send ("toggle_recording");
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  settle (2500);
  send ("toggle_recording");
  WAIT_FOR (!rd_session_get_recording (session ()), 30);
  WAIT_FOR (n_recordings () > before, 30);
  return rd_demo_service_get_recording (rd_application_get_demo_service (app), NULL);
}

static void
test_one_microphone (void)
{
  RdWindow *window;
  Run run;
  g_autoptr(JsonObject) check = NULL;
  g_autoptr(JsonObject) default_check = NULL;
  g_autoptr(GVariant) status = NULL;
  g_auto(GStrv) formats = NULL;
  const RdDemoRecording *r;
  const char *device = NULL;
  double pitch;

  /* the check, from the command line: the SpeechMike, and its tone */
  check = check_mic (NULL);
  g_assert_cmpstr (json_object_get_string_member (check, "device"), ==, "SpeechMike III Audio");
  g_assert_cmpstr (json_object_get_string_member (check, "verdict"), ==, "ok");
  default_check = check_mic ("Built-in");
  g_assert_cmpstr (json_object_get_string_member (default_check, "device"), ==, "Built-in Microphone");
  /* the hum is 26 dB quieter than the tone: the level is that input's */
  g_assert_cmpfloat (json_object_get_double_member (default_check, "rms_dbfs"), <,
                     json_object_get_double_member (check, "rms_dbfs") - 15);

  worklist (&run, "--demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  window = rd_application_get_window (app);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  worklist (&run, "open", "--mrn", "AUDIO-1", "--accession", "ACC-AUDIO1", "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (rd_session_get_pane (session ()) == RD_REPORT_PANE_SHOWING, 30);

  /* record: checked first (mic-check "warn"), then the page records */
  r = dictate ();
  g_test_message ("recorded %zu bytes of %s from \"%s\"; the page heard %.0f Hz; it can record: %s",
                  g_bytes_get_size (r->audio), r->type, r->input, r->heard_hz, r->formats);
  g_assert_cmpstr (r->input, ==, "SpeechMike III Audio");
  g_assert_cmpfloat (fabs (r->heard_hz - TONE_HZ), <, 30);
  pitch = recording_pitch (r->audio);
  g_test_message ("the recording's pitch: %.0f Hz", pitch);
  g_assert_cmpfloat (fabs (pitch - TONE_HZ), <, 30);

  /* what the check says the page can record is what it could record */
  formats = g_strsplit (r->formats, " ", -1);
  {
    JsonArray *said = json_object_get_array_member (check, "recording_formats");

    g_assert_cmpuint (json_array_get_length (said), ==, g_strv_length (formats));
    for (guint i = 0; i < json_array_get_length (said); i++)
      g_assert_true (g_strv_contains ((const char * const *) formats, json_array_get_string_element (said, i)));
  }
  g_assert_true (g_str_has_prefix (r->type, "audio/"));

  /* named on screen and in GetStatus; the check before dictation judged it */
  g_assert_cmpstr (rd_status_bar_get_input_text (rd_window_get_status_bar (window)), ==, "Dictating into: SpeechMike III Audio");
  status = rd_application_get_status (app);
  g_assert_true (g_variant_lookup (status, "microphone_device", "&s", &device));
  g_assert_cmpstr (device, ==, "SpeechMike III Audio");
  g_assert_true (g_variant_lookup (status, "microphone", "&s", &device));
  g_assert_cmpstr (device, ==, "ok");
}

static void
test_unplugged (void)
{
  RdWindow *window = rd_application_get_window (app);
  const char *module = g_getenv ("RD_SPEECHMIKE_MODULE");
  guint before;
  const RdDemoRecording *r;

  g_assert_nonnull (module);
  send ("toggle_recording");
  WAIT_FOR (rd_session_get_recording (session ()), 30);
  settle (1000);
  before = n_recordings ();
  /* the SpeechMike's cable pulled, mid-dictation */
  run_tool ("pactl", "unload-module", module, NULL);
  WAIT_FOR (!rd_session_get_recording (session ()), 30);
  WAIT_FOR (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "was unplugged") != NULL, 10);
  g_assert_nonnull (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "SpeechMike III Audio"));
  /* what was said until then is not lost */
  WAIT_FOR (n_recordings () > before, 30);
  /* no SpeechMike: the desktop's default is the input now, and says so */
  WAIT_FOR (g_strcmp0 (rd_status_bar_get_input_text (rd_window_get_status_bar (window)), "Dictating into: Built-in Microphone") == 0, 10);

  /* plugged back: the next dictation records it again, no restart */
  run_tool ("pactl", "load-module", "module-remap-source", "master=speechmike_out.monitor", "source_name=speechmike_mic",
         "source_properties=\"device.description='SpeechMike III Audio'\"", NULL);
  WAIT_FOR (g_strcmp0 (rd_status_bar_get_input_text (rd_window_get_status_bar (window)), "Dictating into: SpeechMike III Audio") == 0, 10);
  r = dictate ();
  g_assert_cmpstr (r->input, ==, "SpeechMike III Audio");
  g_assert_cmpfloat (fabs (recording_pitch (r->audio) - TONE_HZ), <, 30);
}

/* An admin who named an input that is not there: nothing else is
 * recorded, and the page is told why. */
static void
test_named_missing (void)
{
  RdWindow *window = rd_application_get_window (app);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.reportdock.ReportDock");
  g_autoptr(JsonObject) check = NULL;

  g_settings_set_string (settings, "mic-device", "PowerMic");
  WAIT_FOR (g_strcmp0 (rd_status_bar_get_input_text (rd_window_get_status_bar (window)), "The microphone “PowerMic” is not connected") == 0, 10);
  check = check_mic ("PowerMic");
  g_assert_cmpstr (json_object_get_string_member (check, "verdict"), ==, "no-device");
  g_settings_set_string (settings, "mic-check", "off");
  send ("toggle_recording");
  /* the page's getUserMedia fails with ReportDock's reason: no recording */
  WAIT_FOR (strstr (rd_status_bar_get_reason (rd_window_get_status_bar (window)), "PowerMic") != NULL ||
            !rd_session_get_recording (session ()), 10);
  settle (1000);
  g_assert_false (rd_session_get_recording (session ()));
  g_settings_reset (settings, "mic-device");
  g_settings_reset (settings, "mic-check");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_STATE_HOME", g_dir_make_tmp ("rd-state-XXXXXX", NULL), TRUE);
  g_unsetenv ("REPORTDOCK_FAKE_MICROPHONE");
  log_capture_install ();
  wait_for_describe = describe;
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  if (g_getenv ("RD_SOUND_SERVER") == NULL)
    {
      g_test_skip ("no sound server: run through tests/sound-server/run.sh");
      return g_test_run ();
    }
  gst_init (&argc, &argv);
  gtk_init ();
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  g_test_add_func ("/dictation-audio/one-microphone", test_one_microphone);
  g_test_add_func ("/dictation-audio/unplugged", test_unplugged);
  g_test_add_func ("/dictation-audio/named-missing", test_named_missing);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `reportdock check-mic` with real PortAudio over an ALSA file device fed
 * with speech made by espeak-ng (docs/platform.md), with silence, with a
 * clipping square wave, with quiet speech, and with no device at all. */
#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static char *dir;

static void
tool (const char *first,
      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) a);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  /* a missing tool is a failure: CI installs espeak-ng and sox */
  proc = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_wait_check (proc, NULL, &error));
  g_assert_no_error (error);
}

/* An ALSA configuration whose default capture device reads this raw file. */
static char *
alsa_config_for (const char *raw_file)
{
  g_autofree char *conf = g_strdup_printf (
    "pcm.!default { type plug; slave { pcm \"micfile\"; format S16_LE; rate 16000; channels 1 } }\n"
    "pcm.micfile { type file; slave.pcm \"null\"; file \"/dev/null\"; infile \"%s\"; format \"raw\" }\n",
    raw_file);
  g_autofree char *path = g_strconcat (raw_file, ".conf", NULL);

  g_assert_true (g_file_set_contents (path, conf, -1, NULL));
  return g_strdup_printf ("/usr/share/alsa/alsa.conf:%s", path);
}

static int
check_mic (const char  *alsa_config,
           char       **out,
           const char  *extra)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_subprocess_launcher_setenv (launcher, "ALSA_CONFIG_PATH", alsa_config, TRUE);
  /* PortAudio 19.6's ALSA set-up reads uninitialised memory (valgrind shows
   * it inside Pa_Initialize → snd_pcm_hw_params_set_period_size_near), and
   * meson's MALLOC_PERTURB_ turns that into a stalled file device */
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REPORTDOCK_BINARY"), "check-mic",
                                      extra ? extra : "--json", extra ? "--json" : NULL, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, &err, &error);
  g_assert_no_error (error);
  /* ALSA's and JACK's chatter stays out of an admin's terminal */
  g_assert_cmpstr (err, ==, "");
  return g_subprocess_get_exit_status (proc);
}

static void
assert_verdict (const char *raw_file,
                const char *verdict,
                int         status)
{
  g_autofree char *config = alsa_config_for (raw_file);
  g_autofree char *out = NULL;
  g_autofree char *expected = g_strdup_printf ("{\"verdict\":\"%s\"", verdict);

  int got = check_mic (config, &out, NULL);

  if (got != status || !g_str_has_prefix (out, expected))
    g_error ("expected %s (exit %d) from %s, got exit %d: %s", verdict, status, raw_file, got, out);
}

static void
test_speech_is_ok (void)
{
  g_autofree char *wav = g_build_filename (dir, "speech.wav", NULL);
  g_autofree char *raw = g_build_filename (dir, "speech16k.raw", NULL);
  g_autofree char *quiet = g_build_filename (dir, "quiet16k.raw", NULL);

  tool ("espeak-ng", "-w", wav, "Chest CT with contrast. No pulmonary embolism. "
        "The lungs are clear. Impression: normal study.", NULL);
  tool ("sox", wav, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw, NULL);
  assert_verdict (raw, "ok", 0);

  /* the same speech 27 dB quieter: a microphone held far away */
  tool ("sox", wav, "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", quiet,
        "gain", "-27", NULL);
  assert_verdict (quiet, "too-quiet", 1);
}

static void
test_silence (void)
{
  g_autofree char *raw = g_build_filename (dir, "zeros.raw", NULL);
  g_autofree char *zeros = g_malloc0 (32000);

  g_assert_true (g_file_set_contents (raw, zeros, 32000, NULL));
  assert_verdict (raw, "silent", 1);
}

static void
test_clipping (void)
{
  g_autofree char *raw = g_build_filename (dir, "square.raw", NULL);

  tool ("sox", "-n", "-r", "16000", "-c", "1", "-b", "16", "-e", "signed-integer", "-t", "raw", raw,
        "synth", "1", "square", "300", "gain", "-n", NULL);   /* to full scale */
  assert_verdict (raw, "clipping", 1);
}

static void
test_no_device (void)
{
  g_autofree char *out = NULL;

  /* the stock configuration on a machine without a sound card */
  g_assert_cmpint (check_mic ("/usr/share/alsa/alsa.conf", &out, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (out, "{\"verdict\":\"no-device\",\"device\":null,\"rms_dbfs\":null"));
  g_assert_nonnull (strstr (out, "plug in the dictation microphone"));
}

static void
test_named_device_and_list (void)
{
  g_autofree char *raw = g_build_filename (dir, "zeros.raw", NULL);
  g_autofree char *config = alsa_config_for (raw);
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  /* a device the admin named but that is not there is not silently replaced */
  g_assert_cmpint (check_mic (config, &out, "--device=SpeechMike"), ==, 1);
  g_assert_true (g_str_has_prefix (out, "{\"verdict\":\"no-device\""));

  g_subprocess_launcher_setenv (launcher, "ALSA_CONFIG_PATH", config, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REPORTDOCK_BINARY"), "check-mic", "--list", NULL);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &list, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_assert_nonnull (strstr (list, "micfile (ALSA"));
  g_clear_object (&proc);

  /* in words, a device that is not there comes with the inputs that are */
  {
    g_autoptr(GSubprocessLauncher) both =
      g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
    g_autofree char *said = NULL, *err = NULL;

    g_subprocess_launcher_setenv (both, "ALSA_CONFIG_PATH", config, TRUE);
    g_subprocess_launcher_unsetenv (both, "MALLOC_PERTURB_");
    proc = g_subprocess_launcher_spawn (both, &error, g_getenv ("REPORTDOCK_BINARY"), "check-mic",
                                        "--device=SpeechMike", NULL);
    g_subprocess_communicate_utf8 (proc, NULL, NULL, &said, &err, &error);
    g_assert_no_error (error);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
    g_assert_nonnull (strstr (err, "no input matches \"SpeechMike\"; the inputs there are:\n"));
    g_assert_nonnull (strstr (err, "  micfile (ALSA"));
  }
  g_assert_nonnull (strstr (list, "[default]"));
}

static void
test_hanging_driver (void)
{
  g_autofree char *fifo = g_build_filename (dir, "nobody-writes", NULL);
  g_autofree char *config = NULL;
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                                       G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  gint64 start = g_get_monotonic_time ();

  /* a capture device whose open() never returns, as a wedged driver does */
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  config = alsa_config_for (fifo);
  g_subprocess_launcher_setenv (launcher, "ALSA_CONFIG_PATH", config, TRUE);
  g_subprocess_launcher_unsetenv (launcher, "MALLOC_PERTURB_");
  proc = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("REPORTDOCK_BINARY"), "check-mic", "--json", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_true (g_str_has_prefix (out, "{\"verdict\":\"no-audio\""));
  g_assert_nonnull (strstr (err, "did not finish"));
  /* bounded: capture + watchdog, not forever */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 15 * G_USEC_PER_SEC);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("rd-mic-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/mic/speech", test_speech_is_ok);
  g_test_add_func ("/mic/silence", test_silence);
  g_test_add_func ("/mic/clipping", test_clipping);
  g_test_add_func ("/mic/no-device", test_no_device);
  g_test_add_func ("/mic/named-device-and-list", test_named_device_and_list);
  g_test_add_func ("/mic/hanging-driver", test_hanging_driver);
  return g_test_run ();
}

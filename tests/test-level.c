/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-level.h"

#include <math.h>
#include <string.h>

#define RATE 16000
#define N    (RATE * 3 / 10)   /* 300 ms */

static float *
sine (double dbfs_rms,
      double dc)
{
  float *s = g_new (float, N);
  double amplitude = pow (10, dbfs_rms / 20.0) * sqrt (2.0);

  for (int i = 0; i < N; i++)
    s[i] = amplitude * sin (2 * G_PI * 440 * i / RATE) + dc;
  return s;
}

static RdMicVerdict
verdict_of (const float *s,
            gsize        n,
            RdLevel     *level)
{
  rd_level_analyse (s, n, RATE, level);
  return rd_level_verdict (level);
}

static void
test_sine_levels (void)
{
  struct { double dbfs; RdMicVerdict verdict; } cases[] = {
    { -20, RD_MIC_VERDICT_OK }, { -6, RD_MIC_VERDICT_OK }, { -39, RD_MIC_VERDICT_OK },
    { -45, RD_MIC_VERDICT_TOO_QUIET }, { -59, RD_MIC_VERDICT_TOO_QUIET },
    { -70, RD_MIC_VERDICT_SILENT }, { -100, RD_MIC_VERDICT_SILENT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree float *s = sine (cases[i].dbfs, 0);
      RdLevel level;

      g_assert_cmpint (verdict_of (s, N, &level), ==, cases[i].verdict);
      g_assert_cmpfloat_with_epsilon (level.rms_dbfs, cases[i].dbfs, 0.1);
      g_assert_cmpfloat_with_epsilon (level.peak_dbfs, cases[i].dbfs + 3.01, 0.1);
      g_assert_cmpfloat (level.clipped_ratio, ==, 0);
    }
}

static void
test_clipping (void)
{
  g_autofree float *square = g_new (float, N);
  RdLevel level;

  for (int i = 0; i < N; i++)
    square[i] = (i / 20) % 2 ? 1.0f : -1.0f;
  g_assert_cmpint (verdict_of (square, N, &level), ==, RD_MIC_VERDICT_CLIPPING);
  g_assert_cmpfloat_with_epsilon (level.peak_dbfs, 0, 0.01);
  g_assert_cmpfloat (level.clipped_ratio, >, 0.99);
}

static void
test_zeros_and_nothing (void)
{
  g_autofree float *zeros = g_new0 (float, N);
  RdLevel level;

  g_assert_cmpint (verdict_of (zeros, N, &level), ==, RD_MIC_VERDICT_SILENT);
  g_assert_cmpfloat (level.rms_dbfs, ==, RD_LEVEL_FLOOR_DBFS);
  g_assert_cmpint (verdict_of (NULL, 0, &level), ==, RD_MIC_VERDICT_NO_AUDIO);
}

static void
test_nan_and_inf (void)
{
  g_autofree float *s = sine (-20, 0);
  g_autofree float *bad = g_new (float, 100);
  RdLevel level;

  for (int i = 0; i < N; i += 7)
    s[i] = (i % 2) ? NAN : INFINITY;
  g_assert_cmpint (verdict_of (s, N, &level), ==, RD_MIC_VERDICT_OK);
  g_assert_cmpuint (level.n_invalid, >, 0);
  g_assert_true (isfinite (level.rms_dbfs));

  for (int i = 0; i < 100; i++)
    bad[i] = NAN;
  g_assert_cmpint (verdict_of (bad, 100, &level), ==, RD_MIC_VERDICT_NO_AUDIO);
  g_assert_cmpuint (level.n_invalid, ==, 100);
}

static void
test_dc_offset (void)
{
  /* a silent microphone with a DC offset is still silent */
  g_autofree float *offset_silence = sine (-100, 0.3);
  g_autofree float *offset_speech = sine (-20, 0.2);
  RdLevel level;

  g_assert_cmpint (verdict_of (offset_silence, N, &level), ==, RD_MIC_VERDICT_SILENT);
  g_assert_cmpfloat_with_epsilon (level.dc_offset, 0.3, 0.001);
  g_assert_cmpint (verdict_of (offset_speech, N, &level), ==, RD_MIC_VERDICT_OK);
  g_assert_cmpfloat_with_epsilon (level.rms_dbfs, -20, 0.1);
}

static void
test_noise_floor (void)
{
  g_autofree float *s = sine (-20, 0);
  RdLevel level;

  /* speech with a pause: the floor is the pause */
  for (int i = 0; i < N / 2; i++)
    s[i] = 0.0001f * ((i % 3) - 1);
  rd_level_analyse (s, N, RATE, &level);
  g_assert_cmpfloat (level.noise_floor_dbfs, <, -70);
  g_assert_cmpfloat (level.rms_dbfs, >, -30);
}

static void
test_strings (void)
{
  for (RdMicVerdict v = RD_MIC_VERDICT_OK; v <= RD_MIC_VERDICT_NO_AUDIO; v++)
    {
      g_autofree char *advice = rd_mic_verdict_advice (v, "SpeechMike III");

      g_assert_nonnull (rd_mic_verdict_to_string (v));
      g_assert_cmpuint (strlen (advice), >, 10);
    }
  g_assert_cmpstr (rd_mic_verdict_to_string (RD_MIC_VERDICT_TOO_QUIET), ==, "too-quiet");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/level/sine", test_sine_levels);
  g_test_add_func ("/level/clipping", test_clipping);
  g_test_add_func ("/level/zeros", test_zeros_and_nothing);
  g_test_add_func ("/level/nan-inf", test_nan_and_inf);
  g_test_add_func ("/level/dc-offset", test_dc_offset);
  g_test_add_func ("/level/noise-floor", test_noise_floor);
  g_test_add_func ("/level/strings", test_strings);
  return g_test_run ();
}

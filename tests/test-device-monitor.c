/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The device monitor and the dictation glue over a scripted hidapi double:
 * connect, press, release, identification, LEDs, unplug, replug with
 * another PID, read errors, devices that cannot be opened, garbage. */
#include "config.h"

#include "hid-double.h"
#include "rd-dictation.h"
#include "wait-for.h"

#include <string.h>

#define SM "/dev/hidraw-sm"
#define SM_JOY "/dev/hidraw-sm-joystick"
#define PEDAL "/dev/hidraw-pedal"
#define PM3 "/dev/hidraw-pm3"

#define LED_OFF        "00 02 00 00 00 00 00 00 00 00"
#define LED_STANDBY_OV "00 02 00 00 00 00 00 04 00 00"
#define LED_REC_OV     "00 02 00 00 00 00 00 0c 00 00"
#define LED_REC_INS    "00 02 00 00 00 00 00 03 30 00"

typedef struct {
  HidDouble       *hid;
  RdDictation     *dictation;
  RdDeviceMonitor *monitor;
  GString         *actions;   /* "toggle-recording,stop-recording" */
  GString         *buttons;   /* "press RECORD,release RECORD" */
  guint            changes;
} Fixture;

static void
on_action (Fixture    *f,
           const char *action,
           gint64      read_us)
{
  g_assert_cmpint (read_us, <=, g_get_monotonic_time ());
  g_string_append_printf (f->actions, "%s%s", f->actions->len ? "," : "", action);
}

static void
on_button (Fixture    *f,
           const char *name,
           const char *path,
           guint       button,
           guint       edge)
{
  g_string_append_printf (f->buttons, "%s%s %s", f->buttons->len ? "," : "",
                          rd_edge_to_string (edge), rd_button_to_string (button));
}

static void
on_changed (Fixture *f)
{
  f->changes++;
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->hid = hid_double_new ();
  f->dictation = rd_dictation_new (hid_double_backend (f->hid));
  f->monitor = rd_dictation_get_monitor (f->dictation);
  f->actions = g_string_new (NULL);
  f->buttons = g_string_new (NULL);
  g_signal_connect_swapped (f->dictation, "action", G_CALLBACK (on_action), f);
  g_signal_connect_swapped (f->monitor, "button", G_CALLBACK (on_button), f);
  g_signal_connect_swapped (f->monitor, "devices-changed", G_CALLBACK (on_changed), f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_object_unref (f->dictation);
  g_string_free (f->actions, TRUE);
  g_string_free (f->buttons, TRUE);
  g_clear_pointer (&f->hid, hid_double_free);
}

static void
press (Fixture    *f,
       const char *path,
       guint16     wire)
{
  guint8 r[9] = { 0x80, 0, 0, 0, 0, 0, 0, wire & 0xff, wire >> 8 };

  hid_double_send (f->hid, path, r, sizeof r);
}

static guint
n_open (Fixture *f)
{
  g_autoptr(GPtrArray) list = rd_device_monitor_list (f->monitor);
  guint n = 0;

  for (guint i = 0; i < list->len; i++)
    n += ((RdDeviceStatus *) g_ptr_array_index (list, i))->open;
  return n;
}

static gboolean
described_as (Fixture    *f,
              const char *expected)
{
  gboolean problem;
  g_autofree char *summary = rd_device_monitor_describe (f->monitor, &problem);

  return !problem && g_strcmp0 (summary, expected) == 0;
}

#define ASSERT_WRITES(f, path, expected) \
  G_STMT_START { g_autofree char *_w = hid_double_take_writes ((f)->hid, (path)); \
                 g_assert_cmpstr (_w, ==, (expected)); } G_STMT_END

/* Adds what was written to path since last time; always TRUE. */
static gboolean
collect_writes (Fixture    *f,
                const char *path,
                GString    *into)
{
  g_autofree char *w = hid_double_take_writes (f->hid, path);

  g_string_append_printf (into, "%s|", w ? w : "");
  return TRUE;
}

/* Connect, identify (an LFH3500 answering as in docs/devices.md §2.8), press,
 * release, LED from the app's state. */
static void
test_speechmike (Fixture       *f,
                 gconstpointer  data)
{
  const guint8 premium[9] = { 131, 0, 0, 0, 1, 0, 50, 1, 149 };
  const guint8 code[9] = { 139, 0, 0, 0, 0, 0, 13, 172, 0 };

  hid_double_plug (f->hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  hid_double_answer (f->hid, SM, premium);
  hid_double_answer (f->hid, SM, code);
  rd_device_monitor_start (f->monitor);
  WAIT_FOR (n_open (f) == 1, 5);
  WAIT_FOR (described_as (f, "SpeechMike LFH3500"), 5);
  /* LED off (nothing open yet), then the identification questions */
  ASSERT_WRITES (f, SM, LED_OFF "|00 83 00 00 00 00 00 00 00 00|00 8b 00 00 00 00 00 00 00 00");

  press (f, SM, 0x0100);                 /* RECORD */
  press (f, SM, 0x0000);
  press (f, SM, 0x0200);                 /* STOP */
  press (f, SM, 0x0000);
  press (f, SM, 0x0400 | 0x0800);        /* PLAY + FORWARD chord */
  press (f, SM, 0x0000);
  WAIT_FOR (g_str_has_suffix (f->buttons->str, "release FORWARD"), 5);
  g_assert_cmpstr (f->actions->str, ==, "toggle-recording,stop-recording,play,fast-forward");

  /* the LED follows the app, not the buttons */
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, FALSE, FALSE);
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, TRUE, FALSE);
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, TRUE, FALSE);   /* no change: no write */
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, TRUE, TRUE);
  rd_dictation_set_app_state (f->dictation, FALSE, TRUE, TRUE, TRUE);
  ASSERT_WRITES (f, SM, LED_STANDBY_OV "|" LED_REC_OV "|" LED_REC_INS "|" LED_OFF);
}

/* EOL: a short press saves, a long one signs; nothing signs on a tap. */
static void
test_hold (Fixture       *f,
           gconstpointer  data)
{
  hid_double_plug (f->hid, PEDAL, 0x0911, 0x091a, 1, 4);
  rd_dictation_set_keymap (f->dictation, rd_keymap_new (RD_RECORD_MODE_TOGGLE), 200);
  rd_device_monitor_start (f->monitor);
  WAIT_FOR (n_open (f) == 1, 5);

  hid_double_send (f->hid, PEDAL, (guint8[]) { 0x08 }, 1);
  hid_double_send (f->hid, PEDAL, (guint8[]) { 0x00 }, 1);
  WAIT_FOR (g_str_has_suffix (f->buttons->str, "release EOL_PRIO"), 5);
  g_assert_cmpstr (f->actions->str, ==, "save-report");

  hid_double_send (f->hid, PEDAL, (guint8[]) { 0x08 }, 1);
  WAIT_FOR (strstr (f->actions->str, "sign-report") != NULL, 5);
  hid_double_send (f->hid, PEDAL, (guint8[]) { 0x00 }, 1);
  WAIT_FOR (g_str_has_suffix (f->buttons->str, "hold EOL_PRIO,release EOL_PRIO"), 5);
  g_assert_cmpstr (f->actions->str, ==, "save-report,sign-report");
  /* a pedal has no LED: nothing is ever written to it */
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, TRUE, FALSE);
  ASSERT_WRITES (f, PEDAL, "");
}

/* Push-to-talk; then the cable is pulled while Record is held: recording
 * stops; the device comes back in Browser mode (another PID, two
 * collections): its LED is set again and its joystick buttons work. */
static void
test_unplug_replug (Fixture       *f,
                    gconstpointer  data)
{
  guint8 joystick_record[5] = { 0x20, 0, 0, 0, 0 };
  guint8 joystick_none[5] = { 0, 0, 0, 0, 0 };

  rd_dictation_set_keymap (f->dictation, rd_keymap_new (RD_RECORD_MODE_PUSH_TO_TALK), 0);
  hid_double_plug (f->hid, SM, 0x0911, 0x0c1d, 0xffa0, 1);
  rd_device_monitor_start (f->monitor);
  WAIT_FOR (n_open (f) == 1, 5);
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, TRUE, FALSE);
  press (f, SM, 0x0100);
  press (f, SM, 0x0000);
  press (f, SM, 0x0100);
  WAIT_FOR (g_str_equal (f->actions->str, "start-recording,stop-recording,start-recording"), 5);

  hid_double_unplug (f->hid, SM);
  WAIT_FOR (n_open (f) == 0, 5);
  g_assert_cmpstr (f->actions->str, ==, "start-recording,stop-recording,start-recording,stop-recording");
  hid_double_take_writes (f->hid, SM);

  /* a mode change re-enumerates with PID 0x0fa0 */
  hid_double_plug (f->hid, SM, 0x0911, 0x0fa0, 0xffa0, 1);
  hid_double_plug (f->hid, SM_JOY, 0x0911, 0x0fa0, 1, 4);
  WAIT_FOR (n_open (f) == 2, 5);
  {
    /* the app's state, restored; and in Browser mode too the model is asked
     * for (IS_PREMIUM, 0x83), as the reference library does */
    g_autoptr(GString) writes = g_string_new (NULL);

    WAIT_FOR (collect_writes (f, SM, writes) && strstr (writes->str, LED_REC_OV) != NULL &&
              strstr (writes->str, "00 83 00 00 00 00 00 00 00 00") != NULL, 5);
  }
  ASSERT_WRITES (f, SM_JOY, "");          /* the joystick has no LEDs */
  g_string_truncate (f->actions, 0);
  hid_double_send (f->hid, SM_JOY, joystick_record, 5);
  hid_double_send (f->hid, SM_JOY, joystick_none, 5);
  /* Browser mode's vendor collection repeats buttons: not acted on twice */
  press (f, SM, 0x0100);
  WAIT_FOR (strchr (f->actions->str, ',') != NULL, 10);
  g_assert_cmpstr (f->actions->str, ==, "start-recording,stop-recording");
  g_usleep (100 * 1000);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (f->actions->str, ==, "start-recording,stop-recording");
}

/* A read error on a device that is still there: dropped, found again by
 * the next scan (within a second), LED restored. */
static void
test_read_error (Fixture       *f,
                 gconstpointer  data)
{
  gint64 start;

  hid_double_plug (f->hid, PM3, 0x0554, 0x1001, 1, 0);
  rd_device_monitor_start (f->monitor);
  WAIT_FOR (n_open (f) == 1, 5);
  rd_dictation_set_app_state (f->dictation, TRUE, TRUE, FALSE, FALSE);
  ASSERT_WRITES (f, PM3, "00 00|00 02");
  start = g_get_monotonic_time ();
  hid_double_fail_read (f->hid, PM3);
  WAIT_FOR (hid_double_n_opens (f->hid, PM3) == 2 && n_open (f) == 1, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  ASSERT_WRITES (f, PM3, "00 02");
  hid_double_send (f->hid, PM3, (guint8[]) { 0, 0x04, 0 }, 3);   /* RECORD */
  WAIT_FOR (g_str_equal (f->actions->str, "toggle-recording"), 5);
}

/* A node that cannot be opened is listed with the reason, once. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GPtrArray) probed = NULL;
  g_autofree char *summary = NULL;
  gboolean problem;

  hid_double_plug (f->hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  hid_double_refuse_open (f->hid, SM);
  hid_double_plug (f->hid, "/dev/hidraw-sm-mouse", 0x0911, 0x0c1c, 1, 2);
  g_test_expect_message ("reportdock-devices", G_LOG_LEVEL_WARNING, "*70-reportdock-dictation.rules*");
  rd_device_monitor_start (f->monitor);
  WAIT_FOR (f->changes > 0, 5);
  g_usleep (1200 * 1000);   /* two more scans: no second warning */
  g_main_context_iteration (NULL, FALSE);
  g_test_assert_expected_messages ();
  summary = rd_device_monitor_describe (f->monitor, &problem);
  g_assert_true (problem);
  g_assert_nonnull (strstr (summary, "udev rule"));

  probed = rd_device_probe (hid_double_backend (f->hid));
  g_assert_cmpuint (probed->len, ==, 2);
  for (guint i = 0; i < probed->len; i++)
    {
      RdDeviceStatus *s = g_ptr_array_index (probed, i);

      g_assert_false (s->open);
      if (g_str_equal (s->path, SM))
        g_assert_nonnull (strstr (s->problem, "udev rule"));
      else
        g_assert_nonnull (strstr (s->name, "not used"));
    }
}

/* Unplugged between the scan that listed it and its open (a CI run hit
 * this race): not a problem to report, no warning, nothing listed. */
static void
test_gone_while_opening (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *summary = NULL;
  gboolean problem;

  hid_double_plug (f->hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  hid_double_vanish_on_open (f->hid, SM);
  rd_device_monitor_start (f->monitor);
  g_usleep (1200 * 1000);   /* a few scans: never a warning (fatal here) */
  g_main_context_iteration (NULL, FALSE);
  summary = rd_device_monitor_describe (f->monitor, &problem);
  g_assert_false (problem);
  g_assert_cmpuint (n_open (f), ==, 0);
}

/* Garbage, truncated and oversized reports: counted, never acted on. */
static void
test_garbage (Fixture       *f,
              gconstpointer  data)
{
  guint8 junk[64];
  g_autoptr(GPtrArray) list = NULL;

  memset (junk, 0x80, sizeof junk);
  hid_double_plug (f->hid, SM, 0x0911, 0x0c1c, 0xffa0, 1);
  rd_device_monitor_start (f->monitor);
  WAIT_FOR (n_open (f) == 1, 5);
  hid_double_send (f->hid, SM, junk, 3);
  hid_double_send (f->hid, SM, junk, 64);
  hid_double_send (f->hid, SM, (guint8[]) { 0x13, 1, 2, 3, 4, 5, 6, 7, 8 }, 9);
  press (f, SM, 0x0100);
  WAIT_FOR (f->actions->len > 0, 5);
  g_assert_cmpstr (f->actions->str, ==, "toggle-recording");
  list = rd_device_monitor_list (f->monitor);
  g_assert_cmpuint (((RdDeviceStatus *) g_ptr_array_index (list, 0))->n_ignored, ==, 3);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/device-monitor/speechmike", Fixture, NULL, setup, test_speechmike, teardown);
  g_test_add ("/device-monitor/hold", Fixture, NULL, setup, test_hold, teardown);
  g_test_add ("/device-monitor/unplug-replug", Fixture, NULL, setup, test_unplug_replug, teardown);
  g_test_add ("/device-monitor/read-error", Fixture, NULL, setup, test_read_error, teardown);
  g_test_add ("/device-monitor/refused", Fixture, NULL, setup, test_refused, teardown);
  g_test_add ("/device-monitor/gone-while-opening", Fixture, NULL, setup, test_gone_while_opening, teardown);
  g_test_add ("/device-monitor/garbage", Fixture, NULL, setup, test_garbage, teardown);
  return g_test_run ();
}

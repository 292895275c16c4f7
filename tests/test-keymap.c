/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-keymap.h"
#include "rd-error.h"

#include <string.h>

static void
test_defaults (void)
{
  g_autoptr(RdKeymap) map = rd_keymap_new (RD_RECORD_MODE_TOGGLE);

  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_RECORD, RD_EDGE_PRESS), ==, "toggle-recording");
  g_assert_null (rd_keymap_lookup (map, RD_BUTTON_RECORD, RD_EDGE_RELEASE));
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_STOP, RD_EDGE_PRESS), ==, "stop-recording");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_EOL_PRIO, RD_EDGE_HOLD), ==, "sign-report");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_STOP, RD_EDGE_SLIDE), ==, "stop-recording");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_RECORD, RD_EDGE_SLIDE), ==, "start-recording");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_TAB_FORWARD, RD_EDGE_PRESS), ==, "next-field");
  g_assert_null (rd_keymap_lookup_motion (map, RD_MOTION_PICKED_UP));
  g_assert_cmpuint (rd_keymap_hold_buttons (map), ==, RD_BUTTON_EOL_PRIO | RD_BUTTON_ENTER_SELECT);
}

/* Safety: no short press of any button signs, saves or discards by default
 * except EOL (save, which loses nothing). */
static void
test_no_short_press_signs (void)
{
  g_autoptr(RdKeymap) map = rd_keymap_new (RD_RECORD_MODE_TOGGLE);

  for (guint bit = 0; bit < 24; bit++)
    for (RdEdge edge = RD_EDGE_PRESS; edge <= RD_EDGE_SLIDE; edge++)
      {
        const char *action = rd_keymap_lookup (map, 1u << bit, edge);

        if (edge == RD_EDGE_HOLD)
          continue;
        g_assert_cmpstr (action, !=, "sign-report");
        g_assert_cmpstr (action, !=, "discard-report");
      }
}

static void
test_push_to_talk (void)
{
  g_autoptr(RdKeymap) map = rd_keymap_new (RD_RECORD_MODE_PUSH_TO_TALK);
  g_autoptr(GVariant) pedal = g_variant_ref_sink (g_variant_new_parsed ("{'PLAY': 'toggle-recording'}"));
  RdRecordMode mode;

  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_RECORD, RD_EDGE_PRESS), ==, "start-recording");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_RECORD, RD_EDGE_RELEASE), ==, "stop-recording");
  g_assert_null (rd_keymap_lookup (map, RD_BUTTON_RECORD, RD_EDGE_HOLD));
  /* a pedal made the record button is push-to-talk too */
  g_assert_true (rd_keymap_apply (map, pedal, NULL));
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_PLAY, RD_EDGE_PRESS), ==, "start-recording");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_PLAY, RD_EDGE_RELEASE), ==, "stop-recording");

  g_assert_true (rd_record_mode_parse ("push-to-talk", &mode) && mode == RD_RECORD_MODE_PUSH_TO_TALK);
  g_assert_true (rd_record_mode_parse ("toggle", &mode) && mode == RD_RECORD_MODE_TOGGLE);
  g_assert_false (rd_record_mode_parse ("hold", &mode));
  g_assert_false (rd_record_mode_parse (NULL, &mode));
}

static void
test_overrides (void)
{
  g_autoptr(RdKeymap) map = rd_keymap_new (RD_RECORD_MODE_TOGGLE);
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_parsed (
    "{'eol_prio': 'none', 'F4_D:hold': 'discard-report', 'PICKED_UP': 'check-mic', "
    "'INS_OVR:press': 'next-field', 'F3_C': ''}"));

  g_assert_true (rd_keymap_apply (map, v, NULL));
  g_assert_null (rd_keymap_lookup (map, RD_BUTTON_EOL_PRIO, RD_EDGE_PRESS));
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_EOL_PRIO, RD_EDGE_HOLD), ==, "sign-report");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_F4_D, RD_EDGE_HOLD), ==, "discard-report");
  g_assert_cmpstr (rd_keymap_lookup_motion (map, RD_MOTION_PICKED_UP), ==, "check-mic");
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_INS_OVR, RD_EDGE_PRESS), ==, "next-field");
  g_assert_true (rd_keymap_hold_buttons (map) & RD_BUTTON_F4_D);
}

/* Malformed entries: all named in one message, the good ones still apply. */
static void
test_bad_overrides (void)
{
  g_autoptr(RdKeymap) map = rd_keymap_new (RD_RECORD_MODE_TOGGLE);
  g_autoptr(GVariant) v = g_variant_ref_sink (g_variant_new_parsed (
    "{'BUZZER': 'play', 'RECORD:twice': 'play', 'F3_C': 'launch-missiles', 'F4_D': 'play', "
    "'': 'play', 'PICKED_UP:hold': 'play', ':': 'play'}"));
  g_autoptr(GVariant) wrong_type = g_variant_ref_sink (g_variant_new_parsed ("{'RECORD': <1>}"));
  g_autoptr(GError) error = NULL;

  g_assert_false (rd_keymap_apply (map, v, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "BUZZER"));
  g_assert_nonnull (strstr (error->message, "RECORD:twice"));
  g_assert_nonnull (strstr (error->message, "launch-missiles"));
  g_assert_cmpstr (rd_keymap_lookup (map, RD_BUTTON_F4_D, RD_EDGE_PRESS), ==, "play");
  g_assert_null (rd_keymap_lookup (map, RD_BUTTON_F3_C, RD_EDGE_PRESS));
  g_clear_error (&error);
  g_assert_false (rd_keymap_apply (map, wrong_type, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_assert_true (rd_keymap_apply (map, NULL, NULL));
}

static void
test_actions (void)
{
  const char * const *names = rd_action_command_names ();

  g_assert_cmpstr (rd_action_command ("toggle-recording"), ==, "toggle_recording");
  g_assert_cmpstr (rd_action_detailed_name ("toggle-recording"), ==, "win.toggle-recording");
  g_assert_cmpstr (rd_action_detailed_name ("check-mic"), ==, "app.check-mic");
  g_assert_null (rd_action_command ("check-mic"));
  g_assert_false (rd_action_is_known ("win.toggle-recording"));
  g_assert_cmpuint (g_strv_length ((char **) names), ==, 12);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/keymap/defaults", test_defaults);
  g_test_add_func ("/keymap/no-short-press-signs", test_no_short_press_signs);
  g_test_add_func ("/keymap/push-to-talk", test_push_to_talk);
  g_test_add_func ("/keymap/overrides", test_overrides);
  g_test_add_func ("/keymap/bad-overrides", test_bad_overrides);
  g_test_add_func ("/keymap/actions", test_actions);
  return g_test_run ();
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A radiologist's day, keyboard only, in the real application under Xvfb
 * with the demo reporting page. Keys are real: xdotool types through the X
 * server, as a keyboard does. After a worklist switch the keyboard is in
 * the report (the demo page says which field has it and what was typed
 * there); F6 moves between the report and the viewer as between any panes
 * in GNOME (within a page, Tab is the page's); every control is named and
 * no label takes the keyboard; the dictation shortcuts leave GNOME's own
 * keys (F6, F8, F10) alone. */
#include "config.h"

#include "log-capture.h"
#include "run-tool.h"
#include "rd-application.h"
#include "rd-demo-service.h"
#include "rd-iframe-controller.h"
#include "screenshot.h"

#include <gdk/x11/gdkx.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "wait-for.h"
#include "worklist.h"

static RdApplication *app;

static RdSession *
session (void)
{
  RdReportController *controller = rd_window_get_controller (rd_application_get_window (app));

  return rd_iframe_controller_get_session (RD_IFRAME_CONTROLLER (controller));
}

static const char *
keyboard (void)
{
  const char *said = rd_demo_service_get_keyboard (rd_application_get_demo_service (app));

  return said ? said : "(nothing yet)";
}

static char *
describe (void)
{
  if (app == NULL || rd_application_get_window (app) == NULL)
    return g_strdup ("no window");
  return g_strdup_printf ("status: %s\nthe demo page's keyboard: %s",
                          rd_status_bar_get_reason (rd_window_get_status_bar (rd_application_get_window (app))), keyboard ());
}

/* The demo page's keyboard is in this field of this accession, holding
 * this text. */
static gboolean
keyboard_is (const char *field,
             const char *accession,
             const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  if (!json_parser_load_from_data (parser, keyboard (), -1, NULL))
    return FALSE;
  o = json_node_get_object (json_parser_get_root (parser));
  return g_strcmp0 (json_object_get_string_member_with_default (o, "field", NULL), field) == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (o, "accession", NULL), accession) == 0 &&
         g_strcmp0 (json_object_get_string_member_with_default (o, "text", NULL), text) == 0;
}

static void
open_study (const char *mrn,
            const char *accession)
{
  Run run;

  worklist (&run, "open", "--mrn", mrn, "--accession", accession, "--site", "NORTH", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (g_strcmp0 (rd_demo_service_get_showing (rd_application_get_demo_service (app)), "") != 0 &&
            strstr (rd_demo_service_get_showing (rd_application_get_demo_service (app)), accession) != NULL, 30);
  WAIT_FOR (rd_session_get_pane (session ()) == RD_REPORT_PANE_SHOWING, 30);
}

/* Is the widget the report's web view, or inside it? */
static gboolean
in_report (GtkWidget *widget)
{
  GtkWidget *report = rd_report_controller_get_widget (rd_window_get_controller (rd_application_get_window (app)));

  return widget != NULL && (widget == report || gtk_widget_is_ancestor (widget, report));
}

static void
test_switch_puts_keyboard_in_report (void)
{
  GtkWindow *window = GTK_WINDOW (rd_application_get_window (app));

  open_study ("KEY-1", "ACC-KEY1");
  WAIT_FOR (in_report (gtk_window_get_focus (window)), 10);
  WAIT_FOR (keyboard_is ("findings", "ACC-KEY1", ""), 10);
  run_tool ("xdotool", "type", "--delay", "20", "no acute findings", NULL);
  WAIT_FOR (keyboard_is ("findings", "ACC-KEY1", "no acute findings"), 10);

  /* the next study: the keyboard follows, typing goes to the new report */
  open_study ("KEY-2", "ACC-KEY2");
  WAIT_FOR (keyboard_is ("findings", "ACC-KEY2", ""), 10);
  run_tool ("xdotool", "type", "--delay", "20", "stable", NULL);
  WAIT_FOR (keyboard_is ("findings", "ACC-KEY2", "stable"), 10);
  save_screenshot (GTK_WIDGET (window), "keyboard-after-switch");

  /* the next-field key moves the cursor within the report */
  run_tool ("xdotool", "key", "F2", NULL);
  WAIT_FOR (keyboard_is ("impression", "ACC-KEY2", ""), 10);
}

/* The radiologist who keeps the keyboard where it was. */
static void
test_focus_report_off (void)
{
  GtkWindow *window = GTK_WINDOW (rd_application_get_window (app));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *before;

  g_settings_set_boolean (settings, "focus-report", FALSE);
  /* the keyboard on the header bar's menu button, then a switch */
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (gtk_window_get_titlebar (window)), GTK_DIR_TAB_FORWARD));
  before = gtk_window_get_focus (window);
  g_assert_false (in_report (before));
  open_study ("KEY-3", "ACC-KEY3");
  settle (500);
  g_assert_true (gtk_window_get_focus (window) == before);
  g_settings_reset (settings, "focus-report");
}

/* "GtkButton in GtkBox#banner in …": where a widget is, for a message. */
static char *
where (GtkWidget *widget)
{
  GString *path = g_string_new (NULL);

  for (GtkWidget *w = widget; w != NULL && !GTK_IS_WINDOW (w); w = gtk_widget_get_parent (w))
    {
      const char *css = gtk_widget_get_css_classes (w) && gtk_widget_get_css_classes (w)[0]
                        ? gtk_widget_get_css_classes (w)[0] : "";

      g_string_append_printf (path, "%s%s%s%s", path->len ? " < " : "", G_OBJECT_TYPE_NAME (w),
                              css[0] ? "." : "", css);
      if (!g_str_has_prefix (gtk_widget_get_name (w), "Gtk"))
        g_string_append_printf (path, "#%s", gtk_widget_get_name (w));
    }
  return g_string_free (path, FALSE);
}

static gboolean is_named (GtkWidget *widget);

/* F6 moves between the report and the viewer, as between any panes in
 * GNOME: no dictation shortcut takes it. */
static void
test_f6_moves_between_panes (void)
{
  GtkWindow *window = GTK_WINDOW (rd_application_get_window (app));

  rd_report_controller_focus_report (rd_window_get_controller (RD_WINDOW (window)));
  WAIT_FOR (in_report (gtk_window_get_focus (window)), 10);
  run_tool ("xdotool", "key", "F6", NULL);
  WAIT_FOR (!in_report (gtk_window_get_focus (window)), 10);
  run_tool ("xdotool", "key", "F6", NULL);
  WAIT_FOR (in_report (gtk_window_get_focus (window)), 10);
}

static gboolean
has_text_inside (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget) && gtk_label_get_text (GTK_LABEL (widget))[0] != '\0')
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_text_inside (child))
      return TRUE;
  return FALSE;
}

/* Named for a screen reader: text of its own, a label that points at it,
 * or a tooltip (GTK reads that when nothing else names it); a menu
 * button's inner button by the menu button. GTK names its own window
 * controls. */
static gboolean
is_named (GtkWidget *widget)
{
  GtkWidget *owner = gtk_widget_get_ancestor (widget, GTK_TYPE_MENU_BUTTON);
  GList *labels;
  gboolean named;

  if (gtk_widget_get_ancestor (widget, GTK_TYPE_WINDOW_CONTROLS) != NULL)
    return TRUE;
  if (owner == NULL)
    owner = widget;
  labels = gtk_widget_list_mnemonic_labels (owner);
  named = labels != NULL || gtk_widget_get_tooltip_text (owner) != NULL || has_text_inside (owner);
  g_list_free (labels);
  return named;
}

/* Every control the window offers is named. A web view is one control:
 * its pages name their own. */
static void
check_named (GtkWidget *widget,
             GString   *unnamed)
{
  if (WEBKIT_IS_WEB_VIEW (widget) || !gtk_widget_get_visible (widget))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_named (child, unnamed);
  if (gtk_widget_get_focusable (widget) && !GTK_IS_WINDOW (widget) && !GTK_IS_TEXT (widget) &&
      (!is_named (widget) || GTK_IS_LABEL (widget)))
    {
      g_autofree char *path = where (widget);

      /* a label that takes the keyboard is a place the cursor vanishes */
      g_string_append_printf (unnamed, "\n  %s%s", path, GTK_IS_LABEL (widget) ? " (a label)" : "");
    }
}

/* …with a study open and after it closed, when the status bar speaks. */
static void
test_controls_named (void)
{
  g_autoptr(GString) unnamed = g_string_new (NULL);

  check_named (GTK_WIDGET (rd_application_get_window (app)), unnamed);
  rd_window_close_report (rd_application_get_window (app));
  WAIT_FOR (rd_session_get_study (session ()) == NULL, 10);
  check_named (GTK_WIDGET (rd_application_get_window (app)), unnamed);
  if (unnamed->len > 0)
    g_error ("controls without a name:%s", unnamed->str);
}

/* No default shortcut takes a key GNOME moves the focus with. */
static void
test_shortcuts_leave_gnome_keys (void)
{
  static const char * const gnome[] = { "F6", "<Shift>F6", "F8", "F10", "<Shift>F10", "<Control>Tab", NULL };
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (app));

  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), actions[i]);

      for (guint k = 0; accels[k] != NULL; k++)
        {
          g_test_message ("%s: %s", actions[i], accels[k]);
          g_assert_false (g_strv_contains (gnome, accels[k]));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  Run run;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("XDG_STATE_HOME", g_dir_make_tmp ("rd-state-XXXXXX", NULL), TRUE);
  log_capture_install ();
  wait_for_describe = describe;
  if (g_getenv ("DISPLAY") == NULL)
    {
      g_test_skip ("no X display: run under Xvfb (see README)");
      return g_test_run ();
    }
  if (g_find_program_in_path ("xdotool") == NULL)
    {
      g_printerr ("xdotool is not installed (.ci/install-deps --tests)\n");
      return 1;
    }
  gtk_init ();
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  worklist (&run, "--demo", NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  WAIT_FOR (rd_session_get_state (session ()) == RD_SESSION_STATE_SIGNED_IN, 60);
  /* X's own focus on the window, so that xdotool's keys reach it */
  {
    GtkNative *native = GTK_NATIVE (rd_application_get_window (app));
    g_autofree char *xid = NULL;

    WAIT_FOR (gtk_widget_get_mapped (GTK_WIDGET (native)), 30);
    xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
    run_tool ("xdotool", "windowfocus", xid, NULL);
  }

  g_test_add_func ("/keyboard/switch-puts-keyboard-in-report", test_switch_puts_keyboard_in_report);
  g_test_add_func ("/keyboard/focus-report-off", test_focus_report_off);
  g_test_add_func ("/keyboard/f6-moves-between-panes", test_f6_moves_between_panes);
  g_test_add_func ("/keyboard/controls-named", test_controls_named);
  g_test_add_func ("/keyboard/shortcuts-leave-gnome-keys", test_shortcuts_leave_gnome_keys);
  return g_test_run ();
}

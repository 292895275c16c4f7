/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The app follows the desktop language: started under Xvfb with LANGUAGE=de,
 * its window, menu and status speak German, from the catalogues built in
 * this tree (found the way `meson devenv` points to them), and its icon is
 * there uninstalled. */
#include "config.h"

#include "rd-application.h"
#include "rd-launch.h"
#include "rd-locale.h"
#include "rd-session.h"
#include "rd-vendor-link.h"
#include "wait-for.h"

#include <glib/gi18n-lib.h>
#include <string.h>

static RdApplication *app;

static void
collect_labels (GtkWidget *widget,
                GPtrArray *texts)
{
  if (GTK_IS_LABEL (widget))
    g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (widget))));
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)) != NULL)
    {
      GMenuModel *menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget));

      /* the primary menu: sections, then items */
      for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
        {
          g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);

          for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
            {
              char *label = NULL;

              if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_LABEL, "s", &label))
                g_ptr_array_add (texts, label);
            }
        }
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
contains (GPtrArray  *texts,
          const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (g_ptr_array_index (texts, i), text) == 0)
      return TRUE;
  return FALSE;
}

static GPtrArray *
window_texts (void)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  if (rd_application_get_window (app) != NULL)
    collect_labels (GTK_WIDGET (rd_application_get_window (app)), texts);
  return texts;
}

static gboolean
window_shows (const char *text)
{
  g_autoptr(GPtrArray) texts = window_texts ();

  return contains (texts, text);
}

static void
on_worklist_done (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_true (g_subprocess_wait_check_finish (G_SUBPROCESS (source), result, NULL));
  *done = TRUE;
}

static void
test_window_speaks_german (void)
{
  const char *argv[] = { g_getenv ("REPORTDOCK_BINARY"), "--demo", NULL };
  g_autoptr(GSubprocess) worklist = NULL;
  g_autoptr(GPtrArray) texts = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  /* a worklist button starts the demo; this process is the instance */
  worklist = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check_async (worklist, NULL, on_worklist_done, &done);
  WAIT_FOR (done, 60);
  WAIT_FOR (rd_application_get_window (app) != NULL, 30);
  /* signed in to the demo, and a study open */
  WAIT_FOR (window_shows ("Angemeldet"), 60);
  /* the devices are looked for once the first report is open */
  WAIT_FOR (window_shows ("Kein Diktiergerät"), 30);

  texts = window_texts ();
  for (guint i = 0; i < texts->len; i++)
    g_test_message ("label: %s", (const char *) g_ptr_array_index (texts, i));
  /* the template, the menu and the code's own strings */
  g_assert_true (contains (texts, "Kein Diktiergerät"));
  g_assert_true (contains (texts, "Befund _schließen"));
  g_assert_true (contains (texts, "_Einstellungen"));
  g_assert_false (contains (texts, "Signed in"));
  g_assert_false (contains (texts, "_Preferences"));
  gtk_window_destroy (GTK_WINDOW (rd_application_get_window (app)));
}

/* The About dialog's and the windows' icon, from the app's own resources:
 * the build tree has no hicolor theme to look in. */
static void
test_icon_uninstalled (void)
{
  GtkIconTheme *theme = gtk_icon_theme_get_for_display (gdk_display_get_default ());
  g_autoptr(GtkIconPaintable) icon = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *uri = NULL;

  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID));
  icon = gtk_icon_theme_lookup_icon (theme, APP_ID, NULL, 128, 1, GTK_TEXT_DIR_NONE, 0);
  file = gtk_icon_paintable_get_file (icon);
  uri = g_file_get_uri (file);
  g_test_message ("icon: %s", uri);
  /* the real icon, not the theme's "missing" image */
  g_assert_nonnull (strstr (uri, APP_ID));
  g_assert_true (gtk_icon_theme_has_icon (theme, APP_ID "-symbolic"));
}

static void
test_messages_speak_german (void)
{
  /* a launch error, as a worklist sees it on stderr */
  g_assert_cmpstr (_("No report is open"), ==, "Kein Befund geöffnet");
  g_assert_nonnull (strstr (rd_launch_usage (), "Aufruf:"));
  /* app-language left empty: vendors are told the desktop's language */
  g_assert_cmpstr (rd_vendor_language_for (g_get_language_names ()), ==, "de");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *localedir = g_build_filename (g_getenv ("RD_TEST_BUILD_ROOT"), "po", NULL);
  int status;

  /* the desktop's language, as a session sets it */
  g_setenv ("LANGUAGE", "de", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  g_setenv ("REPORTDOCK_LOCALEDIR", localedir, TRUE);
  rd_locale_init ();
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_skip ("no display: run under Xvfb (see README)");
      return g_test_run ();
    }
  gtk_init ();
  app = rd_application_new ();
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/language/messages", test_messages_speak_german);
  g_test_add_func ("/language/window", test_window_speaks_german);
  g_test_add_func ("/language/icon-uninstalled", test_icon_uninstalled);
  status = g_test_run ();
  g_clear_object (&app);
  return status;
}

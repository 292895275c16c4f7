/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-setup"

#include "config.h"

#include "rd-api-key-row.h"
#include "rd-settings-keys.h"
#include "rd-controller-factory.h"
#include "rd-setting-check.h"
#include "rd-setup-window.h"

#include <glib/gi18n-lib.h>

/* The first-run assistant: shown instead of an empty report window while
 * the configuration is incomplete. Choose the service, fill in only what
 * that profile reads (each field checked as typed), test the connection
 * with the values as typed, then Start saves them at once. Nothing is
 * saved before Start (delayed settings), so Back or closing the window
 * leaves the configuration as it was. Emits "finished" (demo?) on Start
 * or "Try the demo". */

struct _RdSetupWindow
{
  GtkApplicationWindow parent_instance;

  GSettings        *settings;       /* delayed: applied on Start */
  RdProfile        *profile;
  RdSettingsForm   *form;
  RdConnectionTest *test;

  GtkLabel         *heading;
  GtkLabel         *why;
  GtkStack         *stack;
  GtkBox           *form_box;
  RdApiKeyRow      *key_row;
  GtkSpinner       *spinner;
  GtkLabel         *test_result;
  GtkFrame         *preview;
  GtkLabel         *missing;
  GtkActionBar     *actions_bar;
  GCancellable     *cancellable;
  GSimpleActionGroup *actions;
};

G_DEFINE_FINAL_TYPE (RdSetupWindow, rd_setup_window, GTK_TYPE_APPLICATION_WINDOW)

enum { FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
set_action_enabled (RdSetupWindow *self,
                    const char    *name,
                    gboolean       enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->actions), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static void
stop_test (RdSetupWindow *self)
{
  if (self->test != NULL)
    g_signal_handlers_disconnect_by_data (self->test, self);
  g_clear_object (&self->test);
  gtk_frame_set_child (self->preview, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->preview), FALSE);
  gtk_spinner_stop (self->spinner);
  gtk_label_set_label (self->test_result, "");
}

static void
on_form_changed (RdSetupWindow *self)
{
  g_autofree char *missing = rd_settings_form_describe_incomplete (self->form);

  gtk_label_set_label (self->missing, missing ? missing : "");
  /* "not set up yet: …" named what was missing then; filled in, it is past */
  if (missing == NULL)
    rd_setup_window_set_why (self, NULL);
  set_action_enabled (self, "start", missing == NULL);
  set_action_enabled (self, "test", missing == NULL);
}

static void
show_page (RdSetupWindow *self,
           const char    *page)
{
  gtk_stack_set_visible_child_name (self->stack, page);
  gtk_action_bar_set_revealed (self->actions_bar, g_str_equal (page, "connect"));
  if (g_str_equal (page, "choose"))
    gtk_label_set_label (self->heading, _("Welcome to ReportDock"));
  else
    {
      g_autofree char *text = g_strdup_printf (_("Connect to %s"), rd_profile_get_title (self->profile));

      gtk_label_set_label (self->heading, text);
    }
}

static void
choose_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  RdSetupWindow *self = user_data;
  const char *name = g_variant_get_string (parameter, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(RdProfile) profile = rd_controller_factory_load_profile (name, &error);
  GtkWidget *child;

  if (profile == NULL)
    {
      rd_setup_window_set_why (self, error->message);
      return;
    }
  stop_test (self);
  g_clear_pointer (&self->profile, rd_profile_unref);
  self->profile = g_steal_pointer (&profile);
  g_settings_set_string (self->settings, RD_KEY_PROFILE, name);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->form_box))) != NULL)
    gtk_box_remove (self->form_box, child);
  self->form = rd_settings_form_new (self->settings, rd_setting_keys_for (self->profile),
                                     rd_profile_get_required_settings (self->profile));
  g_signal_connect_object (self->form, "notify::complete", G_CALLBACK (on_form_changed), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->form_box, GTK_WIDGET (self->form));
  rd_api_key_row_set_profile (self->key_row, name);
  on_form_changed (self);
  show_page (self, "connect");
  rd_settings_form_focus_first (self->form);
}

static void
back_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RdSetupWindow *self = user_data;

  stop_test (self);
  g_settings_revert (self->settings);
  show_page (self, "choose");
}

static void
demo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RdSetupWindow *self = user_data;

  g_settings_revert (self->settings);
  g_signal_emit (self, signals[FINISHED], 0, TRUE);
}

static void
start_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  RdSetupWindow *self = user_data;

  if (!rd_settings_form_is_complete (self->form))
    return;
  stop_test (self);
  g_settings_apply (self->settings);
  g_signal_emit (self, signals[FINISHED], 0, FALSE);
}

static void
on_test_finished (RdSetupWindow *self,
                  gboolean       ok,
                  const char    *message)
{
  g_autofree char *labelled = rd_settings_labelled (message);

  gtk_spinner_stop (self->spinner);
  gtk_label_set_label (self->test_result, labelled);
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), ok ? "setup-failed" : "setup-passed");
  gtk_widget_add_css_class (GTK_WIDGET (self->test_result), ok ? "setup-passed" : "setup-failed");
}

/* The preview sits below the fields: scrolled into view once laid out,
 * rather than cut off by the window's bottom edge. */
static gboolean
scroll_into_view (GtkWidget     *preview,
                  GdkFrameClock *clock,
                  gpointer       user_data)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (preview, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *v = scrolled ? gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled)) : NULL;

  if (v != NULL)
    gtk_adjustment_set_value (v, gtk_adjustment_get_upper (v) - gtk_adjustment_get_page_size (v));
  return G_SOURCE_REMOVE;
}

static void
test_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  RdSetupWindow *self = user_data;
  GtkWidget *page;

  stop_test (self);
  self->test = rd_connection_test_new (self->profile, self->settings);
  g_signal_connect_object (self->test, "finished", G_CALLBACK (on_test_finished), self, G_CONNECT_SWAPPED);
  gtk_spinner_start (self->spinner);
  gtk_label_set_label (self->test_result, _("Testing the connection…"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), "setup-failed");
  gtk_widget_remove_css_class (GTK_WIDGET (self->test_result), "setup-passed");
  rd_connection_test_run (self->test);
  /* the vendor page as it loads: what is on it often says what is wrong */
  page = self->test ? rd_connection_test_get_widget (self->test) : NULL;
  if (page != NULL)
    {
      gtk_frame_set_child (self->preview, page);
      gtk_widget_set_visible (GTK_WIDGET (self->preview), TRUE);
      gtk_widget_add_tick_callback (GTK_WIDGET (self->preview), scroll_into_view, NULL, NULL);
    }
}

gboolean
rd_setup_window_is_showing_why (RdSetupWindow *self)
{
  g_return_val_if_fail (RD_IS_SETUP_WINDOW (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->why));
}

void
rd_setup_window_set_why (RdSetupWindow *self,
                         const char    *why)
{
  g_autofree char *labelled = rd_settings_labelled (why);
  g_autofree char *text = why ? g_strdup_printf (_("ReportDock is not set up yet: %s"), labelled) : NULL;

  g_return_if_fail (RD_IS_SETUP_WINDOW (self));

  gtk_label_set_label (self->why, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->why), text != NULL);
}

RdSetupWindow *
rd_setup_window_new (GtkApplication *application,
                     const char     *why)
{
  RdSetupWindow *self = g_object_new (RD_TYPE_SETUP_WINDOW, "application", application, NULL);

  rd_setup_window_set_why (self, why);
  return self;
}

const char *
rd_setup_window_get_page (RdSetupWindow *self)
{
  g_return_val_if_fail (RD_IS_SETUP_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

RdSettingsForm *
rd_setup_window_get_form (RdSetupWindow *self)
{
  g_return_val_if_fail (RD_IS_SETUP_WINDOW (self), NULL);

  return self->form;
}

RdConnectionTest *
rd_setup_window_get_test (RdSetupWindow *self)
{
  g_return_val_if_fail (RD_IS_SETUP_WINDOW (self), NULL);

  return self->test;
}

const char *
rd_setup_window_get_test_result (RdSetupWindow *self)
{
  g_return_val_if_fail (RD_IS_SETUP_WINDOW (self), NULL);

  return gtk_label_get_label (self->test_result);
}

static void
rd_setup_window_dispose (GObject *object)
{
  RdSetupWindow *self = RD_SETUP_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  if (self->test != NULL)
    g_signal_handlers_disconnect_by_data (self->test, self);
  g_clear_object (&self->test);
  gtk_widget_dispose_template (GTK_WIDGET (object), RD_TYPE_SETUP_WINDOW);
  G_OBJECT_CLASS (rd_setup_window_parent_class)->dispose (object);
}

static void
rd_setup_window_finalize (GObject *object)
{
  RdSetupWindow *self = RD_SETUP_WINDOW (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->actions);
  /* unsaved typing is dropped with the window */
  if (self->settings != NULL)
    g_settings_revert (self->settings);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile, rd_profile_unref);
  G_OBJECT_CLASS (rd_setup_window_parent_class)->finalize (object);
}

static void
rd_setup_window_class_init (RdSetupWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = rd_setup_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_setup_window_finalize;
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
  g_type_ensure (RD_TYPE_API_KEY_ROW);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/reportdock/ReportDock/rd-setup-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, heading);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, why);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, form_box);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, key_row);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, test_result);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, preview);
  gtk_widget_class_bind_template_child (widget_class, RdSetupWindow, missing);
  gtk_widget_class_bind_template_child_full (widget_class, "actions", FALSE,
                                             G_STRUCT_OFFSET (RdSetupWindow, actions_bar));
}

static void
rd_setup_window_init (RdSetupWindow *self)
{
  static const GActionEntry entries[] = {
    { "choose", choose_activated, "s", NULL, NULL, { 0 } },
    { "back", back_activated, NULL, NULL, NULL, { 0 } },
    { "demo", demo_activated, NULL, NULL, NULL, { 0 } },
    { "test", test_activated, NULL, NULL, NULL, { 0 } },
    { "start", start_activated, NULL, NULL, NULL, { 0 } },
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  self->actions = g_simple_action_group_new ();
  g_action_map_add_action_entries (G_ACTION_MAP (self->actions), entries, G_N_ELEMENTS (entries), self);
  gtk_widget_insert_action_group (GTK_WIDGET (self), "setup", G_ACTION_GROUP (self->actions));
  self->cancellable = g_cancellable_new ();
  self->settings = rd_settings_new ();
  g_settings_delay (self->settings);
  show_page (self, "choose");
}

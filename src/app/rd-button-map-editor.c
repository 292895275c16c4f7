/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-preferences"

#include "config.h"

#include "rd-button-map-editor.h"
#include "rd-settings-keys.h"
#include "rd-buttons.h"
#include "rd-keymap.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The button map as a table: each button, what a press and what a long
 * press does. A choice writes one entry of the button-map setting (the
 * overrides of the defaults); "Default" removes it. A short press is never
 * offered signing or discarding: those need a long press. */

#define CHOICE_DEFAULT 0
#define CHOICE_NOTHING 1
#define FIRST_ACTION   2

struct _RdButtonMapEditor
{
  GtkGrid     parent_instance;

  GSettings  *settings;
  GHashTable *choices;    /* "RECORD" / "RECORD:hold" → GtkDropDown */
  gboolean    updating;
};

G_DEFINE_FINAL_TYPE (RdButtonMapEditor, rd_button_map_editor, GTK_TYPE_GRID)

static gboolean
press_may_do (const char *action)
{
  return !g_str_equal (action, "sign-report") && !g_str_equal (action, "discard-report");
}

/* the actions a choice offers, after Default and Nothing */
static GPtrArray *
offered (gboolean hold)
{
  const char * const *names = rd_action_names ();
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; names[i] != NULL; i++)
    if (hold || press_may_do (names[i]))
      g_ptr_array_add (list, (gpointer) names[i]);
  return list;
}

static RdKeymap *
default_keymap (RdButtonMapEditor *self)
{
  g_autofree char *mode_text = g_settings_get_string (self->settings, RD_KEY_RECORD_MODE);
  RdRecordMode mode = RD_RECORD_MODE_TOGGLE;

  rd_record_mode_parse (mode_text, &mode);
  return rd_keymap_new (mode);
}

static void
refresh (RdButtonMapEditor *self)
{
  g_autoptr(GVariant) map = g_settings_get_value (self->settings, RD_KEY_BUTTON_MAP);
  g_autoptr(RdKeymap) defaults = default_keymap (self);
  GHashTableIter iter;
  gpointer key, value;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->choices);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkDropDown *choice = value;
      gboolean hold = g_str_has_suffix (key, ":hold");
      g_autofree char *name = hold ? g_strndup (key, strlen (key) - strlen (":hold")) : g_strdup (key);
      g_autoptr(GPtrArray) actions = offered (hold);
      GtkStringList *model = GTK_STRING_LIST (gtk_drop_down_get_model (choice));
      const char *current = NULL;
      const char *by_default = NULL;
      g_autofree char *label = NULL;
      RdButton button;
      guint selected = CHOICE_DEFAULT;

      rd_button_from_string (name, &button);
      by_default = rd_keymap_lookup (defaults, button, hold ? RD_EDGE_HOLD : RD_EDGE_PRESS);
      label = g_strdup_printf (_("Default (%s)"), by_default ? by_default : _("nothing"));
      gtk_string_list_splice (model, CHOICE_DEFAULT, 1, (const char * const[]) { label, NULL });
      if (g_variant_lookup (map, key, "&s", &current))
        {
          selected = CHOICE_NOTHING;
          for (guint i = 0; current[0] != '\0' && !g_str_equal (current, "none") && i < actions->len; i++)
            if (g_str_equal (current, g_ptr_array_index (actions, i)))
              selected = FIRST_ACTION + i;
        }
      gtk_drop_down_set_selected (choice, selected);
    }
  self->updating = FALSE;
}

static void
on_choice (GtkDropDown       *choice,
           GParamSpec        *pspec,
           RdButtonMapEditor *self)
{
  const char *key = gtk_widget_get_name (GTK_WIDGET (choice));
  guint selected = gtk_drop_down_get_selected (choice);
  g_autoptr(GPtrArray) actions = offered (g_str_has_suffix (key, ":hold"));
  g_autoptr(GVariant) map = NULL;
  GVariantBuilder b;
  GVariantIter iter;
  const char *k, *v;

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;
  map = g_settings_get_value (self->settings, RD_KEY_BUTTON_MAP);
  g_variant_builder_init (&b, G_VARIANT_TYPE ("a{ss}"));
  g_variant_iter_init (&iter, map);
  while (g_variant_iter_next (&iter, "{&s&s}", &k, &v))
    if (!g_str_equal (k, key))
      g_variant_builder_add (&b, "{ss}", k, v);
  if (selected == CHOICE_NOTHING)
    g_variant_builder_add (&b, "{ss}", key, "none");
  else if (selected >= FIRST_ACTION && selected - FIRST_ACTION < actions->len)
    g_variant_builder_add (&b, "{ss}", key, (const char *) g_ptr_array_index (actions, selected - FIRST_ACTION));
  g_settings_set_value (self->settings, RD_KEY_BUTTON_MAP, g_variant_builder_end (&b));
}

static GtkWidget *
make_choice (RdButtonMapEditor *self,
             const char        *key,
             gboolean           hold)
{
  g_autoptr(GPtrArray) actions = offered (hold);
  GtkStringList *model = gtk_string_list_new ((const char * const[]) { "", _("Nothing"), NULL });
  GtkWidget *choice;

  for (guint i = 0; i < actions->len; i++)
    gtk_string_list_append (model, g_ptr_array_index (actions, i));
  choice = gtk_drop_down_new (G_LIST_MODEL (model), NULL);
  gtk_widget_set_name (choice, key);
  g_hash_table_insert (self->choices, g_strdup (key), choice);
  g_signal_connect_object (choice, "notify::selected", G_CALLBACK (on_choice), self, 0);
  /* an administrator's lock holds here too */
  gtk_widget_set_sensitive (choice, g_settings_is_writable (self->settings, RD_KEY_BUTTON_MAP));
  return choice;
}

GtkDropDown *
rd_button_map_editor_get_choice (RdButtonMapEditor *self,
                                 const char        *key)
{
  g_return_val_if_fail (RD_IS_BUTTON_MAP_EDITOR (self), NULL);

  return g_hash_table_lookup (self->choices, key);
}

/* For tests and scripts: choose an action by name ("" for Default). */
gboolean
rd_button_map_editor_select (RdButtonMapEditor *self,
                             const char        *key,
                             const char        *action)
{
  GtkDropDown *choice = NULL;
  g_autoptr(GPtrArray) actions = offered (g_str_has_suffix (key, ":hold"));

  g_return_val_if_fail (RD_IS_BUTTON_MAP_EDITOR (self), FALSE);
  choice = g_hash_table_lookup (self->choices, key);

  if (choice == NULL)
    return FALSE;
  if (action[0] == '\0')
    {
      gtk_drop_down_set_selected (choice, CHOICE_DEFAULT);
      return TRUE;
    }
  if (g_str_equal (action, "none"))
    {
      gtk_drop_down_set_selected (choice, CHOICE_NOTHING);
      return TRUE;
    }
  for (guint i = 0; i < actions->len; i++)
    if (g_str_equal (action, g_ptr_array_index (actions, i)))
      {
        gtk_drop_down_set_selected (choice, FIRST_ACTION + i);
        return TRUE;
      }
  return FALSE;
}

RdButtonMapEditor *
rd_button_map_editor_new (GSettings *settings)
{
  RdButtonMapEditor *self = g_object_new (RD_TYPE_BUTTON_MAP_EDITOR, "row-spacing", 4, "column-spacing", 12, NULL);
  int row = 1;

  self->settings = g_object_ref (settings);
  gtk_widget_set_name (GTK_WIDGET (self), "button-map");
  gtk_grid_attach (GTK_GRID (self), gtk_label_new (_("Press")), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (self), gtk_label_new (_("Long press")), 2, 0, 1, 1);
  for (guint bit = 0; bit < 32; bit++)
    {
      const char *name = rd_button_to_string (1u << bit);
      g_autofree char *hold_key = NULL;
      GtkWidget *label;

      /* barcode scanner bits are not buttons a hand presses */
      if (name == NULL || g_str_has_prefix (name, "SCAN_"))
        continue;
      hold_key = g_strdup_printf ("%s:hold", name);
      /* as the key is printed; the name button-map uses on hover */
      label = gtk_label_new (rd_button_get_label (1u << bit));
      gtk_widget_set_tooltip_text (label, name);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_grid_attach (GTK_GRID (self), label, 0, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self), make_choice (self, name, FALSE), 1, row, 1, 1);
      gtk_grid_attach (GTK_GRID (self), make_choice (self, hold_key, TRUE), 2, row, 1, 1);
      row++;
    }
  refresh (self);
  g_signal_connect_object (settings, "changed::" RD_KEY_BUTTON_MAP, G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::" RD_KEY_RECORD_MODE, G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  return self;
}

static void
rd_button_map_editor_finalize (GObject *object)
{
  RdButtonMapEditor *self = RD_BUTTON_MAP_EDITOR (object);

  g_clear_object (&self->settings);
  g_hash_table_unref (self->choices);
  G_OBJECT_CLASS (rd_button_map_editor_parent_class)->finalize (object);
}

static void
rd_button_map_editor_class_init (RdButtonMapEditorClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_button_map_editor_finalize;
}

static void
rd_button_map_editor_init (RdButtonMapEditor *self)
{
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

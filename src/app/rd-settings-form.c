/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-settings"

#include "config.h"

#include "rd-api-key.h"
#include "rd-setting-check.h"
#include "rd-settings-form.h"
#include "rd-settings-fields.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A form of settings, one row a key, the control made for the key's type:
 * text, a command (words, as typed in a terminal), a number within the
 * schema's range, on/off, or one of a few choices. Text is checked as it
 * is typed and saved only when it passes: a half-typed "ht" or an ftp://
 * address never reaches the settings. The first-run assistant binds it to
 * delayed settings (saved on Start), Preferences to the live ones. A key
 * an administrator locked shows insensitive (the binding does that). */

typedef struct {
  RdSettingsForm *form;
  char           *key;
  GtkWidget      *control;    /* named after the key */
  const char     *property;   /* the control's property bound to the key */
  GtkEntry       *entry;      /* text and commands; NULL otherwise */
  GtkWidget      *label;
  GStrv           values;     /* a drop-down's values, item by item */
  GtkLabel       *message;
  char           *problem;    /* why the typed text is not saved; NULL: it is */
  gboolean        required;
} Row;

struct _RdSettingsForm
{
  GtkGrid     parent_instance;

  GSettings  *settings;
  GStrv       required;
  GPtrArray  *rows;
  gboolean    complete;
};

G_DEFINE_FINAL_TYPE (RdSettingsForm, rd_settings_form, GTK_TYPE_GRID)

enum { PROP_0, PROP_COMPLETE, N_PROPS };
static GParamSpec *properties[N_PROPS];

static const char *
note_for (const char *key)
{
  const RdSettingField *field = rd_settings_field_find (key);

  return field && field->note ? _(field->note) : NULL;
}

static void
row_free (Row *row)
{
  g_free (row->key);
  g_free (row->problem);
  g_strfreev (row->values);
  g_free (row);
}

static Row *
find_row (RdSettingsForm *self,
          const char     *key)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (row->key, key))
        return row;
    }
  return NULL;
}

static void
update_complete (RdSettingsForm *self)
{
  gboolean complete = TRUE;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      const char *text = row->entry ? gtk_editable_get_text (GTK_EDITABLE (row->entry)) : "-";

      if (row->problem != NULL || (row->required && text[0] == '\0'))
        complete = FALSE;
    }
  /* notified on every check, so that "still to fill in" follows the typing */
  self->complete = complete;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
}

/* A secret file is checked for what a start will check: there, readable,
 * ours alone, one line. The key read is wiped at once. */
static char *
check_secret_file (const char *path)
{
  g_autofree char *expanded = g_str_has_prefix (path, "~/")
    ? g_build_filename (g_get_home_dir (), path + 2, NULL) : g_strdup (path);
  g_autoptr(GError) error = NULL;
  char *secret = rd_secret_file_read (expanded, _("file"), &error);

  if (secret == NULL)
    return g_strdup (error->message);
  rd_api_key_wipe (secret);
  return NULL;
}

/* The message under a field: why it is not saved, that it is needed, or
 * nothing. A file problem is shown but does not stop the path being
 * saved: the admin may fix the file's mode next. */
static void
validate (Row        *row,
          const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file_problem = NULL;
  const char *message = NULL;

  g_clear_pointer (&row->problem, g_free);
  if (!rd_setting_check (row->key, text, &error))
    row->problem = g_strdup (error->message);
  else if (text[0] != '\0' && rd_setting_is_secret_file (row->key))
    file_problem = check_secret_file (text);

  if (row->problem != NULL)
    message = row->problem;
  else if (file_problem != NULL)
    message = file_problem;
  else if (row->required && text[0] == '\0')
    message = _("Required");
  /* nothing wrong: what to know about the field, dimmed */
  if (message == NULL && (message = note_for (row->key)) != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row->message), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row->message), "dim-label");
  gtk_label_set_label (row->message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (row->message), message != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->message), message);
  if (row->problem != NULL || file_problem != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row->entry), "error");
      gtk_widget_add_css_class (GTK_WIDGET (row->message), "preferences-warning");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (row->entry), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (row->message), "preferences-warning");
    }
  /* a secret file that cannot be used leaves the form incomplete */
  if (file_problem != NULL && row->problem == NULL)
    row->problem = g_steal_pointer (&file_problem);
  update_complete (row->form);
}

/* A command's words as one would type them: quoted only where needed. */
static char *
command_to_text (const char * const *argv)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; argv[i] != NULL; i++)
    {
      gboolean plain = argv[i][0] != '\0';

      for (const char *p = argv[i]; *p != '\0' && plain; p++)
        plain = g_ascii_isalnum (*p) || strchr ("-_./:=,+@%{}", *p) != NULL;
      if (i > 0)
        g_string_append_c (text, ' ');
      if (plain)
        g_string_append (text, argv[i]);
      else
        {
          g_autofree char *quoted = g_shell_quote (argv[i]);

          g_string_append (text, quoted);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static gboolean
setting_to_text (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  Row *row = user_data;

  if (g_variant_is_of_type (variant, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_autofree const char **argv = g_variant_get_strv (variant, NULL);

      g_value_take_string (value, command_to_text (argv));
    }
  else
    g_value_set_string (value, g_variant_get_string (variant, NULL));
  validate (row, g_value_get_string (value));
  return TRUE;
}

static GVariant *
text_to_setting (const GValue       *value,
                 const GVariantType *type,
                 gpointer            user_data)
{
  Row *row = user_data;
  const char *text = g_value_get_string (value);
  g_autoptr(GError) error = NULL;

  validate (row, text);
  /* NULL: the binding writes nothing. A secret file's mode is not the
   * path's fault, so a good path is saved while the message says what to fix. */
  if (!rd_setting_check (row->key, text, &error))
    return NULL;
  if (g_variant_type_equal (type, G_VARIANT_TYPE_STRING_ARRAY))
    {
      g_auto(GStrv) argv = NULL;

      if (text[0] == '\0' || !g_shell_parse_argv (text, NULL, &argv, NULL))
        return g_variant_new_strv (NULL, 0);
      return g_variant_new_strv ((const char * const *) argv, -1);
    }
  return g_variant_new_string (text);
}

static void
on_file_chosen (GtkNativeDialog *dialog,
                int              response,
                Row             *row)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row->entry), path);
    }
  g_object_unref (dialog);
}

static void
on_choose_clicked (GtkButton *button,
                   Row       *row)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkFileChooserNative *dialog =
    gtk_file_chooser_native_new (_("Choose a File"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                 GTK_FILE_CHOOSER_ACTION_OPEN, NULL, NULL);

  g_signal_connect (dialog, "response", G_CALLBACK (on_file_chosen), row);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* A text or command row: the entry, a file chooser beside a secret
 * file's, and a message under it. */
static GtkWidget *
text_control (RdSettingsForm       *self,
              Row                  *row,
              const RdSettingField *field)
{
  GtkWidget *entry = gtk_entry_new ();

  row->entry = GTK_ENTRY (entry);
  row->control = entry;
  row->property = "text";
  gtk_widget_set_hexpand (entry, TRUE);
  if (field != NULL && (field->example != NULL || field->hint != NULL))
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), field->example ? field->example : _(field->hint));
  if (rd_setting_is_command (row->key))
    gtk_widget_set_tooltip_text (entry, _("A program and its arguments, quoted as in a terminal; "
                                          "it is run without a shell"));
  g_settings_bind_with_mapping (self->settings, row->key, entry, "text", G_SETTINGS_BIND_DEFAULT,
                                setting_to_text, text_to_setting, row, NULL);
  if (rd_setting_is_secret_file (row->key))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *choose = gtk_button_new_with_mnemonic (_("Choose…"));

      gtk_box_append (GTK_BOX (box), entry);
      gtk_box_append (GTK_BOX (box), choose);
      gtk_widget_set_tooltip_text (choose, _("Choose the file"));
      g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_clicked), row);
      g_object_bind_property (entry, "sensitive", choose, "sensitive", G_BINDING_SYNC_CREATE);
      return box;
    }
  return entry;
}

static gboolean
choice_to_selected (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *values = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  g_value_set_uint (value, GTK_INVALID_LIST_POSITION);
  for (guint i = 0; values[i] != NULL; i++)
    if (g_str_equal (values[i], text))
      g_value_set_uint (value, i);
  return TRUE;
}

static GVariant *
selected_to_choice (const GValue       *value,
                    const GVariantType *type,
                    gpointer            user_data)
{
  const char * const *values = user_data;
  guint selected = g_value_get_uint (value);

  return selected < g_strv_length ((char **) values) ? g_variant_new_string (values[selected]) : NULL;
}

/* A drop-down whose n-th item is values[n]; values outlive the binding. */
void
rd_settings_bind_choice (GSettings          *settings,
                         const char         *key,
                         GtkDropDown        *drop_down,
                         const char * const *values)
{
  g_settings_bind_with_mapping (settings, key, drop_down, "selected", G_SETTINGS_BIND_DEFAULT,
                                choice_to_selected, selected_to_choice, (gpointer) values, NULL);
}

static gboolean
uint_to_double (GValue   *value,
                GVariant *variant,
                gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
double_to_uint (const GValue       *value,
                const GVariantType *type,
                gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) g_value_get_double (value));
}

/* A spin button for an unsigned setting (GSettings binds doubles only). */
void
rd_settings_bind_number (GSettings     *settings,
                         const char    *key,
                         GtkSpinButton *spin)
{
  g_settings_bind_with_mapping (settings, key, spin, "value", G_SETTINGS_BIND_DEFAULT,
                                uint_to_double, double_to_uint, NULL, NULL);
}

/* The control for a key that is not text: by its type in the schema. */
static GtkWidget *
other_control (RdSettingsForm       *self,
               Row                  *row,
               const RdSettingField *field)
{
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) key = NULL;
  const GVariantType *type;

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  key = g_settings_schema_get_key (schema, row->key);
  type = g_settings_schema_key_get_value_type (key);
  if (g_variant_type_equal (type, G_VARIANT_TYPE_BOOLEAN))
    {
      row->control = gtk_switch_new ();
      row->property = "active";
      gtk_widget_set_halign (row->control, GTK_ALIGN_START);
      if (field != NULL && field->hint != NULL)
        gtk_widget_set_tooltip_text (row->control, _(field->hint));
      g_settings_bind (self->settings, row->key, row->control, "active", G_SETTINGS_BIND_DEFAULT);
    }
  else if (g_variant_type_equal (type, G_VARIANT_TYPE_UINT32))
    {
      g_autoptr(GVariant) range = g_settings_schema_key_get_range (key);
      g_autoptr(GVariant) bounds = NULL;
      const char *kind;
      guint32 min = 0, max = G_MAXUINT32;

      g_variant_get (range, "(&sv)", &kind, &bounds);
      if (g_str_equal (kind, "range"))
        g_variant_get (bounds, "(uu)", &min, &max);
      row->control = gtk_spin_button_new_with_range (min, max, 1);
      row->property = "value";
      gtk_widget_set_halign (row->control, GTK_ALIGN_START);
      if (field != NULL && field->hint != NULL)
        gtk_widget_set_tooltip_text (row->control, _(field->hint));
      rd_settings_bind_number (self->settings, row->key, GTK_SPIN_BUTTON (row->control));
    }
  else
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      g_autoptr(GStrvBuilder) values = g_strv_builder_new ();

      g_return_val_if_fail (field != NULL && field->choices != NULL, gtk_label_new (row->key));
      for (guint i = 0; field->choices[i].value != NULL; i++)
        {
          gtk_string_list_append (labels, _(field->choices[i].label));
          g_strv_builder_add (values, field->choices[i].value);
        }
      row->values = g_strv_builder_end (values);
      row->control = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&labels)), NULL);
      row->property = "selected";
      gtk_widget_set_halign (row->control, GTK_ALIGN_START);
      if (field->hint != NULL)
        gtk_widget_set_tooltip_text (row->control, _(field->hint));
      rd_settings_bind_choice (self->settings, row->key, GTK_DROP_DOWN (row->control),
                               (const char * const *) row->values);
    }
  return row->control;
}

static void
add_row (RdSettingsForm *self,
         const char     *key,
         int             line)
{
  const RdSettingField *field = rd_settings_field_find (key);
  Row *row = g_new0 (Row, 1);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *message = gtk_label_new (NULL);
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettingsSchemaKey) schema_key = NULL;
  const GVariantType *type;
  GtkWidget *control;

  row->form = self;
  row->key = g_strdup (key);
  row->message = GTK_LABEL (message);
  row->label = label;
  row->required = g_strv_contains ((const char * const *) self->required, key);
  g_ptr_array_add (self->rows, row);

  g_object_get (self->settings, "settings-schema", &schema, NULL);
  schema_key = g_settings_schema_get_key (schema, key);
  type = g_settings_schema_key_get_value_type (schema_key);
  if ((g_variant_type_equal (type, G_VARIANT_TYPE_STRING) && (field == NULL || field->choices == NULL)) ||
      g_variant_type_equal (type, G_VARIANT_TYPE_STRING_ARRAY))
    control = text_control (self, row, field);
  else
    control = other_control (self, row, field);

  gtk_label_set_text (GTK_LABEL (label), field ? _(field->label) : key);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 28);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), row->control);
  gtk_widget_set_name (row->control, key);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (row->control), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message, NULL, -1);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (message), 60);
  gtk_widget_add_css_class (message, "caption");
  gtk_widget_set_visible (message, FALSE);

  gtk_grid_attach (GTK_GRID (self), label, 0, 2 * line, 1, 1);
  gtk_grid_attach (GTK_GRID (self), control, 1, 2 * line, 1, 1);
  gtk_grid_attach (GTK_GRID (self), message, 1, 2 * line + 1, 1, 1);
}

RdSettingsForm *
rd_settings_form_new (GSettings          *settings,
                      const char * const *keys,
                      const char * const *required)
{
  RdSettingsForm *self = g_object_new (RD_TYPE_SETTINGS_FORM, "row-spacing", 4, "column-spacing", 12, NULL);
  const char * const none[] = { NULL };

  self->settings = g_object_ref (settings);
  self->required = g_strdupv ((char **) (required ? required : none));
  for (guint i = 0; keys[i] != NULL; i++)
    add_row (self, keys[i], i);
  update_complete (self);
  return self;
}

GtkWidget *
rd_settings_form_get_control (RdSettingsForm *self,
                            const char     *key)
{
  Row *row = find_row (self, key);

  g_return_val_if_fail (RD_IS_SETTINGS_FORM (self), NULL);

  return row ? row->control : NULL;
}

const char *
rd_settings_form_get_problem (RdSettingsForm *self,
                              const char     *key)
{
  Row *row = find_row (self, key);

  g_return_val_if_fail (RD_IS_SETTINGS_FORM (self), NULL);

  return row ? row->problem : NULL;
}

/* The cursor in the first field: the form is not laid out yet when it is
 * shown, so GTK's own Tab order (by position) cannot tell which is first. */
void
rd_settings_form_focus_first (RdSettingsForm *self)
{
  g_return_if_fail (RD_IS_SETTINGS_FORM (self));

  if (self->rows->len > 0)
    gtk_widget_grab_focus (((Row *) g_ptr_array_index (self->rows, 0))->control);
}

/* Forms one above the other: their labels one column wide. */
void
rd_settings_form_align_labels (RdSettingsForm *self,
                               GtkSizeGroup   *group)
{
  g_return_if_fail (RD_IS_SETTINGS_FORM (self));

  for (guint i = 0; i < self->rows->len; i++)
    gtk_size_group_add_widget (group, ((Row *) g_ptr_array_index (self->rows, i))->label);
}

gboolean
rd_settings_form_is_complete (RdSettingsForm *self)
{
  g_return_val_if_fail (RD_IS_SETTINGS_FORM (self), FALSE);

  return self->complete;
}

/* "Fill in: E-mail, API address" — what stands between the user and Start. */
char *
rd_settings_form_describe_incomplete (RdSettingsForm *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;

  g_return_val_if_fail (RD_IS_SETTINGS_FORM (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      const RdSettingField *field = rd_settings_field_find (row->key);

      if (row->problem != NULL || (row->required && row->entry != NULL &&
                                   gtk_editable_get_text (GTK_EDITABLE (row->entry))[0] == '\0'))
        g_strv_builder_add (names, field ? _(field->label) : row->key);
    }
  list = g_strv_builder_end (names);
  if (list[0] == NULL)
    return NULL;
  joined = g_strjoinv (", ", list);
  return g_strdup_printf (_("Still to fill in or correct: %s"), joined);
}

static void
rd_settings_form_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RdSettingsForm *self = RD_SETTINGS_FORM (object);

  switch (prop_id)
    {
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
rd_settings_form_dispose (GObject *object)
{
  RdSettingsForm *self = RD_SETTINGS_FORM (object);

  /* the bindings call back into rows: gone before the rows are */
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      g_settings_unbind (row->control, row->property);
    }
  G_OBJECT_CLASS (rd_settings_form_parent_class)->dispose (object);
}

static void
rd_settings_form_finalize (GObject *object)
{
  RdSettingsForm *self = RD_SETTINGS_FORM (object);

  g_ptr_array_unref (self->rows);
  g_clear_object (&self->settings);
  g_strfreev (self->required);
  G_OBJECT_CLASS (rd_settings_form_parent_class)->finalize (object);
}

static void
rd_settings_form_class_init (RdSettingsFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = rd_settings_form_get_property;
  object_class->dispose = rd_settings_form_dispose;
  object_class->finalize = rd_settings_form_finalize;
  properties[PROP_COMPLETE] = g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                                    G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
rd_settings_form_init (RdSettingsForm *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
}

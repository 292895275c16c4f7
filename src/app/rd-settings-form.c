/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-settings"

#include "config.h"

#include "rd-api-key.h"
#include "rd-setting-check.h"
#include "rd-settings-form.h"

#include <glib/gi18n-lib.h>

/* Text settings (those one profile reads, or the webhook's), each checked as it is typed and
 * saved only when it passes: a half-typed "ht" or an ftp:// address never
 * reaches the settings. The first-run assistant binds it to delayed
 * settings (saved on Start), Preferences to the live ones. A key an
 * administrator locked shows insensitive (the binding does that). */

typedef struct {
  RdSettingsForm *form;
  char           *key;
  GtkEntry       *entry;
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

typedef struct {
  const char *key;
  const char *label;
  const char *example;    /* a placeholder shown as is */
  const char *hint;       /* a placeholder to translate */
} Field;

static const Field fields[] = {
  { "vendor-url", N_("Reporting app address"), "https://app.vendor.example/embed", NULL },
  { "token-url", N_("Token address"), "https://app.vendor.example/api/token", NULL },
  { "api-base-url", N_("API address"), "https://api.vendor.example", NULL },
  { "api-key-header", N_("API key header"), "X-API-Key", NULL },
  { "api-key-file", N_("API key file"), NULL, N_("Empty: the key is in the keyring") },
  { "vendor-user-id", N_("Vendor user id"), "usr_…", NULL },
  { "user-email", N_("E-mail"), "name@hospital.example", NULL },
  { "user-first-name", N_("First name"), NULL, NULL },
  { "user-last-name", N_("Last name"), NULL, NULL },
  { "facility-name", N_("Facility name"), NULL, NULL },
  { "default-site-id", N_("Default site"), NULL, N_("The site when the worklist gives none") },
  { "viewer-url-template", N_("Viewer address"), "https://pacs.example/viewer?StudyInstanceUIDs={study_uid}", NULL },
  { "events-url", N_("Webhook address"), NULL, N_("Empty: events go to D-Bus and the outbox only") },
  { "events-secret-file", N_("Webhook secret file"), NULL, N_("A file of mode 600 with the signing secret") },
  { "relay-secret-file", N_("Vendor webhook secret file"), NULL, N_("For reportdock relay: a file of mode 600") },
};

static const Field *
find_field (const char *key)
{
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (g_str_equal (fields[i].key, key))
      return &fields[i];
  return NULL;
}

static void
row_free (Row *row)
{
  g_free (row->key);
  g_free (row->problem);
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
      const char *text = gtk_editable_get_text (GTK_EDITABLE (row->entry));

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

static gboolean
setting_to_text (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  Row *row = user_data;
  const char *text = g_variant_get_string (variant, NULL);

  g_value_set_string (value, text);
  validate (row, text);
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

static void
add_row (RdSettingsForm *self,
         const char     *key,
         int             line)
{
  const Field *field = find_field (key);
  Row *row = g_new0 (Row, 1);
  GtkWidget *label = gtk_label_new (field ? _(field->label) : key);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *message = gtk_label_new (NULL);

  row->form = self;
  row->key = g_strdup (key);
  row->entry = GTK_ENTRY (entry);
  row->message = GTK_LABEL (message);
  row->required = g_strv_contains ((const char * const *) self->required, key);
  g_ptr_array_add (self->rows, row);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), entry);
  gtk_widget_set_name (entry, key);
  gtk_widget_set_hexpand (entry, TRUE);
  if (field != NULL && (field->example != NULL || field->hint != NULL))
    gtk_entry_set_placeholder_text (GTK_ENTRY (entry), field->example ? field->example : _(field->hint));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message, NULL, -1);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (message), 60);
  gtk_widget_add_css_class (message, "caption");
  gtk_widget_set_visible (message, FALSE);

  gtk_grid_attach (GTK_GRID (self), label, 0, 2 * line, 1, 1);
  if (rd_setting_is_secret_file (key))
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *choose = gtk_button_new_with_mnemonic (_("Choose…"));

      gtk_box_append (GTK_BOX (box), entry);
      gtk_box_append (GTK_BOX (box), choose);
      g_signal_connect (choose, "clicked", G_CALLBACK (on_choose_clicked), row);
      g_object_bind_property (entry, "sensitive", choose, "sensitive", G_BINDING_SYNC_CREATE);
      gtk_grid_attach (GTK_GRID (self), box, 1, 2 * line, 1, 1);
    }
  else
    gtk_grid_attach (GTK_GRID (self), entry, 1, 2 * line, 1, 1);
  gtk_grid_attach (GTK_GRID (self), message, 1, 2 * line + 1, 1, 1);
  g_settings_bind_with_mapping (self->settings, key, entry, "text", G_SETTINGS_BIND_DEFAULT,
                                setting_to_text, text_to_setting, row, NULL);
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
rd_settings_form_get_entry (RdSettingsForm *self,
                            const char     *key)
{
  Row *row = find_row (self, key);

  return row ? GTK_WIDGET (row->entry) : NULL;
}

const char *
rd_settings_form_get_problem (RdSettingsForm *self,
                              const char     *key)
{
  Row *row = find_row (self, key);

  return row ? row->problem : NULL;
}

gboolean
rd_settings_form_is_complete (RdSettingsForm *self)
{
  return self->complete;
}

/* "Fill in: E-mail, API address" — what stands between the user and Start. */
char *
rd_settings_form_describe_incomplete (RdSettingsForm *self)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;
  g_autofree char *joined = NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      const Field *field = find_field (row->key);

      if (row->problem != NULL || (row->required && gtk_editable_get_text (GTK_EDITABLE (row->entry))[0] == '\0'))
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

      g_settings_unbind (row->entry, "text");
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

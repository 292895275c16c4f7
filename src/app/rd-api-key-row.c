/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-setup"

#include "config.h"

#include "rd-api-key.h"
#include "rd-api-key-row.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* "Or keep the key in the keyring: [••••] Store in Keyring" — the API key
 * goes into the Secret Service under the profile's name and into no file,
 * no setting and no log. The entry is emptied once it is stored. */

struct _RdApiKeyRow
{
  GtkBox            parent_instance;

  char             *profile_name;
  GtkPasswordEntry *entry;
  GtkLabel         *result;
  GCancellable     *cancellable;
};

G_DEFINE_FINAL_TYPE (RdApiKeyRow, rd_api_key_row, GTK_TYPE_BOX)

static void
show_result (RdApiKeyRow *self,
             const char  *text)
{
  gtk_label_set_label (self->result, text);
  gtk_widget_set_visible (GTK_WIDGET (self->result), TRUE);
}

static void
on_stored (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(RdApiKeyRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  if (rd_api_key_store_finish (result, &error))
    {
      text = g_strdup_printf (_("The key is in the keyring for the %s profile. Leave API key file empty to use it."),
                              self->profile_name);
      gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  else
    text = g_strdup_printf (_("The key could not be stored in the keyring (%s). Put it in a file of mode 600 "
                              "and choose that file as API key file."), error->message);
  show_result (self, text);
}

static void
on_store_clicked (RdApiKeyRow *self)
{
  g_autofree char *key = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (key[0] == '\0')
    {
      show_result (self, _("Type or paste the API key first."));
      return;
    }
  rd_api_key_store_async (key, self->profile_name, self->cancellable, on_stored, g_object_ref (self));
  memset (key, 0, strlen (key));
}

void
rd_api_key_row_set_profile (RdApiKeyRow *self,
                            const char  *profile_name)
{
  g_return_if_fail (RD_IS_API_KEY_ROW (self));

  g_free (self->profile_name);
  self->profile_name = g_strdup (profile_name);
  gtk_widget_set_visible (GTK_WIDGET (self->result), FALSE);
}

const char *
rd_api_key_row_get_result (RdApiKeyRow *self)
{
  g_return_val_if_fail (RD_IS_API_KEY_ROW (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->result)) ? gtk_label_get_label (self->result) : NULL;
}

RdApiKeyRow *
rd_api_key_row_new (const char *profile_name)
{
  RdApiKeyRow *self = g_object_new (RD_TYPE_API_KEY_ROW, NULL);

  rd_api_key_row_set_profile (self, profile_name);
  return self;
}

static void
rd_api_key_row_dispose (GObject *object)
{
  RdApiKeyRow *self = RD_API_KEY_ROW (object);

  g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (rd_api_key_row_parent_class)->dispose (object);
}

static void
rd_api_key_row_finalize (GObject *object)
{
  RdApiKeyRow *self = RD_API_KEY_ROW (object);

  g_clear_object (&self->cancellable);
  g_free (self->profile_name);
  G_OBJECT_CLASS (rd_api_key_row_parent_class)->finalize (object);
}

static void
rd_api_key_row_class_init (RdApiKeyRowClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_api_key_row_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_api_key_row_finalize;
}

static void
rd_api_key_row_init (RdApiKeyRow *self)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Or keep the key in the keyring:"));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Store in _Keyring"));

  /* the result under the field, also when a template makes the row (the
   * setup and preferences windows): GtkBox's default is a horizontal line */
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
  self->cancellable = g_cancellable_new ();
  self->entry = GTK_PASSWORD_ENTRY (gtk_password_entry_new ());
  gtk_password_entry_set_show_peek_icon (self->entry, TRUE);
  g_object_set (self->entry, "placeholder-text", _("API key"), "hexpand", TRUE, NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_store_clicked), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (line), label);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (self->entry));
  gtk_box_append (GTK_BOX (line), button);
  self->result = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->result, 0);
  gtk_label_set_wrap (self->result, TRUE);
  /* a long keyring error wraps within the row's width, even inside a long
   * word (a D-Bus name, a path), instead of asking for a wider window and
   * squeezing the key's field */
  gtk_label_set_wrap_mode (self->result, PANGO_WRAP_WORD_CHAR);
  gtk_label_set_natural_wrap_mode (self->result, GTK_NATURAL_WRAP_WORD);
  gtk_label_set_width_chars (self->result, 20);
  gtk_label_set_max_width_chars (self->result, 60);
  gtk_widget_set_visible (GTK_WIDGET (self->result), FALSE);
  gtk_box_append (GTK_BOX (self), line);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->result));
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-api-key"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-api-key.h"
#include "rd-error.h"

#include <errno.h>
#include <fcntl.h>
#include <libsecret/secret.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_KEY_FILE_SIZE 4096

/* Looked up with any schema name, so that a key stored with
 * `secret-tool store --label=ReportDock application reportdock profile NAME`
 * is found. */
static const SecretSchema api_key_schema = {
  "io.github.reportdock.ReportDock.ApiKey", SECRET_SCHEMA_DONT_MATCH_NAME,
  {
    { "application", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { "profile", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, 0, 0, 0, 0, 0, 0, 0,
};

void
rd_api_key_wipe (char *key)
{
  if (key == NULL)
    return;
  memset (key, 0, strlen (key));
  g_free (key);
}

/* A secret file must belong to the user alone: a key others can read is a
 * key others can use. Read through one descriptor so that the mode checked
 * is the mode of the file read. */
char *
rd_secret_file_read (const char  *path,
                     const char  *what,
                     GError     **error)
{
  char buffer[MAX_KEY_FILE_SIZE + 1];
  struct stat st;
  ssize_t n;
  int fd;

  fd = open (path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, RD_ERROR, RD_ERROR_NO_API_KEY,
                   _("Cannot read the %s %s: %s"), what, path, g_strerror (saved));
      return NULL;
    }
  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      close (fd);
      g_set_error (error, RD_ERROR, RD_ERROR_NO_API_KEY,
                   _("The %s %s is not a regular file"), what, path);
      return NULL;
    }
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      close (fd);
      g_set_error (error, RD_ERROR, RD_ERROR_INSECURE_FILE,
                   _("The %s %s can be read by other users; run: chmod 600 %s"),
                   what, path, path);
      return NULL;
    }
  n = read (fd, buffer, sizeof buffer);
  close (fd);
  if (n < 0 || n > MAX_KEY_FILE_SIZE)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NO_API_KEY,
                   _("The %s %s is unreadable or larger than %d bytes"),
                   what, path, MAX_KEY_FILE_SIZE);
      return NULL;
    }
  buffer[n] = '\0';
  g_strstrip (buffer);
  for (const char *p = buffer; *p; p++)
    if ((guchar) *p < 0x20 || (guchar) *p == 0x7f)
      {
        memset (buffer, 0, sizeof buffer);
        g_set_error (error, RD_ERROR, RD_ERROR_NO_API_KEY,
                     _("The %s %s holds more than one line or control characters"),
                     what, path);
        return NULL;
      }
  if (buffer[0] == '\0')
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NO_API_KEY, _("The %s %s is empty"), what, path);
      return NULL;
    }
  {
    char *key = g_strdup (buffer);
    memset (buffer, 0, sizeof buffer);
    return key;
  }
}

char *
rd_api_key_read_file (const char  *path,
                      GError     **error)
{
  return rd_secret_file_read (path, _("API key file"), error);
}

static void
on_secret_lookup (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  char *key = secret_password_lookup_finish (result, &error);
  const char *profile = g_task_get_task_data (task);

  if (key != NULL && key[0] != '\0')
    {
      g_task_return_pointer (task, g_strdup (key), (GDestroyNotify) rd_api_key_wipe);
      secret_password_free (key);
      return;
    }
  secret_password_free (key);
  if (error != NULL)
    g_debug ("Secret Service lookup failed: %s", error->message);
  g_task_return_new_error (task, RD_ERROR, RD_ERROR_NO_API_KEY,
                           _("No API key is configured: set api-key-file to a file of mode 600, "
                           "or store the key with: secret-tool store --label=ReportDock "
                           "application reportdock profile %s"), profile);
}

void
rd_api_key_load_async (const char          *path,
                       const char          *profile_name,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);
  GError *error = NULL;
  char *key;

  g_task_set_source_tag (task, rd_api_key_load_async);
  g_task_set_task_data (task, g_strdup (profile_name), g_free);

  if (path != NULL && path[0] != '\0')
    {
      g_autofree char *expanded = g_str_has_prefix (path, "~/")
        ? g_build_filename (g_get_home_dir (), path + 2, NULL) : g_strdup (path);

      key = rd_api_key_read_file (expanded, &error);
      if (key != NULL)
        g_task_return_pointer (task, key, (GDestroyNotify) rd_api_key_wipe);
      else
        g_task_return_error (task, error);
      return;
    }

  secret_password_lookup (&api_key_schema, cancellable, on_secret_lookup,
                          g_steal_pointer (&task),
                          "application", "reportdock",
                          "profile", profile_name,
                          NULL);
}

char *
rd_api_key_load_finish (GAsyncResult  *result,
                        GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Into the Secret Service, under the attributes the lookup uses: the key
 * is then in no file and in no setting. */
void
rd_api_key_store_async (const char          *key,
                        const char          *profile_name,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autofree char *label = g_strdup_printf ("ReportDock API key (%s)", profile_name);

  secret_password_store (&api_key_schema, SECRET_COLLECTION_DEFAULT, label, key, cancellable, callback, user_data,
                         "application", "reportdock",
                         "profile", profile_name,
                         NULL);
}

gboolean
rd_api_key_store_finish (GAsyncResult  *result,
                         GError       **error)
{
  return secret_password_store_finish (result, error);
}

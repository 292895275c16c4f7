/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-token-source"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-token-source.h"
#include "rd-api-key.h"
#include "rd-error.h"
#include "rd-token.h"

#include <libsoup/soup.h>
#include <string.h>

/* Gets access tokens from the vendor with the API key (docs/protocol.md §1.5).
 * The key and the tokens live in memory only and are never logged: log
 * lines name the endpoint and the outcome, nothing else. */

struct _RdTokenSource
{
  GObject       parent_instance;

  RdProfile    *profile;
  char         *token_url;
  char         *api_key_header;
  char         *api_key_file;
  char         *api_key;        /* set directly (demo); wins over the file */
  char         *user_email;
  char         *first_name;
  char         *last_name;

  SoupSession  *soup;
  RdToken      *token;
  gint64        refresh_at;     /* wall clock: the token is handed out until then */
  guint         refresh_id;
  gboolean      background;     /* the request in flight is a refresh of our own */
  guint         failures;       /* background refreshes failed in a row */
  guint         retry_ms;
  GCancellable *cancellable;    /* of the request in flight */
  GPtrArray    *waiting;        /* GTasks waiting for the request in flight */
  guint         n_requests;
};

G_DEFINE_FINAL_TYPE (RdTokenSource, rd_token_source, G_TYPE_OBJECT)

/* Timers do not run while the machine sleeps: the wall clock is looked at
 * at least this often, and at every use. */
#define CHECK_MAX_MS         (60 * 1000)
#define RETRY_MAX_MS         (5 * 60 * 1000)
/* A refresh that fails leaves the token in use while it has this much life. */
#define FALLBACK_MIN_LIFE_US (60 * G_USEC_PER_SEC)

enum {
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void fetch (RdTokenSource *self);
static void schedule_check (RdTokenSource *self, gint64 due);

static gboolean
still_usable (RdTokenSource *self)
{
  return self->token != NULL && g_get_real_time () + FALLBACK_MIN_LIFE_US < self->token->expires_at;
}

static void
return_to_waiting (RdTokenSource *self,
                   const GError  *error)
{
  g_autoptr(GPtrArray) waiting = g_steal_pointer (&self->waiting);

  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  /* the vendor is briefly away, but the token we have still has life */
  if (error != NULL && still_usable (self))
    {
      g_info ("the token refresh failed; the current token, valid a while yet, is used meanwhile");
      error = NULL;
    }
  for (guint i = 0; i < waiting->len; i++)
    {
      GTask *task = g_ptr_array_index (waiting, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_strdup (self->token->value), (GDestroyNotify) rd_api_key_wipe);
    }
}

static gboolean
on_refresh_due (gpointer user_data)
{
  RdTokenSource *self = user_data;
  gint64 due = self->refresh_at;

  self->refresh_id = 0;
  if (g_get_real_time () < due)
    {
      schedule_check (self, due);   /* not yet by the wall clock */
      return G_SOURCE_REMOVE;
    }
  g_debug ("refreshing the access token ahead of expiry");
  if (self->cancellable == NULL)
    {
      self->background = TRUE;
      fetch (self);
    }
  return G_SOURCE_REMOVE;
}

static void
schedule_check (RdTokenSource *self,
                gint64         due)
{
  gint64 ms = (due - g_get_real_time ()) / 1000;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add ((guint) CLAMP (ms, 0, CHECK_MAX_MS), on_refresh_due, self);
}

static void
schedule_refresh (RdTokenSource *self)
{
  self->refresh_at = rd_token_refresh_at (self->token, g_get_real_time ());
  schedule_check (self, self->refresh_at);
}

/* A refresh of our own that failed is tried again, later each time. */
static void
schedule_retry (RdTokenSource *self)
{
  guint ms = MIN (self->retry_ms << MIN (self->failures - 1, 16u), (guint) RETRY_MAX_MS);

  g_info ("the background token refresh failed (%u in a row); trying again in %u s",
          self->failures, ms / 1000);
  self->refresh_at = g_get_real_time () + (gint64) ms * 1000;
  schedule_check (self, self->refresh_at);
}

static GError *
error_for_status (guint status)
{
  /* never followed: the API key would go wherever Location says */
  if (SOUP_STATUS_IS_REDIRECTION (status))
    return g_error_new (RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                        _("token-url answered with a redirect (HTTP %u); ReportDock follows no "
                        "redirect, so that the API key goes nowhere else: set token-url to the "
                        "final address"), status);
  if (status == SOUP_STATUS_UNAUTHORIZED || status == SOUP_STATUS_FORBIDDEN)
    return g_error_new (RD_ERROR, RD_ERROR_KEY_REJECTED,
                        _("The vendor rejected the API key (HTTP %u); check api-key-file "
                        "and api-key-header"), status);
  if (status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429 || status >= 500)
    return g_error_new (RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE,
                        _("The vendor's token service is not answering properly (HTTP %u); "
                        "ReportDock will try again"), status);
  return g_error_new (RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                      _("The vendor refused the token request (HTTP %u); check token-url "
                      "and user-email"), status);
}

static void
on_response (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(RdTokenSource) self = user_data;
  SoupSession *soup = SOUP_SESSION (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (soup, result, &error);
  SoupMessage *message = soup_session_get_async_result_message (soup, result);
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  gboolean background;

  g_clear_object (&self->cancellable);
  if (cancelled)
    return;
  background = self->background;
  self->background = FALSE;

  if (body == NULL)
    {
      GError *unreachable = g_error_new (RD_ERROR, RD_ERROR_VENDOR_UNREACHABLE,
                                         _("Cannot reach the vendor's token service: %s"),
                                         error->message);
      g_clear_error (&error);
      error = unreachable;
    }
  else if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    error = error_for_status (soup_message_get_status (message));
  else
    {
      RdToken *token = rd_token_parse (self->profile,
                                       g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                       g_get_real_time (), &error);
      if (token != NULL)
        {
          g_clear_pointer (&self->token, rd_token_free);
          self->token = token;
          g_debug ("access token received, valid for %" G_GINT64_FORMAT " s",
                   (token->expires_at - g_get_real_time ()) / G_USEC_PER_SEC);
          schedule_refresh (self);
        }
    }

  if (error != NULL)
    {
      g_info ("token request failed: %s", error->message);
      if (background)
        {
          self->failures++;
          schedule_retry (self);
        }
    }
  else
    self->failures = 0;
  return_to_waiting (self, error);
  if (error == NULL && background)
    g_signal_emit (self, signals[REFRESHED], 0);
}

static void
send_request (RdTokenSource *self,
              const char    *key)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  char *body = rd_token_request_body (self->profile, self->user_email,
                                                 self->first_name, self->last_name, &error);
  const char *header = self->api_key_header ? self->api_key_header
                                            : rd_profile_get_api_key_header (self->profile);

  if (body == NULL)
    {
      g_clear_object (&self->cancellable);
      return_to_waiting (self, error);
      return;
    }
  bytes = g_bytes_new_take (body, strlen (body));

  message = soup_message_new (SOUP_METHOD_POST, self->token_url);
  if (message == NULL)
    {
      g_clear_object (&self->cancellable);
      error = g_error_new (RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                           _("token-url \"%s\" is not a valid URL"), self->token_url);
      return_to_waiting (self, error);
      return;
    }
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_headers_replace (soup_message_get_request_headers (message), header, key);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  self->n_requests++;
  g_debug ("requesting an access token from %s", self->token_url);
  soup_session_send_and_read_async (self->soup, message, G_PRIORITY_DEFAULT, self->cancellable,
                                    on_response, g_object_ref (self));
}

static void
on_key_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RdTokenSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(char) key = rd_api_key_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (key == NULL)
    {
      g_clear_object (&self->cancellable);
      g_info ("no API key: %s", error->message);
      return_to_waiting (self, error);
      return;
    }
  send_request (self, key);
}

/* The key is read anew for every request, so that an admin can rotate it
 * without restarting ReportDock. */
static void
fetch (RdTokenSource *self)
{
  g_assert (self->cancellable == NULL);
  self->cancellable = g_cancellable_new ();

  if (self->token_url == NULL || self->token_url[0] == '\0')
    {
      g_autoptr(GError) error =
        g_error_new_literal (RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                             _("token-url is not set; ask your administrator for the vendor's "
                             "token endpoint"));
      g_clear_object (&self->cancellable);
      return_to_waiting (self, error);
      return;
    }
  if (self->api_key != NULL)
    {
      send_request (self, self->api_key);
      return;
    }
  rd_api_key_load_async (self->api_key_file, rd_profile_get_name (self->profile),
                         self->cancellable, on_key_loaded, g_object_ref (self));
}

void
rd_token_source_get_async (RdTokenSource       *self,
                           gboolean             fresh,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, rd_token_source_get_async);

  if (fresh)
    {
      g_clear_pointer (&self->token, rd_token_free);
      g_clear_handle_id (&self->refresh_id, g_source_remove);
    }
  else if (self->token != NULL && g_get_real_time () < self->refresh_at)
    {
      g_task_return_pointer (task, g_strdup (self->token->value), (GDestroyNotify) rd_api_key_wipe);
      return;
    }

  g_ptr_array_add (self->waiting, g_steal_pointer (&task));
  if (self->cancellable == NULL)
    fetch (self);
}

char *
rd_token_source_get_finish (RdTokenSource  *self,
                            GAsyncResult   *result,
                            GError        **error)
{
  g_return_val_if_fail (RD_IS_TOKEN_SOURCE (self), NULL);

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
replace (char       **field,
         const char  *value)
{
  g_free (*field);
  *field = (value != NULL && value[0] != '\0') ? g_strdup (value) : NULL;
}

void
rd_token_source_set_user (RdTokenSource *self,
                          const char    *email,
                          const char    *first_name,
                          const char    *last_name)
{
  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  replace (&self->user_email, email);
  replace (&self->first_name, first_name);
  replace (&self->last_name, last_name);
  g_clear_pointer (&self->token, rd_token_free);   /* the token is the user's */
}

void
rd_token_source_set_api_key_header (RdTokenSource *self,
                                    const char    *header)
{
  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  replace (&self->api_key_header, header);
}

void
rd_token_source_set_api_key_file (RdTokenSource *self,
                                  const char    *path)
{
  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  replace (&self->api_key_file, path);
}

void
rd_token_source_set_api_key (RdTokenSource *self,
                             const char    *key)
{
  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  g_clear_pointer (&self->api_key, rd_api_key_wipe);
  self->api_key = g_strdup (key);
}

void
rd_token_source_set_timeout (RdTokenSource *self,
                             guint          seconds)
{
  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  soup_session_set_timeout (self->soup, seconds);
}

/* A copy of the token in hand (wipe it after use), or NULL. */
char *
rd_token_source_dup_current (RdTokenSource *self)
{
  g_return_val_if_fail (RD_IS_TOKEN_SOURCE (self), NULL);

  return self->token != NULL && g_get_real_time () < self->token->expires_at
           ? g_strdup (self->token->value) : NULL;
}

void
rd_token_source_set_retry_delay (RdTokenSource *self,
                                 guint          ms)
{
  g_return_if_fail (RD_IS_TOKEN_SOURCE (self));

  self->retry_ms = ms;
}

guint
rd_token_source_get_n_requests (RdTokenSource *self)
{
  g_return_val_if_fail (RD_IS_TOKEN_SOURCE (self), 0);

  return self->n_requests;
}

RdTokenSource *
rd_token_source_new (RdProfile  *profile,
                     const char *token_url)
{
  RdTokenSource *self = g_object_new (RD_TYPE_TOKEN_SOURCE, NULL);

  self->profile = rd_profile_ref (profile);
  self->token_url = g_strdup (token_url);
  return self;
}

static void
rd_token_source_dispose (GObject *object)
{
  RdTokenSource *self = RD_TOKEN_SOURCE (object);
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                                 _("The token source was closed"));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->waiting != NULL && self->waiting->len > 0)
    return_to_waiting (self, error);
  G_OBJECT_CLASS (rd_token_source_parent_class)->dispose (object);
}

static void
rd_token_source_finalize (GObject *object)
{
  RdTokenSource *self = RD_TOKEN_SOURCE (object);

  g_clear_pointer (&self->profile, rd_profile_unref);
  g_clear_pointer (&self->token, rd_token_free);
  g_clear_pointer (&self->api_key, rd_api_key_wipe);
  g_clear_pointer (&self->waiting, g_ptr_array_unref);
  g_clear_object (&self->soup);
  g_free (self->token_url);
  g_free (self->api_key_header);
  g_free (self->api_key_file);
  g_free (self->user_email);
  g_free (self->first_name);
  g_free (self->last_name);
  G_OBJECT_CLASS (rd_token_source_parent_class)->finalize (object);
}

static void
rd_token_source_class_init (RdTokenSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = rd_token_source_dispose;
  object_class->finalize = rd_token_source_finalize;

  /* a refresh of our own brought a new token (rd_token_source_dup_current) */
  signals[REFRESHED] =
    g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
rd_token_source_init (RdTokenSource *self)
{
  g_autofree char *user_agent = g_strdup_printf ("ReportDock/%s", PACKAGE_VERSION);

  self->soup = soup_session_new_with_options ("timeout", 20, "user-agent", user_agent, NULL);
  self->waiting = g_ptr_array_new_with_free_func (g_object_unref);
  self->retry_ms = 5000;
}

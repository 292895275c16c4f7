/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-setup"

#include "config.h"

#include "rd-api-key.h"
#include "rd-settings-keys.h"
#include "rd-connection-test.h"
#include "rd-controller-factory.h"
#include "rd-iframe-controller.h"
#include "rd-web-session.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

/* "Test Connection": the same controller a start builds, from the
 * settings as typed (not yet saved), run until it proves the vendor
 * answers or says which step failed. For a postMessage vendor that is the
 * whole sign-in: token, vendor page, app_ready, sign_in_successful. The
 * steps the network answers at once — the token request, the vendor page's
 * own answer — are asked beside the page and end the test as soon as one
 * fails, naming that step; only a page that loads and stays silent is
 * waited for. A per-study-link vendor (MD.ai, Avara) is proven as far as
 * it can be without opening a study: its settings, its API key, its API
 * address answering over TLS. Emits "finished" once. */

struct _RdConnectionTest
{
  GObject             parent_instance;

  RdProfile          *profile;
  GSettings          *settings;
  RdHostServer       *host;
  RdReportController *controller;
  SoupSession        *soup;
  GCancellable       *cancellable;
  gboolean            done;
  gboolean            ok;
  char               *message;
};

G_DEFINE_FINAL_TYPE (RdConnectionTest, rd_connection_test, G_TYPE_OBJECT)

enum { FINISHED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
finish (RdConnectionTest *self,
        gboolean          ok,
        const char       *message)
{
  if (self->done)
    return;
  self->done = TRUE;
  self->ok = ok;
  self->message = g_strdup (message);
  g_cancellable_cancel (self->cancellable);
  g_info ("connection test %s: %s", ok ? "passed" : "failed", message);
  g_signal_emit (self, signals[FINISHED], 0, ok, message);
}

static void
on_status (RdConnectionTest *self)
{
  RdSessionState state = rd_report_controller_get_state (self->controller);
  const char *reason = rd_report_controller_get_reason (self->controller);

  if (state == RD_SESSION_STATE_SIGNED_IN)
    {
      const char *user = rd_report_controller_get_user_name (self->controller);
      g_autofree char *text = user && user[0]
        ? g_strdup_printf (_("Connected: the reporting app answered and signed in as %s."), user)
        : g_strdup (_("Connected: the reporting app answered and signed in."));

      finish (self, TRUE, text);
    }
  else if (state == RD_SESSION_STATE_AUTH_FAILED || state == RD_SESSION_STATE_VENDOR_UNREACHABLE)
    finish (self, FALSE, reason ? reason : rd_session_state_to_string (state));
}

/* Only the status line matters: the body is not read, whatever its size. */
static void
on_api_answered (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdConnectionTest) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  g_autofree char *text = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    text = g_strdup_printf (_("The API address did not answer: %s. Check api-base-url and the network."),
                            error->message);
  else
    {
      text = g_strdup_printf (_("The API key was read and the API address answered (HTTP %u). A report opens "
                                "when the worklist sends a study."),
                              soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source),
                                                                                               result)));
      g_input_stream_close (body, NULL, NULL);
    }
  finish (self, body != NULL, text);
}

static void
on_key_loaded (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RdConnectionTest) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = rd_api_key_load_finish (result, &error);
  g_autofree char *url = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  if (self->done)
    return;
  if (key == NULL)
    {
      finish (self, FALSE, error->message);
      return;
    }
  rd_api_key_wipe (g_steal_pointer (&key));
  /* reachability and TLS only: the key goes nowhere until a real request */
  url = g_settings_get_string (self->settings, RD_KEY_API_BASE_URL);
  msg = soup_message_new ("GET", url);
  if (msg == NULL)
    {
      finish (self, FALSE, _("api-base-url is not a usable address"));
      return;
    }
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  soup_session_send_async (self->soup, msg, G_PRIORITY_DEFAULT, self->cancellable, on_api_answered,
                                    g_object_ref (self));
}

/* The token request, shared with the controller's own (the token source
 * asks once): a refusal is known long before the page would ask. */
static void
on_token_checked (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(RdConnectionTest) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = rd_token_source_get_finish (RD_TOKEN_SOURCE (source), result, &error);

  if (token != NULL)
    {
      g_info ("connection test: the token request succeeded");
      rd_api_key_wipe (g_steal_pointer (&token));
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    finish (self, FALSE, error->message);
}

/* The vendor page's own answer, read apart from the web view (which does
 * not tell of a frame that cannot load): an address that does not answer
 * or answers with an error ends the test at once. */
static void
on_page_checked (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(RdConnectionTest) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) body = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  guint status;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (body == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The reporting app's address cannot be reached (%s); check "
                                                 "vendor-url and the network"), error->message);

      finish (self, FALSE, text);
      return;
    }
  status = soup_message_get_status (soup_session_get_async_result_message (SOUP_SESSION (source), result));
  g_input_stream_close (body, NULL, NULL);
  g_info ("connection test: the reporting app's address answered HTTP %u", status);
  if (status >= 400)
    {
      g_autofree char *text = g_strdup_printf (_("The reporting app's address answered HTTP %u; check vendor-url, "
                                                 "then reload"), status);

      finish (self, FALSE, text);
    }
}

static void
check_answers_at_once (RdConnectionTest *self)
{
  g_autofree char *vendor_url = g_settings_get_string (self->settings, RD_KEY_VENDOR_URL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", vendor_url);

  rd_token_source_get_async (rd_iframe_controller_get_tokens (RD_IFRAME_CONTROLLER (self->controller)), FALSE,
                             self->cancellable, on_token_checked, g_object_ref (self));
  if (msg != NULL)
    soup_session_send_async (self->soup, msg, G_PRIORITY_DEFAULT, self->cancellable, on_page_checked,
                             g_object_ref (self));
}

void
rd_connection_test_run (RdConnectionTest *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(WebKitNetworkSession) session = rd_web_session_new ("setup", TRUE, TRUE);
  g_autofree char *site = NULL;

  g_return_if_fail (RD_IS_CONNECTION_TEST (self));
  site = g_settings_get_string (self->settings, RD_KEY_DEFAULT_SITE_ID);

  g_return_if_fail (self->controller == NULL);
  self->controller = rd_controller_factory_build (self->profile, self->settings, NULL, session, site,
                                                  &self->host, &error);
  if (self->controller == NULL)
    {
      finish (self, FALSE, error->message);
      return;
    }
  if (g_str_equal (rd_profile_get_kind (self->profile), "iframe"))
    {
      g_signal_connect_object (self->controller, "notify::state", G_CALLBACK (on_status), self,
                               G_CONNECT_SWAPPED);
      rd_report_controller_start (self->controller);
      check_answers_at_once (self);
    }
  else
    {
      g_autofree char *key_file = g_settings_get_string (self->settings, RD_KEY_API_KEY_FILE);

      rd_api_key_load_async (key_file, rd_profile_get_name (self->profile), self->cancellable, on_key_loaded,
                             g_object_ref (self));
    }
}

/* the vendor page as it loads, for the assistant to show (postMessage vendors) */
GtkWidget *
rd_connection_test_get_widget (RdConnectionTest *self)
{
  g_return_val_if_fail (RD_IS_CONNECTION_TEST (self), NULL);

  if (self->controller == NULL || !g_str_equal (rd_profile_get_kind (self->profile), "iframe"))
    return NULL;
  return rd_report_controller_get_widget (self->controller);
}

gboolean
rd_connection_test_is_done (RdConnectionTest *self)
{
  g_return_val_if_fail (RD_IS_CONNECTION_TEST (self), FALSE);

  return self->done;
}

gboolean
rd_connection_test_succeeded (RdConnectionTest *self)
{
  g_return_val_if_fail (RD_IS_CONNECTION_TEST (self), FALSE);

  return self->ok;
}

const char *
rd_connection_test_get_message (RdConnectionTest *self)
{
  g_return_val_if_fail (RD_IS_CONNECTION_TEST (self), NULL);

  return self->message;
}

RdConnectionTest *
rd_connection_test_new (RdProfile *profile,
                        GSettings *settings)
{
  RdConnectionTest *self = g_object_new (RD_TYPE_CONNECTION_TEST, NULL);

  self->profile = rd_profile_ref (profile);
  self->settings = g_object_ref (settings);
  return self;
}

static void
rd_connection_test_dispose (GObject *object)
{
  RdConnectionTest *self = RD_CONNECTION_TEST (object);

  g_cancellable_cancel (self->cancellable);
  if (self->controller != NULL)
    g_signal_handlers_disconnect_by_data (self->controller, self);
  g_clear_object (&self->controller);
  g_clear_object (&self->host);
  g_clear_object (&self->soup);
  G_OBJECT_CLASS (rd_connection_test_parent_class)->dispose (object);
}

static void
rd_connection_test_finalize (GObject *object)
{
  RdConnectionTest *self = RD_CONNECTION_TEST (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->profile, rd_profile_unref);
  g_free (self->message);
  G_OBJECT_CLASS (rd_connection_test_parent_class)->finalize (object);
}

static void
rd_connection_test_class_init (RdConnectionTestClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = rd_connection_test_dispose;
  G_OBJECT_CLASS (klass)->finalize = rd_connection_test_finalize;
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
}

static void
rd_connection_test_init (RdConnectionTest *self)
{
  self->cancellable = g_cancellable_new ();
  self->soup = soup_session_new_with_options ("timeout", 15, NULL);
}

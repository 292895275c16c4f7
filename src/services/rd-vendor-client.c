/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-vendor-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-vendor-client.h"
#include "rd-api-key.h"
#include "rd-error.h"

#include <libsoup/soup.h>
#include <string.h>

typedef enum {
  VENDOR_MDAI,
  VENDOR_AVARA,
} Vendor;

struct _RdVendorClient
{
  GObject         parent_instance;

  Vendor          vendor;
  RdVendorConfig  config;
  SoupSession    *soup;
  GHashTable     *study_ids;     /* study instance UID → stu_… (Avara knows it) */
  guint           retry_delay_ms;
};

G_DEFINE_FINAL_TYPE (RdVendorClient, rd_vendor_client, G_TYPE_OBJECT)

/* One open: the key, then one (MD.ai) or two (Avara) requests. */
typedef struct {
  RdStudy  *study;
  char     *key;
  char     *path;
  JsonNode *body;
  guint     attempt;
  guint     retry_source;
  gboolean  creating;      /* Avara: creating the study, not asking for its URL */
} Open;

static void
open_free (Open *o)
{
  rd_study_free (o->study);
  if (o->key != NULL)
    rd_api_key_wipe (o->key);
  g_free (o->path);
  g_clear_pointer (&o->body, json_node_unref);
  g_clear_handle_id (&o->retry_source, g_source_remove);
  g_free (o);
}

static const char *
vendor_name (RdVendorClient *self)
{
  return self->vendor == VENDOR_MDAI ? "MD.ai" : "Avara";
}

static void send_request (GTask *task);

static gboolean
on_retry_due (gpointer user_data)
{
  GTask *task = user_data;
  Open *o = g_task_get_task_data (task);

  o->retry_source = 0;
  send_request (task);
  return G_SOURCE_REMOVE;
}

static void avara_next (GTask *task, const char *body, gsize length);

static void
on_response (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdVendorClient *self = g_task_get_source_object (task);
  Open *o = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  guint status = bytes != NULL ? soup_message_get_status (msg) : 0;
  const char *body = bytes ? g_bytes_get_data (bytes, NULL) : NULL;
  gsize length = bytes ? g_bytes_get_size (bytes) : 0;
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (status >= 200 && status < 300)
    {
      if (self->vendor == VENDOR_AVARA)
        avara_next (g_steal_pointer (&task), body, length);
      else
        {
          RdVendorLink *link = rd_mdai_parse_launch (body, length, &error);

          if (link != NULL)
            g_task_return_pointer (task, link, (GDestroyNotify) rd_vendor_link_free);
          else
            g_task_return_error (task, g_steal_pointer (&error));
        }
      return;
    }
  if (rd_vendor_should_retry (status) && o->attempt < RD_VENDOR_RETRIES)
    {
      /* 1×, then 2× the delay: a vendor that is restarting gets a moment */
      o->attempt++;
      g_info ("%s answered %u; trying again (%u of %u)", vendor_name (self), status, o->attempt, RD_VENDOR_RETRIES);
      o->retry_source = g_timeout_add (self->retry_delay_ms * o->attempt, on_retry_due, g_steal_pointer (&task));
      return;
    }
  message = rd_vendor_error_message (vendor_name (self), status, body, length);
  if (status == 0 && error != NULL)
    g_info ("%s: %s", vendor_name (self), error->message);
  g_task_return_new_error (task, RD_ERROR,
                           status == 401 || status == 403 ? RD_ERROR_KEY_REJECTED
                           : status == 0 || status >= 500 || status == 429 || status == 408
                             ? RD_ERROR_VENDOR_UNREACHABLE
                             : RD_ERROR_MALFORMED_RESPONSE,
                           "%s", message);
}

static void
send_request (GTask *task)
{
  RdVendorClient *self = g_task_get_source_object (task);
  Open *o = g_task_get_task_data (task);
  g_autofree char *url = g_strconcat (self->config.api_base_url, o->path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autofree char *json = json_to_string (o->body, FALSE);
  gsize length;

  if (msg == NULL)
    {
      g_task_return_new_error (task, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                               _("api-base-url “%s” is not a URL"), self->config.api_base_url);
      g_object_unref (task);
      return;
    }
  /* a redirect is an error (rd_vendor_error_message): the key stays here */
  soup_message_add_flags (msg, SOUP_MESSAGE_NO_REDIRECT);
  if (self->vendor == VENDOR_MDAI)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "x-access-token", o->key);
  else
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", o->key, NULL);

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
      memset (bearer, 0, strlen (bearer));
    }
  length = strlen (json);
  soup_message_set_request_body_from_bytes (msg, "application/json", g_bytes_new_take (g_steal_pointer (&json), length));
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                    on_response, task);
}

static void
start (GTask      *task,
       const char *path,
       JsonNode   *body)
{
  Open *o = g_task_get_task_data (task);

  g_free (o->path);
  o->path = g_strdup (path);
  g_clear_pointer (&o->body, json_node_unref);
  o->body = body;
  o->attempt = 0;
  send_request (task);
}

static void
ask_reroute (GTask      *task,
             const char *study_id)
{
  RdVendorClient *self = g_task_get_source_object (task);
  Open *o = g_task_get_task_data (task);

  o->creating = FALSE;
  start (task, "/v1/autoScribe/studies/reroute-url",
         rd_avara_reroute_request (self->config.user_id, study_id));
}

/* After a 2xx from Avara: the study's id (then ask for its URL), or the URL. */
static void
avara_next (GTask        *task,
            const char   *body,
            gsize         length)
{
  RdVendorClient *self = g_task_get_source_object (task);
  Open *o = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (o->creating)
    {
      g_autofree char *id = rd_avara_parse_study_id (body, length, &error);

      if (id == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          g_object_unref (task);
          return;
        }
      g_hash_table_replace (self->study_ids, g_strdup (rd_study_get_study_uid (o->study)), g_strdup (id));
      ask_reroute (task, id);
    }
  else
    {
      RdVendorLink *link = rd_avara_parse_reroute (body, length, &error);

      if (link != NULL)
        g_task_return_pointer (task, link, (GDestroyNotify) rd_vendor_link_free);
      else
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
    }
}

/* The settings a request body needs, as core/rd-vendor-link.c takes them. */
static RdVendorUser
vendor_user (RdVendorClient *self)
{
  RdVendorUser user = {
    .name = self->config.user_name,
    .email = self->config.user_email,
    .language = self->config.language,
    .default_site_id = self->config.default_site_id,
    .return_format = self->config.return_format,
    .facility_name = self->config.facility_name,
    .lazy_launch = self->config.lazy_launch,
    .qr_code_size = self->config.qr_code_size,
    .qr_code_mode = self->config.qr_code_mode,
  };

  return user;
}

static void
on_key (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RdVendorClient *self = g_task_get_source_object (task);
  Open *o = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *known;
  JsonNode *body;
  RdVendorUser user;

  if (o->key == NULL)
    o->key = rd_api_key_load_finish (result, &error);
  if (o->key == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  user = vendor_user (self);
  if (self->vendor == VENDOR_MDAI)
    {
      body = rd_mdai_launch_request (self->config.profile, o->study, &user, o->key, &error);
      if (body == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        start (g_steal_pointer (&task), "/api/report/launch/clinical", body);
      return;
    }
  /* Avara: the study is created once; after that only a fresh URL is asked for */
  known = g_hash_table_lookup (self->study_ids, rd_study_get_study_uid (o->study));
  if (known != NULL)
    {
      ask_reroute (g_steal_pointer (&task), known);
      return;
    }
  body = rd_avara_study_request (self->config.profile, o->study, &user, &error);
  if (body == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  o->creating = TRUE;
  start (g_steal_pointer (&task), "/v1/autoScribe/studies", body);
}

void
rd_vendor_client_open_async (RdVendorClient      *self,
                             const RdStudy       *study,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  Open *o = g_new0 (Open, 1);

  g_return_if_fail (RD_IS_VENDOR_CLIENT (self));

  o->study = rd_study_copy (study);
  g_task_set_task_data (task, o, (GDestroyNotify) open_free);
  g_task_set_source_tag (task, rd_vendor_client_open_async);
  if (self->vendor == VENDOR_AVARA && rd_study_get_study_uid (study) == NULL)
    {
      g_task_return_new_error (task, RD_ERROR, RD_ERROR_INVALID_ARGUMENT,
                               _("the avara profile needs the study instance UID (--study-uid or study_uid=)"));
      return;
    }
  if (self->config.api_key != NULL)
    {
      o->key = g_strdup (self->config.api_key);
      on_key (NULL, NULL, g_steal_pointer (&task));
      return;
    }
  rd_api_key_load_async (self->config.api_key_file, self->config.profile_name, cancellable, on_key,
                         g_steal_pointer (&task));
}

RdVendorLink *
rd_vendor_client_open_finish (RdVendorClient  *self,
                              GAsyncResult    *result,
                              GError         **error)
{
  g_return_val_if_fail (RD_IS_VENDOR_CLIENT (self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

const char *
rd_vendor_client_get_name (RdVendorClient *self)
{
  g_return_val_if_fail (RD_IS_VENDOR_CLIENT (self), NULL);

  return vendor_name (self);
}

void
rd_vendor_client_set_retry_delay (RdVendorClient *self,
                                  guint           ms)
{
  g_return_if_fail (RD_IS_VENDOR_CLIENT (self));

  self->retry_delay_ms = ms;
}

void
rd_vendor_config_clear (RdVendorConfig *config)
{
  g_free (config->api_base_url);
  g_free (config->api_key_file);
  if (config->api_key != NULL)
    rd_api_key_wipe (g_steal_pointer (&config->api_key));
  g_free (config->profile_name);
  g_free (config->user_name);
  g_free (config->user_email);
  g_free (config->language);
  g_free (config->default_site_id);
  g_free (config->user_id);
  g_free (config->return_format);
  g_free (config->facility_name);
  g_free (config->qr_code_size);
  g_free (config->qr_code_mode);
  g_clear_pointer (&config->profile, rd_profile_unref);
  memset (config, 0, sizeof *config);
}

static void
rd_vendor_client_finalize (GObject *object)
{
  RdVendorClient *self = RD_VENDOR_CLIENT (object);

  rd_vendor_config_clear (&self->config);
  g_clear_object (&self->soup);
  g_hash_table_unref (self->study_ids);
  G_OBJECT_CLASS (rd_vendor_client_parent_class)->finalize (object);
}

static void
rd_vendor_client_class_init (RdVendorClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_vendor_client_finalize;
}

static void
rd_vendor_client_init (RdVendorClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("ReportDock/%s", PACKAGE_VERSION);

  self->study_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->soup = soup_session_new_with_options ("timeout", 15, "user-agent", user_agent, NULL);
  self->retry_delay_ms = 500;
}

/* Checks what can be checked before the first study. */
RdVendorClient *
rd_vendor_client_new (const char           *kind,
                      const RdVendorConfig *config,
                      GError              **error)
{
  g_autoptr(RdVendorClient) self = g_object_new (RD_TYPE_VENDOR_CLIENT, NULL);
  g_autoptr(GUri) base = NULL;

  if (g_strcmp0 (kind, "launch-link") == 0)
    self->vendor = VENDOR_MDAI;
  else if (g_strcmp0 (kind, "reroute-url") == 0)
    self->vendor = VENDOR_AVARA;
  else
    {
      g_set_error (error, RD_ERROR, RD_ERROR_INVALID_PROFILE, _("no vendor client for profiles of kind %s"), kind);
      return NULL;
    }
  base = config->api_base_url ? g_uri_parse (config->api_base_url, G_URI_FLAGS_NONE, NULL) : NULL;
  if (base == NULL || !rd_vendor_url_is_acceptable (config->api_base_url))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("api-base-url “%s” is not an https:// address; set it with: gsettings set "
                   "io.github.reportdock.ReportDock api-base-url https://…"),
                   config->api_base_url ? config->api_base_url : "");
      return NULL;
    }
  if (self->vendor == VENDOR_AVARA && !rd_avara_is_user_id (config->user_id))
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED,
                   _("vendor-user-id “%s” is not an Avara user id (usr_…)"), config->user_id ? config->user_id : "");
      return NULL;
    }
  self->config.api_base_url = g_strdup (config->api_base_url);
  /* no trailing slash: paths start with one */
  while (g_str_has_suffix (self->config.api_base_url, "/"))
    self->config.api_base_url[strlen (self->config.api_base_url) - 1] = '\0';
  self->config.api_key_file = g_strdup (config->api_key_file);
  self->config.api_key = g_strdup (config->api_key);
  self->config.profile_name = g_strdup (config->profile_name);
  self->config.user_name = g_strdup (config->user_name);
  self->config.user_email = g_strdup (config->user_email);
  self->config.language = g_strdup (config->language);
  self->config.default_site_id = g_strdup (config->default_site_id);
  self->config.user_id = g_strdup (config->user_id);
  self->config.return_format = g_strdup (config->return_format);
  self->config.facility_name = g_strdup (config->facility_name);
  self->config.lazy_launch = config->lazy_launch;
  self->config.qr_code_size = g_strdup (config->qr_code_size);
  self->config.qr_code_mode = g_strdup (config->qr_code_mode);
  self->config.profile = config->profile ? rd_profile_ref (config->profile) : NULL;
  return g_steal_pointer (&self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The demo service's recording upload (POST /api/recording), as the demo
 * reporting page sends a dictation: malformed uploads are refused with a
 * reason, and what was refused never replaces the last good recording. */
#include "config.h"

#include "rd-demo-service.h"

#include <libsoup/soup.h>
#include <string.h>

static RdDemoService *demo;
static SoupSession *session;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  *(GBytes **) user_data = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static guint
upload (const char *query,
        const char *type,
        const void *body,
        gsize       size)
{
  g_autofree char *url = g_strdup_printf ("%s/api/recording%s%s", rd_demo_service_get_base_url (demo),
                                          query ? "?" : "", query ? query : "");
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) bytes = g_bytes_new (body, size);
  g_autoptr(GBytes) answer = NULL;

  if (type != NULL)
    soup_message_set_request_body_from_bytes (msg, type, bytes);
  else if (size > 0)
    soup_message_set_request_body_from_bytes (msg, NULL, bytes);
  /* the service answers on this thread's main context: wait on it */
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &answer);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);
  return soup_message_get_status (msg);
}

static void
test_refused (void)
{
  static const char audio[] = "\x00\x00\x00\x18" "ftypM4A ";
  g_autofree char *big = g_malloc0 (16 * 1024 * 1024 + 1);
  guint n = 0;

  g_assert_cmpuint (upload ("input=Mic&heard_hz=880", "audio/mp4", "", 0), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=Mic&heard_hz=880", "text/plain", audio, sizeof audio), ==,
                    SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=Mic&heard_hz=880", NULL, audio, sizeof audio), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("heard_hz=880", "audio/mp4", audio, sizeof audio), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=Mic&heard_hz=loud", "audio/mp4", audio, sizeof audio), ==,
                    SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=Mic&heard_hz=-5", "audio/mp4", audio, sizeof audio), ==,
                    SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=Mic&heard_hz=880x", "audio/mp4", audio, sizeof audio), ==,
                    SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=%FF%FE&heard_hz=880", "audio/mp4", audio, sizeof audio), ==,
                    SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload (NULL, "audio/mp4", audio, sizeof audio), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpuint (upload ("input=Mic&heard_hz=880", "audio/mp4", big, 16 * 1024 * 1024 + 1), ==,
                    SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  g_assert_null (rd_demo_service_get_recording (demo, &n));
  g_assert_cmpuint (n, ==, 0);
}

static void
test_kept (void)
{
  static const char audio[] = "\x00\x00\x00\x18" "ftypM4A ";
  const RdDemoRecording *r;
  guint n = 0;

  g_assert_cmpuint (upload ("input=SpeechMike%20III%20Audio&heard_hz=880&formats=audio%2Fmp4",
                            "audio/mp4; codecs=mp4a", audio, sizeof audio), ==, SOUP_STATUS_NO_CONTENT);
  /* a bad one after it leaves it as it was */
  g_assert_cmpuint (upload ("input=Other&heard_hz=x", "audio/mp4", audio, sizeof audio), ==,
                    SOUP_STATUS_BAD_REQUEST);
  r = rd_demo_service_get_recording (demo, &n);
  g_assert_nonnull (r);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (r->input, ==, "SpeechMike III Audio");
  g_assert_cmpstr (r->type, ==, "audio/mp4");
  g_assert_cmpfloat (r->heard_hz, ==, 880);
  g_assert_cmpstr (r->formats, ==, "audio/mp4");
  g_assert_cmpmem (g_bytes_get_data (r->audio, NULL), g_bytes_get_size (r->audio), audio, sizeof audio);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  demo = rd_demo_service_new (&error);
  g_assert_no_error (error);
  session = soup_session_new ();
  g_test_add_func ("/demo-recording/refused", test_refused);
  g_test_add_func ("/demo-recording/kept", test_kept);
  status = g_test_run ();
  g_object_unref (session);
  g_object_unref (demo);
  return status;
}

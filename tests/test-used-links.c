/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-used-links.h"
#include "rd-error.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

/* Used signed links survive a restart (issue 25.6) until their window has
 * passed; the file holds hashes only, mode 600. */
static void
test_restart (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-links-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "state", "used-links", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  RdUsedLinks *links = rd_used_links_open (path);
  struct stat st;

  g_assert_true (rd_used_links_check_and_add (links, "ts=1:sig=AAA", 1000, 1240, &error));
  g_assert_no_error (error);
  g_assert_false (rd_used_links_check_and_add (links, "ts=1:sig=AAA", 1013, 1253, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  rd_used_links_free (links);

  /* the app restarted, 13 s later: the link still counts as used */
  links = rd_used_links_open (path);
  g_assert_cmpuint (rd_used_links_get_n (links), ==, 1);
  g_assert_false (rd_used_links_check_and_add (links, "ts=1:sig=AAA", 1013, 1253, &error));
  g_assert_error (error, RD_ERROR, RD_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_true (rd_used_links_check_and_add (links, "ts=2:sig=BBB", 1014, 1254, NULL));

  /* on disk: hashes and times only, for the user alone */
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_null (strstr (text, "AAA"));
  g_assert_null (strstr (text, "sig"));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* past its window it is forgotten (and the link is refused as too old by
   * its signature check anyway) */
  g_assert_true (rd_used_links_check_and_add (links, "ts=1:sig=AAA", 1300, 1540, NULL));
  g_assert_cmpuint (rd_used_links_get_n (links), ==, 1);
  rd_used_links_free (links);
  g_unlink (path);
}

/* A damaged line is skipped; the rest holds. */
static void
test_damaged_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-links-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "used-links", NULL);
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "K", -1);
  g_autofree char *text = g_strdup_printf ("garbage\n9999999999 short\n\n9999999999 %s\nx %s\n", hash, hash);
  g_autoptr(RdUsedLinks) links = NULL;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  links = rd_used_links_open (path);
  g_assert_cmpuint (rd_used_links_get_n (links), ==, 1);
  g_assert_false (rd_used_links_check_and_add (links, "K", 1000, 1240, NULL));
}

/* Nothing can be written: the link is refused (it could work again after a
 * restart), and is not taken for used. */
static void
test_cannot_write (void)
{
  g_autofree char *dir = g_dir_make_tmp ("rd-links-XXXXXX", NULL);
  g_autofree char *blocker = g_build_filename (dir, "not-a-dir", NULL);
  g_autofree char *path = g_build_filename (blocker, "used-links", NULL);
  g_autoptr(RdUsedLinks) links = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (blocker, "", -1, NULL));
  g_test_expect_message ("reportdock-used-links", G_LOG_LEVEL_WARNING, "used links could not be read*");
  links = rd_used_links_open (path);
  g_test_assert_expected_messages ();
  g_test_expect_message ("reportdock-used-links", G_LOG_LEVEL_WARNING, "a used link could not be written down*");
  g_assert_false (rd_used_links_check_and_add (links, "K", 1000, 1240, &error));
  g_test_assert_expected_messages ();
  g_assert_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED);
  g_assert_nonnull (strstr (error->message, "could not be recorded"));
  g_assert_cmpuint (rd_used_links_get_n (links), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/used-links/restart", test_restart);
  g_test_add_func ("/used-links/damaged-file", test_damaged_file);
  g_test_add_func ("/used-links/cannot-write", test_cannot_write);
  return g_test_run ();
}

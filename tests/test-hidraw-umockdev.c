/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The real hidapi hidraw backend (through ReportDock's seam) against a
 * SpeechMike faked by umockdev: enumeration with usage page and usage from
 * the report descriptor, open, an LED write, a blocking read of a scripted
 * button report. Runs under umockdev-wrapper (LD_PRELOAD). */
#include "config.h"

#include "rd-hid.h"
#include "rd-buttons.h"
#include "wait-for.h"

#include <errno.h>
#include <linux/hidraw.h>
#include <string.h>
#include <sys/ioctl.h>
#include <umockdev.h>

/* docs/devices.md §2.3: the SpeechMike's vendor collection, 9-byte reports */
static const guint8 descriptor[] = {
  0x06, 0xa0, 0xff, 0x09, 0x01, 0xa1, 0x01, 0x09, 0x02, 0xa1, 0x00, 0x06, 0xa1, 0xff, 0x09, 0x03,
  0x09, 0x04, 0x15, 0x80, 0x25, 0x7f, 0x35, 0x00, 0x45, 0xff, 0x75, 0x08, 0x95, 0x09, 0x81, 0x02,
  0x09, 0x05, 0x09, 0x06, 0x15, 0x80, 0x25, 0x7f, 0x35, 0x00, 0x45, 0xff, 0x75, 0x08, 0x95, 0x09,
  0x91, 0x02, 0xc0, 0xc0,
};
static const guint8 record_pressed[9] = { 0x80, 0, 0, 0, 0, 0, 0, 0x00, 0x01 };

static UMockdevTestbed *testbed;
static GString *written;   /* what the device received */

static gboolean
on_ioctl (UMockdevIoctlBase   *handler,
          UMockdevIoctlClient *client,
          gpointer             user_data)
{
  gulong request = umockdev_ioctl_client_get_request (client);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(GError) error = NULL;

  if (request == HIDIOCGRDESCSIZE)
    {
      g_autoptr(UMockdevIoctlData) size = umockdev_ioctl_data_resolve (arg, 0, sizeof (int), &error);
      int n = sizeof descriptor;

      g_assert_no_error (error);
      umockdev_ioctl_data_update (size, 0, (guint8 *) &n, sizeof n);
      umockdev_ioctl_client_complete (client, 0, 0);
    }
  else if (request == HIDIOCGRDESC)
    {
      g_autoptr(UMockdevIoctlData) desc =
        umockdev_ioctl_data_resolve (arg, 0, sizeof (struct hidraw_report_descriptor), &error);

      g_assert_no_error (error);
      umockdev_ioctl_data_update (desc, G_STRUCT_OFFSET (struct hidraw_report_descriptor, value),
                                  (guint8 *) descriptor, sizeof descriptor);
      umockdev_ioctl_client_complete (client, 0, 0);
    }
  else
    umockdev_ioctl_client_complete (client, -1, ENOTTY);
  return TRUE;
}

static gboolean
on_read (UMockdevIoctlBase   *handler,
         UMockdevIoctlClient *client,
         gpointer             user_data)
{
  UMockdevIoctlData *buffer = umockdev_ioctl_client_get_arg (client);
  gsize n = MIN ((gsize) buffer->data_len, sizeof record_pressed);

  umockdev_ioctl_data_update (buffer, 0, (guint8 *) record_pressed, (int) n);
  umockdev_ioctl_client_complete (client, (glong) n, 0);
  return TRUE;
}

static gboolean
on_write (UMockdevIoctlBase   *handler,
          UMockdevIoctlClient *client,
          gpointer             user_data)
{
  UMockdevIoctlData *data = umockdev_ioctl_client_get_arg (client);

  for (int i = 0; i < data->data_len; i++)
    g_string_append_printf (written, "%s%02x", i ? " " : "", data->data[i]);
  umockdev_ioctl_client_complete (client, data->data_len, 0);
  return TRUE;
}

static void
add_speechmike (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UMockdevIoctlBase) handler = g_object_new (UMOCKDEV_TYPE_IOCTL_BASE, NULL);
  /* in umockdev-record's format: the hidraw node, then its parents (the CLI
   * test uses the same file with umockdev-run) */
  g_autofree char *description = g_build_filename (g_getenv ("G_TEST_SRCDIR"), "data",
                                                   "speechmike-hid.umockdev", NULL);

  g_assert_true (umockdev_testbed_add_from_file (testbed, description, &error));
  g_assert_no_error (error);

  g_signal_connect (handler, "handle-ioctl", G_CALLBACK (on_ioctl), NULL);
  g_signal_connect (handler, "handle-read", G_CALLBACK (on_read), NULL);
  g_signal_connect (handler, "handle-write", G_CALLBACK (on_write), NULL);
  g_assert_true (umockdev_testbed_attach_ioctl (testbed, "/dev/hidraw0", handler, &error));
  g_assert_no_error (error);
}

static void
test_enumerate (void)
{
  const RdHidBackend *hid = rd_hid_backend_hidapi ();
  g_autoptr(GPtrArray) found = hid->enumerate (hid->data);
  RdHidInfo *vendor = NULL;

  /* hidapi lists each top-level usage of the descriptor; the one to open
   * is the vendor collection (docs/devices.md §9) */
  g_assert_cmpuint (found->len, >=, 1);
  for (guint i = 0; i < found->len; i++)
    {
      RdHidInfo *info = g_ptr_array_index (found, i);

      g_test_message ("%s %04x:%04x usage %04x/%04x interface %d", info->path, info->vendor_id,
                      info->product_id, info->usage_page, info->usage, info->interface_number);
      g_assert_cmpstr (info->path, ==, "/dev/hidraw0");
      g_assert_cmpuint (info->vendor_id, ==, 0x0911);
      g_assert_cmpuint (info->product_id, ==, 0x0c1c);
      g_assert_cmpint (info->interface_number, ==, 3);
      if (rd_device_model_find (info->vendor_id, info->product_id, info->usage_page, info->usage))
        {
          g_assert_null (vendor);
          vendor = info;
        }
    }
  g_assert_nonnull (vendor);
  g_assert_cmpuint (vendor->usage_page, ==, 0xffa0);
  g_assert_cmpuint (vendor->usage, ==, 1);
}

typedef struct {
  gboolean done;
  GError  *error;
  int      n_read;
  guint8   report[65];
  int      n_written;
} Io;

/* Off the main thread: the fake device answers from the main loop. */
static gpointer
open_write_read (gpointer user_data)
{
  Io *io = user_data;
  const RdHidBackend *hid = rd_hid_backend_hidapi ();
  gpointer handle = hid->open_path (hid->data, "/dev/hidraw0", &io->error);
  const guint8 led[10] = { 0x00, 0x02, 0, 0, 0, 0, 0, 0x0c, 0, 0 };

  if (handle != NULL)
    {
      io->n_written = hid->write (handle, led, sizeof led);
      io->n_read = hid->read_timeout (handle, io->report, sizeof io->report, -1);
      hid->close (handle);
    }
  g_atomic_int_set (&io->done, TRUE);
  return NULL;
}

static void
test_open_write_read (void)
{
  Io io = { 0 };
  RdReport report;

  g_thread_unref (g_thread_new ("hid-client", open_write_read, &io));
  WAIT_FOR (g_atomic_int_get (&io.done), 20);
  g_assert_no_error (io.error);
  g_assert_cmpint (io.n_written, ==, 10);
  g_assert_cmpstr (written->str, ==, "00 02 00 00 00 00 00 0c 00 00");
  g_assert_cmpint (io.n_read, ==, 9);
  g_assert_cmpint (rd_buttons_decode (RD_FAMILY_SPEECHMIKE, io.report, io.n_read, &report), ==, RD_REPORT_BUTTONS);
  g_assert_cmpuint (report.buttons, ==, RD_BUTTON_RECORD);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  testbed = umockdev_testbed_new ();
  if (!umockdev_in_mock_environment ())
    {
      g_printerr ("test-hidraw-umockdev: run me under umockdev-wrapper\n");
      return 1;
    }
  written = g_string_new (NULL);
  add_speechmike ();
  g_test_add_func ("/hidraw-umockdev/enumerate", test_enumerate);
  g_test_add_func ("/hidraw-umockdev/open-write-read", test_open_write_read);
  return g_test_run ();
}

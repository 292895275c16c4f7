/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-device-model"

#include "config.h"

#include "rd-device-model.h"

#define PHILIPS 0x0911
#define NUANCE  0x0554
#define VENDOR_PAGE 0xffa0

/* docs/devices.md §1: IDs and the collection that carries the buttons. */
static const RdDeviceModel models[] = {
  { "SpeechMike", PHILIPS, 0x0c1c, VENDOR_PAGE, 1, 9, 9,
    RD_FAMILY_SPEECHMIKE, RD_LED_KIND_SPEECHMIKE, TRUE, "HID" },
  { "SpeechMike Premium Air", PHILIPS, 0x0c1d, VENDOR_PAGE, 1, 9, 9,
    RD_FAMILY_SPEECHMIKE, RD_LED_KIND_SPEECHMIKE, TRUE, "HID" },
  { "SpeechOne / SpeechMike Ambient", PHILIPS, 0x0c1e, VENDOR_PAGE, 1, 9, 9,
    RD_FAMILY_SPEECHMIKE, RD_LED_KIND_SPEECHMIKE, TRUE, "HID" },
  /* Browser/Gamepad mode: buttons on the joystick, LEDs and motion on the
   * vendor collection of the same device. */
  { "SpeechMike (Browser mode)", PHILIPS, 0x0fa0, 0x0001, 4, 5, 5,
    RD_FAMILY_GAMEPAD, RD_LED_KIND_NONE, FALSE, "Browser" },
  { "SpeechMike (Browser mode, control)", PHILIPS, 0x0fa0, VENDOR_PAGE, 1, 9, 9,
    RD_FAMILY_SPEECHMIKE_CONTROL, RD_LED_KIND_SPEECHMIKE, TRUE, "Browser" },
  /* the same PID in both modes: in Browser mode the buttons come on the
   * joystick, with PowerMic 4's own table (docs/devices.md §2.10) */
  { "SpeechOne / SpeechMike Ambient (Browser mode)", PHILIPS, 0x0c1e, 0x0001, 4, 5, 5,
    RD_FAMILY_GAMEPAD, RD_LED_KIND_NONE, FALSE, "Browser" },
  { "PowerMic 4 (Browser mode)", NUANCE, 0x0064, 0x0001, 4, 5, 5,
    RD_FAMILY_GAMEPAD_POWERMIC4, RD_LED_KIND_NONE, FALSE, "Browser" },
  { "PowerMic 4", NUANCE, 0x0064, VENDOR_PAGE, 1, 9, 9,
    RD_FAMILY_POWERMIC4, RD_LED_KIND_SPEECHMIKE, FALSE, "HID" },
  { "PowerMic II/III", NUANCE, 0x1001, 0x0001, 0, 3, 3,
    RD_FAMILY_POWERMIC3, RD_LED_KIND_POWERMIC3, FALSE, "HID" },
  { "Philips foot control ACC2310/ACC2320", PHILIPS, 0x1844, 0x0001, 4, 1, 8,
    RD_FAMILY_FOOT_CONTROL, RD_LED_KIND_NONE, FALSE, "HID" },
  { "Philips foot control ACC2330", PHILIPS, 0x091a, 0x0001, 4, 1, 8,
    RD_FAMILY_FOOT_CONTROL, RD_LED_KIND_NONE, FALSE, "HID" },
};

const RdDeviceModel *
rd_device_model_find (guint16 vendor_id,
                      guint16 product_id,
                      guint16 usage_page,
                      guint16 usage)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (models[i].vendor_id == vendor_id && models[i].product_id == product_id &&
        models[i].usage_page == usage_page && models[i].usage == usage)
      return &models[i];
  return NULL;
}

/* For listing: a known device whose other collections we do not open. */
gboolean
rd_device_model_is_known_vendor_product (guint16 vendor_id,
                                         guint16 product_id)
{
  for (guint i = 0; i < G_N_ELEMENTS (models); i++)
    if (models[i].vendor_id == vendor_id && models[i].product_id == product_id)
      return TRUE;
  return FALSE;
}

const RdDeviceModel *
rd_device_models (guint *n_models)
{
  *n_models = G_N_ELEMENTS (models);
  return models;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-hid.h"

G_BEGIN_DECLS

/* A scripted stand-in for hidapi: devices are plugged, pressed, answered,
 * unplugged and broken from the test; every write is recorded. */

typedef struct _HidDouble HidDouble;

HidDouble          *hid_double_new        (void);
void                hid_double_free       (HidDouble    *self);
const RdHidBackend *hid_double_backend    (HidDouble    *self);
void                hid_double_plug       (HidDouble    *self,
                                           const char   *path,
                                           guint16       vendor_id,
                                           guint16       product_id,
                                           guint16       usage_page,
                                           guint16       usage);
void                hid_double_unplug     (HidDouble    *self,
                                           const char   *path);
void                hid_double_vanish_on_open (HidDouble *self,
                                               const char *path);
void                hid_double_refuse_open (HidDouble   *self,
                                           const char   *path);
void                hid_double_send       (HidDouble    *self,
                                           const char   *path,
                                           const guint8 *report,
                                           gsize         length);
void                hid_double_fail_read  (HidDouble    *self,
                                           const char   *path);
void                hid_double_answer     (HidDouble    *self,
                                           const char   *path,
                                           const guint8  answer[9]);
char               *hid_double_take_writes (HidDouble   *self,
                                           const char   *path);
guint               hid_double_n_opens    (HidDouble    *self,
                                           const char   *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HidDouble, hid_double_free)

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "rd-event-study.h"
#include "rd-study.h"

G_BEGIN_DECLS

#define RD_TYPE_MISMATCH_BANNER (rd_mismatch_banner_get_type ())
G_DECLARE_FINAL_TYPE (RdMismatchBanner, rd_mismatch_banner, RD, MISMATCH_BANNER, GtkBox)

void rd_mismatch_banner_show (RdMismatchBanner   *self,
                              const RdStudy      *study,
                              const RdEventStudy *shown,
                              const char         *detail,
                              const char         *default_site_id);
void rd_mismatch_banner_hide (RdMismatchBanner   *self);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest piece of outside text shown in a log line or on screen. */
#define RD_TEXT_SHOWN_MAX 120

/* Text from outside (a link's keys, a vendor's message, a device's name, a
 * D-Bus caller's string) made safe to show: never NULL, valid UTF-8, no
 * control, line-breaking or direction-changing characters (each becomes
 * \u{…}), at most max_chars characters (then "…"). */
char *rd_text_for_display (const char *text,
                           gsize       max_chars);

G_END_DECLS

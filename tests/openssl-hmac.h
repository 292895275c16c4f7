/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

/* HMAC-SHA256 computed by the openssl command, independently of GLib:
 * 32 bytes, or NULL (and the test skipped) when openssl is missing. */
GBytes *openssl_hmac_sha256 (GBytes     *key,
                             const char *text,
                             gsize       length);
char   *hex_of              (GBytes     *bytes);

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define RD_ERROR (rd_error_quark ())

/* Every failure a user or an admin can cause, as something they can act on. */
typedef enum {
  RD_ERROR_INVALID_ARGUMENT,     /* bad launch input: exit status 2 */
  RD_ERROR_INVALID_PROFILE,      /* vendor profile missing or malformed */
  RD_ERROR_NOT_CONFIGURED,       /* a required setting is empty */
  RD_ERROR_NO_API_KEY,           /* no key in the file nor the Secret Service */
  RD_ERROR_INSECURE_FILE,        /* key/secret file readable by others */
  RD_ERROR_KEY_REJECTED,         /* vendor answered 401/403 */
  RD_ERROR_VENDOR_UNREACHABLE,   /* connection failed, timeout, 5xx */
  RD_ERROR_MALFORMED_RESPONSE,   /* vendor answered something we cannot read */
  RD_ERROR_MALFORMED_MESSAGE,    /* iframe message we cannot read */
  RD_ERROR_NOT_SUPPORTED,        /* the vendor's page cannot carry this command */
} RdError;

GQuark rd_error_quark (void);

G_END_DECLS

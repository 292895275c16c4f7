/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the launch parser's files share: argv (rd-launch.c), links
 * (rd-launch-link.c), help (rd-launch-help.c). */

#include "rd-launch.h"

G_BEGIN_DECLS

/* an RD_ERROR_INVALID_ARGUMENT; always FALSE */
gboolean rd_launch_fail (GError     **error,
                         const char  *format,
                         ...) G_GNUC_PRINTF (2, 3);

/* the subcommands, for parsing, help and suggestions */
extern const char * const rd_launch_subcommands[];

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every log message of the process, kept so a test can assert that no
 * secret reached a log line; messages still reach stderr as usual. */
void        log_capture_install (void);
const char *log_capture_text    (void);
void        log_capture_reset   (void);

G_END_DECLS

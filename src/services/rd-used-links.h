/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Signed reportdock:// links already used, kept in a file of the state
 * directory until their window has passed, so that a restart does not make
 * a used link work again. Only a hash of each link's replay key is written
 * (the key is derived from its signature; nothing in it is secret, and the
 * file says nothing about whom a link opened). The running instance is the
 * file's one writer. */

typedef struct _RdUsedLinks RdUsedLinks;

RdUsedLinks *rd_used_links_open          (const char   *path);
void         rd_used_links_free          (RdUsedLinks  *links);
/* TRUE and remembered (on disk before it returns) for a key not seen
 * before; FALSE with error for one used already, or when it could not be
 * written down: a link that might work again after a restart is refused. */
gboolean     rd_used_links_check_and_add (RdUsedLinks  *links,
                                          const char   *key,
                                          gint64        now_s,
                                          gint64        keep_until_s,
                                          GError      **error);
guint        rd_used_links_get_n         (RdUsedLinks  *links);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdUsedLinks, rd_used_links_free)

G_END_DECLS

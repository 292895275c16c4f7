/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "rd-button-tracker.h"

G_BEGIN_DECLS

/* Which action a button does (setting button-map over safe defaults) and
 * how Record behaves (setting record-mode). Pure. */

typedef enum {
  RD_RECORD_MODE_TOGGLE,         /* a press starts, the next press stops */
  RD_RECORD_MODE_PUSH_TO_TALK,   /* recording while the button is held */
} RdRecordMode;

typedef struct _RdKeymap RdKeymap;

gboolean     rd_record_mode_parse      (const char    *text,
                                        RdRecordMode  *mode);

RdKeymap    *rd_keymap_new             (RdRecordMode   mode);
void         rd_keymap_free            (RdKeymap      *self);
gboolean     rd_keymap_apply           (RdKeymap      *self,
                                        GVariant      *overrides,
                                        GError       **error);
const char  *rd_keymap_lookup          (RdKeymap      *self,
                                        RdButton       button,
                                        RdEdge         edge);
const char  *rd_keymap_lookup_motion   (RdKeymap      *self,
                                        RdMotion       motion);
RdButtons    rd_keymap_hold_buttons    (RdKeymap      *self);

/* Actions: "toggle-recording" → "win.toggle-recording", command
 * "toggle_recording"; "check-mic" → "app.check-mic", no command. */
gboolean     rd_action_is_known        (const char    *action);
const char  *rd_action_detailed_name   (const char    *action);
const char  *rd_action_command         (const char    *action);
const char * const *rd_action_command_names (void);
const char * const *rd_action_names         (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RdKeymap, rd_keymap_free)

G_END_DECLS

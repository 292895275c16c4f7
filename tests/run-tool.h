/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/* Runs a tool of the test machine (pactl, xdotool…) to its end, the
 * arguments NULL-terminated; a tool that fails fails the test, with what
 * it said. */
void run_tool (const char *program,
               ...) G_GNUC_NULL_TERMINATED;

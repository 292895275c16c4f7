/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "rd-error.h"

G_DEFINE_QUARK (rd-error-quark, rd_error)

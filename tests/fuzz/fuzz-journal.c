/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the outbox journal's records (replayed as a whole
 * file) and for the envelope made of a message from the reporting app. */
#include "config.h"

#include "rd-outbox.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(RdOutboxReplay) replay = rd_outbox_replay ((const char *) data, size);
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 12, 1, 12, 0, 0);
  g_autoptr(JsonNode) envelope = NULL;

  g_assert (replay->valid_length <= size);
  for (guint i = 0; i < replay->events->len; i++)
    g_assert (rd_outbox_is_event_id (rd_outbox_envelope_id (g_ptr_array_index (replay->events, i))));

  if (g_utf8_validate (text, -1, NULL))
    {
      envelope = rd_outbox_envelope_for_message ("evt_0123456789abcdef0123456789abcdef", when, "demo", NULL, text);
      if (envelope != NULL)
        {
          g_autofree char *line = rd_outbox_encode_event (envelope);
          g_autoptr(RdOutboxReplay) again = rd_outbox_replay (line, strlen (line));

          /* what we write, we read back */
          g_assert (again->events->len == 1);
        }
    }
  return 0;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-mic-probe"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "rd-mic-probe.h"
#include "rd-audio-inputs.h"
#include "rd-context.h"
#include "rd-error.h"
#include "rd-mic-choice.h"

#include <alsa/asoundlib.h>
#include <dlfcn.h>
#include <fcntl.h>
#include <pa_linux_alsa.h>
#include <portaudio.h>
#include <string.h>
#include <unistd.h>

/* Listens to the microphone for a moment with PortAudio and judges what it
 * heard (core/rd-level.c). Runs off the main thread; bounded in time: a
 * device that opens but never delivers ends in no-audio, never in a hang.
 * The device is closed before the result is returned, so the reporting
 * app's own capture can start right after.
 *
 * Which input: with a desktop sound server (PulseAudio, PipeWire), the one
 * rd-audio-inputs.c chooses — the input the reporting app records — opened
 * by its sound-server name through ALSA's PulseAudio plugin (PipeWire's
 * pulse server answers it too; its own ALSA plugin is tried next). Without
 * one, PortAudio's own devices by the same rule. */

#define GRACE_MS 1500   /* how long past the capture a stalled device may take */

typedef struct {
  float          *samples;
  gsize           capacity;
  volatile gint   written;
} Capture;

void
rd_mic_result_free (RdMicResult *result)
{
  if (result == NULL)
    return;
  g_free (result->device_name);
  g_free (result->advice);
  g_free (result);
}

static void
quiet_alsa (const char *file, int line, const char *function, int err, const char *fmt, ...)
{
  /* ALSA prints a screenful for every absent card: not our users' news */
}

static void
quiet_jack_message (const char *message)
{
  g_debug ("jack: %s", message);
}

/* libjack prints a dozen lines when no JACK server runs, which is the
 * normal case. PortAudio links it; its hooks are found without linking it
 * ourselves, so a build without JACK works the same. */
static void
quiet_jack (void)
{
  void (*set_error) (void (*) (const char *)) = dlsym (RTLD_DEFAULT, "jack_set_error_function");
  void (*set_info) (void (*) (const char *)) = dlsym (RTLD_DEFAULT, "jack_set_info_function");

  if (set_error != NULL)
    set_error (quiet_jack_message);
  if (set_info != NULL)
    set_info (quiet_jack_message);
}

static G_LOCK_DEFINE (portaudio);   /* Pa_Initialize/Pa_Terminate are not thread-safe */
static gboolean pa_ready;            /* initialised and kept: a check then costs ~200 ms less */

/* PortAudio is opened on first use, not linked: with it come libjack,
 * libdb and ALSA's plugins, ~2 MB of every start before any microphone is
 * checked. Its soname has been libportaudio.so.2 since v19. */
#define PORTAUDIO_SONAME "libportaudio.so.2"

static struct {
  PaError              (*Initialize) (void);
  PaError              (*Terminate) (void);
  const char *         (*GetErrorText) (PaError error);
  PaDeviceIndex        (*GetDeviceCount) (void);
  PaDeviceIndex        (*GetDefaultInputDevice) (void);
  const PaDeviceInfo * (*GetDeviceInfo) (PaDeviceIndex device);
  const PaHostApiInfo *(*GetHostApiInfo) (PaHostApiIndex api);
  PaError              (*IsFormatSupported) (const PaStreamParameters *input, const PaStreamParameters *output,
                                             double rate);
  PaError              (*OpenStream) (PaStream **stream, const PaStreamParameters *input,
                                      const PaStreamParameters *output, double rate, unsigned long frames,
                                      PaStreamFlags flags, PaStreamCallback *callback, void *data);
  PaError              (*StartStream) (PaStream *stream);
  PaError              (*AbortStream) (PaStream *stream);
  PaError              (*CloseStream) (PaStream *stream);
} pa;

/* Under the lock. Global, so that quiet_jack finds libjack's hooks. */
static gboolean
pa_load (GError **error)
{
  static void *library;
  const struct { const char *name; void **slot; } symbols[] = {
    { "Pa_Initialize", (void **) &pa.Initialize },
    { "Pa_Terminate", (void **) &pa.Terminate },
    { "Pa_GetErrorText", (void **) &pa.GetErrorText },
    { "Pa_GetDeviceCount", (void **) &pa.GetDeviceCount },
    { "Pa_GetDefaultInputDevice", (void **) &pa.GetDefaultInputDevice },
    { "Pa_GetDeviceInfo", (void **) &pa.GetDeviceInfo },
    { "Pa_GetHostApiInfo", (void **) &pa.GetHostApiInfo },
    { "Pa_IsFormatSupported", (void **) &pa.IsFormatSupported },
    { "Pa_OpenStream", (void **) &pa.OpenStream },
    { "Pa_StartStream", (void **) &pa.StartStream },
    { "Pa_AbortStream", (void **) &pa.AbortStream },
    { "Pa_CloseStream", (void **) &pa.CloseStream },
  };

  if (library != NULL)
    return TRUE;
  library = dlopen (PORTAUDIO_SONAME, RTLD_NOW | RTLD_GLOBAL);
  for (gsize i = 0; library != NULL && i < G_N_ELEMENTS (symbols); i++)
    if ((*symbols[i].slot = dlsym (library, symbols[i].name)) == NULL)
      {
        g_clear_pointer (&library, dlclose);
        break;
      }
  if (library == NULL)
    {
      g_autofree char *why = g_strdup_printf ("%s (%s)", PORTAUDIO_SONAME, dlerror ());

      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("The audio system cannot start: %s"), why);
      return FALSE;
    }
  return TRUE;
}

static gboolean
pa_start (GError **error)
{
  PaError err;

  if (pa_ready)
    return TRUE;
  if (!pa_load (error))
    return FALSE;
  snd_lib_error_set_handler (quiet_alsa);
  quiet_jack ();
  /* a JACK client must not start a JACK server by itself */
  g_setenv ("JACK_NO_START_SERVER", "1", FALSE);
  err = pa.Initialize ();
  if (err != paNoError)
    {
      g_set_error (error, RD_ERROR, RD_ERROR_NOT_CONFIGURED, _("The audio system cannot start: %s"),
                   pa.GetErrorText (err));
      return FALSE;
    }
  pa_ready = TRUE;
  return TRUE;
}

/* PortAudio 19.6 sees devices as they were at Pa_Initialize: start over to
 * find one plugged in since. */
static gboolean
pa_restart (GError **error)
{
  if (pa_ready)
    pa.Terminate ();
  pa_ready = FALSE;
  return pa_start (error);
}

/* Before the process exits: libjack's threads must not outlive it. A check
 * stuck in a driver keeps the lock; then there is nothing to stop cleanly. */
void
rd_mic_probe_shutdown (void)
{
  if (!G_TRYLOCK (portaudio))
    return;
  if (pa_ready)
    pa.Terminate ();
  pa_ready = FALSE;
  G_UNLOCK (portaudio);
}

static void
prepare_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  G_LOCK (portaudio);
  pa_start (NULL);
  G_UNLOCK (portaudio);
  g_task_return_boolean (task, TRUE);
}

/* Start the audio system in the background, so the first check is quick. */
void
rd_mic_probe_prepare (void)
{
  g_autoptr(GTask) task = g_task_new (NULL, NULL, NULL, NULL);

  g_task_run_in_thread (task, prepare_thread);
}

static GStrv
list_portaudio_devices (gboolean   names_only,
                        GError   **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  PaDeviceIndex default_input;
  int n;

  G_LOCK (portaudio);
  if (!pa_restart (error))
    {
      G_UNLOCK (portaudio);
      return NULL;
    }
  default_input = pa.GetDefaultInputDevice ();
  n = pa.GetDeviceCount ();
  for (int i = 0; i < n; i++)
    {
      const PaDeviceInfo *info = pa.GetDeviceInfo (i);
      const PaHostApiInfo *api = info ? pa.GetHostApiInfo (info->hostApi) : NULL;
      g_autofree char *line = NULL;

      if (info == NULL || info->maxInputChannels < 1)
        continue;
      if (names_only)
        line = g_strdup (info->name);
      else
        line = g_strdup_printf ("%s (%s, %g Hz)%s", info->name, api ? api->name : "?",
                                info->defaultSampleRate, i == default_input ? " [default]" : "");
      g_strv_builder_add (names, line);
    }
  G_UNLOCK (portaudio);
  return g_strv_builder_end (names);
}

/* The inputs by their desktop names — as lines that say more, with the
 * one dictation uses marked, unless names_only; without a sound server,
 * PortAudio's devices. */
GStrv
rd_mic_probe_list_devices (const char  *preference,
                           gboolean     names_only,
                           GError     **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GPtrArray) inputs = rd_audio_inputs_snapshot ();
  g_autoptr(RdAudioInput) chosen = rd_audio_inputs_choose (preference, NULL);

  if (inputs->len == 0)
    return list_portaudio_devices (names_only, error);
  for (guint i = 0; i < inputs->len; i++)
    {
      RdAudioInput *input = g_ptr_array_index (inputs, i);
      gboolean used = chosen != NULL && g_strcmp0 (chosen->server_name, input->server_name) == 0 &&
                      g_strcmp0 (chosen->name, input->name) == 0;

      g_autofree char *line = names_only ? g_strdup (input->name) : g_strdup_printf ("%s (%s)%s%s", input->name,
                                               input->server_name ? input->server_name : "?",
                                               input->is_default ? " [default]" : "",
                                               used ? " [dictation]" : "");

      g_strv_builder_add (names, line);
    }
  return g_strv_builder_end (names);
}

static PaDeviceIndex
choose_device (const char *preference)
{
  int n = pa.GetDeviceCount ();
  g_autofree RdMicChoiceInput *inputs = g_new0 (RdMicChoiceInput, MAX (n, 1));
  g_autofree int *index = g_new0 (int, MAX (n, 1));
  PaDeviceIndex default_input = pa.GetDefaultInputDevice ();
  guint n_inputs = 0;
  int chosen;

  for (int i = 0; i < n; i++)
    {
      const PaDeviceInfo *info = pa.GetDeviceInfo (i);

      if (info == NULL || info->maxInputChannels < 1)
        continue;
      inputs[n_inputs].name = info->name;
      inputs[n_inputs].is_default = i == default_input;
      index[n_inputs++] = i;
    }
  chosen = rd_mic_choose (inputs, n_inputs, preference);
  return chosen < 0 ? paNoDevice : index[chosen];
}

/* The sound server's input through ALSA, by name: PortAudio's ALSA host
 * API opens any ALSA device string (pa_linux_alsa.h). */
static PaError
open_server_input (PaStream            **stream,
                   PaStreamParameters   *params,
                   PaAlsaStreamInfo     *alsa,
                   const char           *server_name,
                   double                rate,
                   PaStreamCallback     *callback,
                   void                 *data,
                   char                **device_string)
{
  const char * const plugins[] = { "pulse:DEVICE=", "pipewire:NODE=" };
  PaError err = paInvalidDevice;

  for (guint i = 0; i < G_N_ELEMENTS (plugins) && err != paNoError; i++)
    {
      g_free (*device_string);
      *device_string = g_strconcat (plugins[i], server_name, NULL);
      memset (alsa, 0, sizeof *alsa);
      alsa->size = sizeof *alsa;
      alsa->hostApiType = paALSA;
      alsa->version = 1;
      alsa->deviceString = *device_string;
      params->device = paUseHostApiSpecificDeviceSpecification;
      params->hostApiSpecificStreamInfo = alsa;
      params->suggestedLatency = 0.2;
      err = pa.OpenStream (stream, params, NULL, rate, paFramesPerBufferUnspecified, paClipOff, callback, data);
      if (err != paNoError)
        g_info ("cannot open %s: %s", *device_string, pa.GetErrorText (err));
    }
  return err;
}

static int
on_audio (const void                     *input,
          void                           *output,
          unsigned long                   frames,
          const PaStreamCallbackTimeInfo *time_info,
          PaStreamCallbackFlags           flags,
          void                           *user_data)
{
  Capture *c = user_data;
  gsize written = g_atomic_int_get (&c->written);
  gsize n = MIN (frames, c->capacity - written);

  if (input != NULL && n > 0)
    {
      memcpy (c->samples + written, input, n * sizeof (float));
      g_atomic_int_add (&c->written, n);
    }
  return (gsize) g_atomic_int_get (&c->written) >= c->capacity ? paComplete : paContinue;
}

typedef struct {
  RdMicLevelFunc func;
  gpointer       data;
  double         rms_dbfs;
} LevelUpdate;

static gboolean
deliver_level (gpointer user_data)
{
  LevelUpdate *u = user_data;

  u->func (u->rms_dbfs, u->data);
  return G_SOURCE_REMOVE;
}

static void
finish (RdMicResult *result,
        gint64       start)
{
  result->advice = rd_mic_verdict_advice (result->verdict, result->device_name);
  result->duration_us = g_get_monotonic_time () - start;
}

/* Level updates are delivered on level_context. */
static RdMicResult *
probe_run (const char      *device_preference,
           guint            duration_ms,
           RdMicLevelFunc   on_level,
           gpointer         user_data,
           GMainContext    *caller,
           GError         **error)
{
  g_autoptr(RdMicResult) result = g_new0 (RdMicResult, 1);
  g_autoptr(RdAudioInput) input = NULL;
  g_autofree char *device_string = NULL;
  Capture capture = { 0 };
  PaStreamParameters params = { 0 };
  PaAlsaStreamInfo alsa;
  PaStream *stream = NULL;
  const PaDeviceInfo *info = NULL;
  PaDeviceIndex device = paNoDevice;
  PaError err;
  gboolean has_server = FALSE;
  double rate = RD_MIC_PROBE_RATE;
  gint64 start = g_get_monotonic_time ();
  gint64 deadline, next_level;
  gsize reported = 0;

  /* the sound server's inputs first: the reporting app records one of them */
  input = rd_audio_inputs_choose (device_preference, &has_server);
  if (has_server && (input == NULL || !rd_mic_server_name_is_safe (input->server_name)))
    {
      if (input != NULL)
        g_warning ("the input \"%s\" has a sound-server name that cannot be opened safely", input->name);
      result->verdict = RD_MIC_VERDICT_NO_DEVICE;
      finish (result, start);
      return g_steal_pointer (&result);
    }

  G_LOCK (portaudio);
  if (!pa_start (error))
    {
      G_UNLOCK (portaudio);
      return NULL;
    }

  params.channelCount = 1;
  params.sampleFormat = paFloat32;
  if (input != NULL)
    {
      result->device_name = g_strdup (input->name);
      capture.capacity = MAX ((gsize) (rate * duration_ms / 1000), 1);
      capture.samples = g_new0 (float, capture.capacity);
      /* the sound server converts to any rate: analyse at ours */
      err = open_server_input (&stream, &params, &alsa, input->server_name, rate, on_audio, &capture,
                               &device_string);
    }
  else
    {
      device = choose_device (device_preference);
      if (device == paNoDevice && pa_restart (NULL))
        device = choose_device (device_preference);   /* plugged in since the last look */
      if (device == paNoDevice || (info = pa.GetDeviceInfo (device)) == NULL)
        {
          result->verdict = RD_MIC_VERDICT_NO_DEVICE;
          G_UNLOCK (portaudio);
          finish (result, start);
          return g_steal_pointer (&result);
        }
      result->device_name = g_strdup (info->name);
      params.device = device;
      params.suggestedLatency = info->defaultLowInputLatency;
      if (pa.IsFormatSupported (&params, NULL, rate) != paFormatIsSupported)
        rate = info->defaultSampleRate;   /* analyse at the device's own rate */
      capture.capacity = MAX ((gsize) (rate * duration_ms / 1000), 1);
      capture.samples = g_new0 (float, capture.capacity);
      /* callback mode: blocking reads return garbage on JACK (docs/platform.md) */
      err = pa.OpenStream (&stream, &params, NULL, rate, paFramesPerBufferUnspecified, paClipOff,
                           on_audio, &capture);
    }
  if (err == paNoError)
    err = pa.StartStream (stream);
  if (err != paNoError)
    {
      result->verdict = (err == paDeviceUnavailable) ? RD_MIC_VERDICT_BUSY : RD_MIC_VERDICT_NO_AUDIO;
      g_info ("cannot open %s: %s", result->device_name, pa.GetErrorText (err));
      if (input != NULL)
        g_warning ("the sound server's input \"%s\" cannot be opened through ALSA (%s): is ALSA's "
                   "PulseAudio plugin installed (libasound2-plugins, or pipewire-alsa)?",
                   result->device_name, pa.GetErrorText (err));
      if (stream != NULL)
        pa.CloseStream (stream);
      pa_restart (NULL);   /* the device may have gone: look afresh next time */
      G_UNLOCK (portaudio);
      g_free (capture.samples);
      finish (result, start);
      return g_steal_pointer (&result);
    }

  deadline = start + (gint64) (duration_ms + GRACE_MS) * 1000;
  next_level = g_get_monotonic_time ();
  while ((gsize) g_atomic_int_get (&capture.written) < capture.capacity && g_get_monotonic_time () < deadline)
    {
      g_usleep (5000);
      if (on_level != NULL && g_get_monotonic_time () >= next_level)
        {
          gsize written = g_atomic_int_get (&capture.written);
          RdLevel chunk;
          LevelUpdate *u;

          if (written > reported)
            {
              rd_level_analyse (capture.samples + reported, written - reported, rate, &chunk);
              u = g_new0 (LevelUpdate, 1);
              u->func = on_level;
              u->data = user_data;
              u->rms_dbfs = chunk.rms_dbfs;
              rd_context_post (caller, G_PRIORITY_DEFAULT, deliver_level, u, g_free);
              reported = written;
            }
          next_level += 50 * 1000;
        }
    }
  pa.AbortStream (stream);
  pa.CloseStream (stream);
  G_UNLOCK (portaudio);

  if (g_atomic_int_get (&capture.written) == 0)
    result->verdict = RD_MIC_VERDICT_NO_AUDIO;
  else
    {
      rd_level_analyse (capture.samples, g_atomic_int_get (&capture.written), rate, &result->level);
      result->verdict = rd_level_verdict (&result->level);
    }
  g_free (capture.samples);
  finish (result, start);
  return g_steal_pointer (&result);
}

/* A check that does not finish in time (a driver blocked in open() or in
 * device enumeration cannot be interrupted) is answered by a watchdog with
 * no-audio; the stuck thread's late result is dropped. */
#define WATCHDOG_EXTRA_MS 5000

typedef struct {
  gatomicrefcount  ref;
  GTask           *task;
  gboolean         returned;      /* touched on the caller's context only */
  guint            watchdog_id;
  GMainContext    *context;
  char            *preference;
  guint            duration_ms;
  RdMicLevelFunc   on_level;
  gpointer         level_data;
  RdMicResult     *result;        /* handed from the thread */
  GError          *error;
} Probe;

static Probe *
probe_ref (Probe *p)
{
  g_atomic_ref_count_inc (&p->ref);
  return p;
}

static void
probe_unref (Probe *p)
{
  if (!g_atomic_ref_count_dec (&p->ref))
    return;
  g_clear_object (&p->task);
  g_main_context_unref (p->context);
  g_free (p->preference);
  rd_mic_result_free (p->result);
  g_clear_error (&p->error);
  g_free (p);
}

static gboolean
deliver_result (gpointer user_data)
{
  Probe *p = user_data;

  if (p->returned)
    return G_SOURCE_REMOVE;   /* the watchdog answered already */
  p->returned = TRUE;
  g_clear_handle_id (&p->watchdog_id, g_source_remove);
  if (p->result != NULL)
    g_task_return_pointer (p->task, g_steal_pointer (&p->result), (GDestroyNotify) rd_mic_result_free);
  else
    g_task_return_error (p->task, g_steal_pointer (&p->error));
  return G_SOURCE_REMOVE;
}

static gboolean
on_watchdog (gpointer user_data)
{
  Probe *p = user_data;
  RdMicResult *result = g_new0 (RdMicResult, 1);

  p->watchdog_id = 0;
  p->returned = TRUE;
  g_warning ("the microphone check did not finish in %u ms: the audio driver hangs",
             p->duration_ms + WATCHDOG_EXTRA_MS);
  result->verdict = RD_MIC_VERDICT_NO_AUDIO;
  result->advice = rd_mic_verdict_advice (RD_MIC_VERDICT_NO_AUDIO, NULL);
  result->duration_us = (gint64) (p->duration_ms + WATCHDOG_EXTRA_MS) * 1000;
  g_task_return_pointer (p->task, result, (GDestroyNotify) rd_mic_result_free);
  return G_SOURCE_REMOVE;
}

static gpointer
probe_thread (gpointer user_data)
{
  Probe *p = user_data;

  p->result = probe_run (p->preference, p->duration_ms, p->on_level, p->level_data, p->context, &p->error);
  rd_context_post (p->context, G_PRIORITY_DEFAULT, deliver_result, p, (GDestroyNotify) probe_unref);
  return NULL;
}

void
rd_mic_probe_run_async (const char          *device_preference,
                        guint                duration_ms,
                        RdMicLevelFunc       on_level,
                        gpointer             level_data,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  Probe *p = g_new0 (Probe, 1);
  g_autoptr(GSource) watchdog = g_timeout_source_new (duration_ms + WATCHDOG_EXTRA_MS);

  g_atomic_ref_count_init (&p->ref);
  p->task = g_task_new (NULL, cancellable, callback, user_data);
  p->context = g_main_context_ref_thread_default ();
  p->preference = g_strdup (device_preference);
  p->duration_ms = duration_ms;
  p->on_level = on_level;
  p->level_data = level_data;

  g_source_set_callback (watchdog, on_watchdog, probe_ref (p), (GDestroyNotify) probe_unref);
  p->watchdog_id = g_source_attach (watchdog, p->context);
  g_thread_unref (g_thread_new ("rd-mic-probe", probe_thread, p));   /* the thread holds the first ref */
}

RdMicResult *
rd_mic_probe_run_finish (GAsyncResult  *result,
                         GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

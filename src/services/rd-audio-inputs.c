/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "reportdock-audio-inputs"

#include "config.h"

#include "rd-audio-inputs.h"
#include "rd-mic-choice.h"
#include "rd-pulse-first.h"

#include <gst/gst.h>
#include <string.h>

/* The desktop's audio inputs as GStreamer's device monitor sees them —
 * which is how WebKit finds the inputs it offers a page (it runs the same
 * monitor, class "Audio/Source", in its web process, and leaves out the
 * monitors of outputs). So a name here is a name the reporting app's
 * getUserMedia can be pointed at, and the sound server's name behind it is
 * what the microphone check opens through ALSA. Works the same on
 * PulseAudio and on PipeWire (through either of GStreamer's providers). */

struct _RdAudioInputs
{
  GObject           parent_instance;

  GstDeviceMonitor *monitor;
  guint             bus_watch;
  GMutex            lock;     /* inputs are read from the check's thread */
  GPtrArray        *inputs;
};

G_DEFINE_FINAL_TYPE (RdAudioInputs, rd_audio_inputs, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];
static RdAudioInputs *default_inputs;   /* main thread only */

RdAudioInput *
rd_audio_input_copy (const RdAudioInput *input)
{
  RdAudioInput *copy;

  if (input == NULL)
    return NULL;
  copy = g_new0 (RdAudioInput, 1);
  copy->name = g_strdup (input->name);
  copy->server_name = g_strdup (input->server_name);
  copy->is_default = input->is_default;
  return copy;
}

void
rd_audio_input_free (RdAudioInput *input)
{
  if (input == NULL)
    return;
  g_free (input->name);
  g_free (input->server_name);
  g_free (input);
}

static char *
server_name_of (GstDevice    *device,
                GstStructure *props)
{
  const char *node = props ? gst_structure_get_string (props, "node.name") : NULL;
  char *name = NULL;

  /* PipeWire's provider names the node; PulseAudio's device object holds
   * the source's name (PipeWire's pulse server uses the node name too) */
  if (node != NULL)
    return g_strdup (node);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name") != NULL)
    g_object_get (device, "internal-name", &name, NULL);
  return name;
}

/* GstDevice list → inputs, without monitors, each sound-server input once
 * (both GStreamer providers may list the same PipeWire node). */
static GPtrArray *
inputs_from_devices (GList *devices)
{
  GPtrArray *inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_audio_input_free);

  for (GList *l = devices; l != NULL; l = l->next)
    {
      GstDevice *device = l->data;
      g_autoptr(GstStructure) props = gst_device_get_properties (device);
      g_autoptr(RdAudioInput) input = g_new0 (RdAudioInput, 1);
      const char *klass = props ? gst_structure_get_string (props, "device.class") : NULL;
      gboolean is_default = FALSE;
      gboolean seen = FALSE;

      if (g_strcmp0 (klass, "monitor") == 0)
        continue;
      input->name = gst_device_get_display_name (device);
      input->server_name = server_name_of (device, props);
      if (props != NULL && gst_structure_get_boolean (props, "is-default", &is_default))
        input->is_default = is_default;
      if (input->name == NULL || !g_utf8_validate (input->name, -1, NULL))
        continue;
      for (guint i = 0; i < inputs->len; i++)
        {
          RdAudioInput *other = g_ptr_array_index (inputs, i);

          if (input->server_name != NULL && g_strcmp0 (other->server_name, input->server_name) == 0)
            {
              other->is_default |= input->is_default;
              seen = TRUE;
            }
        }
      if (!seen)
        g_ptr_array_add (inputs, g_steal_pointer (&input));
    }
  return inputs;
}

static gboolean
gst_ready (void)
{
  static gsize ranked;
  g_autoptr(GError) error = NULL;

  if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &error))
    {
      g_warning ("GStreamer cannot start, so no audio input is known: %s", error->message);
      return FALSE;
    }
  if (g_once_init_enter (&ranked))
    {
      rd_pulse_first ();
      g_once_init_leave (&ranked, 1);
    }
  return TRUE;
}

static GstDeviceMonitor *
monitor_new (void)
{
  GstDeviceMonitor *monitor = gst_device_monitor_new ();

  gst_device_monitor_add_filter (monitor, "Audio/Source", NULL);
  return monitor;
}

static void
refresh (RdAudioInputs *self)
{
  GList *devices = gst_device_monitor_get_devices (self->monitor);
  GPtrArray *inputs = inputs_from_devices (devices);

  g_list_free_full (devices, gst_object_unref);
  g_mutex_lock (&self->lock);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  self->inputs = inputs;
  g_mutex_unlock (&self->lock);
}

static gboolean
on_bus_message (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  RdAudioInputs *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
    case GST_MESSAGE_DEVICE_REMOVED:
    case GST_MESSAGE_DEVICE_CHANGED:
      refresh (self);
      g_signal_emit (self, signals[CHANGED], 0);
      break;
    default:
      break;
    }
  return G_SOURCE_CONTINUE;
}

/* The process's one watcher, started on first use from the main thread;
 * it tells of inputs that come and go ("changed"). */
RdAudioInputs *
rd_audio_inputs_get_default (void)
{
  RdAudioInputs *self;
  g_autoptr(GstBus) bus = NULL;

  if (default_inputs != NULL)
    return default_inputs;
  self = default_inputs = g_object_new (RD_TYPE_AUDIO_INPUTS, NULL);
  if (!gst_ready ())
    return self;
  self->monitor = monitor_new ();
  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch = gst_bus_add_watch (bus, on_bus_message, self);
  if (!gst_device_monitor_start (self->monitor))
    g_info ("GStreamer finds no audio devices to watch");
  refresh (self);
  return self;
}

/* A copy of the inputs now (RdAudioInput elements); any thread. */
GPtrArray *
rd_audio_inputs_list (RdAudioInputs *self)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_audio_input_free);

  g_return_val_if_fail (RD_IS_AUDIO_INPUTS (self), copy);

  g_mutex_lock (&self->lock);
  for (guint i = 0; self->inputs != NULL && i < self->inputs->len; i++)
    g_ptr_array_add (copy, rd_audio_input_copy (g_ptr_array_index (self->inputs, i)));
  g_mutex_unlock (&self->lock);
  return copy;
}

static RdAudioInput *
choose_from (GPtrArray  *inputs,
             const char *preference,
             gboolean   *has_server)
{
  g_autofree RdMicChoiceInput *choices = g_new0 (RdMicChoiceInput, MAX (inputs->len, 1));
  gboolean server = FALSE;
  int chosen;

  for (guint i = 0; i < inputs->len; i++)
    {
      RdAudioInput *input = g_ptr_array_index (inputs, i);

      choices[i].name = input->name;
      choices[i].server_name = input->server_name;
      choices[i].is_default = input->is_default;
      server |= input->server_name != NULL;
    }
  if (has_server != NULL)
    *has_server = server;
  chosen = rd_mic_choose (choices, inputs->len, preference);
  return chosen < 0 ? NULL : rd_audio_input_copy (g_ptr_array_index (inputs, chosen));
}

/* The inputs now, from any thread: the running watcher's list, or a short
 * look of its own (command-line checks, which run no watcher). */
GPtrArray *
rd_audio_inputs_snapshot (void)
{
  g_autoptr(GstDeviceMonitor) monitor = NULL;
  GList *devices;
  GPtrArray *inputs;

  if (g_atomic_pointer_get (&default_inputs) != NULL)
    return rd_audio_inputs_list (default_inputs);
  if (!gst_ready ())
    return g_ptr_array_new_with_free_func ((GDestroyNotify) rd_audio_input_free);
  monitor = monitor_new ();
  if (!gst_device_monitor_start (monitor))
    return g_ptr_array_new_with_free_func ((GDestroyNotify) rd_audio_input_free);
  devices = gst_device_monitor_get_devices (monitor);
  gst_device_monitor_stop (monitor);
  inputs = inputs_from_devices (devices);
  g_list_free_full (devices, gst_object_unref);
  return inputs;
}

/* The input dictation uses (core/rd-mic-choice.c), or NULL; from any
 * thread. has_server: whether a sound server lists inputs at all (without
 * one, the check falls back to PortAudio's own devices). */
RdAudioInput *
rd_audio_inputs_choose (const char *preference,
                        gboolean   *has_server)
{
  g_autoptr(GPtrArray) inputs = rd_audio_inputs_snapshot ();

  return choose_from (inputs, preference, has_server);
}

static gboolean
has_element (GstElementFactoryListType  type,
             const char                *caps_text,
             GstPadDirection            direction)
{
  GList *all = gst_element_factory_list_get_elements (type, GST_RANK_MARGINAL);
  g_autoptr(GstCaps) caps = gst_caps_from_string (caps_text);
  GList *fit = gst_element_factory_list_filter (all, caps, direction, FALSE);
  gboolean found = fit != NULL;

  gst_plugin_feature_list_free (fit);
  gst_plugin_feature_list_free (all);
  return found;
}

/* What MediaRecorder will record in the reporting page, found the way
 * WebKitGTK 2.50 decides it (MediaRecorderPrivateGStreamer.cpp): an
 * encoder and a muxer in GStreamer's registry; WebM only from GStreamer
 * 1.24.9 on, as WebKit refuses it before a fix in that release. */
GStrv
rd_audio_recording_formats (void)
{
  g_autoptr(GStrvBuilder) formats = g_strv_builder_new ();
  guint major, minor, micro, nano;

  if (!gst_ready ())
    return g_strv_builder_end (formats);
  gst_version (&major, &minor, &micro, &nano);
  if (has_element (GST_ELEMENT_FACTORY_TYPE_AUDIO_ENCODER, "audio/mpeg, mpegversion=(int)4", GST_PAD_SRC) &&
      has_element (GST_ELEMENT_FACTORY_TYPE_MUXER, "video/quicktime, variant=(string)iso", GST_PAD_SRC))
    g_strv_builder_add (formats, "audio/mp4");
  if ((major > 1 || (major == 1 && (minor > 24 || (minor == 24 && micro >= 9)))) &&
      has_element (GST_ELEMENT_FACTORY_TYPE_AUDIO_ENCODER, "audio/x-opus", GST_PAD_SRC) &&
      has_element (GST_ELEMENT_FACTORY_TYPE_MUXER, "audio/webm", GST_PAD_SRC))
    g_strv_builder_add (formats, "audio/webm;codecs=opus");
  return g_strv_builder_end (formats);
}

static void
rd_audio_inputs_finalize (GObject *object)
{
  RdAudioInputs *self = RD_AUDIO_INPUTS (object);

  g_clear_handle_id (&self->bus_watch, g_source_remove);
  if (self->monitor != NULL)
    gst_device_monitor_stop (self->monitor);
  g_clear_object (&self->monitor);
  g_clear_pointer (&self->inputs, g_ptr_array_unref);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (rd_audio_inputs_parent_class)->finalize (object);
}

static void
rd_audio_inputs_class_init (RdAudioInputsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = rd_audio_inputs_finalize;
  /* an input came or went, or the default changed */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 0);
}

static void
rd_audio_inputs_init (RdAudioInputs *self)
{
  g_mutex_init (&self->lock);
  self->inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) rd_audio_input_free);
}

// ReportDock: the reporting app records the input ReportDock checked.
//
// Runs in the page's own script world of every frame, before the page's
// scripts: a page's getUserMedia for audio is pointed at the input that
// ReportDock chose and checked (asked of ReportDock when the page asks, so
// a microphone plugged in since counts). WebKit offers no other way to pick
// the input a page records (WebKitGTK 2.50). The page learns nothing it
// would not see in enumerateDevices() anyway.
(() => {
  'use strict';
  const handlers = window.webkit && window.webkit.messageHandlers;
  const handler = handlers && handlers.reportdockMicrophone;
  if (!handler || !window.MediaDevices || !MediaDevices.prototype.getUserMedia)
    return;
  const ask = handler.postMessage.bind(handler);
  const getUserMedia = MediaDevices.prototype.getUserMedia;
  const enumerateDevices = MediaDevices.prototype.enumerateDevices;

  const inputNamed = (devices, name) => devices.find((d) => d.kind === 'audioinput' && d.label === name);

  async function findInput (media, name) {
    let devices = await enumerateDevices.call(media);
    if (inputNamed(devices, name) || devices.some((d) => d.kind === 'audioinput' && d.label))
      return inputNamed(devices, name);
    // names are shown to a page only once it may use a microphone: ask once
    const probe = await getUserMedia.call(media, { audio: true });
    probe.getTracks().forEach((t) => t.stop());
    devices = await enumerateDevices.call(media);
    return inputNamed(devices, name);
  }

  async function constrain (media, constraints) {
    if (!constraints || !constraints.audio)
      return constraints;
    const wanted = JSON.parse(await ask('input'));
    if (wanted.missing)
      throw new DOMException(wanted.missing, 'NotFoundError');
    const audio = typeof constraints.audio === 'object' ? Object.assign({}, constraints.audio) : {};
    if (wanted.name) {
      const input = await findInput(media, wanted.name);
      if (!input)
        throw new DOMException('The microphone "' + wanted.name + '" is not offered to this page', 'NotFoundError');
      audio.deviceId = { exact: input.deviceId };
    }
    // WebKitGTK records nothing with MediaRecorder from a capture whose
    // sample rate nobody asked for (it restricts the encoder to 0 Hz)
    if (audio.sampleRate === undefined)
      audio.sampleRate = 48000;
    return Object.assign({}, constraints, { audio });
  }

  MediaDevices.prototype.getUserMedia = function (constraints) {
    return constrain(this, constraints).then((c) => getUserMedia.call(this, c));
  };
})();

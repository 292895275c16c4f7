// SPDX-License-Identifier: GPL-3.0-or-later
// The demo reporting app: an embeddable page that speaks docs/protocol.md §1 the
// way a cloud reporting vendor does.
'use strict';

const ALLOWED_PARENT_HOSTS = ['localhost'];   // the vendor's parent-host whitelist
const $ = (id) => document.getElementById(id);

const state = {
  user: null,          // user_info once signed in
  report: null,        // { mrn, site_id, accessions: [...], metadata: {acc: {...}}, status }
  recording: false,
  stream: null,
  audio: null,
  overwrite: false,
};

function parentOrigin () {
  if (location.ancestorOrigins && location.ancestorOrigins.length > 0)
    return location.ancestorOrigins[0];
  try { return new URL(document.referrer).origin; } catch (e) { return null; }
}

function hostAllowed (origin) {
  try { return ALLOWED_PARENT_HOSTS.includes(new URL(origin).hostname); } catch (e) { return false; }
}

function post (message) {
  const origin = parentOrigin();
  if (window.parent === window || !origin || !hostAllowed(origin))
    return;
  window.parent.postMessage(message, origin);
}

function notice (text) { $('notice').textContent = text; }

function payload (accession, extra) {
  const r = state.report;
  return {
    mrn: r.mrn,
    accession_number: accession,
    site_id: r.site_id,
    report_status: r.status,
    user_info: state.user,
    timestamp: Math.floor(Date.now() / 1000),
    critical_result: $('critical').checked ? { name: 'Pulmonary embolism', value: 'pe' } : null,
    data: extra || {},
  };
}

function emit (type, extra) {
  if (!state.report)
    return;
  for (const accession of state.report.accessions)
    post({ type, payload: payload(accession, extra) });
}

function setButtons () {
  const open = state.report !== null;
  for (const id of ['btn-save', 'btn-prelim', 'btn-sign', 'btn-discard', 'btn-close', 'btn-record'])
    $(id).disabled = !open;
}

// Tells the demo service which study is on screen ("" for none), so that
// tests see what the radiologist sees from the page itself.
let lastShowing = null;
let showingCount = 0;
// The page's start, read once: WebKit derives performance.timeOrigin from
// the monotonic clock at each read, so two reads may differ by a moment on
// a busy machine, and a later report would then look like an older page's.
const pageStart = performance.timeOrigin.toFixed(3);
function reportShowing () {
  const r = state.report;
  const showing = r ? r.mrn + '/' + r.accessions.join(',') : '';
  if (showing === lastShowing)
    return;
  lastShowing = showing;
  // requests may overtake each other: the page's start and a count order them
  showingCount++;
  sendShowing(pageStart + ' ' + showingCount + ' ' + showing, 0);
}

// A beacon lost on a busy machine would leave the tests waiting on a page
// that did show the study: a failed request is sent again, a few times.
function sendShowing (body, attempt) {
  fetch('/api/showing', { method: 'POST', body, keepalive: true })
    .then((r) => { if (!r.ok) throw new Error('HTTP ' + r.status); })
    .catch(() => { if (attempt < 5) setTimeout(() => sendShowing(body, attempt + 1), 200 << attempt); });
}

// Tells the demo service where the keyboard is and what was typed there,
// so that tests see a keystroke land in the report, as a radiologist would.
let keyboardCount = 0;
function reportKeyboard (ev) {
  window.__why = (window.__why || '') + ' ' + (ev && ev.type ? ev.type : ev) + (state.report ? state.report.mrn : '-');
  const a = document.activeElement;
  const inField = document.hasFocus() && a !== null && a.tagName === 'TEXTAREA';
  keyboardCount++;
  const body = JSON.stringify({
    page: performance.timeOrigin, n: keyboardCount, focused: document.hasFocus(), why: window.__why,
    active: a !== null ? a.tagName : null,
    field: inField ? a.dataset.field : null,
    accession: inField ? a.dataset.accession : null,
    text: inField ? a.value : null,
  });
  fetch('/api/keyboard', { method: 'POST', body, keepalive: true }).catch(() => {});
}
for (const type of ['focusin', 'focusout', 'input'])
  document.addEventListener(type, () => setTimeout(() => reportKeyboard(type)));
// Given the keyboard with the cursor nowhere (the page was covered while the
// report opened), the cursor goes to the report's first field, as a
// reporting app's editor does.
// (after the focus event: the frame's focus settles only then)
window.addEventListener('focus', () => setTimeout(() => {
  const first = document.querySelector('textarea');
  if (first !== null && (document.activeElement === null || document.activeElement === document.body))
    first.focus();
  reportKeyboard('focus');
}));
window.addEventListener('blur', () => setTimeout(() => reportKeyboard('blur')));

function render () {
  const r = state.report;
  reportShowing();
  $('empty').hidden = r !== null;
  $('report').hidden = r === null;
  setButtons();
  if (!r)
    return;
  $('mrn').textContent = r.mrn;
  $('site').textContent = r.site_id;
  $('status').textContent = r.status.replace(/_/g, ' ');
  $('status').className = 'pill status ' + r.status;
  const reports = $('reports');
  reports.replaceChildren();
  for (const accession of r.accessions) {
    const card = document.createElement('div');
    card.className = 'card';
    const h = document.createElement('h3');
    h.textContent = 'Accession ' + accession;
    card.append(h);
    const meta = document.createElement('dl');
    meta.className = 'meta';
    for (const [key, value] of Object.entries(r.metadata[accession] || {})) {
      const dt = document.createElement('dt');
      dt.textContent = key;
      const dd = document.createElement('dd');
      dd.textContent = String(value);
      meta.append(dt, dd);
    }
    card.append(meta);
    for (const field of ['Findings', 'Impression']) {
      const label = document.createElement('label');
      label.className = 'field';
      label.textContent = field;
      const area = document.createElement('textarea');
      area.dataset.field = field.toLowerCase();
      area.dataset.accession = accession;
      label.append(area);
      card.append(label);
    }
    reports.append(card);
  }
}

async function authenticate (token) {
  try {
    const response = await fetch('/api/session', {
      method: 'POST', headers: { Authorization: 'Bearer ' + token },
    });
    if (!response.ok)
      throw new Error((await response.json()).error || ('HTTP ' + response.status));
    state.user = (await response.json()).user_info;
    $('user').textContent = 'Signed in as ' + state.user.name;
    $('empty-text').textContent = 'Signed in. Waiting for a study…';
    post({ type: 'sign_in_successful', user_info: state.user });
  } catch (e) {
    state.user = null;
    $('user').textContent = 'Sign-in failed';
    post({ type: 'sign_in_failed', error: String(e.message || e) });
  }
}

function openReport (m) {
  if (!state.user)
    return notice('open_report ignored: not signed in');
  if (typeof m.mrn !== 'string' || typeof m.site_id !== 'string')
    return notice('open_report ignored: mrn and site_id are required');
  const accessions = Array.isArray(m.accession_numbers) ? m.accession_numbers.map(String)
    : (typeof m.accession_number === 'string' ? [m.accession_number] : []);
  if (accessions.length === 0)
    return notice('open_report ignored: no accession');
  // accessions ending in -HANG stand for a vendor that never answers
  if (accessions.some((a) => a.endsWith('-HANG')))
    return;
  if (state.report)
    closeReport('report.closed');
  const metadata = {};
  for (const a of accessions)
    metadata[a] = (m.metadata_by_accession && m.metadata_by_accession[a]) || m.metadata || {};
  state.report = { mrn: m.mrn, site_id: m.site_id, accessions, metadata, status: 'draft' };
  // accessions ending in -WRONG stand for an app that opens another
  // patient's report (a stale tab, a mix-up): ReportDock's guard must stop it
  if (accessions.some((a) => a.endsWith('-WRONG')))
    Object.assign(state.report, { mrn: 'OTHER-' + m.mrn, accessions: ['OTHER-ACC'], metadata: { 'OTHER-ACC': {} } });
  $('critical').checked = false;
  render();
  notice('');
  emit('report.opened');
  const first = document.querySelector('textarea');
  if (first) first.focus();
  reportKeyboard('opened:' + (document.activeElement ? document.activeElement.tagName : ''));
}

function closeReport (type) {
  if (!state.report)
    return;
  if (state.recording)
    stopRecording();
  emit(type);
  state.report = null;
  render();
  $('empty-text').textContent = 'Signed in. Waiting for a study…';
}

const SIGN_STATUS = {
  sign: 'signed', sign_prelim: 'prelim_signed',
  sign_addendum: 'addendum_signed', sign_addendum_prelim: 'addendum_prelim_signed',
};

function sign (prelim) {
  if (!state.report)
    return;
  const addendum = state.report.status === 'signed';
  const signType = (addendum ? 'sign_addendum' : 'sign') + (prelim ? '_prelim' : '');
  if (state.recording)
    stopRecording();
  state.report.status = SIGN_STATUS[signType];
  render();
  emit('report.signed', { sign_context: { sign_type: signType } });
  notice('Report ' + state.report.status.replace(/_/g, ' '));
}

function save () {
  if (!state.report)
    return;
  emit('report.saved');
  notice('Saved at ' + new Date().toLocaleTimeString());
}

// Dictation as a cloud reporting app does it: the microphone through
// getUserMedia, recorded with MediaRecorder in the first format this
// browser can make, and uploaded when dictation stops. An AudioWorklet
// reads the raw samples alongside (level meter, and the pitch it heard, so
// that tests can tell which input was recorded).
const RECORDING_TYPES = ['audio/webm;codecs=opus', 'audio/mp4'];

async function startRecording () {
  if (state.recording || !state.report)
    return;
  try {
    state.stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
  } catch (e) {
    notice('Microphone unavailable: ' + (e.message || e.name));
    post({ type: 'recording_state', recording: false, error: String(e.name || e) });
    return;
  }
  state.recording = true;
  const track = state.stream.getAudioTracks()[0];
  const take = { input: track ? track.label : '', started: performance.now(), heard: [], chunks: [] };
  state.take = take;
  if (track)
    track.addEventListener('ended', () => { if (state.take === take) stopRecording('The microphone was disconnected'); });
  const type = window.MediaRecorder && RECORDING_TYPES.find((t) => MediaRecorder.isTypeSupported(t));
  if (type) {
    take.recorder = new MediaRecorder(state.stream, { mimeType: type });
    take.recorder.addEventListener('dataavailable', (e) => { if (e.data.size > 0) take.chunks.push(e.data); });
    take.recorder.addEventListener('stop', () => upload(take));
    take.recorder.start(1000);
  } else {
    notice('This browser cannot record audio (no MediaRecorder format); dictating without a recording');
  }
  take.listening = 'starting';
  listen(take).catch((e) => { take.listening = 'failed: ' + (e.message || e); notice('Cannot read the microphone: ' + take.listening); });
  $('rec').className = 'pill on';
  $('btn-record').textContent = 'Stop';
  postRecordingState();
}

async function listen (take) {
  const ctx = new AudioContext();
  take.audio = ctx;
  await ctx.audioWorklet.addModule('/listener.js');
  if (state.take !== take)
    return;
  const node = new AudioWorkletNode(ctx, 'listener');
  take.listening = 'listening (' + ctx.state + ')';
  take.blocks = 0;
  node.port.onmessage = (e) => {
    const { frames, crossings, sum } = e.data;
    take.blocks++;
    take.rms = Math.sqrt(sum / frames);
    $('level').value = Math.min(1, Math.sqrt(sum / frames) * 4);
    if (Math.sqrt(sum / frames) > 0.01)
      take.heard.push(crossings / 2 / (frames / ctx.sampleRate));
  };
  ctx.createMediaStreamSource(state.stream).connect(node);
}

// The pitch heard most of the time: the median of the loud quarter seconds.
function heardHz (take) {
  const sorted = take.heard.slice().sort((a, b) => a - b);
  return sorted.length ? Math.round(sorted[Math.floor(sorted.length / 2)]) : 0;
}

async function upload (take) {
  const blob = new Blob(take.chunks, { type: take.recorder.mimeType });
  const seconds = ((take.stopped - take.started) / 1000).toFixed(1);
  const formats = window.MediaRecorder ? RECORDING_TYPES.filter((t) => MediaRecorder.isTypeSupported(t)) : [];
  const query = new URLSearchParams({ input: take.input, heard_hz: String(heardHz(take)), seconds, formats: formats.join(' '),
                                     listening: take.listening + ', ' + (take.blocks || 0) + ' blocks, rms ' + take.rms });
  try {
    const r = await fetch('/api/recording?' + query, { method: 'POST', body: blob, headers: { 'Content-Type': blob.type } });
    if (!r.ok)
      throw new Error('HTTP ' + r.status);
    notice('Recorded ' + seconds + ' s from ' + (take.input || 'the microphone') + ' as ' + blob.type +
           ' (' + Math.round(blob.size / 1024) + ' kB), uploaded');
  } catch (e) {
    notice('The recording could not be uploaded: ' + (e.message || e));
  }
}

// The dictation state, with the insert/overwrite mode the microphone's LED shows.
function postRecordingState () {
  post({ type: 'recording_state', recording: state.recording, mode: state.overwrite ? 'overwrite' : 'insert' });
}

function stopRecording (why) {
  if (!state.recording)
    return;
  state.recording = false;
  const take = state.take;
  const stream = state.stream;
  state.take = null;
  state.stream = null;
  // the microphone is let go of once the recorder has finished with it
  const release = () => {
    if (stream) stream.getTracks().forEach((t) => t.stop());
    if (take && take.audio) take.audio.close();
  };
  if (take) take.stopped = performance.now();
  if (take && take.recorder && take.recorder.state !== 'inactive') {
    take.recorder.addEventListener('stop', release);
    take.recorder.stop();
  } else {
    release();
  }
  $('level').value = 0;
  $('rec').className = 'pill off';
  $('btn-record').textContent = 'Record';
  if (typeof why === 'string')
    notice(why);
  postRecordingState();
}

function moveField (step) {
  const areas = Array.from(document.querySelectorAll('textarea'));
  if (areas.length === 0)
    return;
  const i = areas.indexOf(document.activeElement);
  areas[(i + step + areas.length) % areas.length].focus();
}

const COMMANDS = {
  toggle_recording: () => (state.recording ? stopRecording() : startRecording()),
  start_recording: () => startRecording(),
  stop_recording: () => stopRecording(),
  sign_report: () => sign(false),
  save_report: () => save(),
  discard_report: () => closeReport('report.discarded_completely'),
  next_field: () => moveField(1),
  previous_field: () => moveField(-1),
  play: () => notice('Playback'),
  rewind: () => notice('Rewind'),
  fast_forward: () => notice('Fast forward'),
  toggle_insert_overwrite: () => {
    state.overwrite = !state.overwrite;
    $('mode').textContent = state.overwrite ? 'OVERWRITE' : 'INSERT';
    postRecordingState();
  },
};

window.addEventListener('message', (event) => {
  // Only the parent page, and only from a whitelisted host.
  if (event.source !== window.parent || !hostAllowed(event.origin))
    return;
  const m = event.data;
  if (!m || typeof m !== 'object' || typeof m.type !== 'string')
    return;
  switch (m.type) {
    case 'authenticate':
      if (typeof m.token === 'string') authenticate(m.token);
      break;
    case 'open_report':
      openReport(m);
      break;
    case 'close_report':
      closeReport('report.closed');
      break;
    case 'command':
      if (!state.user) { notice('command ignored: not signed in'); break; }
      if (Object.hasOwn(COMMANDS, m.command)) COMMANDS[m.command]();
      else notice('Unknown command: ' + m.command);
      break;
    default:
      break;
  }
});

$('btn-save').addEventListener('click', save);
$('btn-sign').addEventListener('click', () => sign(false));
$('btn-prelim').addEventListener('click', () => sign(true));
$('btn-discard').addEventListener('click', () => closeReport('report.discarded_completely'));
$('btn-close').addEventListener('click', () => closeReport('report.closed'));
$('btn-record').addEventListener('click', COMMANDS.toggle_recording);

render();
if (window.parent === window)
  $('empty-text').textContent = 'This page is meant to be embedded by ReportDock.';
else
  post({ type: 'app_ready' });

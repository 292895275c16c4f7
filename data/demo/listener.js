// The demo reporting page's raw-audio listener (an AudioWorklet), as web
// dictation apps that stream raw audio read the microphone: zero crossings
// and energy of each quarter second, for the level meter and the pitch.
class Listener extends AudioWorkletProcessor {
  constructor () { super(); this.frames = 0; this.crossings = 0; this.sum = 0; this.last = 0; }
  process (inputs) {
    const samples = inputs[0] && inputs[0][0];
    if (samples) {
      for (const s of samples) {
        if ((s < 0) !== (this.last < 0)) this.crossings++;
        this.last = s;
        this.sum += s * s;
      }
      this.frames += samples.length;
      if (this.frames >= sampleRate / 4) {
        this.port.postMessage({ frames: this.frames, crossings: this.crossings, sum: this.sum });
        this.frames = 0; this.crossings = 0; this.sum = 0;
      }
    }
    return true;
  }
}
registerProcessor('listener', Listener);

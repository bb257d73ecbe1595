// The transcription editor: the unit's own audio with a waveform (wavesurfer.js), play/pause, back 3 s, slower and
// faster, and insertion of timestamps (position in the whole recording) and speaker labels, all from the keyboard.
import WaveSurfer from '/lib/wavesurfer/wavesurfer.esm.js';

const panel = document.querySelector('.player');
const audio = document.getElementById('work-audio');
const text = document.getElementById('Input_Text');
const rates = [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5];

if (panel && audio && text) {
  const startSeconds = Number(panel.dataset.startMs || 0) / 1000;
  const position = document.getElementById('player-position');
  const rateOutput = document.getElementById('player-rate');
  const playing = document.getElementById('player-playing');
  const playButton = panel.querySelector('[data-action="play"]');
  const speaker = document.getElementById('speaker-name');

  const wave = WaveSurfer.create({
    container: '#waveform',
    media: audio,
    height: 72,
    waveColor: '#8fb3a0',
    progressColor: '#1d5b3c',
    cursorColor: '#a4161a',
    cursorWidth: 2,
    normalize: true,
    dragToSeek: true,
    cspNonce: panel.dataset.styleNonce,
  });

  const clock = (seconds) => {
    const total = Math.max(0, Math.floor(seconds));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
  };

  const absolute = () => startSeconds + (audio.currentTime || 0);

  const showState = () => {
    position.textContent = clock(absolute());
    const isPlaying = !audio.paused && !audio.ended;
    playing.textContent = isPlaying ? playing.dataset.playing : playing.dataset.paused;
    playButton.setAttribute('aria-pressed', String(isPlaying));
    panel.dataset.playing = String(isPlaying);
  };

  let rateIndex = rates.indexOf(1);
  const setRate = (index) => {
    rateIndex = Math.min(rates.length - 1, Math.max(0, index));
    wave.setPlaybackRate(rates[rateIndex], true);
    const rate = rates[rateIndex];
    rateOutput.textContent = `${rate % 1 === 0 ? rate.toFixed(1) : String(rate)}×`;
  };

  // Puts text at the caret and tells the autosave that the transcript changed.
  const insert = (snippet) => {
    const start = text.selectionStart ?? text.value.length;
    const end = text.selectionEnd ?? start;
    text.focus();
    text.setRangeText(snippet, start, end, 'end');
    text.dispatchEvent(new Event('input', { bubbles: true }));
  };

  const lineStart = () => {
    const caret = text.selectionStart ?? text.value.length;
    return caret === 0 || text.value[caret - 1] === '\n';
  };

  const actions = {
    play: () => { wave.playPause(); },
    rewind: () => { wave.setTime(Math.max(0, (audio.currentTime || 0) - 3)); showState(); },
    slower: () => setRate(rateIndex - 1),
    faster: () => setRate(rateIndex + 1),
    timestamp: () => insert(`[${clock(absolute())}] `),
    speaker: () => {
      const name = (speaker.value || speaker.defaultValue).trim();
      insert(`${lineStart() ? '' : '\n'}【${name}】`);
    },
  };

  panel.addEventListener('click', (event) => {
    const button = event.target.closest('button[data-action]');
    if (button) {
      event.preventDefault();
      actions[button.dataset.action]();
    }
  });

  const keys = { KeyP: 'play', KeyR: 'rewind', KeyS: 'slower', KeyF: 'faster', KeyT: 'timestamp', KeyN: 'speaker' };
  document.addEventListener('keydown', (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey || !(event.code in keys)) {
      return;
    }

    event.preventDefault();
    actions[keys[event.code]]();
  });

  for (const name of ['play', 'pause', 'timeupdate', 'seeked', 'ended']) {
    audio.addEventListener(name, showState);
  }

  wave.on('ready', () => panel.classList.add('player--ready'));
  setRate(rateIndex);
  showState();
}

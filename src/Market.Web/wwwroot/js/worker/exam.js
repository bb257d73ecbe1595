// The exam screen: a countdown from the time the server gave the attempt, and each answer saved as soon as it is
// chosen. Both are conveniences: the API refuses answers after its own deadline and scores a late submit with the
// answers saved by then, so a wrong clock or a lost request here changes no score. Without JavaScript the Save and
// Submit buttons send every answer.
const timer = document.getElementById('exam-timer');
const clock = timer && timer.querySelector('.exam-timer__clock');

if (timer && clock) {
  const endsAt = Date.now() + Number(timer.dataset.secondsLeft || 0) * 1000;
  const pad = (n) => String(n).padStart(2, '0');
  const tick = () => {
    const left = Math.max(0, Math.ceil((endsAt - Date.now()) / 1000));
    clock.textContent = `${pad(Math.floor(left / 60))}:${pad(left % 60)}`;
    if (left <= 60) {
      timer.classList.add('exam-timer--urgent');
    }

    if (left === 0) {
      clock.textContent = timer.dataset.timeOver;
      timer.setAttribute('role', 'alert');
      return;
    }

    window.setTimeout(tick, 500);
  };
  tick();
}

const form = document.getElementById('exam-form');
const status = document.getElementById('exam-autosave');

if (form && status && form.dataset.answerUrl) {
  const token = form.querySelector('input[name=__RequestVerificationToken]');
  form.addEventListener('change', async (event) => {
    const input = event.target;
    const match = input && input.type === 'radio' && /^Answers\[(.+)\]$/.exec(input.name);
    if (!match) {
      return;
    }

    status.textContent = status.dataset.saving;
    const body = new URLSearchParams({ __RequestVerificationToken: token ? token.value : '', questionId: match[1], option: input.value });
    try {
      const response = await fetch(form.dataset.answerUrl, {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      });
      const answer = await response.json().catch(() => null);
      status.textContent = response.ok && answer && answer.saved ? status.dataset.saved : (answer && answer.message) || status.dataset.failed;
      status.setAttribute('role', response.ok ? 'status' : 'alert');
    } catch {
      status.textContent = status.dataset.failed;
      status.setAttribute('role', 'alert');
    }
  });
}

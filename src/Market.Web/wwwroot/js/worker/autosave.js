// Saves the worker's draft on the server while they work: every few seconds when something changed, when the focus
// leaves a field, on Ctrl+S, and when the tab is hidden. The form's own antiforgery token travels with each save.
const form = document.getElementById('work-form');
const status = document.getElementById('autosave-status');
const lease = document.getElementById('lease-expiry');
const intervalMs = 4000;

if (form && status && form.dataset.autosaveUrl) {
  const url = form.dataset.autosaveUrl;
  const snapshot = () => new URLSearchParams(new FormData(form)).toString();
  let lastSaved = snapshot();
  let stopped = false;

  const show = (message, kind) => {
    status.textContent = message;
    status.classList.toggle('autosave--error', kind === 'error');
    status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  };

  // One save at a time: a change made while a save is on its way is sent right after it, never beside it.
  let running = false;
  let again = false;

  const saveOnce = async (keepalive) => {
    const body = snapshot();
    if (body === lastSaved) {
      return;
    }

    show(status.dataset.saving, 'saving');
    try {
      const response = await fetch(url, {
        method: 'POST',
        body,
        keepalive,
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      });
      const answer = await response.json().catch(() => null);
      if (response.ok && answer && answer.saved) {
        lastSaved = body;
        form.dataset.autosave = snapshot() === body ? 'saved' : 'dirty';
        show(answer.message, 'saved');
        if (lease && answer.leaseExpiresAt) {
          lease.textContent = answer.leaseExpiresAt;
        }

        return;
      }

      show(answer && answer.message ? answer.message : status.dataset.failed, 'error');
      // A lost lease or a refused form does not get better by retrying; a conflict with another save does.
      const code = answer && answer.code;
      if (response.status === 400 || response.status === 403 || (response.status === 409 && code !== 'concurrency_conflict' && code !== 'conflict')) {
        stopped = true;
      }
    } catch {
      show(status.dataset.offline, 'error');
    }
  };

  const save = async ({ keepalive = false } = {}) => {
    if (stopped) {
      return;
    }

    if (running) {
      again = true;
      return;
    }

    running = true;
    try {
      do {
        again = false;
        await saveOnce(keepalive);
      } while (again && !stopped);
    } finally {
      running = false;
    }
  };

  // Leaving the page: whatever is unsaved goes now, in a request that outlives the page.
  const flush = () => {
    if (!stopped && snapshot() !== lastSaved) {
      saveOnce(true);
    }
  };

  form.dataset.autosave = 'saved';
  form.addEventListener('input', () => { form.dataset.autosave = 'dirty'; });
  setInterval(() => { save(); }, intervalMs);
  form.addEventListener('focusout', () => { save(); });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') {
      flush();
    }
  });
  window.addEventListener('pagehide', flush);
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
      event.preventDefault();
      save();
    }
  });
  // Handing in or saving by button posts the form itself: no autosave may race it.
  form.addEventListener('submit', () => { stopped = true; });
}

// Quiz page: a countdown to the server's deadline, and answers saved as the learner goes.
(() => {
  const timer = document.querySelector('[data-deadline]');
  if (timer) {
    const deadline = Date.parse(timer.dataset.deadline);
    const shown = timer.querySelector('strong');
    const tick = () => {
      const left = Math.max(0, deadline - Date.now());
      const minutes = Math.floor(left / 60000);
      const seconds = Math.floor((left % 60000) / 1000);
      shown.textContent = `${minutes}:${String(seconds).padStart(2, '0')}`;
      if (left === 0) {
        document
          .getElementById('attempt-form')
          ?.requestSubmit(document.querySelector('button[value="submit"]'));
        return;
      }
      setTimeout(tick, 1000);
    };
    tick();
  }
  const form = document.getElementById('attempt-form');
  if (!form) {
    return;
  }
  const csrf = form.querySelector('input[name="_csrf"]').value;
  form.addEventListener('change', () => {
    const body = new URLSearchParams(new FormData(form));
    body.set('action', 'save');
    // The form has controls named "action", which shadow form.action: read the attribute.
    fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { 'csrf-token': csrf, 'x-autosave': '1' },
      body,
    });
  });
})();

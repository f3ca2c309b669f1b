// Quiz attempt page: a countdown to the server's deadline, each answer and flag saved as it is
// given, the question panel kept current, and a warning before submitting with questions unanswered.
// Without this script the page still works: the form saves and submits, the server warns.
(() => {
  const form = document.getElementById('attempt-form');
  if (!form) {
    return;
  }
  const csrf = form.querySelector('input[name="_csrf"]').value;
  // The form has controls named "action", which shadow form.action: read the attribute.
  const attemptUrl = form.getAttribute('action');
  const status = document.getElementById('save-status');
  const submitButton = form.querySelector('button[value="submit"]');
  let submitting = false;

  const say = (text) => {
    if (status.textContent !== text) {
      status.textContent = text;
    }
  };

  /** A question's answer as the form holds it, in the ids shown; null when it has none. */
  function answerOf(fieldset) {
    const id = fieldset.dataset.questionId;
    const named = (name) => [...fieldset.querySelectorAll(`[name="${name}"]`)];
    switch (fieldset.dataset.type) {
      case 'single': {
        const picked = named(`q_${id}`).find((input) => input.checked);
        return picked ? picked.value : null;
      }
      case 'multiple': {
        const picked = named(`q_${id}`).filter((input) => input.checked);
        return picked.length > 0 ? picked.map((input) => input.value) : null;
      }
      case 'true_false': {
        const picked = named(`q_${id}`).find((input) => input.checked);
        return picked ? picked.value === 'true' : null;
      }
      case 'numeric': {
        const text = named(`q_${id}`)[0].value.trim().replace(',', '.');
        const value = Number(text);
        return text !== '' && Number.isFinite(value) ? value : null;
      }
      case 'ordering': {
        const rows = [...fieldset.querySelectorAll('select')].map((select) => ({
          id: select.name.slice(`q_${id}_`.length),
          position: Number(select.value),
        }));
        // An order counts once every step has a position (as the server reads the form).
        if (!rows.every((row) => Number.isInteger(row.position) && row.position > 0)) {
          return null;
        }
        return rows.sort((left, right) => left.position - right.position).map((row) => row.id);
      }
      default:
        return null;
    }
  }

  const fieldsets = [...form.querySelectorAll('fieldset[data-question-id]')];
  const flagOf = (fieldset) => fieldset.querySelector(`input[name="flag_${fieldset.dataset.questionId}"]`);

  /** The question panel: answered, not answered, flagged, for eyes and for screen readers. */
  function showState(fieldset) {
    const link = document.querySelector(`[data-nav-for="${fieldset.dataset.questionId}"]`);
    const answered = answerOf(fieldset) !== null;
    const flagged = flagOf(fieldset).checked;
    if (link) {
      link.classList.toggle('is-answered', answered);
      link.classList.toggle('is-flagged', flagged);
      link.querySelector('[data-nav-state]').textContent =
        `Question ${link.dataset.number}, ${answered ? 'answered' : 'not answered'}${flagged ? ', flagged for review' : ''}`;
    }
    const count = document.querySelector('[data-answered-count]');
    if (count) {
      count.textContent = String(fieldsets.filter((candidate) => answerOf(candidate) !== null).length);
    }
  }

  // Saves waiting to go (question id → body), kept until the server has them.
  const pending = new Map();
  let sending = false;

  async function flush() {
    if (sending || pending.size === 0) {
      return;
    }
    sending = true;
    try {
      while (pending.size > 0) {
        const [questionId, body] = pending.entries().next().value;
        let response;
        try {
          response = await fetch(`${attemptUrl}/questions/${questionId}`, {
            method: 'POST',
            credentials: 'same-origin',
            // Keepalive lets a save finish when the tab is being closed.
            keepalive: true,
            headers: { 'content-type': 'application/json', 'csrf-token': csrf },
            body: JSON.stringify(body),
          });
        } catch {
          say(
            'Not saved: the connection is down. Your answers stay on this page and are sent when it is back.',
          );
          return;
        }
        if (pending.get(questionId) === body) {
          pending.delete(questionId);
        }
        if (response.status === 409 || response.status === 404) {
          // The attempt closed (time is up, or it was submitted elsewhere): show where it stands.
          window.location.reload();
          return;
        }
        if (!response.ok) {
          say('That answer could not be saved. Check it, or use Save answers.');
          return;
        }
      }
      say('All answers saved.');
    } finally {
      sending = false;
    }
  }

  function queue(fieldset, change) {
    const id = fieldset.dataset.questionId;
    pending.set(id, { ...(pending.get(id) ?? {}), ...change });
    say('Saving…');
    void flush();
  }

  form.addEventListener('change', (event) => {
    const fieldset = event.target.closest('fieldset[data-question-id]');
    if (!fieldset) {
      return;
    }
    if (event.target.name === `flag_${fieldset.dataset.questionId}`) {
      queue(fieldset, { flagged: event.target.checked });
    } else {
      queue(fieldset, { answer: answerOf(fieldset) });
    }
    showState(fieldset);
  });
  window.addEventListener('online', () => void flush());
  // Answers not yet sent (the connection is down): ask before the page goes.
  window.addEventListener('beforeunload', (event) => {
    if (pending.size > 0 && !submitting) {
      event.preventDefault();
    }
  });

  // Before submitting: which questions have no answer, in a dialog that lets the learner go back.
  const dialog = document.getElementById('unanswered-dialog');
  const confirmed = () => {
    const input = document.createElement('input');
    input.type = 'hidden';
    input.name = 'confirmUnanswered';
    input.value = 'yes';
    form.append(input);
  };
  form.addEventListener('submit', (event) => {
    if (event.submitter !== submitButton || submitting) {
      return;
    }
    const unanswered = fieldsets.filter((fieldset) => answerOf(fieldset) === null);
    if (unanswered.length === 0 || !dialog || typeof dialog.showModal !== 'function') {
      return;
    }
    event.preventDefault();
    dialog.querySelector('[data-unanswered-count]').textContent =
      `${unanswered.length} of ${fieldsets.length} questions`;
    const list = dialog.querySelector('[data-unanswered-list]');
    list.replaceChildren(
      ...unanswered.map((fieldset) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = `#${fieldset.id}`;
        link.textContent = `Question ${fieldset.dataset.number}`;
        link.addEventListener('click', () => dialog.close());
        item.append(link, `: ${fieldset.querySelector('.prompt').textContent}`);
        return item;
      }),
    );
    dialog.showModal();
  });
  dialog?.addEventListener('click', (event) => {
    const action = event.target.closest('[data-dialog-action]')?.dataset.dialogAction;
    if (action === 'back') {
      dialog.close();
      const first = fieldsets.find((fieldset) => answerOf(fieldset) === null);
      first?.scrollIntoView();
      first?.querySelector('input, select')?.focus();
    } else if (action === 'submit') {
      dialog.close();
      submitting = true;
      confirmed();
      form.requestSubmit(submitButton);
    }
  });

  // The countdown: from the seconds the server counted at render, on this page's own clock.
  const timer = document.getElementById('countdown');
  if (timer) {
    const endsAt = performance.now() + Number(timer.dataset.secondsLeft) * 1000;
    const shown = timer.querySelector('[role="timer"]');
    const announcer = document.getElementById('countdown-announcer');
    // Only the marks still ahead are announced (a page opened with 3 minutes left says "One minute" only).
    const announced = new Set([5, 1].filter((minutes) => Number(timer.dataset.secondsLeft) <= minutes * 60));
    const tick = () => {
      const left = Math.max(0, Math.ceil((endsAt - performance.now()) / 1000));
      shown.textContent = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
      for (const minutes of [5, 1]) {
        if (left <= minutes * 60 && left > 0 && !announced.has(minutes)) {
          announced.add(minutes);
          timer.classList.add('is-ending');
          announcer.textContent = `${minutes === 1 ? 'One minute' : `${minutes} minutes`} left.`;
        }
      }
      if (left === 0) {
        // Time is up: hand in what the page holds, unanswered questions and all.
        submitting = true;
        confirmed();
        form.requestSubmit(submitButton);
        return;
      }
      setTimeout(tick, 250);
    };
    tick();
  }
})();

// The question form: only the chosen type's fields are shown and sent, and a live preview shows
// the question as learners will see it, in the quiz page's markup. Without this script the form
// shows the type chosen first, and "Show the fields for this type" switches it on the server.
// As the author types, the server's item-writing linter checks the form and its warnings show
// (the same checks the bank and the publish checklist make); each can be kept with a reason.
(() => {
  const form = document.getElementById('question-form');
  const preview = document.getElementById('question-preview');
  const type = form && form.querySelector('[data-question-type]');
  if (!form || !preview || !type) {
    return;
  }
  for (const element of form.querySelectorAll('[data-no-script]')) {
    element.hidden = true;
  }
  type.removeAttribute('aria-describedby');

  const LETTERS = ['a', 'b', 'c', 'd', 'e', 'f'];

  function showFieldsOf(chosen) {
    // Outer elements first (document order), so a nested element's own rule wins.
    for (const element of form.querySelectorAll('[data-types]')) {
      const on = element.dataset.types.split(' ').includes(chosen);
      element.hidden = !on;
      if (element.tagName === 'FIELDSET') {
        element.disabled = !on;
      } else {
        for (const input of element.querySelectorAll('input, select, textarea')) {
          input.disabled = !on;
        }
      }
    }
  }

  function element(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      node.setAttribute(name, value);
    }
    for (const child of children) {
      node.append(child);
    }
    return node;
  }

  function choice(inputType, value, text) {
    return element(
      'label',
      { class: 'choice' },
      element('input', { type: inputType, name: 'preview_q', value }),
      ` ${text}`,
    );
  }

  function renderPreview() {
    const chosen = type.value;
    const prompt = form.elements.prompt.value.trim() || 'Your question appears here.';
    const written = LETTERS.map((letter) => ({
      id: letter,
      text: form.elements[`choice_${letter}`].value.trim(),
    })).filter((entry) => entry.text !== '');
    const fieldset = element(
      'fieldset',
      { class: 'card question', 'data-type': chosen, 'data-number': '1' },
      element(
        'legend',
        {},
        element('span', { class: 'muted' }, 'Question 1.'),
        ' ',
        element('span', { class: 'prompt' }, prompt),
      ),
    );
    if (chosen === 'single') {
      fieldset.append(...written.map((entry) => choice('radio', entry.id, entry.text)));
    } else if (chosen === 'multiple') {
      fieldset.append(element('p', { class: 'hint' }, 'Choose all that apply.'));
      fieldset.append(...written.map((entry) => choice('checkbox', entry.id, entry.text)));
    } else if (chosen === 'true_false') {
      fieldset.append(choice('radio', 'true', 'True'), choice('radio', 'false', 'False'));
    } else if (chosen === 'numeric') {
      const unit = form.elements.unit.value.trim();
      fieldset.append(
        element(
          'label',
          { class: 'choice', for: 'preview_q' },
          unit ? `Your answer (${unit})` : 'Your answer',
        ),
        element('input', {
          id: 'preview_q',
          name: 'preview_q',
          type: 'number',
          step: 'any',
          inputmode: 'decimal',
        }),
      );
    } else if (chosen === 'ordering') {
      fieldset.append(
        element(
          'p',
          { class: 'hint', id: 'hint_preview' },
          'Give each step its position, 1 first. The answer counts once every step has one.',
        ),
      );
      for (const entry of written) {
        const select = element('select', {
          id: `preview_q_${entry.id}`,
          name: `preview_q_${entry.id}`,
          'aria-describedby': 'hint_preview',
        });
        select.append(
          element('option', { value: '' }, '–'),
          ...written.map((_, index) => element('option', { value: String(index + 1) }, String(index + 1))),
        );
        fieldset.append(
          element(
            'div',
            { class: 'order-row' },
            element('label', { for: `preview_q_${entry.id}` }, entry.text),
            select,
          ),
        );
      }
    }
    preview.replaceChildren(fieldset);
  }

  const warnings = document.getElementById('question-warnings');
  const csrf = form.querySelector('input[name="_csrf"]');
  let lintTimer;
  let lintRun = 0;

  async function checkItem() {
    if (!warnings || !csrf) {
      return;
    }
    const run = ++lintRun;
    const body = new URLSearchParams(new FormData(form));
    body.delete('_csrf');
    const response = await fetch(warnings.dataset.lintUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': csrf.value },
      body,
    });
    // An answer to an older check than the latest is stale.
    if (!response.ok || run !== lintRun) {
      return;
    }
    const found = new Map((await response.json()).warnings.map((warning) => [warning.rule, warning]));
    for (const block of warnings.querySelectorAll('[data-rule]')) {
      const warning = found.get(block.dataset.rule);
      block.hidden = !warning;
      block.classList.toggle('explained', Boolean(warning && warning.explained));
      block.querySelector('[data-lint-detail]').textContent = warning ? warning.detail : '';
    }
    warnings.querySelector('[data-lint-none]').hidden = found.size > 0;
  }

  function checkSoon() {
    clearTimeout(lintTimer);
    lintTimer = setTimeout(() => {
      checkItem().catch(() => {
        // Offline or signed out: the warnings stay as they were; saving checks again.
      });
    }, 300);
  }

  type.addEventListener('change', () => {
    showFieldsOf(type.value);
    renderPreview();
    checkSoon();
  });
  form.addEventListener('input', (event) => {
    renderPreview();
    // Typing an explanation changes no warning.
    if (!(event.target.name || '').startsWith('note_')) {
      checkSoon();
    }
  });
  form.addEventListener('change', (event) => {
    if (event.target.name === 'correct' || event.target.name === 'objective') {
      checkSoon();
    }
  });
  // One right answer: ticking a choice unticks the others.
  form.addEventListener('change', (event) => {
    const target = event.target;
    if (type.value === 'single' && target.name === 'correct' && target.checked) {
      for (const other of form.querySelectorAll('input[name="correct"]')) {
        other.checked = other === target;
      }
    }
  });
  showFieldsOf(type.value);
  renderPreview();
})();

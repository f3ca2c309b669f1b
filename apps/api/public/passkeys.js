// Passkey forms: shown only where the browser can use passkeys. Submitting one asks the server
// for a WebAuthn ceremony, lets the browser run it, and sends the form with the browser's answer.
(() => {
  const webauthn = window.SimpleWebAuthnBrowser;
  if (!webauthn || !webauthn.browserSupportsWebAuthn()) {
    return;
  }

  function problem(error) {
    if (error && error.name === 'NotAllowedError') {
      return 'The passkey request was cancelled or timed out. Try again when you are ready.';
    }
    return (error && error.message) || 'Something went wrong with the passkey. Try again.';
  }

  async function ceremony(form) {
    const csrf = form.querySelector('input[name="_csrf"]').value;
    const pending = form.querySelector('input[name="pendingToken"]');
    const answer = await fetch(form.dataset.optionsUrl, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'content-type': 'application/json', 'csrf-token': csrf },
      body: JSON.stringify(pending ? { pendingToken: pending.value } : {}),
    });
    const body = await answer.json();
    if (!answer.ok) {
      throw new Error(body.message);
    }
    return body;
  }

  for (const form of document.querySelectorAll('form[data-passkey]')) {
    form.hidden = false;
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const status = form.querySelector('[data-passkey-status]');
      status.textContent = '';
      try {
        const { challengeId, options } = await ceremony(form);
        const response =
          form.dataset.passkey === 'register'
            ? await webauthn.startRegistration({ optionsJSON: options })
            : await webauthn.startAuthentication({ optionsJSON: options });
        form.querySelector('input[name="challengeId"]').value = challengeId;
        form.querySelector('input[name="response"]').value = JSON.stringify(response);
        form.submit();
      } catch (error) {
        status.textContent = problem(error);
      }
    });
  }
})();

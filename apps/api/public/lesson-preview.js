// Live preview of lesson Markdown: the server renders it with the same sanitiser learners get.
(() => {
  const source = document.querySelector('textarea[data-preview]');
  const form = document.getElementById('lesson-form');
  if (!source || !form) {
    return;
  }
  const target = document.getElementById(source.dataset.preview);
  const csrf = form.querySelector('input[name="_csrf"]').value;
  let timer;
  source.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const response = await fetch('/admin/courses/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'csrf-token': csrf },
        body: new URLSearchParams({ markdown: source.value }),
      });
      if (response.ok) {
        target.innerHTML = await response.text();
      }
    }, 300);
  });
})();

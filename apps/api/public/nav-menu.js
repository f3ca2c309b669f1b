// The header's navigation as a menu on narrow screens: a button opens and closes it. Without this
// script the button stays hidden and the navigation shows in full, as a list under the name.
(() => {
  const header = document.querySelector('.site-header');
  const button = header && header.querySelector('.menu-toggle');
  const menu = button && document.getElementById(button.getAttribute('aria-controls'));
  if (!header || !button || !menu) {
    return;
  }
  const isOpen = () => button.getAttribute('aria-expanded') === 'true';
  const setOpen = (open) => {
    button.setAttribute('aria-expanded', String(open));
    header.classList.toggle('menu-open', open);
  };
  header.classList.add('has-menu');
  // The focus stays on the button (it says the menu is open); Tab goes on into the menu after it.
  button.addEventListener('click', () => setOpen(!isOpen()));
  // Escape closes the menu and puts the focus back on its button.
  header.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && isOpen()) {
      setOpen(false);
      button.focus();
    }
  });
  // Tabbing (or clicking) out of the header closes it.
  header.addEventListener('focusout', (event) => {
    if (isOpen() && event.relatedTarget && !header.contains(event.relatedTarget)) {
      setOpen(false);
    }
  });
  document.addEventListener('click', (event) => {
    if (isOpen() && !header.contains(event.target)) {
      setOpen(false);
    }
  });
})();

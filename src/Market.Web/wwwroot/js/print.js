// A button marked data-print prints the page (the invoice's print stylesheet hides everything but the invoice).
document.querySelectorAll('[data-print]').forEach((button) => {
  button.addEventListener('click', () => window.print());
});

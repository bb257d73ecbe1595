// Data entry from the keyboard: Enter moves to the next field like Tab, and each field shows the form its value is
// compared in (full-width letters and digits made half-width, dashes made hyphens) when that differs from what was typed.
const form = document.getElementById('work-form');
const template = document.getElementById('keying-hint')?.dataset.normalisedTemplate;

// The same steps as Market.Domain.Quality.KeyingNormalizer, so the hint shows what the comparison will see.
const dashes = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\uFE58\uFE63\uFF0D]/g;
export function normalise(value) {
  let text = value.normalize('NFKC').replace(/\s+/g, ' ').trim().replace(dashes, '-');
  text = text.replace(/(?<=\d)[\u30FC\uFF70](?=\d)/g, '-');
  return text;
}

if (form) {
  const inputs = Array.from(form.querySelectorAll('.cell__input'));

  const hint = (input) => {
    const target = document.getElementById(`hint-${input.dataset.cell}`);
    if (!target || !template) {
      return;
    }

    const normalised = normalise(input.value);
    target.textContent = normalised !== input.value && input.value !== '' ? template.replace('{0}', normalised) : '';
  };

  inputs.forEach((input, index) => {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        const next = inputs[index + 1] ?? form.querySelector('button[type="submit"]');
        next.focus();
      }
    });
    input.addEventListener('input', () => hint(input));
    hint(input);
  });
}

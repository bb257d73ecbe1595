// The web-edit task: a live difference between the current page and the worker's edit (jsdiff, loaded as window.Diff),
// marked with + and − and as inserted/deleted text, so the change is readable without colour.
const output = document.getElementById('diff-output');
const original = document.getElementById('current-content')?.textContent ?? '';
const editor = document.getElementById('Input_Text');

if (output && editor && window.Diff) {
  const line = (tag, sign, label, value) => {
    const element = document.createElement(tag);
    element.className = `diff__line diff__line--${tag === 'ins' ? 'added' : tag === 'del' ? 'removed' : 'same'}`;
    if (label) {
      const hidden = document.createElement('span');
      hidden.className = 'visually-hidden';
      hidden.textContent = `${label}: `;
      element.append(hidden);
    }

    const mark = document.createElement('span');
    mark.className = 'diff__sign';
    mark.setAttribute('aria-hidden', 'true');
    mark.textContent = sign;
    element.append(mark, value);
    return element;
  };

  const render = () => {
    const parts = window.Diff.diffLines(original, editor.value);
    const pre = document.createElement('pre');
    pre.className = 'diff__lines';
    let changes = 0;
    for (const part of parts) {
      const lines = part.value.replace(/\n$/, '').split('\n');
      for (const value of lines) {
        if (part.added) {
          pre.append(line('ins', '+ ', output.dataset.added, value), '\n');
          changes++;
        } else if (part.removed) {
          pre.append(line('del', '− ', output.dataset.removed, value), '\n');
          changes++;
        } else {
          pre.append(line('span', '  ', '', value), '\n');
        }
      }
    }

    output.replaceChildren();
    if (changes === 0) {
      const none = document.createElement('p');
      none.className = 'muted';
      none.textContent = output.dataset.empty;
      output.append(none);
    } else {
      output.append(pre);
    }

    output.dataset.changes = String(changes);
  };

  let pending = 0;
  editor.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(render, 150);
  });
  render();
}

/**
 * The whole text of anything cut with an ellipsis, on hover: a person pointing at “ООО «Меридиан-Ст…”
 * reads the rest in a tooltip. One listener for the whole app rather than a Tooltip around every
 * `truncate`: when the pointer comes over an element (or one of its 3 nearest ancestors) whose text
 * the box cuts (`text-overflow: ellipsis` or a line clamp), that element gets a `title` with its
 * text; one that no longer is cut loses the title it got here. Titles set by the app stay as they are.
 */
const MARK = 'autoTitle';

function isCut(el: HTMLElement): boolean {
  const s = getComputedStyle(el);
  if (s.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) return true;
  const clamp = s.getPropertyValue('-webkit-line-clamp');
  return !!clamp && clamp !== 'none' && el.scrollHeight > el.clientHeight + 1;
}

export function titleCutText(target: EventTarget | null) {
  for (let el = target instanceof HTMLElement ? target : null, k = 0; el && k < 4; el = el.parentElement, k++) {
    const ours = el.dataset[MARK] === '1';
    if (el.title && !ours) return;
    if (isCut(el)) {
      el.title = (el.innerText || el.textContent || '').trim();
      el.dataset[MARK] = '1';
      return;
    }
    if (ours) {
      el.removeAttribute('title');
      delete el.dataset[MARK];
    }
  }
}

export function installTruncationTitles(doc: Document = document) {
  doc.addEventListener('mouseover', (e) => titleCutText(e.target), { passive: true, capture: true });
  doc.addEventListener('focusin', (e) => titleCutText(e.target), { capture: true });
}

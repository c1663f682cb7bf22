// Resizable table columns whose widths persist per table. Widths are layout, not case data,
// so they live in this computer's localStorage (key `casebook.columns.<table>`), never in a
// case: a handle on each header's right edge drags its width, and the table reopens as left.

const key = (table: string) => `casebook.columns.${table}`;

export function savedWidths(table: string): Record<string, number> {
  try {
    const v = JSON.parse(localStorage.getItem(key(table)) ?? '{}');
    return v && typeof v === 'object' ? v : {};
  } catch {
    return {};
  }
}

export function saveWidth(table: string, column: number, px: number): void {
  const widths = { ...savedWidths(table), [column]: Math.round(px) };
  try {
    localStorage.setItem(key(table), JSON.stringify(widths));
  } catch {
    // Storage full or off: the width still holds until the view closes.
  }
}

const MIN = 40;

/** Svelte action for a `<table>`: `use:resizable={'evidence'}`. Header cells get fixed widths
 * from the saved ones and a drag handle; the last column takes what is left. */
export function resizable(node: HTMLTableElement, table: string) {
  const cleanups: (() => void)[] = [];
  function setup() {
    for (const c of cleanups.splice(0)) c();
    const heads = [...node.querySelectorAll<HTMLTableCellElement>('thead th')];
    const widths = savedWidths(table);
    heads.forEach((th, i) => {
      if (widths[i]) th.style.width = `${widths[i]}px`;
      if (i === heads.length - 1) return;
      const handle = document.createElement('span');
      handle.className = 'col-resize';
      handle.setAttribute('aria-hidden', 'true');
      handle.dataset.testid = `col-resize-${i}`;
      th.appendChild(handle);
      const down = (e: PointerEvent) => {
        e.preventDefault();
        const start = e.clientX;
        const from = th.getBoundingClientRect().width;
        const move = (m: PointerEvent) => {
          th.style.width = `${Math.max(MIN, from + m.clientX - start)}px`;
        };
        const up = (u: PointerEvent) => {
          window.removeEventListener('pointermove', move);
          window.removeEventListener('pointerup', up);
          saveWidth(table, i, Math.max(MIN, from + u.clientX - start));
        };
        window.addEventListener('pointermove', move);
        window.addEventListener('pointerup', up);
      };
      handle.addEventListener('pointerdown', down);
      cleanups.push(() => {
        handle.removeEventListener('pointerdown', down);
        handle.remove();
      });
    });
  }
  setup();
  return {
    update(next: string) {
      table = next;
      setup();
    },
    destroy() {
      for (const c of cleanups.splice(0)) c();
    },
  };
}

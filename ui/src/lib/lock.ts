// The idle lock's clock: after `minutes` without input it fires once; any input starts the
// wait again. 0 minutes never fires. Pure (timers only), so it is tested with fake timers.

export class IdleTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private minutes = 0;

  constructor(private readonly onIdle: () => void) {}

  /** (Re)starts the wait for `minutes` of idleness; 0 stops it. */
  start(minutes: number): void {
    this.minutes = minutes;
    this.activity();
  }

  /** Input happened: the wait starts over. */
  activity(): void {
    this.clear();
    if (this.minutes > 0) this.timer = setTimeout(() => this.fire(), this.minutes * 60_000);
  }

  stop(): void {
    this.minutes = 0;
    this.clear();
  }

  private fire(): void {
    this.timer = null;
    this.onIdle();
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The window events that count as someone at the keyboard. */
export const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** Whether `e` is the lock-now key: Ctrl+L (Cmd+L on a Mac), without Shift or Alt. */
export function isLockKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 'l';
}

// Conventions the Referrals view's forms share: Escape closes, and a draft is sent only once
// it has no problem, the core's refusal shown in its place.
import { describe } from '../../lib/api';

/** A window keydown handler: Escape closes what `isOpen` says is open, once. */
export function escapeCloses(isOpen: () => boolean, close: () => void): (e: KeyboardEvent) => void {
  return (e) => {
    if (e.key !== 'Escape' || e.defaultPrevented || !isOpen()) return;
    e.preventDefault();
    close();
  };
}

/**
 * Runs `send` unless the form has a `problem`; returns what to show under the form: the
 * problem, the core's refusal worded by `describe`, or '' once sent.
 */
export async function submit(problem: string | null, send: () => Promise<unknown>): Promise<string> {
  if (problem) return problem;
  try {
    await send();
    return '';
  } catch (e) {
    return describe(e);
  }
}

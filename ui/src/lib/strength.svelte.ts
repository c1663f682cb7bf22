// The strength of a passphrase being typed, asked of the core (zxcvbn) a moment after the
// typing stops, so the meter follows the field without a call per key. A failure only hides
// the meter: it advises, it never blocks.
import type { PassphraseStrength } from './bindings';
import { call, commands } from './api';

export const STRENGTH_DELAY_MS = 150;

export class StrengthCheck {
  strength = $state<PassphraseStrength | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;
  private asked = 0;

  /** Judges `passphrase` soon; words in `userInputs` (the case title, the user's name) count
   * against it. An empty passphrase shows no meter. */
  update(passphrase: string, userInputs: string[] = []): void {
    if (this.timer !== null) clearTimeout(this.timer);
    const ticket = ++this.asked;
    if (!passphrase) {
      this.strength = null;
      return;
    }
    this.timer = setTimeout(async () => {
      try {
        const s = await call(commands.passphraseStrength(passphrase, userInputs.filter(Boolean)));
        // A slower answer for an older text must not overwrite a newer one.
        if (ticket === this.asked) this.strength = s;
      } catch {
        if (ticket === this.asked) this.strength = null;
      }
    }, STRENGTH_DELAY_MS);
  }
}

// The steps every import wizard walks (affected records, harm reports), as state: the file
// chosen (a token from the shell's dialog), its preview read (detected, or with the shape the user picked), the step
// shown and its heading, which takes focus on each move so a screen reader announces the step
// and Tab continues from there. Each wizard supplies its own preview command and mapping.
import { tick } from 'svelte';
import type { ShapeOverride } from './bindings';
import { describe } from './api';
import { pickOne, type Chosen } from './pick';
import { detected } from './shape';

export type ImportStep = 'file' | 'preview' | 'mapping' | 'import' | 'result';

export class ImportFlow<P> {
  step = $state<ImportStep>('file');
  heading = $state<HTMLElement | undefined>();
  file = $state<Chosen | null>(null);
  preview = $state<P | null>(null);
  reading = $state(false);
  error = $state('');

  constructor(
    /** The title of the native file dialog. */
    private readonly title: string,
    /** Reads the first rows of the chosen file (by its token) with `shape`. */
    private readonly readPreview: (token: string, shape: ShapeOverride) => Promise<P>,
    /** Takes a fresh preview's suggested mapping. */
    private readonly onpreview: (preview: P) => void,
  ) {}

  async go(to: ImportStep): Promise<void> {
    this.step = to;
    await tick();
    this.heading?.focus();
  }

  async choose(): Promise<void> {
    try {
      const chosen = await pickOne(this.title);
      if (chosen) {
        this.file = chosen;
        await this.read(detected);
      }
    } catch (e) {
      this.error = describe(e);
    }
  }

  /** Reads the preview again (first with detection, then with the user's override). */
  async read(shape: ShapeOverride): Promise<void> {
    if (!this.file) return;
    this.error = '';
    this.reading = true;
    try {
      const p = await this.readPreview(this.file.token, shape);
      this.preview = p;
      this.onpreview(p);
      if (this.step === 'file') await this.go('preview');
    } catch (e) {
      this.error = describe(e);
    } finally {
      this.reading = false;
    }
  }

  submitFile(e: SubmitEvent): void {
    e.preventDefault();
    if (!this.file) {
      this.error = 'Choose the file to import.';
      return;
    }
    this.read(detected);
  }
}

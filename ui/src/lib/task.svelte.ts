// The state of one view's long task (busy, latest progress) and the one way to run it: the
// result goes to `done`, a failure to the view's own error line.
import type { ApiError, Result, TaskProgress } from './bindings';
import { describe, runTask } from './api';

export class TaskRunner {
  busy = $state(false);
  progress = $state<TaskProgress | null>(null);

  /** `fail` gets the message to show and the error itself, for a view that branches on its
   * kind (`key_locked` asks for the signing key's passphrase). */
  constructor(private readonly fail: (message: string, error: unknown) => void) {}

  async run<T>(
    start: (taskId: string) => Promise<Result<T, ApiError>>,
    done: (result: T) => unknown,
  ): Promise<void> {
    this.busy = true;
    this.progress = null;
    try {
      await done(await runTask(start, (p) => (this.progress = p)));
    } catch (e) {
      this.fail(describe(e), e);
    } finally {
      this.busy = false;
    }
  }
}

// The one door to the backend: every command result goes through `call`, which turns the
// `{kind, message}` error into a thrown `Failure` the views catch and branch on by `kind`.
import { commands, events, type ApiError, type ErrorKind, type Result, type TaskProgress } from './bindings';

export { commands };

export class Failure extends Error {
  readonly kind: ErrorKind;
  /** The field an `invalid` error names, so a form can show it beside that field. */
  readonly field: string | null;
  constructor(error: ApiError) {
    super(error.message);
    this.kind = error.kind;
    this.field = error.field ?? null;
  }

  /** The message without the field code it starts with (`loss: is not an amount` → `is not
   * an amount`), for a form that shows it under that field's label. */
  get reason(): string {
    const prefix = `${this.field}: `;
    return this.field && this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}

export async function call<T>(pending: Promise<Result<T, ApiError>>): Promise<T> {
  const result = await pending;
  if (result.status === 'error') throw new Failure(result.error);
  return result.data;
}

/** What to tell the user about a failure: worded by kind, with the core's detail. */
export function describe(error: unknown): string {
  if (error instanceof Failure) {
    switch (error.kind) {
      case 'wrong_passphrase':
        return 'Wrong passphrase: the case did not open. Check the passphrase and try again.';
      case 'not_a_case':
        return `Not a Casebook case: ${error.message}.`;
      case 'newer_version':
        return `This case was made by a newer Casebook: ${error.message}. Update Casebook to open it.`;
      case 'already_exists':
        return `${error.message}.`;
      case 'in_use':
        return `${capitalise(error.message)}.`;
      case 'key_locked':
        return 'Your signing key is protected by a passphrase: type it in “Signing key passphrase” and try again.';
      case 'no_case_open':
        return 'No case is open. Open a case first.';
      case 'cancelled':
        return 'Cancelled. Nothing was changed.';
      default:
        return capitalise(error.message);
    }
  }
  return error instanceof Error ? error.message : String(error);
}

function capitalise(s: string): string {
  return s.length ? s[0].toUpperCase() + s.slice(1) : s;
}

export function newTaskId(): string {
  return crypto.randomUUID();
}

/**
 * Runs a long command under a fresh task id, passing its progress events to `onProgress`
 * until it settles. The listener is removed however the command ends.
 */
export async function runTask<T>(
  start: (taskId: string) => Promise<Result<T, ApiError>>,
  onProgress: (p: TaskProgress) => void,
): Promise<T> {
  const taskId = newTaskId();
  const unlisten = await events.taskProgress.listen((e) => {
    if (e.payload.task_id === taskId) onProgress(e.payload);
  });
  currentTask = taskId;
  try {
    return await call(start(taskId));
  } finally {
    currentTask = null;
    unlisten();
  }
}

let currentTask: string | null = null;

/** Asks the running task (if any) to stop; it finishes by failing with `cancelled`. */
export async function cancelTask(): Promise<void> {
  if (currentTask) await call(commands.taskCancel(currentTask));
}

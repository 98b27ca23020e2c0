/**
 * The page's end of the training worker: commands as promises of their replies, events to a listener.
 * @module
 */
import { WorkerError, type CommandName, type Commands, type Request, type WorkerEvent, type WorkerMessage } from './protocol.js';

/** A running training worker. */
export class TrainingWorker {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  /** Starts the worker; `onEvent` gets what it sends of its own accord. */
  constructor(
    private readonly worker: Worker,
    onEvent: (event: WorkerEvent) => void,
  ) {
    worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => {
      const message = e.data;
      if (message.type !== 'reply') return onEvent(message);
      const waiting = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.ok) waiting?.resolve(message.value);
      else waiting?.reject(new WorkerError(message.error));
    });
    // The worker's script itself failed (it did not load, or threw outside any command).
    worker.addEventListener('error', (e) => {
      const error = new WorkerError({ name: 'Error', message: `the training worker failed: ${e.message || 'its script did not load'}` });
      for (const { reject } of this.pending.values()) reject(error);
      this.pending.clear();
      onEvent({ type: 'error', session: -1, error: { name: error.name, message: error.message } });
    });
  }

  /** Sends a command; resolves with the worker's reply, rejects with its error (same name and message). */
  call<K extends CommandName>(type: K, args: Commands[K]['args'], transfer: Transferable[] = []): Promise<Commands[K]['reply']> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, type, ...args } as Request, transfer);
    });
  }
}

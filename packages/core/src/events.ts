/**
 * A small typed event emitter whose listeners may be async: the emitter awaits them in order, so a
 * checkpoint listener finishes writing step N before step N+1 starts.
 * @module
 */

/** Removes the listener it was returned for. */
export type Unsubscribe = () => void;

/** Typed events, keyed by name. */
export class AsyncEmitter<E extends object> {
  private readonly listeners = new Map<keyof E, Array<(payload: never) => unknown>>();

  /** Calls `listener` on every `event`; returns a function that removes it. */
  on<K extends keyof E>(event: K, listener: (payload: E[K]) => void | Promise<void>): Unsubscribe {
    const list = this.listeners.get(event) ?? [];
    list.push(listener as (payload: never) => unknown);
    this.listeners.set(event, list);
    return () => {
      const i = list.indexOf(listener as (payload: never) => unknown);
      if (i >= 0) list.splice(i, 1);
    };
  }

  /** Calls the listeners of `event` in registration order, awaiting each. */
  protected async emit<K extends keyof E>(event: K, payload: E[K]): Promise<void> {
    for (const listener of [...(this.listeners.get(event) ?? [])]) {
      await (listener as (p: E[K]) => unknown)(payload);
    }
  }
}

import type { EventEmitter2 } from '@nestjs/event-emitter';

/**
 * Emits a domain event and awaits its listeners one after another, in the order they were
 * registered; the first to fail stops the rest and fails the emit. `EventEmitter2.emitAsync`
 * starts them all at once instead: inside a transaction, listeners that write share its one
 * connection, which runs one statement at a time (pg queues a second query on a busy client
 * today, with a deprecation warning, and will refuse it in its next major version).
 */
export async function emitInTurn(events: EventEmitter2, name: string, event: object): Promise<void> {
  for (const listener of events.listeners(name)) {
    // As `emitAsync` calls them: on the emitter, with the event; a listener may answer a promise.
    await (listener.call(events, event) as Promise<void> | void);
  }
}

import { Injectable } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { emitInTurn } from './emit-in-turn';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** Two listeners as features declare them; the first takes a while, and fails when asked to. */
@Injectable()
class Listeners {
  readonly steps: string[] = [];
  failFirst = false;

  @OnEvent('done', { suppressErrors: false })
  async first(event: { id: string }): Promise<void> {
    this.steps.push(`first starts ${event.id}`);
    await tick();
    if (this.failFirst) {
      throw new Error('could not forget');
    }
    this.steps.push('first ends');
  }

  @OnEvent('done', { suppressErrors: false })
  second(event: { id: string }): void {
    this.steps.push(`second starts ${event.id}`);
  }
}

describe('emitInTurn', () => {
  async function setUp(): Promise<{ events: EventEmitter2; listeners: Listeners }> {
    const module = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot()],
      providers: [Listeners],
    }).compile();
    await module.init();
    return { events: module.get(EventEmitter2), listeners: module.get(Listeners) };
  }

  it('awaits each listener before starting the next, in the order they were registered', async () => {
    const { events, listeners } = await setUp();
    await emitInTurn(events, 'done', { id: 'e1' });
    expect(listeners.steps).toEqual(['first starts e1', 'first ends', 'second starts e1']);
  });

  it('fails with the first listener that fails, and starts none after it', async () => {
    const { events, listeners } = await setUp();
    listeners.failFirst = true;
    await expect(emitInTurn(events, 'done', { id: 'e2' })).rejects.toThrow('could not forget');
    expect(listeners.steps).toEqual(['first starts e2']);
  });

  it('answers at once when nobody listens', async () => {
    const { events } = await setUp();
    await expect(emitInTurn(events, 'nobody', { id: 'e3' })).resolves.toBeUndefined();
  });
});

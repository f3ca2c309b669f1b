import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import type { ApiKeysService } from '../api-keys/api-keys.service';
import type { AuthService } from './auth.service';
import type { Principal } from './principal';
import { BearerStrategy } from './strategies';
import { apiKeyPrincipal, userPrincipal } from '../../../../test/factories/principals';

const learner: Principal = userPrincipal();
const apiKey: Principal = apiKeyPrincipal();

function setUp(lookup: (token: string) => Promise<Principal | null>) {
  const authenticate = jest.fn((token: string) => lookup(token));
  const keys = jest.fn(async () => apiKey);
  const strategy = new BearerStrategy(
    { authenticate } as unknown as AuthService,
    { authenticate: keys } as unknown as ApiKeysService,
  );
  const request = (authorization?: string) => {
    const raw = { headers: { authorization } } as IncomingMessage;
    return { raw, fastify: { raw } as FastifyRequest };
  };
  return { strategy, authenticate, keys, request };
}

describe('BearerStrategy: the token looked up as the request arrives', () => {
  it('starts the lookup before the guards and answers the guard from it: one lookup per request', async () => {
    const { strategy, authenticate, request } = setUp(async () => learner);
    const { raw, fastify } = request('Bearer abc');
    strategy.startLookup(raw);
    expect(authenticate).toHaveBeenCalledWith('abc', 'api');
    await expect(strategy.validate(fastify, 'abc')).resolves.toBe(learner);
    expect(authenticate).toHaveBeenCalledTimes(1);
  });

  it('looks a token up itself when none was started, or another was', async () => {
    const { strategy, authenticate, request } = setUp(async (token) => (token === 'abc' ? learner : null));
    await expect(strategy.validate(request('Bearer abc').fastify, 'abc')).resolves.toBe(learner);
    const { raw, fastify } = request('Bearer abc');
    strategy.startLookup(raw);
    await expect(strategy.validate(fastify, 'other')).resolves.toBe(false);
    expect(authenticate.mock.calls.map(([token]) => token)).toEqual(['abc', 'abc', 'other']);
  });

  it('reads the header as passport does: the Bearer scheme in any case, one token, no API keys', () => {
    const { strategy, authenticate, request } = setUp(async () => learner);
    for (const header of [undefined, '', 'Basic abc', 'Bearer', 'Bearer a b', 'Bearer rak_secret']) {
      strategy.startLookup(request(header).raw);
    }
    expect(authenticate).not.toHaveBeenCalled();
    strategy.startLookup(request('bearer abc').raw);
    expect(authenticate).toHaveBeenCalledWith('abc', 'api');
  });

  it('passes a failed lookup on to the guard, and leaves none unhandled when no guard asks', async () => {
    const unhandled = jest.fn();
    process.on('unhandledRejection', unhandled);
    try {
      const { strategy, request } = setUp(async () => {
        throw new Error('database unavailable');
      });
      const asked = request('Bearer abc');
      strategy.startLookup(asked.raw);
      await expect(strategy.validate(asked.fastify, 'abc')).rejects.toThrow('database unavailable');
      // A request refused before authentication (the rate limit's 429) never asks.
      strategy.startLookup(request('Bearer abc').raw);
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('leaves API keys to the guard, with their own checks', async () => {
    const { strategy, authenticate, keys, request } = setUp(async () => learner);
    await expect(strategy.validate(request('Bearer rak_secret').fastify, 'rak_secret')).resolves.toBe(apiKey);
    expect(keys).toHaveBeenCalledWith('rak_secret');
    expect(authenticate).not.toHaveBeenCalled();
  });
});

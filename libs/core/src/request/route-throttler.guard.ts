import { Injectable } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard } from '@nestjs/throttler';
import type { ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- a route handler, as Nest's Reflector takes it
type Target = Function | Type;

/**
 * A reflector that reads each route's metadata once: decorators are fixed when the app starts,
 * and the throttler asks five of them (limit, ttl, block, tracker, key) for every throttler on
 * every request, each a walk up the handler's and the controller's prototype chains.
 */
class RouteMetadataReflector extends Reflector {
  private readonly read = new Map<unknown, WeakMap<Target, WeakMap<Target, { value: unknown }>>>();

  override getAllAndOverride<T = unknown>(metadataKey: unknown, targets: Target[]): T {
    const [handler, controller] = targets;
    if (targets.length !== 2 || !handler || !controller) {
      return super.getAllAndOverride<T>(metadataKey, targets);
    }
    let byHandler = this.read.get(metadataKey);
    if (!byHandler) {
      byHandler = new WeakMap();
      this.read.set(metadataKey, byHandler);
    }
    let byController = byHandler.get(handler);
    if (!byController) {
      byController = new WeakMap();
      byHandler.set(handler, byController);
    }
    let found = byController.get(controller);
    if (!found) {
      found = { value: super.getAllAndOverride(metadataKey, targets) };
      byController.set(controller, found);
    }
    return found.value as T;
  }
}

/** `@nestjs/throttler`'s guard, its route metadata read once per route instead of per request. */
@Injectable()
export class RouteThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
  ) {
    super(options, storage, new RouteMetadataReflector());
  }
}

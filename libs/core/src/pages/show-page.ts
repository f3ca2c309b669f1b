import { Redirect } from '@nestjs/common';

/**
 * Thrown by a page handler to answer with a page instead of what the route normally does: most
 * often the form again, with what was typed and what is wrong, as a 400. The global filter
 * renders it with the layout, so handlers need no `@Req()`/`@Res()` for it.
 */
export class ShowPage extends Error {
  constructor(
    readonly template: string,
    readonly model: Record<string, unknown>,
    readonly status = 400,
    /** Headers to answer with, e.g. `Retry-After` on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(`Show ${template}`);
    this.name = 'ShowPage';
  }
}

/** Where a form's handler sends the browser when it succeeded (`@AfterPost()` answers it 303 See Other). */
export interface SeeOther {
  url: string;
}

/**
 * A form handler that answers success with a redirect: it returns `{ url }` (a `SeeOther`), or
 * throws `ShowPage` to show the form again.
 */
export const AfterPost = (): MethodDecorator => Redirect('', 303);

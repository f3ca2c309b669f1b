import type { INestApplicationContext } from '@nestjs/common';
import { ApiKeysService, UsersService } from '@academy/identity';

/**
 * A new verifier organisation; a verifier given here joins it and manages its API keys (unless
 * `manager: false`); anyone else does not join (joining grants the verifier role). Answers the
 * organisation's id.
 */
export async function verifierOrganisation(
  app: INestApplicationContext,
  member?: { id: string; roles: readonly string[] },
  options: { manager?: boolean } = {},
): Promise<string> {
  const organisation = await app
    .get(ApiKeysService)
    .createOrganisation(`Board ${Math.random().toString(36).slice(2)}`);
  if (member?.roles.includes('verifier')) {
    await organisationMember(app, organisation.id, member, options);
  }
  return organisation.id;
}

/** Puts an account into the organisation (with the verifier role); a key manager with `manager: true`. */
export async function organisationMember(
  app: INestApplicationContext,
  organisationId: string,
  member: { id: string },
  options: { manager?: boolean } = {},
): Promise<void> {
  const users = app.get(UsersService);
  await users.joinOrganisation(organisationId, (await users.get(member.id)).email);
  if (options.manager ?? true) {
    await users.setOrganisationManager(organisationId, member.id, true);
  }
}

/** A new API key of the organisation: its id and the key itself. */
export async function organisationKey(
  app: INestApplicationContext,
  organisationId: string,
  name = 'Licensing system',
): Promise<{ id: string; key: string; prefix: string }> {
  const created = await app.get(ApiKeysService).createKey(organisationId, name);
  return { id: created.entity.id, key: created.key, prefix: created.entity.prefix };
}

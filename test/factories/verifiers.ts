import type { INestApplicationContext } from '@nestjs/common';
import { ApiKeysService, UsersService } from '@academy/identity';

/**
 * A new verifier organisation; a verifier given here joins it (anyone else does not: joining
 * grants the verifier role). Answers the organisation's id.
 */
export async function verifierOrganisation(
  app: INestApplicationContext,
  member?: { id: string; roles: readonly string[] },
): Promise<string> {
  const organisation = await app
    .get(ApiKeysService)
    .createOrganisation(`Board ${Math.random().toString(36).slice(2)}`);
  if (member?.roles.includes('verifier')) {
    const users = app.get(UsersService);
    await users.joinOrganisation(organisation.id, (await users.get(member.id)).email);
  }
  return organisation.id;
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

import type { INestApplicationContext } from '@nestjs/common';
import { createHash, generateKeyPairSync, KeyObject, randomBytes, sign } from 'node:crypto';
import { TwoFactorService } from '@academy/identity';

/**
 * A software passkey authenticator, for tests without a browser: it answers WebAuthn ceremonies
 * (the options the server sends, as JSON) as a platform authenticator with user verification
 * would, with an ES256 key, "none" attestation and a signature counter. The browser tests use
 * Chromium's virtual authenticator instead.
 */
export class SoftPasskey {
  readonly credentialId = randomBytes(16).toString('base64url');
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private counter = 0;
  private userHandle: string | undefined;

  constructor(
    private readonly rpId = 'localhost',
    private readonly origin = 'http://localhost:3000',
  ) {}

  /** The answer to `navigator.credentials.create()` for these options (RegistrationResponseJSON). */
  register(options: { challenge: string; user: { id: string } }): Record<string, unknown> {
    this.userHandle = options.user.id;
    const clientData = this.clientData('webauthn.create', options.challenge);
    const credentialId = Buffer.from(this.credentialId, 'base64url');
    const authData = Buffer.concat([
      this.rpIdHash(),
      Buffer.from([0x45]), // user present, user verified, attested credential data
      this.nextCounter(),
      Buffer.alloc(16), // AAGUID
      Buffer.from([credentialId.length >> 8, credentialId.length & 0xff]),
      credentialId,
      coseKey(this.keys.publicKey),
    ]);
    const attestationObject = Buffer.concat([
      Buffer.from([0xa3]),
      text('fmt'),
      text('none'),
      text('attStmt'),
      Buffer.from([0xa0]),
      text('authData'),
      bytes(authData),
    ]);
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** The answer to `navigator.credentials.get()` for these options (AuthenticationResponseJSON). */
  authenticate(options: { challenge: string }): Record<string, unknown> {
    const clientData = this.clientData('webauthn.get', options.challenge);
    const authData = Buffer.concat([this.rpIdHash(), Buffer.from([0x05]), this.nextCounter()]);
    const signature = sign(
      'sha256',
      Buffer.concat([authData, createHash('sha256').update(clientData).digest()]),
      this.keys.privateKey,
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: clientData.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
        ...(this.userHandle ? { userHandle: this.userHandle } : {}),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }

  private rpIdHash(): Buffer {
    return createHash('sha256').update(this.rpId).digest();
  }

  private nextCounter(): Buffer {
    this.counter += 1;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return counter;
  }
}

// The few CBOR shapes an attestation needs (RFC 8949): short maps, text, byte strings, small ints.
function text(value: string): Buffer {
  const encoded = Buffer.from(value);
  return Buffer.concat([Buffer.from([0x60 | encoded.length]), encoded]);
}

function bytes(value: Buffer): Buffer {
  const head =
    value.length < 24
      ? Buffer.from([0x40 | value.length])
      : value.length < 256
        ? Buffer.from([0x58, value.length])
        : Buffer.from([0x59, value.length >> 8, value.length & 0xff]);
  return Buffer.concat([head, value]);
}

/** The public key as a COSE_Key: EC2 (1: 2), ES256 (3: -7), P-256 (-1: 1), x (-2), y (-3). */
function coseKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  return Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21]),
    bytes(Buffer.from(jwk.x!, 'base64url')),
    Buffer.from([0x22]),
    bytes(Buffer.from(jwk.y!, 'base64url')),
  ]);
}

/** A passkey registered for the account through the real service; answers it and its id. */
export async function newPasskey(
  app: INestApplicationContext,
  userId: string,
  name = 'Test passkey',
): Promise<{ passkey: SoftPasskey; id: string }> {
  const twoFactor = app.get(TwoFactorService);
  const passkey = new SoftPasskey();
  const ceremony = await twoFactor.passkeyRegistration(userId);
  await twoFactor.registerPasskey(
    userId,
    { challengeId: ceremony.challengeId, response: passkey.register(ceremony.options) as never, name },
    { origin: 'http://localhost:3000' },
  );
  const registered = (await twoFactor.status(userId)).passkeys.at(-1)!;
  return { passkey, id: registered.id };
}

import {
  isTotpCode,
  newRecoveryCodes,
  newTotpSecret,
  recoveryCodeHash,
  totpCodeAt,
  totpStepOf,
  totpUri,
} from './totp';

describe('authenticator codes and recovery codes', () => {
  // RFC 6238 appendix B's SHA-1 secret ("12345678901234567890"), in base32.
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

  it('computes RFC 6238’s own test values (six digits of them)', () => {
    expect(totpCodeAt(RFC_SECRET, new Date(59_000))).toBe('287082');
    expect(totpCodeAt(RFC_SECRET, new Date(1_111_111_109_000))).toBe('081804');
    expect(totpCodeAt(RFC_SECRET, new Date(2_000_000_000_000))).toBe('279037');
  });

  it('accepts the code of the step before, now and after, and tells which step it was', () => {
    const now = new Date(1_111_111_109_000);
    const step = Math.floor(now.getTime() / 30_000);
    for (const offset of [-1, 0, 1]) {
      const code = totpCodeAt(RFC_SECRET, new Date(now.getTime() + offset * 30_000));
      expect(totpStepOf(RFC_SECRET, code, now)).toBe(step + offset);
    }
    expect(totpStepOf(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + 60_000)), now)).toBeNull();
  });

  it('makes a 160-bit secret and the otpauth URI an app scans', () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, 'dr.jane@clinic.example')).toBe(
      `otpauth://totp/Regen%20Academy:dr.jane%40clinic.example?issuer=Regen%20Academy&secret=${secret}&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it('issues ten distinct recovery codes easy to read off paper, matched however they are typed', () => {
    const codes = newRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) {
      expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
      expect(isTotpCode(code)).toBe(false);
    }
    expect(recoveryCodeHash(` ${codes[0]!.toUpperCase().replace('-', ' ')} `)).toBe(
      recoveryCodeHash(codes[0]!),
    );
    expect(isTotpCode('123 456')).toBe(true);
  });
});

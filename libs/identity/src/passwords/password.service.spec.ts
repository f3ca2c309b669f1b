import { IdentityError } from '../identity-error';
import { PasswordService } from './password.service';

describe('PasswordService', () => {
  const passwords = new PasswordService();

  it('hashes with argon2id at the OWASP baseline or stronger and verifies', async () => {
    const hash = await passwords.hash('marrow-harvest-42');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    const parameter = (name: string): number => Number(new RegExp(`[$,]${name}=(\\d+)`).exec(hash)?.[1]);
    const [memory, time, lanes] = [parameter('m'), parameter('t'), parameter('p')];
    expect(memory).toBeGreaterThanOrEqual(19_456);
    expect(time).toBeGreaterThanOrEqual(2);
    expect(lanes).toBeGreaterThanOrEqual(1);
    await expect(passwords.verify(hash, 'marrow-harvest-42')).resolves.toBe(true);
    await expect(passwords.verify(hash, 'marrow-harvest-43')).resolves.toBe(false);
    expect(passwords.needsRehash(hash)).toBe(false);
  });

  it.each([
    ['short1!', 'must be 8 to 128 characters'],
    ['x'.repeat(129), 'must be 8 to 128 characters'],
    ['password1', 'most common passwords'],
    ['Qwertyuiop', 'most common passwords'],
  ])('refuses %s', (password, message) => {
    expect(() => passwords.assertAcceptable(password)).toThrow(IdentityError);
    expect(() => passwords.assertAcceptable(password)).toThrow(message);
  });

  it('refuses the e-mail name as password', () => {
    expect(() => passwords.assertAcceptable('drjanesmith', { email: 'DrJaneSmith@clinic.org' })).toThrow(
      'e-mail name',
    );
  });

  it('accepts a long uncommon passphrase', () => {
    expect(() => passwords.assertAcceptable('posterior superior iliac spine')).not.toThrow();
  });
});

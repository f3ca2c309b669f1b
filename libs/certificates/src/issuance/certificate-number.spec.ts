import { checkCharacter, newCertificateNumber, parseCertificateNumber } from './certificate-number';

describe('certificate numbers', () => {
  it('are unguessable, grouped, and read back as themselves', () => {
    const numbers = Array.from({ length: 2000 }, () => newCertificateNumber());
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const number of numbers.slice(0, 100)) {
      expect(number).toMatch(/^RA(-[0-9A-HJKMNP-TV-Z]{4}){6}-[0-9A-HJKMNP-TV-Z]{3}$/);
      expect(parseCertificateNumber(number)).toBe(number);
      expect(parseCertificateNumber(number.toLowerCase().replace(/-/g, ' '))).toBe(number);
    }
  });

  it('catch every single wrong character and every swap of neighbours', () => {
    for (let round = 0; round < 40; round++) {
      expectEveryTypoCaught(newCertificateNumber());
    }
  });

  it('miss only the swap of 0 and Z, as Luhn mod N does, which is why issued numbers never have them side by side', () => {
    const body = 'M3AR0K230Z5Z4306ASAMKKRS41';
    const swapped = body.replace('0Z', 'Z0');
    expect(checkCharacter(swapped)).toBe(checkCharacter(body));
    expect(
      Array.from({ length: 2000 }, () => newCertificateNumber()).some((number) =>
        /0Z|Z0/.test(number.replace(/-/g, '')),
      ),
    ).toBe(false);
  });

  function expectEveryTypoCaught(number: string): void {
    const characters = number.replace(/^RA-/, '').replace(/-/g, '');
    for (let index = 0; index < characters.length; index++) {
      for (const replacement of '0123456789ABCDEFGHJKMNPQRSTVWXYZ') {
        if (replacement === characters[index]) {
          continue;
        }
        const typo = characters.slice(0, index) + replacement + characters.slice(index + 1);
        expect(parseCertificateNumber(typo)).toBeNull();
      }
      if (index + 1 < characters.length && characters[index] !== characters[index + 1]) {
        const swapped =
          characters.slice(0, index) +
          characters[index + 1] +
          characters[index] +
          characters.slice(index + 2);
        expect(parseCertificateNumber(swapped)).toBeNull();
      }
    }
  }

  it('refuse the wrong length and foreign characters', () => {
    expect(parseCertificateNumber('RA-1234')).toBeNull();
    expect(parseCertificateNumber('RA-!!!!-1234-5678-9ABC-DEFG-HJKM-NPQ')).toBeNull();
    expect(checkCharacter('0000')).toBe('0');
  });
});

import { isValidNpi } from './npi';

describe('isValidNpi', () => {
  it.each(['1234567893', '1245319599', '1003000126'])('accepts %s, whose check digit is right', (npi) => {
    expect(isValidNpi(npi)).toBe(true);
  });

  it.each([
    ['1234567890', 'wrong check digit'],
    ['1234567894', 'wrong check digit'],
    ['123456789', 'nine digits'],
    ['12345678933', 'eleven digits'],
    ['12345678a3', 'a letter'],
    ['', 'empty'],
  ])('refuses %s (%s)', (npi) => {
    expect(isValidNpi(npi)).toBe(false);
  });
});

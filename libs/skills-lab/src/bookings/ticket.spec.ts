import { createHmac } from 'node:crypto';
import { formatTicketCode, newTicketCode, normaliseTicketCode, ticketSignatureValid } from './ticket';

const sign = (data: string) => createHmac('sha256', 'test key').update(data).digest();
const otherKey = (data: string) => createHmac('sha256', 'another key').update(data).digest();

describe('lab tickets', () => {
  it('are 20 characters of Crockford base32, all different, and verify under their key only', () => {
    const codes = Array.from({ length: 1000 }, () => newTicketCode(sign));
    expect(new Set(codes).size).toBe(1000);
    for (const code of codes.slice(0, 50)) {
      expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{20}$/);
      expect(ticketSignatureValid(code, sign)).toBe(true);
      expect(ticketSignatureValid(code, otherKey)).toBe(false);
    }
  });

  it('refuses a code whose random part or signature was changed', () => {
    const code = newTicketCode(sign);
    const flip = (index: number) =>
      code.slice(0, index) + (code[index] === '0' ? '1' : '0') + code.slice(index + 1);
    expect(ticketSignatureValid(flip(0), sign)).toBe(false);
    expect(ticketSignatureValid(flip(19), sign)).toBe(false);
    expect(ticketSignatureValid(code.slice(0, 19), sign)).toBe(false);
  });

  it('reads typed codes forgivingly and prints them in groups of four', () => {
    const code = newTicketCode(sign);
    const printed = formatTicketCode(code);
    expect(printed).toMatch(/^(\w{4}-){4}\w{4}$/);
    expect(normaliseTicketCode(` ${printed.toLowerCase()} `)).toBe(code);
    expect(normaliseTicketCode('o1il-abcd')).toBe('0111ABCD');
  });
});

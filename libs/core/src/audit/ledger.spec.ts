import { createHash } from 'node:crypto';
import { canonicalJson } from '../encoding/canonical-json';
import { LEDGER_GENESIS_HASH, ledgerDetails, ledgerEntryHash, ledgerTimestamp } from './ledger';

describe('the ledger’s canonical form', () => {
  it('serialises JSON as RFC 8785 (JCS) does: its own example', () => {
    // RFC 8785 section 3.2.2 input, parsed as JSON; section 3.2.3 output.
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts member names by UTF-16 code units (RFC 8785 section 3.2.3)', () => {
    const names = ['\u20ac', '\r', '\ufb33', '1', '\ud83d\ude00', '\u0080', '\u00f6'];
    const expected = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    // Compared as text: parsing it back would put the integer-like "1" first (JS property order).
    expect(canonicalJson(Object.fromEntries(names.map((name) => [name, 0])))).toBe(
      `{${expected.map((name) => `${JSON.stringify(name)}:0`).join(',')}}`,
    );
  });

  it('leaves out an object member that is undefined, as JSON does', () => {
    expect(canonicalJson({ b: 1, a: undefined })).toBe('{"b":1}');
  });

  it('refuses what JSON cannot hold', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ a: 10n })).toThrow(TypeError);
  });

  it('hashes an entry as documented: SHA-256 (hex) of the JCS form with prevHash inside', () => {
    const entry = {
      seq: 1,
      occurredAt: ledgerTimestamp(new Date('2026-11-22T03:23:53.123Z')),
      action: 'certificate.issued',
      subjectType: 'certificate',
      subjectId: 'c0a80121-7ac0-4e1d-9f2c-1b2c3d4e5f60',
      actor: null,
      details: { version: 2, number: 'RA-7KQ4' },
      prevHash: LEDGER_GENESIS_HASH,
    };
    const written =
      '{"action":"certificate.issued","actor":null,"details":{"number":"RA-7KQ4","version":2},' +
      '"occurredAt":"2026-11-22T03:23:53.123000Z",' +
      `"prevHash":"${'0'.repeat(64)}","seq":1,"subjectId":"c0a80121-7ac0-4e1d-9f2c-1b2c3d4e5f60","subjectType":"certificate"}`;
    expect(ledgerEntryHash(entry)).toBe(createHash('sha256').update(written, 'utf8').digest('hex'));
    expect(ledgerEntryHash({ ...entry, details: { version: 3, number: 'RA-7KQ4' } })).not.toBe(
      ledgerEntryHash(entry),
    );
  });

  it('keeps details as a jsonb column gives them back', () => {
    expect(ledgerDetails({ at: new Date('2026-01-01T00:00:00Z'), gone: undefined, n: 1 })).toEqual({
      at: '2026-01-01T00:00:00.000Z',
      n: 1,
    });
    expect(ledgerDetails(undefined)).toEqual({});
  });
});

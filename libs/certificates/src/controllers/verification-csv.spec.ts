import { newCertificateNumber } from '../issuance/certificate-number';
import type { VerificationAnswer } from '../verification/verification.service';
import { numbersFromCsv, parseCsv, resultsCsv } from './verification-csv';

const [A, B, C] = [newCertificateNumber(), newCertificateNumber(), newCertificateNumber()];

function unknown(number: string): VerificationAnswer {
  return {
    status: 'unknown',
    number,
    holderName: null,
    course: null,
    courseVersion: null,
    credits: [],
    issuedAt: null,
    expiresAt: null,
    reason: null,
    statusChangedAt: null,
    renewedBy: null,
  };
}

/** The values of the rows read, without their lines. */
const values = (raw: string): string[] => numbersFromCsv(raw).map((row) => row.value);

describe('numbersFromCsv', () => {
  it('reads one number a line, in order, skipping blank lines and keeping repeats', () => {
    expect(values(`${A}\n\n${B}\r\n  ${C}  \n${A}\n`)).toEqual([A, B, C, A]);
  });

  it('gives each row the line it is on in the file: blank lines are dropped, never renumbered', () => {
    expect(numbersFromCsv(`number\n${A}\n\n\nhello\n,\n${B}\n`)).toEqual([
      { line: 2, value: A },
      { line: 5, value: 'hello' },
      { line: 7, value: B },
    ]);
    // A quoted field over two lines: the next row is on the line after both.
    expect(numbersFromCsv(`name,number\n"Doe,\nJane",${A}\nRoe,${B}`)).toEqual([
      { line: 2, value: A },
      { line: 4, value: B },
    ]);
  });

  it('answers a lone word on the first line as a row, and keeps rows without a number in their place', () => {
    expect(numbersFromCsv(`hello\n${A}`)).toEqual([
      { line: 1, value: 'hello' },
      { line: 2, value: A },
    ]);
    expect(numbersFromCsv(`Name;Certificate number\nDoe;${A}\nRoe;\nPoe;${B}`)).toEqual([
      { line: 2, value: A },
      { line: 3, value: '' },
      { line: 4, value: B },
    ]);
  });

  it('skips a header row and reads the column it names', () => {
    const csv = `Name,Certificate number,Issued\n"Doe, Jane",${A},2026-01-02\nRoe,${B},2026-01-03\n`;
    expect(values(csv)).toEqual([A, B]);
  });

  it('finds the column of numbers without a header, with semicolons or tabs', () => {
    expect(values(`Doe;${A};x\nRoe;${B};y`)).toEqual([A, B]);
    expect(values(`Doe\t${A}\nRoe\t${B}`)).toEqual([A, B]);
  });

  it('keeps malformed numbers in their place (they come back as not a number) and strips a BOM', () => {
    expect(values(`\uFEFFnumber\n${A}\nRA-TYPO-1234\n${B}`)).toEqual([A, 'RA-TYPO-1234', B]);
  });

  it('refuses an empty list and more than 1000 numbers, saying how many', () => {
    expect(() => numbersFromCsv('\n \n')).toThrow('No certificate numbers found');
    expect(() => numbersFromCsv('certificate number\n')).toThrow('No certificate numbers found');
    const many = Array.from({ length: 1001 }, () => newCertificateNumber()).join('\n');
    expect(() => numbersFromCsv(many)).toThrow('At most 1000 numbers at once; this list has 1001.');
    expect(numbersFromCsv(`number\n${many.split('\n').slice(1).join('\n')}`)).toHaveLength(1000);
  });
});

describe('parseCsv', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks', () => {
    expect(parseCsv('a,"b,c","d ""e""","f\ng"\r\nh', ',')).toEqual([['a', 'b,c', 'd "e"', 'f\ng'], ['h']]);
  });
});

describe('resultsCsv', () => {
  it('writes one row per row of the list with its line and a reason in words, quoting and defusing formulas', () => {
    const csv = resultsCsv([
      {
        line: 2,
        value: A,
        answer: {
          status: 'revoked',
          number: A,
          holderName: 'Dr "Zoë" Łukasiewicz, MD',
          course: 'Bone Marrow Harvesting',
          courseVersion: 2,
          credits: [
            { type: 'AMA PRA Category 1 Credit™', amount: 1.75 },
            { type: 'ANCC contact hours', amount: 2 },
          ],
          issuedAt: '2026-03-14T10:20:30.000Z',
          expiresAt: null,
          reason: 'Issued in error: wrong course',
          statusChangedAt: '2026-04-02T08:00:00.000Z',
          renewedBy: null,
        },
      },
      {
        line: 4,
        value: '=HYPERLINK("http://evil.example")',
        answer: unknown('=HYPERLINK("http://evil.example")'),
      },
      { line: 5, value: '', answer: null },
      { line: 6, value: 'hello', answer: { ...unknown('hello'), status: 'invalid' } },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('line,number,status,holder,course,course version,credits,issued,expires,reason');
    expect(lines[1]).toBe(
      `2,${A},revoked,"Dr ""Zoë"" Łukasiewicz, MD",Bone Marrow Harvesting,2,"AMA PRA Category 1 Credit™: 1.75; ANCC contact hours: 2",2026-03-14,,Revoked on 2 April 2026: Issued in error: wrong course`,
    );
    expect(lines[2]).toBe(
      `4,"'=HYPERLINK(""http://evil.example"")",unknown,,,,,,,Unknown number: no certificate of the academy has it`,
    );
    expect(lines[3]).toBe('5,,empty,,,,,,,No certificate number in this row');
    expect(lines[4]).toMatch(/^6,hello,invalid,,,,,,,Not a certificate number/);
    expect(lines).toHaveLength(6);
  });

  it('says in the reason which certificate renews an expired or valid one', () => {
    const renewed = (status: 'valid' | 'expired') =>
      resultsCsv([
        {
          line: 2,
          value: A,
          answer: {
            ...unknown(A),
            status,
            holderName: 'Dr Amara Okafor',
            course: 'Iliac Crest Aspiration',
            courseVersion: 1,
            issuedAt: '2026-11-22T09:00:00.000Z',
            expiresAt: '2029-11-22T09:00:00.000Z',
            renewedBy: { number: B, url: `https://academy.example/verify/${B}` },
          },
        },
      ]).split('\r\n')[1];
    // Quoted: spreadsheets set to semicolons would otherwise split the reason.
    expect(renewed('expired')).toMatch(
      /,"Expired on 22 November 2029; renewed by certificate RA-[0-9A-Z-]+"$/,
    );
    expect(renewed('expired')).toContain(B);
    expect(renewed('valid')).toMatch(
      /,"Valid until 22 November 2029; renewed by certificate RA-[0-9A-Z-]+"$/,
    );
  });
});

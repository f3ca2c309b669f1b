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
  };
}

describe('numbersFromCsv', () => {
  it('reads one number a line, in order, skipping blank lines and keeping repeats', () => {
    expect(numbersFromCsv(`${A}\n\n${B}\r\n  ${C}  \n${A}\n`)).toEqual([A, B, C, A]);
  });

  it('skips a header row and reads the column it names', () => {
    const csv = `Name,Certificate number,Issued\n"Doe, Jane",${A},2026-01-02\nRoe,${B},2026-01-03\n`;
    expect(numbersFromCsv(csv)).toEqual([A, B]);
  });

  it('finds the column of numbers without a header, with semicolons or tabs', () => {
    expect(numbersFromCsv(`Doe;${A};x\nRoe;${B};y`)).toEqual([A, B]);
    expect(numbersFromCsv(`Doe\t${A}\nRoe\t${B}`)).toEqual([A, B]);
  });

  it('keeps malformed numbers in their place (they come back as unknown) and strips a BOM', () => {
    expect(numbersFromCsv(`\uFEFFnumber\n${A}\nRA-TYPO-1234\n${B}`)).toEqual([A, 'RA-TYPO-1234', B]);
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
  it('writes one row per answer in order, quoting what needs it and defusing formulas', () => {
    const csv = resultsCsv([
      {
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
      },
      unknown('=HYPERLINK("http://evil.example")'),
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('row,number,status,holder,course,course version,credits,issued,expires,reason');
    expect(lines[1]).toBe(
      `1,${A},revoked,"Dr ""Zoë"" Łukasiewicz, MD",Bone Marrow Harvesting,2,"AMA PRA Category 1 Credit™: 1.75; ANCC contact hours: 2",2026-03-14,,Issued in error: wrong course`,
    );
    expect(lines[2]).toBe(`2,"'=HYPERLINK(""http://evil.example"")",unknown,,,,,,,`);
    expect(lines).toHaveLength(4);
  });
});

import PDFDocument from 'pdfkit';
import { newCertificateNumber } from '../issuance/certificate-number';
import { renderCertificatePdf } from '../pdf/certificate-pdf';
import { credentialNumber, readCredentialFile } from './credential-file';

const NUMBER = newCertificateNumber();
const CREDENTIAL = {
  '@context': ['https://www.w3.org/ns/credentials/v2'],
  id: `https://academy.example/verify/${NUMBER}`,
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  credentialSubject: { name: 'Zoë Łukasiewicz-Nguyễn' },
  proof: { type: 'DataIntegrityProof', proofValue: 'z3FX' },
};

function certificatePdf(credentialJson: string): Promise<Buffer> {
  return renderCertificatePdf({
    academyName: 'Regen Academy',
    timeZone: 'UTC',
    number: NUMBER,
    holderName: 'Zoë Łukasiewicz-Nguyễn',
    courseTitle: 'Bone Marrow Harvesting',
    courseVersion: 1,
    contentHash: 'a'.repeat(64),
    credits: [{ type: 'AMA PRA Category 1 Credit™', amount: 1.75 }],
    issuedAt: new Date('2026-03-14T10:20:30Z'),
    expiresAt: null,
    verifyUrl: `https://academy.example/verify/${NUMBER}`,
    credentialJson,
  });
}

/** A PDF made by another program: one page, with or without files attached. */
function otherPdf(files: { name: string; content: Buffer }[] = []): Promise<Buffer> {
  const doc = new PDFDocument();
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  for (const file of files) {
    doc.file(file.content, { name: file.name });
  }
  doc.text('A letter, not a certificate.');
  doc.end();
  return done;
}

describe('readCredentialFile', () => {
  it('reads a credential JSON file, with or without a byte order mark', async () => {
    const json = JSON.stringify(CREDENTIAL);
    expect(await readCredentialFile(Buffer.from(json))).toEqual({ credential: CREDENTIAL, source: 'json' });
    expect((await readCredentialFile(Buffer.from(`\uFEFF${json}`))).credential).toEqual(CREDENTIAL);
  });

  it('reads the credential a certificate PDF carries, byte for byte', async () => {
    const pdf = await certificatePdf(JSON.stringify(CREDENTIAL, null, 2));
    expect(await readCredentialFile(pdf)).toEqual({
      credential: CREDENTIAL,
      source: 'pdf',
      attachment: `${NUMBER}.json`,
    });
  });

  it('looks past attachments that are not JSON', async () => {
    const pdf = await otherPdf([
      { name: 'notes.txt', content: Buffer.from('not json') },
      { name: 'credential.json', content: Buffer.from(JSON.stringify(CREDENTIAL)) },
    ]);
    expect((await readCredentialFile(pdf)).credential).toEqual(CREDENTIAL);
  });

  it.each([
    ['an empty file', Buffer.alloc(0), 'The file is empty.'],
    ['a picture', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 255]), 'neither a PDF nor a JSON credential'],
    ['JSON that is not an object', Buffer.from('[1, 2]'), 'This JSON file is not a credential'],
    ['a damaged PDF', Buffer.from('%PDF-1.7\n1 0 obj garbage'), 'This PDF could not be read'],
  ])('answers %s with a 400 saying what to upload', async (_name, bytes, message) => {
    await expect(readCredentialFile(bytes)).rejects.toMatchObject({
      status: 400,
      field: 'file',
      message: expect.stringContaining(message) as string,
    });
  });

  it('answers a PDF without a credential, and one with only other files, with a 400', async () => {
    await expect(readCredentialFile(await otherPdf())).rejects.toThrow('This PDF has no credential attached');
    await expect(
      readCredentialFile(await otherPdf([{ name: 'notes.txt', content: Buffer.from('hello') }])),
    ).rejects.toThrow('The files attached to this PDF are not a credential');
  });

  it('does not inflate an attachment past a megabyte', async () => {
    // A zip bomb: 50 MB of valid JSON that PDFKit deflates to some 50 kB.
    const huge = Buffer.concat([
      Buffer.from('{"a":"'),
      Buffer.alloc(50 * 1024 * 1024, 32),
      Buffer.from('"}'),
    ]);
    const pdf = await otherPdf([{ name: 'bomb.json', content: huge }]);
    expect(pdf.length).toBeLessThan(1024 * 1024);
    await expect(readCredentialFile(pdf)).rejects.toThrow(
      'The files attached to this PDF are not a credential',
    );
  });
});

describe('credentialNumber', () => {
  it('reads the number from the verification address the credential is identified by', () => {
    expect(credentialNumber(CREDENTIAL)).toBe(NUMBER);
    expect(credentialNumber({ id: `https://x.example/verify/${NUMBER.toLowerCase()}` })).toBe(NUMBER);
  });

  it('falls back to the number named in the description, and answers null when there is none', () => {
    expect(credentialNumber({ id: 'urn:uuid:1', description: `Certificate ${NUMBER}, issued by…` })).toBe(
      NUMBER,
    );
    expect(credentialNumber({ id: 'https://x.example/verify/RA-NOT-A-NUMBER' })).toBeNull();
    expect(credentialNumber({})).toBeNull();
  });
});

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';
import { create } from 'qrcode';
import { CertificatePdfInput, renderCertificatePdf } from '@academy/certificates';

const WARM_UP = 30;
const RENDERS = 300;

const NUMBER = 'RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C';

/** A realistic certificate: a diacritic name, a title that wraps, three credit types, a statement. */
const INPUT: CertificatePdfInput = {
  academyName: 'Regen Academy',
  timeZone: 'UTC',
  number: NUMBER,
  holderName: 'Zoë Łukasiewicz-Nguyễn',
  courseTitle: 'Bone Marrow Harvesting: Anatomy, Extraction, Processing and Injection',
  courseVersion: 3,
  contentHash: 'sha256:3f9a1c2b7d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef',
  credits: [
    { type: 'AMA PRA Category 1 Credit™', amount: 3.25 },
    { type: 'ANCC contact hours', amount: 3.25 },
    { type: 'AAPA Category 1 CME', amount: 3 },
  ],
  designationStatement:
    'Regen Academy is accredited by the Accreditation Council for Continuing Medical Education (ACCME) to provide ' +
    'continuing medical education for physicians. Regen Academy designates this enduring material for a maximum of ' +
    '6.00 AMA PRA Category 1 Credits™. Physicians should claim only the credit commensurate with the extent of their ' +
    'participation in the activity.',
  issuedAt: new Date('2026-03-14T10:20:30Z'),
  expiresAt: new Date('2029-03-14T10:20:30Z'),
  verifyUrl: `https://academy.regen.example/verify/${NUMBER}`,
  // About the size of a signed Open Badges 3.0 credential with its proof.
  credentialJson: JSON.stringify({ proofValue: 'z'.repeat(3000) }),
};

// The same DejaVu files as the renderer, read once outside the timings as the renderer does.
const FONT_DIRECTORY = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FILES = {
  regular: readFileSync(join(FONT_DIRECTORY, 'DejaVuSans.ttf')),
  bold: readFileSync(join(FONT_DIRECTORY, 'DejaVuSans-Bold.ttf')),
};

/** The font as PDFKit parsed it, taken from a probe document the way the renderer takes it. */
function parsed(file: Buffer): Buffer {
  const probe = new PDFDocument({ autoFirstPage: false });
  probe.registerFont('probe', file).font('probe');
  return (probe as unknown as { _font: { font: Buffer } })._font.font;
}

// The renderer parses each font once per process; the fair floor does too. PDFKit's usual way,
// bytes handed to every document, is timed as well to show what that saves.
const PARSED = { regular: parsed(FILES.regular), bold: parsed(FILES.bold) };

/**
 * The floor: one bare PDFKit page in the same size with the same embedded fonts, every string the
 * certificate prints at a fixed place and the same QR code as vector squares. No fitting or
 * balancing of text, no frame or mark, no attachment, no pinned metadata.
 */
function barePdf(input: CertificatePdfInput, fonts: { regular: Buffer; bold: Buffer }): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'LETTER', layout: 'landscape', margin: 0 });
  doc.registerFont('Sans', fonts.regular);
  doc.registerFont('Sans-Bold', fonts.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));

  doc.font('Sans-Bold').fontSize(17).text(input.academyName, 72, 60);
  doc.fontSize(10.5).text('CERTIFICATE OF COMPLETION', 72, 100);
  doc.font('Sans').fontSize(12).text('This is to certify that', 72, 130);
  doc.font('Sans-Bold').fontSize(40).text(input.holderName, 72, 150, { width: 648 });
  doc.font('Sans').fontSize(12).text('has successfully completed', 72, 210);
  doc.font('Sans-Bold').fontSize(20).text(input.courseTitle, 72, 230, { width: 648 });
  doc
    .font('Sans')
    .fontSize(9)
    .text(`Version ${input.courseVersion} · content ${input.contentHash.slice(0, 19)}…`, 72, 285);
  doc.fontSize(12).text('and has claimed', 72, 305);
  input.credits.forEach((credit, index) => {
    doc.fontSize(15).text(`${credit.amount.toFixed(2)} ${credit.type}`, 72, 325 + index * 22);
  });
  doc.fontSize(9.5).text(`Issued ${input.issuedAt.toISOString().slice(0, 10)}`, 72, 430);
  doc.text(
    `Expires ${input.expiresAt ? input.expiresAt.toISOString().slice(0, 10) : 'does not expire'}`,
    72,
    450,
  );
  doc.text(`Certificate no. ${input.number}`, 72, 470);
  doc.fontSize(7).text(input.verifyUrl, 340, 460, { width: 190 });
  doc
    .fontSize(6.5)
    .text(`${input.designationStatement ?? ''}\nCourse content ${input.contentHash}`, 72, 520, {
      width: 648,
    });

  const { modules } = create(input.verifyUrl, { errorCorrectionLevel: 'M' });
  const step = 84 / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) {
        let end = column;
        while (end < modules.size && modules.get(row, end)) {
          end++;
        }
        doc.rect(636 + column * step, 420 + row * step, (end - column) * step, step);
        column = end;
      }
    }
  }
  doc.fill('#000000');
  doc.end();
  return done;
}

/** `warmUp` untimed renders, then PDFs per second over `renders` sequential ones. */
async function pdfsPerSecond(render: () => Promise<Buffer>): Promise<number> {
  for (let index = 0; index < WARM_UP; index++) {
    await render();
  }
  const start = process.hrtime.bigint();
  for (let index = 0; index < RENDERS; index++) {
    await render();
  }
  return RENDERS / (Number(process.hrtime.bigint() - start) / 1e9);
}

describe('certificate PDF', () => {
  it('renders at a fair fraction of a bare PDFKit page with the same text and QR code', async () => {
    // Both must be whole PDFs, or the comparison means nothing.
    for (const pdf of [
      await renderCertificatePdf(INPUT),
      await barePdf(INPUT, PARSED),
      await barePdf(INPUT, FILES),
    ]) {
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(pdf.subarray(-6).toString('latin1')).toBe('%%EOF\n');
    }

    const certificateRate = await pdfsPerSecond(() => renderCertificatePdf(INPUT));
    const baselineRate = await pdfsPerSecond(() => barePdf(INPUT, PARSED));
    const bytesRate = await pdfsPerSecond(() => barePdf(INPUT, FILES));
    console.log(
      `renderCertificatePdf: ${certificateRate.toFixed(1)} PDFs/s vs bare pdfkit page ${baselineRate.toFixed(1)} PDFs/s → ratio ${(certificateRate / baselineRate).toFixed(2)}` +
        ` (bare page parsing its fonts per document: ${bytesRate.toFixed(1)} PDFs/s)`,
    );
    expect(certificateRate).toBeGreaterThan(0);
    expect(baselineRate).toBeGreaterThan(0);
    expect(bytesRate).toBeGreaterThan(0);
  });
});

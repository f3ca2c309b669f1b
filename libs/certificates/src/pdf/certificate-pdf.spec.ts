import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import {
  CertificatePdfInput,
  renderCertificatePdf,
  renderTranscriptPdf,
  TranscriptPdfInput,
} from './certificate-pdf';

// Poppler's tools read the PDFs as a viewer would: text as extracted, pixels as rendered, the
// structure as a screen reader walks it; qpdf checks the file's syntax and reads its attachments.
const run = promisify(execFile);

const NUMBER = 'RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C';
const CREDENTIAL = JSON.stringify(
  {
    '@context': [
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ],
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    credentialSubject: {
      name: 'Zoë Łukasiewicz-Nguyễn',
      achievement: { name: 'AMA PRA Category 1 Credit™' },
    },
    proof: { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofValue: 'z3FXQjecWufY46…' },
  },
  null,
  2,
);

function certificate(overrides: Partial<CertificatePdfInput> = {}): CertificatePdfInput {
  return {
    academyName: 'Regen Academy',
    timeZone: 'America/New_York',
    number: NUMBER,
    holderName: 'Zoë Łukasiewicz-Nguyễn',
    courseTitle: 'Bone Marrow Harvesting: Anatomy, Extraction, Processing and Injection',
    courseVersion: 3,
    contentHash: 'sha256:3f9a1c2b7d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef',
    credits: [{ type: 'AMA PRA Category 1 Credit™', amount: 3.25 }],
    designationStatement:
      'Regen Academy designates this enduring material for a maximum of 6.00 AMA PRA Category 1 Credits™. ' +
      'Physicians should claim only the credit commensurate with the extent of their participation in the activity.',
    issuedAt: new Date('2026-03-14T10:20:30Z'),
    expiresAt: new Date('2029-03-14T10:20:30Z'),
    verifyUrl: `https://academy.regen.example/verify/${NUMBER}`,
    credentialJson: CREDENTIAL,
    ...overrides,
  };
}

const STATEMENTS: NonNullable<CertificatePdfInput['statements']> = {
  accreditation:
    'Regen Academy is accredited by the Accreditation Council for Continuing Medical Education (ACCME) to provide continuing medical education for physicians.',
  designation:
    'The Regen Academy designates this enduring material for a maximum of 6.00 AMA PRA Category 1 Credits™. ' +
    'Physicians should claim only the credit commensurate with the extent of their participation in the activity.',
  participation: { from: '2027-02-03T09:15:00.000Z', to: '2027-03-12T16:40:00.000Z' },
  degree: 'MD',
  moc: [
    {
      board: 'ABIM',
      boardName: 'American Board of Internal Medicine',
      points: 6,
      types: ['Medical Knowledge'],
    },
    {
      board: 'ABA',
      boardName: 'American Board of Anesthesiology',
      points: 4.5,
      types: ['Lifelong Learning', 'Patient Safety'],
    },
  ],
  handsOn: {
    labDates: { from: '2027-03-14', to: '2027-03-14' },
    venue: 'Denver Regenerative Medicine Training Center',
    venueAddress: '1200 Larimer St, Denver, CO 80204',
    instructor: 'Maria Fernanda Lopez-Castellanos',
    entrustment: { level: 3, of: 5, label: 'Performed with supervision available on request' },
    signedOffAt: '2027-03-14T23:30:00.000Z',
  },
};

function transcript(rowCount: number): TranscriptPdfInput {
  const rows = Array.from({ length: rowCount }, (_, index) => ({
    number: `RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-${String(index).padStart(3, '0')}`,
    courseTitle: `Iliac Crest Aspiration ${index + 1}`,
    courseVersion: 1 + (index % 3),
    issuedAt: new Date(Date.UTC(2025, index % 12, 1 + (index % 28), 15)),
    status: index === 1 ? 'revoked' : 'valid',
    credits:
      index % 2 === 0
        ? [{ type: 'AMA PRA Category 1 Credit™', amount: 1.25 }]
        : [
            { type: 'AMA PRA Category 1 Credit™', amount: 2.5 },
            { type: 'ANCC contact hours', amount: 2.5 },
          ],
  }));
  return {
    academyName: 'Regen Academy',
    timeZone: 'America/New_York',
    holderName: 'Анна Кузнецова',
    from: new Date('2025-01-01T00:00:00Z'),
    to: new Date('2025-12-31T00:00:00Z'),
    generatedAt: new Date('2026-03-14T08:00:00Z'),
    rows,
    totals: [
      {
        type: 'AMA PRA Category 1 Credit™',
        amount: rows.reduce((sum, row) => sum + row.credits[0]!.amount, 0),
      },
      { type: 'ANCC contact hours', amount: 2.5 * Math.floor(rowCount / 2) },
    ],
  };
}

describe('certificate and transcript PDFs', () => {
  let directory: string;
  let fileCount = 0;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'certificate-pdf-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  async function save(pdf: Buffer): Promise<string> {
    const path = join(directory, `${++fileCount}.pdf`);
    await writeFile(path, pdf);
    return path;
  }

  async function text(pdf: Buffer): Promise<string> {
    const { stdout } = await run('pdftotext', ['-layout', await save(pdf), '-'], { encoding: 'utf8' });
    return stdout;
  }

  /** The text with every run of white space as one space: a wrapped title reads as one line. */
  async function flatText(pdf: Buffer): Promise<string> {
    return (await text(pdf)).replace(/\s+/g, ' ');
  }

  /** Every pair of words whose boxes overlap, after checking each word sits inside the inner frame. */
  async function overlapsOn(pdf: Buffer): Promise<string[]> {
    const { stdout } = await run('pdftotext', ['-bbox', await save(pdf), '-'], { encoding: 'utf8' });
    const boxes = [
      ...stdout.matchAll(/xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</g),
    ].map(([, xMin, yMin, xMax, yMax, word]) => ({
      word,
      xMin: Number(xMin),
      yMin: Number(yMin),
      xMax: Number(xMax),
      yMax: Number(yMax),
    }));
    expect(boxes.length).toBeGreaterThan(50);
    const overlaps: string[] = [];
    const slack = 0.5; // neighbouring lines may touch along the font's ascent and descent
    boxes.forEach((one, index) => {
      for (const other of boxes.slice(index + 1)) {
        const apart =
          one.xMax - slack <= other.xMin ||
          other.xMax - slack <= one.xMin ||
          one.yMax - slack <= other.yMin ||
          other.yMax - slack <= one.yMin;
        if (!apart) {
          overlaps.push(`${one.word} / ${other.word}`);
        }
      }
      // Inside the inner frame (24 pt from the edge, plus its 5 pt inner line).
      expect(one.xMin).toBeGreaterThan(29);
      expect(one.xMax).toBeLessThan(792 - 29);
      expect(one.yMin).toBeGreaterThan(29);
      expect(one.yMax).toBeLessThan(612 - 29);
    });
    return overlaps;
  }

  async function pageCount(pdf: Buffer): Promise<number> {
    const { stdout } = await run('pdfinfo', [await save(pdf)], { encoding: 'utf8' });
    return Number(/^Pages:\s+(\d+)$/m.exec(stdout)?.[1]);
  }

  describe('certificate', () => {
    it('shows the holder, course, version, credit, dates and number as text', async () => {
      const flat = await flatText(await renderCertificatePdf(certificate()));

      expect(flat).toContain('Zoë Łukasiewicz-Nguyễn');
      expect(flat).toContain('Bone Marrow Harvesting: Anatomy, Extraction, Processing and Injection');
      expect(flat).toContain('Version 3');
      expect(flat).toContain('3.25 AMA PRA Category 1 Credit™');
      expect(flat).toContain('Issued 14 March 2026 (New York time)');
      expect(flat).toContain('Expires 14 March 2029 (New York time)');
      // The day is the academy's: 02:00 UTC on the 14th is still the 13th in New York.
      const lateEvening = await flatText(
        await renderCertificatePdf(certificate({ issuedAt: new Date('2026-03-14T02:00:00Z') })),
      );
      expect(lateEvening).toContain('Issued 13 March 2026 (New York time)');
      expect(flat).toContain(`Certificate no. ${NUMBER}`);
      expect(flat).toContain('sha256:3f9a1c2b7d4e…');
      expect(flat).toContain('sha256:3f9a1c2b7d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef');
      expect(flat).toContain('Physicians should claim only the credit commensurate');
    });

    it('says which certificate a renewal renews, under its own number', async () => {
      const renewed = 'RA-9WQ2-K7DX-3MRT-B4CZ-N8PW-H5TK-Q2D';
      const flat = await flatText(await renderCertificatePdf(certificate({ renewsNumber: renewed })));
      expect(flat).toContain(`Certificate no. ${NUMBER}`);
      expect(flat).toContain(`Renews certificate ${renewed}`);
      expect(await flatText(await renderCertificatePdf(certificate()))).not.toContain('Renews');
    });

    it('renders Greek and Cyrillic names, every credit type exactly as designated, and no expiry', async () => {
      const greek = await flatText(
        await renderCertificatePdf(certificate({ holderName: 'Σοφία Παπαδοπούλου' })),
      );
      const cyrillic = await flatText(
        await renderCertificatePdf(
          certificate({
            holderName: 'Анна Кузнецова',
            expiresAt: null,
            credits: [
              { type: 'AMA PRA Category 1 Credit™', amount: 3.25 },
              { type: 'ANCC contact hours', amount: 3.25 },
              { type: 'AAPA Category 1 CME', amount: 3 },
            ],
          }),
        ),
      );

      expect(greek).toContain('Σοφία Παπαδοπούλου');
      expect(cyrillic).toContain('Анна Кузнецова');
      expect(cyrillic).toContain('3.25 AMA PRA Category 1 Credit™');
      expect(cyrillic).toContain('3.25 ANCC contact hours');
      expect(cyrillic).toContain('3.00 AAPA Category 1 CME');
      expect(cyrillic).toContain('Expires Does not expire');
    });

    it('fits a very long name and title on the page without losing a word or overlapping text', async () => {
      const holderName =
        'Prof. Zoë Antonína Łukasiewicz Nguyễn de Saint Exupéry y Ortega Gasset Þórðardóttir Ñúñez Σοφία Παπαδοπούλου Анна Кузнецова';
      const courseTitle =
        'Autologous Bone Marrow Aspiration Concentrate for Musculoskeletal Indications: Posterior Iliac Crest ' +
        'Landmarking, Sterile Field, Trocar Depth Control, Aspiration Technique, Sample Handling and Haemostasis';
      const pdf = await renderCertificatePdf(certificate({ holderName, courseTitle }));

      expect(await pageCount(pdf)).toBe(1);
      const flat = await flatText(pdf);
      for (const word of [...holderName.split(' '), ...courseTitle.split(' ')]) {
        expect(flat).toContain(word);
      }
      expect(await overlapsOn(pdf)).toEqual([]);
    });

    it('prints the statements captured at issue: degree, participation, MOC, hands-on, accreditation and designation', async () => {
      const pdf = await renderCertificatePdf(
        certificate({ designationStatement: undefined, statements: STATEMENTS }),
      );

      expect(await pageCount(pdf)).toBe(1);
      const flat = await flatText(pdf);
      expect(flat).toContain('Zoë Łukasiewicz-Nguyễn, MD');
      expect(flat).toContain('Participated 3 February – 12 March 2027');
      expect(flat).toContain('ABIM MOC: 6 Medical Knowledge points');
      expect(flat).toContain('ABA MOC: 4.5 points (Lifelong Learning, Patient Safety)');
      expect(flat).toContain(
        'Hands-on skills lab 14 March 2027, Denver Regenerative Medicine Training Center; signed off by Maria Fernanda Lopez-Castellanos; every step at entrustment level 3 of 5 or above (Performed with supervision available on request)',
      );
      expect(flat).toContain(STATEMENTS.accreditation);
      expect(flat).toContain(STATEMENTS.designation);
      expect(await overlapsOn(pdf)).toEqual([]);
    });

    it('moves accreditation and designation statements too long for the foot to a page of their own, together', async () => {
      const accreditation = `${STATEMENTS.accreditation} ${'This activity was planned and implemented in accordance with the accreditation requirements and policies of the ACCME through the joint providership of Regen Academy and the Iliac Institute. '.repeat(14)}`;
      const pdf = await renderCertificatePdf(certificate({ statements: { ...STATEMENTS, accreditation } }));

      expect(await pageCount(pdf)).toBe(2);
      const [first, second] = (await text(pdf)).split('\f').map((page) => page.replace(/\s+/g, ' '));
      expect(first).toContain('Accreditation and designation: see page 2.');
      expect(first).toContain('ABIM MOC: 6 Medical Knowledge points');
      expect(second).toContain('through the joint providership of Regen Academy and the Iliac Institute');
      expect(second).toContain(STATEMENTS.designation);
    });

    it('keeps a long name and title and every statement on the page without overlap', async () => {
      const pdf = await renderCertificatePdf(
        certificate({
          holderName:
            'Prof. Zoë Antonína Łukasiewicz Nguyễn de Saint Exupéry y Ortega Gasset Þórðardóttir Ñúñez',
          courseTitle:
            'Autologous Bone Marrow Aspiration Concentrate for Musculoskeletal Indications: Posterior Iliac Crest ' +
            'Landmarking, Sterile Field, Trocar Depth Control, Aspiration Technique, Sample Handling and Haemostasis',
          credits: [
            { type: 'AMA PRA Category 1 Credit™', amount: 6 },
            { type: 'ANCC contact hours', amount: 6 },
          ],
          statements: STATEMENTS,
        }),
      );

      expect(await pageCount(pdf)).toBe(1);
      expect(await flatText(pdf)).toContain('Þórðardóttir Ñúñez, MD');
      expect(await overlapsOn(pdf)).toEqual([]);
    });

    it('carries a QR code that scans to the verification address', async () => {
      const input = certificate();
      const prefix = join(directory, 'qr');
      await run('pdftoppm', [
        '-png',
        '-r',
        '150',
        '-singlefile',
        await save(await renderCertificatePdf(input)),
        prefix,
      ]);
      const png = PNG.sync.read(await readFile(`${prefix}.png`));

      const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);

      expect(code?.data).toBe(input.verifyUrl);
    });

    it('attaches the signed credential byte for byte as <number>.json, typed and described', async () => {
      const pdf = await renderCertificatePdf(certificate());
      const out = join(directory, 'attachments');
      await mkdir(out);

      await run('pdfdetach', ['-saveall', '-o', out, await save(pdf)]);

      expect((await readFile(join(out, `${NUMBER}.json`))).equals(Buffer.from(CREDENTIAL, 'utf8'))).toBe(
        true,
      );
      const raw = pdf.toString('latin1');
      expect(raw).toContain('/Subtype /application#2Fld+json');
      expect(raw).toContain('/AFRelationship /Data');
      expect(raw).toContain(
        `/Desc (Signed Open Badges 3.0 credential \\(W3C Verifiable Credential\\) for certificate ${NUMBER})`,
      );
    });

    it('is PDF/A-3b: a sound file, tagged, with XMP naming the certificate, its course and the academy', async () => {
      const file = await save(
        await renderCertificatePdf(
          certificate({ academyName: 'Regen <Academy>', courseTitle: 'Harvest & Processing' }),
        ),
      );

      const check = await run('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
      expect(check.stderr).toBe('');
      const { stdout: info } = await run('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/^PDF version:\s+1\.7$/m);
      expect(info).toMatch(/^Tagged:\s+yes$/m);
      expect(info).toMatch(/^Metadata Stream:\s+yes$/m);
      expect(info).toMatch(
        /^Title:\s+Certificate RA-7KQ4-M2XD-9PRT-A3BC-Z8WN-Q4HT-K9C: Harvest & Processing$/m,
      );
      const { stdout: xmp } = await run('pdfinfo', ['-meta', file], { encoding: 'utf8' });
      expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
      // Escaped, so the packet stays well-formed XML whatever the course is called.
      expect(xmp).toContain(
        `<rdf:li xml:lang="x-default">Certificate ${NUMBER}: Harvest &#38; Processing</rdf:li>`,
      );
      expect(xmp).toContain('<rdf:li>Regen &#60;Academy&#62;</rdf:li>');
      expect(xmp).toContain(
        '<rdf:li xml:lang="x-default">Certificate of completion awarded to Zoë Łukasiewicz-Nguyễn</rdf:li>',
      );
      expect(xmp).toContain('<xmp:ModifyDate>2026-03-14T10:20:30Z</xmp:ModifyDate>');
    });

    it('carries the credential as an associated file whose checksum is the MD5 of its bytes', async () => {
      const pdf = await renderCertificatePdf(certificate());
      const file = await save(pdf);
      const md5 = createHash('md5').update(CREDENTIAL, 'utf8').digest('hex');

      // The catalog lists it as an associated file of the whole document.
      const raw = pdf.toString('latin1');
      expect(raw).toMatch(/\/Type \/Catalog[^]*?\/AF \[\d+ 0 R\]/);
      // The checksum is the digest's 16 bytes as a (hex-written) string, not its hex digits as text.
      expect(raw).toContain(`/CheckSum <${md5}>`);
      expect(raw).toContain(`/Size ${Buffer.byteLength(CREDENTIAL, 'utf8')}`);
      const { stdout: listing } = await run('qpdf', ['--list-attachments', '--verbose', file], {
        encoding: 'utf8',
      });
      expect(listing).toContain(`checksum: ${md5}`);
      expect(listing).toContain('modification date: D:20260314102030Z');
      expect(listing).toContain('mime type: application/ld+json');
      const { stdout: attached } = await run('qpdf', [`--show-attachment=${NUMBER}.json`, file], {
        encoding: 'buffer',
      });
      expect(attached.equals(Buffer.from(CREDENTIAL, 'utf8'))).toBe(true);
    });

    it('reads in the order the page is seen, the QR code a figure described in words', async () => {
      const pdf = await renderCertificatePdf(
        certificate({ designationStatement: undefined, statements: STATEMENTS, renewsNumber: 'RA-OLD' }),
      );
      const { stdout: structure } = await run('pdfinfo', ['-struct-text', await save(pdf)], {
        encoding: 'utf8',
      });

      // Each element holding text, with its text ("" for a figure): "P: This is to certify that".
      const read = [...structure.matchAll(/^ *(\w+)(?: \(\w+\))?:?\n(?: +\/.*\n)* +"([^"]*)"/gm)].map(
        ([, type, text]) => `${type}: ${text}`,
      );
      expect(read).toEqual([
        'P: Regen Academy',
        'H1: CERTIFICATE OF COMPLETION',
        'P: This is to certify that',
        'P: Zoë Łukasiewicz-Nguyễn, MD',
        'P: has successfully completed',
        'P: Bone Marrow Harvesting: Anatomy, Extraction, Processing and Injection',
        'P: Version 3  ·  content sha256:3f9a1c2b7d4e…',
        'P: and has claimed',
        'P: 3.25 AMA PRA Category 1 Credit™',
        'P: ABIM MOC: 6 Medical Knowledge points',
        'P: ABA MOC: 4.5 points (Lifelong Learning, Patient Safety)',
        expect.stringMatching(
          /^P: Hands-on skills lab 14 March 2027, .* \(Performed with supervision available on request\)$/,
        ),
        'TH: Participated',
        'TD: 3 February – 12 March 2027',
        'TH: Issued',
        'TD: 14 March 2026 (New York time)',
        'TH: Expires',
        'TD: 14 March 2029 (New York time)',
        'TH: Certificate no.',
        `TD: ${NUMBER}`,
        'TH: Renews',
        'TD: certificate RA-OLD',
        'H2: Verify this certificate',
        `Link: https://academy.regen.example/verify/${NUMBER}`,
        'Figure: ',
        `P: ${STATEMENTS.accreditation}`,
        `P: ${STATEMENTS.designation}`,
        'P: Course content sha256:3f9a1c2b7d4e5f60718293a4b5c6d7e8f90112233445566778899aabbccddeef',
        `P: The signed digital credential (Open Badges 3.0) is attached to this PDF as ${NUMBER}.json.`,
      ]);
      // The QR code is described in words; the frame, the rules and the mark are decoration a
      // screen reader skips.
      expect(pdf.toString('latin1')).toContain(
        "/S /Figure\n/Alt (QR code linking to this certificate's verification page)",
      );
      const plain = join(directory, 'uncompressed.pdf');
      await run('qpdf', ['--stream-data=uncompress', await save(pdf), plain]);
      expect((await readFile(plain, 'latin1')).match(/\/Artifact BMC/g)?.length).toBeGreaterThanOrEqual(4);
    });

    it('is byte-identical for the same input, whatever the clock says and with fresh modules', async () => {
      const first = await renderCertificatePdf(certificate());

      jest.useFakeTimers({ now: new Date('2031-07-01T00:00:00Z') });
      let later: Buffer;
      try {
        later = await renderCertificatePdf(certificate());
      } finally {
        jest.useRealTimers();
      }
      // A second copy of the module and of PDFKit, with nothing cached: fonts read and parsed anew.
      let reloaded: typeof renderCertificatePdf | undefined;
      jest.isolateModules(() => {
        reloaded =
          jest.requireActual<typeof import('./certificate-pdf')>('./certificate-pdf').renderCertificatePdf;
      });
      expect(reloaded).not.toBe(renderCertificatePdf);
      const fresh = await reloaded!(certificate());

      expect(later.equals(first)).toBe(true);
      expect(fresh.equals(first)).toBe(true);
      // The dates a reader's "Properties" shows are the issue date, not the moment of rendering.
      expect(first.toString('latin1')).toContain('(D:20260314102030Z)');
    });

    it('differs when anything printed or attached differs', async () => {
      const base = await renderCertificatePdf(certificate());
      const variants = await Promise.all([
        renderCertificatePdf(certificate({ holderName: 'Zoe Lukasiewicz-Nguyen' })),
        renderCertificatePdf(certificate({ credits: [{ type: 'AMA PRA Category 1 Credit™', amount: 3 }] })),
        renderCertificatePdf(certificate({ credentialJson: `${CREDENTIAL} ` })),
        renderCertificatePdf(certificate({ issuedAt: new Date('2026-03-14T10:20:31Z') })),
      ]);

      for (const variant of variants) {
        expect(variant.equals(base)).toBe(false);
      }
    });
  });

  describe('transcript', () => {
    it('lists the certificates with their credit, the period and the totals per credit type', async () => {
      const input = transcript(3);
      const pdf = await renderTranscriptPdf(input);
      const content = await text(pdf);

      expect(await pageCount(pdf)).toBe(1);
      expect(content).toContain('Анна Кузнецова');
      expect(content).toContain('1 January 2025 – 31 December 2025');
      expect(content).toContain('14 March 2026');
      for (const row of input.rows) {
        expect(content).toContain(row.number);
        expect(content).toContain(row.courseTitle);
      }
      expect(content).toMatch(
        /Iliac Crest Aspiration 2 +2 Feb 2025 +Revoked +2\.50 AMA PRA Category 1 Credit™/,
      );
      expect(content).toContain('2.50 ANCC contact hours');
      expect(content).toMatch(/AMA PRA Category 1 Credit™ +5\.00/);
      expect(content).toMatch(/ANCC contact hours +2\.50/);
      expect(content).toContain('Page 1 of 1');
    });

    it('states per activity what its certificate states: participation, MOC points, the hands-on sign-off', async () => {
      const input = transcript(2);
      input.rows[0]!.statements = [
        'Participated 3 February – 12 March 2027',
        'ABIM MOC: 6 Medical Knowledge points',
        'Hands-on skills lab 14 March 2027, Denver Regenerative Medicine Training Center; signed off by Maria Lopez; every step at entrustment level 3 of 5 or above (Performed with supervision available on request)',
      ];
      const pdf = await renderTranscriptPdf(input);
      const flat = await flatText(pdf);

      expect(await pageCount(pdf)).toBe(1);
      for (const line of input.rows[0]!.statements) {
        expect(flat).toContain(line);
      }
      // The next row starts below the statements, not over them.
      expect(flat.indexOf('(Performed with supervision available on request)')).toBeLessThan(
        flat.indexOf(input.rows[1]!.courseTitle),
      );
    });

    it('runs onto numbered pages when long, repeating the header row on each', async () => {
      const input = transcript(60);
      const pdf = await renderTranscriptPdf(input);
      const pages = (await text(pdf)).split('\f').filter((page) => page.trim() !== '');
      const count = await pageCount(pdf);

      expect(count).toBeGreaterThan(1);
      expect(pages).toHaveLength(count);
      pages.forEach((page, index) => {
        expect(page).toContain(`Page ${index + 1} of ${count}`);
        if (page.includes('RA-7KQ4-')) {
          expect(page).toContain('Course and certificate');
        }
      });
      const all = pages.join('\n');
      for (const row of input.rows) {
        expect(all).toContain(row.number);
      }
      expect(all).toMatch(/AMA PRA Category 1 Credit™ +112\.50/);
      expect(all).toMatch(/ANCC contact hours +75\.00/);
    });

    it('is PDF/A-3b too: a sound, tagged file with XMP naming the learner', async () => {
      const file = await save(await renderTranscriptPdf(transcript(3)));
      const { stdout: info } = await run('pdfinfo', [file], { encoding: 'utf8' });
      expect(info).toMatch(/^Tagged:\s+yes$/m);

      const check = await run('qpdf', ['--check', file], { encoding: 'utf8' });
      expect(check.stdout).toContain('No syntax or stream encoding errors found');
      expect(check.stderr).toBe('');
      const { stdout: xmp } = await run('pdfinfo', ['-meta', file], { encoding: 'utf8' });
      expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
      expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
      expect(xmp).toContain('<rdf:li xml:lang="x-default">Transcript: Анна Кузнецова</rdf:li>');
    });

    it('reads as one table over all its pages: header row once, rows in order, no running heads or footers', async () => {
      const input = transcript(60);
      const pdf = await renderTranscriptPdf(input);
      expect(await pageCount(pdf)).toBeGreaterThan(1);
      const { stdout: structure } = await run('pdfinfo', ['-struct-text', await save(pdf)], {
        encoding: 'utf8',
      });
      const texts = [...structure.matchAll(/^ +"([^"]*)"$/gm)].map(([, text]) => text ?? '');

      expect(texts.slice(0, 9)).toEqual([
        'Regen Academy',
        'TRANSCRIPT OF CONTINUING EDUCATION CREDIT',
        'Анна Кузнецова',
        'Period',
        '1 January 2025 – 31 December 2025',
        'Generated',
        '14 March 2026 (New York time)',
        'Issue dates',
        'Days in New York time',
      ]);
      expect(texts.filter((text) => text === 'Course and certificate')).toHaveLength(1);
      const numbers = texts.filter((text) => text.startsWith('Version '));
      expect(numbers).toEqual(input.rows.map((row) => `Version ${row.courseVersion}  ·  ${row.number}`));
      expect(texts.indexOf('Total credit claimed')).toBeGreaterThan(texts.indexOf(numbers.at(-1)!));
      expect(structure).not.toContain('Page 1 of');
      expect(structure).not.toContain('continued');
    });

    it('is byte-identical for the same input and differs for another', async () => {
      const [first, second, other] = await Promise.all([
        renderTranscriptPdf(transcript(60)),
        renderTranscriptPdf(transcript(60)),
        renderTranscriptPdf(transcript(59)),
      ]);

      expect(second.equals(first)).toBe(true);
      expect(other.equals(first)).toBe(false);
    });
  });
});

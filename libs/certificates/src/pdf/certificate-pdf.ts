import type { CertificateFacts } from '../issuance/certificate.types';
import {
  handsOnInWords,
  mocInWords,
  nameWithDegree,
  participationInWords,
} from '../issuance/certificate-statements';
import {
  artifact,
  attachFile,
  COLORS,
  createDocument,
  documentStructure,
  finish,
  SANS,
  SANS_BOLD,
  section,
  dateWithZone,
  tag,
} from '@academy/core';
import { display, formatAmount } from './pdf-text';
import { drawMark, drawQrCode } from './pdf-drawing';

export { renderTranscriptPdf, type TranscriptPdfInput } from './transcript-pdf';

/**
 * What a certificate PDF shows; every field is printed as given (names normalised to NFC), the
 * content hash shortened under the title and in full in the small print.
 */
export interface CertificatePdfInput extends CertificateFacts {
  academyName: string;
  /** The academy's time zone: the issue and expiry days are its calendar days, and say so. */
  timeZone: string;
  designationStatement?: string;
  /** `${PUBLIC_URL}/verify/${number}`: the QR code encodes exactly this. */
  verifyUrl: string;
  /** The signed Open Badges 3.0 credential, attached byte for byte as `${number}.json`. */
  credentialJson: string;
}

// US Letter, landscape: the academy certifies AMA PRA and other US credit, and its physicians print
// and frame on US paper and US frame sizes. On A4 at actual size 3 mm go at each long edge, and
// the frame, 8.5 mm in, still prints.
const PAGE_WIDTH = 792;
const PAGE_HEIGHT = 612;
const LEFT = 72;
const RIGHT = PAGE_WIDTH - 72;
const WIDTH = RIGHT - LEFT;
const CENTER = PAGE_WIDTH / 2;
const FRAME = 24;
const BOTTOM = PAGE_HEIGHT - FRAME - 18;

const QR_SIZE = 84;
const QR_ALT = "QR code linking to this certificate's verification page";
const SMALL_PRINT_SIZES = [6.5, 6, 5.5];
const SMALL_PRINT_BUDGET = 56;

/**
 * The certificate a physician downloads and frames: one landscape page (two when a very long
 * designation statement needs its own), byte-identical for the same input, with the signed
 * credential attached for software to read. PDF/A-3b, so it still opens the same when the
 * credit is audited years later, and tagged, so a screen reader reads it top to bottom.
 */
export async function renderCertificatePdf(input: CertificatePdfInput): Promise<Buffer> {
  const holderName = display(input.holderName);
  const courseTitle = display(input.courseTitle);
  const doc = createDocument({
    layout: 'landscape',
    title: `Certificate ${input.number}: ${courseTitle}`,
    author: display(input.academyName),
    subject: `Certificate of completion awarded to ${holderName}`,
    date: input.issuedAt,
    archival: true,
    tagged: true,
  });

  // The credential is the data the page states, for software: PDF/A-3's "Data" relationship.
  attachFile(doc, Buffer.from(input.credentialJson, 'utf8'), {
    name: `${input.number}.json`,
    type: 'application/ld+json',
    description: `Signed Open Badges 3.0 credential (W3C Verifiable Credential) for certificate ${input.number}`,
    relationship: 'Data',
    date: input.issuedAt,
  });

  // The page is laid out from the bottom up (the small print decides how much room the citation
  // has), so the sections are made first, in reading order, and filled as the page is drawn.
  const root = documentStructure(doc);
  const page: PageSections = {
    header: section(doc, root, 'Sect'),
    citation: section(doc, root, 'Sect'),
    details: section(doc, root, 'Sect'),
    verification: section(doc, root, 'Sect'),
    smallPrint: section(doc, root, 'Sect'),
  };

  drawFrame(doc);
  drawHeader(doc, page.header, display(input.academyName));

  const smallPrint = drawSmallPrint(doc, page.smallPrint, input);
  const detailsTop = smallPrint.top - 14 - QR_SIZE;
  drawDetails(doc, page.details, input, detailsTop);
  drawVerification(doc, page.verification, input.verifyUrl, detailsTop);
  drawCitation(
    doc,
    page.citation,
    { ...input, holderName: nameWithDegree(holderName, input.statements?.degree), courseTitle },
    132,
    detailsTop - 18,
  );

  if (smallPrint.statement) {
    drawStatementPage(
      doc,
      section(doc, root, 'Sect'),
      display(input.academyName),
      input.number,
      smallPrint.statement,
    );
  }
  return finish(doc);
}

interface PageSections {
  header: PDFKit.PDFStructureElement;
  citation: PDFKit.PDFStructureElement;
  details: PDFKit.PDFStructureElement;
  verification: PDFKit.PDFStructureElement;
  smallPrint: PDFKit.PDFStructureElement;
}

function drawFrame(doc: PDFKit.PDFDocument): void {
  artifact(doc, () => {
    doc
      .rect(FRAME, FRAME, PAGE_WIDTH - 2 * FRAME, PAGE_HEIGHT - 2 * FRAME)
      .lineWidth(1.6)
      .stroke(COLORS.brand);
    doc
      .rect(FRAME + 5, FRAME + 5, PAGE_WIDTH - 2 * FRAME - 10, PAGE_HEIGHT - 2 * FRAME - 10)
      .lineWidth(0.5)
      .stroke(COLORS.brand);
  });
}

function drawHeader(doc: PDFKit.PDFDocument, header: PDFKit.PDFStructureElement, academyName: string): void {
  const markSize = 30;
  const gap = 10;
  const top = 60;
  doc.font(SANS_BOLD);
  const nameSize = shrinkToWidth(doc, academyName, 17, 10, WIDTH - markSize - gap);
  const nameWidth = doc.widthOfString(academyName);
  const left = CENTER - (markSize + gap + nameWidth) / 2;
  artifact(doc, () => drawMark(doc, left, top, markSize));
  tag(doc, header, 'P', () => {
    doc
      .font(SANS_BOLD)
      .fontSize(nameSize)
      .fillColor(COLORS.ink)
      .text(academyName, left + markSize + gap, top + (markSize - nameSize * 1.164) / 2, {
        lineBreak: false,
      });
  });

  tag(doc, header, 'H1', () => {
    doc.font(SANS_BOLD).fontSize(10.5).fillColor(COLORS.brand);
    doc.text('CERTIFICATE OF COMPLETION', LEFT, top + markSize + 18, {
      width: WIDTH,
      align: 'center',
      characterSpacing: 0.8,
      lineBreak: false,
    });
  });
}

type Citation = Pick<
  CertificateFacts,
  'holderName' | 'courseTitle' | 'courseVersion' | 'contentHash' | 'credits' | 'statements'
>;

interface Block {
  height: number;
  draw(top: number): void;
  /** What the block is to a reader: a paragraph, decoration, or nothing at all (a gap). */
  role?: 'P' | 'Artifact';
}

/**
 * The middle of the page, centred between `top` and `bottom`: the name, the course and the credit.
 * Long names and titles first shrink on one line, then wrap; if the whole still does not fit,
 * everything is scaled down together so nothing ever overlaps the details below.
 */
function drawCitation(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  citation: Citation,
  top: number,
  bottom: number,
): void {
  let blocks: Block[] = [];
  for (let scale = 1; scale >= 0.55; scale -= 0.05) {
    blocks = citationBlocks(doc, citation, scale);
    if (totalHeight(blocks) <= bottom - top) {
      break;
    }
  }
  let y = top + Math.max(0, (bottom - top - totalHeight(blocks)) / 2);
  for (const block of blocks) {
    const blockTop = y;
    if (block.role === 'P') {
      tag(doc, structure, 'P', () => block.draw(blockTop));
    } else if (block.role === 'Artifact') {
      artifact(doc, () => block.draw(blockTop));
    }
    y += block.height;
  }
}

function totalHeight(blocks: Block[]): number {
  return blocks.reduce((sum, block) => sum + block.height, 0);
}

function citationBlocks(doc: PDFKit.PDFDocument, citation: Citation, scale: number): Block[] {
  const blocks: Block[] = [
    line(doc, 'This is to certify that', SANS, 12 * scale, COLORS.muted),
    gap(10 * scale),
    fitted(doc, citation.holderName, SANS_BOLD, COLORS.ink, tiersOf(NAME_SIZES, scale)),
    gap(8 * scale),
    rule(doc, 300),
    gap(16 * scale),
    line(doc, 'has successfully completed', SANS, 12 * scale, COLORS.muted),
    gap(8 * scale),
    fitted(doc, citation.courseTitle, SANS_BOLD, COLORS.brandDark, tiersOf(TITLE_SIZES, scale)),
    gap(6 * scale),
    line(
      doc,
      `Version ${citation.courseVersion}  ·  content ${shortHash(citation.contentHash)}`,
      SANS,
      9 * scale,
      COLORS.muted,
    ),
  ];
  if (citation.credits.length > 0) {
    blocks.push(
      gap(20 * scale),
      line(doc, 'and has claimed', SANS, 12 * scale, COLORS.muted),
      gap(6 * scale),
    );
    for (const credit of citation.credits) {
      blocks.push(creditLine(doc, credit, 15 * scale));
    }
  }
  blocks.push(...statementBlocks(doc, citation.statements, scale));
  return blocks;
}

/** Under the credit: the MOC points reported per board, then the hands-on sign-off. */
function statementBlocks(
  doc: PDFKit.PDFDocument,
  statements: CertificateFacts['statements'],
  scale: number,
): Block[] {
  if (!statements) {
    return [];
  }
  const blocks: Block[] = [];
  if (statements.moc.length > 0) {
    blocks.push(gap(4 * scale));
    for (const moc of statements.moc) {
      blocks.push(line(doc, mocInWords(moc), SANS, 10.5 * scale, COLORS.ink));
    }
  }
  if (statements.handsOn) {
    blocks.push(
      gap(8 * scale),
      paragraph(doc, display(handsOnInWords(statements.handsOn)), 9 * scale, COLORS.muted),
    );
  }
  return blocks;
}

/** Centred text that wraps, never under 6 pt, in lines of even length. */
function paragraph(doc: PDFKit.PDFDocument, text: string, size: number, color: string): Block {
  const fontSize = Math.max(6, size);
  doc.font(SANS).fontSize(fontSize);
  const width = balancedWidth(doc, text);
  const height = doc.heightOfString(text, { width });
  return {
    height,
    role: 'P',
    draw: (top) => {
      doc.font(SANS).fontSize(fontSize).fillColor(color);
      doc.text(text, CENTER - width / 2, top, { width, align: 'center' });
    },
  };
}

/** Sets and answers the largest size from `max` down to `min` at which `text` fits `width` on one line. */
function shrinkToWidth(
  doc: PDFKit.PDFDocument,
  text: string,
  max: number,
  min: number,
  width: number,
): number {
  let size = max;
  doc.fontSize(size);
  while (size > min && doc.widthOfString(text) > width) {
    size = Math.max(min, size - 0.5);
    doc.fontSize(size);
  }
  return size;
}

function gap(height: number): Block {
  return { height, draw: () => undefined };
}

function rule(doc: PDFKit.PDFDocument, width: number): Block {
  return {
    height: 1,
    role: 'Artifact',
    draw: (top) => {
      doc
        .moveTo(CENTER - width / 2, top + 0.5)
        .lineTo(CENTER + width / 2, top + 0.5)
        .lineWidth(0.8)
        .stroke(COLORS.brand);
    },
  };
}

/** One centred line, shrunk if it would not fit the width. */
function line(doc: PDFKit.PDFDocument, text: string, font: string, size: number, color: string): Block {
  doc.font(font);
  const fittedSize = shrinkToWidth(doc, text, size, size * 0.6, WIDTH);
  const height = doc.currentLineHeight(true);
  return {
    height,
    role: 'P',
    draw: (top) => {
      doc.font(font).fontSize(fittedSize).fillColor(color);
      doc.text(text, LEFT, top, { width: WIDTH, align: 'center', lineBreak: false });
    },
  };
}

interface Tier {
  lines: number;
  max: number;
  min: number;
}

/** Centred text at the largest size of the first tier whose line count it fits; else the last tier's floor, wrapped. */
/**
 * The sizes (pt, at scale 1) a name or title may take on one, two and three lines: the largest
 * first, down to the smallest; on three lines it never goes under 9 pt, whatever the scale.
 */
const NAME_SIZES: readonly [max: number, min: number][] = [
  [40, 26],
  [26, 15],
  [15, 9],
];
const TITLE_SIZES: readonly [max: number, min: number][] = [
  [24, 18],
  [20, 13],
  [14, 9],
];
const SMALLEST_PT = 9;

function tiersOf(sizes: readonly [number, number][], scale: number): Tier[] {
  return sizes.map(([max, min], index) => ({
    lines: index + 1,
    max: max * scale,
    min: index === sizes.length - 1 ? SMALLEST_PT : min * scale,
  }));
}

function fitted(doc: PDFKit.PDFDocument, text: string, font: string, color: string, tiers: Tier[]): Block {
  doc.font(font);
  let size = tiers[tiers.length - 1]!.min;
  search: for (const tier of tiers) {
    for (let candidate = tier.max; candidate >= tier.min; candidate -= 0.5) {
      doc.fontSize(candidate);
      const lines = Math.round(doc.heightOfString(text, { width: WIDTH }) / doc.currentLineHeight(true));
      if (lines <= tier.lines) {
        size = candidate;
        break search;
      }
    }
  }
  doc.fontSize(size);
  const width = balancedWidth(doc, text);
  const height = doc.heightOfString(text, { width });
  return {
    height,
    role: 'P',
    draw: (top) => {
      doc.font(font).fontSize(size).fillColor(color);
      doc.text(text, CENTER - width / 2, top, { width, align: 'center' });
    },
  };
}

/**
 * The narrowest width that keeps `text` (at the current font and size) on as many lines as the
 * full width does, so a title that wraps splits into even lines rather than leaving one word
 * alone under a full line. Never narrower than the longest word, which would split it.
 */
function balancedWidth(doc: PDFKit.PDFDocument, text: string): number {
  const lineCount = (width: number): number =>
    Math.round(doc.heightOfString(text, { width }) / doc.currentLineHeight(true));
  const lines = lineCount(WIDTH);
  if (lines < 2) {
    return WIDTH;
  }
  const longestWord = Math.max(...text.split(/\s+/).map((word) => doc.widthOfString(word)));
  let narrow = Math.min(WIDTH, Math.max(WIDTH / lines, longestWord));
  let wide = WIDTH;
  while (wide - narrow > 4) {
    const middle = (narrow + wide) / 2;
    if (lineCount(middle) <= lines) {
      wide = middle;
    } else {
      narrow = middle;
    }
  }
  return Math.min(WIDTH, wide + 2);
}

/** `3.25 AMA PRA Category 1 Credit™`: the amount in bold, then the type exactly as designated. */
function creditLine(
  doc: PDFKit.PDFDocument,
  credit: { type: string; amount: number },
  maxSize: number,
): Block {
  const amount = formatAmount(credit.amount);
  const type = display(credit.type);
  const widthAt = (size: number): number =>
    doc.font(SANS_BOLD).fontSize(size).widthOfString(`${amount} `) +
    doc.font(SANS).fontSize(size).widthOfString(type);
  let size = maxSize;
  while (size > 6 && widthAt(size) > WIDTH) {
    size -= 0.5;
  }
  const height = doc.font(SANS).fontSize(size).currentLineHeight(true) * 1.25;
  return {
    height,
    role: 'P',
    draw: (top) => {
      const left = CENTER - widthAt(size) / 2;
      doc.font(SANS_BOLD).fontSize(size).fillColor(COLORS.brand);
      const amountWidth = doc.widthOfString(`${amount} `);
      doc.text(`${amount} `, left, top, { lineBreak: false });
      doc
        .font(SANS)
        .fillColor(COLORS.ink)
        .text(type, left + amountWidth, top, { lineBreak: false });
    },
  };
}

/** `sha256:3f9a1c2b7d4e…`: enough to tell versions apart at a glance; the small print has it all. */
function shortHash(hash: string): string {
  const separator = hash.indexOf(':');
  const digits = hash.slice(separator + 1);
  return digits.length > 12 ? `${hash.slice(0, separator + 1)}${digits.slice(0, 12)}…` : hash;
}

/** Issue and expiry dates and the number, bottom left. */
function drawDetails(
  doc: PDFKit.PDFDocument,
  details: PDFKit.PDFStructureElement,
  input: CertificatePdfInput,
  top: number,
): void {
  const rows: [string, string][] = [
    ...(input.statements
      ? [['Participated', participationInWords(input.statements.participation)] as [string, string]]
      : []),
    ['Issued', dateWithZone(input.issuedAt, input.timeZone)],
    ['Expires', input.expiresAt ? dateWithZone(input.expiresAt, input.timeZone) : 'Does not expire'],
    ['Certificate no.', input.number],
    ...renewalRow(input),
  ];
  const labelWidth = 78;
  const rowHeight = 20;
  let y = top + (QR_SIZE - rows.length * rowHeight) / 2;
  // A table of label and value, so a reader hears "Issued: 14 March 2026", not "Issued14 March 2026".
  const table = section(doc, details, 'Table');
  for (const [label, value] of rows) {
    const row = section(doc, table, 'TR');
    const rowTop = y;
    tag(
      doc,
      row,
      'TH',
      () => {
        doc.font(SANS).fontSize(8).fillColor(COLORS.muted);
        doc.text(label, LEFT, rowTop + 1.5, { lineBreak: false });
      },
      { scope: 'Row' } as PDFKit.Mixins.StructureElementOptions,
    );
    tag(doc, row, 'TD', () => {
      doc.font(SANS_BOLD).fontSize(9.5).fillColor(COLORS.ink);
      doc.text(value, LEFT + labelWidth, rowTop, { lineBreak: false });
    });
    y += rowHeight;
  }
}

/** A renewal's row under the number: "Renews certificate RA-…" (verifying that one shows this one). */
function renewalRow(input: CertificatePdfInput): [string, string][] {
  return input.renewsNumber ? [['Renews', `certificate ${input.renewsNumber}`]] : [];
}

/**
 * The QR code bottom right, with the address it encodes printed beside it for those who type.
 * Both are links to the verification page; a reader meets the heading, the address, then the code.
 */
function drawVerification(
  doc: PDFKit.PDFDocument,
  verification: PDFKit.PDFStructureElement,
  verifyUrl: string,
  top: number,
): void {
  const qrLeft = RIGHT - QR_SIZE;
  const textWidth = 190;
  const textLeft = qrLeft - 16 - textWidth;
  doc.font(SANS_BOLD).fontSize(8.5).fillColor(COLORS.ink);
  const heading = 'Verify this certificate';
  const headingHeight = doc.currentLineHeight(true) + 3;
  doc.font(SANS).fontSize(7);
  const urlHeight = doc.heightOfString(verifyUrl, { width: textWidth });
  const blockTop = top + (QR_SIZE - headingHeight - urlHeight) / 2;
  tag(doc, verification, 'H2', () => {
    doc.font(SANS_BOLD).fontSize(8.5).fillColor(COLORS.ink);
    doc.text(heading, textLeft, blockTop, { width: textWidth, align: 'right' });
  });

  const address = section(doc, section(doc, verification, 'P'), 'Link');
  address.add(() => {
    doc.font(SANS).fontSize(7).fillColor(COLORS.muted);
    doc.text(verifyUrl, textLeft, blockTop + headingHeight, { width: textWidth, align: 'right' });
  });
  linkTo(doc, address, textLeft, blockTop, textWidth, headingHeight + urlHeight, verifyUrl);

  const code = section(doc, verification, 'Link');
  tag(doc, code, 'Figure', () => drawQrCode(doc, verifyUrl, qrLeft, top, QR_SIZE), {
    alt: QR_ALT,
    bbox: [qrLeft, top, qrLeft + QR_SIZE, top + QR_SIZE],
    placement: 'Block',
  } as PDFKit.Mixins.StructureElementOptions);
  linkTo(doc, code, qrLeft, top, QR_SIZE, QR_SIZE, verifyUrl);
}

/** A link annotation owned by the `Link` structure element it belongs to, as tagged PDF wants. */
function linkTo(
  doc: PDFKit.PDFDocument,
  link: PDFKit.PDFStructureElement,
  x: number,
  y: number,
  width: number,
  height: number,
  url: string,
): void {
  // PDFKit reads `structParent` but its types do not list it; `Contents` is the link's text alternative.
  const options = { structParent: link, Contents: new String('Verification page of this certificate') };
  doc.link(x, y, width, height, url, options as unknown as PDFKit.Mixins.AnnotationOption);
}

/**
 * The statement, full content hash and a word on the attachment, above the bottom of the frame.
 * A statement too long for the budget even at the smallest size moves to a page of its own
 * (a course's statement may run to 4000 characters).
 */
function drawSmallPrint(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  input: CertificatePdfInput,
): { top: number; statement?: string } {
  // Certificates issued with statements print the ones captured then; older ones print as before.
  const statement = input.statements
    ? [input.statements.accreditation, input.statements.designation]
        .filter((text) => text !== '')
        .map(display)
        .join('\n')
    : input.designationStatement
      ? display(input.designationStatement.trim())
      : '';
  const technical = [
    `Course content ${input.contentHash}`,
    `The signed digital credential (Open Badges 3.0) is attached to this PDF as ${input.number}.json.`,
  ];
  let paragraphs = statement ? [statement, ...technical] : technical;
  let overflow: string | undefined;
  let size = SMALL_PRINT_SIZES[0]!;
  let height = Infinity;
  for (const candidate of SMALL_PRINT_SIZES) {
    size = candidate;
    height = measure(doc, paragraphs, size);
    if (height <= SMALL_PRINT_BUDGET) {
      break;
    }
  }
  if (height > SMALL_PRINT_BUDGET) {
    overflow = statement;
    paragraphs = ['Accreditation and designation: see page 2.', ...technical];
    size = SMALL_PRINT_SIZES[0]!;
    height = measure(doc, paragraphs, size);
  }
  const top = BOTTOM - height;
  artifact(doc, () => {
    doc
      .moveTo(LEFT, top - 8)
      .lineTo(RIGHT, top - 8)
      .lineWidth(0.5)
      .stroke(COLORS.line);
  });
  // One paragraph after the other, exactly where they would fall as one text of lines.
  doc.font(SANS).fontSize(size).fillColor(COLORS.muted);
  doc.y = top;
  for (const text of paragraphs.flatMap((paragraph) => paragraph.split('\n'))) {
    tag(doc, structure, 'P', () => {
      doc.text(text, LEFT, doc.y, { width: WIDTH, align: 'center', lineGap: 1 });
    });
  }
  return { top: top - 8, statement: overflow };
}

function measure(doc: PDFKit.PDFDocument, paragraphs: string[], size: number): number {
  doc.font(SANS).fontSize(size);
  return doc.heightOfString(paragraphs.join('\n'), { width: WIDTH, lineGap: 1 });
}

function drawStatementPage(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  academyName: string,
  number: string,
  statement: string,
): void {
  doc.addPage({ size: 'LETTER', layout: 'landscape', margin: 0 });
  drawFrame(doc);
  artifact(doc, () => drawMark(doc, LEFT, 60, 24));
  tag(doc, structure, 'P', () => {
    doc.font(SANS_BOLD).fontSize(13).fillColor(COLORS.ink);
    doc.text(academyName, LEFT + 34, 64, { lineBreak: false });
  });
  tag(doc, structure, 'H2', () => {
    doc.font(SANS).fontSize(9).fillColor(COLORS.muted);
    doc.text(`Accreditation and designation · certificate ${number}`, LEFT, 100, { width: WIDTH });
  });
  tag(doc, structure, 'P', () => {
    doc.font(SANS).fontSize(8.5).fillColor(COLORS.ink);
    doc.text(statement, LEFT, 126, {
      width: WIDTH,
      lineGap: 2,
      paragraphGap: 6,
      height: BOTTOM - 126,
      ellipsis: true,
    });
  });
}

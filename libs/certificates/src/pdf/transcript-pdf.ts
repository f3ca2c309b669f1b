import {
  artifact,
  COLORS,
  createDocument,
  documentStructure,
  finish,
  SANS,
  SANS_BOLD,
  section,
  dateWithZone,
  tag,
  zoneInWords,
} from '@academy/core';
import { display, formatAmount, formatDate, formatShortDate } from './pdf-text';
import { drawMark } from './pdf-drawing';

/** A learner's certificates over a period, with their credit added up per type. */
export interface TranscriptPdfInput {
  academyName: string;
  /** The academy's time zone: issue days and the generation day are its calendar days, and say so. */
  timeZone: string;
  holderName: string;
  /** The first and last calendar days covered (UTC), or null for an open end. */
  from: Date | null;
  to: Date | null;
  generatedAt: Date;
  rows: {
    number: string;
    courseTitle: string;
    courseVersion: number;
    issuedAt: Date;
    status: string;
    credits: { type: string; amount: number }[];
    /** The activity's statements, as its certificate words them (participation, MOC, hands-on). */
    statements?: string[];
  }[];
  totals: { type: string; amount: number }[];
  /** CME the learner earned elsewhere and reported themselves: a section of its own, totals apart. */
  outsideCredits?: OutsideCreditsSection;
}

/** The learner's self-reported credits from other providers, in the transcript's period. */
export interface OutsideCreditsSection {
  items: { provider: string; activity: string; completedOn: Date; creditType: string; amount: number }[];
  totals: { type: string; amount: number }[];
}

/** A row as drawn: its issue day already written on the academy's calendar. */
type Row = TranscriptPdfInput['rows'][number] & { issued: string };

const PAGE_WIDTH = 612;
const PAGE_HEIGHT = 792;
const LEFT = 54;
const RIGHT = PAGE_WIDTH - 54;
const WIDTH = RIGHT - LEFT;
const TOP = 54;
const BODY_BOTTOM = PAGE_HEIGHT - 64;
const FOOTER = PAGE_HEIGHT - 44;
const PAD = 4;

interface Column {
  title: string;
  width: number;
}

const COLUMNS: Column[] = [
  { title: 'Course and certificate', width: 224 },
  { title: 'Issued', width: 66 },
  { title: 'Status', width: 56 },
  { title: 'Credit claimed', width: WIDTH - 224 - 66 - 56 },
];

/**
 * The transcript: portrait pages with a table of certificates (the header row repeated on each
 * page), totals per credit type, and "Page n of m" at the foot; byte-identical for the same input.
 * PDF/A-3b like the certificates it lists, and tagged: a screen reader meets the header, one table
 * of certificates (the repeated header rows, running heads and footers are decoration), the totals.
 */
export async function renderTranscriptPdf(input: TranscriptPdfInput): Promise<Buffer> {
  const academyName = display(input.academyName);
  const holderName = display(input.holderName);
  const doc = createDocument({
    layout: 'portrait',
    title: `Transcript: ${holderName}`,
    author: academyName,
    subject: `Continuing education transcript of ${holderName}, ${periodText(input.from, input.to)}`,
    date: input.generatedAt,
    bufferPages: true,
    archival: true,
    tagged: true,
  });
  const root = documentStructure(doc);

  let y = drawFirstHeader(doc, section(doc, root, 'Sect'), input, academyName, holderName);
  const continueOnNewPage = (): number => {
    doc.addPage({ size: 'LETTER', layout: 'portrait', margin: 0 });
    return drawContinuationHeader(doc, holderName);
  };

  if (input.rows.length === 0) {
    tag(doc, root, 'P', () => {
      doc.font(SANS).fontSize(10).fillColor(COLORS.muted);
      doc.text('No certificates were issued in this period.', LEFT, y, { width: WIDTH });
    });
    y += 30;
  } else {
    const table = section(doc, root, 'Table');
    y = drawHeaderRow(doc, table, COLUMNS, COLORS.brand, y);
    const rows: Row[] = input.rows.map((row) => ({
      ...row,
      issued: formatShortDate(row.issuedAt, input.timeZone),
    }));
    rows.forEach((row, index) => {
      const height = rowHeight(doc, row);
      if (y + height > BODY_BOTTOM) {
        y = drawHeaderRow(doc, undefined, COLUMNS, COLORS.brand, continueOnNewPage());
      }
      drawCells(doc, section(doc, table, 'TR'), COLUMNS, cells(row), y, height, index % 2 === 1);
      y += height;
    });
    y += 24;
  }

  const totalsHeight = 28 + Math.max(1, input.totals.length) * 18;
  if (y + totalsHeight > BODY_BOTTOM) {
    y = continueOnNewPage();
  }
  y = drawTotals(doc, section(doc, root, 'Sect'), input.totals, y);
  if (input.outsideCredits && input.outsideCredits.items.length > 0) {
    drawOutsideCredits(
      doc,
      section(doc, root, 'Sect'),
      input.outsideCredits,
      academyName,
      y + 30,
      continueOnNewPage,
    );
  }

  drawFooters(doc, academyName, holderName, formatDate(input.generatedAt, input.timeZone));
  return finish(doc);
}

function periodText(from: Date | null, to: Date | null): string {
  if (from && to) {
    return `${formatDate(from)} – ${formatDate(to)}`;
  }
  if (from) {
    return `from ${formatDate(from)}`;
  }
  if (to) {
    return `until ${formatDate(to)}`;
  }
  return 'all certificates';
}

function drawFirstHeader(
  doc: PDFKit.PDFDocument,
  header: PDFKit.PDFStructureElement,
  input: TranscriptPdfInput,
  academyName: string,
  holderName: string,
): number {
  artifact(doc, () => drawMark(doc, LEFT, TOP, 26));
  tag(doc, header, 'P', () => {
    doc.font(SANS_BOLD).fontSize(14).fillColor(COLORS.ink);
    doc.text(academyName, LEFT + 36, TOP + (26 - 14 * 1.164) / 2, { width: WIDTH - 36, lineBreak: false });
  });

  let y = TOP + 50;
  tag(doc, header, 'H1', () => {
    doc.font(SANS_BOLD).fontSize(10).fillColor(COLORS.brand);
    doc.text('TRANSCRIPT OF CONTINUING EDUCATION CREDIT', LEFT, y, { width: WIDTH, characterSpacing: 0.8 });
  });
  y += 20;
  tag(doc, header, 'P', () => {
    doc.font(SANS_BOLD).fontSize(18).fillColor(COLORS.ink);
    doc.text(holderName, LEFT, y, { width: WIDTH });
  });
  y = doc.y + 6;

  const facts: [string, string][] = [
    ['Period', capitalise(periodText(input.from, input.to))],
    ['Generated', dateWithZone(input.generatedAt, input.timeZone)],
    ['Issue dates', `Days in ${zoneInWords(input.timeZone)}`],
    ['Certificates', String(input.rows.length)],
  ];
  const table = section(doc, header, 'Table');
  for (const [label, value] of facts) {
    const row = section(doc, table, 'TR');
    const rowTop = y;
    tag(
      doc,
      row,
      'TH',
      () => {
        doc.font(SANS).fontSize(8.5).fillColor(COLORS.muted);
        doc.text(label, LEFT, rowTop + 0.5, { lineBreak: false });
      },
      ROW_HEADER,
    );
    tag(doc, row, 'TD', () => {
      doc.font(SANS).fontSize(9.5).fillColor(COLORS.ink);
      doc.text(value, LEFT + 72, rowTop, { lineBreak: false });
    });
    y += 15;
  }
  return y + 14;
}

/** A row header cell (`/Scope /Row`), which PDFKit's options take but its types do not list. */
const ROW_HEADER = { scope: 'Row' } as PDFKit.Mixins.StructureElementOptions;
const COLUMN_HEADER = { scope: 'Column' } as PDFKit.Mixins.StructureElementOptions;

/** The running head of a continued page: decoration, as the reader knows whose transcript it is. */
function drawContinuationHeader(doc: PDFKit.PDFDocument, holderName: string): number {
  artifact(doc, () => {
    drawMark(doc, LEFT, TOP, 16);
    doc.font(SANS).fontSize(9).fillColor(COLORS.muted);
    doc.text(`Transcript of ${holderName}, continued`, LEFT + 24, TOP + 2.5, {
      width: WIDTH - 24,
      lineBreak: false,
    });
  });
  return TOP + 30;
}

/**
 * A table's header row on `fill`. Under `table` its cells are the table's column headers; without
 * (the repeat at the top of a continued page) it is decoration, read once is enough.
 */
function drawHeaderRow(
  doc: PDFKit.PDFDocument,
  table: PDFKit.PDFStructureElement | undefined,
  columns: Column[],
  fill: string,
  top: number,
): number {
  const height = 20;
  artifact(doc, () => doc.rect(LEFT, top, WIDTH, height).fill(fill));
  const row = table ? section(doc, table, 'TR') : undefined;
  let x = LEFT;
  for (const column of columns) {
    const left = x;
    const draw = (): void => {
      doc.font(SANS_BOLD).fontSize(8).fillColor('#ffffff');
      doc.text(column.title, left + PAD, top + 5.5, { width: column.width - 2 * PAD, lineBreak: false });
    };
    if (row) {
      tag(doc, row, 'TH', draw, COLUMN_HEADER);
    } else {
      artifact(doc, draw);
    }
    x += column.width;
  }
  return top + height;
}

/** The cells of one row as paragraphs: [font, size, colour, text] per line group. */
type Paragraph = [font: string, size: number, color: string, text: string];

function cells(row: Row): Paragraph[][] {
  return [
    [
      [SANS_BOLD, 8.5, COLORS.ink, display(row.courseTitle)],
      [SANS, 7.5, COLORS.muted, `Version ${row.courseVersion}  ·  ${row.number}`],
      ...(row.statements ?? []).map((line): Paragraph => [SANS, 7.5, COLORS.ink, display(line)]),
    ],
    [[SANS, 8.5, COLORS.ink, row.issued]],
    [[SANS, 8.5, COLORS.ink, capitalise(row.status)]],
    row.credits.length > 0
      ? row.credits.map((credit): Paragraph => [
          SANS,
          8,
          COLORS.ink,
          `${formatAmount(credit.amount)} ${display(credit.type)}`,
        ])
      : [[SANS, 8.5, COLORS.muted, '—']],
  ];
}

function paragraphsHeight(doc: PDFKit.PDFDocument, paragraphs: Paragraph[], width: number): number {
  return paragraphs.reduce(
    (sum, [font, size, , text]) => sum + doc.font(font).fontSize(size).heightOfString(text, { width }) + 1,
    0,
  );
}

function rowHeight(doc: PDFKit.PDFDocument, row: Row): number {
  const heights = cells(row).map((paragraphs, index) =>
    paragraphsHeight(doc, paragraphs, COLUMNS[index]!.width - 2 * PAD),
  );
  return Math.max(...heights) + 2 * PAD;
}

/** One table row (`row`, a TR): its shading and rule as decoration, each cell a TD of paragraphs. */
function drawCells(
  doc: PDFKit.PDFDocument,
  row: PDFKit.PDFStructureElement,
  columns: Column[],
  rowCells: Paragraph[][],
  top: number,
  height: number,
  shaded: boolean,
): void {
  artifact(doc, () => {
    if (shaded) {
      doc.rect(LEFT, top, WIDTH, height).fill(COLORS.paper);
    }
    doc
      .moveTo(LEFT, top + height)
      .lineTo(RIGHT, top + height)
      .lineWidth(0.5)
      .stroke(COLORS.line);
  });
  let x = LEFT;
  rowCells.forEach((paragraphs, index) => {
    const width = columns[index]!.width - 2 * PAD;
    const left = x;
    // Each line of a cell its own paragraph, so "Version 2 · RA-…" is not read run into the title.
    const cell = section(doc, row, 'TD');
    let y = top + PAD;
    for (const [font, size, color, text] of paragraphs) {
      const lineTop = y;
      tag(doc, cell, 'P', () => {
        doc.font(font).fontSize(size).fillColor(color);
        doc.text(text, left + PAD, lineTop, { width });
      });
      y += doc.font(font).fontSize(size).heightOfString(text, { width }) + 1;
    }
    x += columns[index]!.width;
  });
}

/** The totals under a heading; answers where the next block may start. */
function drawTotals(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  totals: TranscriptPdfInput['totals'],
  top: number,
  heading = 'Total credit claimed',
): number {
  const width = 340;
  tag(doc, structure, 'H2', () => {
    doc.font(SANS_BOLD).fontSize(11).fillColor(COLORS.ink);
    doc.text(heading, LEFT, top, { lineBreak: false });
  });
  let y = top + 22;
  artifact(doc, () => {
    doc
      .moveTo(LEFT, y - 4)
      .lineTo(LEFT + width, y - 4)
      .lineWidth(0.8)
      .stroke(COLORS.brand);
  });
  if (totals.length === 0) {
    tag(doc, structure, 'P', () => {
      doc.font(SANS).fontSize(9.5).fillColor(COLORS.muted);
      doc.text('No credit in this period.', LEFT, y, { lineBreak: false });
    });
    return y + 18;
  }
  const table = section(doc, structure, 'Table');
  for (const total of totals) {
    const row = section(doc, table, 'TR');
    const rowTop = y;
    doc.font(SANS).fontSize(9.5);
    const type = display(total.type);
    const height = doc.heightOfString(type, { width: width - 70 });
    tag(
      doc,
      row,
      'TH',
      () => {
        doc.font(SANS).fontSize(9.5).fillColor(COLORS.ink);
        doc.text(type, LEFT, rowTop, { width: width - 70 });
      },
      ROW_HEADER,
    );
    tag(doc, row, 'TD', () => {
      doc.font(SANS_BOLD).fontSize(9.5).fillColor(COLORS.ink);
      doc.text(formatAmount(total.amount), LEFT + width - 70, rowTop, {
        width: 70,
        align: 'right',
        lineBreak: false,
      });
    });
    y += Math.max(18, height + 6);
  }
  return y;
}

const OUTSIDE_COLUMNS: Column[] = [
  { title: 'Activity and provider', width: 290 },
  { title: 'Completed', width: 66 },
  { title: 'Credit (self-reported)', width: WIDTH - 290 - 66 },
];

/**
 * Credits from other providers, after the academy's own and apart from them: the learner reported
 * them, the academy did not award or check them and reports none to a board. Its own table (the
 * header row repeated on each page) and its own totals, never added to the academy's.
 */
function drawOutsideCredits(
  doc: PDFKit.PDFDocument,
  structure: PDFKit.PDFStructureElement,
  credits: OutsideCreditsSection,
  academyName: string,
  top: number,
  continueOnNewPage: () => number,
): void {
  const note = `Reported by the learner. ${academyName} did not award or verify these credits and reports none of them to any board.`;
  const introHeight = 22 + doc.font(SANS).fontSize(8.5).heightOfString(note, { width: WIDTH }) + 10;
  let y = top;
  if (y + introHeight + 60 > BODY_BOTTOM) {
    y = continueOnNewPage();
  }
  const headingTop = y;
  tag(doc, structure, 'H2', () => {
    doc.font(SANS_BOLD).fontSize(11).fillColor(COLORS.ink);
    doc.text('Credits from other providers (self-reported)', LEFT, headingTop, { width: WIDTH });
  });
  y = doc.y + 4;
  const noteTop = y;
  tag(doc, structure, 'P', () => {
    doc.font(SANS).fontSize(8.5).fillColor(COLORS.muted);
    doc.text(note, LEFT, noteTop, { width: WIDTH });
  });
  const table = section(doc, structure, 'Table');
  y = drawHeaderRow(doc, table, OUTSIDE_COLUMNS, COLORS.muted, doc.y + 8);
  credits.items.forEach((item, index) => {
    const paragraphs = outsideCells(item);
    const height =
      Math.max(
        ...paragraphs.map((cell, column) =>
          paragraphsHeight(doc, cell, OUTSIDE_COLUMNS[column]!.width - 2 * PAD),
        ),
      ) +
      2 * PAD;
    if (y + height > BODY_BOTTOM) {
      y = drawHeaderRow(doc, undefined, OUTSIDE_COLUMNS, COLORS.muted, continueOnNewPage());
    }
    drawCells(doc, section(doc, table, 'TR'), OUTSIDE_COLUMNS, paragraphs, y, height, index % 2 === 1);
    y += height;
  });
  y += 24;
  const totalsHeight = 28 + credits.totals.length * 18;
  if (y + totalsHeight > BODY_BOTTOM) {
    y = continueOnNewPage();
  }
  drawTotals(doc, structure, credits.totals, y, 'Total self-reported credit');
}

function outsideCells(item: OutsideCreditsSection['items'][number]): Paragraph[][] {
  return [
    [
      [SANS_BOLD, 8.5, COLORS.ink, display(item.activity)],
      [SANS, 7.5, COLORS.muted, display(item.provider)],
    ],
    [[SANS, 8.5, COLORS.ink, formatShortDate(item.completedOn)]],
    [[SANS, 8, COLORS.ink, `${formatAmount(item.amount)} ${display(item.creditType)}`]],
  ];
}

function drawFooters(
  doc: PDFKit.PDFDocument,
  academyName: string,
  holderName: string,
  generatedOn: string,
): void {
  const { start, count } = doc.bufferedPageRange();
  for (let index = 0; index < count; index++) {
    doc.switchToPage(start + index);
    // The footer repeats on every page: decoration, like the running head.
    doc.markContent('Artifact', { type: 'Pagination' });
    doc
      .moveTo(LEFT, FOOTER - 8)
      .lineTo(RIGHT, FOOTER - 8)
      .lineWidth(0.5)
      .stroke(COLORS.line);
    doc.font(SANS).fontSize(7.5).fillColor(COLORS.muted);
    // One line whatever the name's length: a very long one ends in an ellipsis here, never in the page number.
    doc.text(`${academyName} · transcript of ${holderName} · generated ${generatedOn}`, LEFT, FOOTER, {
      width: WIDTH - 100,
      height: doc.currentLineHeight(true),
      ellipsis: true,
    });
    doc.text(`Page ${index + 1} of ${count}`, RIGHT - 90, FOOTER, {
      width: 90,
      align: 'right',
      lineBreak: false,
    });
    doc.endMarkedContent();
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

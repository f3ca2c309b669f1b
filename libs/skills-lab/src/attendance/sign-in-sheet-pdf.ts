import { COLORS, createDocument, finish, SANS, SANS_BOLD } from '@academy/core';

/** What the printed sign-in sheet of a lab session carries. */
export interface SignInSheetInput {
  labTitle: string;
  /** The session's hours at the venue, in the venue's zone ("Thursday, 3 December 2026, 09:00–17:00 Berlin time (CET)"). */
  when: string;
  venue: string;
  instructors: string[];
  /** Booked learners (confirmed seats), in roster order. */
  learners: { name: string; degree: string | null }[];
  /** US venues get Letter paper, everyone else A4. */
  paper: 'A4' | 'LETTER';
  /** Fixed document date (the session's start), so the same roster gives the same file. */
  date: Date;
}

const { ink: INK, muted: MUTED, brand: BRAND, tint: TINT } = COLORS;
// Darker than the screen's rules: signature boxes must show on a photocopy.
const LINE = '#8a9794';
const MARGIN = 48;
const ROW = 40;
const HEADER_ROW = 22;
const FOOTER_SPACE = 40;

/**
 * The sign-in sheet for the accreditation file: the lab, its time at the venue, its instructors,
 * and one row per booked learner (number, name, degree, a box to sign in), the table's header
 * repeated on every page and "Page n of m" at the foot. DejaVu Sans renders any learner's name.
 */
export function renderSignInSheet(input: SignInSheetInput): Promise<Buffer> {
  const doc = createDocument({
    layout: 'portrait',
    size: input.paper,
    bufferPages: true,
    title: `Sign-in sheet: ${input.labTitle}`,
    author: 'Regen Academy',
    subject: `Sign-in sheet of ${input.labTitle}, ${input.when}`,
    date: input.date,
  });
  const width = doc.page.width - 2 * MARGIN;
  const bottom = doc.page.height - MARGIN - FOOTER_SPACE;
  const columns = { number: 28, name: width * 0.4, degree: width * 0.17 };
  const signatureWidth = width - columns.number - columns.name - columns.degree;

  let y = drawHeading(doc, input, width);
  const tableHeader = (top: number): number => {
    doc.rect(MARGIN, top, width, HEADER_ROW).fill(TINT);
    doc.font(SANS_BOLD).fontSize(9).fillColor(INK);
    let x = MARGIN;
    for (const [title, w] of [
      ['#', columns.number],
      ['Name', columns.name],
      ['Degree', columns.degree],
      ['Signature', signatureWidth],
    ] as const) {
      doc.text(title, x + 4, top + 6, { width: w - 8, lineBreak: false });
      x += w;
    }
    return top + HEADER_ROW;
  };

  if (input.learners.length === 0) {
    doc.font(SANS).fontSize(11).fillColor(MUTED).text('Nobody has booked this lab.', MARGIN, y, { width });
  } else {
    y = tableHeader(y);
    input.learners.forEach((learner, index) => {
      if (y + ROW > bottom) {
        doc.addPage({ size: input.paper, margin: 0 });
        doc.font(SANS_BOLD).fontSize(10).fillColor(INK);
        doc.text(`${input.labTitle} (continued)`, MARGIN, MARGIN, { width, height: 14, ellipsis: true });
        doc.font(SANS).fontSize(9).fillColor(MUTED);
        doc.text(input.when, MARGIN, MARGIN + 15, { width, height: 12, ellipsis: true });
        y = tableHeader(MARGIN + 34);
      }
      doc.lineWidth(0.5).strokeColor(LINE);
      doc
        .moveTo(MARGIN, y + ROW)
        .lineTo(MARGIN + width, y + ROW)
        .stroke();
      const textTop = y + (ROW - 11 * 1.2) / 2;
      doc.font(SANS).fontSize(10).fillColor(MUTED);
      doc.text(String(index + 1), MARGIN + 4, textTop, { width: columns.number - 8, lineBreak: false });
      // A long name wraps onto a second line (centred in the row) rather than losing its end.
      doc.font(SANS_BOLD).fontSize(10.5).fillColor(INK);
      const name = learner.name.normalize('NFC');
      const nameHeight = Math.min(doc.heightOfString(name, { width: columns.name - 8 }), 28);
      doc.text(name, MARGIN + columns.number + 4, y + (ROW - nameHeight) / 2, {
        width: columns.name - 8,
        height: 28,
        ellipsis: true,
      });
      doc.font(SANS).fontSize(10).fillColor(INK);
      doc.text(learner.degree ?? '', MARGIN + columns.number + columns.name + 4, textTop, {
        width: columns.degree - 8,
        height: 14,
        ellipsis: true,
        lineBreak: false,
      });
      // The box a learner signs in.
      doc
        .lineWidth(0.75)
        .strokeColor(LINE)
        .rect(MARGIN + width - signatureWidth + 4, y + 5, signatureWidth - 8, ROW - 10)
        .stroke();
      y += ROW;
    });
  }

  const range = doc.bufferedPageRange();
  for (let page = range.start; page < range.start + range.count; page++) {
    doc.switchToPage(page);
    doc.font(SANS).fontSize(8.5).fillColor(MUTED);
    const footerY = doc.page.height - MARGIN - 10;
    doc.text(
      `${input.learners.length} booked · instructor’s signature: ____________________`,
      MARGIN,
      footerY,
      { width: width * 0.7, lineBreak: false },
    );
    doc.text(`Page ${page - range.start + 1} of ${range.count}`, MARGIN + width * 0.7, footerY, {
      width: width * 0.3,
      align: 'right',
      lineBreak: false,
    });
  }
  return finish(doc);
}

function drawHeading(doc: PDFKit.PDFDocument, input: SignInSheetInput, width: number): number {
  doc.font(SANS_BOLD).fontSize(9).fillColor(BRAND);
  doc.text('SKILLS LAB SIGN-IN SHEET', MARGIN, MARGIN, { width, characterSpacing: 0.8 });
  doc.font(SANS_BOLD).fontSize(18).fillColor(INK);
  doc.text(input.labTitle.normalize('NFC'), MARGIN, MARGIN + 18, { width });
  let y = doc.y + 8;
  const facts: [string, string][] = [
    ['When', input.when],
    ['Where', input.venue],
    [input.instructors.length === 1 ? 'Instructor' : 'Instructors', input.instructors.join(', ') || '—'],
  ];
  for (const [label, value] of facts) {
    doc.font(SANS_BOLD).fontSize(10).fillColor(MUTED).text(label, MARGIN, y, { width: 80 });
    doc
      .font(SANS)
      .fontSize(10)
      .fillColor(INK)
      .text(value.normalize('NFC'), MARGIN + 80, y, { width: width - 80 });
    y = Math.max(doc.y, y + 14) + 4;
  }
  doc.font(SANS).fontSize(9).fillColor(MUTED);
  doc.text('Sign in the box by your name when you arrive.', MARGIN, y + 4, { width });
  return doc.y + 10;
}

import { create } from 'qrcode';
import { COLORS } from '@academy/core';

/**
 * The academy's mark: a teal rounded square with a white "R" drawn as strokes, not as text, so
 * copying the page's text does not pick up a stray letter beside the academy's name.
 */
export function drawMark(doc: PDFKit.PDFDocument, x: number, y: number, size: number): void {
  const at = (fraction: number): number => fraction * size;
  doc.save();
  doc.roundedRect(x, y, size, size, at(0.22)).fill(COLORS.brand);
  doc.translate(x, y);
  doc
    .moveTo(at(0.35), at(0.75))
    .lineTo(at(0.35), at(0.25))
    .lineTo(at(0.53), at(0.25))
    .bezierCurveTo(at(0.7), at(0.25), at(0.7), at(0.51), at(0.53), at(0.51))
    .lineTo(at(0.35), at(0.51))
    .moveTo(at(0.5), at(0.51))
    .lineTo(at(0.67), at(0.75))
    .lineWidth(at(0.11))
    .lineCap('round')
    .lineJoin('round')
    .stroke('#ffffff');
  doc.restore();
}

/**
 * A QR code of `text` as vector squares (one rectangle per run of dark modules in a row, filled
 * as one path), `size` points wide without its quiet zone: the caller keeps four modules clear
 * around it. Medium error correction survives a scuffed print or a phone held at an angle.
 */
export function drawQrCode(doc: PDFKit.PDFDocument, text: string, x: number, y: number, size: number): void {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  const step = size / count;
  doc.save();
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) {
        column++;
      }
      doc.rect(x + start * step, y + row * step, (column - start) * step, step);
    }
  }
  doc.fill('#000000');
  doc.restore();
}

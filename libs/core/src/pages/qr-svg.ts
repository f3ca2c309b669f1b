import QRCode from 'qrcode';

/**
 * A QR code as inline SVG markup for a page, named for assistive technology by `label` (pages
 * print what it encodes beside it, for those who cannot scan).
 */
export async function qrSvg(text: string, label: string, options: { margin?: number } = {}): Promise<string> {
  const svg = await QRCode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: options.margin ?? 4,
  });
  const escaped = label.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`);
  return svg.replace('<svg ', `<svg role="img" aria-label="${escaped}" `);
}

import { uploadedText } from './uploaded-text';

describe('uploaded text files', () => {
  it('reads UTF-8, falls back to Windows-1252, and refuses what is not text', () => {
    expect(uploadedText(Buffer.from('Müller;Zoë\n', 'utf8'))).toBe('Müller;Zoë\n');
    // "Müller" as Excel on Windows saves it.
    expect(uploadedText(Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72]))).toBe('Müller');
    expect(uploadedText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]))).toBeNull();
  });
});

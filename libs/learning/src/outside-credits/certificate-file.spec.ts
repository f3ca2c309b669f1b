import { certificateFileName, certificateFileType } from './certificate-file';

describe('an outside credit’s certificate file', () => {
  it('is known by its first bytes: PDF, PNG or JPEG', () => {
    expect(certificateFileType(Buffer.from('%PDF-1.7\n%âãÏÓ\n'))).toBe('application/pdf');
    expect(
      certificateFileType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])),
    ).toBe('image/png');
    expect(certificateFileType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]))).toBe('image/jpeg');
  });

  it('is refused as anything else, whatever it is called', () => {
    expect(certificateFileType(Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'))).toBeUndefined();
    expect(certificateFileType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(certificateFileType(Buffer.from('PK\x03\x04word/document.xml', 'latin1'))).toBeUndefined();
    expect(certificateFileType(Buffer.from(' %PDF-1.7'))).toBeUndefined();
    expect(certificateFileType(Buffer.alloc(0))).toBeUndefined();
  });

  it('is named for what it is, without folders or control characters', () => {
    expect(certificateFileName('ASRM 2026 certificate.pdf', 'application/pdf')).toBe(
      'ASRM 2026 certificate.pdf',
    );
    expect(certificateFileName('scan.exe', 'image/png')).toBe('scan.png');
    expect(certificateFileName('C:\\Users\\ana\\cert\u0007ificate.jpeg', 'image/jpeg')).toBe(
      'certificate.jpg',
    );
    expect(certificateFileName('', 'application/pdf')).toBe('certificate.pdf');
    expect(certificateFileName('.pdf', 'application/pdf')).toBe('certificate.pdf');
  });
});

import { BOARD_CODES, boardIdProblem, CERTIFYING_BOARDS } from './certifying-boards';

describe('certifying board IDs', () => {
  it('takes an ABIM ID of six digits only', () => {
    expect(boardIdProblem('ABIM', '123456')).toBeNull();
    expect(boardIdProblem('ABIM', '12345')).toBe(
      'An ABIM ID is 6 digits (from your American Board of Internal Medicine record, without spaces or dashes).',
    );
    expect(boardIdProblem('ABIM', '1234567')).not.toBeNull();
  });

  it('holds the boards without a published ID format to digits only', () => {
    for (const code of BOARD_CODES.filter((board) => board !== 'ABIM')) {
      expect(boardIdProblem(code, '12345678')).toBeNull();
      expect(boardIdProblem(code, '123')).toBeNull();
      expect(boardIdProblem(code, 'A12345')).toMatch(/is 3 to 10 digits/);
      expect(boardIdProblem(code, '12')).not.toBeNull();
    }
  });

  it('refuses a board PARS does not report to', () => {
    expect(boardIdProblem('ABXYZ', '123456')).toMatch(/^ABXYZ is not a certifying board PARS reports to/);
  });

  it('names each board once', () => {
    expect(new Set(CERTIFYING_BOARDS.map((board) => board.code)).size).toBe(CERTIFYING_BOARDS.length);
  });
});

/**
 * The certifying boards whose Maintenance of Certification (MOC, or continuing certification)
 * ACCME's PARS accepts CME for, with the shape of the ID each assigns its diplomates and the
 * MOC credit types an activity can be registered for with it. One list, read by the learner's
 * reporting profile (IDs), course versions (points per board) and the reporting queue.
 *
 * Codes are the boards' own abbreviations, which PARS's learner template takes in its
 * "Certifying Board" column.
 */
export interface CertifyingBoard {
  code: string;
  name: string;
  /** The whole ID, as the board prints it. */
  idPattern: RegExp;
  /** The ID's shape in words, for a form's hint and an error message. */
  idShape: string;
  /** MOC credit types an activity may award with this board, by PARS code. */
  mocTypes: readonly { code: string; label: string }[];
}

export const CERTIFYING_BOARDS: readonly CertifyingBoard[] = [
  {
    code: 'ABA',
    name: 'American Board of Anesthesiology',
    idPattern: /^\d{8}$/,
    idShape: '8 digits',
    mocTypes: [
      { code: 'LL', label: 'Lifelong Learning' },
      { code: 'PS', label: 'Patient Safety' },
    ],
  },
  {
    code: 'ABIM',
    name: 'American Board of Internal Medicine',
    idPattern: /^\d{6}$/,
    idShape: '6 digits',
    mocTypes: [
      { code: 'MK', label: 'Medical Knowledge' },
      { code: 'PA', label: 'Practice Assessment' },
      { code: 'PS', label: 'Patient Safety' },
    ],
  },
  {
    code: 'ABO',
    name: 'American Board of Ophthalmology',
    idPattern: /^\d{4,6}$/,
    idShape: '4 to 6 digits',
    mocTypes: [
      { code: 'LL', label: 'Lifelong Learning' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
  {
    code: 'ABOHNS',
    name: 'American Board of Otolaryngology – Head and Neck Surgery',
    idPattern: /^\d{4,6}$/,
    idShape: '4 to 6 digits',
    mocTypes: [{ code: 'SA', label: 'Self-Assessment' }],
  },
  {
    code: 'ABP',
    name: 'American Board of Pediatrics',
    idPattern: /^\d{6}$/,
    idShape: '6 digits',
    mocTypes: [{ code: 'LL', label: 'Lifelong Learning and Self-Assessment' }],
  },
  {
    code: 'ABPath',
    name: 'American Board of Pathology',
    idPattern: /^\d{4,6}$/,
    idShape: '4 to 6 digits',
    mocTypes: [
      { code: 'LL', label: 'Lifelong Learning' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
  {
    code: 'ABS',
    name: 'American Board of Surgery',
    idPattern: /^\d{5,6}$/,
    idShape: '5 or 6 digits',
    mocTypes: [
      { code: 'CME', label: 'Accredited CME' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
  {
    code: 'ABTS',
    name: 'American Board of Thoracic Surgery',
    idPattern: /^\d{4,6}$/,
    idShape: '4 to 6 digits',
    mocTypes: [
      { code: 'CME', label: 'Accredited CME' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
];

export const BOARD_CODES: readonly string[] = CERTIFYING_BOARDS.map((board) => board.code);

/** The board with this code (exactly as listed), or undefined. */
export function boardByCode(code: string): CertifyingBoard | undefined {
  return CERTIFYING_BOARDS.find((board) => board.code === code);
}

/**
 * Why a board ID cannot be this board's, in words for the person typing it; null when it can.
 * Spaces and dashes people copy from a card are not part of an ID.
 */
export function boardIdProblem(code: string, id: string): string | null {
  const board = boardByCode(code);
  if (!board) {
    return `${code} is not a certifying board PARS reports to; choose one of ${BOARD_CODES.join(', ')}.`;
  }
  return board.idPattern.test(id)
    ? null
    : `An ${board.code} ID is ${board.idShape} (from your ${board.name} record, without spaces or dashes).`;
}

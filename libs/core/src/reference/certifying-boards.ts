/**
 * The certifying boards whose Maintenance of Certification (MOC, or continuing certification)
 * ACCME's PARS accepts CME for, with the shape of the ID each assigns its diplomates and the
 * MOC credit types an activity can be registered for with it. One list, read by the learner's
 * reporting profile (IDs), course versions (points per board) and the reporting queue.
 *
 * Codes are the boards' own abbreviations, which PARS's learner template takes in its
 * "Certifying Board" column.
 *
 * ID shapes: only ABIM's is confirmed by a published source (below). For the other boards no
 * public statement of the ID's format was found, so their rule is deliberately permissive
 * (3 to 10 digits): it catches a typo such as a letter or a pasted name without refusing a real
 * ID of a length we did not foresee; PARS itself checks the ID against the board's record.
 * The list follows ACCME's list of boards taking MOC data through PARS
 * (accme.org/resource/submit-data-via-batch-upload-or-web-services), which names the American
 * Board of Orthopaedic Surgery (ABOS), the board of most physicians who harvest bone marrow.
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

// For the boards whose ID format no published source states (see above).
const ANY_DIGITS = { idPattern: /^\d{3,10}$/, idShape: '3 to 10 digits' };

export const CERTIFYING_BOARDS: readonly CertifyingBoard[] = [
  {
    code: 'ABA',
    name: 'American Board of Anesthesiology',
    ...ANY_DIGITS,
    mocTypes: [
      { code: 'LL', label: 'Lifelong Learning' },
      { code: 'PS', label: 'Patient Safety' },
    ],
  },
  {
    code: 'ABIM',
    name: 'American Board of Internal Medicine',
    // "six-digit ABIM ID numbers": abim.org/program-directors-administrators/moc-credit-for-program-directors-and-faculty
    idPattern: /^\d{6}$/,
    idShape: '6 digits',
    mocTypes: [
      { code: 'MK', label: 'Medical Knowledge' },
      { code: 'PA', label: 'Practice Assessment' },
      { code: 'PS', label: 'Patient Safety' },
    ],
  },
  {
    code: 'ABOS',
    name: 'American Board of Orthopaedic Surgery',
    ...ANY_DIGITS,
    mocTypes: [
      { code: 'CME', label: 'Accredited CME' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
  {
    code: 'ABOHNS',
    name: 'American Board of Otolaryngology – Head and Neck Surgery',
    ...ANY_DIGITS,
    mocTypes: [{ code: 'SA', label: 'Self-Assessment' }],
  },
  {
    code: 'ABP',
    name: 'American Board of Pediatrics',
    ...ANY_DIGITS,
    mocTypes: [{ code: 'LL', label: 'Lifelong Learning and Self-Assessment' }],
  },
  {
    code: 'ABPath',
    name: 'American Board of Pathology',
    ...ANY_DIGITS,
    mocTypes: [
      { code: 'LL', label: 'Lifelong Learning' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
  {
    code: 'ABS',
    name: 'American Board of Surgery',
    ...ANY_DIGITS,
    mocTypes: [
      { code: 'CME', label: 'Accredited CME' },
      { code: 'SA', label: 'Self-Assessment' },
    ],
  },
  {
    code: 'ABTS',
    name: 'American Board of Thoracic Surgery',
    ...ANY_DIGITS,
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

/**
 * The states, the District of Columbia and the inhabited territories by their USPS codes, named
 * as the Postal Service names them: ACCME's learner template wants the licensing state's full
 * name ("Maine"), while learners mostly give the code ("ME").
 */
export const US_STATE_NAMES: Readonly<Record<string, string>> = {
  AL: 'Alabama',
  AK: 'Alaska',
  AZ: 'Arizona',
  AR: 'Arkansas',
  CA: 'California',
  CO: 'Colorado',
  CT: 'Connecticut',
  DE: 'Delaware',
  DC: 'District of Columbia',
  FL: 'Florida',
  GA: 'Georgia',
  HI: 'Hawaii',
  ID: 'Idaho',
  IL: 'Illinois',
  IN: 'Indiana',
  IA: 'Iowa',
  KS: 'Kansas',
  KY: 'Kentucky',
  LA: 'Louisiana',
  ME: 'Maine',
  MD: 'Maryland',
  MA: 'Massachusetts',
  MI: 'Michigan',
  MN: 'Minnesota',
  MS: 'Mississippi',
  MO: 'Missouri',
  MT: 'Montana',
  NE: 'Nebraska',
  NV: 'Nevada',
  NH: 'New Hampshire',
  NJ: 'New Jersey',
  NM: 'New Mexico',
  NY: 'New York',
  NC: 'North Carolina',
  ND: 'North Dakota',
  OH: 'Ohio',
  OK: 'Oklahoma',
  OR: 'Oregon',
  PA: 'Pennsylvania',
  RI: 'Rhode Island',
  SC: 'South Carolina',
  SD: 'South Dakota',
  TN: 'Tennessee',
  TX: 'Texas',
  UT: 'Utah',
  VT: 'Vermont',
  VA: 'Virginia',
  WA: 'Washington',
  WV: 'West Virginia',
  WI: 'Wisconsin',
  WY: 'Wyoming',
  AS: 'American Samoa',
  GU: 'Guam',
  MP: 'Northern Mariana Islands',
  PR: 'Puerto Rico',
  VI: 'Virgin Islands',
};

const BY_NAME = new Map(Object.values(US_STATE_NAMES).map((name) => [name.toLowerCase(), name]));

/**
 * The full name of a licensing state given as a code ("tx", "N.Y.") or as a name in any case
 * ("texas"); anything else as it was given (trimmed), so nothing the learner wrote is lost.
 */
export function usStateName(value: string | null): string {
  if (value === null) {
    return '';
  }
  const given = value.trim();
  const code = given.replace(/\./g, '').toUpperCase();
  return US_STATE_NAMES[code] ?? BY_NAME.get(given.toLowerCase().replace(/\s+/g, ' ')) ?? given;
}

interface LicenceShape {
  pattern: RegExp;
  /** In words, for a hint and an error message. */
  shape: string;
}

/**
 * Physician licence numbers of the few states whose board prints one stable shape. Other
 * states' numbers vary with the licence's age and type, so they get only the general rule.
 */
const LICENCE_SHAPES: Readonly<Record<string, LicenceShape>> = {
  // The Texas Medical Board numbers MD and DO licences with one letter and four digits (Q1234).
  TX: { pattern: /^[A-Z]\d{4}$/, shape: 'one letter and 4 digits, such as Q1234' },
  // New York's Office of the Professions numbers physician licences with 6 digits (leading zeros kept).
  NY: { pattern: /^\d{6}$/, shape: '6 digits, such as 123456 (keep any leading zeros)' },
  // Florida's Department of Health writes a licence as its rank code and a number
  // (floridashealth.com/mqa/PRAES/prashelp.htm): ME for a medical doctor, OS for an osteopathic one.
  FL: { pattern: /^(ME|OS)\d{1,6}$/, shape: 'ME (MD) or OS (DO) and up to 6 digits, such as ME123456' },
};

const ANY_LICENCE: LicenceShape = {
  pattern: /^[A-Z0-9.-]{1,20}$/,
  shape: '1 to 20 letters, digits, dots or dashes, as the state board prints it',
};

/** The states whose licence numbers are checked against a shape, with that shape in words. */
export function knownLicenceShapes(): { jurisdiction: string; name: string; shape: string }[] {
  return Object.entries(LICENCE_SHAPES).map(([jurisdiction, { shape }]) => ({
    jurisdiction,
    name: US_STATE_NAMES[jurisdiction]!,
    shape,
  }));
}

/** The shape of a licence number of this state (USPS code), in words. */
export function licenceNumberShape(jurisdiction: string): string {
  return (LICENCE_SHAPES[jurisdiction] ?? ANY_LICENCE).shape;
}

/**
 * Why this cannot be a licence number of this state (USPS code), in words for the person typing
 * it; null when it can. Letters count in either case; spaces are not part of a number.
 */
export function licenceNumberProblem(jurisdiction: string, number: string): string | null {
  const given = number.replace(/\s+/g, '').toUpperCase();
  const shape = LICENCE_SHAPES[jurisdiction];
  if (shape) {
    return shape.pattern.test(given)
      ? null
      : `A ${US_STATE_NAMES[jurisdiction]} licence number is ${shape.shape}.`;
  }
  return ANY_LICENCE.pattern.test(given) ? null : `A licence number is ${ANY_LICENCE.shape}.`;
}

/** The USPS code of a state given as a code ("tx", "N.Y.") or a name in any case ("texas"); null for anything else. */
export function usStateCode(value: string): string | null {
  const name = usStateName(value);
  return Object.keys(US_STATE_NAMES).find((code) => US_STATE_NAMES[code] === name) ?? null;
}

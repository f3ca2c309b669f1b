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

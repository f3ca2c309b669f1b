import {
  knownLicenceShapes,
  licenceNumberProblem,
  licenceNumberShape,
  usStateCode,
  usStateName,
} from './us-jurisdictions';

describe('licence numbers by state', () => {
  it('takes a number of the shape its state board prints, in either case and with stray spaces', () => {
    expect(licenceNumberProblem('TX', 'Q1234')).toBeNull();
    expect(licenceNumberProblem('TX', 'q 1234')).toBeNull();
    expect(licenceNumberProblem('NY', '012345')).toBeNull();
    expect(licenceNumberProblem('FL', 'ME123456')).toBeNull();
    expect(licenceNumberProblem('FL', 'os 4567')).toBeNull();
  });

  it('refuses a number of another shape, saying the expected one', () => {
    expect(licenceNumberProblem('TX', '123456')).toBe(
      'A Texas licence number is one letter and 4 digits, such as Q1234.',
    );
    expect(licenceNumberProblem('NY', 'A12345')).toBe(
      'A New York licence number is 6 digits, such as 123456 (keep any leading zeros).',
    );
    expect(licenceNumberProblem('FL', '123456')).toMatch(
      /^A Florida licence number is ME \(MD\) or OS \(DO\)/,
    );
  });

  it('holds other states to the general rule only', () => {
    expect(licenceNumberProblem('CA', 'A123456')).toBeNull();
    expect(licenceNumberProblem('PA', 'MD.012345-E')).toBeNull();
    expect(licenceNumberProblem('CA', 'A12345/6')).toBe(
      'A licence number is 1 to 20 letters, digits, dots or dashes, as the state board prints it.',
    );
    expect(licenceNumberProblem('ME', 'X'.repeat(21))).not.toBeNull();
    expect(licenceNumberProblem('ME', '')).not.toBeNull();
  });

  it('says a state’s shape for a form’s hint', () => {
    expect(licenceNumberShape('TX')).toBe('one letter and 4 digits, such as Q1234');
    expect(licenceNumberShape('OH')).toMatch(/^1 to 20 letters/);
    expect(knownLicenceShapes().map((known) => known.name)).toEqual(['Texas', 'New York', 'Florida']);
  });

  it('names a state given by code or name', () => {
    expect(usStateName('tx')).toBe('Texas');
    expect(usStateName('new york')).toBe('New York');
    expect(usStateCode('N.Y.')).toBe('NY');
    expect(usStateCode(' texas ')).toBe('TX');
    expect(usStateCode('Ontario')).toBeNull();
  });
});

import { jsonErrorOffset } from './json-position';

describe('jsonErrorOffset', () => {
  it.each([
    ['{"a": [1, 2.5e3, true, null, "x\\u00e9"]}', null],
    ['{"a": }', 6],
    ['{"a": 1,}', 8],
    ['[1 2]', 3],
    ['{"a": "unfinished', 17],
    ['{"a": 1} trailing', 9],
  ])('%s stops at %s', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

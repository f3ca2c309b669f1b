import { FieldValidationException } from '@academy/core';
import { arrange } from './authoring-pages';

describe('arranging a list in a draft', () => {
  const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  const ids = (list: { id: string }[]) => list.map((item) => item.id).join('');

  it('moves an item one place up or down, and leaves the ends where they are', () => {
    expect(ids(arrange(items, 'b', 'up'))).toBe('bac');
    expect(ids(arrange(items, 'b', 'down'))).toBe('acb');
    expect(ids(arrange(items, 'a', 'up'))).toBe('abc');
    expect(ids(arrange(items, 'c', 'down'))).toBe('abc');
    expect(ids(items)).toBe('abc');
  });

  it('removes an item, and ignores one that is not there', () => {
    expect(ids(arrange(items, 'b', 'remove'))).toBe('ac');
    expect(ids(arrange(items, 'x', 'up'))).toBe('abc');
  });

  it('refuses any other action in words', () => {
    expect(() => arrange(items, 'a', 'sideways')).toThrow(FieldValidationException);
  });
});

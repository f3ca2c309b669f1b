import { keyManagersInWords } from './key-managers-words';

describe('keyManagersInWords', () => {
  it('names one, two or more managers in a sentence, and says when there is none', () => {
    expect(keyManagersInWords(['Dr Ana Ruiz'])).toBe('Keys are managed by Dr Ana Ruiz; ask them.');
    expect(keyManagersInWords(['Dr Ana Ruiz', 'Dr Ben Ode'])).toBe(
      'Keys are managed by Dr Ana Ruiz and Dr Ben Ode; ask them.',
    );
    expect(keyManagersInWords(['A', 'B', 'C'])).toBe('Keys are managed by A, B and C; ask them.');
    expect(keyManagersInWords([])).toContain('Nobody manages these keys yet');
  });
});

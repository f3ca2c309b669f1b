import { MEMBER_LIST_MAX_ROWS, parseMemberList, UnreadableList } from './member-list';

describe('a cohort member list', () => {
  it('reads addresses with optional names by their line numbers, blank lines skipped', () => {
    const lines = parseMemberList(
      'ana@example.org, Dr Ana Lopez\n\nben@example.org\nDr Cy Moe,cy@example.org\n',
    );
    expect(lines).toEqual([
      { line: 1, kind: 'person', email: 'ana@example.org', fullName: 'Dr Ana Lopez' },
      { line: 3, kind: 'person', email: 'ben@example.org', fullName: null },
      { line: 4, kind: 'person', email: 'cy@example.org', fullName: 'Dr Cy Moe' },
    ]);
  });

  it('follows a header row, whatever the column order and delimiter', () => {
    const lines = parseMemberList('Name;E-mail\r\n"Lopez; Ana";ANA@Example.org\r\n');
    expect(lines).toEqual([{ line: 2, kind: 'person', email: 'ana@example.org', fullName: 'Lopez; Ana' }]);
  });

  it('says in words what is wrong with a line, and reports repeats', () => {
    const lines = parseMemberList(
      'email,name\nana@example.org,Ana\njane.doe@,Jane\n,Nobody\nAna@example.org,Ana again\n',
    );
    expect(lines).toEqual([
      { line: 2, kind: 'person', email: 'ana@example.org', fullName: 'Ana' },
      { line: 3, kind: 'error', problem: 'line 3: “jane.doe@” is not an e-mail address.' },
      { line: 4, kind: 'error', problem: 'line 4: there is no e-mail address on this line.' },
      { line: 5, kind: 'duplicate', email: 'ana@example.org', firstLine: 2 },
    ]);
  });

  it('refuses an empty list, one too long and one that is not CSV, in words', () => {
    expect(() => parseMemberList('email,name\n\n')).toThrow(UnreadableList);
    expect(() => parseMemberList('email\n' + 'a@example.org\n'.repeat(MEMBER_LIST_MAX_ROWS + 1))).toThrow(
      /up to 2000 can be added at once/,
    );
    expect(() => parseMemberList('a@example.org,"Ana\nb@example.org')).toThrow(/quotation mark/);
  });
});

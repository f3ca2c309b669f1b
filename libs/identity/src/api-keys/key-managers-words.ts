const NAMES = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** Names as a person lists them: "Dr Ana Ruiz", "A and B", "A, B and C". */
export function namesInWords(names: readonly string[]): string {
  return NAMES.format(names);
}

/**
 * Who a member without the right asks about their organisation's API keys, as a sentence:
 * "Keys are managed by Dr Ana Ruiz and Dr Ben Ode; ask them." (names in the order given).
 */
export function keyManagersInWords(managerNames: readonly string[]): string {
  return managerNames.length === 0
    ? 'Nobody manages these keys yet: ask the academy to make one of your organisation a key manager.'
    : `Keys are managed by ${namesInWords(managerNames)}; ask them.`;
}

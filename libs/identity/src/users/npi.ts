/**
 * Whether a US National Provider Identifier is well formed: 10 digits whose last is the Luhn
 * check digit computed over the prefix 80840 followed by the first nine digits (CMS rule).
 */
export function isValidNpi(npi: string): boolean {
  if (!/^\d{10}$/.test(npi)) {
    return false;
  }
  const digits = `80840${npi}`;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** The browser and system a User-Agent names, in words a person recognises ("Firefox on Windows"). */
export function deviceInWords(userAgent: string | null): string {
  if (!userAgent) {
    return 'Unknown device';
  }
  const browser =
    [
      [/\bEdg(e|A|iOS)?\//, 'Edge'],
      [/\bFirefox\/|\bFxiOS\//, 'Firefox'],
      [/\bOPR\/|\bOpera\//, 'Opera'],
      [/\b(?:Headless)?Chrome\/|\bCriOS\/|\bChromium\//, 'Chrome'],
      [/\bVersion\/[\d.]+.*Safari\//, 'Safari'],
      [/^curl\//, 'curl'],
      [/\bnode\b|undici/i, 'a Node.js client'],
    ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1] ?? 'A browser or client';
  const system = [
    [/\biPhone|\biPad|\biOS\b/, 'iOS'],
    [/\bAndroid\b/, 'Android'],
    [/\bWindows\b/, 'Windows'],
    [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
    [/\bCrOS\b/, 'ChromeOS'],
    [/\bLinux\b/, 'Linux'],
  ].find(([pattern]) => (pattern as RegExp).test(userAgent))?.[1];
  return system ? `${String(browser)} on ${String(system)}` : String(browser);
}

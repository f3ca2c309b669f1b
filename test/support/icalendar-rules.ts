import ICAL from 'ical.js';

// Every property RFC 5545 (section 8.3.2) and RFC 7986 register; anything else must be an X- name.
const REGISTERED_PROPERTIES = new Set([
  'CALSCALE', 'METHOD', 'PRODID', 'VERSION', 'ATTACH', 'CATEGORIES', 'CLASS', 'COMMENT',
  'DESCRIPTION', 'GEO', 'LOCATION', 'PERCENT-COMPLETE', 'PRIORITY', 'RESOURCES', 'STATUS',
  'SUMMARY', 'COMPLETED', 'DTEND', 'DUE', 'DTSTART', 'DURATION', 'FREEBUSY', 'TRANSP', 'TZID',
  'TZNAME', 'TZOFFSETFROM', 'TZOFFSETTO', 'TZURL', 'ATTENDEE', 'CONTACT', 'ORGANIZER',
  'RECURRENCE-ID', 'RELATED-TO', 'URL', 'UID', 'EXDATE', 'RDATE', 'RRULE', 'ACTION', 'REPEAT',
  'TRIGGER', 'CREATED', 'DTSTAMP', 'LAST-MODIFIED', 'SEQUENCE', 'REQUEST-STATUS',
  'NAME', 'REFRESH-INTERVAL', 'SOURCE', 'COLOR', 'IMAGE', 'CONFERENCE',
]); // prettier-ignore

/**
 * What a calendar file breaks of RFC 5545 (and of RFC 5546 for PUBLISH and CANCEL), in words;
 * empty when it keeps every rule a calendar app relies on. The file is parsed with ical.js, an
 * independent parser.
 */
export function icalendarProblems(ics: string): string[] {
  const problems: string[] = [];
  if (!ics.endsWith('\r\n')) {
    problems.push('the last line does not end with CRLF');
  }
  const lines = ics.slice(0, ics.endsWith('\r\n') ? -2 : undefined).split('\r\n');
  lines.forEach((line, index) => {
    if (/[\r\n]/.test(line)) {
      problems.push(`line ${index + 1} ends with a bare CR or LF`);
    }
    if (Buffer.byteLength(line, 'utf8') > 75) {
      problems.push(`line ${index + 1} is ${Buffer.byteLength(line, 'utf8')} octets long (at most 75)`);
    }
  });

  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  const properties = (component: ICAL.Component): ICAL.Property[] => [
    ...component.getAllProperties(),
    ...component.getAllSubcomponents().flatMap(properties),
  ];
  for (const property of properties(calendar)) {
    const name = property.name.toUpperCase();
    if (!REGISTERED_PROPERTIES.has(name) && !name.startsWith('X-')) {
      problems.push(`${name} is not a registered property and not an X- property`);
    }
  }

  const zones = new Set(
    calendar.getAllSubcomponents('vtimezone').map((zone) => String(zone.getFirstPropertyValue('tzid'))),
  );
  for (const property of properties(calendar)) {
    const tzid = property.getParameter('tzid');
    if (typeof tzid === 'string' && !zones.has(tzid)) {
      problems.push(`${property.name.toUpperCase()} names TZID ${tzid}, which no VTIMEZONE defines`);
    }
  }

  const method = String(calendar.getFirstPropertyValue('method') ?? '').toUpperCase();
  for (const event of calendar.getAllSubcomponents('vevent')) {
    // ical.js keeps a date-time as written: UTC ones end with "Z", local ones carry a TZID.
    const stamp = event.getFirstProperty('dtstamp');
    const written = stamp ? String(stamp.toJSON()[3]) : 'missing';
    if (!stamp || stamp.getParameter('tzid') || !written.endsWith('Z')) {
      problems.push(`DTSTAMP is not a UTC date-time: ${written}`);
    }
    const organizer = event.getFirstProperty('organizer');
    if (['PUBLISH', 'CANCEL', 'REQUEST'].includes(method) && !organizer) {
      problems.push(`a ${method} event has no ORGANIZER`);
    }
    if (organizer && !/^mailto:[^@\s]+@[^@\s]+$/i.test(String(organizer.getFirstValue()))) {
      problems.push(`ORGANIZER is not a mailto: address: ${String(organizer.getFirstValue())}`);
    }
    if (!event.getFirstPropertyValue('uid')) {
      problems.push('an event has no UID');
    }
  }
  return problems;
}

/** The calendar, parsed, after checking it keeps the rules of {@link icalendarProblems}. */
export function parsedCalendar(ics: string): { calendar: ICAL.Component; event: ICAL.Event } {
  const problems = icalendarProblems(ics);
  if (problems.length > 0) {
    throw new Error(`The calendar file breaks RFC 5545:\n- ${problems.join('\n- ')}\n\n${ics}`);
  }
  const calendar = new ICAL.Component(ICAL.parse(ics) as unknown[]);
  return { calendar, event: new ICAL.Event(calendar.getFirstSubcomponent('vevent')!) };
}

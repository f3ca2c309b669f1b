/** The academy's name, as certificates, credentials and transcripts print it. */
export const ACADEMY_NAME = 'Regen Academy';

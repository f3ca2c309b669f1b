import type { CertificateFacts } from '../issuance/certificate.types';
import {
  CertificateStatements,
  handsOnInWords,
  mocInWords,
  nameWithDegree,
} from '../issuance/certificate-statements';
import { OB_EXTENSIONS_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './document-loader';

/** A Bitstring status list's `statusPurpose`. */
export type StatusPurpose = 'revocation' | 'suspension';

/**
 * The academy's kinds of status list. Credentials signed as `did:web` carry ONE status entry, in
 * the `standing` list: Open Badges 3.0's AchievementCredential schema allows a single
 * `credentialStatus` object. Its purpose is `suspension`, with the bit set while the certificate
 * is not in good standing (suspended or revoked): of the Bitstring Status List purposes,
 * `suspension` is the one-bit status that may be cleared again (a reinstated certificate) or stay
 * set for good (a revoked one), and one-bit lists are what independent verifiers read (Digital
 * Bazaar's and the Digital Credentials Consortium's libraries implement no `statusSize` above 1,
 * so a two-bit `message` entry would leave them unable to check status at all). Which of the two
 * it is, and why, the verification page says. Credentials signed before, as `did:key`, point
 * into two lists, `revocation` and `suspension`, still kept for them.
 */
export type StatusListKind = StatusPurpose | 'standing';

/** The `statusPurpose` a list of this kind states. */
export function purposeOfList(kind: StatusListKind): StatusPurpose {
  return kind === 'standing' ? 'suspension' : kind;
}

/** Entries per status list: the minimum the Bitstring Status List spec asks, for herd privacy. */
export const STATUS_LIST_LENGTH = 131_072;

/** Which list (block of `STATUS_LIST_LENGTH` certificates) and which bit a status index is. */
export function statusListPosition(statusIndex: number): { listNo: number; index: number } {
  if (!Number.isSafeInteger(statusIndex) || statusIndex < 0) {
    throw new RangeError(`A status index is a whole number from 0, got ${statusIndex}`);
  }
  return { listNo: Math.floor(statusIndex / STATUS_LIST_LENGTH), index: statusIndex % STATUS_LIST_LENGTH };
}

/** The public URL of a status list credential: the standing list's has no purpose in it. */
export function statusListUrl(
  publicUrl: string,
  kind: StatusListKind,
  keyId: string,
  listNo: number,
): string {
  const base = `${publicUrl.replace(/\/+$/, '')}/credentials/status`;
  return kind === 'standing' ? `${base}/${keyId}/${listNo}` : `${base}/${kind}/${keyId}/${listNo}`;
}

/** The 1EdTech JSON Schema every credential names as its `credentialSchema`. */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** What a certificate's credential says: the certificate's facts, and where its status and issuer are found. */
export interface CredentialInput extends CertificateFacts {
  certificateId: string;
  statusIndex: number;
  publicUrl: string;
  academyName: string;
  verifyUrl: string;
}

export interface BitstringStatusListEntry {
  id: string;
  type: 'BitstringStatusListEntry';
  statusPurpose: StatusPurpose;
  statusListIndex: string;
  statusListCredential: string;
}

export interface DataIntegrityProofJson {
  type: 'DataIntegrityProof';
  created?: string;
  verificationMethod: string;
  cryptosuite: string;
  proofPurpose: string;
  proofValue: string;
}

interface ResultDescription {
  id: string;
  type: ['ResultDescription'];
  name: string;
  resultType: string;
}

/** An Open Badges 3.0 `Evidence`: what the holder did, in words (every term is in the OB 3.0 context). */
export interface Evidence {
  id?: string;
  type: ['Evidence'];
  name: string;
  description?: string;
  narrative?: string;
  genre?: string;
}

/** An Open Badges 3.0 `OpenBadgeCredential` in the VC 2.0 data model, unsigned or signed. */
export interface OpenBadgeCredential {
  '@context': string[];
  id: string;
  type: ['VerifiableCredential', 'OpenBadgeCredential'];
  issuer: { id: string; type: ['Profile']; name: string; url: string };
  credentialSchema: { id: string; type: '1EdTechJsonSchemaValidator2019' }[];
  validFrom: string;
  validUntil?: string;
  awardedDate: string;
  name: string;
  description: string;
  credentialSubject: {
    type: ['AchievementSubject'];
    name: string;
    activityStartDate?: string;
    activityEndDate?: string;
    identifier: { type: 'IdentityObject'; identityType: 'name'; hashed: false; identityHash: string }[];
    creditsEarned?: number;
    achievement: {
      id: string;
      type: ['Achievement'];
      achievementType: 'CertificateOfCompletion';
      name: string;
      description: string;
      criteria: { narrative: string };
      version: string;
      otherIdentifier: { type: 'IdentifierEntry'; identifier: string; identifierType: 'identifier' }[];
      resultDescription?: ResultDescription[];
    };
    result?: { type: ['Result']; resultDescription: string; value: string }[];
  };
  credentialStatus: BitstringStatusListEntry;
  evidence?: Evidence[];
}

/** XSD dateTimeStamp to the second, as credentials usually carry it. */
export function xsdDateTime(date: Date): string {
  if (Number.isNaN(date.getTime())) {
    throw new RangeError('Invalid date');
  }
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function slug(text: string): string {
  return (
    text
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'credit'
  );
}

function credits(amount: number): number {
  // Claims come in 0.25 steps; keep the sum free of floating-point dust.
  return Math.round(amount * 100) / 100;
}

function assertInput(input: CredentialInput): void {
  for (const [field, value] of Object.entries({
    publicUrl: input.publicUrl,
    verifyUrl: input.verifyUrl,
  })) {
    if (!/^https?:\/\/[^\s]+$/.test(value)) {
      throw new TypeError(`${field} must be an absolute http(s) URL, got "${value}"`);
    }
  }
  for (const credit of input.credits) {
    if (!Number.isFinite(credit.amount) || credit.amount < 0) {
      throw new RangeError(`Credit amount must be a number from 0, got ${credit.amount} (${credit.type})`);
    }
  }
}

/** Who signs: the academy's DID and the `issuer_key.id` of the key (its lists carry the status). */
export interface CredentialIssuer {
  did: string;
  keyId: string;
}

/**
 * The unsigned Open Badges 3.0 credential of a certificate, issued by the academy's DID.
 *
 * - The holder is named twice, the two ways wallets read it: `credentialSubject.name` (VC 2.0
 *   vocabulary) and an OB 3.0 `IdentityObject` of type `name`, in plain text (`hashed: false`).
 *   Nothing else personal (no e-mail, no account id) goes in.
 * - Credits: one OB `ResultDescription` per credit type on the achievement and one `Result` per
 *   type on the subject (value = amount). `creditsEarned` carries the amount only when there is
 *   a single credit type: types are parallel designations of the same hours (AMA PRA and ANCC),
 *   so a sum across them would mean nothing.
 * - The achievement is the course version: its id is derived from the content hash, which also
 *   appears as an `otherIdentifier`.
 */
export function buildOpenBadgeCredential(
  input: CredentialInput,
  issuer: CredentialIssuer,
): OpenBadgeCredential {
  assertInput(input);
  const publicUrl = input.publicUrl.replace(/\/+$/, '');
  const { listNo, index } = statusListPosition(input.statusIndex);
  const achievementId = `${publicUrl}/achievements/${encodeURIComponent(input.contentHash)}`;
  const courseName = `${input.courseTitle} (version ${input.courseVersion})`;

  const used = new Set<string>();
  const perType = input.credits.map((credit) => {
    let fragment = `credits-${slug(credit.type)}`;
    for (let n = 2; used.has(fragment); n++) {
      fragment = `credits-${slug(credit.type)}-${n}`;
    }
    used.add(fragment);
    return { ...credit, descriptionId: `${achievementId}#${fragment}` };
  });
  const single = perType.length === 1 ? perType[0] : undefined;

  const standingList = statusListUrl(publicUrl, 'standing', issuer.keyId, listNo);
  const credential: OpenBadgeCredential = {
    // The extensions context defines the schema validator's type, as 1EdTech's examples do.
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, OB_EXTENSIONS_CONTEXT],
    id: input.verifyUrl,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: issuer.did, type: ['Profile'], name: input.academyName, url: publicUrl },
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: '1EdTechJsonSchemaValidator2019' }],
    validFrom: xsdDateTime(input.issuedAt),
    ...(input.expiresAt ? { validUntil: xsdDateTime(input.expiresAt) } : {}),
    awardedDate: xsdDateTime(input.issuedAt),
    name: `Certificate of completion: ${courseName}`,
    description: `Certificate ${input.number}, issued by ${input.academyName}. Check that it is genuine and current at ${input.verifyUrl}.`,
    credentialSubject: {
      type: ['AchievementSubject'],
      name: input.holderName,
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.holderName },
      ],
      ...(single ? { creditsEarned: credits(single.amount) } : {}),
      achievement: {
        id: achievementId,
        type: ['Achievement'],
        achievementType: 'CertificateOfCompletion',
        name: courseName,
        description: `Continuing medical education: ${input.courseTitle}, version ${input.courseVersion}, offered by ${input.academyName}.`,
        criteria: {
          narrative: `Complete every required module and assessment of ${courseName}, meeting the course's completion rules, and claim the credit earned.`,
        },
        version: String(input.courseVersion),
        otherIdentifier: [
          {
            type: 'IdentifierEntry',
            identifier: `sha256:${input.contentHash}`,
            identifierType: 'identifier',
          },
        ],
        ...(perType.length > 0
          ? {
              resultDescription: perType.map((credit) => ({
                id: credit.descriptionId,
                type: ['ResultDescription'] as ['ResultDescription'],
                name: credit.type,
                resultType: 'ext:CreditsEarned',
              })),
            }
          : {}),
      },
      ...(perType.length > 0
        ? {
            result: perType.map((credit) => ({
              type: ['Result'] as ['Result'],
              resultDescription: credit.descriptionId,
              value: String(credits(credit.amount)),
            })),
          }
        : {}),
    },
    ...renewalEvidence(input, publicUrl),
    credentialStatus: {
      id: `${standingList}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purposeOfList('standing'),
      statusListIndex: String(index),
      statusListCredential: standingList,
    },
  };
  return withStatements(credential, input.statements);
}

/**
 * What the certificate states beyond its credit, in Open Badges 3.0's own terms (certificates
 * issued before statements were kept have none and get none):
 *
 * - the holder's name with the degree (`Jane Doe, MD`) as the subject's display name; the
 *   `IdentityObject` keeps the bare name for matching;
 * - participation as `activityStartDate` / `activityEndDate`, to the second: the OB 3.0 data
 *   model and JSON schema say DateTime, which the context's `xsd:date` typing contradicts
 *   (1EdTech/openbadges-specification#645, open); schema validity wins until that is settled;
 * - the accreditation statement in the achievement's `description`, the designation statement
 *   in its `criteria.narrative` (both belong to the course version the achievement is);
 * - the hands-on sign-off and each board the completion is reported to as `Evidence`.
 */
export function withStatements(
  credential: OpenBadgeCredential,
  statements: CertificateStatements | null | undefined,
): OpenBadgeCredential {
  if (!statements) {
    return credential;
  }
  const subject = credential.credentialSubject;
  const achievement = subject.achievement;
  const evidence = statementEvidence(statements);
  return {
    ...credential,
    credentialSubject: {
      ...subject,
      name: nameWithDegree(subject.name, statements.degree),
      activityStartDate: xsdDateTime(new Date(statements.participation.from)),
      activityEndDate: xsdDateTime(new Date(statements.participation.to)),
      achievement: {
        ...achievement,
        description: paragraphs(achievement.description, statements.accreditation),
        criteria: { narrative: paragraphs(achievement.criteria.narrative, statements.designation) },
      },
    },
    ...(evidence.length > 0 ? { evidence: [...(credential.evidence ?? []), ...evidence] } : {}),
  };
}

/** The hands-on sign-off, then one entry per board the completion is reported to. */
export function statementEvidence(statements: CertificateStatements): Evidence[] {
  const evidence: Evidence[] = [];
  const handsOn = statements.handsOn;
  if (handsOn) {
    evidence.push({
      type: ['Evidence'],
      name: 'Hands-on skills lab sign-off',
      description: handsOnInWords(handsOn),
      narrative: `An instructor assessed each step of the procedural checklist on the entrustment-supervision scale and signed it at ${[
        handsOn.venue,
        handsOn.venueAddress,
      ]
        .filter((part) => part !== '')
        .join(', ')}.`,
    });
  }
  for (const moc of statements.moc) {
    evidence.push({
      type: ['Evidence'],
      name: mocInWords(moc),
      description: `The holder chose to have this completion reported to the ${moc.boardName} for Maintenance of Certification.`,
    });
  }
  return evidence;
}

function paragraphs(...texts: string[]): string {
  return texts.filter((text) => text.trim() !== '').join('\n\n');
}

/** An OB 3.0 `Evidence` entry: the certificate a renewal renews. */
export interface RenewalEvidence extends Evidence {
  id: string;
  narrative: string;
  genre: 'Renewal';
}

/**
 * A renewal names the certificate it renews as `evidence` (VC 2.0 and OB 3.0 both define it, and
 * OB 3.0 its `Evidence` type with `name`, `narrative` and `genre`): its id is the renewed
 * certificate's verification address, where verifying shows the renewal the other way round.
 */
function renewalEvidence(input: CredentialInput, publicUrl: string): { evidence?: RenewalEvidence[] } {
  if (!input.renewsNumber) {
    return {};
  }
  return {
    evidence: [
      {
        id: `${publicUrl}/verify/${input.renewsNumber}`,
        type: ['Evidence'],
        name: `Renews certificate ${input.renewsNumber}`,
        narrative: `Issued on completing the recertification course of certificate ${input.renewsNumber}, which it renews.`,
        genre: 'Renewal',
      },
    ],
  };
}

export * from './certificates.module';
export * from './certificates-error';
export * from './issuance/academy';
export * from './issuance/certificate-number';
export * from './issuance/certificate.types';
export * from './issuance/certificate-events';
export * from './issuance/board-report-status';
export * from './issuance/certificates.service';
export * from './issuance/certificate-artifacts.job';
export * from './issuance/issue-waiting.job';
export * from './issuance/completion-rule';
export * from './verification/verification.service';
export { renderCertificatePdf, renderTranscriptPdf } from './pdf/certificate-pdf';
export type { CertificatePdfInput, TranscriptPdfInput } from './pdf/certificate-pdf';
export { CredentialVerifier, IssuerKeys, StatusLists, documentLoader } from './signing';
// For other documents the academy signs (ledger checkpoints): the same proof, made and checked.
export { checkProof, sign, VC_V2_CONTEXT, xsdDateTime } from './signing';
export type { DataIntegrityProofJson, IssuerKeyInfo, IssuerSigningKey, Signed } from './signing';

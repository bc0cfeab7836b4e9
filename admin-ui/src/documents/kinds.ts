/**
 * Document kinds as the UI offers them. The API owns the rules (api/documents/documents.ts:
 * `DOCUMENT_KINDS`, `REQUIRED_DOCUMENTS`, `UPLOAD_KINDS_BY_ROLE`); that module reads the file
 * system, so it cannot be bundled for the browser and these lists mirror it. The types tie
 * them to the API's `DocumentKind`, and the server refuses what the UI would wrongly offer.
 */
import type { RoleGrant } from '../canAccess';
import type { DocumentKind } from './types';

export const DOCUMENT_KINDS = [
  'archive_form',
  'labor_contract',
  'declaration_form',
  'id_card',
  'household_register',
  'photo',
  'reply_letter',
  'other',
] as const satisfies readonly DocumentKind[];

/** Seed 一(三)5: the five papers that go upward with the report; reporting is refused while one is missing. */
export const REQUIRED_KINDS = ['archive_form', 'labor_contract', 'declaration_form', 'id_card', 'household_register'] as const satisfies readonly DocumentKind[];

const ALL_BUT_LETTERS = DOCUMENT_KINDS.filter((k) => k !== 'reply_letter');
const UPLOAD_KINDS_BY_ROLE: Partial<Record<RoleGrant['role'], readonly DocumentKind[]>> = {
  grassroots_staff: ALL_BUT_LETTERS,
  helper: ['photo', 'other'],
  county_reviewer: DOCUMENT_KINDS,
  city_reviewer: DOCUMENT_KINDS,
  upper_reviewer: DOCUMENT_KINDS,
};

/** The kinds an official may add to a file of their scope (chairs, admins and supervisors read only). */
export function uploadableKinds(grants: readonly RoleGrant[]): Set<DocumentKind> {
  return new Set(grants.flatMap((g) => UPLOAD_KINDS_BY_ROLE[g.role] ?? []));
}

/** What the file input offers; the server decides the type from the bytes. */
export const ACCEPT = 'application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png';
export const PHOTO_ACCEPT = 'image/jpeg,image/png,.jpg,.jpeg,.png';

/** 1.2 MB / 35 KB / 120 B */
export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}

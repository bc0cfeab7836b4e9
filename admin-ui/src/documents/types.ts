import type { DocumentKind } from '../../../api/documents/documents';

export type { DocumentKind };

/** A document as `GET /api/files/:id/documents` lists it (api/documents/documents.ts `documentView`). */
export type DocumentRecord = {
  id: string;
  fileId: string;
  kind: DocumentKind;
  kindLabel: string;
  stepId: string | null;
  name: string;
  mime: string;
  /** bytes */
  size: number;
  uploadedBy: string;
  uploaderName: string | null;
  createdAt: string;
  contentUrl: string;
};

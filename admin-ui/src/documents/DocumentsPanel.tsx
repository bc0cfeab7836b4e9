import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  CircularProgress,
  Link,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ChangeEvent } from 'react';
import { Button, useGetIdentity, useTranslate, type Identifier } from 'react-admin';
import type { AppIdentity } from '../authProvider';
import { formatDateTime } from '../common/format';
import { ACCEPT, formatSize, PHOTO_ACCEPT, REQUIRED_KINDS, uploadableKinds } from './kinds';
import type { DocumentKind, DocumentRecord } from './types';
import { useDocuments, useUploadDocument } from './useDocuments';

type UploadProps = { fileId: Identifier; kind: DocumentKind; stepId?: string; label: string; onUploaded?: (doc: DocumentRecord) => void };

/**
 * One file picker for one kind: the button is the input's label, so a click opens the picker and
 * browser tests can set the input's files directly (`data-testid="document-input-<kind>"`).
 */
export const UploadButton = ({ fileId, kind, stepId, label, onUploaded }: UploadProps) => {
  const upload = useUploadDocument(fileId, stepId, onUploaded);
  const onChange = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    input.value = ''; // the same file may be chosen again after a refusal
    if (file) upload.mutate({ kind, file });
  };
  return (
    <Button
      component="label"
      label={label}
      size="small"
      variant="outlined"
      disabled={upload.isPending}
      data-testid={`upload-${kind}`}
      sx={{ whiteSpace: 'nowrap' }}
    >
      {upload.isPending ? <CircularProgress size={16} /> : <UploadFileIcon />}
      <input hidden type="file" accept={kind === 'photo' ? PHOTO_ACCEPT : ACCEPT} onChange={onChange} data-testid={`document-input-${kind}`} />
    </Button>
  );
};

const DocumentLink = ({ doc }: { doc: DocumentRecord }) => (
  <Link href={doc.contentUrl} download={doc.name} underline="hover" data-testid="document-link" data-document-id={doc.id}>
    {doc.name}
  </Link>
);

/** 建档佐证材料 of seed 一(三)5: which of the five are in, which are missing, each with its upload. */
const RequiredDocuments = ({ fileId, stepId, docs, canUpload }: { fileId: Identifier; stepId?: string; docs: DocumentRecord[]; canUpload: Set<DocumentKind> }) => {
  const translate = useTranslate();
  const missing = REQUIRED_KINDS.filter((kind) => !docs.some((d) => d.kind === kind));
  return (
    <Box data-testid="required-documents" data-missing={missing.join(',')}>
      <Alert severity={missing.length ? 'warning' : 'success'} sx={{ mb: 1 }} data-testid="required-documents-status">
        {missing.length
          ? translate('app.documents.missing_some', {
              count: missing.length,
              list: missing.map((k) => translate(`app.documents.kinds.${k}`)).join('、'),
            })
          : translate('app.documents.all_present')}
      </Alert>
      <Table size="small">
        <TableBody>
          {REQUIRED_KINDS.map((kind) => {
            const ofKind = docs.filter((d) => d.kind === kind);
            return (
              <TableRow key={kind} data-testid="required-document" data-kind={kind} data-present={String(ofKind.length > 0)}>
                <TableCell sx={{ pl: 0, width: 28 }}>
                  {ofKind.length ? <CheckCircleIcon color="success" fontSize="small" /> : <WarningAmberIcon color="warning" fontSize="small" />}
                </TableCell>
                <TableCell sx={{ fontWeight: 600 }}>{translate(`app.documents.kinds.${kind}`)}</TableCell>
                <TableCell>
                  {ofKind.length ? (
                    ofKind.map((d) => (
                      <Box key={d.id}>
                        <DocumentLink doc={d} />
                      </Box>
                    ))
                  ) : (
                    <Typography variant="body2" color="text.secondary">
                      {translate('app.documents.missing')}
                    </Typography>
                  )}
                </TableCell>
                <TableCell align="right" sx={{ pr: 0 }}>
                  {canUpload.has(kind) && (
                    <UploadButton fileId={fileId} kind={kind} stepId={stepId} label={ofKind.length ? 'app.documents.upload_again' : 'app.documents.upload'} />
                  )}
                </TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </Box>
  );
};

const DocumentTable = ({ docs }: { docs: DocumentRecord[] }) => {
  const translate = useTranslate();
  const t = (key: string) => translate(`app.documents.${key}`);
  if (docs.length === 0) {
    return (
      <Typography variant="body2" color="text.secondary" data-testid="documents-empty">
        {t('none')}
      </Typography>
    );
  }
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" data-testid="documents-table">
        <TableHead>
          <TableRow>
            <TableCell sx={{ pl: 0 }}>{t('name')}</TableCell>
            <TableCell>{t('kind')}</TableCell>
            <TableCell align="right">{t('size')}</TableCell>
            <TableCell>{t('uploader')}</TableCell>
            <TableCell>{t('uploadedAt')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {docs.map((d) => (
            <TableRow key={d.id} data-testid="document-row" data-kind={d.kind}>
              <TableCell sx={{ pl: 0 }}>
                <DocumentLink doc={d} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{translate(`app.documents.kinds.${d.kind}`, { _: d.kindLabel })}</TableCell>
              <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                {formatSize(d.size)}
              </TableCell>
              <TableCell>{d.uploaderName ?? '—'}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.createdAt)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};

type PanelProps = {
  fileId: Identifier;
  /** the BPMN element the uploads belong to (a task page's step) */
  stepId?: string;
  /** show the five required documents with their state (report upward, the file page) */
  required?: boolean;
  /** further kinds offered for upload, when the official may add them */
  kinds?: readonly DocumentKind[];
  /** only this step's documents in the list below */
  onlyStep?: boolean;
  /** for a task page's narrow column: the list leaves out the required documents shown above */
  compact?: boolean;
  title?: string;
};

/** A file's documents: the required checklist, upload buttons per kind and the list with downloads. */
export const DocumentsPanel = ({ fileId, stepId, required = false, kinds = [], onlyStep = false, compact = false, title = 'app.documents.title' }: PanelProps) => {
  const translate = useTranslate();
  const { identity } = useGetIdentity();
  const { data: docs = [], isPending, error } = useDocuments(fileId);
  const canUpload = uploadableKinds((identity as AppIdentity | undefined)?.roles ?? []);
  const extra = kinds.filter((k) => canUpload.has(k) && !(required && (REQUIRED_KINDS as readonly string[]).includes(k)));
  const listed = docs.filter(
    (d) => (!onlyStep || d.stepId === stepId) && !(compact && required && (REQUIRED_KINDS as readonly string[]).includes(d.kind)),
  );
  return (
    <Card variant="outlined" data-testid="documents-panel" data-count={docs.length}>
      <CardHeader title={translate(title)} slotProps={{ title: { variant: 'subtitle1', fontWeight: 600 } }} />
      <CardContent sx={{ pt: 0, display: 'grid', gap: 2 }}>
        {error && <Alert severity="error">{(error as Error).message}</Alert>}
        {isPending ? (
          <CircularProgress size={20} />
        ) : (
          <>
            {required && <RequiredDocuments fileId={fileId} stepId={stepId} docs={docs} canUpload={canUpload} />}
            {extra.length > 0 && (
              <Box sx={{ display: 'flex', gap: 1, flexWrap: 'wrap', alignItems: 'center' }}>
                {extra.map((kind) => (
                  <UploadButton
                    key={kind}
                    fileId={fileId}
                    kind={kind}
                    stepId={stepId}
                    label={translate('app.documents.upload_kind', { kind: translate(`app.documents.kinds.${kind}`) })}
                  />
                ))}
                <Typography variant="caption" color="text.secondary">
                  {translate('app.documents.accept_hint')}
                </Typography>
              </Box>
            )}
            {(!compact || listed.length > 0) && <DocumentTable docs={listed} />}
          </>
        )}
      </CardContent>
    </Card>
  );
};

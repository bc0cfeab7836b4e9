import type { ReactNode } from 'react';
import { Box } from '@mui/material';
import { Labeled, useRecordContext, useTranslate } from 'react-admin';
import { fieldGridSx } from '../applications/inputs/GroupInputs';
import { formatDateTime, formatFen } from '../common/format';
import { FlaggedChip } from '../crosschecks/CrossCheckPanel';
import { FileStatusChip } from './FileStatusChip';
import type { FileRecord } from './types';

const Item = ({ source, children }: { source: keyof FileRecord & string; children: ReactNode }) => (
  <Labeled label={`resources.files.fields.${source}`}>
    <Box component="span" data-field={source} sx={{ typography: 'body2' }}>
      {children ?? '—'}
    </Box>
  </Labeled>
);

/** The file's key facts, as the list shows them. */
export const FileOverview = () => {
  const translate = useTranslate();
  const r = useRecordContext<FileRecord>();
  if (!r) return null;
  return (
    <Box sx={{ ...fieldGridSx, rowGap: 2 }}>
      <Item source="caseNo">{r.caseNo}</Item>
      <Item source="fileNo">{r.fileNo}</Item>
      <Item source="applicantName">{r.applicantName}</Item>
      <Item source="idNumberMasked">{r.idNumberMasked}</Item>
      <Item source="orgName">{r.orgName}</Item>
      <Item source="status">
        <Box component="span" sx={{ display: 'inline-flex', gap: 0.5, flexWrap: 'wrap' }}>
          <FileStatusChip status={r.status} />
          <FlaggedChip fileId={r.id} />
        </Box>
      </Item>
      <Item source="level">{r.level ? translate(`app.file.level.${r.level}`) : null}</Item>
      <Item source="mainCause">{r.mainCause ? translate(`app.enums.hardshipCause.${r.mainCause}`, { _: r.mainCause }) : null}</Item>
      <Item source="householdSize">{r.householdSize}</Item>
      <Item source="perCapitaMonthly">{formatFen(r.perCapitaMonthly) || null}</Item>
      <Item source="createdAt">{formatDateTime(r.createdAt)}</Item>
    </Box>
  );
};

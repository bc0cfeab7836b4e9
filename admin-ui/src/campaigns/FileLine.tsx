import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import { Box, IconButton, Tooltip, Typography } from '@mui/material';
import { useEffect, type ReactNode } from 'react';
import { useFormContext, useWatch } from 'react-hook-form';
import { useCreatePath, useTranslate } from 'react-admin';

type Props = { fileId: string; applicantName: string; fileNo: string | null; caseNo: string; orgName: string; extra?: ReactNode };

/** A household in a campaign's list: masked name, file number, union, and its file page in a new tab (the form keeps its state). */
export const FileLine = ({ fileId, applicantName, fileNo, caseNo, orgName, extra }: Props) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  return (
    <Box sx={{ display: 'flex', alignItems: 'center', gap: 0.5, minWidth: 0 }}>
      <Box sx={{ minWidth: 0 }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {translate('app.campaign.file_line', { name: applicantName, no: fileNo ?? caseNo, org: orgName })}
        </Typography>
        {extra && (
          <Typography variant="caption" color="text.secondary" component="div">
            {extra}
          </Typography>
        )}
      </Box>
      <Tooltip title={translate('app.campaign.open_file')}>
        <IconButton size="small" component="a" href={`#${createPath({ resource: 'files', id: fileId, type: 'show' })}`} target="_blank" rel="noopener" aria-label={translate('app.campaign.open_file')}>
          <OpenInNewIcon fontSize="small" />
        </IconButton>
      </Tooltip>
    </Box>
  );
};

/** A process variable the campaign's task was started with (`campaignId`, `referralId`…), or null. */
export function taskVariable(variables: Record<string, unknown> | undefined, name: string): string | null {
  const value = variables?.[name];
  return typeof value === 'string' && value ? value : null;
}

/**
 * Puts the list's file ids into the form's rows (`answers.0.fileId`…), the key of each row the
 * inputs fill in. Watched rather than set once: react-admin's form resets to its defaults in an
 * effect that runs after its children's (and again once ready), which drops ids set from a list
 * already in the cache; a reset brings a new `rows` array, and the ids are put back.
 */
export function useRowFileIds(name: string, fileIds: string[]): void {
  const { setValue } = useFormContext();
  const rows = useWatch({ name }) as Array<{ fileId?: unknown } | undefined> | undefined;
  const want = fileIds.join(',');
  const have = fileIds.map((_, n) => String(rows?.[n]?.fileId ?? '')).join(',');
  useEffect(() => {
    if (want !== have) want.split(',').filter(Boolean).forEach((fileId, n) => setValue(`${name}.${n}.fileId`, fileId));
  }, [name, want, have, rows, setValue]);
}

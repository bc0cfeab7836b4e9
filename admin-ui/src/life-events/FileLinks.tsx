import { Box, Chip, Link, Typography } from '@mui/material';
import { Labeled, LinkBase, useCreatePath, useRecordContext, useTranslate } from 'react-admin';
import type { FileDetail } from '../files/types';
import type { FileLink } from './types';

type WithLinks = FileDetail & { previousFile?: FileLink | null; laterFile?: FileLink | null; categories?: string[] };

const LinkTo = ({ link, testId }: { link: FileLink; testId: string }) => {
  const translate = useTranslate();
  const createPath = useCreatePath();
  const label = link.fileNo ?? link.caseNo;
  if (!link.visible) {
    return (
      <Typography variant="body2" data-testid={testId}>
        {label}
        {translate('app.lifeEvent.links.not_visible', { org: link.orgName })}
      </Typography>
    );
  }
  return (
    <Link component={LinkBase} to={createPath({ resource: 'files', id: link.id, type: 'show' })} variant="body2" data-testid={testId}>
      {label}（{link.orgName}{link.closeReason ? `，${link.closeReason}` : ''}）
    </Link>
  );
};

/** 六个一批 categories and the re-entry links of a file (issue 10), on the overview tab. */
export const FileLinks = () => {
  const translate = useTranslate();
  const r = useRecordContext<WithLinks>();
  if (!r) return null;
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 1.5, mt: 2 }}>
      {!!r.categories?.length && (
        <Labeled label="app.lifeEvent.categories">
          <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }} data-testid="file-categories">
            {r.categories.map((c) => (
              <Chip key={c} size="small" color="primary" variant="outlined" label={translate(`app.projects.categories.${c}`, { _: c })} data-category={c} />
            ))}
          </Box>
        </Labeled>
      )}
      {r.previousFile && (
        <Labeled label="app.lifeEvent.links.previous">
          <LinkTo link={r.previousFile} testId="previous-file-link" />
        </Labeled>
      )}
      {r.laterFile && (
        <Labeled label="app.lifeEvent.links.later">
          <LinkTo link={r.laterFile} testId="later-file-link" />
        </Labeled>
      )}
    </Box>
  );
};

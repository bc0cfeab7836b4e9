import PhoneAndroidIcon from '@mui/icons-material/PhoneAndroid';
import { Box } from '@mui/material';
import { Button, LinkBase, useCanAccess, useRecordContext } from 'react-admin';
import type { FileDetail } from '../files/types';
import { MOBILE_VISIT_PATH } from './MobileVisitPage';
import { VisitHistory } from './VisitHistory';

/** 走访记录 of the file page: every visit, latest first, and the way to record one. */
export const VisitsTab = () => {
  const file = useRecordContext<FileDetail>();
  const { canAccess: canVisit } = useCanAccess({ resource: 'visits', action: 'create' });
  if (!file) return null;
  return (
    <Box sx={{ width: '100%', maxWidth: 760 }} data-testid="file-visits">
      {canVisit && (
        <Button
          component={LinkBase}
          to={`${MOBILE_VISIT_PATH}/${encodeURIComponent(String(file.id))}`}
          label="app.visit.record"
          variant="outlined"
          sx={{ mb: 2 }}
          data-testid="record-visit"
        >
          <PhoneAndroidIcon />
        </Button>
      )}
      <VisitHistory fileId={file.id} />
    </Box>
  );
};

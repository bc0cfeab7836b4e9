import { Chip, type ChipProps } from '@mui/material';
import { useTranslate } from 'react-admin';

export const FILE_STATUSES = ['draft', 'in_review', 'returned', 'filed', 'refused', 'cancelled'] as const;
export type FileStatus = (typeof FILE_STATUSES)[number];

const COLORS: Record<FileStatus, ChipProps['color']> = {
  draft: 'default',
  in_review: 'info',
  returned: 'warning',
  filed: 'success',
  refused: 'error',
  cancelled: 'default',
};

export const FileStatusChip = ({ status }: { status: string | null | undefined }) => {
  const translate = useTranslate();
  if (!status) return null;
  return (
    <Chip
      size="small"
      data-status={status}
      color={COLORS[status as FileStatus] ?? 'default'}
      label={translate(`app.file.status.${status}`, { _: status })}
    />
  );
};

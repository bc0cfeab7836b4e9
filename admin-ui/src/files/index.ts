import FolderSharedIcon from '@mui/icons-material/FolderShared';
import { FileEdit } from './FileEdit';
import { FileList } from './FileList';
import { FileShow } from './FileShow';
import type { FileRecord } from './types';

/** Resource `files`: household files (困难职工档案). */
export const files = {
  list: FileList,
  show: FileShow,
  edit: FileEdit,
  icon: FolderSharedIcon,
  recordRepresentation: (r: FileRecord) => `${r.caseNo} ${r.applicantName}`,
};

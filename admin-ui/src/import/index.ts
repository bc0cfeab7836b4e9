import UploadFileIcon from '@mui/icons-material/UploadFile';
import { ImportPage } from './ImportPage';

/** Screen `import` (导入档案), routed as a resource list. */
export const importFiles = { list: ImportPage, icon: UploadFileIcon };

import PostAddIcon from '@mui/icons-material/PostAdd';
import { ApplicationCreate } from './ApplicationCreate';

/** Resource `applications`: only a create screen; the result is a household file (`files`). */
export const applications = { create: ApplicationCreate, icon: PostAddIcon };

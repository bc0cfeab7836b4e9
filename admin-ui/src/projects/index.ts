import DiversityIcon from '@mui/icons-material/Diversity3';
import { ProjectCreate } from './ProjectCreate';
import { ProjectList } from './ProjectList';
import { ProjectShow } from './ProjectShow';

/** Resource `projects` (分类帮扶项目, issue 10). */
export const projects = { list: ProjectList, create: ProjectCreate, show: ProjectShow, icon: DiversityIcon };

import TrendingDownIcon from '@mui/icons-material/TrendingDown';
import { RelapseList } from './RelapseList';

/** Screen `relapse-watch` (返困预警), routed as a resource list. */
export const relapseWatch = { list: RelapseList, icon: TrendingDownIcon };

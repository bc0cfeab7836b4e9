import ListAltIcon from '@mui/icons-material/ListAlt';
import { RosterList } from './RosterList';

/** Screen `rosters` (解困脱困花名册): one page with the year's rosters, routed as a resource list. */
export const rosters = { list: RosterList, icon: ListAltIcon };

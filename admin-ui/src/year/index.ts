import EventNoteIcon from '@mui/icons-material/EventNote';
import { YearWorkPage } from './YearWorkPage';

/** Screen `year-work` (年度工作): routed as a resource list. */
export const yearWork = { list: YearWorkPage, icon: EventNoteIcon };

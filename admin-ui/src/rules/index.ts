import TuneIcon from '@mui/icons-material/Tune';
import { RulesPage } from './RulesPage';

/** Screen `rules` (规则参数): one page with the four rule-parameter lists, routed as a resource list. */
export const rules = { list: RulesPage, icon: TuneIcon };

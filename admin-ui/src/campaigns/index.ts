import CampaignIcon from '@mui/icons-material/Campaign';
import { CampaignsPage } from './CampaignsPage';

/** Screen `campaigns` (专项工作): clean-up, dibao referral and spot checks, routed as a resource list. */
export const campaigns = { list: CampaignsPage, icon: CampaignIcon };

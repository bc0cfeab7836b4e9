import AccountBalanceWalletIcon from '@mui/icons-material/AccountBalanceWallet';
import { FundsPage } from './FundsPage';

/** Screen `funds` (帮扶资金): one page with four tabs, routed as a resource list. */
export const funds = { list: FundsPage, icon: AccountBalanceWalletIcon };

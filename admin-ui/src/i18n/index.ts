import polyglotI18nProvider from 'ra-i18n-polyglot';
import { zhCN } from './zh-CN';

export { zhCN };

/** The only locale: every screen is Simplified Chinese. */
export const i18nProvider = polyglotI18nProvider(() => zhCN, 'zh-CN', [{ locale: 'zh-CN', name: '简体中文' }]);

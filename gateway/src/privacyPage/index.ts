export { renderPrivacyPage } from './renderPrivacyPage.ts';
export { privacyPageRoute } from './privacyPageRoute.ts';
export type { PrivacyPageRouteOptions } from './privacyPageRoute.ts';
export { escapeHtml } from './html.ts';

export { QuotaUsage, QuotaUsageProvider } from './QuotaUsage';

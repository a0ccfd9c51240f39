export { SERVICE_NAMES } from './app-config';
export type { AppConfig, ServiceEndpoint, ServiceName } from './app-config';
export { APP_CONFIG, ConfigModule, InjectConfig } from './config.module';
export * from './demo-defaults';
export { ConfigValidationError, loadConfig } from './load-config';

export { LoggingModule } from './logging.module';
export { findRawRequestContext, findRequestContext, setRequestContext } from './request-context';
export type { DependencyCall, RequestContext } from './request-context';
export { ReqContext } from './request-context.decorator';
export { registerRequestContext } from './request-context.hook';
export { REQUEST_ID_HEADER, requestIdFor } from './request-id';
export {
  formatTraceparent,
  newTraceId,
  outgoingTraceparent,
  parseTraceparent,
} from './trace-context';
export type { TraceParent } from './trace-context';

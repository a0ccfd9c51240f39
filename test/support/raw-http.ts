// The e2e specs' raw-HTTP helper is the demo's own (apps/demo-backends/src/testing/raw-http.ts):
// one implementation, which the demo's unit specs use too (an app may not import from test/).
export {
  rawExchange,
  rawRequest,
  type RawRequestOptions,
  type RawResponse,
} from '../../apps/demo-backends/src/testing/raw-http';

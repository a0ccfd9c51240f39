import type { AxiosAdapter, AxiosResponse, InternalAxiosRequestConfig } from 'axios';
import { UndiciPools } from './undici-pools';

type Method = 'GET' | 'PUT' | 'DELETE';

/**
 * axios's adapter slot filled with the service pools: the clients keep Nest's HttpService, and
 * each call goes out on a pooled keep-alive undici connection instead of a Node http request
 * (no socket setup per call, undici's parser and coarse timers). The body comes back as text,
 * decoded and within the body limits, but unparsed: the caller parses it, so a non-JSON body is
 * the caller's `bad_response`.
 */
export function undiciAdapter(pools: UndiciPools): AxiosAdapter {
  return async (config: InternalAxiosRequestConfig): Promise<AxiosResponse<string>> => {
    const response = await pools.send({
      baseUrl: config.baseURL ?? '',
      method: (config.method ?? 'get').toUpperCase() as Method,
      path: config.url ?? '',
      headers: config.headers.toJSON(true),
      body: config.data as string | undefined,
      timeoutMs: config.timeout ?? 0,
      signal: config.signal as AbortSignal | undefined,
    });
    return {
      status: response.status,
      statusText: '',
      headers: response.headers,
      data: response.body,
      config,
    };
  };
}

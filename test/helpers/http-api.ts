/**
 * A small client of the web monitor's REST API for tests (fetch, Basic auth, JSON in and out).
 */
export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export interface HttpApi {
  request<T = unknown>(
    method: string,
    path: string,
    options?: { body?: unknown; auth?: boolean; headers?: Record<string, string> },
  ): Promise<ApiResponse<T>>;
  get<T = unknown>(path: string): Promise<ApiResponse<T>>;
  post<T = unknown>(path: string, body?: unknown): Promise<ApiResponse<T>>;
}

/** A client of the monitor at `base` (its URL, ending with `/`). */
export function httpApi(base: string, credentials: { user: string; password: string }): HttpApi {
  const basic = `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
  const request: HttpApi['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...(options.auth === false ? {} : { Authorization: basic }), ...options.headers };
    let body: string | undefined;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(new URL(path.replace(/^\//, ''), base), { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await response.text();
    let parsed: unknown = text;
    if ((response.headers.get('content-type') ?? '').includes('application/json')) parsed = JSON.parse(text);
    return { status: response.status, body: parsed as never, text, headers: response.headers };
  };
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body === undefined ? {} : { body }),
  };
}

/** The error body every failing API call returns. */
export interface ApiErrorBody {
  error: { code: string; message: string };
}

import { describe, expect, it } from 'vitest';
import { matchRoute, taskRefInput } from '../../src/main/web/http-api/routes';

describe('HTTP API routes', () => {
  it('maps paths and methods to calls, with decoded params', () => {
    const retry = matchRoute('POST', '/api/tasks/extract%3Ax-1-ab/retry');
    expect('route' in retry && retry.route.call).toBe('tasks:retry');
    expect('route' in retry && retry.params).toEqual(['extract:x-1-ab']);
    const bulk = matchRoute('POST', '/api/tasks/bulk');
    expect('route' in bulk && bulk.route.call).toBe('tasks:bulk');
    const get = matchRoute('HEAD', '/api/tasks/42');
    expect('route' in get && get.route.call).toBe('tasks:get');
  });

  it('answers 405 with the allowed methods, and 404 for unknown paths', () => {
    expect(matchRoute('DELETE', '/api/tasks')).toEqual({ status: 405, allow: ['GET'] });
    expect(matchRoute('GET', '/api/nothing')).toEqual({ status: 404 });
    expect(matchRoute('GET', '/api/tasks/%E0%A4%A')).toEqual({ status: 404 });
  });

  it('builds the list input from the query string', () => {
    const match = matchRoute('GET', '/api/tasks');
    if (!('route' in match)) throw new Error('no route');
    const input = match.route.input({
      params: [],
      query: new URLSearchParams('q=state:failed&state=failed,active&limit=10&offset=x'),
      body: {},
    });
    expect(input).toEqual({ q: 'state:failed', state: ['failed', 'active'], limit: 10, offset: 'x' });
  });

  it('splits queue:id refs only on a queue name', () => {
    expect(taskRefInput('embed:e-1-0', new URLSearchParams())).toEqual({ queue: 'embed', id: 'e-1-0' });
    expect(taskRefInput('repeat:cleanup_old_results:123', new URLSearchParams())).toEqual({ id: 'repeat:cleanup_old_results:123' });
    expect(taskRefInput('repeat:x:1', new URLSearchParams('queue=system'))).toEqual({ queue: 'system', id: 'repeat:x:1' });
  });
});

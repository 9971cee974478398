// The API the dashboard calls, with the operator's key; errors sorted into what the page tells apart.

// The page is /dashboard on the server and /api/dashboard on Functions; the API is /api on both.
export const apiBase = (() => {
  const path = location.pathname.replace(/\/+$/, '');
  const prefix = path.endsWith('/dashboard') ? path.slice(0, -'/dashboard'.length) : '';
  return prefix.endsWith('/api') ? prefix : `${prefix}/api`;
})();

export class KeyRejected extends Error {}
export class Unreachable extends Error {}
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export async function api(key, path, { method = 'GET', body } = {}) {
  const headers = { 'x-functions-key': key, Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(apiBase + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
      credentials: 'omit',
    });
  } catch (error) {
    throw new Unreachable(error.message || 'network error');
  }

  if (response.status === 401 || response.status === 403) throw new KeyRejected();
  if ([502, 503, 504].includes(response.status)) throw new Unreachable(`${response.status} ${response.statusText}`);
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (json && (json.detail || json.title)) || response.statusText || 'request failed');
  }
  return json;
}

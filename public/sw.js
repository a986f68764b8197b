// Linli service worker: an offline app shell.
// - On install: the shell and every built file the app may load (precache.json, written by the
//   build: the main module, its loader and each page's lazily loaded chunk), so a page never
//   visited online still opens offline.
// - Pages (navigations): network first, the cached shell when offline, so a deep link opens.
// - Built files (content-hashed names): cache first; they never change.
// - The API: never cached; the app shows its own "offline" messages.
const CACHE = 'linli-shell-v2';
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => fetch('/precache.json', { cache: 'no-cache' })
        .then((res) => (res.ok ? res.json() : []))
        .catch(() => [])
        .then((files) => cache.addAll([SHELL, ...files])))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

// trunk's content hash (12–20 hex digits) then _bg / _split / .chunk names.
const HASHED = /-[0-9a-f]{12,20}([._][\w-]+)?\.(js|wasm|css)$/;

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin || url.pathname.startsWith('/api/')) {
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(SHELL, copy));
          }
          return response;
        })
        .catch(() => caches.match(SHELL)),
    );
    return;
  }
  if (HASHED.test(url.pathname) || url.pathname.startsWith('/icons/')) {
    event.respondWith(
      caches.match(request).then((cached) => cached || fetch(request).then((response) => {
        if (response.ok) {
          const copy = response.clone();
          caches.open(CACHE).then((cache) => cache.put(request, copy));
        }
        return response;
      })),
    );
  }
});

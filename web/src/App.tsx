import { Center, Loader } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router';
import { getToken, onTokenChange } from './lib/session';
import { consoleRoutes } from './routes';

const LoginPage = lazy(() => import('./pages/LoginPage'));
const Shell = lazy(() => import('./pages/Shell'));

const loading = (
  <Center h="60vh">
    <Loader />
  </Center>
);

export function App() {
  const [token, setTokenState] = useState(getToken);
  const location = useLocation();
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);

  useEffect(
    () =>
      onTokenChange((ended) => {
        const next = getToken();
        // a session ended by a 401 says so on the login page
        setExpired(ended === 'expired');
        if (next === null) queryClient.clear();
        setTokenState(next);
      }),
    [queryClient],
  );

  if (!token) {
    const from = location.pathname === '/login' ? (location.state as { from?: string } | null)?.from : location.pathname + location.search;
    return (
      <Suspense fallback={loading}>
        <Routes>
          <Route path="/login" element={<LoginPage expired={expired} from={from} />} />
          <Route path="*" element={<Navigate to="/login" replace state={{ from }} />} />
        </Routes>
      </Suspense>
    );
  }
  return (
    <Suspense fallback={loading}>
      <Routes>
        <Route element={<Shell />}>
          {consoleRoutes.map(({ path, page: Page }) => (
            <Route key={path} path={path} element={<Page />} />
          ))}
          <Route path="*" element={<Navigate to="/boards" replace />} />
        </Route>
      </Routes>
    </Suspense>
  );
}

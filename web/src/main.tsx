import '@mantine/core/styles.css';
import { createTheme, localStorageColorSchemeManager, MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { ApiError } from './api/client';
import { App } from './App';
import { I18nProvider } from './lib/i18n';
import { OrganizationProvider } from './lib/organization';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 10_000,
      // a refusal (4xx) will not change by asking again
      retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={createTheme({ primaryColor: 'indigo' })} defaultColorScheme="auto" colorSchemeManager={localStorageColorSchemeManager({ key: 'mc.color-scheme' })}>
      <QueryClientProvider client={queryClient}>
        <I18nProvider>
          <OrganizationProvider>
            <BrowserRouter>
              <App />
            </BrowserRouter>
          </OrganizationProvider>
        </I18nProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);

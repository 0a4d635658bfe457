import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

// The organisation the pages work in, remembered across visits.
const KEY = 'mc.organization';

interface OrganizationChoice {
  organizationId: string | null;
  setOrganizationId(id: string | null): void;
}

const OrganizationContext = createContext<OrganizationChoice | null>(null);

export function OrganizationProvider({ children }: { children: ReactNode }) {
  const [organizationId, setState] = useState<string | null>(() => localStorage.getItem(KEY));
  const setOrganizationId = useCallback((id: string | null) => {
    if (id) localStorage.setItem(KEY, id);
    else localStorage.removeItem(KEY);
    setState(id);
  }, []);
  return <OrganizationContext.Provider value={{ organizationId, setOrganizationId }}>{children}</OrganizationContext.Provider>;
}

export function useOrganization(): OrganizationChoice {
  const context = useContext(OrganizationContext);
  if (!context) throw new Error('useOrganization outside OrganizationProvider');
  return context;
}

import { useQuery } from '@tanstack/react-query';
import { call } from './api/client.ts';

export function App() {
  const info = useQuery({ queryKey: ['app.info'], queryFn: () => call('app.info', {}) });
  const connections = useQuery({ queryKey: ['connections'], queryFn: () => call('connections.list', {}) });
  return (
    <main>
      <h1>CRM Desk</h1>
      <p data-testid="transport">{info.data ? `Running in ${info.data.transport} mode` : 'Starting…'}</p>
      {connections.data?.length === 0 && <p>No connections yet.</p>}
      <ul>
        {connections.data?.map((c) => (
          <li key={c.name}>
            {c.name} ({c.vendor})
          </li>
        ))}
      </ul>
    </main>
  );
}

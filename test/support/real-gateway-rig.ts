import { OpenClawGatewayClient } from '../../src/integrations/openclaw-gateway';
import { FakeModelServer } from '../fakes/openai-model-server';
import { createAgent, createOrganization } from './fixtures';
import { OpenClawGatewayHandle, startOpenClawGateway } from './openclaw';
import { startTestApp, TestApp } from './test-app';

/** The app, a real gateway on the fake model, an observer connection to it, and one agent on it (direct mode). */
export interface RealGatewayRig {
  t: TestApp;
  model: FakeModelServer;
  gateway: OpenClawGatewayHandle;
  client: OpenClawGatewayClient;
  org: { id: string };
  gatewayId: string;
  agent: { id: string };
  close(): Promise<void>;
}

export async function startRealGatewayRig(observerName: string): Promise<RealGatewayRig> {
  const [t, model] = await Promise.all([startTestApp(), FakeModelServer.start()]);
  const gateway = await startOpenClawGateway({ modelBaseUrl: model.baseUrl });
  const client = new OpenClawGatewayClient({ url: gateway.url, token: gateway.token, clientName: observerName });
  await client.start();
  const org = await createOrganization(t);
  const gatewayId = (await t.http.post('/api/v1/gateways').set(t.admin).send({ organization_id: org.id, name: 'real-gateway', url: gateway.url, token: gateway.token }).expect(201)).body.id as string;
  const agent = await createAgent(t, org.id, { gateway_id: gatewayId });
  return {
    t,
    model,
    gateway,
    client,
    org,
    gatewayId,
    agent,
    async close() {
      await client.close();
      await gateway.stop();
      await model.close();
      await t.close();
    },
  };
}

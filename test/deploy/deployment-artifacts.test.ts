import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { DockerfileParser } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const root = new URL('../../', import.meta.url);
const require = createRequire(import.meta.url);

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec?: Record<string, unknown>;
  [key: string]: unknown;
}

function manifests(): Manifest[] {
  const directory = new URL('deploy/kubernetes/', root);
  return readdirSync(directory)
    .filter((file) => file.endsWith('.yaml'))
    .flatMap((file) =>
      parseAllDocuments(readFileSync(new URL(file, directory), 'utf8')).map((document) => document.toJS() as Manifest),
    );
}

// kubernetes-models validates against the Kubernetes OpenAPI JSON schemas, offline.
const modelModules: Record<string, string> = {
  'apps/v1': 'kubernetes-models/apps/v1',
  v1: 'kubernetes-models/v1',
  'autoscaling/v2': 'kubernetes-models/autoscaling/v2',
  'policy/v1': 'kubernetes-models/policy/v1',
  'networking.k8s.io/v1': 'kubernetes-models/networking.k8s.io/v1',
};

describe('Kubernetes manifests', () => {
  it('validate against the Kubernetes schemas', () => {
    const all = manifests();
    expect(all.map((manifest) => manifest.kind).sort()).toEqual(
      [
        'ConfigMap',
        'Deployment',
        'HorizontalPodAutoscaler',
        'NetworkPolicy',
        'PodDisruptionBudget',
        'Secret',
        'Service',
        'ServiceAccount',
      ].sort(),
    );
    for (const manifest of all) {
      const module = require(modelModules[manifest.apiVersion] ?? '') as Record<
        string,
        new (
          data: unknown,
        ) => { validate(): void }
      >;
      const Model = module[manifest.kind];
      expect(Model, `${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      expect(() => new Model!(manifest).validate(), `${manifest.kind} ${manifest.metadata.name}`).not.toThrow();
    }
  });

  it('harden the gateway pods', () => {
    const deployment = manifests().find((manifest) => manifest.kind === 'Deployment') as unknown as {
      spec: {
        template: {
          spec: {
            securityContext: Record<string, unknown>;
            automountServiceAccountToken: boolean;
            containers: Record<string, unknown>[];
            volumes: Record<string, unknown>[];
          };
        };
      };
    };
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(pod.automountServiceAccountToken).toBe(false);
    const container = pod.containers[0] as {
      securityContext: Record<string, unknown>;
      readinessProbe: { httpGet: { path: string } };
      livenessProbe: { httpGet: { path: string } };
      env: { name: string; value?: string }[];
    };
    expect(container.securityContext).toMatchObject({
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    // Secret values never appear inline: no API keys, no passwords, no credentials in URLs.
    for (const variable of container.env)
      expect(variable.value ?? '').not.toMatch(/sk-[A-Za-z0-9]{8}|password=|:\/\/[^/\s:]+:[^@\s]+@/i);
    expect(pod.volumes.find((volume) => 'secret' in volume)).toBeDefined();
    const config = manifests().find((manifest) => manifest.kind === 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    expect(config.data['palisade.config.yaml']).toContain('apiKey: file:/var/run/secrets/palisade/');
  });

  it('allow only upstreams, PostgreSQL, Redis and DNS out of the pods', () => {
    const policy = manifests().find((manifest) => manifest.kind === 'NetworkPolicy') as unknown as {
      spec: { policyTypes: string[]; egress: { ports: { port: number }[] }[] };
    };
    expect(policy.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy.spec.egress.flatMap((rule) => rule.ports.map((port) => port.port)).sort((a, b) => a - b)).toEqual([
      53, 53, 443, 5432, 6379,
    ]);
  });
});

describe('Dockerfile', () => {
  const dockerfile = DockerfileParser.parse(readFileSync(new URL('Dockerfile', root), 'utf8'));
  const instructions = dockerfile.getInstructions();
  const froms = dockerfile.getFROMs();
  const finalStageStart = froms.at(-1)?.getRange().start.line ?? 0;
  const finalStage = instructions.filter((instruction) => instruction.getRange().start.line >= finalStageStart);

  it('is multi-stage with pinned base images', () => {
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms)
      expect(from.getImageName() && (from.getImageTag() ?? from.getImageDigest() ?? '')).toMatch(
        /^\d+\.\d+\.\d+|^sha256:/,
      );
  });

  it('runs the final stage as a non-root user with a health check and no build tools', () => {
    const user = finalStage.filter((instruction) => instruction.getKeyword() === 'USER').at(-1);
    expect(user?.getArgumentsContent()).toMatch(/^\d+/);
    expect(user?.getArgumentsContent()).not.toMatch(/^(0|root)\b/);
    expect(finalStage.some((instruction) => instruction.getKeyword() === 'HEALTHCHECK')).toBe(true);
    const runs = finalStage
      .filter((instruction) => instruction.getKeyword() === 'RUN')
      .map((instruction) => instruction.getArgumentsContent() ?? '');
    for (const run of runs) expect(run).not.toMatch(/apt-get install|apk add|g\+\+|make /);
  });

  it('never fetches remote URLs with ADD and bakes in no secrets', () => {
    for (const instruction of instructions) {
      if (instruction.getKeyword() === 'ADD') expect(instruction.getArgumentsContent()).not.toMatch(/https?:\/\//);
      if (['ENV', 'ARG'].includes(instruction.getKeyword()))
        expect(instruction.getArgumentsContent()).not.toMatch(/(KEY|TOKEN|PASSWORD|SECRET)\s*=/i);
    }
    const ignore = readFileSync(new URL('.dockerignore', root), 'utf8');
    for (const entry of ['.git', '.env', '**/node_modules', '*.db']) expect(ignore).toContain(entry);
  });
});

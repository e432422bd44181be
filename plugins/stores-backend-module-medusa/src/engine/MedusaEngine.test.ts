import {
  DEFAULT_STORE_PLANS,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { conformanceContext } from '@internal/plugin-stores-node/testUtils';
import type { RenderedObject } from '@internal/plugin-stores-common';
import { BOOTSTRAP_SCRIPT, SEED_SCRIPT } from './bootstrapScript';
import { MedusaEngine, MEDUSA_STAGES } from './MedusaEngine';

const engine = MedusaEngine.create();
const small = { name: 'small', ...DEFAULT_STORE_PLANS.small };

function render(ctx: EngineRenderContext = conformanceContext(engine, small)) {
  return engine.stages(ctx).flatMap(s => s.objects);
}

function find(objects: RenderedObject[], kind: string, name: string): any {
  const object = objects.find(o => o.kind === kind && o.metadata.name === name);
  if (!object) throw new Error(`no ${kind}/${name}`);
  return object;
}

function container(objects: RenderedObject[], kind: string, name: string) {
  return find(objects, kind, name).spec.template.spec.containers[0];
}

describe('MedusaEngine', () => {
  it('lays out a Medusa store in stages', () => {
    const stages = engine.stages(conformanceContext(engine, small));
    expect(stages.map(s => s.condition)).toEqual([...MEDUSA_STAGES]);
    expect(
      Object.fromEntries(
        stages.map(s => [
          s.condition,
          s.objects.map(o => `${o.kind}/${o.metadata.name}`),
        ]),
      ),
    ).toEqual({
      NamespaceReady: ['Namespace/store-conformance-shop'],
      QuotaReady: ['ResourceQuota/store-quota', 'LimitRange/store-limits'],
      NetworkReady: [
        'NetworkPolicy/default-deny',
        'NetworkPolicy/allow-ingress-to-medusa',
        'NetworkPolicy/allow-database-clients',
        'NetworkPolicy/allow-egress-to-database',
        'NetworkPolicy/allow-redis-clients',
        'NetworkPolicy/allow-egress-to-redis',
        'NetworkPolicy/allow-medusa-api-clients',
        'NetworkPolicy/allow-egress-to-medusa-api',
      ],
      SecretReady: ['Secret/store-credentials'],
      DatabaseReady: ['Service/postgres', 'StatefulSet/postgres'],
      CacheReady: ['Deployment/redis', 'Service/redis'],
      MedusaReady: [
        'Deployment/medusa-server',
        'Service/medusa-server',
        'Deployment/medusa-worker',
      ],
      IngressReady: ['Ingress/medusa'],
      BootstrapComplete: ['Job/medusa-bootstrap'],
    });
  });

  it('allows only the paths the store needs, and nothing out of the namespace', () => {
    const policies = render().filter(o => o.kind === 'NetworkPolicy');
    const egressOut = policies.flatMap(p =>
      ((p.spec as any).egress ?? []).flatMap((rule: any) =>
        (rule.to ?? []).filter((peer: any) => peer.ipBlock),
      ),
    );
    expect(egressOut).toEqual([]);
    const clientsOf = (name: string) =>
      (find(policies, 'NetworkPolicy', name).spec as any).ingress[0].from.map(
        (peer: any) =>
          peer.podSelector.matchLabels['app.kubernetes.io/component'],
      );
    expect(clientsOf('allow-database-clients')).toEqual([
      'server',
      'worker',
      'bootstrap',
    ]);
    expect(clientsOf('allow-redis-clients')).toEqual([
      'server',
      'worker',
      'bootstrap',
    ]);
    expect(clientsOf('allow-medusa-api-clients')).toEqual(['bootstrap']);
    expect(
      (find(policies, 'NetworkPolicy', 'allow-ingress-to-medusa').spec as any)
        .ingress,
    ).toEqual([
      {
        from: [
          {
            namespaceSelector: {
              matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 9000 }],
      },
    ]);
  });

  it('builds the database URL from the password variable defined before it', () => {
    const env = container(render(), 'Deployment', 'medusa-server')
      .env as Array<{
      name: string;
      value?: string;
      valueFrom?: unknown;
    }>;
    const names = env.map(e => e.name);
    // Kubernetes expands $(VAR) only from variables listed earlier.
    expect(names.indexOf('POSTGRES_PASSWORD')).toBeLessThan(
      names.indexOf('DATABASE_URL'),
    );
    expect(env.find(e => e.name === 'DATABASE_URL')?.value).toBe(
      'postgres://medusa:$(POSTGRES_PASSWORD)@postgres:5432/medusa',
    );
    expect(env.find(e => e.name === 'POSTGRES_PASSWORD')?.valueFrom).toEqual({
      secretKeyRef: { name: 'store-credentials', key: 'postgres-password' },
    });
    expect(env.find(e => e.name === 'STORE_CORS')?.value).toBe(
      'https://conformance-shop.stores.example.com',
    );
  });

  it('runs the server and the worker in their Medusa modes, the admin on the server only', () => {
    const objects = render();
    const envOf = (name: string) =>
      Object.fromEntries(
        container(objects, 'Deployment', name).env.map((e: any) => [
          e.name,
          e.value,
        ]),
      );
    expect(envOf('medusa-server')).toMatchObject({
      MEDUSA_WORKER_MODE: 'server',
      DISABLE_MEDUSA_ADMIN: 'false',
    });
    expect(envOf('medusa-worker')).toMatchObject({
      MEDUSA_WORKER_MODE: 'worker',
      DISABLE_MEDUSA_ADMIN: 'true',
    });
    expect(
      container(objects, 'Deployment', 'medusa-server').readinessProbe,
    ).toEqual({
      httpGet: { path: '/health', port: 'http' },
      periodSeconds: 10,
    });
    expect(container(objects, 'Deployment', 'medusa-worker').ports).toBe(
      undefined,
    );
  });

  it('takes images from config, else its defaults', () => {
    const images = (ctx: EngineRenderContext) =>
      engine
        .stages(ctx)
        .flatMap(s => s.objects)
        .filter(o => ['Deployment', 'StatefulSet', 'Job'].includes(o.kind))
        .map(o => [
          o.metadata.name,
          (o.spec as any).template.spec.containers[0].image,
        ]);
    expect(images(conformanceContext(engine, small))).toEqual([
      ['postgres', 'postgres:17-alpine'],
      ['redis', 'redis:7.4-alpine'],
      ['medusa-server', 'medusa-store:2'],
      ['medusa-worker', 'medusa-store:2'],
      ['medusa-bootstrap', 'medusa-store:2'],
    ]);
    const configured = conformanceContext(engine, small, {
      settings: {
        images: {
          medusa: 'registry.example.com/shop:1.2',
          postgres: 'postgres:16',
        },
      },
    });
    expect(images(configured)).toEqual([
      ['postgres', 'postgres:16'],
      ['redis', 'redis:7.4-alpine'],
      ['medusa-server', 'registry.example.com/shop:1.2'],
      ['medusa-worker', 'registry.example.com/shop:1.2'],
      ['medusa-bootstrap', 'registry.example.com/shop:1.2'],
    ]);
  });

  it('keeps the database on a volume of the plan and Redis in memory', () => {
    const objects = render();
    const postgres = find(objects, 'StatefulSet', 'postgres');
    expect(postgres.spec.volumeClaimTemplates[0].spec.resources).toEqual({
      requests: { storage: small.databaseStorage },
    });
    expect(container(objects, 'StatefulSet', 'postgres').volumeMounts).toEqual([
      { name: 'data', mountPath: '/var/lib/postgresql/data' },
      { name: 'tmp', mountPath: '/tmp' },
      { name: 'run', mountPath: '/var/run/postgresql' },
    ]);
    const limit = small.containerDefaults.limits['ephemeral-storage'];
    expect(
      find(objects, 'StatefulSet', 'postgres').spec.template.spec.volumes,
    ).toEqual([
      { name: 'tmp', emptyDir: { sizeLimit: limit } },
      { name: 'run', emptyDir: { sizeLimit: limit } },
    ]);
    expect(
      find(objects, 'Deployment', 'redis').spec.template.spec.volumes,
    ).toEqual([{ name: 'data', emptyDir: { sizeLimit: limit } }]);
  });

  it('runs every container with a read-only root, writing only to its emptyDirs and volumes', () => {
    const pods = render()
      .map(o => (o.spec as any)?.template?.spec)
      .filter(Boolean);
    expect(pods).toHaveLength(5);
    for (const pod of pods) {
      for (const c of pod.containers) {
        expect([c.name, c.securityContext.readOnlyRootFilesystem]).toEqual([
          c.name,
          true,
        ]);
      }
    }
    expect(
      container(render(), 'Deployment', 'medusa-server').volumeMounts,
    ).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
  });

  it('bootstraps: migrations, admin user, then region and sample product through the API', () => {
    const job = find(render(), 'Job', 'medusa-bootstrap');
    const bootstrap = job.spec.template.spec.containers[0];
    expect(bootstrap.command).toEqual([
      '/bin/sh',
      '-c',
      BOOTSTRAP_SCRIPT,
      'medusa-bootstrap',
    ]);
    expect(bootstrap.args).toEqual([SEED_SCRIPT]);
    const steps = BOOTSTRAP_SCRIPT.match(/step "\d\/\d [^"]*"/g);
    expect(steps).toEqual([
      'step "1/5 waiting for the database"',
      'step "2/5 running the migrations"',
      'step "3/5 waiting for the Medusa server"',
      'step "4/5 admin user"',
      'step "5/5 region, store name and sample product"',
    ]);
    // Checks before it acts: the user only when it cannot sign in, the
    // region and the product only when there are none.
    expect(BOOTSTRAP_SCRIPT).toMatch(/if node -e "\$SEED_SCRIPT" login; then/);
    expect(SEED_SCRIPT).toMatch(/if \(regions\.count === 0\)/);
    expect(SEED_SCRIPT).toMatch(/if \(products\.count === 0\)/);
    expect(BOOTSTRAP_SCRIPT).not.toMatch(/set -x|echo .*PASSWORD/);
    expect(SEED_SCRIPT).not.toMatch(/log\([^)]*PASSWORD/);
    const env = Object.fromEntries(
      bootstrap.env.map((e: any) => [e.name, e.value ?? e.valueFrom]),
    );
    expect(env).toMatchObject({
      MEDUSA_API: 'http://medusa-server:9000',
      MEDUSA_ADMIN_EMAIL: 'admin@conformance-shop.stores.example.com',
      MEDUSA_ADMIN_PASSWORD: {
        secretKeyRef: {
          name: 'store-credentials',
          key: 'medusa-admin-password',
        },
      },
      SAMPLE_DATA: 'true',
      STORE_TITLE: 'Conformance Shop',
    });
  });

  it('leaves the sample product out when the store asks for none', () => {
    const ctx = conformanceContext(engine, small);
    const objects = render({
      ...ctx,
      store: { ...ctx.store, options: { sampleData: false } },
    });
    const env = container(objects, 'Job', 'medusa-bootstrap').env;
    expect(env).toContainEqual({ name: 'SAMPLE_DATA', value: 'false' });
  });

  it('reports the store API and the admin dashboard', () => {
    expect(engine.urls(conformanceContext(engine, small))).toEqual({
      storefront: 'https://conformance-shop.stores.example.com/',
      admin: 'https://conformance-shop.stores.example.com/app/',
    });
  });

  it('hands out its admin (the bootstrap email) and the password key of its Secret, and cannot rotate it', () => {
    const ctx = conformanceContext(engine, small);
    const admin = engine.adminCredentials!;
    expect(admin.userName(ctx)).toBe(
      'admin@conformance-shop.stores.example.com',
    );
    expect(admin.passwordKey).toBe('medusa-admin-password');
    expect(engine.secret(ctx).keys).toContain(admin.passwordKey);
    expect(admin.rotationJob).toBeUndefined();
  });
});

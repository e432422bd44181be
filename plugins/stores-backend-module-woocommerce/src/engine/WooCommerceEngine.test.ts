import {
  MANAGED_BY_LABEL,
  STORE_ID_LABEL,
  STORE_OWNER_ANNOTATION as OWNER_ANNOTATION,
  STORE_SLUG_LABEL,
  Store,
} from '@internal/plugin-stores-common';
import type {
  EngineRenderContext,
  StorePlan,
} from '@internal/plugin-stores-node';
import { DEFAULT_STORE_PLANS as DEFAULT_PLANS } from '@internal/plugin-stores-node';
import { ADMIN_PASSWORD_SCRIPT } from './adminPasswordJob';
import { BOOTSTRAP_SCRIPT } from './bootstrapScript';
import { CORNER_SHOP } from './__testUtils__/cornerShop';
import { WooCommerceEngine, WOOCOMMERCE_STAGES } from './WooCommerceEngine';

const store = CORNER_SHOP;

function context(
  planName = 'small',
  overrides: Partial<EngineRenderContext['settings']> = {},
): EngineRenderContext {
  const plan: StorePlan = { name: planName, ...DEFAULT_PLANS[planName] };
  return {
    store,
    namespace: store.namespace,
    plan,
    settings: {
      baseDomain: 'shops.example.com',
      scheme: 'https',
      ingressClassName: 'nginx',
      tlsSecretName: 'shops-tls',
      storageClassName: 'fast',
      images: {
        wordpress: 'registry.example/wordpress:6',
        mariadb: 'registry.example/mariadb:11',
        wpcli: 'registry.example/wpcli:2',
      },
      ...overrides,
    },
  };
}

const engine = WooCommerceEngine.create();
const objectsOf = (ctx: EngineRenderContext) =>
  engine.stages(ctx).flatMap(s => s.objects);

/** Kubernetes quantity to a number (cores, bytes or a count). */
function quantity(value: string): number {
  const match = /^([0-9.]+)(m|Ki|Mi|Gi|Ti|k|M|G)?$/.exec(value);
  if (!match) throw new Error(`bad quantity ${value}`);
  const factor: Record<string, number> = {
    m: 1e-3,
    Ki: 2 ** 10,
    Mi: 2 ** 20,
    Gi: 2 ** 30,
    Ti: 2 ** 40,
    k: 1e3,
    M: 1e6,
    G: 1e9,
  };
  return Number(match[1]) * (match[2] ? factor[match[2]] : 1);
}

describe('WooCommerceEngine', () => {
  it('renders the stages in order, each object once, with deterministic names', () => {
    const stages = engine.stages(context());
    expect(stages.map(s => s.condition)).toEqual([...WOOCOMMERCE_STAGES]);
    const keys = stages.flatMap(s =>
      s.objects.map(o => `${o.kind}/${o.metadata.name}`),
    );
    expect(new Set(keys).size).toBe(keys.length);
    expect(engine.stages(context())).toEqual(stages);
  });

  it('labels and annotates every object, and every pod template, with the store', () => {
    const objects = objectsOf(context());
    for (const object of objects) {
      expect(object.metadata.labels).toMatchObject({
        [MANAGED_BY_LABEL]: 'backstage-stores',
        [STORE_ID_LABEL]: store.id,
        [STORE_SLUG_LABEL]: store.name,
        'app.kubernetes.io/part-of': store.name,
      });
      expect(object.metadata.labels!['app.kubernetes.io/name']).toBeTruthy();
      expect(
        object.metadata.labels!['app.kubernetes.io/component'],
      ).toBeTruthy();
      expect(object.metadata.annotations?.[OWNER_ANNOTATION]).toBe(store.owner);
    }
    expect(
      objects
        .filter(o => o.kind !== 'Namespace')
        .map(o => o.metadata.namespace),
    ).toEqual(objects.slice(1).map(() => store.namespace));
    const templates = objects
      .map(o => (o.spec as any)?.template)
      .filter(Boolean);
    expect(templates).toHaveLength(3);
    for (const template of templates) {
      expect(template.metadata.labels).toMatchObject({
        [STORE_ID_LABEL]: store.id,
        [MANAGED_BY_LABEL]: 'backstage-stores',
      });
    }
  });

  it('never renders a secret value: the Secret has no data and workloads read it by reference', () => {
    const objects = objectsOf(context());
    const secret = objects.find(o => o.kind === 'Secret')!;
    expect(secret).not.toHaveProperty('data');
    expect(secret).not.toHaveProperty('stringData');
    expect(engine.secret(context())).toMatchObject({
      name: secret.metadata.name,
    });
    const json = JSON.stringify(objects);
    expect(json).not.toMatch(/PASSWORD","value"/);
    const passwordEnv = objects
      .flatMap(
        o => ((o.spec as any)?.template?.spec?.containers ?? []) as any[],
      )
      .flatMap(c => c.env as any[])
      .filter(e => /PASSWORD/.test(e.name));
    expect(passwordEnv.length).toBeGreaterThan(0);
    for (const env of passwordEnv) {
      expect(env.value).toBeUndefined();
      expect(env.valueFrom.secretKeyRef.name).toBe(secret.metadata.name);
      expect(engine.secret(context()).keys).toContain(
        env.valueFrom.secretKeyRef.key,
      );
    }
  });

  it.each(Object.keys(DEFAULT_PLANS))(
    'fits the %s plan quota with every pod running at once',
    planName => {
      const ctx = context(planName);
      const objects = objectsOf(ctx);
      const pods = objects.flatMap(o => {
        const spec = o.spec as any;
        if (!spec?.template) return [];
        const count = o.kind === 'Job' ? 1 : spec.replicas;
        return Array.from({ length: count }, () => spec.template.spec);
      });
      expect(pods).toHaveLength(3);
      const hard = ctx.plan.quota;
      for (const path of ['requests', 'limits'] as const) {
        for (const resource of ['cpu', 'memory', 'ephemeral-storage']) {
          const sum = pods
            .flatMap(p => p.containers)
            .reduce(
              (total: number, c: any) =>
                total + quantity(c.resources[path][resource]),
              0,
            );
          expect(sum).toBeLessThanOrEqual(
            quantity(hard[`${path}.${resource}`]),
          );
        }
      }
      expect(pods.length).toBeLessThanOrEqual(Number(hard.pods));
      const storage =
        quantity(ctx.plan.databaseStorage) + quantity(ctx.plan.contentStorage);
      expect(storage).toBeLessThanOrEqual(quantity(hard['requests.storage']));
    },
  );

  it('runs every pod as non-root without a service-account token, compatible with Pod Security restricted', () => {
    const objects = objectsOf(context());
    const namespace = objects.find(o => o.kind === 'Namespace')!;
    expect(namespace.metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'restricted',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/audit': 'restricted',
    });
    const podSpecs = objects
      .map(o => (o.spec as any)?.template?.spec)
      .filter(Boolean);
    expect(podSpecs).toHaveLength(3);
    for (const pod of podSpecs) {
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.securityContext.runAsUser).toBeGreaterThan(0);
      for (const container of pod.containers) {
        expect(container.securityContext).toEqual({
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
          readOnlyRootFilesystem: true,
        });
      }
    }
  });

  it('uses images, storage class, ingress class and TLS from the settings', () => {
    const objects = objectsOf(context());
    const images = objects.flatMap(o =>
      ((o.spec as any)?.template?.spec?.containers ?? []).map(
        (c: any) => c.image,
      ),
    );
    expect(images.sort()).toEqual([
      'registry.example/mariadb:11',
      'registry.example/wordpress:6',
      'registry.example/wpcli:2',
    ]);
    const ingress = objects.find(o => o.kind === 'Ingress')!.spec as any;
    expect(ingress.ingressClassName).toBe('nginx');
    expect(ingress.tls).toEqual([
      { hosts: ['corner-shop.shops.example.com'], secretName: 'shops-tls' },
    ]);
    expect(ingress.rules[0].host).toBe('corner-shop.shops.example.com');
    const pvc = objects.find(o => o.kind === 'PersistentVolumeClaim')!
      .spec as any;
    expect(pvc.storageClassName).toBe('fast');
    const sts = objects.find(o => o.kind === 'StatefulSet')!.spec as any;
    expect(sts.volumeClaimTemplates[0].spec.storageClassName).toBe('fast');

    const plain = objectsOf(
      context('small', {
        storageClassName: undefined,
        tlsSecretName: undefined,
        ingressClassName: undefined,
      }),
    );
    expect(
      plain.find(o => o.kind === 'Ingress')!.spec as any,
    ).not.toHaveProperty('tls');
    expect(
      plain.find(o => o.kind === 'PersistentVolumeClaim')!.spec as any,
    ).not.toHaveProperty('storageClassName');
  });

  it('computes the storefront and admin URLs', () => {
    expect(engine.urls(context())).toEqual({
      storefront: 'https://corner-shop.shops.example.com/',
      admin: 'https://corner-shop.shops.example.com/wp-admin/',
    });
  });

  it('has an idempotent bootstrap script that checks before each step and never traces commands', () => {
    expect(BOOTSTRAP_SCRIPT).toMatch(/wp core is-installed/);
    expect(BOOTSTRAP_SCRIPT).toMatch(
      /wp plugin is-installed woocommerce \|\| wp plugin install woocommerce/,
    );
    expect(BOOTSTRAP_SCRIPT).toMatch(
      /wp plugin is-active woocommerce \|\| wp plugin activate woocommerce/,
    );
    expect(BOOTSTRAP_SCRIPT).toMatch(/woocommerce_cod_settings/);
    expect(BOOTSTRAP_SCRIPT).toMatch(/woocommerce_cheque_settings/);
    expect(BOOTSTRAP_SCRIPT).toMatch(/woocommerce_enable_guest_checkout yes/);
    expect(BOOTSTRAP_SCRIPT).not.toMatch(/set -[a-z]*x/);
    const job = objectsOf(context()).find(o => o.kind === 'Job')!.spec as any;
    expect(job.ttlSecondsAfterFinished).toBeUndefined();
    expect(job.template.spec.containers[0].terminationMessagePolicy).toBe(
      'FallbackToLogsOnError',
    );
    const sample = (s: Store) =>
      objectsOf({ ...context(), store: s }).find(o => o.kind === 'Job')!;
    const env = (o: any) =>
      Object.fromEntries(
        o.spec.template.spec.containers[0].env.map((e: any) => [
          e.name,
          e.value,
        ]),
      );
    expect(env(sample(store)).SAMPLE_DATA).toBe('true');
    expect(
      env(sample({ ...store, options: { sampleData: false } })).SAMPLE_DATA,
    ).toBe('false');
  });

  it('judges readiness from live status, against the replicas it rendered', () => {
    const meta = { name: 'x', namespace: 'n', generation: 2 };
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: meta,
      spec: { replicas: 1 },
    };
    const available = (observedGeneration: number, readyReplicas: number) => ({
      observedGeneration,
      updatedReplicas: readyReplicas,
      readyReplicas,
      conditions: [{ type: 'Available', status: 'True' }],
    });
    const judge = (live: Record<string, unknown>, desired = deployment) =>
      engine.judge({ ...deployment, ...live } as any, desired as any);
    expect(judge({ status: available(2, 1) })).toEqual({ state: 'ready' });
    expect(judge({ status: available(1, 1) }).state).toBe('progressing');
    // Someone scaled it to 0: available with 0 of 0 live, but 1 was rendered.
    expect(judge({ spec: { replicas: 0 }, status: available(2, 0) })).toEqual({
      state: 'progressing',
      message: 'Deployment x: 0/1 replicas ready',
    });
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: meta };
    const failed = {
      type: 'Failed',
      status: 'True',
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    };
    expect(
      judge({ ...job, status: { conditions: [failed] } }, job as any),
    ).toEqual({
      state: 'failed',
      reason: 'BackoffLimitExceeded',
      message: 'Job x failed: Job has reached the specified backoff limit',
    });
    const service = { apiVersion: 'v1', kind: 'Service', metadata: meta };
    expect(judge(service, service as any)).toEqual({ state: 'ready' });
  });

  it('hands out the WordPress admin and rotates its password with a Job like the bootstrap one, the new password only by reference', () => {
    const ctx = context();
    const admin = engine.adminCredentials!;
    expect(admin.userName(ctx)).toBe('admin');
    expect(admin.passwordKey).toBe('wordpress-admin-password');
    expect(engine.secret(ctx).keys).toContain(admin.passwordKey);

    const newPassword = { name: 'store-credentials-rotation', key: 'k' };
    const job = admin.rotationJob!(ctx, newPassword) as any;
    const bootstrap = objectsOf(ctx).find(o => o.kind === 'Job') as any;
    expect(job.kind).toBe('Job');
    expect(job.metadata.name).toBe('wp-admin-password');
    expect(job.metadata.namespace).toBe(store.namespace);
    // Same pod as the bootstrap Job: image, user, hardening, volume, app
    // labels (so its network policy lets it reach the database).
    const pod = job.spec.template.spec;
    const bootstrapPod = bootstrap.spec.template.spec;
    expect(job.spec.template.metadata.labels).toEqual(
      bootstrap.spec.template.metadata.labels,
    );
    for (const key of [
      'securityContext',
      'automountServiceAccountToken',
      'affinity',
      'volumes',
    ]) {
      expect([key, pod[key]]).toEqual([key, bootstrapPod[key]]);
    }
    const [container] = pod.containers;
    const [bootstrapContainer] = bootstrapPod.containers;
    expect(container.image).toBe('registry.example/wpcli:2');
    expect(container.securityContext).toEqual(
      bootstrapContainer.securityContext,
    );
    expect(container.resources).toEqual(bootstrapContainer.resources);
    expect(container.command).toEqual(['/bin/sh', '-c', ADMIN_PASSWORD_SCRIPT]);
    expect(container.terminationMessagePolicy).toBe('FallbackToLogsOnError');
    expect(container.env).toContainEqual({
      name: 'NEW_ADMIN_PASSWORD',
      valueFrom: { secretKeyRef: newPassword },
    });
    expect(
      container.env.filter((e: any) => /PASSWORD/.test(e.name) && e.value),
    ).toEqual([]);
    expect(job.spec.activeDeadlineSeconds).toBe(300);

    expect(ADMIN_PASSWORD_SCRIPT).toContain(
      'wp user update "$WP_ADMIN_USER" --user_pass="$NEW_ADMIN_PASSWORD" --skip-email >/dev/null',
    );
    expect(ADMIN_PASSWORD_SCRIPT).not.toMatch(/set -[a-z]*x/);
    expect(ADMIN_PASSWORD_SCRIPT).not.toMatch(/echo[^\n]*PASSWORD/);
  });

  it('puts the rotation pod labels of its options on the rotation Job only', () => {
    const labelled = WooCommerceEngine.create({
      rotationPodLabels: () => ({ 'test/fail': 'true' }),
    });
    const ctx = context();
    const job = labelled.adminCredentials!.rotationJob!(ctx, {
      name: 'n',
      key: 'k',
    }) as any;
    expect(job.spec.template.metadata.labels['test/fail']).toBe('true');
    const bootstrap = labelled
      .stages(ctx)
      .flatMap(s => s.objects)
      .find(o => o.kind === 'Job') as any;
    expect(
      bootstrap.spec.template.metadata.labels['test/fail'],
    ).toBeUndefined();
  });
});

import type { RenderedObject, Store } from '@internal/plugin-stores-common';
import {
  BACKUP_CRONJOB_NAME,
  DEFAULT_STORE_PLANS,
  type BackupTarget,
  type EngineRenderContext,
} from '@internal/plugin-stores-node';
import { RESTORE_SCRIPT } from './restoreScript';
import { CORNER_SHOP } from './__testUtils__/cornerShop';
import { WooCommerceEngine } from './WooCommerceEngine';

type Json = Record<string, any>;

const store = CORNER_SHOP;

const S3: BackupTarget = {
  type: 's3',
  endpoint: 'https://s3.example.com:9443',
  bucket: 'shop-backups',
  region: 'eu-west-1',
  credentialsSecret: 'backup-s3-credentials',
};

function context(
  target: BackupTarget | undefined,
  overrides: Partial<Store> = {},
): EngineRenderContext {
  return {
    store: { ...store, ...overrides },
    namespace: store.namespace,
    plan: {
      name: 'small',
      ...DEFAULT_STORE_PLANS.small,
      backup: { schedule: '15 2 * * *', retention: 4 },
    },
    settings: {
      baseDomain: 'shops.example.com',
      scheme: 'https',
      images: {},
      ...(target ? { backups: { target } } : {}),
    },
  };
}

const engine = WooCommerceEngine.create();
const objectsOf = (ctx: EngineRenderContext) =>
  engine.stages(ctx).flatMap(stage => stage.objects);
const find = (objects: RenderedObject[], kind: string, name: string) =>
  objects.find(o => o.kind === kind && o.metadata.name === name) as Json;
const podOf = (cronJob: Json) => cronJob.spec.jobTemplate.spec.template.spec;
const envOf = (container: Json) =>
  Object.fromEntries(
    (container.env as Json[]).map(e => [e.name, e.value ?? e.valueFrom]),
  );

describe('WooCommerce backups', () => {
  it('renders no backup object, stage or policy without stores.backups', () => {
    const ctx = context(undefined);
    expect(engine.stages(ctx).map(s => s.condition)).not.toContain(
      'BackupScheduled',
    );
    const objects = objectsOf(ctx);
    expect(objects.filter(o => o.kind === 'CronJob')).toEqual([]);
    expect(JSON.stringify(objects)).not.toContain('backup');
  });

  it("schedules the plan's backup into a claim of the store, with the store's pod hardening", () => {
    const objects = objectsOf(context({ type: 'pvc', storage: '3Gi' }));
    const cronJob = find(objects, 'CronJob', BACKUP_CRONJOB_NAME);
    expect(cronJob.spec).toMatchObject({
      schedule: '15 2 * * *',
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: false,
      successfulJobsHistoryLimit: 4,
    });
    expect(
      find(objects, 'PersistentVolumeClaim', 'store-backups').spec.resources,
    ).toEqual({ requests: { storage: '3Gi' } });
    const pod = podOf(cronJob);
    expect(pod).toMatchObject({
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      restartPolicy: 'Never',
      securityContext: {
        runAsNonRoot: true,
        seccompProfile: { type: 'RuntimeDefault' },
      },
    });
    const containers = [...pod.initContainers, ...pod.containers] as Json[];
    expect(containers.map(c => c.name)).toEqual(['dump', 'content', 'store']);
    for (const container of containers) {
      expect(container.securityContext).toEqual({
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        readOnlyRootFilesystem: true,
      });
    }
    // The dump reads the database password by reference, never a literal.
    expect(envOf(pod.initContainers[0]).MYSQL_PWD).toEqual({
      secretKeyRef: { name: 'store-credentials', key: 'mariadb-password' },
    });
    expect(envOf(pod.containers[0])).toMatchObject({
      BACKUP_NAME: {
        fieldRef: {
          fieldPath: "metadata.labels['batch.kubernetes.io/job-name']",
        },
      },
      WORK: '/backups/.partial-$(BACKUP_NAME)',
      RETENTION: '4',
      STORE_ID: store.id,
    });
    expect(pod.volumes).toEqual(
      expect.arrayContaining([
        {
          name: 'content',
          persistentVolumeClaim: { claimName: 'wordpress-content' },
        },
        {
          name: 'backups',
          persistentVolumeClaim: { claimName: 'store-backups' },
        },
      ]),
    );
    // The content volume is read only for the backup.
    expect(pod.initContainers[1].volumeMounts).toContainEqual({
      name: 'content',
      mountPath: '/var/www/html',
      readOnly: true,
    });
  });

  it('lets the backup pods reach the database and nothing else (no s3 policy for a claim)', () => {
    const objects = objectsOf(context({ type: 'pvc', storage: '3Gi' }));
    const policies = objects.filter(o => o.kind === 'NetworkPolicy') as Json[];
    const selectsBackups = (policy: Json) => {
      const selector = policy.spec.podSelector;
      if (!selector.matchLabels && !selector.matchExpressions) return true;
      return (selector.matchExpressions ?? []).some((e: Json) =>
        e.values.includes('backup'),
      );
    };
    expect(
      policies
        .filter(selectsBackups)
        .map(p => p.metadata.name)
        .sort(),
    ).toEqual(['allow-egress-to-database', 'default-deny']);
    expect(
      find(objects, 'NetworkPolicy', 'allow-egress-to-database').spec.egress,
    ).toEqual([
      {
        to: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'mariadb',
                'app.kubernetes.io/component': 'database',
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 3306 }],
      },
    ]);
    expect(
      find(objects, 'NetworkPolicy', 'allow-database-clients').spec.ingress[0]
        .from,
    ).toContainEqual({
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'woocommerce-store-backup',
          'app.kubernetes.io/component': 'backup',
        },
      },
    });
  });

  it("uploads to s3 with the credentials Secret by reference, through a policy to the endpoint's port only", () => {
    const objects = objectsOf(context(S3));
    expect(objects.filter(o => o.kind === 'PersistentVolumeClaim')).toEqual([
      expect.objectContaining({
        metadata: expect.objectContaining({ name: 'wordpress-content' }),
      }),
    ]);
    const upload = podOf(find(objects, 'CronJob', BACKUP_CRONJOB_NAME))
      .containers[0];
    expect(upload.image).toBe('amazon/aws-cli:2.17.0');
    expect(envOf(upload)).toMatchObject({
      S3_ENDPOINT: 'https://s3.example.com:9443',
      S3_BUCKET: 'shop-backups',
      AWS_ACCESS_KEY_ID: {
        secretKeyRef: {
          name: 'backup-s3-credentials',
          key: 'AWS_ACCESS_KEY_ID',
        },
      },
      AWS_SECRET_ACCESS_KEY: {
        secretKeyRef: {
          name: 'backup-s3-credentials',
          key: 'AWS_SECRET_ACCESS_KEY',
        },
      },
      WORK: '/backup',
    });
    const policy = find(objects, 'NetworkPolicy', 'allow-backup-target');
    expect(policy.spec.podSelector.matchExpressions[0].values).toEqual([
      'backup',
    ]);
    expect(policy.spec.egress).toEqual([
      {
        to: [
          {
            ipBlock: {
              cidr: '0.0.0.0/0',
              except: expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16']),
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 9443 }],
      },
    ]);
  });

  it('pauses the schedule of a suspended store', () => {
    const cronJob = find(
      objectsOf({ ...context(S3), suspended: true }),
      'CronJob',
      BACKUP_CRONJOB_NAME,
    );
    expect(cronJob.spec.suspend).toBe(true);
  });

  it('bootstraps a store made from a backup by fetching it from s3 and restoring it instead of installing', () => {
    const restoredFrom = {
      store: '0b6a1c34-5d8e-4f70-9a1b-2c3d4e5f6a7b',
      backup: 'store-backup-29450123',
    };
    const objects = objectsOf(context(S3, { restoredFrom }));
    const job = find(objects, 'Job', 'wp-bootstrap');
    const pod = job.spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.initContainers.map((c: Json) => c.name)).toEqual(['fetch']);
    expect(envOf(pod.initContainers[0])).toMatchObject({
      SOURCE_STORE_ID: restoredFrom.store,
      SOURCE_BACKUP: restoredFrom.backup,
      AWS_SECRET_ACCESS_KEY: {
        secretKeyRef: {
          name: 'backup-s3-credentials',
          key: 'AWS_SECRET_ACCESS_KEY',
        },
      },
    });
    const restore = pod.containers[0];
    expect(restore.command).toEqual(['/bin/sh', '-c', RESTORE_SCRIPT]);
    expect(envOf(restore)).toMatchObject({
      STORE_URL: 'https://corner-shop.shops.example.com/',
      WP_ADMIN_PASSWORD: {
        secretKeyRef: {
          name: 'store-credentials',
          key: 'wordpress-admin-password',
        },
      },
    });
    expect(restore.volumeMounts).toContainEqual({
      name: 'backup',
      mountPath: '/backup',
      readOnly: true,
    });
    // Only a restored store's bootstrap may reach the bucket.
    expect(
      find(objects, 'NetworkPolicy', 'allow-backup-target').spec.podSelector
        .matchExpressions[0].values,
    ).toEqual(['backup', 'bootstrap']);
    expect(
      find(objectsOf(context(S3)), 'Job', 'wp-bootstrap').spec.template.spec
        .initContainers,
    ).toBeUndefined();
  });

  it('fails the restore with a clear message when the portal has no s3 target', () => {
    const objects = objectsOf(
      context(
        { type: 'pvc', storage: '3Gi' },
        {
          restoredFrom: { store: 'x', backup: 'store-backup-1' },
        },
      ),
    );
    const fetch = find(objects, 'Job', 'wp-bootstrap').spec.template.spec
      .initContainers[0];
    expect(fetch.command[2]).toContain('has no s3 backup target');
    expect(fetch.env.map((e: Json) => e.name)).not.toContain(
      'AWS_SECRET_ACCESS_KEY',
    );
  });
});

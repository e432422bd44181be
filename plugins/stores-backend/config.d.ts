export interface Config {
  /**
   * The stores backend: stores on Kubernetes, of the engines that backend
   * modules install (e.g. WooCommerce). Every field is optional; the defaults suit a local cluster.
   */
  stores?: {
    /**
     * This portal's name on the cluster: every object the reconciler writes
     * carries it as the label `stores.backstage.io/instance` (with the store
     * id), and the reconciler never modifies or deletes an object without
     * both. Two portals sharing a cluster must use different ids. A
     * lowercase DNS-1123 label. Default: `default`.
     */
    instanceId?: string;

    /** How the backend reaches the Kubernetes API server. */
    cluster?: {
      /**
       * Use the pod's service account (when the backend runs in the cluster).
       * Default: false.
       */
      inCluster?: boolean;
      /**
       * Kubeconfig file. Default: `KUBECONFIG`, then `~/.kube/config`.
       */
      kubeconfigPath?: string;
      /** Kubeconfig context. Default: the file's current context. */
      context?: string;
      /** Client-side rate limit towards the API server, requests per second. Default: 100. */
      qps?: number;
      /** Burst allowed above `qps`. Default: 200. */
      burst?: number;
      /**
       * A request to the API server (response body included) gives up after
       * this many seconds, so a hung API server cannot hold a reconciler
       * worker for ever; the pass is retried with backoff. A watch must
       * answer within the same time. Default: 30.
       */
      requestTimeoutSeconds?: number;
    };

    /**
     * Stores are served at `<name>.<baseDomain>`. Default: `stores.localhost`.
     */
    baseDomain?: string;
    /** Scheme of the store URLs. Default: `http`. */
    scheme?: 'http' | 'https';
    /** IngressClass of the store ingresses. Default: the cluster's default class. */
    ingressClassName?: string;
    /**
     * TLS Secret of the store ingresses (e.g. a wildcard certificate for
     * `*.<baseDomain>`). TLS is off when unset. An Ingress can only use a
     * Secret of its own namespace, so the reconciler copies this Secret from
     * `tlsSecretNamespace` into every store namespace (labelled as the
     * store's, applied again when the source changes) and a store waits in
     * `IngressReady` until the source exists. The backend then needs `get`,
     * `list` and `watch` on Secrets in that namespace.
     */
    tlsSecretName?: string;
    /**
     * Namespace holding `tlsSecretName`. Default: the namespace of the
     * backend's Kubernetes context, as kubectl picks it: the backend's own
     * namespace when `cluster.inCluster`, else the kubeconfig context's
     * namespace, else `default`.
     */
    tlsSecretNamespace?: string;
    /**
     * StorageClass of the store volumes. Default: the cluster's default class
     * (use `kwok-volume` on the local kwok cluster).
     */
    storageClassName?: string;

    /** The store network. */
    network?: {
      /**
       * IPv4 ranges that a store pod allowed out to the internet (the
       * WooCommerce bootstrap Job's HTTPS downloads) must never reach: the
       * cluster's pod and service ranges and any other internal network,
       * excluded from that egress NetworkPolicy (`ipBlock.except`). Set them
       * to the cluster's own ranges when those are public addresses. Default:
       * the private, shared, link-local (cloud metadata) and loopback ranges
       * `10.0.0.0/8`, `172.16.0.0/12`, `192.168.0.0/16`, `100.64.0.0/10`,
       * `169.254.0.0/16`, `127.0.0.0/8`.
       */
      internalCidrs?: string[];
    };

    /**
     * Container images by role, passed to every engine. The roles and their
     * defaults belong to the engine modules (each documents its own in its
     * config.d.ts, e.g. `wordpress` of the WooCommerce module); a role not
     * set here gets the engine's default.
     */
    images?: { [role: string]: string };

    /**
     * Resource plans by name. When set, these replace the built-in plans
     * `small` and `medium` entirely (so a plan can be removed).
     */
    plans?: {
      [name: string]: {
        /**
         * ResourceQuota hard limits of the store's namespace, e.g.
         * `{ "requests.cpu": "1", "limits.memory": "3Gi", "requests.storage": "10Gi" }`.
         */
        quota: { [resource: string]: string };
        /**
         * Requests and limits of every store container, and the LimitRange
         * defaults for containers that set none. `ephemeral-storage` (a
         * container's writable layer, logs and emptyDir volumes) defaults to
         * `256Mi` requested and `1Gi` limit; a quota that constrains it
         * (`requests.ephemeral-storage`) must hold every container's.
         */
        containerDefaults: {
          requests: {
            cpu: string;
            memory: string;
            'ephemeral-storage'?: string;
          };
          limits: { cpu: string; memory: string; 'ephemeral-storage'?: string };
        };
        /** Size of the database volume, e.g. `2Gi`. */
        databaseStorage: string;
        /** Size of the WordPress content volume, e.g. `2Gi`. */
        contentStorage: string;
        /**
         * The store's scheduled backups (when `stores.backups.enabled`).
         * See docs/backups.md.
         */
        backup?: {
          /** Cron schedule (5 fields or `@daily` and the like), UTC. Default: `0 3 * * *`. */
          schedule?: string;
          /** Succeeded backups kept; older ones are removed. Default: 7. */
          retention?: number;
        };
      };
    };
    /** Plan used when a request names none. Default: `small`. */
    defaultPlan?: string;

    /** Limits on how many stores may exist and be created. */
    limits?: {
      /** Live stores one owner may have. Default: 5. */
      perOwner?: number;
      /** Live stores in all. Default: 500. */
      total?: number;
      /**
       * Stores one user (or service) may create per minute, counted across
       * replicas from the database. Default: 10.
       */
      createsPerUserPerMinute?: number;
    };

    /**
     * Who may see and change which stores. The stores permission policy
     * (`@internal/plugin-permission-backend-module-stores-policy`) enforces
     * it, and the stores backend sends a store's live updates (signals) only
     * to the users who may read it. See docs/permissions.md.
     */
    access?: {
      /**
       * Who may read stores they do not own: `all` (every signed-in user) or
       * `owners` (the owning user, members of the owning group and the admin
       * group). Changing a store is always for its owners and admins only.
       * Default: `all`.
       */
      read?: 'all' | 'owners';
      /**
       * Group whose direct members may do everything with every store and
       * create stores for any owner, e.g. `group:default/platform-team`
       * (`group:` and the `default` namespace are assumed when left out).
       * No admins when unset.
       */
      adminGroup?: string;
    };

    /** The reconciler that provisions stores in the cluster. */
    reconciler?: {
      /** Run the reconciler in this backend. Default: true. */
      enabled?: boolean;
      /** Stores reconciled at the same time. Default: 16. */
      concurrency?: number;
      /** Every live store is reconciled at least this often. Default: 300. */
      resyncIntervalSeconds?: number;
      /** A store not ready this long after provisioning started fails. Default: 900. */
      provisionTimeoutSeconds?: number;
      /**
       * A deleted store's namespace still terminating after this many seconds
       * (a finalizer nobody removes, usually) gets a Warning event
       * `DeletionStuck` and the condition `NamespaceDeleted` False/`Stuck`
       * naming what holds it; the reconciler keeps waiting, with backoff (up
       * to one look a minute). Default: 300.
       */
      namespaceDeletionTimeoutSeconds?: number;
      /**
       * Lease a replica holds on a store while a pass works it, in seconds,
       * by the database's clock; renewed every quarter of it while the pass
       * runs and released when it ends or the backend shuts down. A crashed
       * replica's stores are taken over by another one within this long.
       * Default: 4 (at least 2).
       */
      leaseSeconds?: number;
      /**
       * Managed namespaces of this portal instance (`stores.instanceId`)
       * whose store the database does not know or has deleted (a lost or
       * reset portal database, a failed deletion). `report` (default) logs
       * them, counts them in `GET /readiness` and lists them on the
       * admin-only `GET /orphans`; `delete` also deletes each one that has
       * stayed an orphan for `orphanGracePeriodSeconds`, at most
       * `orphanDeleteLimit` per scan, and never while the database holds no
       * live store at all (a portal pointed at an empty database must not
       * wipe the cluster). `POST /orphans/restore` re-creates their store
       * rows from the namespaces' labels instead.
       */
      orphans?: 'report' | 'delete';
      /** Seconds a namespace must stay an orphan before it is deleted. Default: 3600. */
      orphanGracePeriodSeconds?: number;
      /** Most orphaned namespaces deleted by one scan. Default: 5. */
      orphanDeleteLimit?: number;
      /** Seconds between orphan scans. Default: 60. */
      orphanScanIntervalSeconds?: number;
      /** First retry delay after a transient error. Default: 1000. */
      backoffBaseMs?: number;
      /** Longest retry delay. Default: 60000. */
      backoffMaxMs?: number;
    };

    /**
     * Gradual rollout of changes that come from the engine or this config
     * (an image, a plan's limits, the engine's rendering), not from one
     * store: at most `maxConcurrent` stores get such a change at once, the
     * oldest generation first; it pauses by itself once `failureThreshold`
     * of them are not ready `progressDeadlineSeconds` after they got it
     * (`GET /api/stores/rollout`, the Stores page and the metrics show it;
     * a restart resumes it). A store's own change is never held back.
     * See docs/rollout.md.
     */
    /**
     * Scheduled backups of every store (a CronJob in its namespace, on its
     * plan's `backup.schedule`, keeping `backup.retention`), backups on
     * demand (`POST /api/stores/stores/:id/backups`) and restores into a new
     * store (`fromBackup`, s3 target only). See docs/backups.md.
     */
    backups?: {
      /** Default: false (no backup objects are rendered). */
      enabled?: boolean;
      /** Where backups go. Default: `{ type: pvc }`. */
      target?:
        | {
            /** A claim in the store's own namespace (counted in its quota). */
            type: 'pvc';
            /** The claim's size. Default: `4Gi`. */
            storage?: string;
          }
        | {
            /** An S3-compatible bucket. */
            type: 's3';
            /** `https://host[:port]`, or `http://` for a bucket in the cluster. */
            endpoint: string;
            bucket: string;
            /** Default: `us-east-1`. */
            region?: string;
            /**
             * Name of a Secret in every store namespace with the keys
             * `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY` (distribute it
             * with your secret tooling). Pods reference it; the portal
             * never reads it.
             */
            credentialsSecret: string;
            /**
             * IPv4 ranges of the endpoint, for the backup pods' egress.
             * Default: any address except `stores.network.internalCidrs`.
             */
            egressCidrs?: string[];
          };
    };

    rollout?: {
      /** Stores taking the change at the same time. Default: 10. */
      maxConcurrent?: number;
      /** Failed stores that pause the rollout. Default: 3. */
      failureThreshold?: number;
      /** Seconds a store may take to be ready with the change. Default: 600. */
      progressDeadlineSeconds?: number;
    };
  };
}

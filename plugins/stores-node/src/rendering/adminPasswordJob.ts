import type { RenderedObject } from '@internal/plugin-stores-common';
import { NEW_ADMIN_PASSWORD_ENV, type SecretKeyRef } from '../adminCredentials';
import type { EngineRenderContext } from '../engine';
import type { BootstrapJobSpec } from './bootstrapJob';
import { secretEnv } from './containers';
import { renderJob } from './workloads';

/**
 * The Job that sets a new admin password in a running store: an engine's
 * container (its own image, with what its bootstrap Job has: database
 * access, volumes, user) and the store pod hardening of every Job, given the
 * new password from `newPassword` by reference only. 300 s to finish; the
 * tail of its output becomes the termination message, shown when it fails.
 */
export function renderAdminPasswordJob(
  ctx: EngineRenderContext,
  spec: BootstrapJobSpec,
  newPassword: SecretKeyRef,
  extraPodLabels: Record<string, string>,
): RenderedObject {
  return renderJob(ctx, {
    name: spec.name,
    app: spec.app,
    extraPodLabels,
    activeDeadlineSeconds: 300,
    pod: {
      ...spec.pod,
      containers: [
        {
          ...spec.container,
          name: 'admin-password',
          env: [
            ...(spec.container.env ?? []),
            secretEnv(
              NEW_ADMIN_PASSWORD_ENV,
              newPassword.name,
              newPassword.key,
            ),
          ],
          terminationMessagePolicy: 'FallbackToLogsOnError',
        },
      ],
    },
  });
}

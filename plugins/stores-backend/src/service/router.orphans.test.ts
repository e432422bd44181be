import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { storeOrphansManagePermission } from '@internal/plugin-stores-common';
import request from 'supertest';
import {
  ALICE,
  auth,
  describeRouterOnEachDatabase,
} from '../__testUtils__/routerTestBackend';

/* The admin routes on orphaned store namespaces (the scans themselves are in
 * reconciler/orphans.cluster.test.ts): guarded by stores.orphans.manage. */

jest.setTimeout(120_000);

describeRouterOnEachDatabase('orphans routes on %p', t => {
  it('answers GET /orphans and POST /orphans/restore only with stores.orphans.manage', async () => {
    await t.start();
    await request(t.server).get('/api/stores/orphans').expect(401);

    t.policy = permission =>
      permission.name === storeOrphansManagePermission.name
        ? { result: AuthorizeResult.DENY }
        : { result: AuthorizeResult.ALLOW };
    const refused = await request(t.server)
      .get('/api/stores/orphans')
      .set(auth(ALICE));
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toMatch(/platform team/);
    await request(t.server)
      .post('/api/stores/orphans/restore')
      .set(auth(ALICE))
      .expect(403);

    t.policy = () => ({ result: AuthorizeResult.ALLOW });
    const report = await request(t.server)
      .get('/api/stores/orphans')
      .set(auth(ALICE));
    expect(report.status).toBe(200);
    // This backend runs no reconciler: nothing is scanned, and it says so.
    expect(report.body).toMatchObject({
      mode: 'report',
      count: 0,
      orphans: [],
      deleted: [],
      heldBack: expect.stringContaining('no reconciler'),
    });
    const restore = await request(t.server)
      .post('/api/stores/orphans/restore')
      .set(auth(ALICE));
    expect(restore.status).toBe(200);
    expect(restore.body).toMatchObject({
      restored: [],
      skipped: [
        { namespace: '*', reason: expect.stringContaining('no reconciler') },
      ],
    });
  });
});

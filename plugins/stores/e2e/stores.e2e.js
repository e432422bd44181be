#!/usr/bin/env node
/* eslint-disable no-console */
/**
 * Browser test of the stores frontend against a running portal, in Debian's
 * Chromium through playwright-core. Run by scripts/e2e-browser (which starts
 * and stops the portal), or directly when the portal is already up:
 *
 *   node plugins/stores/e2e/stores.e2e.js
 *
 * Environment:
 *   E2E_BASE_URL         frontend (default http://localhost:3000)
 *   E2E_STAGES           `full` (default): sign in and the landing page,
 *                        Create flow, live status, entity page, the delete
 *                        dialog, delete through the delete template; `smoke`: sign in and the stores
 *                        page only (no stores backend needed beyond the page)
 *   E2E_STUB_EMPTY_STORES=1  smoke only: answer GET /api/stores/stores with an
 *                        empty list inside the browser, to check the empty
 *                        state where no stores backend runs; never in `full`
 *   E2E_SCREENSHOTS      screenshot folder (default <repo>/e2e-screenshots)
 *   E2E_STORE_TIMEOUT_MS how long a store may take to become ready / vanish
 *                        (default 300000)
 *   CHROMIUM             browser binary (default /usr/bin/chromium)
 *
 * Prints one line per stage and a closing `N passed, N failed` line; exits
 * non-zero when a stage fails.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const REPO_ROOT = path.resolve(__dirname, '../../..');
const BASE_URL = (process.env.E2E_BASE_URL || 'http://localhost:3000').replace(
  /\/$/,
  '',
);
const STAGES = process.env.E2E_STAGES || 'full';
const STUB_EMPTY = process.env.E2E_STUB_EMPTY_STORES === '1';
const SCREENSHOTS =
  process.env.E2E_SCREENSHOTS || path.join(REPO_ROOT, 'e2e-screenshots');
const STORE_TIMEOUT_MS = Number(process.env.E2E_STORE_TIMEOUT_MS || 300_000);
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const STORE_NAME = `e2e-${Date.now().toString(36)}`;

if (STUB_EMPTY && STAGES !== 'smoke') {
  console.error('E2E_STUB_EMPTY_STORES is for the smoke stages only');
  process.exit(2);
}

const results = [];

// The guest's group (catalog/org.yaml), so the store is the guest's own.
const OWNER_GROUP = 'shop-team';
let currentPage;

async function stage(name, fn) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} (${Date.now() - t0} ms): ${error.message}`);
    // What the person would have seen when it failed.
    await currentPage
      ?.screenshot({
        path: path.join(SCREENSHOTS, 'failure.png'),
        fullPage: true,
      })
      .catch(() => undefined);
    throw error;
  }
}

/** Navigates inside the single-page app, without a page load. */
async function clientSideNavigate(page, to) {
  await page.evaluate(target => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, to);
}

async function signInAsGuest(page) {
  await page.goto(BASE_URL, { waitUntil: 'domcontentloaded' });
  const enter = page.getByRole('button', { name: /^enter$/i });
  await enter.waitFor({ timeout: 60_000 });
  await enter.click();
  // Signed in once the app's sidebar shows.
  await page
    .locator('nav a[href$="/catalog"]')
    .first()
    .waitFor({ timeout: 30_000 });
}

async function openStoresFromSidebar(page) {
  await page
    .getByRole('link', { name: /^stores$/i })
    .first()
    .click();
  await page.waitForURL(/\/stores$/);
  await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
}

async function fillTemplate(page) {
  // Walk the template's steps: fill the fields it asks for, then Next/Review,
  // until the Create button shows.
  for (let step = 0; step < 6; step++) {
    const nameField = page.locator('#root_name');
    const onNameStep = await nameField.isVisible().catch(() => false);
    if (onNameStep) {
      await nameField.fill(STORE_NAME);
    }
    const displayName = page.locator('#root_displayName');
    if (await displayName.isVisible().catch(() => false)) {
      await displayName.fill(`E2E ${STORE_NAME}`);
    }
    // The form's inputs have the ids react-jsonschema-form gives them
    // (root_<field>); the OwnerPicker's input has no accessible name.
    const owner = page.locator('#root_owner');
    if (await owner.isVisible().catch(() => false)) {
      if (!(await owner.inputValue())) {
        // The catalog's group from catalog-info.yaml; typing narrows the
        // list so the click lands on a loaded option.
        await owner.click();
        await owner.fill(OWNER_GROUP);
        const option = page
          .getByRole('option', { name: new RegExp(OWNER_GROUP) })
          .first();
        await option.waitFor({ timeout: 15_000 });
        await option.click();
      }
    }
    const create = page.getByRole('button', { name: /^create$/i });
    if (await create.isVisible().catch(() => false)) {
      await create.click();
      return;
    }
    const next = page.getByRole('button', { name: /^(next|review)/i }).first();
    await next.click();
    if (onNameStep) {
      // The name is checked with the backend (a dry run) before the step
      // changes.
      await nameField.waitFor({ state: 'hidden', timeout: 30_000 });
    }
  }
  throw new Error('the template never offered a Create button');
}

/** Reads the phase of the store's card; undefined while it is not shown. */
async function phaseOf(page, name) {
  return page
    .locator(
      `[data-testid="store-card"][data-store="${name}"] [data-testid="store-phase"]`,
    )
    .getAttribute('data-phase', { timeout: 500 })
    .catch(() => undefined);
}

async function main() {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'stores-e2e-chromium-'),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1440, height: 1000 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(30_000);
  currentPage = page;
  try {
    if (STUB_EMPTY) {
      await page.route(/\/api\/stores\/stores(\?|$)/, route =>
        route.fulfill({ json: { items: [], totalCount: 0 } }),
      );
    }

    await stage('sign in as guest', () => signInAsGuest(page));

    await stage(
      'the landing page after sign-in is the Stores page',
      async () => {
        // `/` redirects to /stores (app/routes in app-config.yaml), not a 404.
        await page.waitForURL(/\/stores(\?.*)?$/);
        await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
        if (await page.getByText(/dropped the mic/i).count()) {
          throw new Error('the landing page is the 404 page');
        }
      },
    );

    await stage('stores page renders from the sidebar', async () => {
      await openStoresFromSidebar(page);
      await page
        .getByRole('button', { name: /create store/i })
        .first()
        .waitFor();
    });

    if (STAGES === 'smoke') {
      await stage(
        'stores page shows the empty state or the stores',
        async () => {
          await page.getByRole('button', { name: 'All stores' }).click();
          await page
            .getByText('No stores yet')
            .or(page.getByTestId('store-card').first())
            .waitFor({ timeout: 30_000 });
          await page.screenshot({
            path: path.join(SCREENSHOTS, 'stores-page.png'),
            fullPage: true,
          });
        },
      );
      return;
    }

    await stage('Create flow runs the woocommerce-store template', async () => {
      // A LinkButton: an anchor with the button role.
      await page
        .getByRole('button', { name: /create store/i })
        .first()
        .click();
      await page.waitForURL(/\/create\/templates\/default\/woocommerce-store/);
      await fillTemplate(page);
      await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });
    });

    await stage(
      'store goes from pending to ready under "Mine" on /stores without a reload',
      async () => {
        await clientSideNavigate(page, '/stores');
        await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
        // "Mine" (the default): the guest's group owns the store.
        const mine = page.getByRole('button', { name: 'My stores' });
        if ((await mine.getAttribute('aria-pressed')) !== 'true')
          throw new Error('the page did not open on "Mine"');
        // Survives client-side navigation, dies with a reload.
        await page.evaluate(() => {
          window.__storesE2eNoReload = true;
        });
        const seen = [];
        const deadline = Date.now() + STORE_TIMEOUT_MS;
        for (;;) {
          const phase = await phaseOf(page, STORE_NAME);
          if (phase && seen[seen.length - 1] !== phase) {
            seen.push(phase);
            console.log(`     phase: ${phase}`);
          }
          if (phase === 'ready' || phase === 'failed') break;
          if (Date.now() > deadline) {
            throw new Error(
              `not ready after ${STORE_TIMEOUT_MS} ms (saw ${
                seen.join(' → ') || 'nothing'
              })`,
            );
          }
          await page.waitForTimeout(250);
        }
        if (seen[seen.length - 1] !== 'ready') {
          throw new Error(`the store failed (saw ${seen.join(' → ')})`);
        }
        if (!seen.some(p => p === 'pending' || p === 'provisioning')) {
          throw new Error(
            `never saw the store before it was ready (saw ${seen.join(' → ')})`,
          );
        }
        if (!(await page.evaluate(() => window.__storesE2eNoReload === true))) {
          throw new Error('the page was reloaded');
        }
        await page.screenshot({
          path: path.join(SCREENSHOTS, 'stores-page.png'),
          fullPage: true,
        });
      },
    );

    await stage('a reload keeps the owner filter and the search', async () => {
      await page.getByRole('button', { name: 'All stores' }).click();
      await page.getByLabel('Search stores').fill(STORE_NAME);
      await page.waitForURL(/[?&]owner=all/);
      await page.waitForURL(new RegExp(`[?&]q=${STORE_NAME}`));
      await page.reload({ waitUntil: 'domcontentloaded' });
      const enter = page.getByRole('button', { name: /^enter$/i });
      const heading = page.getByRole('heading', { name: 'Stores', level: 1 });
      await enter.or(heading).first().waitFor({ timeout: 60_000 });
      if (await enter.isVisible()) await enter.click();
      await heading.waitFor();
      const all = page.getByRole('button', { name: 'All stores' });
      if ((await all.getAttribute('aria-pressed')) !== 'true')
        throw new Error('"All" was not kept across the reload');
      const text = await page.getByLabel('Search stores').inputValue();
      if (text !== STORE_NAME)
        throw new Error(
          `the search was ${JSON.stringify(text)} after the reload`,
        );
      await page
        .locator(`[data-testid="store-card"][data-store="${STORE_NAME}"]`)
        .waitFor();
    });

    await stage(
      'entity page shows the status card and the events',
      async () => {
        const card = page.locator(
          `[data-testid="store-card"][data-store="${STORE_NAME}"]`,
        );
        // The catalog picks the entity up shortly after the store appears.
        await card
          .getByRole('link', { name: 'Catalog entity' })
          .waitFor({ timeout: 120_000 });
        await card.getByRole('link', { name: 'Catalog entity' }).click();
        await page.waitForURL(
          new RegExp(`/catalog/[^/]+/resource/${STORE_NAME}`),
        );
        await page.getByTestId('store-phase').first().waitFor();
        if (
          (await page
            .getByTestId('store-phase')
            .first()
            .getAttribute('data-phase')) !== 'ready'
        ) {
          throw new Error(
            'the entity status card does not show the store as ready',
          );
        }
        await page.screenshot({
          path: path.join(SCREENSHOTS, 'entity-page.png'),
          fullPage: true,
        });
        // The entity page's tabs are links in the new frontend system.
        await page
          .getByRole('link', { name: 'Store events' })
          .or(page.getByRole('tab', { name: 'Store events' }))
          .first()
          .click();
        await page.getByTestId('store-event').first().waitFor();
        await page.screenshot({
          path: path.join(SCREENSHOTS, 'entity-events.png'),
          fullPage: true,
        });
      },
    );

    if (process.env.E2E_KUBERNETES_TAB === '1') {
      await stage(
        "the Kubernetes tab lists the store's workloads",
        async () => {
          await page
            .getByRole('link', { name: 'Kubernetes' })
            .or(page.getByRole('tab', { name: 'Kubernetes' }))
            .first()
            .click();
          // The stock Kubernetes plugin finds the store's objects by the
          // entity's label selector: the cluster shows the store's 3 pods
          // (MariaDB, WordPress, bootstrap Job); expanded, the WordPress
          // Deployment is listed.
          await page.getByText('3 pods').waitFor({ timeout: 60_000 });
          await page.getByText('local', { exact: true }).first().click();
          await page
            .getByText('wordpress', { exact: true })
            .first()
            .waitFor({ timeout: 60_000 });
          // Let the accordion finish opening before the screenshot.
          await page.waitForTimeout(1000);
          await page.screenshot({
            path: path.join(SCREENSHOTS, 'entity-kubernetes.png'),
            fullPage: true,
          });
        },
      );
    }

    await stage(
      'the create form refuses a reserved and a taken name, with no task',
      async () => {
        await clientSideNavigate(
          page,
          '/create/templates/default/woocommerce-store',
        );
        const nameField = page.locator('#root_name');
        await nameField.waitFor({ timeout: 60_000 });
        // Reserved by prefix: said as it is typed.
        await nameField.fill('kube-foo');
        await page
          .getByText('The name "kube-foo" is reserved; choose another name')
          .first()
          .waitFor();
        // Taken: the backend is asked on Next (a dry run), once the step's
        // other required field is filled.
        await nameField.fill(STORE_NAME);
        const owner = page.locator('#root_owner');
        await owner.click();
        await owner.fill(OWNER_GROUP);
        const option = page
          .getByRole('option', { name: new RegExp(OWNER_GROUP) })
          .first();
        await option.waitFor({ timeout: 15_000 });
        await option.click();
        await page
          .getByRole('button', { name: /^(next|review)/i })
          .first()
          .click();
        await page
          .getByText(`A store named ${STORE_NAME} already exists`)
          .first()
          .waitFor({ timeout: 30_000 });
        if (!/\/create\/templates\//.test(page.url()))
          throw new Error(`left the form for ${page.url()}`);
      },
    );

    await stage(
      "the card's delete dialog stays disabled until the name is typed",
      async () => {
        await openStoresFromSidebar(page);
        await page.getByRole('button', { name: 'All stores' }).click();
        const card = page.locator(
          `[data-testid="store-card"][data-store="${STORE_NAME}"]`,
        );
        await card.getByRole('button', { name: /delete/i }).click();
        const dialog = page.getByRole('dialog');
        const confirm = dialog.getByRole('button', { name: 'Delete store' });
        if (!(await confirm.isDisabled()))
          throw new Error('confirm enabled before typing');
        await dialog.getByLabel('Store name to confirm').fill(`${STORE_NAME}x`);
        if (!(await confirm.isDisabled()))
          throw new Error('confirm enabled with a wrong name');
        await dialog.getByLabel('Store name to confirm').fill(STORE_NAME);
        if (await confirm.isDisabled())
          throw new Error('confirm disabled with the right name');
        // The store is deleted through the template below.
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });
      },
    );

    await stage(
      'the delete template needs the box ticked and the name typed; then the store disappears',
      async () => {
        await clientSideNavigate(
          page,
          '/create/templates/default/woocommerce-store-delete',
        );
        const storeField = page.locator('#root_store');
        await storeField.waitFor({ timeout: 60_000 });
        await storeField.click();
        await storeField.fill(STORE_NAME);
        const option = page
          .getByRole('option', { name: new RegExp(STORE_NAME) })
          .first();
        await option.waitFor({ timeout: 30_000 });
        await option.click();

        const review = page.getByRole('button', { name: /^review/i });
        const create = page.getByRole('button', { name: /^create$/i });
        const box = page.getByRole('checkbox', { name: /deleted for good/i });
        const typedName = page.locator('#root_confirmName');
        if (await box.isChecked()) throw new Error('the box starts ticked');
        // Refused while the form lacks the tick, the typed name, or both.
        // The browser refuses an unticked required box or an empty required
        // field itself (an :invalid input); the name check marks the field
        // as an error.
        const refused = async why => {
          await review.click();
          await page.locator('.Mui-error, input:invalid').first().waitFor();
          if (await create.isVisible())
            throw new Error(`the form went on to review ${why}`);
        };
        await refused('with nothing ticked or typed');
        await typedName.fill(STORE_NAME);
        await refused('without the tick');
        await box.check();
        await typedName.fill(`${STORE_NAME}x`);
        await refused('with a wrong name typed');
        await page
          .getByText(`Type ${STORE_NAME}, the name of the store to delete`)
          .first()
          .waitFor();
        await typedName.fill(STORE_NAME);
        await review.click();
        await create.waitFor();
        await page.screenshot({
          path: path.join(SCREENSHOTS, 'delete-template-review.png'),
          fullPage: true,
        });
        await create.click();
        await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });
        await page
          .getByText(/deletion started|is deleting/i)
          .first()
          .waitFor({ timeout: 120_000 });

        await openStoresFromSidebar(page);
        await page.getByRole('button', { name: 'All stores' }).click();
        await page
          .locator(`[data-testid="store-card"][data-store="${STORE_NAME}"]`)
          .waitFor({ state: 'detached', timeout: STORE_TIMEOUT_MS });
      },
    );
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

main()
  .catch(error => {
    // A failed stage has reported itself; anything else (no browser) has not.
    if (!results.some(r => !r.ok)) {
      console.log(`FAIL ${error.message}`);
    }
  })
  .finally(() => {
    const passed = results.filter(r => r.ok).length;
    const failed = results.length - passed;
    console.log(`stores-e2e: ${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
  });

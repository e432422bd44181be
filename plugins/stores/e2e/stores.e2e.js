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
 *                        Create flow for a WooCommerce and a Medusa store,
 *                        live status, the fleet view (phase counts, "needs
 *                        attention", quota usage), the owner's notification,
 *                        credentials revealed and the password rotated,
 *                        display name and plan edited,
 *                        suspend and resume, entity pages, the delete dialog
 *                        (deletes the Medusa store), delete through the
 *                        delete template (the WooCommerce store), a third
 *                        store backed up with "Back up now" on its entity
 *                        page's Backups card (needs stores.backups on:
 *                        scripts/e2e-browser passes app-config.e2e.yaml),
 *                        then deleted; `smoke`:
 *                        sign in and the stores page only (no stores backend
 *                        needed beyond the page)
 *   E2E_STUB_EMPTY_STORES=1  smoke only: answer GET /api/stores/stores with an
 *                        empty list inside the browser, to check the empty
 *                        state where no stores backend runs; never in `full`
 *   E2E_SCREENSHOTS      screenshot folder (default <repo>/e2e-screenshots)
 *   E2E_STORE_TIMEOUT_MS how long a store may take to become ready / vanish
 *                        (default 300000)
 *   CHROMIUM             browser binary (default /usr/bin/chromium)
 *   KUBECONFIG, KUBECTL  when KUBECONFIG is set, a deleted store's namespace
 *                        is also checked gone with kubectl (default `kubectl`)
 *
 * Prints one line per stage and a closing `N passed, N failed` line; exits
 * non-zero when a stage fails.
 */
const { execFileSync } = require('node:child_process');
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
const RUN_ID = Date.now().toString(36);
/** The WooCommerce store (the template's default engine). */
const STORE_NAME = `e2e-${RUN_ID}`;
/** The Medusa store, created beside it. */
const MEDUSA_STORE = `e2e-m-${RUN_ID}`;

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
    if (currentPage) {
      await screenshot(currentPage, 'failure.png').catch(() => undefined);
    }
    throw error;
  }
}

/** A full-page screenshot into the screenshot folder. */
function screenshot(page, file) {
  return page.screenshot({
    path: path.join(SCREENSHOTS, file),
    fullPage: true,
  });
}

/** Navigates inside the single-page app, without a page load. */
async function clientSideNavigate(page, to) {
  await page.evaluate(target => {
    window.history.pushState({}, '', target);
    window.dispatchEvent(new PopStateEvent('popstate'));
  }, to);
}

async function signInAsGuest(page) {
  // The dev server may still be building the app's bundle on a loaded
  // machine when the first page is asked for.
  await page.goto(BASE_URL, {
    waitUntil: 'domcontentloaded',
    timeout: 180_000,
  });
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

/** Opens a template's form in the app; resolves with its first field once shown. */
async function openTemplateForm(page, template, firstFieldId) {
  await clientSideNavigate(page, `/create/templates/default/${template}`);
  const field = page.locator(`#${firstFieldId}`);
  await field.waitFor({ timeout: 60_000 });
  return field;
}

/** The stores page from the sidebar, showing every owner's stores. */
async function openAllStores(page) {
  await openStoresFromSidebar(page);
  await page.getByRole('button', { name: 'All stores' }).click();
}

/** The status card of the store `name` (stores page or entity page). */
function storeCard(page, name) {
  return page.locator(`[data-testid="store-card"][data-store="${name}"]`);
}

/**
 * Types into an autocomplete field and picks the first option naming `text`:
 * typing narrows the list so the click lands on a loaded option.
 */
async function typeAndPick(page, field, text) {
  await field.click();
  await field.fill(text);
  const option = page.getByRole('option', { name: new RegExp(text) }).first();
  await option.waitFor({ timeout: 30_000 });
  await option.click();
}

/**
 * Picks the guest's group in the form's owner field (the OwnerPicker's input
 * has no accessible name; react-jsonschema-form gives it the id root_owner).
 */
function pickOwner(page) {
  return typeAndPick(page, page.locator('#root_owner'), OWNER_GROUP);
}

/**
 * Walks the create template's steps: fills the fields it asks for (the
 * engine's select only when `engine` is given; the template's default is
 * WooCommerce), then Next/Review, until the Create button shows; clicks it.
 */
async function fillTemplate(page, { name, engine }) {
  for (let step = 0; step < 6; step++) {
    const nameField = page.locator('#root_name');
    const onNameStep = await nameField.isVisible().catch(() => false);
    if (onNameStep) {
      await nameField.fill(name);
    }
    const displayName = page.locator('#root_displayName');
    if (await displayName.isVisible().catch(() => false)) {
      await displayName.fill(`E2E ${name}`);
    }
    const owner = page.locator('#root_owner');
    if (
      (await owner.isVisible().catch(() => false)) &&
      !(await owner.inputValue())
    ) {
      await pickOwner(page);
    }
    const engineField = page.locator('#root_engine');
    if (engine && (await engineField.isVisible().catch(() => false))) {
      // A Material UI select: a button opening a list of options.
      await engineField.click();
      await page
        .getByRole('option', { name: new RegExp(`^${engine}\\b`, 'i') })
        .click();
      await page.getByRole('option').first().waitFor({ state: 'detached' });
      const chosen = await engineField.textContent();
      if (!new RegExp(`^${engine}\\b`, 'i').test(chosen ?? '')) {
        throw new Error(`the engine select shows ${JSON.stringify(chosen)}`);
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

/** Runs the create template from the stores page's Create button. */
async function createStoreThroughTemplate(page, options) {
  // A LinkButton: an anchor with the button role.
  await page
    .getByRole('button', { name: /create store/i })
    .first()
    .click();
  await page.waitForURL(/\/create\/templates\/default\/woocommerce-store/);
  await fillTemplate(page, options);
  await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });
}

/**
 * Follows the phase of the store's card until it is ready, as the page
 * updates it (each wait ends when the shown phase changes, not after a fixed
 * time). Returns the phases seen, in order; throws when the store fails or
 * is not ready within STORE_TIMEOUT_MS.
 */
async function watchUntilReady(page, name) {
  const card = storeCard(page, name);
  const seen = [];
  const deadline = Date.now() + STORE_TIMEOUT_MS;
  for (;;) {
    const last = seen[seen.length - 1];
    const changed = card.locator(
      last
        ? `[data-testid="store-phase"]:not([data-phase="${last}"])`
        : '[data-testid="store-phase"][data-phase]',
    );
    try {
      await changed.first().waitFor({
        timeout: Math.max(1, deadline - Date.now()),
      });
    } catch {
      throw new Error(
        `${name} not ready after ${STORE_TIMEOUT_MS} ms (saw ${
          seen.join(' → ') || 'nothing'
        })`,
      );
    }
    const phase = await card
      .getByTestId('store-phase')
      .getAttribute('data-phase')
      .catch(() => undefined);
    if (phase && phase !== last) {
      seen.push(phase);
      console.log(`     ${name}: ${phase}`);
    }
    if (phase === 'ready') return seen;
    if (phase === 'failed') {
      throw new Error(`${name} failed (saw ${seen.join(' → ')})`);
    }
  }
}

/** The store's link buttons on its card, as `label → href`. */
async function cardLinks(card) {
  const links = {};
  for (const link of await card.locator('a[target="_blank"]').all()) {
    // textContent: innerText would give the label as Material UI shows it
    // (upper case).
    links[(await link.textContent()).trim()] = await link.getAttribute('href');
  }
  return links;
}

/**
 * Checks that a Medusa store's card names the engine and its links in
 * Medusa's words, and links to the store API and the admin dashboard.
 */
async function expectMedusaCard(card, name) {
  const subheader = `${name} · Medusa · plan small`;
  await card.getByText(subheader).waitFor();
  const links = await cardLinks(card);
  const host = new RegExp(`^https?://${name}\\.[^/]+/`);
  if (
    Object.keys(links).sort().join(',') !== 'Medusa admin,Store API' ||
    !host.test(links['Store API']) ||
    !/\/app\/$/.test(links['Medusa admin']) ||
    !host.test(links['Medusa admin'])
  ) {
    throw new Error(`the Medusa card links are ${JSON.stringify(links)}`);
  }
  const text = await card.innerText();
  if (/woocommerce|wordpress|wp-admin/i.test(text)) {
    throw new Error(`the Medusa card speaks of WooCommerce: ${text}`);
  }
}

/** Opens the store's entity page from its card's catalog link. */
async function openEntityPageFromCard(page, name) {
  const link = storeCard(page, name).getByRole('link', {
    name: 'Catalog entity',
  });
  // The catalog picks the entity up shortly after the store appears.
  await link.waitFor({ timeout: 120_000 });
  await link.click();
  await page.waitForURL(new RegExp(`/catalog/[^/]+/resource/${name}`));
  const phase = page.getByTestId('store-phase').first();
  await phase.waitFor();
  if ((await phase.getAttribute('data-phase')) !== 'ready') {
    throw new Error('the entity status card does not show the store as ready');
  }
}

/**
 * Waits until the store's card leaves the stores page once the page has
 * loaded its list (the backend drops a store once its namespace is gone);
 * with a cluster at hand, checks that its namespace is gone too.
 */
async function expectStoreGone(page, name) {
  // The list first: a card that was never rendered is "detached" at once.
  await page
    .getByTestId('stores-grid')
    .or(page.getByText(/^(No stores|None of the stores is yours)/))
    .first()
    .waitFor({ timeout: STORE_TIMEOUT_MS });
  await storeCard(page, name).waitFor({
    state: 'detached',
    timeout: STORE_TIMEOUT_MS,
  });
  if (process.env.KUBECONFIG) {
    // Waited for, not checked once: the card is also "detached" when the
    // page has not listed the stores yet, while the namespace is still
    // being deleted.
    const namespace = `store-${name}`;
    const deadline = Date.now() + STORE_TIMEOUT_MS;
    for (;;) {
      const left = execFileSync(
        process.env.KUBECTL || 'kubectl',
        ['get', 'namespace', namespace, '--ignore-not-found', '-o', 'name'],
        { encoding: 'utf8' },
      ).trim();
      if (!left) break;
      if (Date.now() > deadline) {
        throw new Error(`namespace ${namespace} is still there`);
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}

/** The notifications page lists a notification titled `title` (the owner's). */
async function expectNotification(page, title) {
  await clientSideNavigate(page, '/notifications');
  // Notifications arrive through the notifications backend (and a signal);
  // the page shows the owner's, newest first.
  await page.getByText(title).first().waitFor({ timeout: 120_000 });
}

/** The store's quota usage shown on its card, as `resource → used / hard`. */
async function cardQuota(card) {
  const usage = {};
  for (const row of await card
    .locator('[data-testid^="quota-requests"]')
    .all()) {
    usage[(await row.getAttribute('data-testid')).replace(/^quota-/, '')] = (
      await row.textContent()
    ).trim();
  }
  return usage;
}

/** kubectl's answer, when a cluster is at hand (KUBECONFIG set). */
function kubectl(args) {
  return execFileSync(process.env.KUBECTL || 'kubectl', args, {
    encoding: 'utf8',
  }).trim();
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
          await screenshot(page, 'stores-page.png');
        },
      );
      return;
    }

    await stage(
      'the Create page offers the stores templates from the catalog, the plan change included',
      async () => {
        await clientSideNavigate(page, '/create');
        for (const title of [
          'WooCommerce store',
          "Change a store's plan",
          'Delete a store',
        ]) {
          await page
            .getByText(title, { exact: true })
            .first()
            .waitFor({ timeout: 60_000 });
        }
        await screenshot(page, 'create-page.png');
        await clientSideNavigate(page, '/stores');
        await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
      },
    );

    // The Medusa store first, so that it provisions while the WooCommerce
    // store is created and watched: the stages after wait on it, not anew.
    await stage(
      'Create flow runs the template with the Medusa engine',
      async () => {
        await createStoreThroughTemplate(page, {
          name: MEDUSA_STORE,
          engine: 'medusa',
        });
        await clientSideNavigate(page, '/stores');
        await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
      },
    );

    // A second tab shows "Mine" on the Stores page before the store exists:
    // the card's arrival and every phase after it are then live updates,
    // however fast provisioning is (a page opened after the Create flow can
    // find the store ready already).
    const watcher = await context.newPage();
    await stage(
      'a second tab shows the Stores page before the store exists',
      async () => {
        await watcher.goto(`${BASE_URL}/stores`, {
          waitUntil: 'domcontentloaded',
          timeout: 180_000,
        });
        const enter = watcher.getByRole('button', { name: /^enter$/i });
        const heading = watcher.getByRole('heading', {
          name: 'Stores',
          level: 1,
        });
        await heading.or(enter).first().waitFor({ timeout: 60_000 });
        if (await enter.isVisible()) {
          await enter.click();
          await heading.waitFor();
        }
        const mine = watcher.getByRole('button', { name: 'My stores' });
        if ((await mine.getAttribute('aria-pressed')) !== 'true')
          throw new Error('the page did not open on "Mine"');
        if ((await storeCard(watcher, STORE_NAME).count()) !== 0)
          throw new Error(`${STORE_NAME} exists before the Create flow`);
        // Survives client-side updates, dies with a reload.
        await watcher.evaluate(() => {
          window.__storesE2eNoReload = true;
        });
      },
    );

    await stage('Create flow runs the woocommerce-store template', () =>
      createStoreThroughTemplate(page, { name: STORE_NAME }),
    );

    await stage(
      'store appears and turns ready under "Mine" on /stores without a reload',
      async () => {
        // The second tab opened before the store existed ("Mine", the
        // default: the guest's group owns the store), so the card arrives
        // and turns ready there by live updates only.
        const seen = await watchUntilReady(watcher, STORE_NAME);
        if (
          !(await watcher.evaluate(() => window.__storesE2eNoReload === true))
        ) {
          throw new Error('the page was reloaded');
        }
        console.log(`     live in the second tab: ${seen.join(' → ')}`);
        await watcher.close();
        await clientSideNavigate(page, '/stores');
        await page.getByRole('heading', { name: 'Stores', level: 1 }).waitFor();
        await watchUntilReady(page, STORE_NAME);
        await screenshot(page, 'stores-page.png');
      },
    );

    await stage(
      'the Medusa store is ready on /stores, with Medusa wording and links',
      async () => {
        await watchUntilReady(page, MEDUSA_STORE);
        const card = storeCard(page, MEDUSA_STORE);
        await expectMedusaCard(card, MEDUSA_STORE);
        await screenshot(page, 'stores-page-medusa.png');
      },
    );

    await stage(
      "the fleet view counts the stores per phase, filters those that need attention and shows each card's quota usage",
      async () => {
        const summary = page.getByTestId('fleet-summary');
        await summary.waitFor();
        const ready = summary.getByRole('button', { name: /^Ready: \d+$/ });
        await ready.waitFor();
        const count = Number((await ready.textContent()).split(': ')[1]);
        if (count < 1) throw new Error(`counted ${count} ready stores`);
        // Requests and storage against the plan's quota, from the cluster.
        const card = storeCard(page, STORE_NAME);
        await card.getByTestId('quota-usage').waitFor({ timeout: 60_000 });
        const usage = await cardQuota(card);
        if (
          !/^\S+ \/ 1$/.test(usage['requests.cpu'] ?? '') ||
          usage['requests.storage'] !== '4Gi / 10Gi'
        ) {
          throw new Error(`the card's quota usage is ${JSON.stringify(usage)}`);
        }
        await screenshot(page, 'stores-page-fleet.png');
        // "Needs attention": failed and degraded stores only, in the URL.
        const attention = summary.getByRole('button', {
          name: /^Needs attention: \d+$/,
        });
        await attention.click();
        await page.waitForURL(/[?&]phase=attention/);
        await card.waitFor({ state: 'detached' });
        for (const shown of await page
          .locator('[data-testid="store-card"] [data-testid="store-phase"]')
          .all()) {
          const phase = await shown.getAttribute('data-phase');
          if (!['failed', 'degraded'].includes(phase))
            throw new Error(`"Needs attention" shows a ${phase} store`);
        }
        await attention.click();
        await card.waitFor();
      },
    );

    await stage('the owner is notified that the store is ready', async () => {
      await expectNotification(page, `Store ${STORE_NAME} is ready`);
      await screenshot(page, 'notifications.png');
    });

    await stage(
      "the owner reveals the store's admin credentials in the card's dialog",
      async () => {
        await clientSideNavigate(page, '/stores');
        await storeCard(page, STORE_NAME)
          .getByRole('button', { name: 'Credentials' })
          .click();
        const dialog = page.getByRole('dialog', {
          name: `Admin credentials of ${STORE_NAME}`,
        });
        const password = dialog.getByLabel('Password', { exact: true });
        await password.waitFor({ timeout: 60_000 });
        const userName = dialog.getByRole('textbox', {
          name: 'User name',
          exact: true,
        });
        if ((await userName.inputValue()) !== 'admin')
          throw new Error('the admin user name is not admin');
        // Hidden until revealed.
        if ((await password.getAttribute('type')) !== 'password')
          throw new Error('the password shows before it is revealed');
        await dialog.getByRole('button', { name: 'Show password' }).click();
        await dialog.getByRole('button', { name: 'Hide password' }).waitFor();
        if ((await password.getAttribute('type')) !== 'text')
          throw new Error('the password did not show');
        if (!(await password.inputValue()))
          throw new Error('the revealed password is empty');
        await screenshot(page, 'credentials-revealed.png');
        await dialog.getByRole('button', { name: 'Close' }).click();
        await dialog.waitFor({ state: 'detached' });
      },
    );

    await stage(
      "the owner rotates the admin password from the dialog: once the store's Job has set it, the dialog shows a new one",
      async () => {
        const card = storeCard(page, STORE_NAME);
        const dialog = page.getByRole('dialog', {
          name: `Admin credentials of ${STORE_NAME}`,
        });
        const password = dialog.getByLabel('Password', { exact: true });
        const read = async () => {
          await card.getByRole('button', { name: 'Credentials' }).click();
          await password.waitFor({ timeout: 60_000 });
          return password.inputValue();
        };
        const close = async () => {
          await dialog.getByRole('button', { name: 'Close' }).click();
          await dialog.waitFor({ state: 'detached' });
        };
        const before = await read();
        await dialog.getByRole('button', { name: 'Rotate password' }).click();
        await dialog
          .getByText(/Rotation started: Job /)
          .waitFor({ timeout: 30_000 });
        await screenshot(page, 'credentials-rotation-started.png');
        await close();
        // The rotation Job runs in the cluster; each opening reads anew.
        const deadline = Date.now() + 120_000;
        for (;;) {
          const now = await read();
          await close();
          if (now && now !== before) break;
          if (Date.now() > deadline)
            throw new Error('the password did not change within 120 s');
          await page.waitForTimeout(2_000);
        }
      },
    );

    await stage(
      "the owner edits the store's display name and plan in the card's dialog",
      async () => {
        const card = storeCard(page, STORE_NAME);
        await card
          .getByRole('button', { name: `Edit store ${STORE_NAME}` })
          .click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('Display name').fill(`Edited ${STORE_NAME}`);
        await dialog.getByRole('button', { name: 'Save' }).click();
        await dialog.waitFor({ state: 'detached' });
        // The card's title is the catalog entity's, which follows later; the
        // dialog opens on the store as the backend now has it.
        await card
          .getByRole('button', { name: `Edit store ${STORE_NAME}` })
          .click();
        const saved = await dialog.getByLabel('Display name').inputValue();
        if (saved !== `Edited ${STORE_NAME}`)
          throw new Error(`the display name is ${JSON.stringify(saved)}`);
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });

        // The plan: small -> medium grows the volumes, which the cluster
        // allows only when the StorageClass does; the dialog says so when not.
        const expandable = (() => {
          if (!process.env.KUBECONFIG) return false;
          try {
            return (
              kubectl([
                'get',
                'storageclass',
                'kwok-volume',
                '-o',
                'jsonpath={.allowVolumeExpansion}',
              ]) === 'true'
            );
          } catch {
            return false; // no such class: the claims cannot grow
          }
        })();
        await card
          .getByRole('button', { name: `Edit store ${STORE_NAME}` })
          .click();
        await dialog.getByLabel('Plan').selectOption('medium');
        await dialog.getByRole('button', { name: 'Save' }).click();
        if (expandable) {
          await dialog.waitFor({ state: 'detached' });
          await card
            .getByText(`${STORE_NAME} · WooCommerce · plan medium`)
            .waitFor();
          await watchUntilReady(page, STORE_NAME);
        } else {
          const refusal = dialog.getByRole('alert');
          await refusal.waitFor({ timeout: 60_000 });
          const text = await refusal.textContent();
          if (!/volume|expan|storage/i.test(text))
            throw new Error(`the plan change was refused with: ${text}`);
          await screenshot(page, 'edit-plan-refused.png');
          await dialog.getByRole('button', { name: 'Cancel' }).click();
          await dialog.waitFor({ state: 'detached' });
          await card
            .getByText(`${STORE_NAME} · WooCommerce · plan small`)
            .waitFor();
        }
        await screenshot(page, 'store-edited.png');
      },
    );

    await stage(
      'suspend scales the store to zero (the owner is told) and resume brings it back to ready',
      async () => {
        await clientSideNavigate(page, '/stores');
        const card = storeCard(page, STORE_NAME);
        await card.getByRole('button', { name: /^suspend$/i }).click();
        await card
          .locator('[data-testid="store-phase"][data-phase="suspended"]')
          .waitFor();
        // The quota counts no pod requests once the workloads are at zero.
        await card
          .getByTestId('quota-requests.cpu')
          .filter({ hasText: /^0 \/ 1$/ })
          .waitFor({ timeout: STORE_TIMEOUT_MS });
        if (process.env.KUBECONFIG) {
          const namespace = `store-${STORE_NAME}`;
          const replicas = ['deployment/wordpress', 'statefulset/mariadb'].map(
            w =>
              kubectl([
                '-n',
                namespace,
                'get',
                w,
                '-o',
                'jsonpath={.spec.replicas}/{.status.replicas}',
              ]),
          );
          // Desired 0 and no pod (status.replicas is left out at 0).
          if (!replicas.every(r => /^0\/0?$/.test(r)))
            throw new Error(`the workloads are at ${replicas.join(', ')}`);
          const claims = kubectl(['-n', namespace, 'get', 'pvc', '-o', 'name']);
          if (claims.split('\n').length !== 2)
            throw new Error(`the store's claims are ${claims}`);
        }
        await screenshot(page, 'store-suspended.png');
        await expectNotification(page, `Store ${STORE_NAME} is suspended`);
        await screenshot(page, 'notifications-suspended.png');

        await clientSideNavigate(page, '/stores');
        await storeCard(page, STORE_NAME)
          .getByRole('button', { name: /^resume$/i })
          .click();
        const seen = await watchUntilReady(page, STORE_NAME);
        if (seen[0] !== 'suspended' && seen[0] !== 'provisioning')
          throw new Error(`resumed through ${seen.join(' → ')}`);
        await screenshot(page, 'store-resumed.png');
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
      await storeCard(page, STORE_NAME).waitFor();
    });

    await stage(
      'entity page shows the status card and the events',
      async () => {
        await openEntityPageFromCard(page, STORE_NAME);
        await screenshot(page, 'entity-page.png');
        // The entity page's tabs are links in the new frontend system.
        await page
          .getByRole('link', { name: 'Store events' })
          .or(page.getByRole('tab', { name: 'Store events' }))
          .first()
          .click();
        await page.getByTestId('store-event').first().waitFor();
        await screenshot(page, 'entity-events.png');
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
          // The accordion has finished opening (Material UI's Collapse marks
          // it entered) before the screenshot.
          await page
            .locator('.MuiCollapse-entered')
            .filter({ hasText: 'wordpress' })
            .first()
            .waitFor();
          await screenshot(page, 'entity-kubernetes.png');
        },
      );
    }

    await stage(
      "the Medusa store's entity page shows it ready in Medusa's words",
      async () => {
        await openAllStores(page);
        await openEntityPageFromCard(page, MEDUSA_STORE);
        await expectMedusaCard(storeCard(page, MEDUSA_STORE), MEDUSA_STORE);
        await screenshot(page, 'entity-page-medusa.png');
      },
    );

    await stage(
      'the create form refuses a reserved and a taken name, with no task',
      async () => {
        const nameField = await openTemplateForm(
          page,
          'woocommerce-store',
          'root_name',
        );
        // Reserved by prefix: said as it is typed.
        await nameField.fill('kube-foo');
        await page
          .getByText('The name "kube-foo" is reserved; choose another name')
          .first()
          .waitFor();
        // Taken: the backend is asked on Next (a dry run), once the step's
        // other required field is filled.
        await nameField.fill(STORE_NAME);
        await pickOwner(page);
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
      "the card's delete dialog stays disabled until the name is typed; it deletes the Medusa store",
      async () => {
        await openAllStores(page);
        const dialog = page.getByRole('dialog');
        const confirm = dialog.getByRole('button', { name: 'Delete store' });
        const typed = dialog.getByLabel('Store name to confirm');
        await storeCard(page, STORE_NAME)
          .getByRole('button', { name: /delete/i })
          .click();
        if (!(await confirm.isDisabled()))
          throw new Error('confirm enabled before typing');
        await typed.fill(`${STORE_NAME}x`);
        if (!(await confirm.isDisabled()))
          throw new Error('confirm enabled with a wrong name');
        await typed.fill(STORE_NAME);
        if (await confirm.isDisabled())
          throw new Error('confirm disabled with the right name');
        // The WooCommerce store is deleted through the template below.
        await dialog.getByRole('button', { name: 'Cancel' }).click();
        await dialog.waitFor({ state: 'detached' });

        // The Medusa store is deleted from its card; it goes on in the
        // background while the template deletes the other one.
        const medusa = storeCard(page, MEDUSA_STORE);
        await medusa.getByRole('button', { name: /delete/i }).click();
        await typed.fill(MEDUSA_STORE);
        await confirm.click();
        await dialog.waitFor({ state: 'detached' });
        // The card turns to `deleting`, or is already gone.
        await Promise.any([
          medusa
            .locator('[data-testid="store-phase"][data-phase="deleting"]')
            .waitFor(),
          medusa.waitFor({ state: 'detached' }),
        ]).catch(() => {
          throw new Error('the Medusa store did not turn to deleting');
        });
      },
    );

    await stage(
      'the delete template needs the box ticked and the name typed; then the store disappears',
      async () => {
        const storeField = await openTemplateForm(
          page,
          'woocommerce-store-delete',
          'root_store',
        );
        await typeAndPick(page, storeField, STORE_NAME);

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
        await screenshot(page, 'delete-template-review.png');
        await create.click();
        await page.waitForURL(/\/create\/tasks\//, { timeout: 60_000 });
        await page
          .getByText(/deletion started|is deleting/i)
          .first()
          .waitFor({ timeout: 120_000 });

        await openAllStores(page);
        await expectStoreGone(page, STORE_NAME);
      },
    );

    await stage('the Medusa store and its namespace are gone', () =>
      expectStoreGone(page, MEDUSA_STORE),
    );

    // Backups (#21): a store of its own, backed up from its entity page's
    // Backups card. On the local cluster the backup Job's pod is simulated,
    // so the backup ends as the API reports it; the card must show the Job
    // that kubectl sees, in the state its status gives.
    const BACKUP_STORE = `e2e-b-${RUN_ID}`;
    await stage(
      "the Backups card backs up a store on demand: the new backup is listed with the state the cluster's Job has",
      async () => {
        await openStoresFromSidebar(page);
        await createStoreThroughTemplate(page, { name: BACKUP_STORE });
        await openAllStores(page);
        await watchUntilReady(page, BACKUP_STORE);
        await openEntityPageFromCard(page, BACKUP_STORE);

        const card = page.getByTestId('store-backups');
        await card.waitFor({ timeout: 60_000 });
        const rows = card.locator('[data-testid="backup"]');
        const before = new Set(
          await rows.evaluateAll(all => all.map(r => r.dataset.backup)),
        );
        const backUpNow = page.getByRole('button', { name: 'Back up now' });
        // Enabled once the permission and the store are known.
        await page
          .locator('button:has-text("Back up now"):not([disabled])')
          .waitFor({ timeout: 60_000 });
        await backUpNow.click();

        // The new backup shows at once (the POST's answer), on demand.
        const added = card.locator(
          `[data-testid="backup"]${[...before]
            .map(name => `:not([data-backup="${name}"])`)
            .join('')}`,
        );
        await added.first().waitFor({ timeout: 60_000 });
        if (await card.getByTestId('backup-start-error').count()) {
          throw new Error(
            await card.getByTestId('backup-start-error').innerText(),
          );
        }
        const name = await added.first().getAttribute('data-backup');
        if (!(await added.first().innerText()).includes('On demand')) {
          throw new Error(`backup ${name} is not shown as on demand`);
        }
        const shown = () =>
          card
            .locator(`[data-testid="backup"][data-backup="${name}"]`)
            .getByTestId('backup-state')
            .getAttribute('data-state');
        console.log(`     ${name}: ${await shown()}`);
        // The card reads the list again while it runs; it ends however the
        // Job ends.
        await card
          .locator(
            `[data-testid="backup"][data-backup="${name}"] [data-testid="backup-state"]:not([data-state="running"])`,
          )
          .waitFor({ timeout: 180_000 });
        const state = await shown();
        console.log(`     ${name}: ${state}`);
        if (process.env.KUBECONFIG) {
          const job = JSON.parse(
            kubectl([
              'get',
              'job',
              name,
              '-n',
              `store-${BACKUP_STORE}`,
              '-o',
              'json',
            ]),
          );
          const done = (job.status?.conditions ?? []).find(
            c => ['Complete', 'Failed'].includes(c.type) && c.status === 'True',
          );
          const expected = { Complete: 'succeeded', Failed: 'failed' }[
            done?.type
          ];
          if (state !== expected) {
            throw new Error(
              `the card shows ${name} ${state}, its Job's conditions say ${JSON.stringify(
                job.status?.conditions,
              )}`,
            );
          }
        }
        await screenshot(page, 'store-backups.png');
      },
    );

    await stage('the backed-up store is deleted from its card', async () => {
      await openAllStores(page);
      const dialog = page.getByRole('dialog');
      await storeCard(page, BACKUP_STORE)
        .getByRole('button', { name: /delete/i })
        .click();
      await dialog.getByLabel('Store name to confirm').fill(BACKUP_STORE);
      await dialog.getByRole('button', { name: 'Delete store' }).click();
      await dialog.waitFor({ state: 'detached' });
      await expectStoreGone(page, BACKUP_STORE);
    });
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

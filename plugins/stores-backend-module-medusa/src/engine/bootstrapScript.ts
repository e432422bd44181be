import { BOOTSTRAP_PRELUDE } from '@internal/plugin-stores-node';

/**
 * Seeds the store through Medusa's admin API (Node's own fetch, no other
 * tool needed in the image). `login` exits 0 when the admin user can sign
 * in; `seed` makes the default region, names the store and, when sample data
 * is wanted, adds a product, each only when missing. It prints what it did
 * and the API's answer on failure, never the password.
 */
export const SEED_SCRIPT = `
const api = process.env.MEDUSA_API;
const log = message => console.log('[bootstrap] ' + message);
async function call(method, path, token, body) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = 'Bearer ' + token;
  const res = await fetch(api + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) {
    throw new Error(method + ' ' + path + ': HTTP ' + res.status + ' ' + text.slice(0, 300));
  }
  return text ? JSON.parse(text) : {};
}
async function login() {
  const answer = await call('POST', '/auth/user/emailpass', undefined, {
    email: process.env.MEDUSA_ADMIN_EMAIL,
    password: process.env.MEDUSA_ADMIN_PASSWORD,
  });
  return answer.token;
}
async function seed() {
  const token = await login();
  const { stores } = await call('GET', '/admin/stores', token);
  if (stores[0] && stores[0].name !== process.env.STORE_TITLE) {
    await call('POST', '/admin/stores/' + stores[0].id, token, { name: process.env.STORE_TITLE });
    log('store named');
  }
  const regions = await call('GET', '/admin/regions?limit=1', token);
  if (regions.count === 0) {
    await call('POST', '/admin/regions', token, {
      name: 'Europe',
      currency_code: 'eur',
      countries: ['de', 'fr', 'es', 'it', 'nl'],
    });
    log('region Europe (EUR) created');
  } else {
    log(regions.count + ' region(s) exist; none added');
  }
  if (process.env.SAMPLE_DATA !== 'true') {
    log('sample data not requested');
    return;
  }
  const products = await call('GET', '/admin/products?limit=1', token);
  if (products.count === 0) {
    await call('POST', '/admin/products', token, {
      title: 'Sample product',
      status: 'published',
      options: [{ title: 'Size', values: ['One size'] }],
      variants: [{
        title: 'One size',
        options: { Size: 'One size' },
        manage_inventory: false,
        prices: [{ currency_code: 'eur', amount: 19.99 }],
      }],
    });
    log('sample product created');
  } else {
    log(products.count + ' product(s) exist; no sample added');
  }
}
const mode = process.argv[1];
(mode === 'login' ? login() : seed()).then(
  () => process.exit(0),
  error => {
    if (mode !== 'login') console.log('[bootstrap] ' + error.message);
    process.exit(1);
  },
);
`;

/**
 * The bootstrap Job's script (POSIX sh in the Medusa image): migrations, the
 * admin user, then the seed through the API. Every step checks before it
 * acts, so the Job can run again at any point and converge; inputs come from
 * the environment; the seed script is its first argument.
 */
export const BOOTSTRAP_SCRIPT = `${BOOTSTRAP_PRELUDE}
SEED_SCRIPT="$1"

step "1/5 waiting for the database"
wait_for "the database" node -e 'require("net").connect(Number(process.env.DATABASE_PORT), process.env.DATABASE_HOST).on("connect", () => process.exit(0)).on("error", () => process.exit(1))'

step "2/5 running the migrations"
medusa db:migrate

step "3/5 waiting for the Medusa server"
wait_for "the Medusa server" node -e 'fetch(process.env.MEDUSA_API + "/health").then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))'

step "4/5 admin user"
if node -e "$SEED_SCRIPT" login; then
  step "the admin user exists"
else
  medusa user --email "$MEDUSA_ADMIN_EMAIL" --password "$MEDUSA_ADMIN_PASSWORD" >/dev/null
  step "admin user $MEDUSA_ADMIN_EMAIL created"
fi

step "5/5 region, store name and sample product"
node -e "$SEED_SCRIPT" seed

step "done: Medusa store ready at $MEDUSA_BACKEND_URL"
`;

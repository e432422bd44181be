import { BOOTSTRAP_PRELUDE } from '@internal/plugin-stores-node';

/** Waits until WordPress's database accepts its user (PHP's mysqli, in every WordPress image). */
export const WAIT_FOR_DATABASE = `wait_for "the database" php -r '$m = @new mysqli(getenv("WORDPRESS_DB_HOST"), getenv("WORDPRESS_DB_USER"), getenv("WORDPRESS_DB_PASSWORD"), getenv("WORDPRESS_DB_NAME")); exit($m->connect_errno ? 1 : 0);'`;

/**
 * The first two steps of the scripts that run beside WordPress (bootstrap,
 * restore): its files written, its database answering; numbered out of
 * `totalSteps`.
 */
export function waitForWordPress(totalSteps: number): string {
  return `step "1/${totalSteps} waiting for the WordPress files"
wait_for "wp-config.php (written by the wordpress container)" test -f wp-config.php

step "2/${totalSteps} waiting for the database"
${WAIT_FOR_DATABASE}`;
}

/**
 * The bootstrap Job's script (POSIX sh in the wp-cli image). Every step checks
 * before it acts, so the Job can run again at any point (a retry, a node lost
 * mid-run) and converge to the same store. Inputs come from the environment,
 * never interpolated into the script, and no step prints a secret: the
 * container's termination message (the tail of this output) is shown to users
 * when the Job fails.
 */
export const BOOTSTRAP_SCRIPT = `${BOOTSTRAP_PRELUDE}
${waitForWordPress(9)}

step "3/9 installing WordPress"
if wp core is-installed; then
  step "WordPress is already installed"
else
  wp core install --url="$STORE_URL" --title="$STORE_TITLE" \\
    --admin_user="$WP_ADMIN_USER" --admin_password="$WP_ADMIN_PASSWORD" \\
    --admin_email="$WP_ADMIN_EMAIL" --skip-email
fi

step "4/9 installing WooCommerce"
wp plugin is-installed woocommerce || wp plugin install woocommerce

step "5/9 activating WooCommerce"
wp plugin is-active woocommerce || wp plugin activate woocommerce
if ! wp plugin is-active woocommerce; then
  echo "[bootstrap] WooCommerce is not active after activation"
  exit 1
fi

step "6/9 sample product"
if [ "$SAMPLE_DATA" = "true" ]; then
  products=$(wp post list --post_type=product --post_status=any --format=count)
  if [ "$products" = "0" ]; then
    wp wc product create --user="$WP_ADMIN_USER" --name="Sample product" \\
      --type=simple --status=publish --regular_price=19.99 --porcelain
  else
    step "$products product(s) exist; no sample added"
  fi
else
  step "sample data not requested"
fi

step "7/9 payment methods: cash on delivery and cheque"
wp option update woocommerce_cod_settings '{"enabled":"yes","title":"Cash on delivery","description":"Pay with cash upon delivery."}' --format=json
wp option update woocommerce_cheque_settings '{"enabled":"yes","title":"Check payments","description":"Please send a check to the store."}' --format=json

step "8/9 guest checkout"
wp option update woocommerce_enable_guest_checkout yes

step "9/9 permalinks"
wp rewrite structure '/%postname%/'

step "done: WooCommerce store ready at $STORE_URL"
`;

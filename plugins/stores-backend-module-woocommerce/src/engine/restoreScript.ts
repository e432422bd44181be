import { BOOTSTRAP_PRELUDE } from '@internal/plugin-stores-node';
import { waitForWordPress } from './bootstrapScript';

/**
 * The bootstrap of a store made from a backup (POSIX sh in the wp-cli
 * image), instead of a fresh install: the backup's wp-content and database
 * (fetched into $BACKUP_DIR before it runs), the source store's URL
 * replaced by this store's, and this store's admin user set to its own
 * generated password (so the portal's credentials are the store's). Every
 * step can run again: the import replaces the tables, the content is
 * unpacked beside and swapped in. No step prints a secret.
 */
export const RESTORE_SCRIPT = `${BOOTSTRAP_PRELUDE}
${waitForWordPress(6)}

step "3/6 restoring wp-content"
rm -rf .restore-content
mkdir .restore-content
tar -xzf "$BACKUP_DIR/content.tar.gz" -C .restore-content
rm -rf wp-content
mv .restore-content/wp-content wp-content
rmdir .restore-content

step "4/6 restoring the database"
wp db import "$BACKUP_DIR/database.sql"

step "5/6 moving the store to its address"
source_url=$(cat "$BACKUP_DIR/source-url")
source_url=\${source_url%/}
new_url=\${STORE_URL%/}
if [ "$source_url" != "$new_url" ]; then
  wp search-replace "$source_url" "$new_url" --all-tables --skip-columns=guid --report-changed-only
fi

step "6/6 this store's admin"
if wp user get "$WP_ADMIN_USER" --field=ID >/dev/null 2>&1; then
  wp user update "$WP_ADMIN_USER" --user_pass="$WP_ADMIN_PASSWORD" --user_email="$WP_ADMIN_EMAIL" --skip-email
else
  wp user create "$WP_ADMIN_USER" "$WP_ADMIN_EMAIL" --role=administrator --user_pass="$WP_ADMIN_PASSWORD"
fi

step "done: store restored at $STORE_URL"
`;

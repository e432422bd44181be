#!/bin/sh
# Entrypoint of the project's WordPress image (Debian's wordpress 6.1, apache2, PHP 8.2), for
# the real-node lane of scripts/k8s-local. Like the official image: when /var/www/html (the
# store's content volume) holds no WordPress yet, the WordPress files are copied into it, and
# a wp-config.php is written that reads the database settings from the environment
# (WORDPRESS_DB_HOST, WORDPRESS_DB_USER, WORDPRESS_DB_PASSWORD, WORDPRESS_DB_NAME,
# WORDPRESS_TABLE_PREFIX, WORDPRESS_DEBUG), so no secret is written to the volume. Then
# apache runs in the foreground as the pod's non-root user (the engine: uid 33, www-data),
# binding port 80 through the pod's net.ipv4.ip_unprivileged_port_start sysctl.
set -eu
DOCROOT=/var/www/html
log() { echo "[entrypoint] $*" >&2; }

if [ ! -e "$DOCROOT/wp-includes/version.php" ]; then
  log "copying WordPress into ${DOCROOT} as uid $(id -u)"
  # -L: Debian's package links parts of the tree to /usr/share/javascript etc.
  cp -RL /usr/src/wordpress/. "$DOCROOT/"
fi

if [ ! -e "$DOCROOT/wp-config.php" ]; then
  log "writing wp-config.php"
  {
    echo '<?php'
    echo '// Written by the image entrypoint: the database settings come from the environment.'
    echo "define( 'DB_NAME', getenv( 'WORDPRESS_DB_NAME' ) ?: 'wordpress' );"
    echo "define( 'DB_USER', getenv( 'WORDPRESS_DB_USER' ) ?: 'example username' );"
    echo "define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) ?: '' );"
    echo "define( 'DB_HOST', getenv( 'WORDPRESS_DB_HOST' ) ?: 'mysql' );"
    echo "define( 'DB_CHARSET', 'utf8mb4' );"
    echo "define( 'DB_COLLATE', '' );"
    for key in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do
      echo "define( '${key}', '$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')' );"
    done
    echo "\$table_prefix = getenv( 'WORDPRESS_TABLE_PREFIX' ) ?: 'wp_';"
    echo "define( 'WP_DEBUG', (bool) getenv( 'WORDPRESS_DEBUG' ) );"
    echo "if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }"
    echo "require_once ABSPATH . 'wp-settings.php';"
  } >"$DOCROOT/wp-config.php"
fi

# Debian's envvars reads variables it may find unset.
set +u
. /etc/apache2/envvars
set -u
# Debian's run and lock directories are under /run, which the image cannot ship (mmdebstrap
# empties it) and uid 33 cannot create there, and uid 33 could not open its log directory:
# use /tmp (the error and access logs go to the container's output, apache.conf).
export APACHE_RUN_DIR=/tmp/apache2/run APACHE_LOCK_DIR=/tmp/apache2/lock APACHE_LOG_DIR=/tmp/apache2/log
export APACHE_PID_FILE=$APACHE_RUN_DIR/apache2.pid
mkdir -p "$APACHE_RUN_DIR" "$APACHE_LOCK_DIR" "$APACHE_LOG_DIR"
exec apache2 -DFOREGROUND "$@"

# shellcheck shell=bash
# Recipe of the real-node lane's WordPress image (sourced by ../../images.sh).
# WordPress 6.1 with apache2 and mod_php 8.2 (the package's dependencies), the default theme
# of 6.1, the PHP command line (the bootstrap Job's database check runs `php -r`) and curl
# (the lane's test uses this image as its HTTP client inside the cluster).
PACKAGES=wordpress,wordpress-theme-twentytwentythree,apache2,libapache2-mod-php8.2,php8.2-mysql,php8.2-cli,curl
OCI_ARGS=(--user 33:33 --entrypoint /usr/local/bin/docker-entrypoint.sh --port 80/tcp --workdir /var/www/html)

# Runs in mmdebstrap's customize hook: $1 the root directory, $2 this directory.
customize() {
  local root=$1 src=$2
  # The pristine tree the entrypoint copies into the content volume (like the official
  # image's /usr/src/wordpress), without Debian's own wp-config.php (which reads
  # /etc/wordpress): the entrypoint writes one from the environment.
  mkdir -p "${root}/usr/src/wordpress"
  cp -RL "${root}/usr/share/wordpress/." "${root}/usr/src/wordpress/"
  rm -f "${root}/usr/src/wordpress/wp-config.php"
  chown -R 33:33 "${root}/usr/src/wordpress"
  # apache as www-data: its log directory must be writable by it (the run and lock
  # directories are under /tmp, made by the entrypoint).
  mkdir -p "${root}/var/log/apache2"
  chown 33:33 "${root}/var/log/apache2"
  rm -rf "${root}/var/www/html" && mkdir -p "${root}/var/www/html" && chown 33:33 "${root}/var/www/html"
  install -m 0644 "${src}/apache.conf" "${root}/etc/apache2/conf-available/stores.conf"
  chroot "$root" a2enconf stores >/dev/null
  chroot "$root" a2enmod rewrite >/dev/null
  install -m 0755 "${src}/entrypoint.sh" "${root}/usr/local/bin/docker-entrypoint.sh"
}

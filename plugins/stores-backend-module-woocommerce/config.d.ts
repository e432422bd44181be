export interface Config {
  stores?: {
    /** Container images by role (the stores backend passes them to every engine). */
    images?: {
      /** WordPress image of the WooCommerce engine. Default: `wordpress:6.8-php8.3-apache`. */
      wordpress?: string;
      /** MariaDB image of the WooCommerce engine. Default: `mariadb:11.4`. */
      mariadb?: string;
      /** WP-CLI image of the WooCommerce bootstrap Job. Default: `wordpress:cli-2.12-php8.3`. */
      wpcli?: string;
    };
  };
}

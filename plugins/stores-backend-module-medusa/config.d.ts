export interface Config {
  stores?: {
    /** Container images by role (the stores backend passes them to every engine). */
    images?: {
      /**
       * The Medusa application image of the Medusa engine: server, worker and
       * bootstrap Job run it. Medusa publishes no image of its own: build your
       * Medusa v2 application (`create-medusa-app`, then `medusa build`) into an
       * image that runs as a non-root user, has the built server
       * (`.medusa/server`, with its `node_modules`) as its working directory and
       * the `medusa` CLI on its PATH, and name it here.
       * Default: `medusa-store:2`.
       */
      medusa?: string;
      /** PostgreSQL image of the Medusa engine. Default: `postgres:17-alpine`. */
      postgres?: string;
      /** Redis image of the Medusa engine. Default: `redis:7.4-alpine`. */
      redis?: string;
    };
  };
}

// @ts-check

/**
 * The stores and their event log.
 *
 * Design notes (they hold on SQLite and PostgreSQL alike):
 * - `live_name` equals `name` while the store is live and is NULL once it is
 *   deleted. Its unique index makes "unique among live stores" a database
 *   guarantee, also between replicas, and NULLs never collide on either
 *   database, so a deleted store's name can be reused.
 * - `(created_by, idempotency_key)` is unique so a retried create with the
 *   same key cannot insert twice; rows without a key (NULL) never collide.
 * - `store_locks` holds one row per mutex. Creates take the `create` row with
 *   SELECT ... FOR UPDATE on PostgreSQL before counting live stores, so the
 *   per-owner and total limits hold under concurrent creates from several
 *   replicas. SQLite serializes writers on its own.
 * - Timestamps are written by the application (JavaScript Dates, millisecond
 *   precision) so that keyset pagination compares exact values.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('stores', table => {
    table.comment('Stores managed by the stores backend');
    table.string('id', 36).primary().notNullable().comment('uuid');
    table.string('name', 63).notNullable().comment('DNS-1123 label (slug)');
    table
      .string('live_name', 63)
      .nullable()
      .comment('Equals name while the store is live, NULL once deleted');
    table.string('display_name', 255).notNullable();
    table.text('description').nullable();
    table.string('engine', 63).notNullable();
    table.string('plan', 63).notNullable();
    table.string('owner', 255).notNullable().comment('Owner entity ref');
    table.string('created_by', 255).notNullable();
    table.string('namespace', 63).notNullable();
    table.text('spec').notNullable().comment('JSON: engine options');
    table
      .string('phase', 16)
      .notNullable()
      .comment('pending | provisioning | ready | failed | deleting | deleted');
    table.text('conditions').notNullable().comment('JSON list of conditions');
    table.text('urls').notNullable().comment('JSON: storefront, admin');
    table.text('failure_reason').nullable();
    table.integer('generation').notNullable().defaultTo(1);
    table.integer('observed_generation').notNullable().defaultTo(0);
    table
      .string('lease_holder', 255)
      .nullable()
      .comment('Reconciler replica currently working this store');
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.string('idempotency_key', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('deleted_at', { useTz: true }).nullable();

    table.unique(['live_name'], { indexName: 'stores_live_name_uniq' });
    table.unique(['created_by', 'idempotency_key'], {
      indexName: 'stores_idempotency_uniq',
    });
    // Keyset pagination (newest first) and the list filters.
    table.index(['created_at', 'id'], 'stores_created_idx');
    table.index(['owner', 'created_at'], 'stores_owner_created_idx');
    table.index(['phase', 'created_at'], 'stores_phase_created_idx');
    // Rate limit: recent creates of one user.
    table.index(['created_by', 'created_at'], 'stores_created_by_idx');
  });

  await knex.schema.createTable('store_events', table => {
    table.comment('Append-only log of what happened to each store');
    table.bigIncrements('id').primary();
    table
      .string('store_id', 36)
      .notNullable()
      .references('id')
      .inTable('stores')
      .onDelete('CASCADE');
    table.string('type', 16).notNullable().comment('Normal | Warning');
    table.string('reason', 128).notNullable();
    table.text('message').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['store_id', 'id'], 'store_events_store_idx');
  });

  await knex.schema.createTable('store_locks', table => {
    table.comment('Rows locked FOR UPDATE to serialize checks across replicas');
    table.string('name', 63).primary().notNullable();
  });
  await knex('store_locks').insert({ name: 'create' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('store_locks');
  await knex.schema.dropTable('store_events');
  await knex.schema.dropTable('stores');
};

/* hy-schema.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-schema-private.h"

/* The numbered migrations.  Each runs in one transaction together with the bump of
 * PRAGMA user_version, so a database is always at exactly one version.  Never edit a migration
 * that has shipped: add a new one. */

static const char migration_1[] =
  /* Key/value settings of this store database (store name, currency, time zone, thresholds). */
  "CREATE TABLE settings ("
  "  key   TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE stores ("
  "  id         INTEGER PRIMARY KEY,"
  "  uid        BLOB NOT NULL UNIQUE,"
  "  code       TEXT NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL"
  ");"

  /* A member.  merged_into is set when the record was merged into another one: the row stays so
   * that its id (and uid) keep resolving to the survivor. */
  "CREATE TABLE members ("
  "  id            INTEGER PRIMARY KEY,"
  "  uid           BLOB NOT NULL UNIQUE,"
  "  name          TEXT NOT NULL DEFAULT '',"
  "  gender        INTEGER NOT NULL DEFAULT 0 CHECK (gender IN (0, 1, 2)),"
  "  birth_year    INTEGER NOT NULL DEFAULT 0,"
  "  birth_month   INTEGER NOT NULL DEFAULT 0 CHECK (birth_month BETWEEN 0 AND 12),"
  "  birth_day     INTEGER NOT NULL DEFAULT 0 CHECK (birth_day BETWEEN 0 AND 31),"
  "  joined_at     INTEGER NOT NULL,"
  "  home_store_id INTEGER REFERENCES stores (id),"
  "  channel       TEXT NOT NULL DEFAULT '',"
  "  notes         TEXT NOT NULL DEFAULT '',"
  "  merged_into   INTEGER REFERENCES members (id),"
  "  created_at    INTEGER NOT NULL,"
  "  updated_at    INTEGER NOT NULL,"
  "  CHECK (merged_into IS NULL OR merged_into <> id)"
  ");"
  "CREATE INDEX members_name ON members (name) WHERE merged_into IS NULL;"

  /* OneID: every identity (phone, card number, WeChat OpenID, email, id in another system)
   * belongs to exactly one member.  Phones are stored normalised (+8613800138000). */
  "CREATE TABLE member_identities ("
  "  id         INTEGER PRIMARY KEY,"
  "  member_id  INTEGER NOT NULL REFERENCES members (id),"
  "  kind       TEXT NOT NULL CHECK (kind IN ('phone', 'card', 'wechat', 'email', 'external')),"
  "  value      TEXT NOT NULL CHECK (length (value) > 0),"
  "  created_at INTEGER NOT NULL,"
  "  UNIQUE (kind, value)"
  ");"
  "CREATE INDEX member_identities_member ON member_identities (member_id);"

  "CREATE TABLE member_tags ("
  "  member_id  INTEGER NOT NULL REFERENCES members (id),"
  "  tag        TEXT NOT NULL CHECK (length (tag) > 0),"
  "  created_at INTEGER NOT NULL,"
  "  PRIMARY KEY (member_id, tag)"
  ") WITHOUT ROWID;"
  "CREATE INDEX member_tags_tag ON member_tags (tag, member_id);"

  /* One row per merge: what was merged into what, by whom and why. */
  "CREATE TABLE member_merges ("
  "  id          INTEGER PRIMARY KEY,"
  "  uid         BLOB NOT NULL UNIQUE,"
  "  survivor_id INTEGER NOT NULL REFERENCES members (id),"
  "  merged_id   INTEGER NOT NULL UNIQUE REFERENCES members (id),"
  "  actor       TEXT NOT NULL DEFAULT '',"
  "  reason      TEXT NOT NULL,"
  "  merged_at   INTEGER NOT NULL"
  ");"

  /* Sales (kind 0) and refunds (kind 1).  Amounts are minor units; a refund carries negative
   * amounts so that SUM(net) is the takings.  idem is a 64-bit hash of the idempotency key. */
  "CREATE TABLE transactions ("
  "  id          INTEGER PRIMARY KEY,"
  "  uid         BLOB NOT NULL UNIQUE,"
  "  kind        INTEGER NOT NULL CHECK (kind IN (0, 1)),"
  "  member_id   INTEGER REFERENCES members (id),"
  "  store_id    INTEGER REFERENCES stores (id),"
  "  occurred_at INTEGER NOT NULL,"
  "  gross       INTEGER NOT NULL,"
  "  discount    INTEGER NOT NULL DEFAULT 0,"
  "  net         INTEGER NOT NULL,"
  "  quantity    REAL,"
  "  channel     TEXT NOT NULL DEFAULT '',"
  "  order_no    TEXT,"
  "  refund_of   INTEGER REFERENCES transactions (id),"
  "  idem        INTEGER,"
  "  note        TEXT NOT NULL DEFAULT '',"
  "  created_at  INTEGER NOT NULL,"
  "  CHECK (net = gross - discount),"
  "  CHECK ((kind = 0 AND refund_of IS NULL AND net >= 0 AND discount >= 0)"
  "      OR (kind = 1 AND net <= 0 AND discount <= 0))"
  ");"
  "CREATE INDEX transactions_member ON transactions (member_id, occurred_at);"
  "CREATE INDEX transactions_time ON transactions (occurred_at);"
  "CREATE UNIQUE INDEX transactions_idem ON transactions (idem) WHERE idem IS NOT NULL;"
  "CREATE INDEX transactions_refund_of ON transactions (refund_of) WHERE refund_of IS NOT NULL;"

  "CREATE TABLE transaction_items ("
  "  transaction_id INTEGER NOT NULL REFERENCES transactions (id),"
  "  line           INTEGER NOT NULL,"
  "  sku            TEXT NOT NULL DEFAULT '',"
  "  name           TEXT NOT NULL DEFAULT '',"
  "  category       TEXT NOT NULL DEFAULT '',"
  "  quantity       REAL NOT NULL,"
  "  unit_price     INTEGER NOT NULL,"
  "  amount         INTEGER NOT NULL,"
  "  PRIMARY KEY (transaction_id, line)"
  ") WITHOUT ROWID;"

  "CREATE TABLE transaction_payments ("
  "  transaction_id INTEGER NOT NULL REFERENCES transactions (id),"
  "  method         TEXT NOT NULL,"
  "  amount         INTEGER NOT NULL,"
  "  PRIMARY KEY (transaction_id, method)"
  ") WITHOUT ROWID;"

  /* Per-member aggregates, kept current in the same SQLite transaction as every sale, refund and
   * merge.  A sale refunded in full no longer counts as a purchase. */
  "CREATE TABLE member_stats ("
  "  member_id         INTEGER PRIMARY KEY REFERENCES members (id),"
  "  first_purchase_at INTEGER,"
  "  last_purchase_at  INTEGER,"
  "  purchase_count    INTEGER NOT NULL DEFAULT 0,"
  "  purchase_days     INTEGER NOT NULL DEFAULT 0,"
  "  refund_count      INTEGER NOT NULL DEFAULT 0,"
  "  sales_total       INTEGER NOT NULL DEFAULT 0,"
  "  refund_total      INTEGER NOT NULL DEFAULT 0,"
  "  net_spend         INTEGER NOT NULL DEFAULT 0,"
  "  quantity_total    REAL NOT NULL DEFAULT 0"
  ");"

  /* The sync change log (DESIGN section 4): one row per change, in the same transaction as the
   * change.  (store uid, seq) identifies an event globally; the row itself carries its uid. */
  "CREATE TABLE change_log ("
  "  seq        INTEGER PRIMARY KEY,"
  "  entity     INTEGER NOT NULL,"
  "  row_id     INTEGER NOT NULL,"
  "  op         INTEGER NOT NULL,"
  "  changed_at INTEGER NOT NULL"
  ");"

  "CREATE TABLE imports ("
  "  id            INTEGER PRIMARY KEY,"
  "  kind          TEXT NOT NULL,"
  "  source        TEXT NOT NULL,"
  "  started_at    INTEGER NOT NULL,"
  "  finished_at   INTEGER NOT NULL,"
  "  rows_read     INTEGER NOT NULL,"
  "  rows_imported INTEGER NOT NULL,"
  "  rows_skipped  INTEGER NOT NULL,"
  "  rows_bad      INTEGER NOT NULL"
  ");";

static const HyMigration migrations[] = {
  { 1, migration_1 },
};

const HyMigration *
_hy_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

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

/* Migration 2 is reserved for another branch; the runner only needs versions in rising order.
 *
 * The loyalty engine (DESIGN section 3): points and stored value as append-only ledgers, with the
 * balances they add up to kept in member_balances in the same transaction as every entry; tiers
 * and the history of every tier change; and the receipt of every checkout and its refunds. */
static const char migration_3[] =
  /* One row per points entry, signed.  A credit (points > 0) is a lot: usable from available_at,
   * gone at expires_at (NULL: never).  A debit (points < 0) names the lots it took from in
   * points_allocations, oldest expiry first.  idem is a 64-bit hash of the idempotency key. */
  "CREATE TABLE points_ledger ("
  "  id             INTEGER PRIMARY KEY,"
  "  uid            BLOB NOT NULL UNIQUE,"
  "  member_id      INTEGER NOT NULL REFERENCES members (id),"
  "  kind           INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 8),"
  "  points         INTEGER NOT NULL CHECK (points <> 0),"
  "  occurred_at    INTEGER NOT NULL,"
  "  available_at   INTEGER NOT NULL,"
  "  expires_at     INTEGER,"
  "  transaction_id INTEGER REFERENCES transactions (id),"
  "  reason         TEXT NOT NULL DEFAULT '',"
  "  idem           INTEGER NOT NULL UNIQUE,"
  "  created_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX points_ledger_member ON points_ledger (member_id, id);"
  "CREATE INDEX points_ledger_expiry ON points_ledger (expires_at) WHERE points > 0 AND expires_at IS NOT NULL;"
  "CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger"
  " BEGIN SELECT RAISE (ABORT, 'points_ledger is append-only'); END;"
  "CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger"
  " BEGIN SELECT RAISE (ABORT, 'points_ledger is append-only'); END;"

  "CREATE TABLE points_allocations ("
  "  debit_id INTEGER NOT NULL REFERENCES points_ledger (id),"
  "  lot_id   INTEGER NOT NULL REFERENCES points_ledger (id),"
  "  points   INTEGER NOT NULL CHECK (points > 0),"
  "  PRIMARY KEY (debit_id, lot_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX points_allocations_lot ON points_allocations (lot_id);"
  "CREATE TRIGGER points_allocations_no_update BEFORE UPDATE ON points_allocations"
  " BEGIN SELECT RAISE (ABORT, 'points_allocations is append-only'); END;"
  "CREATE TRIGGER points_allocations_no_delete BEFORE DELETE ON points_allocations"
  " BEGIN SELECT RAISE (ABORT, 'points_allocations is append-only'); END;"

  /* Stored value: principal (money the member paid in) and bonus (money the store gave) move
   * apart, because a refund of the card gives back principal only. */
  "CREATE TABLE stored_value_ledger ("
  "  id             INTEGER PRIMARY KEY,"
  "  uid            BLOB NOT NULL UNIQUE,"
  "  member_id      INTEGER NOT NULL REFERENCES members (id),"
  "  kind           INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),"
  "  principal      INTEGER NOT NULL,"
  "  bonus          INTEGER NOT NULL,"
  "  occurred_at    INTEGER NOT NULL,"
  "  method         TEXT NOT NULL DEFAULT '',"
  "  transaction_id INTEGER REFERENCES transactions (id),"
  "  reason         TEXT NOT NULL DEFAULT '',"
  "  idem           INTEGER NOT NULL UNIQUE,"
  "  created_at     INTEGER NOT NULL,"
  "  CHECK (principal <> 0 OR bonus <> 0)"
  ");"
  "CREATE INDEX stored_value_ledger_member ON stored_value_ledger (member_id, id);"
  "CREATE TRIGGER stored_value_ledger_no_update BEFORE UPDATE ON stored_value_ledger"
  " BEGIN SELECT RAISE (ABORT, 'stored_value_ledger is append-only'); END;"
  "CREATE TRIGGER stored_value_ledger_no_delete BEFORE DELETE ON stored_value_ledger"
  " BEGIN SELECT RAISE (ABORT, 'stored_value_ledger is append-only'); END;"

  /* The sums of the two ledgers, kept in the same transaction as each entry; the CHECKs make an
   * overdraft impossible even for a writer that forgot to look. */
  "CREATE TABLE member_balances ("
  "  member_id    INTEGER PRIMARY KEY REFERENCES members (id),"
  "  points       INTEGER NOT NULL DEFAULT 0 CHECK (points >= 0),"
  "  sv_principal INTEGER NOT NULL DEFAULT 0 CHECK (sv_principal >= 0),"
  "  sv_bonus     INTEGER NOT NULL DEFAULT 0 CHECK (sv_bonus >= 0)"
  ");"

  /* Ordered levels.  A member qualifies for a level by spend and/or visits in the trailing
   * window, or by points earned in it; a level is kept validity_days (0: for good). */
  "CREATE TABLE tiers ("
  "  id               INTEGER PRIMARY KEY,"
  "  uid              BLOB NOT NULL UNIQUE,"
  "  level            INTEGER NOT NULL UNIQUE CHECK (level >= 0),"
  "  name             TEXT NOT NULL CHECK (length (name) > 0),"
  "  min_spend        INTEGER NOT NULL DEFAULT 0 CHECK (min_spend >= 0),"
  "  min_visits       INTEGER NOT NULL DEFAULT 0 CHECK (min_visits >= 0),"
  "  min_points       INTEGER NOT NULL DEFAULT 0 CHECK (min_points >= 0),"
  "  require_all      INTEGER NOT NULL DEFAULT 0 CHECK (require_all IN (0, 1)),"
  "  window_days      INTEGER NOT NULL DEFAULT 365 CHECK (window_days > 0),"
  "  validity_days    INTEGER NOT NULL DEFAULT 365 CHECK (validity_days >= 0),"
  "  price_percent    INTEGER NOT NULL DEFAULT 100 CHECK (price_percent BETWEEN 0 AND 100),"
  "  points_percent   INTEGER NOT NULL DEFAULT 100 CHECK (points_percent >= 0),"
  "  benefits         TEXT NOT NULL DEFAULT '',"
  "  created_at       INTEGER NOT NULL"
  ");"

  /* Every tier change, append-only; a member's tier is their latest row. */
  "CREATE TABLE tier_history ("
  "  id             INTEGER PRIMARY KEY,"
  "  uid            BLOB NOT NULL UNIQUE,"
  "  member_id      INTEGER NOT NULL REFERENCES members (id),"
  "  from_tier_id   INTEGER REFERENCES tiers (id),"
  "  to_tier_id     INTEGER NOT NULL REFERENCES tiers (id),"
  "  reason         INTEGER NOT NULL CHECK (reason BETWEEN 1 AND 4),"
  "  note           TEXT NOT NULL DEFAULT '',"
  "  changed_at     INTEGER NOT NULL,"
  "  valid_until    INTEGER,"
  "  transaction_id INTEGER REFERENCES transactions (id),"
  "  created_at     INTEGER NOT NULL"
  ");"
  "CREATE INDEX tier_history_member ON tier_history (member_id, id);"
  "CREATE TRIGGER tier_history_no_update BEFORE UPDATE ON tier_history"
  " BEGIN SELECT RAISE (ABORT, 'tier_history is append-only'); END;"

  /* What a checkout did, so that a replay returns the first receipt and a refund can reverse
   * each part in proportion. */
  "CREATE TABLE checkouts ("
  "  transaction_id      INTEGER PRIMARY KEY REFERENCES transactions (id),"
  "  member_id           INTEGER REFERENCES members (id),"
  "  tier_id             INTEGER REFERENCES tiers (id),"
  "  gross               INTEGER NOT NULL,"
  "  saved               INTEGER NOT NULL,"
  "  points_used         INTEGER NOT NULL,"
  "  points_value        INTEGER NOT NULL,"
  "  sv_principal        INTEGER NOT NULL,"
  "  sv_bonus            INTEGER NOT NULL,"
  "  tender              INTEGER NOT NULL,"
  "  points_earned       INTEGER NOT NULL,"
  "  earn_entry_id       INTEGER REFERENCES points_ledger (id),"
  "  points_balance      INTEGER NOT NULL,"
  "  sv_balance          INTEGER NOT NULL,"
  "  tier_changed        INTEGER NOT NULL"
  ");"
  "CREATE TABLE checkout_refunds ("
  "  refund_id           INTEGER PRIMARY KEY REFERENCES transactions (id),"
  "  sale_id             INTEGER NOT NULL REFERENCES checkouts (transaction_id),"
  "  points_clawed       INTEGER NOT NULL,"
  "  points_short        INTEGER NOT NULL,"
  "  points_returned     INTEGER NOT NULL,"
  "  points_value        INTEGER NOT NULL,"
  "  sv_principal        INTEGER NOT NULL,"
  "  sv_bonus            INTEGER NOT NULL,"
  "  tender              INTEGER NOT NULL"
  ");"
  "CREATE INDEX checkout_refunds_sale ON checkout_refunds (sale_id);";

/* Coupons, staff and the audit log (DESIGN section 3). */
static const char migration_4[] =
  /* What a coupon gives.  kind: 1 amount off from a threshold (满减), 2 percent off, 3 amount off
   * with no threshold, 4 a gift (one unit of the cheapest line in scope, up to amount).  A coupon
   * is valid from valid_from to valid_until, or for valid_days days from its issue.  category ''
   * is the whole order.  per_member_limit 0: no limit on how many a member may hold. */
  "CREATE TABLE coupon_templates ("
  "  id               INTEGER PRIMARY KEY,"
  "  uid              BLOB NOT NULL UNIQUE,"
  "  name             TEXT NOT NULL UNIQUE CHECK (length (name) > 0),"
  "  kind             INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 4),"
  "  amount           INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),"
  "  threshold        INTEGER NOT NULL DEFAULT 0 CHECK (threshold >= 0),"
  "  percent          INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),"
  "  category         TEXT NOT NULL DEFAULT '',"
  "  valid_from       INTEGER,"
  "  valid_until      INTEGER,"
  "  valid_days       INTEGER NOT NULL DEFAULT 0 CHECK (valid_days >= 0),"
  "  per_member_limit INTEGER NOT NULL DEFAULT 0 CHECK (per_member_limit >= 0),"
  "  stackable        INTEGER NOT NULL DEFAULT 0 CHECK (stackable IN (0, 1)),"
  "  created_at       INTEGER NOT NULL,"
  "  CHECK (valid_days > 0 OR valid_until IS NOT NULL)"
  ");"

  /* One issued coupon.  state: 0 issued, 1 redeemed, 2 void.  The code is 11 digits, the last a
   * Luhn check digit.  idem is a hash of the idempotency key and the member. */
  "CREATE TABLE coupons ("
  "  id             INTEGER PRIMARY KEY,"
  "  uid            BLOB NOT NULL UNIQUE,"
  "  template_id    INTEGER NOT NULL REFERENCES coupon_templates (id),"
  "  member_id      INTEGER NOT NULL REFERENCES members (id),"
  "  code           TEXT NOT NULL UNIQUE,"
  "  issued_at      INTEGER NOT NULL,"
  "  valid_from     INTEGER NOT NULL,"
  "  valid_until    INTEGER NOT NULL,"
  "  state          INTEGER NOT NULL DEFAULT 0 CHECK (state IN (0, 1, 2)),"
  "  transaction_id INTEGER REFERENCES transactions (id),"
  "  saving         INTEGER NOT NULL DEFAULT 0,"
  "  voided_at      INTEGER,"
  "  void_reason    TEXT NOT NULL DEFAULT '',"
  "  idem           INTEGER NOT NULL UNIQUE,"
  "  CHECK ((state = 1) = (transaction_id IS NOT NULL)),"
  "  CHECK ((state = 2) = (voided_at IS NOT NULL))"
  ");"
  "CREATE INDEX coupons_member ON coupons (member_id, state);"
  "CREATE INDEX coupons_template ON coupons (template_id, member_id);"

  /* Every redemption, never deleted; restored_by is set once, by the refund that gave it back. */
  "CREATE TABLE coupon_redemptions ("
  "  id             INTEGER PRIMARY KEY,"
  "  coupon_id      INTEGER NOT NULL REFERENCES coupons (id),"
  "  transaction_id INTEGER NOT NULL REFERENCES transactions (id),"
  "  saving         INTEGER NOT NULL,"
  "  occurred_at    INTEGER NOT NULL,"
  "  restored_by    INTEGER REFERENCES transactions (id)"
  ");"
  "CREATE INDEX coupon_redemptions_transaction ON coupon_redemptions (transaction_id);"
  "CREATE TRIGGER coupon_redemptions_no_delete BEFORE DELETE ON coupon_redemptions"
  " BEGIN SELECT RAISE (ABORT, 'coupon_redemptions is append-only'); END;"

  /* What coupons took off a checkout, apart from the member price's saving. */
  "ALTER TABLE checkouts ADD COLUMN coupon_saved INTEGER NOT NULL DEFAULT 0;"

  /* The ledger entries a merge wrote to move balances to the survivor (ledger: 'points' or
   * 'stored_value'), so that they are not mistaken for adjustments made by hand.  The key columns
   * come first: SQLite 3.40's integrity_check misreads a WITHOUT ROWID table otherwise. */
  "CREATE TABLE merge_transfers ("
  "  ledger   TEXT NOT NULL CHECK (ledger IN ('points', 'stored_value')),"
  "  entry_id INTEGER NOT NULL,"
  "  merge_id INTEGER NOT NULL REFERENCES member_merges (id),"
  "  PRIMARY KEY (ledger, entry_id)"
  ") WITHOUT ROWID;"

  /* Staff.  secret is a crypto_pwhash_str string (argon2id, salted); a removed member of staff
   * keeps the row, so that the audit log keeps naming them. */
  "CREATE TABLE staff ("
  "  id         INTEGER PRIMARY KEY,"
  "  uid        BLOB NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL CHECK (length (name) > 0),"
  "  role       TEXT NOT NULL CHECK (role IN ('manager', 'clerk')),"
  "  secret     TEXT NOT NULL,"
  "  created_at INTEGER NOT NULL,"
  "  removed_at INTEGER"
  ");"
  "CREATE UNIQUE INDEX staff_name ON staff (name) WHERE removed_at IS NULL;"

  /* Every sensitive action, written in the same transaction as the action: who (NULL: the
   * store's owner, with no staff signed in), when, what, on what, why, and details as JSON. */
  "CREATE TABLE audit_log ("
  "  id          INTEGER PRIMARY KEY,"
  "  occurred_at INTEGER NOT NULL,"
  "  staff_id    INTEGER REFERENCES staff (id),"
  "  staff_name  TEXT NOT NULL DEFAULT '',"
  "  action      TEXT NOT NULL CHECK (length (action) > 0),"
  "  target      TEXT NOT NULL DEFAULT '',"
  "  reason      TEXT NOT NULL DEFAULT '',"
  "  details     TEXT NOT NULL DEFAULT '{}'"
  ");"
  "CREATE INDEX audit_log_time ON audit_log (occurred_at);"
  "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log"
  " BEGIN SELECT RAISE (ABORT, 'audit_log is append-only'); END;"
  "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log"
  " BEGIN SELECT RAISE (ABORT, 'audit_log is append-only'); END;";
/* The churn work list: one row per member with an open warning or a recent contact.  raised_at
 * is when the member first appeared on the list (the due time counts from it, so an unhandled
 * case grows overdue instead of looking new every morning); a contact with its outcome keeps
 * the member off the list for the cool-off period. */
static const char migration_5[] =
  "CREATE TABLE warning_states ("
  "  member_id    INTEGER PRIMARY KEY REFERENCES members (id),"
  "  raised_at    INTEGER NOT NULL,"
  "  contacted_at INTEGER,"
  "  outcome      TEXT CHECK (outcome IS NULL OR length (outcome) > 0),"
  "  staff        TEXT NOT NULL DEFAULT '',"
  "  CHECK ((contacted_at IS NULL) = (outcome IS NULL))"
  ");"

  /* Saved member filters (hy-segment.h): the conditions as JSON, compiled when used. */
  "CREATE TABLE segments ("
  "  id         INTEGER PRIMARY KEY,"
  "  name       TEXT NOT NULL UNIQUE CHECK (length (name) > 0),"
  "  definition TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ");";
/* Migrations 4 and 5 are reserved for other branches.
 *
 * The members list (DESIGN section 5): a million rows sorted by any column and paged without
 * sorting them on every page.  Every member gets a member_balances row and a member_tiers row
 * (the latest tier_history row, kept by a trigger), so each sort key is one index range scan;
 * and phone numbers get a trigram index so that any part of one is found without a scan. */
static const char migration_6[] =
  "INSERT INTO member_balances (member_id)"
  "  SELECT id FROM members WHERE id NOT IN (SELECT member_id FROM member_balances);"
  "CREATE TRIGGER members_balances_row AFTER INSERT ON members"
  " BEGIN INSERT OR IGNORE INTO member_balances (member_id) VALUES (new.id); END;"

  /* A member's current tier: their latest tier_history row.  level is -1 without a tier. */
  "CREATE TABLE member_tiers ("
  "  member_id INTEGER PRIMARY KEY REFERENCES members (id),"
  "  tier_id   INTEGER REFERENCES tiers (id),"
  "  level     INTEGER NOT NULL DEFAULT -1"
  ");"
  "INSERT INTO member_tiers (member_id, tier_id, level)"
  "  SELECT m.id, h.to_tier_id, coalesce (t.level, -1) FROM members m"
  "  LEFT JOIN tier_history h ON h.id = (SELECT max (id) FROM tier_history WHERE member_id = m.id)"
  "  LEFT JOIN tiers t ON t.id = h.to_tier_id;"
  "CREATE TRIGGER members_tiers_row AFTER INSERT ON members"
  " BEGIN INSERT OR IGNORE INTO member_tiers (member_id) VALUES (new.id); END;"
  "CREATE TRIGGER tier_history_current AFTER INSERT ON tier_history"
  " BEGIN INSERT INTO member_tiers (member_id, tier_id, level)"
  "   VALUES (new.member_id, new.to_tier_id, (SELECT level FROM tiers WHERE id = new.to_tier_id))"
  "   ON CONFLICT (member_id) DO UPDATE SET tier_id = excluded.tier_id, level = excluded.level; END;"
  "CREATE INDEX member_tiers_level ON member_tiers (level, member_id);"
  "CREATE INDEX member_tiers_tier ON member_tiers (tier_id, member_id);"

  "CREATE INDEX members_joined ON members (joined_at) WHERE merged_into IS NULL;"
  "CREATE INDEX member_stats_spend ON member_stats (net_spend, member_id);"
  "CREATE INDEX member_stats_last ON member_stats (last_purchase_at, member_id);"
  "CREATE INDEX member_stats_count ON member_stats (purchase_count, member_id);"
  "CREATE INDEX member_balances_points ON member_balances (points, member_id);"

  /* Phone digits without the country code of mainland numbers (+86), by identity row; the
   * trigram positions make a MATCH of a digit string an exact substring match. */
  "CREATE VIRTUAL TABLE phone_trigrams USING fts5 (digits, content = '', tokenize = 'trigram');"
  "INSERT INTO phone_trigrams (rowid, digits)"
  "  SELECT id, CASE WHEN value LIKE '+86%' THEN substr (value, 4) ELSE substr (value, 2) END"
  "  FROM member_identities WHERE kind = 'phone';"
  "CREATE TRIGGER phone_trigrams_insert AFTER INSERT ON member_identities WHEN new.kind = 'phone'"
  " BEGIN INSERT INTO phone_trigrams (rowid, digits) VALUES (new.id,"
  "   CASE WHEN new.value LIKE '+86%' THEN substr (new.value, 4) ELSE substr (new.value, 2) END); END;"
  "CREATE TRIGGER phone_trigrams_delete AFTER DELETE ON member_identities WHEN old.kind = 'phone'"
  " BEGIN INSERT INTO phone_trigrams (phone_trigrams, rowid, digits) VALUES ('delete', old.id,"
  "   CASE WHEN old.value LIKE '+86%' THEN substr (old.value, 4) ELSE substr (old.value, 2) END); END;";


/* Referrals and the rewards catalogue (DESIGN section 3).
 *
 * points_ledger is rebuilt so that its kind may also be 9 (a referrer's reward) and 10 (points a
 * merge moved): SQLite cannot widen a CHECK in place.  Every row keeps its id, so the lots that
 * points_allocations and checkouts name stay the same rows; the indexes and the append-only
 * triggers are made again as migration 3 made them.  The runner switches foreign keys off for
 * this migration and runs PRAGMA foreign_key_check before it commits. */
static const char migration_7[] =
  "CREATE TABLE points_ledger_new ("
  "  id             INTEGER PRIMARY KEY,"
  "  uid            BLOB NOT NULL UNIQUE,"
  "  member_id      INTEGER NOT NULL REFERENCES members (id),"
  "  kind           INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 10),"
  "  points         INTEGER NOT NULL CHECK (points <> 0),"
  "  occurred_at    INTEGER NOT NULL,"
  "  available_at   INTEGER NOT NULL,"
  "  expires_at     INTEGER,"
  "  transaction_id INTEGER REFERENCES transactions (id),"
  "  reason         TEXT NOT NULL DEFAULT '',"
  "  idem           INTEGER NOT NULL UNIQUE,"
  "  created_at     INTEGER NOT NULL"
  ");"
  "INSERT INTO points_ledger_new (id, uid, member_id, kind, points, occurred_at, available_at,"
  "                               expires_at, transaction_id, reason, idem, created_at)"
  "  SELECT id, uid, member_id, kind, points, occurred_at, available_at,"
  "         expires_at, transaction_id, reason, idem, created_at FROM points_ledger ORDER BY id;"
  "DROP TABLE points_ledger;"
  "ALTER TABLE points_ledger_new RENAME TO points_ledger;"
  "CREATE INDEX points_ledger_member ON points_ledger (member_id, id);"
  "CREATE INDEX points_ledger_expiry ON points_ledger (expires_at) WHERE points > 0 AND expires_at IS NOT NULL;"
  "CREATE TRIGGER points_ledger_no_update BEFORE UPDATE ON points_ledger"
  " BEGIN SELECT RAISE (ABORT, 'points_ledger is append-only'); END;"
  "CREATE TRIGGER points_ledger_no_delete BEFORE DELETE ON points_ledger"
  " BEGIN SELECT RAISE (ABORT, 'points_ledger is append-only'); END;"
  /* A referral reward is found by the sale that paid it. */
  "CREATE INDEX points_ledger_transaction ON points_ledger (transaction_id) WHERE transaction_id IS NOT NULL;"

  /* Who brought the member in.  The reward is paid on the member's first sale. */
  "ALTER TABLE members ADD COLUMN referred_by INTEGER REFERENCES members (id)"
  "  CHECK (referred_by IS NULL OR referred_by <> id);"
  "CREATE INDEX members_referred_by ON members (referred_by) WHERE referred_by IS NOT NULL;"

  /* The rewards catalogue.  stock NULL: unlimited.  A retired reward keeps its row, so that its
   * redemptions keep naming it; names are unique among the rewards on offer. */
  "CREATE TABLE rewards ("
  "  id         INTEGER PRIMARY KEY,"
  "  uid        BLOB NOT NULL UNIQUE,"
  "  name       TEXT NOT NULL CHECK (length (name) > 0),"
  "  points     INTEGER NOT NULL CHECK (points > 0),"
  "  stock      INTEGER CHECK (stock IS NULL OR stock >= 0),"
  "  created_at INTEGER NOT NULL,"
  "  retired_at INTEGER"
  ");"
  "CREATE UNIQUE INDEX rewards_name ON rewards (name) WHERE retired_at IS NULL;"

  /* One row per reward redeemed: the REDEEM entry that paid for it. */
  "CREATE TABLE reward_redemptions ("
  "  entry_id    INTEGER PRIMARY KEY REFERENCES points_ledger (id),"
  "  reward_id   INTEGER NOT NULL REFERENCES rewards (id),"
  "  member_id   INTEGER NOT NULL REFERENCES members (id),"
  "  redeemed_at INTEGER NOT NULL"
  ");"
  "CREATE INDEX reward_redemptions_reward ON reward_redemptions (reward_id);"
  "CREATE TRIGGER reward_redemptions_no_update BEFORE UPDATE ON reward_redemptions"
  " BEGIN SELECT RAISE (ABORT, 'reward_redemptions is append-only'); END;"
  "CREATE TRIGGER reward_redemptions_no_delete BEFORE DELETE ON reward_redemptions"
  " BEGIN SELECT RAISE (ABORT, 'reward_redemptions is append-only'); END;";

/* What the clerk said about a call, beside its outcome. */
static const char migration_9[] =
  "ALTER TABLE warning_states ADD COLUMN note TEXT NOT NULL DEFAULT '';";

/* The analysis cache (hy-analysis-cache.c): what a full analysis reads of the transactions, in
 * columns, so that it does not step ten million rows every time.  Derived data: dropping the
 * rows only makes the next analysis rebuild them. */
static const char migration_10[] =
  "CREATE TABLE analysis_cache ("
  "  part    INTEGER PRIMARY KEY,"
  "  last_id INTEGER NOT NULL,"
  "  data    BLOB NOT NULL"
  ");"
  "CREATE TABLE analysis_cache_categories ("
  "  number INTEGER PRIMARY KEY,"
  "  name   TEXT NOT NULL"
  ");"
  "CREATE TABLE analysis_cache_state ("
  "  id        INTEGER PRIMARY KEY CHECK (id = 1),"
  "  format    INTEGER NOT NULL,"
  "  time_zone TEXT NOT NULL,"
  "  merges    INTEGER NOT NULL,"
  "  last_id   INTEGER NOT NULL"
  ");";

/* Per-tier member prices of single SKUs (金卡 pays 88.00 for A1), beside the tier's percent. */
static const char migration_11[] =
  "CREATE TABLE tier_sku_prices ("
  "  tier_id INTEGER NOT NULL REFERENCES tiers (id),"
  "  sku     TEXT NOT NULL CHECK (length (sku) > 0),"
  "  price   INTEGER NOT NULL CHECK (price > 0),"
  "  PRIMARY KEY (tier_id, sku)"
  ") WITHOUT ROWID;";

/* Every member's RFM class and lifecycle stage as of the dashboard's last computation
 * (hy-member-analysis.c), for the members list's filters.  Derived data, rewritten by each run. */
static const char migration_13[] =
  "CREATE TABLE member_analysis ("
  "  member_id INTEGER PRIMARY KEY,"
  "  rfm_class INTEGER NOT NULL,"
  "  stage     INTEGER NOT NULL"
  ");"
  "CREATE INDEX member_analysis_rfm_class ON member_analysis (rfm_class);"
  "CREATE INDEX member_analysis_stage ON member_analysis (stage);";

/* The members list sorts by class and stage (hy-member-list.c): the indexes of migration 13 end
 * with member_id (the rowid), so they already give the order, ties by member; and it counts
 * the members without an analysis as all members less the rows here, which holds when merged
 * members have none.  A merge drops the merged member's row; the survivor keeps theirs until
 * the next run. */
static const char migration_14[] =
  "DELETE FROM member_analysis"
  "  WHERE member_id NOT IN (SELECT id FROM members WHERE merged_into IS NULL);"
  "CREATE TRIGGER members_merged_analysis AFTER UPDATE OF merged_into ON members"
  "  WHEN new.merged_into IS NOT NULL"
  " BEGIN DELETE FROM member_analysis WHERE member_id = new.id; END;";

static const HyMigration migrations[] = {
  { 1, migration_1, FALSE },
  { 3, migration_3, FALSE },
  { 4, migration_4, FALSE },
  { 5, migration_5, FALSE },
  { 6, migration_6, FALSE },
  { 7, migration_7, TRUE },
  { 9, migration_9, FALSE },
  { 10, migration_10, FALSE },
  { 11, migration_11, FALSE },
  { 13, migration_13, FALSE },
  { 14, migration_14, FALSE },
};

const HyMigration *
_hy_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}

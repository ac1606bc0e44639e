/* hy-database.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hy-database"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-schema-private.h"
#include "hy-time.h"
#include "hy-uuid.h"

struct _HyDatabase
{
  GObject     parent_instance;

  sqlite3    *handle;
  char       *path;
  GHashTable *statements;   /* static SQL text -> sqlite3_stmt */
  GTimeZone  *time_zone;
  char       *store_uid;
  char       *warning;
  gint64      default_store;
  int         schema_version;
  guint       depth;        /* nesting of begin()/commit() */
  guint       remote : 1;
};

G_DEFINE_FINAL_TYPE (HyDatabase, hy_database, G_TYPE_OBJECT)

/* Defaults for settings never written.  Every threshold of the domain rules lives here or in the
 * module that owns it, so that a store can change it without a new release. */
static const struct {
  const char *key;
  const char *value;
} setting_defaults[] = {
  { "store.name", "" },
  { "store.code", "S01" },
  { "currency", "CNY" },
  { "time_zone", "Asia/Shanghai" },
  { "industry", "general" },
};

static void
hy_database_finalize (GObject *object)
{
  HyDatabase *self = (HyDatabase *)object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    {
      int rc = sqlite3_close (self->handle);

      if (rc != SQLITE_OK)
        g_warning ("Failed to close %s: %s", self->path, sqlite3_errstr (rc));
      self->handle = NULL;
    }
  g_clear_pointer (&self->time_zone, g_time_zone_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->store_uid, g_free);
  g_clear_pointer (&self->warning, g_free);

  G_OBJECT_CLASS (hy_database_parent_class)->finalize (object);
}

static void
hy_database_class_init (HyDatabaseClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = hy_database_finalize;
}

static void
hy_database_init (HyDatabase *self)
{
  self->statements = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) sqlite3_finalize);
}

void
_hy_database_set_error (HyDatabase  *self,
                        int          rc,
                        GError     **error,
                        const char  *doing)
{
  const char *detail = self->handle != NULL ? sqlite3_errmsg (self->handle) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, HY_ERROR, HY_ERROR_BUSY,
                   _("%s: the database is busy because another program is writing to it; try again in a moment"),
                   doing);
      break;

    case SQLITE_CORRUPT:
      g_set_error (error, HY_ERROR, HY_ERROR_CORRUPT,
                   _("%s: the database file “%s” is damaged (%s). Huiyuan has not changed it; restore it from a backup"),
                   doing, self->path, detail);
      break;

    case SQLITE_NOTADB:
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_A_DATABASE,
                   _("%s: “%s” is not a database (%s)"), doing, self->path, detail);
      break;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, HY_ERROR, HY_ERROR_READ_ONLY,
                   _("%s: the database “%s” cannot be written (%s)"), doing, self->path, detail);
      break;

    case SQLITE_CONSTRAINT:
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT, "%s: %s", doing, detail);
      break;

    case SQLITE_FULL:
      g_set_error (error, HY_ERROR, HY_ERROR_DATABASE,
                   _("%s: the disk is full; nothing was written"), doing);
      break;

    default:
      g_set_error (error, HY_ERROR, HY_ERROR_DATABASE, "%s: %s", doing, detail);
      break;
    }
}

sqlite3 *
_hy_database_get_handle (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  return self->handle;
}

sqlite3_stmt *
_hy_database_prepare (HyDatabase  *self,
                      const char  *sql,
                      GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _hy_database_set_error (self, rc, error, _("Could not prepare a query"));
      g_warning ("Failed to prepare “%s”: %s", sql, sqlite3_errmsg (self->handle));
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_hy_database_step_done (HyDatabase    *self,
                        sqlite3_stmt  *stmt,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  _hy_database_set_error (self, rc, error, _("Could not write to the database"));
  return FALSE;
}

gboolean
_hy_database_exec (HyDatabase  *self,
                   const char  *sql,
                   GError     **error)
{
  char *message = NULL;
  int rc;

  rc = sqlite3_exec (self->handle, sql, NULL, NULL, &message);
  sqlite3_free (message);
  if (rc == SQLITE_OK)
    return TRUE;

  _hy_database_set_error (self, rc, error, _("Could not run a database command"));
  return FALSE;
}

/* Sets the connection's page cache to @kib KiB and returns what it was (PRAGMA cache_size's
 * value: negative for KiB, positive for pages), to give back with
 * _hy_database_restore_cache_size (). */
gint64
_hy_database_set_cache_kib (HyDatabase *self,
                            gint64      kib)
{
  sqlite3_stmt *stmt = NULL;
  gint64 previous = -2000;   /* SQLite's default */
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, -kib);

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA cache_size", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    previous = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
  return previous;
}

void
_hy_database_restore_cache_size (HyDatabase *self,
                                 gint64      previous)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA cache_size = %" G_GINT64_FORMAT, previous);

  sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
}

gboolean
_hy_database_in_transaction (HyDatabase *self)
{
  return self->depth > 0;
}

gboolean
hy_database_begin (HyDatabase  *self,
                   GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (self), FALSE);

  /* IMMEDIATE takes the write lock up front, so that two tills never deadlock half-way. */
  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT hy_%u", self->depth);

  if (!_hy_database_exec (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

gboolean
hy_database_commit (HyDatabase  *self,
                    GError     **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE hy_%u", self->depth - 1);

  if (!_hy_database_exec (self, sql, error))
    {
      /* A failed COMMIT may leave the transaction open: undo it, so the file is as it was. */
      hy_database_rollback (self);
      return FALSE;
    }

  self->depth--;
  return TRUE;
}

void
hy_database_rollback (HyDatabase *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (HY_IS_DATABASE (self));
  g_return_if_fail (self->depth > 0);

  self->depth--;
  if (self->depth == 0)
    {
      /* SQLite may already have rolled back by itself after an I/O error. */
      if (!sqlite3_get_autocommit (self->handle))
        sqlite3_exec (self->handle, "ROLLBACK", NULL, NULL, NULL);
      return;
    }

  sql = g_strdup_printf ("ROLLBACK TO hy_%u; RELEASE hy_%u", self->depth, self->depth);
  sqlite3_exec (self->handle, sql, NULL, NULL, NULL);
}

static gboolean
query_int (HyDatabase  *self,
           const char  *sql,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->handle, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }

  sqlite3_finalize (stmt);
  _hy_database_set_error (self, rc, error, _("Could not read the database"));
  return FALSE;
}

gboolean
hy_filesystem_type_is_remote (const char *fs_type)
{
  static const char * const remote_types[] = {
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "ncpfs", "afs", "coda", "9p",
    "sshfs", "davfs", "glusterfs", "ceph", "lustre", "gfs2", "ocfs2", "afpfs", "webdav",
  };
  const char *dot;

  if (fs_type == NULL)
    return FALSE;

  /* FUSE file systems report themselves as "fuse.sshfs" and the like. */
  dot = strchr (fs_type, '.');
  if (dot != NULL && g_str_has_prefix (fs_type, "fuse"))
    fs_type = dot + 1;

  for (guint i = 0; i < G_N_ELEMENTS (remote_types); i++)
    if (g_ascii_strcasecmp (fs_type, remote_types[i]) == 0)
      return TRUE;

  return FALSE;
}

gboolean
hy_path_is_on_remote_filesystem (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dir = g_file_get_parent (file);
  g_autoptr(GFileInfo) info = NULL;

  info = g_file_query_filesystem_info (dir != NULL ? dir : file,
                                       G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE ","
                                       G_FILE_ATTRIBUTE_FILESYSTEM_TYPE,
                                       NULL, NULL);
  if (info == NULL)
    return FALSE;

  return g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_FILESYSTEM_REMOTE) ||
         hy_filesystem_type_is_remote (g_file_info_get_attribute_string (info, G_FILE_ATTRIBUTE_FILESYSTEM_TYPE));
}

/* Looks at the first bytes of an existing file before SQLite touches it, so that a stray
 * spreadsheet or a damaged header is reported and left exactly as it was. */
static gboolean
check_file_header (const char  *path,
                   gboolean    *out_empty,
                   GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autofree char *display = g_filename_display_name (path);
  char header[100];
  FILE *fp;
  size_t n;

  *out_empty = FALSE;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” is a folder, not a database file"), display);
      return FALSE;
    }

  fp = g_fopen (path, "rb");
  if (fp == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, HY_ERROR, saved_errno == EACCES ? HY_ERROR_READ_ONLY : HY_ERROR_NOT_FOUND,
                   _("Could not open “%s”: %s"), display, g_strerror (saved_errno));
      return FALSE;
    }
  n = fread (header, 1, sizeof header, fp);
  fclose (fp);

  if (n == 0)
    {
      *out_empty = TRUE;
      return TRUE;
    }

  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_A_DATABASE,
                   _("“%s” is not a Huiyuan database (it is not an SQLite file); it was left untouched"),
                   display);
      return FALSE;
    }

  return TRUE;
}

static gboolean
bootstrap_new_database (HyDatabase  *self,
                        GError     **error)
{
  static const char insert_setting[] =
    "INSERT OR IGNORE INTO settings (key, value) VALUES (?1, ?2)";
  static const char insert_store[] =
    "INSERT INTO stores (uid, code, name, created_at) VALUES (?1, 'S01', '', ?2)";
  guint8 uid[16];
  char uid_text[HY_UUID_STRING_LEN + 1];
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  const char *tz_name = g_time_zone_get_identifier (local);
  sqlite3_stmt *stmt;

  hy_uuid_generate (uid);
  hy_uuid_to_string (uid, uid_text);

  if (!(stmt = _hy_database_prepare (self, insert_setting, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, "store.uid", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, uid_text, -1, SQLITE_TRANSIENT);
  if (!_hy_database_step_done (self, stmt, error))
    return FALSE;

  /* A new database takes the computer's time zone when it has a real name. */
  if (tz_name != NULL && strchr (tz_name, '/') != NULL)
    {
      if (!(stmt = _hy_database_prepare (self, insert_setting, error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, "time_zone", -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, tz_name, -1, SQLITE_TRANSIENT);
      if (!_hy_database_step_done (self, stmt, error))
        return FALSE;
    }

  if (!(stmt = _hy_database_prepare (self, insert_store, error)))
    return FALSE;
  hy_uuid_generate (uid);
  sqlite3_bind_blob (stmt, 1, uid, sizeof uid, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, hy_time_now ());
  return _hy_database_step_done (self, stmt, error);
}

/* Fails when any row references a row that is not there. */
static gboolean
check_foreign_keys (HyDatabase  *self,
                    GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA foreign_key_check", -1, &stmt, NULL) != SQLITE_OK)
    {
      _hy_database_set_error (self, sqlite3_errcode (self->handle), error,
                              _("Could not check the foreign keys"));
      return FALSE;
    }
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    g_set_error (error, HY_ERROR, HY_ERROR_INCONSISTENT,
                 _("A row of table %s references a missing row of table %s"),
                 (const char *) sqlite3_column_text (stmt, 0), (const char *) sqlite3_column_text (stmt, 2));
  else if (rc != SQLITE_DONE)
    _hy_database_set_error (self, rc, error, _("Could not check the foreign keys"));
  sqlite3_finalize (stmt);

  return rc == SQLITE_DONE;
}

static gboolean
migrate (HyDatabase  *self,
         GError     **error)
{
  const HyMigration *migrations;
  guint n_migrations;

  migrations = _hy_schema_get_migrations (&n_migrations);

  for (guint i = 0; i < n_migrations; i++)
    {
      g_autofree char *bump = NULL;
      gint64 version;

      if (migrations[i].version <= self->schema_version)
        continue;

      /* A migration that rebuilds a table others reference runs with foreign keys off (they
       * cannot be switched inside a transaction) and proves them whole before it commits: the
       * procedure of https://sqlite.org/lang_altertable.html#otheralter. */
      if (migrations[i].rebuilds_tables &&
          !_hy_database_exec (self, "PRAGMA foreign_keys = OFF", error))
        return FALSE;

      if (!hy_database_begin (self, error))
        goto restore;

      /* Another process may have migrated while we waited for the write lock. */
      if (!query_int (self, "PRAGMA user_version", &version, error))
        goto failed;
      if (version >= migrations[i].version)
        {
          self->schema_version = version;
          if (!hy_database_commit (self, error))
            goto restore;
          if (migrations[i].rebuilds_tables && !_hy_database_exec (self, "PRAGMA foreign_keys = ON", error))
            return FALSE;
          continue;
        }

      bump = g_strdup_printf ("PRAGMA user_version = %d; PRAGMA application_id = %d",
                              migrations[i].version, HY_SCHEMA_APPLICATION_ID);
      if (!_hy_database_exec (self, migrations[i].sql, error) ||
          (migrations[i].version == 1 && !bootstrap_new_database (self, error)) ||
          !_hy_database_exec (self, bump, error) ||
          (migrations[i].rebuilds_tables && !check_foreign_keys (self, error)))
        goto failed;

      if (!hy_database_commit (self, error))
        goto restore;
      if (migrations[i].rebuilds_tables && !_hy_database_exec (self, "PRAGMA foreign_keys = ON", error))
        return FALSE;
      self->schema_version = migrations[i].version;
      continue;

    failed:
      hy_database_rollback (self);
      g_prefix_error (error, _("Could not upgrade the database to version %d: "), migrations[i].version);
    restore:
      if (migrations[i].rebuilds_tables)
        _hy_database_exec (self, "PRAGMA foreign_keys = ON", NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
load_store_identity (HyDatabase  *self,
                     GError     **error)
{
  static const char select_store[] = "SELECT id FROM stores WHERE code = ?1";
  g_autofree char *code = NULL;
  sqlite3_stmt *stmt;

  self->store_uid = hy_database_dup_setting (self, "store.uid");
  code = hy_database_dup_setting (self, "store.code");

  if (!(stmt = _hy_database_prepare (self, select_store, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->default_store = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  return TRUE;
}

/* Reads what identifies the file before anything is written to it. */
static gboolean
validate_existing (HyDatabase  *self,
                   gboolean     empty,
                   GError     **error)
{
  g_autofree char *display = g_filename_display_name (self->path);
  gint64 app_id = 0;
  gint64 version = 0;
  gint64 n_objects = 0;

  if (!query_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error) ||
      !query_int (self, "PRAGMA application_id", &app_id, error) ||
      !query_int (self, "PRAGMA user_version", &version, error))
    return FALSE;

  if (app_id != HY_SCHEMA_APPLICATION_ID && (n_objects > 0 || version != 0) && !empty)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_A_DATABASE,
                   _("“%s” is a database of another program, not a Huiyuan database; it was left untouched"),
                   display);
      return FALSE;
    }

  if (version > hy_database_get_latest_version ())
    {
      g_set_error (error, HY_ERROR, HY_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Huiyuan (database version %d; this version understands up to %d). Update Huiyuan to open it; the file was left untouched"),
                   display, (int) version, hy_database_get_latest_version ());
      return FALSE;
    }

  self->schema_version = version;
  return TRUE;
}

static gboolean
configure_connection (HyDatabase           *self,
                      HyDatabaseOpenFlags   flags,
                      GError              **error)
{
  /* WAL needs shared memory, which network file systems do not provide reliably. */
  const char *journal = self->remote ? "PRAGMA journal_mode = DELETE" : "PRAGMA journal_mode = WAL";

  if (!_hy_database_exec (self,
                          "PRAGMA foreign_keys = ON;"
                          "PRAGMA temp_store = MEMORY;"
                          "PRAGMA cache_size = -65536;",
                          error))
    return FALSE;

  /* A connection kept open all day for a few rows at a time (the members list) would fill its
   * 64 MB as the clerk searches, and its map of the file, resident for nothing: the kernel
   * caches the file anyway. */
  if ((flags & HY_DATABASE_OPEN_SMALL_CACHE) != 0)
    {
      if (!_hy_database_exec (self, "PRAGMA cache_size = -8192", error))
        return FALSE;
    }
  else if (!self->remote && !_hy_database_exec (self, "PRAGMA mmap_size = 268435456", error))
    return FALSE;

  if ((flags & HY_DATABASE_OPEN_READ_ONLY) != 0)
    return TRUE;

  return _hy_database_exec (self, journal, error) &&
         _hy_database_exec (self, "PRAGMA synchronous = FULL", error);
}

sqlite3 *
_hy_database_open_reader (HyDatabase *self)
{
  sqlite3 *reader = NULL;

  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  if (self->remote || self->path == NULL || self->depth > 0 ||
      !sqlite3_get_autocommit (self->handle))
    return NULL;

  if (sqlite3_open_v2 (self->path, &reader,
                       SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
                       NULL) != SQLITE_OK ||
      sqlite3_exec (reader, "PRAGMA mmap_size = 268435456", NULL, NULL, NULL) != SQLITE_OK)
    {
      sqlite3_close (reader);
      return NULL;
    }
  sqlite3_busy_timeout (reader, 5000);
  return reader;
}

/* SQLite keeps memory statistics behind a global mutex by default; we never read them, and the
 * lock costs a few percent of every bulk insert. */
static void
configure_sqlite_once (void)
{
  static gsize configured;

  if (g_once_init_enter (&configured))
    {
      sqlite3_config (SQLITE_CONFIG_MEMSTATUS, 0);
      g_once_init_leave (&configured, 1);
    }
}

HyDatabase *
hy_database_open (const char           *path,
                  HyDatabaseOpenFlags   flags,
                  GError              **error)
{
  g_autoptr(HyDatabase) self = NULL;
  g_autofree char *display = NULL;
  gboolean read_only = (flags & HY_DATABASE_OPEN_READ_ONLY) != 0;
  gboolean empty = TRUE;
  int open_flags;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  configure_sqlite_once ();
  display = g_filename_display_name (path);

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    {
      if (!check_file_header (path, &empty, error))
        return NULL;
    }
  else if ((flags & HY_DATABASE_OPEN_CREATE) == 0 || read_only)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND,
                   _("There is no database at “%s”"), display);
      return NULL;
    }

  self = g_object_new (HY_TYPE_DATABASE, NULL);
  self->path = g_strdup (path);
  self->remote = hy_path_is_on_remote_filesystem (path);
  if (self->remote)
    self->warning = g_strdup_printf (_("“%s” is on a network share. Databases on network shares can be damaged when two computers write at once or the connection drops; keep the database on this computer and use sync or backups to share it."),
                                     display);

  open_flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  open_flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  rc = sqlite3_open_v2 (path, &self->handle, open_flags, NULL);
  if (rc != SQLITE_OK)
    {
      _hy_database_set_error (self, rc, error, _("Could not open the database"));
      return NULL;
    }
  sqlite3_busy_timeout (self->handle, 5000);

  if (!validate_existing (self, empty, error))
    return NULL;

  if (read_only && self->schema_version < hy_database_get_latest_version ())
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NEEDS_UPGRADE,
                   _("“%s” was written by an older version of Huiyuan and must be upgraded, which needs write access"),
                   display);
      return NULL;
    }

  if (!configure_connection (self, flags, error))
    return NULL;

  if (!read_only && !migrate (self, error))
    return NULL;

  if (!load_store_identity (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

const char *
hy_database_get_path (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  return self->path;
}

int
hy_database_get_schema_version (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), 0);

  return self->schema_version;
}

int
hy_database_get_latest_version (void)
{
  const HyMigration *migrations;
  guint n_migrations;

  migrations = _hy_schema_get_migrations (&n_migrations);
  return migrations[n_migrations - 1].version;
}

gboolean
hy_database_is_remote (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), FALSE);

  return self->remote;
}

/* A warning the user should see once the database is open (network share), or NULL. */
const char *
hy_database_get_warning (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  return self->warning;
}

const char *
hy_database_get_store_uid (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  return self->store_uid;
}

gint64
hy_database_get_default_store (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), 0);

  return self->default_store;
}

GTimeZone *
hy_database_get_time_zone (HyDatabase *self)
{
  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);

  if (self->time_zone == NULL)
    {
      g_autofree char *name = hy_database_dup_setting (self, "time_zone");

      self->time_zone = g_time_zone_new_identifier (name);
      if (self->time_zone == NULL)
        {
          g_warning ("Unknown time zone “%s” in settings; using UTC+8", name);
          self->time_zone = g_time_zone_new_identifier ("+08:00");
        }
    }

  return self->time_zone;
}

char *
hy_database_dup_setting (HyDatabase *self,
                         const char *key)
{
  static const char select_setting[] = "SELECT value FROM settings WHERE key = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  stmt = _hy_database_prepare (self, select_setting, NULL);
  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          char *value = g_strdup (_hy_column_text (stmt, 0));

          sqlite3_reset (stmt);
          return value;
        }
      sqlite3_reset (stmt);
    }

  for (guint i = 0; i < G_N_ELEMENTS (setting_defaults); i++)
    if (g_str_equal (setting_defaults[i].key, key))
      return g_strdup (setting_defaults[i].value);

  return NULL;
}

gboolean
hy_database_set_setting (HyDatabase  *self,
                         const char  *key,
                         const char  *value,
                         GError     **error)
{
  static const char upsert_setting[] =
    "INSERT INTO settings (key, value) VALUES (?1, ?2)"
    " ON CONFLICT (key) DO UPDATE SET value = excluded.value";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (g_str_equal (key, "time_zone"))
    {
      g_autoptr(GTimeZone) tz = g_time_zone_new_identifier (value);

      if (tz == NULL)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                       _("“%s” is not a time zone; use a name such as Asia/Shanghai"), value);
          return FALSE;
        }
    }

  if (!(stmt = _hy_database_prepare (self, upsert_setting, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_TRANSIENT);
  if (!_hy_database_step_done (self, stmt, error))
    return FALSE;

  if (g_str_equal (key, "time_zone"))
    g_clear_pointer (&self->time_zone, g_time_zone_unref);

  return TRUE;
}

gboolean
hy_database_backup (HyDatabase      *self,
                    const char      *dest_path,
                    HyProgressFunc   progress,
                    gpointer         progress_data,
                    GCancellable    *cancellable,
                    GError         **error)
{
  g_autofree char *display = NULL;
  g_autofree char *partial = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (self), FALSE);
  g_return_val_if_fail (dest_path != NULL, FALSE);

  display = g_filename_display_name (dest_path);
  if (g_file_test (dest_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT,
                   _("“%s” already exists; choose a new file name for the backup"), display);
      return FALSE;
    }

  /* Write next to the destination and rename at the end, so that a cancelled or failed backup
   * never leaves a half-written file under the name the user chose. */
  partial = g_strconcat (dest_path, ".partial", NULL);
  g_unlink (partial);

  rc = sqlite3_open_v2 (partial, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_READ_ONLY,
                   _("Could not create the backup “%s”: %s"), display, sqlite3_errstr (rc));
      sqlite3_close (dest);
      return FALSE;
    }

  backup = sqlite3_backup_init (dest, "main", self->handle, "main");
  if (backup == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_DATABASE,
                   _("Could not start the backup: %s"), sqlite3_errmsg (dest));
      goto failed;
    }

  do
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_backup_finish (backup);
          goto failed;
        }
      rc = sqlite3_backup_step (backup, 1024);
      if (progress != NULL)
        {
          int total = sqlite3_backup_pagecount (backup);

          progress (total - sqlite3_backup_remaining (backup), total, progress_data);
        }
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);

  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_DATABASE,
                   _("The backup failed: %s"), sqlite3_errstr (rc));
      goto failed;
    }

  /* A backup is one self-contained file: no -wal beside it. */
  rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
  sqlite3_close (dest);
  dest = NULL;
  if (rc != SQLITE_OK || g_rename (partial, dest_path) != 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_DATABASE,
                   _("Could not finish the backup “%s”"), display);
      goto failed;
    }

  return TRUE;

failed:
  sqlite3_close (dest);
  g_unlink (partial);
  return FALSE;
}

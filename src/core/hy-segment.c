/* hy-segment.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A segment's SQL is put together from the fixed fragments below: the field and the operator
 * choose fragments, the value is only ever bound.  That is the one place SQL is assembled at run
 * time, and no text from the user reaches it.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "hy-analysis.h"
#include "hy-csv-writer.h"
#include "hy-database-private.h"
#include "hy-error.h"
#include "hy-segment.h"
#include "hy-time.h"
#include "hy-warnings.h"

typedef enum
{
  VALUE_INT,
  VALUE_ID,         /* a tier's or a store's id: equal or not, no order */
  VALUE_SHARE,      /* 0 .. 1, or 0% .. 100% */
  VALUE_TEXT,
  VALUE_STAGE,
  VALUE_CLASS,
  VALUE_RULE,
} ValueKind;

typedef enum
{
  SNAP_NONE,
  SNAP_STAGE,
  SNAP_CLASS,
  SNAP_R,
  SNAP_F,
  SNAP_M,
  SNAP_WARNING,
  SNAP_P_ALIVE,     /* from the snapshot's customer model */
  SNAP_CLV,
} SnapshotField;

typedef struct
{
  const char   *name;
  ValueKind     kind;
  SnapshotField snapshot;     /* SNAP_NONE: compiled to SQL */
  const char   *sql;          /* before the operator and "?"; NULL for the EXISTS kind */
  const char   *exists;       /* "= value" is EXISTS (this), "!=" NOT EXISTS */
  gboolean      needs_now;    /* sql starts with a "?" bound to now */
} Field;

static const Field fields[] = {
  { "tier", VALUE_ID, SNAP_NONE,
    "(SELECT h.to_tier_id FROM tier_history h WHERE h.member_id = m.id ORDER BY h.id DESC LIMIT 1)", NULL, FALSE },
  { "tag", VALUE_TEXT, SNAP_NONE, NULL,
    "SELECT 1 FROM member_tags t WHERE t.member_id = m.id AND t.tag = ?", FALSE },
  { "spend", VALUE_INT, SNAP_NONE, "coalesce (s.net_spend, 0)", NULL, FALSE },
  { "visits", VALUE_INT, SNAP_NONE, "coalesce (s.purchase_days, 0)", NULL, FALSE },
  { "last_purchase", VALUE_INT, SNAP_NONE, "(? - s.last_purchase_at) / 86400", NULL, TRUE },
  { "birth_month", VALUE_INT, SNAP_NONE, "m.birth_month", NULL, FALSE },
  { "store", VALUE_ID, SNAP_NONE, "m.home_store_id", NULL, FALSE },
  { "category", VALUE_TEXT, SNAP_NONE, NULL,
    "SELECT 1 FROM transactions x JOIN transaction_items i ON i.transaction_id = x.id"
    " WHERE x.member_id = m.id AND x.kind = 0 AND i.category = ?", FALSE },
  { "stage", VALUE_STAGE, SNAP_STAGE, NULL, NULL, FALSE },
  { "rfm_class", VALUE_CLASS, SNAP_CLASS, NULL, NULL, FALSE },
  { "r_score", VALUE_INT, SNAP_R, NULL, NULL, FALSE },
  { "f_score", VALUE_INT, SNAP_F, NULL, NULL, FALSE },
  { "m_score", VALUE_INT, SNAP_M, NULL, NULL, FALSE },
  { "warning", VALUE_RULE, SNAP_WARNING, NULL, NULL, FALSE },
  { "p_alive", VALUE_SHARE, SNAP_P_ALIVE, NULL, NULL, FALSE },
  { "clv", VALUE_INT, SNAP_CLV, NULL, NULL, FALSE },
};

/* The horizon of the expected purchases read along with P(alive) and CLV; neither depends on it. */
#define FORECAST_DAYS 365

typedef enum { OP_EQ, OP_NE, OP_LT, OP_LE, OP_GT, OP_GE } Op;

/* Longest first, so that "<=" is not read as "<". */
static const struct { const char *text; Op op; } ops[] = {
  { "!=", OP_NE }, { "<=", OP_LE }, { ">=", OP_GE }, { "=", OP_EQ }, { "<", OP_LT }, { ">", OP_GT },
};
static const char * const op_sql[] = { " = ?", " <> ?", " < ?", " <= ?", " > ?", " >= ?" };

typedef struct
{
  const Field *field;
  Op           op;
  char        *text;      /* as written, for saving */
  char        *value;
  gint64       number;    /* the value as a number or an enum */
  double       share;     /* VALUE_SHARE: the value as a fraction */
} Condition;

struct _HySegment
{
  GArray *conditions;
};

static void
condition_clear (gpointer p)
{
  Condition *c = p;

  g_free (c->text);
  g_free (c->value);
}

HySegment *
hy_segment_new (void)
{
  HySegment *segment = g_new0 (HySegment, 1);

  segment->conditions = g_array_new (FALSE, TRUE, sizeof (Condition));
  g_array_set_clear_func (segment->conditions, condition_clear);
  return segment;
}

void
hy_segment_free (HySegment *segment)
{
  if (segment == NULL)
    return;

  g_array_unref (segment->conditions);
  g_free (segment);
}

static gboolean
parse_enum (const Field *field,
            const char  *value,
            gint64      *out)
{
  guint n = field->kind == VALUE_STAGE ? HY_N_STAGES
          : field->kind == VALUE_CLASS ? HY_RFM_N_CLASSES : HY_N_WARNING_RULES;

  for (guint i = 0; i < n; i++)
    {
      const char *name = field->kind == VALUE_STAGE ? hy_stage_to_string (i)
                       : field->kind == VALUE_CLASS ? hy_rfm_class_to_string (i)
                       : hy_warning_rule_to_string (i);

      if (g_strcmp0 (name, value) == 0)
        {
          *out = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* "0.3" or "30%", into 0 .. 1. */
static gboolean
parse_share (const char *value,
             double     *out)
{
  char *end = NULL;
  double number;

  if (value[0] == '\0' || g_ascii_isspace (value[0]))
    return FALSE;
  number = g_ascii_strtod (value, &end);
  while (g_ascii_isspace (*end))
    end++;
  if (*end == '%')
    {
      number /= 100;
      end++;
    }
  if (*end != '\0' || !(number >= 0 && number <= 1))
    return FALSE;
  *out = number;
  return TRUE;
}

static gboolean
parse_value (Condition *c)
{
  switch (c->field->kind)
    {
    case VALUE_INT:
    case VALUE_ID: return g_ascii_string_to_signed (c->value, 10, G_MININT64, G_MAXINT64, &c->number, NULL);
    case VALUE_SHARE: return parse_share (c->value, &c->share);
    case VALUE_TEXT: return c->value[0] != '\0';
    case VALUE_STAGE:
    case VALUE_CLASS:
    case VALUE_RULE: return parse_enum (c->field, c->value, &c->number);
    default: g_assert_not_reached ();
    }
}

gboolean
hy_segment_add_condition (HySegment   *segment,
                          const char  *text,
                          GError     **error)
{
  Condition c = { NULL, OP_EQ, NULL, NULL, 0, 0 };
  const char *p = text;
  gsize len = 0;

  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  while (g_ascii_isspace (*p))
    p++;
  while (g_ascii_isalpha (p[len]) || p[len] == '_')
    len++;
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (strlen (fields[i].name) == len && strncmp (fields[i].name, p, len) == 0)
      c.field = &fields[i];
  if (c.field == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” does not start with a segment field (tier, tag, spend, visits, last_purchase, birth_month, store, category, stage, rfm_class, r_score, f_score, m_score, warning, p_alive, clv)"),
                   text);
      return FALSE;
    }
  p += len;
  while (g_ascii_isspace (*p))
    p++;
  len = 0;
  for (guint i = 0; i < G_N_ELEMENTS (ops) && len == 0; i++)
    if (g_str_has_prefix (p, ops[i].text))
      {
        c.op = ops[i].op;
        len = strlen (ops[i].text);
      }
  if (len == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("“%s” has no comparison; use =, !=, <, <=, > or >="), text);
      return FALSE;
    }
  c.value = g_strstrip (g_strdup (p + len));

  if (!parse_value (&c))
    {
      if (c.field->kind == VALUE_SHARE)
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                     _("“%s” is not a value for %s: write a share from 0 to 1, like 0.3, or a percentage, like 30%%"),
                     c.value, c.field->name);
      else
        g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("“%s” is not a value for %s"), c.value,
                     c.field->name);
      g_free (c.value);
      return FALSE;
    }
  if (c.field->kind != VALUE_INT && c.field->kind != VALUE_SHARE && c.op != OP_EQ && c.op != OP_NE)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("%s can only be compared with = or !="),
                   c.field->name);
      g_free (c.value);
      return FALSE;
    }

  c.text = g_strdup (text);
  g_array_append_val (segment->conditions, c);
  return TRUE;
}

gboolean
hy_segment_needs_snapshot (HySegment *segment)
{
  g_return_val_if_fail (segment != NULL, FALSE);

  for (guint i = 0; i < segment->conditions->len; i++)
    if (g_array_index (segment->conditions, Condition, i).field->snapshot != SNAP_NONE)
      return TRUE;
  return FALSE;
}

guint
hy_segment_get_n_conditions (HySegment *segment)
{
  g_return_val_if_fail (segment != NULL, 0);

  return segment->conditions->len;
}

/**
 * hy_segment_get_condition:
 * @out_op: (out) (optional): "=", "!=", "<", "<=", ">" or ">="
 * @out_value: (out) (optional): the value as written, without the spaces around it
 *
 * Returns: (transfer none): the condition as it was added, or NULL past the last one
 */
const char *
hy_segment_get_condition (HySegment   *segment,
                          guint        index,
                          const char **out_field,
                          const char **out_op,
                          const char **out_value)
{
  const Condition *c;

  g_return_val_if_fail (segment != NULL, NULL);

  if (index >= segment->conditions->len)
    return NULL;
  c = &g_array_index (segment->conditions, Condition, index);
  if (out_field != NULL)
    *out_field = c->field->name;
  for (guint i = 0; out_op != NULL && i < G_N_ELEMENTS (ops); i++)
    if (ops[i].op == c->op)
      *out_op = ops[i].text;
  if (out_value != NULL)
    *out_value = c->value;
  return c->text;
}

char *
_hy_segment_get_sql (HySegment *segment)
{
  GString *sql = g_string_new ("SELECT m.id FROM members m"
                               " LEFT JOIN member_stats s ON s.member_id = m.id"
                               " WHERE m.merged_into IS NULL");

  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const Condition *c = &g_array_index (segment->conditions, Condition, i);

      if (c->field->snapshot != SNAP_NONE)
        continue;
      g_string_append (sql, " AND (");
      if (c->field->exists != NULL)
        {
          g_string_append (sql, c->op == OP_EQ ? "EXISTS (" : "NOT EXISTS (");
          g_string_append (sql, c->field->exists);
          g_string_append (sql, ")");
        }
      else
        {
          g_string_append (sql, c->field->sql);
          g_string_append (sql, op_sql[c->op]);
        }
      g_string_append (sql, ")");
    }
  g_string_append (sql, " ORDER BY m.id");
  return g_string_free (sql, FALSE);
}

/* Compares doubles too: every gint64 given is far below 2^53. */
static gboolean
compare (Op     op,
         double a,
         double b)
{
  switch (op)
    {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    default: g_assert_not_reached ();
    }
}

static gboolean
has_warning (const HySnapshotMember *m,
             gint64                  rule)
{
  for (guint k = 0; k < m->warnings->len; k++)
    if (((const HyWarning *) g_ptr_array_index (m->warnings, k))->rule == (HyWarningRule) rule)
      return TRUE;
  return FALSE;
}

/* P(alive) or CLV: a condition needs the snapshot's customer model. */
static gboolean
needs_model (HySegment *segment,
             gboolean  *needs_spend)
{
  gboolean needs = FALSE;

  *needs_spend = FALSE;
  for (guint i = 0; i < segment->conditions->len; i++)
    {
      SnapshotField field = g_array_index (segment->conditions, Condition, i).field->snapshot;

      needs |= field == SNAP_P_ALIVE || field == SNAP_CLV;
      *needs_spend |= field == SNAP_CLV;
    }
  return needs;
}

static gboolean
check_model (HySegment             *segment,
             const HyCustomerModel *model,
             GError               **error)
{
  gboolean needs_spend;

  if (!needs_model (segment, &needs_spend))
    return TRUE;
  if (model == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("This segment filters on P(alive) or CLV, which come from the customer model, and no model "
                     "has been fitted yet: fit one first with “huiyuan-cli fit”"));
      return FALSE;
    }
  if (needs_spend && !model->has_spend)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("This segment filters on CLV, but the fitted customer model has no spend part (too few "
                     "members have bought twice or more); fit again with “huiyuan-cli fit” when more have"));
      return FALSE;
    }
  return TRUE;
}

static gboolean
snapshot_matches (HySegment          *segment,
                  HyAnalysisSnapshot *snapshot,
                  gint64              member_id)
{
  HySnapshotMember m;
  HySnapshotForecast forecast = { NAN, NAN, NAN };
  gboolean needs_spend;

  if (!hy_analysis_snapshot_get_member (snapshot, member_id, &m))
    return FALSE;
  /* NaN (no purchase, hence no forecast) matches no comparison. */
  if (needs_model (segment, &needs_spend) &&
      !hy_analysis_snapshot_get_forecast (snapshot, member_id, FORECAST_DAYS, &forecast))
    return FALSE;
  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const Condition *c = &g_array_index (segment->conditions, Condition, i);
      gboolean ok;

      switch (c->field->snapshot)
        {
        case SNAP_NONE: ok = TRUE; break;
        case SNAP_STAGE: ok = compare (c->op, m.stage, c->number); break;
        case SNAP_CLASS: ok = compare (c->op, m.rfm.klass, c->number); break;
        case SNAP_R: ok = m.rfm.r_score > 0 && compare (c->op, m.rfm.r_score, c->number); break;
        case SNAP_F: ok = m.rfm.f_score > 0 && compare (c->op, m.rfm.f_score, c->number); break;
        case SNAP_M: ok = m.rfm.m_score > 0 && compare (c->op, m.rfm.m_score, c->number); break;
        case SNAP_WARNING: ok = has_warning (&m, c->number) == (c->op == OP_EQ); break;
        case SNAP_P_ALIVE: ok = !isnan (forecast.p_alive) && compare (c->op, forecast.p_alive, c->share); break;
        case SNAP_CLV: ok = !isnan (forecast.clv) && compare (c->op, llround (forecast.clv), c->number); break;
        default: g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

GArray *
hy_segment_select (HySegment          *segment,
                   HyDatabase         *db,
                   HyAnalysisSnapshot *snapshot,
                   GError            **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean use_snapshot;
  int rc, param = 1;

  g_return_val_if_fail (segment != NULL, NULL);
  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  use_snapshot = hy_segment_needs_snapshot (segment);
  if (use_snapshot && snapshot == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID,
                   _("This segment filters on analysis results; run the analysis first"));
      return NULL;
    }
  if (use_snapshot && !check_model (segment, hy_analysis_snapshot_get_model (snapshot), error))
    return NULL;

  sql = _hy_segment_get_sql (segment);
  rc = sqlite3_prepare_v2 (_hy_database_get_handle (db), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _hy_database_set_error (db, rc, error, _("Could not select the segment’s members"));
      return NULL;
    }
  for (guint i = 0; i < segment->conditions->len; i++)
    {
      const Condition *c = &g_array_index (segment->conditions, Condition, i);

      if (c->field->snapshot != SNAP_NONE)
        continue;
      if (c->field->needs_now)
        sqlite3_bind_int64 (stmt, param++, hy_time_now ());
      if (c->field->kind == VALUE_TEXT)
        sqlite3_bind_text (stmt, param++, c->value, -1, SQLITE_TRANSIENT);
      else
        sqlite3_bind_int64 (stmt, param++, c->number);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (!use_snapshot || snapshot_matches (segment, snapshot, id))
        g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not select the segment’s members"));
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The segment's conditions as the table segments keeps them: {"conditions": ["spend>=100", ...]}. */
static char *
definition_json (HySegment *segment)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "conditions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < segment->conditions->len; i++)
    json_builder_add_string_value (builder, g_array_index (segment->conditions, Condition, i).text);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

static gboolean
check_name (const char  *name,
            GError     **error)
{
  if (name != NULL && name[0] != '\0')
    return TRUE;
  g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("A segment needs a name"));
  return FALSE;
}

gboolean
hy_segment_save (HySegment   *segment,
                 HyDatabase  *db,
                 const char  *name,
                 GError     **error)
{
  static const char upsert_segment[] =
    "INSERT INTO segments (name, definition, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (name) DO UPDATE SET definition = ?2, updated_at = ?3";
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);

  if (!check_name (name, error))
    return FALSE;
  json = definition_json (segment);
  if (!(stmt = _hy_database_prepare (db, upsert_segment, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, hy_time_now ());
  return _hy_database_step_done (db, stmt, error);
}

/**
 * hy_segment_rename:
 *
 * Saves @segment as @name in place of the saved segment @old_name, in one transaction, so that
 * a failure leaves @old_name as it was.  Fails with HY_ERROR_CONFLICT when another segment is
 * called @name and with HY_ERROR_NOT_FOUND when there is no @old_name.  With @name equal to
 * @old_name it saves the segment's conditions, as hy_segment_save () does.
 */
gboolean
hy_segment_rename (HySegment   *segment,
                   HyDatabase  *db,
                   const char  *old_name,
                   const char  *name,
                   GError     **error)
{
  static const char select_taken[] = "SELECT EXISTS (SELECT 1 FROM segments WHERE name = ?1)";
  static const char rename_segment[] =
    "UPDATE segments SET name = ?2, definition = ?3, updated_at = ?4 WHERE name = ?1";
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  gboolean taken = FALSE;
  int rc;

  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (old_name != NULL, FALSE);

  if (!check_name (name, error))
    return FALSE;
  json = definition_json (segment);
  if (!hy_database_begin (db, error))
    return FALSE;

  if (!g_str_equal (old_name, name))
    {
      if (!(stmt = _hy_database_prepare (db, select_taken, error)))
        goto failed;
      sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        taken = sqlite3_column_int (stmt, 0) != 0;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          _hy_database_set_error (db, rc, error, _("Could not read the segments"));
          goto failed;
        }
      if (taken)
        {
          g_set_error (error, HY_ERROR, HY_ERROR_CONFLICT, _("There is already a segment called “%s”"), name);
          goto failed;
        }
    }

  if (!(stmt = _hy_database_prepare (db, rename_segment, error)))
    goto failed;
  sqlite3_bind_text (stmt, 1, old_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, json, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, hy_time_now ());
  if (!_hy_database_step_done (db, stmt, error))
    goto failed;
  if (sqlite3_changes (_hy_database_get_handle (db)) == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no segment “%s”"), old_name);
      goto failed;
    }
  return hy_database_commit (db, error);

failed:
  hy_database_rollback (db);
  return FALSE;
}

HySegment *
hy_segment_load (HyDatabase  *db,
                 const char  *name,
                 GError     **error)
{
  static const char select_segment[] = "SELECT definition FROM segments WHERE name = ?1";
  g_autoptr(HySegment) segment = hy_segment_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *json = NULL;
  sqlite3_stmt *stmt;
  JsonNode *root;
  JsonArray *conditions = NULL;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(stmt = _hy_database_prepare (db, select_segment, error)))
    return NULL;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strdup (_hy_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no segment “%s”"), name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the segment"));
      return NULL;
    }

  if (json_parser_load_from_data (parser, json, -1, NULL) &&
      (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "conditions"))
    conditions = json_object_get_array_member (json_node_get_object (root), "conditions");
  if (conditions == NULL)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_INVALID, _("The segment “%s” is damaged"), name);
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (conditions); i++)
    if (!hy_segment_add_condition (segment, json_array_get_string_element (conditions, i), error))
      return NULL;

  return g_steal_pointer (&segment);
}

/**
 * hy_segment_select_saved:
 *
 * The members of the saved segment @name as of today, with a fresh analysis snapshot when its
 * conditions need one.
 *
 * Returns: (transfer full) (element-type gint64): the member ids, ascending, or NULL with @error
 */
GArray *
hy_segment_select_saved (HyDatabase  *db,
                         const char  *name,
                         GError     **error)
{
  g_autoptr(HySegment) segment = NULL;
  g_autoptr(HyAnalysisSnapshot) snapshot = NULL;
  HyCustomerModel model;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!(segment = hy_segment_load (db, name, error)) ||
      !hy_segment_open_snapshot (segment, db, &model, &snapshot, error))
    return NULL;
  return hy_segment_select (segment, db, snapshot, error);
}

/**
 * hy_segment_open_snapshot:
 * @model: (out caller-allocates): where the saved customer model is read to; the snapshot
 *   borrows it, so it must outlive the snapshot
 * @out: (out): the snapshot, or NULL when the segment needs none
 *
 * The analysis snapshot as of today that @segment's conditions need, with the saved customer
 * model when they filter on P(alive) or CLV.  Fails, saying how to fit one, when they do and
 * no model has been fitted.
 */
gboolean
hy_segment_open_snapshot (HySegment           *segment,
                          HyDatabase          *db,
                          HyCustomerModel     *model,
                          HyAnalysisSnapshot **out,
                          GError             **error)
{
  gboolean needs_spend, has_model = FALSE;
  gint32 today;

  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (model != NULL && out != NULL, FALSE);

  *out = NULL;
  if (!hy_segment_needs_snapshot (segment))
    return TRUE;
  if (needs_model (segment, &needs_spend))
    {
      has_model = hy_customer_model_load (db, model);
      if (!check_model (segment, has_model ? model : NULL, error))
        return FALSE;
    }
  if ((today = hy_analysis_parse_day (db, NULL, error)) < 0)
    return FALSE;
  *out = hy_analysis_snapshot_new (db, today, has_model ? model : NULL, error);
  return *out != NULL;
}

gboolean
hy_segment_delete (HyDatabase  *db,
                   const char  *name,
                   GError     **error)
{
  static const char delete_segment[] = "DELETE FROM segments WHERE name = ?1";
  sqlite3_stmt *stmt;

  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!(stmt = _hy_database_prepare (db, delete_segment, error)))
    return FALSE;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (!_hy_database_step_done (db, stmt, error))
    return FALSE;
  if (sqlite3_changes (_hy_database_get_handle (db)) == 0)
    {
      g_set_error (error, HY_ERROR, HY_ERROR_NOT_FOUND, _("There is no segment “%s”"), name);
      return FALSE;
    }
  return TRUE;
}

GStrv
hy_segment_list_names (HyDatabase  *db,
                       GError     **error)
{
  static const char select_names[] = "SELECT name FROM segments ORDER BY name";
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (HY_IS_DATABASE (db), NULL);

  if (!(stmt = _hy_database_prepare (db, select_names, error)))
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (names, g_strdup (_hy_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      _hy_database_set_error (db, rc, error, _("Could not read the segments"));
      return NULL;
    }

  g_ptr_array_add (names, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE);
}

gboolean
hy_segment_export_csv (HySegment          *segment,
                       HyDatabase         *db,
                       HyAnalysisSnapshot *snapshot,
                       const char         *path,
                       guint64            *out_count,
                       GError            **error)
{
  static const char select_member[] =
    "SELECT m.name, m.joined_at, coalesce (s.net_spend, 0), coalesce (s.purchase_days, 0)"
    "  FROM members m LEFT JOIN member_stats s ON s.member_id = m.id WHERE m.id = ?1";
  static const char * const header[] = { "id", "name", "joined", "net_spend", "purchase_days" };
  g_autoptr(GArray) ids = NULL;
  HyCsvWriter *writer;
  GTimeZone *tz;

  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (HY_IS_DATABASE (db), FALSE);

  if (!(ids = hy_segment_select (segment, db, snapshot, error)) ||
      !(writer = hy_csv_writer_new (path, FALSE, error)))
    return FALSE;

  tz = hy_database_get_time_zone (db);
  for (guint i = 0; i < G_N_ELEMENTS (header); i++)
    hy_csv_writer_text (writer, header[i]);
  hy_csv_writer_end_row (writer);
  for (guint k = 0; k < ids->len; k++)
    {
      sqlite3_stmt *stmt = _hy_database_prepare (db, select_member, error);
      int rc;

      if (stmt == NULL)
        {
          hy_csv_writer_abandon (writer);
          return FALSE;
        }
      sqlite3_bind_int64 (stmt, 1, g_array_index (ids, gint64, k));
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (sqlite3_column_int64 (stmt, 1));
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          g_autofree char *joined = g_date_time_format (local, "%Y-%m-%d");

          hy_csv_writer_int (writer, g_array_index (ids, gint64, k));
          hy_csv_writer_text (writer, _hy_column_text (stmt, 0));
          hy_csv_writer_text (writer, joined);
          hy_csv_writer_money (writer, sqlite3_column_int64 (stmt, 2));
          hy_csv_writer_int (writer, sqlite3_column_int64 (stmt, 3));
          hy_csv_writer_end_row (writer);
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          hy_csv_writer_abandon (writer);
          _hy_database_set_error (db, rc, error, _("Could not read the segment’s members"));
          return FALSE;
        }
    }

  if (out_count != NULL)
    *out_count = ids->len;
  return hy_csv_writer_finish (writer, error);
}

/* hy-parallel.c
 *
 * Copyright 2026 The Huiyuan authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "hy-parallel-private.h"

#define MAX_THREADS 16
/* Work is handed out in pieces of about n / (threads * PIECES_PER_THREAD), so that a thread
 * that drew cheap items takes more of them: the cost per customer varies tenfold. */
#define PIECES_PER_THREAD 32
#define MIN_PIECE         256

typedef struct
{
  HyRangeFunc func;
  gpointer    user_data;
  gsize       n;
  gsize       piece;
  gsize       next;    /* atomic */
} Work;

static gpointer
work_run (gpointer data)
{
  Work *work = data;

  for (;;)
    {
      gsize begin = g_atomic_pointer_add (&work->next, work->piece);

      if (begin >= work->n)
        break;
      work->func (begin, MIN (begin + work->piece, work->n), work->user_data);
    }
  return NULL;
}

void
_hy_parallel_for (gsize       n,
                  gsize       min_parallel,
                  HyRangeFunc func,
                  gpointer    user_data)
{
  GThread *threads[MAX_THREADS];
  guint n_threads = 1;
  Work work;

  g_return_if_fail (func != NULL);

  if (n < min_parallel || n < 2)
    {
      if (n > 0)
        func (0, n, user_data);
      return;
    }

  n_threads = CLAMP (g_get_num_processors (), 1, MAX_THREADS);
  work = (Work) { func, user_data, n, MAX (n / (n_threads * PIECES_PER_THREAD), MIN_PIECE), 0 };

  for (guint i = 1; i < n_threads; i++)
    threads[i] = g_thread_new ("hy-parallel", work_run, &work);
  work_run (&work);
  for (guint i = 1; i < n_threads; i++)
    g_thread_join (threads[i]);
}

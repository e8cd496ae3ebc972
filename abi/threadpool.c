/* abi/threadpool.c - a small pthread pool: a fixed number of threads taking tasks from one
 * FIFO queue. Exported as upstream's ZSTD_threadPool, which several contexts may share. */
#include "zs_mt.h"
#include "zs_error.h"

/* upstream's ZSTDMT_NBWORKERS_MAX on 64-bit systems */
#define ZS_POOL_THREADS_MAX 256

struct POOL_ctx_s {
    ZSTD_customMem mem;
    pthread_mutex_t lock;
    pthread_cond_t work_ready;
    pthread_t *threads;
    size_t nb_threads;
    zs_pool_task *head, *tail;
    int stopping;
};

static void *zs_pool_thread(void *arg)
{
    ZSTD_threadPool *pool = arg;
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        zs_pool_task *task;
        while (pool->head == NULL && !pool->stopping)
            pthread_cond_wait(&pool->work_ready, &pool->lock);
        /* queued work is finished before stopping: a submitter may still be waiting */
        if (pool->head == NULL)
            break;
        task = pool->head;
        pool->head = task->next;
        if (pool->head == NULL)
            pool->tail = NULL;
        pthread_mutex_unlock(&pool->lock);
        task->run(task->arg);
        pthread_mutex_lock(&pool->lock);
        if (--task->batch->pending == 0)
            pthread_cond_broadcast(&task->batch->done);
    }
    pthread_mutex_unlock(&pool->lock);
    return NULL;
}

static void zs_pool_stop(ZSTD_threadPool *pool, size_t nb_started)
{
    size_t i;
    pthread_mutex_lock(&pool->lock);
    pool->stopping = 1;
    pthread_cond_broadcast(&pool->work_ready);
    pthread_mutex_unlock(&pool->lock);
    for (i = 0; i < nb_started; i++)
        pthread_join(pool->threads[i], NULL);
}

ZSTD_threadPool *zs_pool_create(size_t nb_threads, ZSTD_customMem mem)
{
    ZSTD_threadPool *pool;
    size_t i;
    if (nb_threads == 0 || nb_threads > ZS_POOL_THREADS_MAX || !zs_custom_mem_is_valid(mem))
        return NULL;
    pool = zs_calloc(mem, sizeof(*pool));
    if (pool == NULL)
        return NULL;
    pool->mem = mem;
    pool->threads = zs_calloc(mem, nb_threads * sizeof(pthread_t));
    if (pool->threads == NULL)
        goto fail_threads;
    if (pthread_mutex_init(&pool->lock, NULL) != 0)
        goto fail_lock;
    if (pthread_cond_init(&pool->work_ready, NULL) != 0)
        goto fail_cond;
    for (i = 0; i < nb_threads; i++) {
        if (pthread_create(&pool->threads[i], NULL, zs_pool_thread, pool) != 0) {
            zs_pool_stop(pool, i);
            pthread_cond_destroy(&pool->work_ready);
            goto fail_cond;
        }
    }
    pool->nb_threads = nb_threads;
    return pool;
fail_cond:
    pthread_mutex_destroy(&pool->lock);
fail_lock:
    zs_free(mem, pool->threads);
fail_threads:
    zs_free(mem, pool);
    return NULL;
}

void zs_pool_free(ZSTD_threadPool *pool)
{
    ZSTD_customMem mem;
    if (pool == NULL)
        return;
    mem = pool->mem;
    zs_pool_stop(pool, pool->nb_threads);
    pthread_cond_destroy(&pool->work_ready);
    pthread_mutex_destroy(&pool->lock);
    zs_free(mem, pool->threads);
    zs_free(mem, pool);
}

size_t zs_pool_batch_init(zs_pool_batch *batch)
{
    batch->pending = 0;
    if (pthread_cond_init(&batch->done, NULL) != 0)
        return zs_error(ZSTD_error_memory_allocation);
    return 0;
}

void zs_pool_batch_destroy(zs_pool_batch *batch)
{
    pthread_cond_destroy(&batch->done);
}

void zs_pool_submit(ZSTD_threadPool *pool, zs_pool_batch *batch, zs_pool_task *task)
{
    task->batch = batch;
    task->next = NULL;
    pthread_mutex_lock(&pool->lock);
    batch->pending++;
    if (pool->tail != NULL)
        pool->tail->next = task;
    else
        pool->head = task;
    pool->tail = task;
    pthread_cond_signal(&pool->work_ready);
    pthread_mutex_unlock(&pool->lock);
}

void zs_pool_wait(ZSTD_threadPool *pool, zs_pool_batch *batch)
{
    pthread_mutex_lock(&pool->lock);
    while (batch->pending > 0)
        pthread_cond_wait(&batch->done, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
}

ZSTD_threadPool *ZSTD_createThreadPool(size_t numThreads)
{
    return zs_pool_create(numThreads, ZSTD_defaultCMem);
}

void ZSTD_freeThreadPool(ZSTD_threadPool *pool)
{
    zs_pool_free(pool);
}

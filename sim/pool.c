/* pool.c - work sent off an event loop: libuv's threadpool (asyncio's default
 * executor) and Node's worker threads.
 *
 * A threadpool job is a range of a request's ops run by a pool thread exactly as
 * a blocking thread runs them (threads.c): its CPU work competes for cores with
 * everything else, its I/O blocks the pool thread. Jobs beyond the pool's size
 * wait first-in first-out (libuv: UV_THREADPOOL_SIZE, default 4, at most 1024;
 * asyncio: ThreadPoolExecutor, min(32, cores + 4)). libuv starts all of its
 * threads at the first job; the executor adds one whenever none is idle.
 *
 * A worker job runs on a worker's own event loop (worker_threads: one thread and
 * one loop each), as a message it receives; when everything it started has
 * finished, its result goes back to the sending loop as a message.
 *
 * Either way the job's continuation is posted to the loop that sent it, which runs
 * it from its poll phase (Node: uv_async_send; asyncio: call_soon_threadsafe).
 */
#include "engine_internal.h"

/* Gives job j to pool thread th; it starts when the thread next advances. */
static void bind_pool_job(sim_run *run, int32_t th, int32_t j)
{
    sim__thread *t = &run->threads[th];
    const sim__job *job = &run->jobs[j];
    t->job = j;
    t->slot = job->slot;
    t->pc = job->a;
    t->end = job->b;
    t->remaining = -1;
    t->trip = job->trip_end > 0 ? job->trip_end - 1 : 0;
    t->trip_end = job->trip_end;
    sim__emit_queue(run, TRACE_DEQUEUE, run->slots[job->slot].req, th, TRACE_QUEUE_THREADPOOL, j,
                    -1, TRACE_TAKE_RUN);
}

static void start_pool_job(sim_run *run, int32_t th, int32_t j)
{
    bind_pool_job(run, th, j);
    sim__thread_advance(run, th);
}

static void start_worker_job(sim_run *run, int32_t w, int32_t j)
{
    sim__job *job = &run->jobs[j];
    run->loops[w].wjob = j;
    job->worker = w;
    sim__emit_queue(run, TRACE_DEQUEUE, run->slots[job->slot].req, run->loops[w].thread,
                    TRACE_QUEUE_WORKER, j, -1, TRACE_TAKE_RUN);
    int32_t k = sim__task_new(run, job->slot, job->a, job->b, w, j);
    if (k >= 0)
        sim__loop_post(run, k, run->now);
}

static void submit(sim_run *run, int32_t loop, int32_t slot, uint32_t a, uint32_t b, int32_t cont,
                   bool to_worker, int32_t trip_end)
{
    int32_t j = SIM__TAKE(&run->job_store, run->jobs, &run->err);
    if (j < 0)
        return;
    run->jobs[j] = (sim__job){.slot = slot,
                              .a = a,
                              .b = b,
                              .cont = cont,
                              .origin = loop,
                              .worker = -1,
                              .trip_end = trip_end,
                              .next = -1};
    sim__loop *P = &run->loops[run->loops[loop].proc];
    int64_t req = run->slots[slot].req;
    sim__emit_queue(run, TRACE_ENQUEUE, req, run->loops[loop].thread,
                    to_worker ? TRACE_QUEUE_WORKER : TRACE_QUEUE_THREADPOOL, j, -1, TRACE_TAKE_RUN);
    if (to_worker) {
        for (int32_t w = P->first_worker; w < P->first_worker + P->nworkers; w++) {
            if (run->loops[w].wjob < 0) {
                start_worker_job(run, w, j);
                return;
            }
        }
        SIM__FIFO_PUSH(&P->wjobs, run->jobs, j);
        return;
    }
    /* libuv starts every pool thread at the first job (init_threads); asyncio's
     * ThreadPoolExecutor adds one at a time while none is idle */
    int32_t start = 0;
    if (P->fl->pool_at_once && P->pool_threads == 0)
        start = P->pool_max;
    else if (P->pool_idle.head < 0 && P->pool_threads < P->pool_max)
        start = 1;
    while (start-- > 0) {
        int32_t th = sim__new_thread(run, P->proc, TK_POOL);
        if (th < 0)
            return;
        run->threads[th].loop = P->proc;
        P->pool_threads++;
        sim__emit(run, TRACE_IDLE, -1, th, 0, 0, 0);
        SIM__FIFO_PUSH(&P->pool_idle, run->threads, th);
    }
    int32_t th = SIM__FIFO_POP(&P->pool_idle, run->threads);
    if (th >= 0)
        start_pool_job(run, th, j);
    else
        SIM__FIFO_PUSH(&P->jobs, run->jobs, j);
}

void sim__pool_submit(sim_run *run, int32_t loop, int32_t slot, uint32_t a, uint32_t b,
                      int32_t cont, bool to_worker)
{
    submit(run, loop, slot, a, b, cont, to_worker, 0);
}

void sim__pool_submit_trip(sim_run *run, int32_t loop, int32_t slot, uint32_t pc, int32_t cont,
                           int32_t trip)
{
    submit(run, loop, slot, pc, pc + 1, cont, false, trip + 1);
}

void sim__pool_job_done(sim_run *run, int32_t th)
{
    sim__thread *t = &run->threads[th];
    int32_t j = t->job;
    int32_t cont = run->jobs[j].cont;
    SIM__GIVE(&run->job_store, run->jobs, j);
    t->job = -1;
    t->slot = -1;
    t->trip = 0;
    t->trip_end = 0;
    sim__gil_release(run, th);
    sim__loop_post(run, cont, run->now);
    sim__loop *P = &run->loops[t->loop];
    int32_t next = SIM__FIFO_POP(&P->jobs, run->jobs);
    if (next >= 0) {
        bind_pool_job(run, th, next);
        sim__advance_soon(run, th);
        return;
    }
    sim__cpu_leave(run, th);
    t->state = TH_IDLE;
    sim__emit(run, TRACE_IDLE, -1, th, 0, 0, 0);
    SIM__FIFO_PUSH(&P->pool_idle, run->threads, th);
}

void sim__worker_job_done(sim_run *run, int32_t j)
{
    sim__job job = run->jobs[j];
    SIM__GIVE(&run->job_store, run->jobs, j);
    run->loops[job.worker].wjob = -1;
    sim__loop_post(run, job.cont, run->now);
    sim__loop *P = &run->loops[run->loops[job.worker].proc];
    int32_t next = SIM__FIFO_POP(&P->wjobs, run->jobs);
    if (next >= 0)
        start_worker_job(run, job.worker, next);
}

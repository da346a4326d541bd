package faultline.analysis;

import faultline.callgraph.CallGraph;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs a task for every SCC of a {@link CallGraph.SummaryDag}, each as soon as every SCC it calls is done, on
 * {@code threads} threads. Summaries used to be built level by level with a barrier between levels: a kernel's
 * direct calls have some 160 levels, and the end of each left a core waiting for the other's last SCC (2.8 of the
 * 34 thread-seconds of a whole-tree summary phase, measured per level).
 *
 * <p>A task may read what the tasks of the SCCs it calls wrote: each runs after they finished, through the
 * counter of its SCC (an atomic decrement, a happens-before edge). After the first exception or error the remaining
 * tasks are skipped, and it is thrown once the started ones are done.
 */
final class BottomUp {

  private final CallGraph.SummaryDag dag;
  private final IntConsumer task;
  private final ForkJoinPool pool;
  /** Per SCC, how many of the SCCs it calls have not finished yet. */
  private final AtomicIntegerArray waitingFor;
  private final CountDownLatch left;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  private BottomUp(CallGraph.SummaryDag dag, int threads, IntConsumer task) {
    this.dag = dag;
    this.task = task;
    this.pool = new ForkJoinPool(threads);
    this.waitingFor = new AtomicIntegerArray(dag.calleeSccs());
    this.left = new CountDownLatch(dag.sccs().size());
  }

  /** The threads the analysis uses elsewhere: its parallel streams run on the common pool and the caller. */
  static int defaultThreads() {
    return ForkJoinPool.getCommonPoolParallelism() + 1;
  }

  /**
   * Below this many SCCs (a file or two, an editor's buffer) the calling thread runs them all in number order, which
   * is callees first: starting a pool would cost more than the other core saves.
   */
  static final int PARALLEL_FROM = 256;

  /** Runs {@code task} for every SCC of {@code dag} (by its number), callees first, on {@code threads} threads. */
  static void run(CallGraph.SummaryDag dag, int threads, IntConsumer task) {
    if (dag.sccs().size() < PARALLEL_FROM || threads < 2) {
      for (int scc = 0; scc < dag.sccs().size(); scc++) task.accept(scc);
      return;
    }
    new BottomUp(dag, threads, task).runAll();
  }

  private void runAll() {
    try {
      for (int scc = 0; scc < dag.sccs().size(); scc++) if (dag.calleeSccs()[scc] == 0) submit(scc);
      awaitUninterruptibly(left);
    } finally {
      pool.shutdown();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException e) throw e;
    if (t instanceof Error e) throw e;
    if (t != null) throw new IllegalStateException(t);
  }

  private void submit(int scc) {
    pool.execute(() -> runOne(scc));
  }

  private void runOne(int scc) {
    try {
      if (failure.get() == null) task.accept(scc);
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
    }
    // Callers are released even after a failure (and skip their task), so that every SCC counts down and the
    // wait ends.
    for (int caller : dag.callerSccs()[scc]) {
      if (waitingFor.decrementAndGet(caller) == 0) submit(caller);
    }
    left.countDown();
  }

  /** As the parallel streams it replaces: the analysis is not cancelled by an interrupt, which is kept. */
  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }
}

package faultline.scan;

import faultline.ir.TranslationUnit;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands lowered units to the scan's {@link UnitCache} on one background thread, so parser threads never encode
 * IR or touch the disk for the cache (on a cold kernel scan that was ~8% of their time).
 *
 * <p>When the parser threads take every core, writing is deferred until the lowering ends and then overlaps the
 * whole-program analysis, which is mostly single-threaded and leaves a core idle; written alongside the parsers,
 * the writes would only take their CPU. With cores to spare ({@code --jobs} below the core count) the writer
 * starts at once.
 *
 * <p>The queue is bounded by the number of files of the scan (each file is queued at most once), so {@link #put}
 * never blocks, and it costs no memory of its own: a queued unit is one the scanner keeps until the rules have run
 * anyway. {@link #endOfInput} lets the writer drain and end by itself; {@link #await} waits for that.
 * Durability is the cache's business (see {@code DiskUnitCache}: temporary file, rename, checksum); a write that
 * fails here loses only that entry.
 */
final class CacheWriter {

  private record Entry(String relativePath, String key, TranslationUnit unit) {}

  /** Queued after the last entry: tells the writer thread to end. */
  private static final Entry END = new Entry("", "", new TranslationUnit("", 0, List.of(), List.of(), List.of(), 0));

  private final UnitCache cache;
  private final BlockingQueue<Entry> queue;
  private final Thread writer;
  private final Queue<Notification> failures = new ConcurrentLinkedQueue<>();
  private final AtomicLong busyNanos = new AtomicLong();
  private boolean started;
  private boolean ended;

  /**
   * @param files how many files the scan may queue (its bound)
   * @param startNow write while the parsers run (spare cores) instead of after them
   */
  CacheWriter(UnitCache cache, int files, boolean startNow) {
    this.cache = cache;
    this.queue = new ArrayBlockingQueue<>(Math.max(1, files) + 1); // + END
    this.writer = new Thread(this::drain, "faultline-cache-writer");
    writer.setDaemon(true); // a scan that fails elsewhere must not keep the JVM alive for its cache
    if (startNow) start();
  }

  /** Queues {@code unit} for the cache; returns at once. Called from parser threads. */
  void put(String relativePath, String key, TranslationUnit unit) {
    if (cache == UnitCache.NONE) return; // --no-cache: nothing to write, no thread to keep busy
    if (!queue.offer(new Entry(relativePath, key, unit))) {
      // Only if a caller queued more files than it announced: write here rather than lose the entry.
      writeOne(new Entry(relativePath, key, unit));
    }
  }

  /** No more entries: starts the writer if it was deferred; it ends once the queue is empty. Idempotent. */
  synchronized void endOfInput() {
    if (ended) return;
    ended = true;
    start(); // first: if put() overfilled the queue, the writer makes room for END
    try {
      queue.put(END);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.interrupt(); // it would wait for END forever; what it has not written is only missing from the cache
    }
  }

  /** Ends the input if not yet done and waits until every queued entry went to the cache. */
  void await() {
    endOfInput();
    try {
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the entries not yet written are only missing from the cache
    }
  }

  /** Time spent writing entries (encoding and I/O), on whichever thread did it. */
  long busyMillis() {
    return busyNanos.get() / 1_000_000;
  }

  /** Writes that failed outside the cache's own handling (an Error while encoding one unit). */
  List<Notification> failures() {
    return List.copyOf(failures);
  }

  private synchronized void start() {
    if (started) return;
    started = true;
    writer.start();
  }

  private void drain() {
    while (true) {
      Entry entry;
      try {
        entry = queue.take();
      } catch (InterruptedException e) {
        return; // see endOfInput
      }
      if (entry == END) {
        flush();
        return;
      }
      writeOne(entry);
    }
  }

  private void flush() {
    long start = System.nanoTime();
    try {
      cache.flush();
    } catch (RuntimeException | OutOfMemoryError e) {
      failures.add(new Notification(Notification.Level.WARNING, "cache", "cache not written: " + e, Optional.empty()));
    } finally {
      busyNanos.addAndGet(System.nanoTime() - start);
    }
  }

  private void writeOne(Entry entry) {
    long start = System.nanoTime();
    try {
      cache.put(entry.relativePath(), entry.key(), entry.unit());
    } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
      // The cache reports its own I/O failures; this is anything else (a unit too big to encode now). One entry
      // is lost from the cache, the scan's result is not affected.
      failures.add(new Notification(Notification.Level.WARNING, "cache",
          entry.relativePath() + ": not cached: " + e, Optional.empty()));
    } finally {
      busyNanos.addAndGet(System.nanoTime() - start);
    }
  }
}

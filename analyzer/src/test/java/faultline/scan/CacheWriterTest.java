package faultline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.TranslationUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CacheWriterTest {

  private static TranslationUnit unit(String file) {
    return new TranslationUnit(file, 1, List.of(), List.of(), List.of(), 0);
  }

  /** Keeps the paths put, in order, and the threads that put them; fails on the path {@code failOn}. */
  private static class ListCache implements UnitCache {
    final List<String> put = Collections.synchronizedList(new ArrayList<>());
    final List<String> threads = Collections.synchronizedList(new ArrayList<>());
    final String failOn;

    ListCache(String failOn) {
      this.failOn = failOn;
    }

    @Override public Optional<TranslationUnit> get(String relativePath, String key) {
      return Optional.empty();
    }

    @Override public void put(String relativePath, String key, TranslationUnit unit) {
      if (relativePath.equals(failOn)) throw new IllegalStateException("encoder bug");
      threads.add(Thread.currentThread().getName());
      put.add(relativePath);
    }
  }

  @Test void deferredWritesStartAtTheEndOfInputAndAreAllDoneAfterAwait() throws Exception {
    ListCache cache = new ListCache("");
    CacheWriter writer = new CacheWriter(cache, 3, false);
    for (String f : List.of("a.c", "b.c", "c.c")) writer.put(f, "k", unit(f));
    Thread.sleep(50);
    assertEquals(List.of(), cache.put, "nothing written while the parsers run");
    writer.endOfInput();
    writer.await();
    assertEquals(List.of("a.c", "b.c", "c.c"), cache.put);
    assertEquals(List.of("faultline-cache-writer"), cache.threads.stream().distinct().toList(), "never a parser thread");
  }

  @Test void withSpareCoresWritesBeginAtOnce() throws Exception {
    CountDownLatch written = new CountDownLatch(1);
    UnitCache cache = new ListCache("") {
      @Override public void put(String relativePath, String key, TranslationUnit unit) {
        super.put(relativePath, key, unit);
        written.countDown();
      }
    };
    CacheWriter writer = new CacheWriter(cache, 1, true);
    writer.put("a.c", "k", unit("a.c"));
    assertTrue(written.await(10, TimeUnit.SECONDS), "written before the end of input");
    writer.await();
  }

  @Test void aFailingWriteLosesOnlyItsEntryWithAWarning() {
    ListCache cache = new ListCache("b.c");
    CacheWriter writer = new CacheWriter(cache, 3, false);
    for (String f : List.of("a.c", "b.c", "c.c")) writer.put(f, "k", unit(f));
    writer.await();
    assertEquals(List.of("a.c", "c.c"), cache.put);
    List<Notification> failures = writer.failures();
    assertEquals(1, failures.size());
    assertEquals("cache", failures.get(0).kind());
    assertEquals(Notification.Level.WARNING, failures.get(0).level());
    assertTrue(failures.get(0).message().startsWith("b.c: not cached"), failures.get(0).message());
  }

  @Test void moreEntriesThanAnnouncedAreWrittenNotLost() {
    ListCache cache = new ListCache("");
    CacheWriter writer = new CacheWriter(cache, 1, false);
    for (String f : List.of("a.c", "b.c", "c.c")) writer.put(f, "k", unit(f));
    writer.await();
    assertEquals(List.of("a.c", "b.c", "c.c"), cache.put.stream().sorted().toList());
  }

  @Test void awaitWithoutEntriesReturnsAndCanBeRepeated() {
    CacheWriter writer = new CacheWriter(new ListCache(""), 0, false);
    writer.await();
    writer.await();
    assertEquals(List.of(), writer.failures());
  }
}

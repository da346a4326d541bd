package faultline.scan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.frontend.FrontendOptions;
import faultline.ir.TranslationUnit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scanner reads each file once: the cache key is the hash of the bytes the front-end parsed. */
class ScannerCacheTest {

  @TempDir Path dir;

  /** Records what the scanner asks of a cache; never hits. */
  private static final class RecordingCache implements UnitCache {
    final Map<String, String> keyAsked = new ConcurrentHashMap<>();
    final Map<String, String> keyPut = new ConcurrentHashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override public Optional<TranslationUnit> get(String relativePath, String key) {
      calls.incrementAndGet();
      keyAsked.put(relativePath, key);
      return Optional.empty();
    }

    @Override public void put(String relativePath, String key, TranslationUnit unit) {
      calls.incrementAndGet();
      keyPut.put(relativePath, key);
    }
  }

  /** What Scanner computed before it read files once: SHA-256 over the options digest, then the file as read. */
  private static String keyAsBefore(String optionsDigest, Path file) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(optionsDigest.getBytes(StandardCharsets.UTF_8));
    sha.update(Files.readAllBytes(file));
    return HexFormat.of().formatHex(sha.digest());
  }

  @Test void theKeyIsSha256OfTheOptionsDigestThenTheBytes() {
    byte[] content = "int f(void);\n".getBytes(StandardCharsets.UTF_8);
    // Fixed value: entries written by earlier versions stay valid only while this does not change.
    assertEquals("fef5c40e02ad14b1df65401e5385ec9896eb9c5c94e738d2e40e71030e1712f7",
        Scanner.cacheKey(content, "faultline 0.1.0\nprelude x"));
  }

  @Test void aScanAsksAndFillsTheCacheUnderTheKeyOfTheFilesBytes() throws Exception {
    Files.writeString(dir.resolve("a.c"), "static int a(void) { return 1; }\n");
    Files.writeString(dir.resolve("b.c"), "static int b(int x) { return x ? 2 : 3; }\n");
    for (int jobs : new int[] {1, 2, 64}) { // writer started at once (spare cores) and deferred (cores busy)
      ScanOptions options = ScanOptions.of(dir, List.of(dir)).withJobs(jobs);
      RecordingCache cache = new RecordingCache();
      ScanResult result = Scanner.scan(options, ScanListener.NONE, cache);
      String digest = Scanner.optionsDigest(options);
      Map<String, String> expected = Map.of("a.c", keyAsBefore(digest, dir.resolve("a.c")),
          "b.c", keyAsBefore(digest, dir.resolve("b.c")));
      assertEquals(expected, cache.keyAsked, "jobs " + jobs);
      assertEquals(expected, cache.keyPut, "every write is done when scan() returns; jobs " + jobs);
      assertEquals(2, result.stats().functions());
    }
  }

  @Test void aFileOverTheSizeLimitIsReportedAndNeitherHashedNorCached() throws Exception {
    Files.writeString(dir.resolve("big.c"), "int f(void) { return 0; }\n".repeat(50));
    ScanOptions fuzzy = ScanOptions.of(dir, List.of(dir)).withJobs(1);
    ScanOptions small = new ScanOptions(dir, fuzzy.paths(), new FrontendOptions(List.of(), Map.of(), Map.of(),
        Duration.ofSeconds(30), 100), List.of(), 1, List.of(), List.of(), List.of(), false);
    RecordingCache cache = new RecordingCache();
    ScanResult result = Scanner.scan(small, ScanListener.NONE, cache);
    assertEquals(0, cache.calls.get());
    assertTrue(result.notifications().stream().anyMatch(n -> n.kind().equals("too-large")), result.notifications()::toString);
  }
}

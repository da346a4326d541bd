package faultline.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.frontend.FrontendOptions;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.ir.TranslationUnit;
import faultline.scan.Notification;
import faultline.scan.ScanOptions;
import faultline.scan.ScanResult;
import faultline.scan.Scanner;
import faultline.scan.ScanListener;
import faultline.scan.UnitCache;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUnitCacheTest {

  @TempDir Path dir;

  private static final String FILE = "drivers/ü/x.c";
  private static final String KEY = "k1";

  private UnitCache cache() {
    return DiskUnitCache.open(dir.resolve("cache"), ScanOptions.of(dir, List.of(dir)));
  }

  private Path onlyEntry() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
      List<Path> entries = files.filter(Files::isRegularFile).toList();
      assertEquals(1, entries.size(), "entries: " + entries);
      return entries.get(0);
    }
  }

  @Test
  void whatWasPutComesBackForTheSameKeyOnly() {
    UnitCache cache = cache();
    TranslationUnit unit = IrCodecTest.everyKind();
    cache.put(FILE, KEY, unit);
    UnitCache later = cache(); // another scan, another instance: only the disk is shared
    assertEquals(Optional.of(unit), later.get(FILE, KEY));
    assertEquals(Optional.empty(), later.get(FILE, "k2"));
    assertEquals(Optional.empty(), later.get("drivers/other.c", KEY));
    assertEquals(List.of(), later.notifications(), "a changed file is a plain miss");
  }

  @Test
  void anEditReplacesTheEntryInsteadOfAddingOne() throws IOException {
    UnitCache cache = cache();
    cache.put(FILE, KEY, IrCodecTest.everyKind());
    cache.put(FILE, "k2", IrCodecTest.everyKind());
    onlyEntry();
    assertEquals(Optional.empty(), cache.get(FILE, KEY));
    assertTrue(cache.get(FILE, "k2").isPresent());
  }

  @Test
  void truncatedEntriesAreMissesWithANotification() throws IOException {
    cache().put(FILE, KEY, IrCodecTest.everyKind());
    Path entry = onlyEntry();
    byte[] good = Files.readAllBytes(entry);
    for (int len : new int[] {0, 7, 40, good.length / 2, good.length - 1}) {
      Files.write(entry, Arrays.copyOf(good, len));
      UnitCache cache = cache();
      assertEquals(Optional.empty(), cache.get(FILE, KEY), "length " + len);
      assertOneCacheWarning(cache);
    }
  }

  @Test
  void flippedBytesAnywhereAreMissesWithANotification() throws IOException {
    cache().put(FILE, KEY, IrCodecTest.everyKind());
    Path entry = onlyEntry();
    byte[] good = Files.readAllBytes(entry);
    for (int at = 0; at < good.length; at += Math.max(1, good.length / 97)) {
      byte[] bad = good.clone();
      bad[at] ^= 0x10;
      Files.write(entry, bad);
      UnitCache cache = cache();
      assertEquals(Optional.empty(), cache.get(FILE, KEY), "byte " + at);
      assertOneCacheWarning(cache);
    }
  }

  /** The entry layout as written before entries were built in one buffer: old caches must stay readable. */
  private static byte[] entryAsBefore(String relativePath, String key, byte[] payload) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    out.writeInt(0x464c4952);
    out.writeInt(IrCodec.FORMAT);
    out.writeUTF(key);
    byte[] path = relativePath.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(path.length);
    out.write(path);
    out.writeInt(payload.length);
    out.write(payload);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(bytes.toByteArray());
    out.writeLong(crc.getValue());
    return bytes.toByteArray();
  }

  @Test
  void entriesKeepTheirByteLayout() throws IOException {
    TranslationUnit unit = IrCodecTest.everyKind();
    byte[] expected = entryAsBefore(FILE, KEY, IrCodec.encode(unit));
    assertTrue(Arrays.equals(expected, DiskUnitCache.write(FILE, KEY, unit).toByteArray()));
    cache().put(FILE, KEY, unit);
    assertTrue(Arrays.equals(expected, Files.readAllBytes(onlyEntry())));
  }

  @Test
  void aWriteCutShortByACrashLeavesTheOldEntryReadable() throws IOException {
    TranslationUnit unit = IrCodecTest.everyKind();
    cache().put(FILE, KEY, unit);
    Path entry = onlyEntry();
    // A crash between creating the temporary file and renaming it: a partial entry under a temporary name.
    byte[] next = DiskUnitCache.write(FILE, "k2", unit).toByteArray();
    Files.write(entry.resolveSibling(".tmp-123456"), Arrays.copyOf(next, next.length / 2));
    UnitCache cache = cache();
    assertEquals(Optional.of(unit), cache.get(FILE, KEY));
    assertEquals(Optional.empty(), cache.get(FILE, "k2"));
    assertEquals(List.of(), cache.notifications(), "a temporary file is never read as an entry");
    cache.put(FILE, "k2", unit); // and the next write still lands
    assertEquals(Optional.of(unit), cache().get(FILE, "k2"));
  }

  @Test
  void aTemporaryFileLeftByAnEarlierProcessOfTheSameIdIsReplaced() throws IOException {
    TranslationUnit unit = IrCodecTest.everyKind();
    UnitCache cache = cache();
    cache.put(FILE, KEY, unit);                  // this cache's first temporary name, renamed into place
    Path entry = onlyEntry();
    Path stale = entry.resolveSibling(".tmp-" + ProcessHandle.current().pid() + "-2");
    Files.write(stale, new byte[] {1, 2, 3});    // its second name, as a dead process with this id left it
    cache.put(FILE, "k2", unit);
    assertEquals(Optional.of(unit), cache().get(FILE, "k2"));
    assertEquals(List.of(), cache.notifications(), "the cache stays writable");
    assertEquals(entry, onlyEntry(), "the stale file became the entry");
  }

  @Test
  void timeoutsAreNotKept() {
    UnitCache cache = cache();
    TranslationUnit slow = new TranslationUnit(FILE, 10, List.of(), List.of(),
        List.of(new ParseIssue(ParseIssue.Kind.TIMEOUT, "parsing took longer than 30 s", Span.point(FILE, 1, 1))), 0);
    cache.put(FILE, KEY, slow);
    assertEquals(Optional.empty(), cache.get(FILE, KEY));
  }

  @Test
  void anUnwritableDirectoryIsOneNotificationAndNoFailure() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    UnitCache cache = DiskUnitCache.open(notADirectory, ScanOptions.of(dir, List.of(dir)));
    cache.put(FILE, KEY, IrCodecTest.everyKind());
    cache.put("b.c", KEY, IrCodecTest.everyKind());
    assertOneCacheWarning(cache);
  }

  @Test
  void preciseModeIsNotCached() {
    ScanOptions fuzzy = ScanOptions.of(dir, List.of(dir));
    ScanOptions precise = new ScanOptions(dir, List.of(dir), new FrontendOptions(List.of(dir), Map.of(), Map.of(),
        Duration.ofSeconds(30), 1 << 20), List.of(), 1, List.of(), List.of(), List.of(), false);
    UnitCache cache = DiskUnitCache.open(dir.resolve("cache"), precise);
    cache.put(FILE, KEY, IrCodecTest.everyKind());
    assertEquals(Optional.empty(), cache.get(FILE, KEY));
    assertEquals("cache", cache.notifications().get(0).kind());
    assertFalse(Files.exists(dir.resolve("cache")));
    assertTrue(DiskUnitCache.open(dir.resolve("cache"), fuzzy) instanceof DiskUnitCache);
  }

  @Test
  void defaultDirectoryFollowsXdg() {
    Path home = Path.of("/home/u");
    assertEquals(Path.of("/xdg/faultline"), DiskUnitCache.defaultDirectory(v -> "/xdg", home));
    assertEquals(Path.of("/home/u/.cache/faultline"), DiskUnitCache.defaultDirectory(v -> null, home));
    assertEquals(Path.of("/home/u/.cache/faultline"), DiskUnitCache.defaultDirectory(v -> "relative", home));
  }

  @Test
  void aWarmScanReadsEveryFileFromTheCacheAndFindsTheSame() throws IOException {
    Path src = Path.of(System.getProperty("testdata.dir", "../testdata")).resolve("double-lock");
    // A full analysis both times: this is about the IR cache (IncrementalScanTest is about continuing analyses).
    ScanOptions options = ScanOptions.of(src, List.of(src)).withJobs(2).withoutIncremental();
    ScanResult cold = Scanner.scan(options, ScanListener.NONE, DiskUnitCache.open(dir.resolve("c"), options));
    ScanResult warm = Scanner.scan(options, ScanListener.NONE, DiskUnitCache.open(dir.resolve("c"), options));
    assertEquals(0L, cold.stats().counters().get("cacheHits"));
    assertEquals((long) warm.stats().files(), warm.stats().counters().get("cacheHits"));
    assertEquals(0L, warm.stats().counters().get("cacheMisses"));
    // No rules on this module's class path: compare what the analysis built from the IR instead.
    assertTrue(cold.stats().functions() > 10);
    for (String fact : List.of("functions", "callGraphEdges", "indirectCalls", "sccs", "lockClasses", "lockOrderEdges")) {
      assertEquals(cold.stats().counters().get(fact), warm.stats().counters().get(fact), fact);
    }
    assertEquals(cold.findings(), warm.findings());
    assertEquals(cold.notifications(), warm.notifications());
  }

  private static void assertOneCacheWarning(UnitCache cache) {
    List<Notification> notes = cache.notifications();
    assertEquals(1, notes.size(), "notifications: " + notes);
    assertEquals("cache", notes.get(0).kind());
    assertEquals(Notification.Level.WARNING, notes.get(0).level());
  }
}

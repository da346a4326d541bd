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

  // ---- packs: a scan's writes past the first PACK_AFTER ------------------------------------------------

  private static final int MANY = DiskUnitCache.PACK_AFTER + 40;

  private static String file(int k) {
    return "drivers/many/f" + k + ".c";
  }

  private static TranslationUnit unit(int k) {
    return unit(k, 0);
  }

  /** File {@code k}'s unit in version {@code v}. */
  private static TranslationUnit unit(int k, int v) {
    return new TranslationUnit(file(k), k + 1 + v, List.of(), List.of(), List.of(), k);
  }

  private List<Path> packFiles() throws IOException {
    Path packs = dir.resolve("cache").resolve("ir-" + IrCodec.SCHEMA).resolve("packs");
    if (!Files.isDirectory(packs)) return List.of();
    try (Stream<Path> files = Files.list(packs)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".pack"))
          .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
    }
  }

  private long entryFiles() throws IOException {
    try (Stream<Path> files = Files.walk(dir.resolve("cache"))) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".pack")).count();
    }
  }

  @Test
  void manyWritesGoToOnePackThatLaterScansRead() throws IOException {
    UnitCache cache = cache();
    for (int k = 0; k < MANY; k++) cache.put(file(k), "key" + k, unit(k));
    assertEquals(List.of(), packFiles(), "a pack is not published before the writer flushes");
    cache.flush();
    assertEquals(1, packFiles().size());
    assertEquals(DiskUnitCache.PACK_AFTER, entryFiles(), "the first writes are files, the rest in the pack");
    UnitCache later = cache();
    for (int k = 0; k < MANY; k++) {
      assertEquals(Optional.of(unit(k)), later.get(file(k), "key" + k), file(k));
      assertEquals(Optional.empty(), later.get(file(k), "other"), file(k));
    }
    assertEquals(List.of(), later.notifications());
  }

  @Test
  void theKeyDecidesBetweenAnEntryFileAndPacks() throws IOException {
    UnitCache first = cache();
    for (int k = 0; k < MANY; k++) first.put(file(k), "old", unit(k));
    first.flush();
    UnitCache second = cache(); // another scan, every file changed: its first writes replace entry files
    for (int k = MANY - 1; k >= 0; k--) second.put(file(k), "new", unit(k, 1000));
    second.flush();
    UnitCache later = cache();
    for (int k = 0; k < MANY; k++) {
      assertEquals(Optional.of(unit(k, 1000)), later.get(file(k), "new"), file(k));
      // the old version survives where nothing overwrote its entry file or pack
      boolean oldFileReplaced = k >= MANY - DiskUnitCache.PACK_AFTER;
      boolean oldInPack = k >= DiskUnitCache.PACK_AFTER;
      assertEquals(oldInPack || !oldFileReplaced, later.get(file(k), "old").isPresent(), file(k));
    }
    assertEquals(List.of(), later.notifications());
  }

  @Test
  void onlyTheNewestPacksAreKept() throws IOException {
    for (int round = 0; round < DiskUnitCache.MAX_PACKS + 2; round++) {
      UnitCache cache = cache();
      for (int k = 0; k < MANY; k++) cache.put(file(k), "key" + round, unit(k));
      cache.flush();
    }
    assertEquals(DiskUnitCache.MAX_PACKS, packFiles().size());
    UnitCache later = cache();
    int last = DiskUnitCache.MAX_PACKS + 1;
    assertEquals(Optional.of(unit(MANY - 1)), later.get(file(MANY - 1), "key" + last));
    assertEquals(Optional.empty(), later.get(file(MANY - 1), "key0"), "in a removed pack");
  }

  @Test
  void aDamagedPackEntryIsAMissAndADamagedIndexIgnoresThePack() throws IOException {
    UnitCache cache = cache();
    for (int k = 0; k < MANY; k++) cache.put(file(k), "key" + k, unit(k));
    cache.flush();
    Path pack = packFiles().get(0);
    byte[] good = Files.readAllBytes(pack);
    int last = MANY - 1;

    byte[] entryFlipped = good.clone();
    entryFlipped[12] ^= 0x10; // inside the first packed entry (after the 8-byte header)
    Files.write(pack, entryFlipped);
    UnitCache one = cache();
    assertEquals(Optional.empty(), one.get(file(DiskUnitCache.PACK_AFTER), "key" + DiskUnitCache.PACK_AFTER));
    assertOneCacheWarning(one);
    assertEquals(Optional.of(unit(last)), one.get(file(last), "key" + last), "the other entries are sound");

    for (int cut : new int[] {good.length - 1, good.length - 20, 9, 0}) {
      Files.write(pack, Arrays.copyOf(good, cut));
      UnitCache truncated = cache();
      assertEquals(Optional.empty(), truncated.get(file(last), "key" + last), "cut at " + cut);
      assertOneCacheWarning(truncated);
      assertEquals(Optional.of(unit(0)), truncated.get(file(0), "key0"), "entry files are unaffected");
    }
    byte[] indexFlipped = good.clone();
    indexFlipped[good.length - 30] ^= 0x01; // in the index
    Files.write(pack, indexFlipped);
    UnitCache flipped = cache();
    assertEquals(Optional.empty(), flipped.get(file(last), "key" + last));
    assertOneCacheWarning(flipped);
  }

  @Test
  void aPackLeftUnpublishedByADeadWriterIsNeverReadAndIsRemoved() throws IOException {
    UnitCache cache = cache();
    for (int k = 0; k < MANY; k++) cache.put(file(k), "key" + k, unit(k));
    cache.flush();
    Path packs = packFiles().get(0).getParent();
    // What a killed writer leaves: a temporary pack, named by a process that no longer runs.
    long deadPid = ProcessHandle.current().pid() + 1_000_000;
    Path leftover = packs.resolve(".tmp-" + deadPid + "-1.pack");
    Files.write(leftover, Files.readAllBytes(packFiles().get(0)));
    UnitCache next = cache();
    assertEquals(Optional.of(unit(MANY - 1)), next.get(file(MANY - 1), "key" + (MANY - 1)));
    for (int k = 0; k < MANY; k++) next.put(file(k), "again" + k, unit(k));
    next.flush();
    assertFalse(Files.exists(leftover), "the next pack writer removed it");
    assertEquals(2, packFiles().size());
  }

  private static void assertOneCacheWarning(UnitCache cache) {
    List<Notification> notes = cache.notifications();
    assertEquals(1, notes.size(), "notifications: " + notes);
    assertEquals("cache", notes.get(0).kind());
    assertEquals(Notification.Level.WARNING, notes.get(0).level());
  }
}

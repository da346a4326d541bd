package faultline.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileTest {

  @TempDir Path dir;

  private static final String KEY = "scan-key-ü-1";

  /** Small blob i of a many-blob section: its length and bytes both depend on i, so a swapped blob shows. */
  private static byte[] small(int i) {
    byte[] b = new byte[i % 23];
    for (int j = 0; j < b.length; j++) b[j] = (byte) (i * 31 + j);
    return b;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A small snapshot with two sections, for the damage tests that try every byte. */
  private Path smallFile() throws IOException {
    Path file = dir.resolve("small.snap");
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, KEY)) {
      w.section("funcs", 3, i -> utf8("f" + i));
      w.section("calls", 2, i -> i == 0 ? new byte[0] : utf8("y")); // a name as long as the first one
      w.commit();
    }
    return file;
  }

  private List<Path> filesIn(Path d) throws IOException {
    try (Stream<Path> s = Files.list(d)) {
      return s.sorted().toList();
    }
  }

  @Test
  void sectionsComeBackAsWritten() throws IOException {
    Path file = dir.resolve("a/b/snapshot.bin"); // the writer creates the directories
    byte[] large = new byte[1 << 20];
    new Random(7).nextBytes(large);
    int many = 200_000;
    AtomicInteger calls = new AtomicInteger();
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, KEY)) {
      w.section("mixed", 4, i -> switch (i) {
        case 0 -> utf8("first");
        case 1 -> new byte[0];
        case 2 -> null;
        default -> utf8("last");
      });
      w.section("none", 0, i -> { throw new AssertionError("no blob in an empty section"); });
      w.section("large", 1, i -> large);
      w.section("many", many, i -> {
        calls.incrementAndGet();
        return small(i);
      });
      w.commit();
    }
    assertEquals(many, calls.get(), "each blob asked for once");

    SnapshotFile s = SnapshotFile.open(file, KEY);
    assertEquals(KEY, s.key());
    assertEquals(Files.size(file), s.sizeBytes());
    assertTrue(s.has("mixed") && s.has("none") && s.has("large") && s.has("many"));
    assertFalse(s.has("other"));

    assertEquals(4, s.count("mixed"));
    assertArrayEquals(utf8("first"), bytes(s.blob("mixed", 0)));
    assertEquals(0, s.blob("mixed", 1).limit());
    assertEquals(0, s.blob("mixed", 2).limit(), "null is written as an empty blob");
    assertArrayEquals(utf8("last"), bytes(s.blob("mixed", 3)));
    assertEquals(0, s.count("none"));
    assertArrayEquals(large, bytes(s.blob("large", 0)));

    assertEquals(many, s.count("many"));
    for (int i : new int[] {0, 1, 22, 23, 99_999, 123_457, many - 1}) {
      assertArrayEquals(small(i), bytes(s.blob("many", i)), "blob " + i);
    }
    Random r = new Random(1);
    for (int k = 0; k < 2_000; k++) {
      int i = r.nextInt(many);
      assertArrayEquals(small(i), bytes(s.blob("many", i)), "blob " + i);
    }
  }

  @Test
  void blobIsAReadOnlyViewOfTheMappedFile() throws IOException {
    SnapshotFile s = SnapshotFile.open(smallFile(), KEY);
    ByteBuffer b = s.blob("funcs", 1);
    assertEquals(0, b.position());
    assertEquals(2, b.limit());
    assertEquals(2, b.capacity(), "a view of the blob only, not of the rest of the file");
    assertTrue(b.isReadOnly());
    assertTrue(b.isDirect(), "a view of the mapping, not a copy decoded at open");
    assertThrows(java.nio.ReadOnlyBufferException.class, () -> b.put(0, (byte) 1));
    b.get(); // moving one view leaves the next one at 0
    assertEquals(0, s.blob("funcs", 1).position());
  }

  @Test
  void aSnapshotWithNoSectionsOpens() throws IOException {
    Path file = dir.resolve("empty.snap");
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, "")) {
      w.commit();
    }
    SnapshotFile s = SnapshotFile.open(file, "");
    assertEquals("", s.key());
    assertFalse(s.has(""));
  }

  @Test
  void unknownSectionAndBadIndexAreRefused() throws IOException {
    SnapshotFile s = SnapshotFile.open(smallFile(), KEY);
    assertThrows(IllegalArgumentException.class, () -> s.count("nope"));
    assertThrows(IllegalArgumentException.class, () -> s.blob("nope", 0));
    assertThrows(IndexOutOfBoundsException.class, () -> s.blob("funcs", 3));
    assertThrows(IndexOutOfBoundsException.class, () -> s.blob("funcs", -1));
  }

  @Test
  void anotherKeyIsRefused() throws IOException {
    Path file = smallFile();
    IOException e = assertThrows(IOException.class, () -> SnapshotFile.open(file, "scan-key-ü-2"));
    assertTrue(e.getMessage().contains("scan-key-ü-1") && e.getMessage().contains("scan-key-ü-2"), e.getMessage());
  }

  @Test
  void aMissingFileIsNoSuchFile() {
    assertThrows(NoSuchFileException.class, () -> SnapshotFile.open(dir.resolve("absent.snap"), KEY));
  }

  @Test
  void wrongMagicOrFormatIsRefusedAsSuch() throws IOException {
    Path file = smallFile();
    byte[] good = Files.readAllBytes(file);

    byte[] other = good.clone();
    other[0] = 'X';
    Files.write(file, other);
    IOException e = assertThrows(IOException.class, () -> SnapshotFile.open(file, KEY));
    assertTrue(e.getMessage().contains("magic"), e.getMessage());

    other = good.clone();
    ByteBuffer.wrap(other).putInt(4, SnapshotFile.FORMAT + 1);
    Files.write(file, other);
    e = assertThrows(IOException.class, () -> SnapshotFile.open(file, KEY));
    assertTrue(e.getMessage().contains("format"), e.getMessage());

    Files.write(file, utf8("just some text file, long enough to look like anything"));
    assertThrows(IOException.class, () -> SnapshotFile.open(file, KEY));
  }

  @Test
  void everyTruncationIsRefused() throws IOException {
    Path file = smallFile();
    byte[] good = Files.readAllBytes(file);
    assertEquals(3, SnapshotFile.open(file, KEY).count("funcs")); // the whole file is fine
    for (int length = 0; length < good.length; length++) {
      Files.write(file, java.util.Arrays.copyOf(good, length));
      int l = length;
      IOException e = assertThrows(IOException.class, () -> SnapshotFile.open(file, KEY), () -> "truncated to " + l);
      // Said as such, not as a checksum failure: a snapshot cut short by a crash is a common, harmless case.
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
  }

  /**
   * A flipped byte in the header, directory or tables is refused at open; one in a blob when that blob is read
   * (open checks a few percent of a large snapshot), while the other blobs still read back intact.
   */
  @Test
  void everyFlippedByteIsRefusedWhereItIsRead() throws IOException {
    Path file = smallFile();
    byte[] good = Files.readAllBytes(file);
    for (int mask : new int[] {0x01, 0x80, 0xff}) {
      for (int at = 0; at < good.length; at++) {
        byte[] bad = good.clone();
        bad[at] ^= (byte) mask;
        Files.write(file, bad);
        String where = "byte " + at + " ^ " + mask;
        SnapshotFile s;
        try {
          s = SnapshotFile.open(file, KEY);
        } catch (IOException e) {
          continue;
        }
        int refused = 0;
        for (String section : List.of("funcs", "calls")) {
          for (int i = 0; i < s.count(section); i++) {
            try {
              s.blob(section, i);
            } catch (BlobFormatException e) {
              refused++;
            }
          }
        }
        assertEquals(1, refused, where + ": exactly the damaged blob is refused");
      }
    }
  }

  /** Rewrites the trailing CRC (header and directory), as a forger or a writer bug would: the directory checks must then catch it. */
  private static void fixCrc(byte[] data) {
    int keyLength = ByteBuffer.wrap(data).getInt(8);
    long directory = ByteBuffer.wrap(data).getLong(data.length - 16);
    CRC32C crc = new CRC32C();
    crc.update(data, 0, 12 + keyLength);
    if (directory >= 12 + keyLength && directory <= data.length - 4) {
      crc.update(data, (int) directory, data.length - 4 - (int) directory);
    }
    ByteBuffer.wrap(data).putInt(data.length - 4, (int) crc.getValue());
  }

  @Test
  void aDamagedDirectoryWithAGoodChecksumIsRefused() throws IOException {
    Path file = smallFile();
    byte[] good = Files.readAllBytes(file);
    int trailer = good.length - 16;
    long directory = ByteBuffer.wrap(good).getLong(trailer);

    List<byte[]> bad = new ArrayList<>();
    byte[] b = good.clone(); // directory offset past the trailer
    ByteBuffer.wrap(b).putLong(trailer, good.length);
    bad.add(b);
    b = good.clone(); // directory offset into the middle of a section
    ByteBuffer.wrap(b).putLong(trailer, directory - 3);
    bad.add(b);
    b = good.clone(); // a huge section count
    ByteBuffer.wrap(b).putInt((int) directory, Integer.MAX_VALUE);
    bad.add(b);
    b = good.clone(); // first section's blob count grown by one: its table no longer fits
    int countAt = (int) directory + 4 + 4 + "funcs".length();
    ByteBuffer.wrap(b).putInt(countAt, 4);
    bad.add(b);
    b = good.clone(); // first section's table moved by a byte
    ByteBuffer.wrap(b).putLong(countAt + 12, ByteBuffer.wrap(good).getLong(countAt + 12) + 1);
    bad.add(b);
    b = good.clone(); // second section renamed to the first one's name
    System.arraycopy(utf8("funcs"), 0, b, countAt + 20 + 4, 5);
    bad.add(b);

    for (int k = 0; k < bad.size(); k++) {
      byte[] data = bad.get(k);
      fixCrc(data);
      Files.write(file, data);
      IOException e = assertThrows(IOException.class, () -> SnapshotFile.open(file, KEY), "case " + k);
      assertTrue(e.getMessage().contains("directory"), "case " + k + ": " + e.getMessage());
    }
    // The forging itself is sound: the unchanged bytes with a recomputed CRC still open.
    byte[] same = good.clone();
    fixCrc(same);
    Files.write(file, same);
    assertEquals(2, SnapshotFile.open(file, KEY).count("calls"));
  }

  @Test
  void aWriterClosedWithoutCommitLeavesNothing() throws IOException {
    Path file = dir.resolve("snap.bin");
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, KEY)) {
      w.section("a", 10, SnapshotFileTest::small);
      assertEquals(1, filesIn(dir).size(), "the temporary file exists while writing");
    }
    assertEquals(List.of(), filesIn(dir));
    assertEquals(List.of(), snapshotWriterThreads(), "the thread that writes the file ended with the writer");
  }

  @Test
  void aCommittedWriterLeavesNoThreadBehind() throws IOException {
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(dir.resolve("s"), KEY)) {
      w.section("a", 3_000, i -> new byte[1000]); // three megabytes: buffers go round several times
      w.commit();
      assertEquals(List.of(), snapshotWriterThreads());
    }
    assertEquals(3_000, SnapshotFile.open(dir.resolve("s"), KEY).count("a"));
  }

  private static List<String> snapshotWriterThreads() {
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.equals("faultline-snapshot-writer")).toList();
  }

  @Test
  void commitReplacesAnExistingSnapshot() throws IOException {
    Path file = smallFile();
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, "new")) {
      w.section("funcs", 1, i -> utf8("replaced"));
      w.commit();
    }
    assertEquals(List.of(file), filesIn(dir));
    assertThrows(IOException.class, () -> SnapshotFile.open(file, KEY));
    SnapshotFile s = SnapshotFile.open(file, "new");
    assertEquals(1, s.count("funcs"));
    assertArrayEquals(utf8("replaced"), bytes(s.blob("funcs", 0)));
    assertFalse(s.has("calls"));
  }

  @Test
  void aWriterThatFailsLeavesTheOldSnapshotIntact() throws IOException {
    Path file = smallFile();
    byte[] before = Files.readAllBytes(file);
    SnapshotFile.Writer w = new SnapshotFile.Writer(file, "new");
    w.section("ok", 2, SnapshotFileTest::small);
    RuntimeException boom = new IllegalStateException("encoder failed");
    assertEquals(boom, assertThrows(IllegalStateException.class, () -> w.section("bad", 5, i -> {
      if (i == 3) throw boom;
      return small(i);
    })));
    // A half-written section must never be committed.
    assertThrows(IllegalStateException.class, w::commit);
    w.close();
    assertEquals(List.of(file), filesIn(dir), "no temporary file left");
    assertArrayEquals(before, Files.readAllBytes(file));
    assertArrayEquals(utf8("f2"), bytes(SnapshotFile.open(file, KEY).blob("funcs", 2)));
  }

  @Test
  void aWriterRefusesMisuse() throws IOException {
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(dir.resolve("s"), KEY)) {
      w.section("a", 1, i -> new byte[1]);
      assertThrows(IllegalArgumentException.class, () -> w.section("a", 1, i -> new byte[1]));
      assertThrows(IllegalArgumentException.class, () -> w.section("b", -1, i -> new byte[1]));
      w.commit();
      assertThrows(IllegalStateException.class, () -> w.section("c", 1, i -> new byte[1]));
      assertThrows(IllegalStateException.class, w::commit);
    }
    assertEquals(1, SnapshotFile.open(dir.resolve("s"), KEY).count("a"), "refused calls left the file sound");
  }

  @Test
  void smallMappingWindowsReadTheSameBytes() throws IOException {
    // Windows every 256 bytes, each 511 long: the layout a file over 2 GiB gets, at a size a test can write.
    // Blobs of up to 256 bytes (the window spacing) at every alignment, and tables and names crossing windows.
    Path file = dir.resolve("windows.snap");
    Random r = new Random(3);
    byte[][] blobs = new byte[3_000][];
    for (int i = 0; i < blobs.length; i++) {
      blobs[i] = new byte[i % 10 == 0 ? 256 : r.nextInt(200)];
      r.nextBytes(blobs[i]);
    }
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, KEY)) {
      w.section("head", 1, i -> new byte[5]);
      w.section("blobs", blobs.length, i -> blobs[i]);
      w.section("a section name long enough to cross a window ".repeat(5), 2, i -> blobs[i]);
      w.commit();
    }
    SnapshotFile s = SnapshotFile.open(file, KEY, 8);
    assertTrue(s.sizeBytes() > 100 * 256, "many windows");
    for (int i = 0; i < blobs.length; i++) assertArrayEquals(blobs[i], bytes(s.blob("blobs", i)), "blob " + i);
    assertEquals(2, s.count("a section name long enough to cross a window ".repeat(5)));

    // Damage is still found when checksums are computed window by window: blob 1500 lies in the middle.
    byte[] bad = Files.readAllBytes(file);
    long at = s.blob("blobs", 1500).capacity() > 0 ? offsetOf(bad, blobs[1500]) : -1;
    assertTrue(at > 0);
    bad[(int) at] ^= 1;
    Files.write(file, bad);
    SnapshotFile damaged = SnapshotFile.open(file, KEY, 8);
    assertThrows(BlobFormatException.class, () -> damaged.blob("blobs", 1500));
    assertArrayEquals(blobs[1499], bytes(damaged.blob("blobs", 1499)));
  }

  private static long offsetOf(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int k = 0; k < part.length; k++) if (data[i + k] != part[k]) continue outer;
      return i;
    }
    return -1;
  }

  @Test
  void concurrentReadsSeeTheirOwnBytes() throws Exception {
    Path file = dir.resolve("concurrent.snap");
    int n = 50_000;
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(file, KEY)) {
      w.section("s", n, SnapshotFileTest::small);
      w.commit();
    }
    SnapshotFile s = SnapshotFile.open(file, KEY);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          Random r = new Random(seed);
          int wrong = 0;
          for (int k = 0; k < 100_000; k++) {
            int i = r.nextInt(n);
            ByteBuffer b = s.blob("s", i);
            byte[] expected = small(i);
            // Relative reads move the view's position: shared state between threads would show up here.
            if (b.remaining() != expected.length) {
              wrong++;
              continue;
            }
            for (byte e : expected) if (b.get() != e) wrong++;
          }
          return wrong;
        }));
      }
      for (Future<Integer> f : done) assertEquals(0, f.get());
    } finally {
      pool.shutdownNow();
    }
  }
}

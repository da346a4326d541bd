package faultline.cache;

import faultline.ir.ParseIssue;
import faultline.ir.TranslationUnit;
import faultline.scan.Notification;
import faultline.scan.ScanOptions;
import faultline.scan.UnitCache;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.zip.CRC32C;

/**
 * Lowered files on disk, one entry per (scan root, file): {@code DIR/ir-<schema>/<ab>/<sha256(root, path)>}.
 * An entry holds the scanner's key (digest of the file's bytes and everything else that decides its IR); a
 * different key is a plain miss and the next {@link #put} replaces the entry, so the cache grows with the
 * number of files scanned, not with the number of edits.
 *
 * <p>Entries are written to a temporary file in the same directory and renamed into place, so a crash leaves
 * either the old entry or the new one. Every entry ends in a CRC32C of everything before it: a truncated or
 * damaged entry is a miss with a "cache" notification, never decoded on trust. The cache is best effort: when it
 * cannot be written (read-only, disk full) the scan goes on without it, with one notification.
 *
 * <p>A scan that writes many entries writes all but the first {@link #PACK_AFTER} into one pack file instead,
 * {@code DIR/ir-<schema>/packs/<name>.pack}, published by a rename when the scan {@link #flush flushes}: creating
 * a kernel's 40,000 entry files took the file system about 5 s of system time, one file of the same bytes half a
 * second. A pack holds the entries back to back, each in the entry format with its own checksum, then an index
 * (entry name, offset, length) and a trailer checksummed with it; a damaged index ignores the pack, a damaged
 * entry is a miss, each with a notification. An entry file and pack entries for one name may disagree: the key
 * decides, the first that matches is used. The newest {@link #MAX_PACKS} packs are kept, older ones removed when a
 * new one is published; their entries are misses from then on and are written again.
 *
 * <p>Thread-safe: parser threads call {@link #get} and {@link #put} concurrently for different files.
 */
public final class DiskUnitCache implements UnitCache {

  private static final int MAGIC = 0x464c4952; // "FLIR"
  private static final int PACK_MAGIC = 0x464c504b; // "FLPK"
  private static final int PACK_FORMAT = 1;
  /** Entries written as files before a scan's writes go to a pack: a rescan writes one or two. */
  static final int PACK_AFTER = 64;
  /** Packs kept; publishing one more removes the oldest. */
  static final int MAX_PACKS = 4;
  private static final String PACK_SUFFIX = ".pack";

  private final Path entries;
  private final Path packs;
  private final String rootId;
  private final List<Notification> notifications = new ArrayList<>();
  private final AtomicBoolean writable = new AtomicBoolean(true);

  // Writing: entries written as files since the last flush, then the pack being written (null: none yet).
  private final Object packLock = new Object();
  private int filesSinceFlush;
  private PackWriter pack;

  // Reading: the index of the packs on disk, loaded at the first lookup that needs it.
  private volatile Map<String, List<PackedEntry>> packIndex;

  private DiskUnitCache(Path entries, String rootId) {
    this.entries = entries;
    this.packs = entries.resolve("packs");
    this.rootId = rootId;
  }

  /**
   * The cache for a scan with {@code options}, in {@code dir}. Precise mode (include directories, defines, a
   * compile database) gets no cache: a file's IR then depends on headers the key does not cover, and a stale
   * header would go unnoticed. That is said once, as a note.
   */
  public static UnitCache open(Path dir, ScanOptions options) {
    if (options.frontend().precise()) {
      return new Disabled(new Notification(Notification.Level.NOTE, "cache",
          "cache not used with -I, -D or a compile database: changes to headers would not be seen", Optional.empty()));
    }
    return new DiskUnitCache(dir.resolve("ir-" + IrCodec.SCHEMA),
        options.root().toAbsolutePath().normalize().toString());
  }

  /**
   * The default location: {@code $XDG_CACHE_HOME/faultline}, else {@code ~/.cache/faultline}. {@code env} is
   * the environment (System::getenv outside tests).
   */
  public static Path defaultDirectory(java.util.function.Function<String, String> env, Path home) {
    String xdg = env.apply("XDG_CACHE_HOME");
    // The XDG spec says relative values are invalid and must be ignored.
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) return Path.of(xdg).resolve("faultline");
    return home.resolve(".cache").resolve("faultline");
  }

  @Override public Optional<TranslationUnit> get(String relativePath, String key) {
    Path entry = entryFor(relativePath);
    byte[] data = null;
    try {
      // Asked first with java.io, whose stat throws nothing: on JDK 17 a missing file costs NIO an exception with
      // its stack trace, and every file of a first scan is missing (1.2 CPU-s on a kernel tree, async-profiler).
      // A file that appears after the check is taken as missing; one that disappears is caught below.
      if (entry.toFile().isFile()) data = Files.readAllBytes(entry);
    } catch (NoSuchFileException e) {
      // not written as a file: perhaps in a pack
    } catch (IOException | OutOfMemoryError e) {
      note(relativePath, "cannot read cache entry " + entry + ": " + e.getMessage());
    }
    if (data != null) {
      try {
        Optional<TranslationUnit> unit = read(data, relativePath, key);
        if (unit.isPresent()) return unit;
      } catch (IOException e) {
        note(relativePath, "ignored damaged cache entry " + entry + " (" + e.getMessage() + ")");
      }
    }
    return fromPacks(entry.getFileName().toString(), relativePath, key);
  }

  /** The entry named {@code name} for {@code key} from the packs, newest pack first. */
  private Optional<TranslationUnit> fromPacks(String name, String relativePath, String key) {
    for (PackedEntry e : packIndex().getOrDefault(name, List.of())) {
      byte[] data;
      try (FileChannel channel = FileChannel.open(e.pack(), StandardOpenOption.READ)) {
        data = readFully(channel, e.offset(), e.length()).array();
      } catch (NoSuchFileException gone) {
        continue; // removed by a newer scan's pack since the index was read
      } catch (IOException | OutOfMemoryError failed) {
        note(relativePath, "cannot read cache pack " + e.pack() + ": " + failed.getMessage());
        continue;
      }
      try {
        Optional<TranslationUnit> unit = read(data, relativePath, key);
        if (unit.isPresent()) return unit;
      } catch (IOException damaged) {
        note(relativePath, "ignored damaged cache entry in " + e.pack() + " (" + damaged.getMessage() + ")");
      }
    }
    return Optional.empty();
  }

  @Override public void put(String relativePath, String key, TranslationUnit unit) {
    if (!writable.get()) return;
    if (unit.issues().stream().anyMatch(i -> i.kind().isTransient())) return;
    Path entry = entryFor(relativePath);
    Path temp = null;
    try {
      ByteSink data = write(relativePath, key, unit); // used up before this method returns
      synchronized (packLock) {
        if (pack != null || filesSinceFlush >= PACK_AFTER) {
          if (pack == null) pack = PackWriter.create(packs);
          pack.append(entry.getFileName().toString(), data);
          return;
        }
        filesSinceFlush++;
      }
      Files.createDirectories(entry.getParent());
      // No fsync: after a power loss the rename may be on disk before the data, leaving a short or zeroed entry;
      // its checksum then fails and it is a miss. A cache may lose entries, so syncing each one is not worth
      // its cost (a disk flush per file).
      temp = entry.resolveSibling(TEMP_PREFIX + tempCounter.incrementAndGet());
      try (FileChannel channel = createTemp(temp)) {
        ByteBuffer remaining = ByteBuffer.wrap(data.array(), 0, data.size());
        while (remaining.hasRemaining()) channel.write(remaining);
      }
      try {
        Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, entry, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
    } catch (IOException | RuntimeException e) {
      // One note for the whole scan, then stop trying: a full or read-only disk fails for every file alike.
      if (writable.getAndSet(false)) {
        note(relativePath, "cannot write the cache in " + entries + ", going on without it: " + e);
      }
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // Only a leftover temporary file: it never has an entry's name, so it is never read.
        }
      }
    }
  }

  /**
   * Publishes the pack this cache has been writing, if any (its entries are not read before), and removes packs
   * past the newest {@link #MAX_PACKS}. The next writes start with files again.
   */
  @Override public void flush() {
    PackWriter done;
    synchronized (packLock) {
      done = pack;
      pack = null;
      filesSinceFlush = 0;
    }
    if (done == null) return;
    if (!writable.get()) { // a write failed (and said so): the pack may be incomplete
      done.discard();
      return;
    }
    try {
      done.publish();
      removeOldPacks();
      packIndex = null; // read again when next needed: this cache's later lookups see the new pack
    } catch (IOException | RuntimeException e) {
      done.discard();
      if (writable.getAndSet(false)) {
        note("", "cannot write the cache in " + entries + ", going on without it: " + e);
      }
    }
  }

  private void removeOldPacks() throws IOException {
    List<Path> all = packFiles();
    for (int k = MAX_PACKS; k < all.size(); k++) Files.deleteIfExists(all.get(k));
  }

  /** The published packs, newest first (their names start with the time they were published). */
  private List<Path> packFiles() throws IOException {
    if (!Files.isDirectory(packs)) return List.of();
    List<Path> out = new ArrayList<>();
    try (java.nio.file.DirectoryStream<Path> list = Files.newDirectoryStream(packs, "*" + PACK_SUFFIX)) {
      for (Path p : list) if (!p.getFileName().toString().startsWith(".")) out.add(p);
    }
    out.sort(java.util.Comparator.comparing((Path p) -> p.getFileName().toString()).reversed());
    return out;
  }

  /** An entry in a pack: where its bytes are. */
  private record PackedEntry(Path pack, long offset, int length) {}

  private Map<String, List<PackedEntry>> packIndex() {
    Map<String, List<PackedEntry>> index = packIndex;
    if (index != null) return index;
    synchronized (packLock) {
      if (packIndex == null) packIndex = loadPackIndex();
      return packIndex;
    }
  }

  private Map<String, List<PackedEntry>> loadPackIndex() {
    Map<String, List<PackedEntry>> index = new java.util.HashMap<>();
    List<Path> all;
    try {
      all = packFiles();
    } catch (IOException e) {
      note("", "cannot list the cache packs in " + packs + ": " + e.getMessage());
      return index;
    }
    for (Path p : all) {
      try {
        readPackIndex(p, index);
      } catch (NoSuchFileException gone) {
        // removed by another scan meanwhile
      } catch (IOException e) {
        note("", "ignored damaged cache pack " + p + " (" + e.getMessage() + ")");
      }
    }
    return index;
  }

  /**
   * Adds the entries of pack {@code p} to {@code index}, after those of newer packs. Layout: int magic, int
   * format, entries; then the index, an int count and per entry its name (32 bytes of SHA-256), long offset and
   * int length; then the trailer, the index's offset (long), the magic and a CRC32C of index and offset.
   */
  private static void readPackIndex(Path p, Map<String, List<PackedEntry>> index) throws IOException {
    try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size < 8 + 4 + 16) throw new IOException("truncated: " + size + " bytes");
      ByteBuffer trailer = readFully(channel, size - 16, 16);
      long indexAt = trailer.getLong();
      if (trailer.getInt() != PACK_MAGIC) throw new IOException("not a faultline cache pack");
      int storedCrc = trailer.getInt();
      if (indexAt < 8 || indexAt > size - 16 - 4 || size - 16 - indexAt > Integer.MAX_VALUE) {
        throw new IOException("bad index offset " + indexAt);
      }
      ByteBuffer table = readFully(channel, indexAt, (int) (size - 16 - indexAt));
      CRC32C crc = new CRC32C();
      crc.update(table.duplicate());
      crc.update(ByteBuffer.allocate(8).putLong(0, indexAt));
      if ((int) crc.getValue() != storedCrc) throw new IOException("index checksum mismatch");
      ByteBuffer head = readFully(channel, 0, 8);
      if (head.getInt() != PACK_MAGIC) throw new IOException("not a faultline cache pack");
      if (head.getInt() != PACK_FORMAT) return; // another format: none of its entries can be ours
      int count = table.getInt();
      if (count < 0 || table.remaining() != (long) count * (32 + 8 + 4)) throw new IOException("bad index size");
      byte[] digest = new byte[32];
      for (int k = 0; k < count; k++) {
        table.get(digest);
        long offset = table.getLong();
        int length = table.getInt();
        if (offset < 8 || length < 0 || offset + length > indexAt) throw new IOException("entry outside the pack");
        index.computeIfAbsent(HexFormat.of().formatHex(digest), n -> new ArrayList<>(1))
            .add(new PackedEntry(p, offset, length));
      }
    }
  }

  private static ByteBuffer readFully(FileChannel channel, long at, int length) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) throw new IOException("truncated");
    }
    return b.flip();
  }

  /** A pack being written: a temporary file (see {@link #TEMP_PREFIX}) renamed into place by {@link #publish}. */
  private static final class PackWriter {
    private final Path dir;
    private final Path temp;
    private final FileChannel channel;
    /** The index: the entry count (set when published), then name, offset and length of each entry. */
    private final ByteSink index = new ByteSink(64 * 1024);
    private long offset;
    private int count;

    private PackWriter(Path dir, Path temp, FileChannel channel) {
      this.dir = dir;
      this.temp = temp;
      this.channel = channel;
      index.writeInt(0);
    }

    static PackWriter create(Path dir) throws IOException {
      Files.createDirectories(dir);
      removeDeadWritersTemporaries(dir);
      Path temp = dir.resolve(TEMP_PREFIX + PACK_COUNTER.incrementAndGet() + PACK_SUFFIX);
      PackWriter w = new PackWriter(dir, temp, createTemp(temp));
      ByteSink head = new ByteSink(8);
      head.writeInt(PACK_MAGIC);
      head.writeInt(PACK_FORMAT);
      w.writeAll(head.array(), head.size());
      return w;
    }

    void append(String name, ByteSink entry) throws IOException {
      long at = offset;
      writeAll(entry.array(), entry.size());
      index.write(HexFormat.of().parseHex(name));
      index.writeLong(at);
      index.writeInt(entry.size());
      count++;
    }

    void publish() throws IOException {
      long indexAt = offset;
      index.setInt(0, count);
      CRC32C crc = new CRC32C();
      crc.update(index.array(), 0, index.size());
      crc.update(ByteBuffer.allocate(8).putLong(0, indexAt));
      ByteSink trailer = new ByteSink(16);
      trailer.writeLong(indexAt);
      trailer.writeInt(PACK_MAGIC);
      trailer.writeInt((int) crc.getValue());
      writeAll(index.array(), index.size());
      writeAll(trailer.array(), trailer.size());
      channel.close();
      // Named by time, process and counter: newest first by name, never two alike.
      Path target = dir.resolve(String.format("%016x-%s-%d%s", System.currentTimeMillis(),
          ProcessHandle.current().pid(), PACK_COUNTER.incrementAndGet(), PACK_SUFFIX));
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
    }

    void discard() {
      try {
        channel.close();
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // a hidden temporary file, removed by the next pack writer once this process is gone
      }
    }

    private void writeAll(byte[] bytes, int length) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
      while (b.hasRemaining()) channel.write(b);
      offset += length;
    }
  }

  private static final java.util.concurrent.atomic.AtomicLong PACK_COUNTER = new java.util.concurrent.atomic.AtomicLong();

  /**
   * A pack's temporary file is left behind when its writer died; it is never read (its name starts with a dot),
   * and the next writer removes those whose process is gone.
   */
  private static void removeDeadWritersTemporaries(Path dir) {
    try (java.nio.file.DirectoryStream<Path> list = Files.newDirectoryStream(dir, ".tmp-*" + PACK_SUFFIX)) {
      for (Path p : list) {
        String[] parts = p.getFileName().toString().split("-");
        if (parts.length < 3) continue;
        try {
          long pid = Long.parseLong(parts[1]);
          if (pid != ProcessHandle.current().pid() && ProcessHandle.of(pid).isEmpty()) Files.deleteIfExists(p);
        } catch (NumberFormatException | IOException e) {
          // not ours, or already gone
        }
      }
    } catch (IOException e) {
      // best effort
    }
  }

  /**
   * Temporary files are named by process and counter, not by {@code Files.createTempFile}, which drew a random
   * name and opened the file a second time for every one of a kernel's 40,000 entries. Never an entry's name
   * (entries are hex digests); {@code CREATE_NEW} refuses a name left behind by an earlier process of the same id.
   */
  private static final String TEMP_PREFIX = ".tmp-" + ProcessHandle.current().pid() + "-";
  private final java.util.concurrent.atomic.AtomicLong tempCounter = new java.util.concurrent.atomic.AtomicLong();

  /**
   * Creates {@code temp}, readable and writable by its owner only (as {@code createTempFile} made it). A file of
   * that name can only be left by a dead process that had this one's id: it is removed and the name reused.
   */
  private static FileChannel createTemp(Path temp) throws IOException {
    try {
      return openNew(temp);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      Files.deleteIfExists(temp);
      return openNew(temp);
    }
  }

  private static FileChannel openNew(Path temp) throws IOException {
    java.util.Set<StandardOpenOption> options = java.util.EnumSet.of(StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE);
    if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return FileChannel.open(temp, options, OWNER_ONLY);
    }
    return FileChannel.open(temp, options);
  }

  private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

  /** One snapshot per scan root and inputs, next to the IR entries: {@code DIR/analysis-<schema>/<sha256>}. */
  @Override public Optional<Path> snapshotPath(List<Path> inputs) {
    // Asked by the scan and again by the report: a kernel's 40,000 inputs hash for a tenth of a second.
    Map.Entry<List<Path>, Path> last = lastSnapshotPath;
    if (last != null && last.getKey().equals(inputs)) return Optional.of(last.getValue());
    StringBuilder id = new StringBuilder(rootId);
    for (Path p : inputs) id.append('\0').append(p.toAbsolutePath().normalize());
    Path path = entries.getParent().resolve("analysis-" + faultline.incremental.AnalysisSnapshot.SCHEMA)
        .resolve(sha256Hex(id.toString()));
    lastSnapshotPath = Map.entry(List.copyOf(inputs), path);
    return Optional.of(path);
  }

  private volatile Map.Entry<List<Path>, Path> lastSnapshotPath;

  @Override public List<Notification> notifications() {
    synchronized (notifications) {
      return List.copyOf(notifications);
    }
  }

  Path entryFor(String relativePath) {
    String name = sha256Hex(rootId + "\0" + relativePath);
    return entries.resolve(name.substring(0, 2)).resolve(name);
  }

  private void note(String relativePath, String message) {
    synchronized (notifications) {
      notifications.add(new Notification(Notification.Level.WARNING, "cache",
          relativePath.isEmpty() ? message : relativePath + ": " + message, Optional.empty()));
    }
  }

  // ---- entry format: magic, format, key, path, payload length, payload, CRC32C of all before ------------

  // A cold scan of a kernel writes 40,000 entries: a buffer per entry, grown by doubling, was 2 GB of garbage.
  private static final ThreadLocal<ByteSink> ENTRY_BUFFER = ThreadLocal.withInitial(() -> new ByteSink(64 * 1024));
  private static final int ENTRY_BUFFER_KEPT = 4 << 20;

  /**
   * The entry's bytes, built in one buffer: the payload is encoded in place, not copied. The buffer is this
   * thread's, reused: the bytes are valid until this thread writes its next entry.
   */
  static ByteSink write(String relativePath, String key, TranslationUnit unit) throws IOException {
    ByteSink out = ENTRY_BUFFER.get();
    out.reset(ENTRY_BUFFER_KEPT);
    out.writeInt(MAGIC);
    out.writeInt(IrCodec.FORMAT);
    ByteArrayOutputStream keyUtf = new ByteArrayOutputStream(key.length() + 2);
    new DataOutputStream(keyUtf).writeUTF(key); // modified UTF-8 behind a 2-byte length, as read() expects
    out.write(keyUtf.toByteArray());
    byte[] path = relativePath.getBytes(StandardCharsets.UTF_8);
    out.writeInt(path.length);
    out.write(path);
    int payloadLengthAt = out.size();
    out.writeInt(0); // set below, once the payload is written
    IrCodec.encodeTo(unit, out);
    out.setInt(payloadLengthAt, out.size() - payloadLengthAt - 4);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, out.size());
    out.writeLong(crc.getValue());
    return out;
  }

  /** Empty when the entry is sound but for another key (the file changed); throws when it is damaged. */
  static Optional<TranslationUnit> read(byte[] data, String relativePath, String key) throws IOException {
    if (data.length < 8 + 4 + 2 + 4 + 4 + 8) throw new IOException("truncated: " + data.length + " bytes");
    CRC32C crc = new CRC32C();
    crc.update(data, 0, data.length - 8);
    long stored = java.nio.ByteBuffer.wrap(data, data.length - 8, 8).getLong();
    if (crc.getValue() != stored) throw new IOException("checksum mismatch");
    DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(data, 0, data.length - 8));
    if (in.readInt() != MAGIC) throw new IOException("not a faultline cache entry");
    int format = in.readInt();
    if (format != IrCodec.FORMAT) return Optional.empty();
    String storedKey = in.readUTF();
    int pathLength = in.readInt();
    if (pathLength < 0 || pathLength > in.available()) throw new IOException("bad path length");
    byte[] path = in.readNBytes(pathLength);
    // The entry name is a hash of the path: a different path here is a collision or a copied file, never ours.
    if (!storedKey.equals(key) || !Arrays.equals(path, relativePath.getBytes(StandardCharsets.UTF_8))) {
      return Optional.empty();
    }
    int payloadLength = in.readInt();
    if (payloadLength != in.available()) throw new IOException("payload length " + payloadLength + " != " + in.available());
    TranslationUnit unit = IrCodec.decode(in.readNBytes(payloadLength));
    if (!unit.file().equals(relativePath)) throw new IOException("entry is for " + unit.file());
    return Optional.of(unit);
  }

  private static String sha256Hex(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A cache that keeps nothing and says why once. */
  private record Disabled(Notification why) implements UnitCache {
    @Override public Optional<TranslationUnit> get(String relativePath, String key) { return Optional.empty(); }
    @Override public void put(String relativePath, String key, TranslationUnit unit) {}
    @Override public List<Notification> notifications() { return List.of(why); }
  }
}

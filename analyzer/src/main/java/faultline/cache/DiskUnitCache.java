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
 * <p>Thread-safe: parser threads call {@link #get} and {@link #put} concurrently for different files.
 */
public final class DiskUnitCache implements UnitCache {

  private static final int MAGIC = 0x464c4952; // "FLIR"

  private final Path entries;
  private final String rootId;
  private final List<Notification> notifications = new ArrayList<>();
  private final AtomicBoolean writable = new AtomicBoolean(true);

  private DiskUnitCache(Path entries, String rootId) {
    this.entries = entries;
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
    byte[] data;
    try {
      data = Files.readAllBytes(entry);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | OutOfMemoryError e) {
      note(relativePath, "cannot read cache entry " + entry + ": " + e.getMessage());
      return Optional.empty();
    }
    try {
      return read(data, relativePath, key);
    } catch (IOException e) {
      note(relativePath, "ignored damaged cache entry " + entry + " (" + e.getMessage() + ")");
      return Optional.empty();
    }
  }

  @Override public void put(String relativePath, String key, TranslationUnit unit) {
    if (!writable.get()) return;
    if (unit.issues().stream().anyMatch(i -> i.kind().isTransient())) return;
    Path entry = entryFor(relativePath);
    Path temp = null;
    try {
      ByteSink data = write(relativePath, key, unit);
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
    StringBuilder id = new StringBuilder(rootId);
    for (Path p : inputs) id.append('\0').append(p.toAbsolutePath().normalize());
    return Optional.of(entries.getParent().resolve("analysis-" + faultline.incremental.AnalysisSnapshot.SCHEMA)
        .resolve(sha256Hex(id.toString())));
  }

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
      notifications.add(new Notification(Notification.Level.WARNING, "cache", relativePath + ": " + message,
          Optional.empty()));
    }
  }

  // ---- entry format: magic, format, key, path, payload length, payload, CRC32C of all before ------------

  /** The entry's bytes, built in one buffer: the payload is encoded in place, not copied. */
  static ByteSink write(String relativePath, String key, TranslationUnit unit) throws IOException {
    ByteSink out = new ByteSink(16 * 1024);
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

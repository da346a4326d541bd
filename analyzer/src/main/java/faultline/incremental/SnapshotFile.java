package faultline.incremental;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.IntFunction;
import java.util.zip.CRC32C;

/**
 * A file of numbered binary blobs in named sections, written once by a {@link Writer} and read by random access.
 * It holds the snapshot of a whole scan (up to about a million blobs), of which an incremental scan reads a few
 * thousand: opening it maps the file and checks it, but decodes no blob, and {@link #blob} is O(1).
 *
 * <p>Layout, big-endian:
 * <pre>
 *   header    int magic "FLSS", int format, int key length, key (UTF-8)
 *   section*  blob bytes back to back, then (count + 1) longs: the file offset of each blob, then of the table;
 *             then count ints: the CRC32C of each blob; then an int: the CRC32C of both tables
 *   directory int section count; per section: int name length, name (UTF-8), int count, long data offset,
 *             long table offset
 *   trailer   long directory offset, int magic "FLSE", int CRC32C of the header and the directory
 * </pre>
 * Every byte is covered by a checksum, checked before it is used: the header, directory and every section's tables
 * at {@link #open}, each blob when {@link #blob} hands it out. A torn, truncated or damaged file is refused rather
 * than trusted (which is also why the writer needs no fsync), and opening a snapshot of most of a gigabyte reads
 * a few percent of it: an incremental scan reads only the blobs it needs.
 *
 * <p>Files over 2 GiB are mapped in overlapping windows (a {@code MappedByteBuffer} holds at most 2 GiB): window k
 * starts at k GiB and runs for up to 2 GiB, so any region of at most 1 GiB lies whole in the window of its start.
 * A blob is therefore limited to 1 GiB; the overlap costs address space only, not memory.
 *
 * <p>An open snapshot is immutable and {@link #blob} is safe from any number of threads. The file must not be
 * changed in place while mapped (reading a page cut off by truncation crashes the JVM); the writer never does
 * that, it renames a new file over the old one, and a reader of the old one keeps seeing the old bytes.
 */
public final class SnapshotFile {

  private static final int MAGIC = 0x464c5353; // "FLSS"
  private static final int TRAILER_MAGIC = 0x464c5345; // "FLSE"
  /** Bump when the layout changes; an older or newer file is refused, never half-read. */
  static final int FORMAT = 2;
  private static final int HEADER_FIXED = 12;
  private static final int TRAILER = 16;
  /** Window start spacing for mapping: 1 GiB, so a 2 GiB window holds any region of up to 1 GiB. */
  static final int CHUNK_BITS = 30;
  /** The largest blob: what every mapping window is sure to hold whole (see the class comment). */
  static final int MAX_BLOB = 1 << CHUNK_BITS;

  private final String key;
  private final long size;
  private final ByteBuffer[] windows;
  private final int chunkBits;
  private final Map<String, Section> sections;

  private record Section(String name, int count, long dataOffset, long tableOffset) {}

  private SnapshotFile(String key, long size, ByteBuffer[] windows, int chunkBits, Map<String, Section> sections) {
    this.key = key;
    this.size = size;
    this.windows = windows;
    this.chunkBits = chunkBits;
    this.sections = sections;
  }

  // ---- reading ---------------------------------------------------------------------------------------------

  /**
   * Maps {@code file} and checks it whole: magic, format, trailer, key, CRC32C of all bytes, and the directory.
   * Throws {@link NoSuchFileException} when the file is missing and an {@link IOException} naming the problem for
   * any other file that must not be trusted (another key included).
   */
  public static SnapshotFile open(Path file, String expectedKey) throws IOException {
    return open(file, expectedKey, CHUNK_BITS);
  }

  /** {@link #open} with windows every {@code 2^chunkBits} bytes, so that tests can use many small windows. */
  static SnapshotFile open(Path file, String expectedKey, int chunkBits) throws IOException {
    Objects.requireNonNull(expectedKey, "expectedKey");
    if (chunkBits < 4 || chunkBits > CHUNK_BITS) throw new IllegalArgumentException("chunkBits " + chunkBits);
    long size;
    ByteBuffer[] windows;
    // The channel is closed once mapped: mapped buffers stay valid without it, and no descriptor is held.
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      size = channel.size();
      if (size < HEADER_FIXED + TRAILER) throw damaged(file, "truncated: " + size + " bytes");
      windows = map(channel, size, chunkBits);
    } catch (NoSuchFileException e) {
      NoSuchFileException clear = new NoSuchFileException(file.toString(), null, "no snapshot file");
      clear.initCause(e);
      throw clear;
    }
    return read(file, expectedKey, size, windows, chunkBits);
  }

  private static ByteBuffer[] map(FileChannel channel, long size, int chunkBits) throws IOException {
    long chunk = 1L << chunkBits;
    long windowMax = Math.min(2 * chunk - 1, Integer.MAX_VALUE);
    int count = 1;
    // Just enough windows that the last one reaches the end of the file.
    while ((count - 1) * chunk + windowMax < size) count++;
    ByteBuffer[] out = new ByteBuffer[count];
    for (int k = 0; k < count; k++) {
      long start = k * chunk;
      out[k] = channel.map(FileChannel.MapMode.READ_ONLY, start, Math.min(windowMax, size - start));
    }
    return out;
  }

  private static SnapshotFile read(Path file, String expectedKey, long size, ByteBuffer[] windows, int chunkBits)
      throws IOException {
    SnapshotFile raw = new SnapshotFile(null, size, windows, chunkBits, Map.of());
    if (raw.getInt(0) != MAGIC) throw damaged(file, "not a faultline snapshot (bad magic)");
    int format = raw.getInt(4);
    if (format != FORMAT) throw damaged(file, "unsupported snapshot format " + format + ", expected " + FORMAT);
    if (raw.getInt(size - 8) != TRAILER_MAGIC) throw damaged(file, "truncated or unfinished (no trailer)");
    long trailer = size - TRAILER;
    int keyLength = raw.getInt(8);
    if (keyLength < 0 || keyLength > trailer - HEADER_FIXED) throw damaged(file, "bad key length " + keyLength);
    // The key before the checksums: a snapshot of another state is refused as such, not reported as damage.
    String key = raw.utf8(HEADER_FIXED, keyLength, file, "key");
    if (!key.equals(expectedKey)) throw new OtherKey(file, key, expectedKey);
    long headerEnd = HEADER_FIXED + keyLength;
    long dir = raw.getLong(trailer);
    if (dir < headerEnd || dir > trailer - 4) throw damaged(file, "damaged directory: offset " + dir);
    CRC32C sum = new CRC32C();
    raw.crc(sum, 0, headerEnd);
    raw.crc(sum, dir, size - 4 - dir);
    if (raw.getInt(size - 4) != (int) sum.getValue()) throw damaged(file, "checksum mismatch (damaged file)");
    Map<String, Section> sections = directory(raw, file, headerEnd, dir, trailer);
    for (Section s : sections.values()) {
      long tables = 12L * s.count + 8;
      CRC32C t = new CRC32C();
      raw.crc(t, s.tableOffset, tables);
      if (raw.getInt(s.tableOffset + tables) != (int) t.getValue()) {
        throw damaged(file, "checksum mismatch in the tables of section '" + s.name + "' (damaged file)");
      }
    }
    return new SnapshotFile(key, size, windows, chunkBits, sections);
  }

  /**
   * Reads and checks the directory. The CRC has passed, so a failure here means a writer bug or a forged file;
   * it is still checked because {@link #blob} relies on the bounds without checking them again.
   */
  private static Map<String, Section> directory(SnapshotFile raw, Path file, long headerEnd, long dir, long end)
      throws IOException {
    if (dir < headerEnd || dir > end - 4) throw damaged(file, "damaged directory: offset " + dir);
    long at = dir;
    int n = raw.getInt(at);
    at += 4;
    // An entry takes at least 24 bytes (an empty name): a count beyond that is damage, not a huge allocation.
    if (n < 0 || n > (end - at) / 24) throw damaged(file, "damaged directory: " + n + " sections");
    Map<String, Section> out = new HashMap<>(Math.max(4, n * 2));
    long previousEnd = headerEnd; // sections lie in write order, back to back between the header and directory
    for (int s = 0; s < n; s++) {
      if (end - at < 24) throw damaged(file, "damaged directory: runs past its end");
      int nameLength = raw.getInt(at);
      at += 4;
      if (nameLength < 0 || nameLength > end - at - 20) throw damaged(file, "damaged directory: name length");
      String name = raw.utf8(at, nameLength, file, "damaged directory: section name");
      at += nameLength;
      int count = raw.getInt(at);
      long data = raw.getLong(at + 4);
      long table = raw.getLong(at + 12);
      at += 20;
      if (count < 0 || data != previousEnd || table < data || table > dir - (12L * count + 12)
          || raw.getLong(table) != data || raw.getLong(table + 8L * count) != table) {
        throw damaged(file, "damaged directory: bad bounds for section '" + name + "'");
      }
      if (out.put(name, new Section(name, count, data, table)) != null) {
        throw damaged(file, "damaged directory: section '" + name + "' twice");
      }
      previousEnd = table + 12L * count + 12;
    }
    if (previousEnd != dir || at != end) {
      throw damaged(file, "damaged directory: sections end at " + previousEnd + ", directory spans " + dir + ".." + at
          + ", trailer at " + end);
    }
    return Map.copyOf(out);
  }

  /** The snapshot is sound but was written for another key (another build, other options): not an error. */
  public static final class OtherKey extends IOException {
    private static final long serialVersionUID = 1L;

    OtherKey(Path file, String key, String expected) {
      super("snapshot " + file + ": snapshot is for key '" + key + "', expected '" + expected + "'");
    }
  }

  private static IOException damaged(Path file, String why) {
    return new IOException("snapshot " + file + ": " + why);
  }

  /** The key the snapshot was written with (equal to the one it was opened with). */
  public String key() {
    return key;
  }

  /** Whether the snapshot has a section of that name. */
  public boolean has(String section) {
    return sections.containsKey(section);
  }

  /** The number of blobs in {@code section}; IllegalArgumentException when there is no such section. */
  public int count(String section) {
    return section(section).count;
  }

  /** The length of blob {@code i} of {@code section}, without checking or viewing it (most blobs are empty). */
  public long length(String section, int i) {
    Section s = section(section);
    Objects.checkIndex(i, s.count);
    return getLong(s.tableOffset + 8L * i + 8) - getLong(s.tableOffset + 8L * i);
  }

  /**
   * Blob {@code i} of {@code section}: a read-only view of the mapped file, position 0, limit its length. Each
   * call returns a new view, so threads may read concurrently and move their views' positions freely.
   * IllegalArgumentException for an unknown section, IndexOutOfBoundsException for a bad index.
   */
  public ByteBuffer blob(String section, int i) {
    Section s = section(section);
    Objects.checkIndex(i, s.count);
    long start = getLong(s.tableOffset + 8L * i);
    long end = getLong(s.tableOffset + 8L * i + 8);
    // The tables' checksum passed at open, so this only guards against a writer bug.
    if (start < s.dataOffset || end < start || end > s.tableOffset || end - start > (1L << chunkBits)) {
      throw new BlobFormatException("snapshot section '" + section + "' has a bad offset for blob " + i);
    }
    ByteBuffer blob = region(start, (int) (end - start));
    CRC32C sum = new CRC32C();
    sum.update(blob.duplicate());
    if ((int) sum.getValue() != getInt(s.tableOffset + 8L * (s.count + 1) + 4L * i)) {
      throw new BlobFormatException("snapshot section '" + section + "': blob " + i + " is damaged (checksum mismatch)");
    }
    return blob;
  }

  /** The file's size in bytes. */
  public long sizeBytes() {
    return size;
  }

  @Override public String toString() {
    return "SnapshotFile[key=" + key + ", " + sections.size() + " sections, " + size + " bytes]";
  }

  private Section section(String name) {
    Section s = sections.get(name);
    if (s == null) throw new IllegalArgumentException("no section '" + name + "' in the snapshot");
    return s;
  }

  /** The window holding a region that starts at {@code pos} and is at most one chunk long. */
  private int windowOf(long pos) {
    return (int) Math.min(pos >>> chunkBits, windows.length - 1);
  }

  private long windowStart(int window) {
    return (long) window << chunkBits;
  }

  private int getInt(long pos) {
    int w = windowOf(pos);
    return windows[w].getInt((int) (pos - windowStart(w)));
  }

  private long getLong(long pos) {
    int w = windowOf(pos);
    return windows[w].getLong((int) (pos - windowStart(w)));
  }

  /** A new read-only view; absolute slice() leaves the shared window untouched, so this is thread-safe. */
  private ByteBuffer region(long pos, int length) {
    int w = windowOf(pos);
    return windows[w].slice((int) (pos - windowStart(w)), length).asReadOnlyBuffer();
  }

  private String utf8(long pos, int length, Path file, String what) throws IOException {
    if (length > (1L << chunkBits)) throw damaged(file, what + " too long: " + length + " bytes");
    try {
      // Strict decoding: a malformed name is damage, not something to paper over with replacement characters.
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(region(pos, length)).toString();
    } catch (CharacterCodingException e) {
      throw damaged(file, what + " is not valid UTF-8");
    }
  }

  /** Adds bytes [from, from + length) to {@code crc}, a chunk at a time so each piece lies in one window. */
  private void crc(CRC32C crc, long from, long length) {
    long chunk = 1L << chunkBits;
    for (long pos = from; pos < from + length; pos += chunk) {
      crc.update(region(pos, (int) Math.min(chunk, from + length - pos)));
    }
  }

  // ---- writing ---------------------------------------------------------------------------------------------

  /**
   * Writes a snapshot: {@link #section} for each section, then {@link #commit}. The data goes to a temporary file
   * next to the target, streamed (only the current section's offset table is kept in memory), and is renamed
   * over the target on commit, so readers see the old file or the new one, never a mix. Not thread-safe.
   */
  public static final class Writer implements Closeable {

    private static final int BUFFER = 1 << 20;

    private final Path target;
    private final Path temp;
    private final FileChannel channel;
    private final Drain drain;
    /** Being filled; a full one goes to {@link #drain}, which gives back an empty one. */
    private ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
    /** Of the header, then the directory: what the trailer's checksum covers. */
    private final CRC32C crc = new CRC32C();
    private final Map<String, Section> written = new LinkedHashMap<>();
    /** Bytes already handed to the channel; the logical position adds what is still in the buffer. */
    private long flushed;
    private boolean committed;
    private boolean closed;
    /** Set when a write failed half-way: the temporary file is then inconsistent and must never be committed. */
    private boolean failed;

    /** Starts a snapshot for {@code target} (its directory is created) whose readers must expect {@code key}. */
    public Writer(Path target, String key) throws IOException {
      this.target = target.toAbsolutePath();
      Objects.requireNonNull(key, "key");
      Path dir = this.target.getParent();
      Files.createDirectories(dir);
      // Same directory as the target, so the final rename stays on one file system and can be atomic.
      this.temp = Files.createTempFile(dir, "." + this.target.getFileName() + ".", ".tmp");
      FileChannel opened = null;
      Drain started = null;
      try {
        opened = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        this.channel = opened;
        started = new Drain(opened);
        this.drain = started;
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(HEADER_FIXED + keyBytes.length);
        header.putInt(MAGIC).putInt(FORMAT).putInt(keyBytes.length).put(keyBytes);
        crc.update(header.array());
        write(header.array());
      } catch (IOException | RuntimeException e) {
        if (started != null) started.abandon();
        if (opened != null) opened.close();
        Files.deleteIfExists(temp);
        throw e;
      }
    }

    /**
     * Writes a section of {@code count} blobs, blob i being {@code blobs.apply(i)} (null stands for an empty blob).
     * Sections are written in call order and their names must be unique. If this throws, the writer can only be
     * closed: the partial file is discarded.
     */
    public void section(String name, int count, IntFunction<byte[]> blobs) throws IOException {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(blobs, "blobs");
      if (count < 0) throw new IllegalArgumentException("negative count " + count + " for section '" + name + "'");
      if (written.containsKey(name)) throw new IllegalArgumentException("section '" + name + "' written twice");
      ensureOpen();
      failed = true; // until the section is whole
      long data = position();
      long[] offsets = new long[count + 1];
      int[] sums = new int[count];
      CRC32C blobSum = new CRC32C();
      for (int i = 0; i < count; i++) {
        offsets[i] = position();
        byte[] blob = blobs.apply(i);
        blobSum.reset();
        if (blob != null) {
          if (blob.length > MAX_BLOB) {
            throw new IllegalArgumentException("blob " + i + " of section '" + name + "' is " + blob.length
                + " bytes, the limit is " + MAX_BLOB);
          }
          blobSum.update(blob);
          write(blob);
        }
        sums[i] = (int) blobSum.getValue();
      }
      offsets[count] = position();
      long table = position();
      ByteBuffer tables = ByteBuffer.allocate(12 * count + 8);
      for (long offset : offsets) tables.putLong(offset);
      for (int sum : sums) tables.putInt(sum);
      CRC32C tableSum = new CRC32C();
      tableSum.update(tables.array());
      write(tables.array());
      writeInt((int) tableSum.getValue());
      written.put(name, new Section(name, count, data, table));
      failed = false;
    }

    /**
     * Writes the directory and trailer and renames the file onto the target, replacing what was there. After
     * that the writer is done; {@link #close} has nothing left to do.
     */
    public void commit() throws IOException {
      ensureOpen();
      failed = true;
      long directory = position();
      java.io.ByteArrayOutputStream dirBytes = new java.io.ByteArrayOutputStream();
      java.io.DataOutputStream dirOut = new java.io.DataOutputStream(dirBytes);
      dirOut.writeInt(written.size());
      for (Section s : written.values()) {
        byte[] name = s.name.getBytes(StandardCharsets.UTF_8);
        dirOut.writeInt(name.length);
        dirOut.write(name);
        dirOut.writeInt(s.count);
        dirOut.writeLong(s.dataOffset);
        dirOut.writeLong(s.tableOffset);
      }
      dirOut.writeLong(directory);
      dirOut.writeInt(TRAILER_MAGIC);
      byte[] tail = dirBytes.toByteArray();
      crc.update(tail);
      write(tail);
      writeInt((int) crc.getValue());
      flush();
      drain.finish();
      channel.close();
      // No fsync: after a crash the rename may reach the disk before the data; the torn file then fails its CRC
      // and is treated as absent, which a snapshot (a cache of a scan) can afford.
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
      failed = false;
    }

    /** Deletes the temporary file unless {@link #commit} succeeded; the target is then left as it was. */
    @Override public void close() throws IOException {
      if (closed) return;
      closed = true;
      try {
        drain.abandon(); // after a commit it has ended already
        channel.close();
      } finally {
        if (!committed) Files.deleteIfExists(temp);
      }
    }

    private long position() {
      return flushed + buffer.position();
    }

    private void ensureOpen() {
      if (closed || committed) throw new IllegalStateException("snapshot writer for " + target + " is finished");
      if (failed) throw new IllegalStateException("an earlier write to the snapshot for " + target + " failed");
    }

    private void writeInt(int v) throws IOException {
      if (buffer.remaining() < 4) flush();
      buffer.putInt(v);
    }

    private void write(byte[] bytes) throws IOException {
      if (bytes.length > buffer.remaining()) flush();
      if (bytes.length > buffer.capacity()) {
        // A large blob goes to the file whole rather than through the buffer in pieces (the caller never changes
        // a blob it handed over).
        drain.writeWhole(ByteBuffer.wrap(bytes));
        flushed += bytes.length;
      } else {
        buffer.put(bytes);
      }
    }

    /** Hands the buffer to the drain, counting its bytes into the position, and goes on with an empty one. */
    private void flush() throws IOException {
      buffer.flip();
      flushed += buffer.remaining();
      buffer = drain.swap(buffer);
    }
  }

  /**
   * Writes a {@link Writer}'s full buffers to its file on a thread of its own, in the order given, while the writer
   * encodes the next ones: on a kernel tree the 460 MB snapshot took the scan's main thread 1.4 s of system calls,
   * with a core idle. A few buffers circulate between the two threads. The first failure to write is kept, the
   * rest of the data is then dropped, and the writer gets the failure at its next hand-over or at {@link #finish}.
   */
  private static final class Drain {
    /** Buffers in circulation besides the one being filled. */
    private static final int SPARE = 3;
    /** Queued after the last data: the thread ends. */
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileChannel channel;
    private final BlockingQueue<ByteBuffer> full = new LinkedBlockingQueue<>();
    /** Room for every circulating buffer, the writer's own included: a return never waits or fails. */
    private final BlockingQueue<ByteBuffer> empty = new ArrayBlockingQueue<>(SPARE + 1);
    private final Thread thread;
    private volatile IOException failure;

    Drain(FileChannel channel) {
      this.channel = channel;
      for (int i = 0; i < SPARE; i++) empty.add(ByteBuffer.allocate(Writer.BUFFER));
      this.thread = new Thread(this::run, "faultline-snapshot-writer");
      thread.setDaemon(true); // a scan that fails elsewhere must not keep the JVM alive for its snapshot
      thread.start();
    }

    /** Queues {@code filled} (flipped) and returns an empty buffer; waits while the thread is {@code SPARE} behind. */
    ByteBuffer swap(ByteBuffer filled) throws IOException {
      throwFailure();
      full.add(filled);
      try {
        return empty.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while writing a snapshot");
      }
    }

    /** Queues bytes that are not one of the circulating buffers: nothing comes back. */
    void writeWhole(ByteBuffer bytes) throws IOException {
      throwFailure();
      full.add(bytes);
    }

    /** Waits until everything queued is in the file; throws the first failure. */
    void finish() throws IOException {
      full.add(END);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while writing a snapshot");
      }
      throwFailure();
    }

    /** Ends the thread without writing what is queued: the file is being discarded. */
    void abandon() {
      full.clear();
      full.add(END);
      try {
        thread.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private void throwFailure() throws IOException {
      IOException f = failure;
      if (f != null) throw new IOException("cannot write the snapshot: " + f.getMessage(), f);
    }

    private void run() {
      while (true) {
        ByteBuffer next;
        try {
          next = full.take();
        } catch (InterruptedException e) {
          return; // only abandon() and finish() end the thread; an interrupt from outside drops the snapshot
        }
        if (next == END) return;
        if (failure == null) {
          try {
            while (next.hasRemaining()) channel.write(next);
          } catch (IOException e) {
            failure = e;
          } catch (RuntimeException | Error e) {
            failure = new IOException(e.toString(), e);
          }
        }
        if (next.capacity() == Writer.BUFFER) {
          next.clear();
          empty.add(next);
        }
      }
    }
  }
}

package faultline.report;

import faultline.ir.Span;
import faultline.rule.Finding;
import faultline.rule.Step;
import faultline.rule.Trace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * SARIF results as an earlier report of the same faultline build wrote them, found by what they were made from. A
 * rescan of a kernel reports some 20,000 results, nearly all as they were last time; building the java-sarif
 * objects and serialising them again (Jackson's bean serialisers, run by C1 code) was a fifth of the rescan.
 *
 * <p>A result is found by its <em>description</em>: every input of {@link SarifReport}'s result, written out
 * exactly (the finding's rule, level, message, location, traces and suppression, its rule index and its
 * fingerprint). A hash only picks candidates; a stored result is used only when its description is the same, byte
 * for byte. The rendering code is not in the description: a store belongs to one build ({@code key}).
 *
 * <p>One store serves one report: {@link #prepare}, then {@link #reuse} or {@link #rendered} for each result (from
 * any thread, each result once), then {@link #save}. The store is written again, with exactly this report's
 * results, when it was missing or unusable or when more than {@link #STALE_SHARE} of the results were rendered anew;
 * otherwise a rescan leaves it as it is.
 *
 * <p>File: a header (magic, format, key), each entry's description and JSON back to back, an index (per entry: the
 * description's CRC32C, offset, lengths, and the CRC32C of description and JSON), and a trailer (index offset,
 * CRC32C of header and index, magic). Written to a temporary file and renamed, so a crash leaves the old store or
 * none. Every entry is checked when the store is opened: a damaged entry is not used, a damaged header or index
 * makes the store unusable, and either is said in {@link #problem()}.
 */
public final class ResultStore {

  private static final int MAGIC = 0x464c524a;     // "FLRJ"
  private static final int END_MAGIC = 0x4a524c46;
  private static final int FORMAT = 1;
  private static final int INDEX_ENTRY_BYTES = 8 + 4 + 4 + 4 + 4;
  private static final int TRAILER_BYTES = 8 + 4 + 4;
  /** One mapping holds the whole store; a report with more results than fit leaves none (and removes the old). */
  private static final long MAX_BYTES = Integer.MAX_VALUE;
  /** More results rendered anew than this share of the report: the store is written again. */
  static final double STALE_SHARE = 0.05;

  private final Path file;
  private final String key;
  private final Optional<String> problem;
  private final boolean usable;

  // The stored entries; data is the mapped file (null when there is none).
  private final MappedByteBuffer data;
  private final long[] offset;
  private final int[] descriptionLength;
  private final int[] jsonLength;
  private final int[] descriptionHash;
  private final int[] entrySum;
  private final boolean[] damaged;
  private final int[] slots;        // open addressing on descriptionHash: entry + 1, 0 = empty

  // This report's results: the stored entry reused, or the description and JSON rendered anew.
  private int[] reusedEntry;
  private byte[][] newDescription;
  private byte[][] newJson;

  private ResultStore(Path file, String key, Optional<String> problem, boolean usable, MappedByteBuffer data,
      long[] offset, int[] descriptionLength, int[] jsonLength, int[] descriptionHash, int[] entrySum, boolean[] damaged) {
    this.file = file;
    this.key = key;
    this.problem = problem;
    this.usable = usable;
    this.data = data;
    this.offset = offset;
    this.descriptionLength = descriptionLength;
    this.jsonLength = jsonLength;
    this.descriptionHash = descriptionHash;
    this.entrySum = entrySum;
    this.damaged = damaged;
    int n = offset.length;
    this.slots = new int[Integer.highestOneBit(Math.max(4, n * 2)) * 2];
    for (int e = 0; e < n; e++) {
      if (damaged[e]) continue;
      int s = slot(descriptionHash[e]);
      while (slots[s] != 0) s = (s + 1) & (slots.length - 1);
      slots[s] = e + 1;
    }
  }

  /**
   * The store at {@code file} for build {@code key}. Never fails: a missing file gives an empty store; an
   * unreadable, damaged or other build's file gives an empty store (the last two with a {@link #problem()}).
   */
  public static ResultStore open(Path file, String key) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      return read(file, key, channel);
    } catch (NoSuchFileException e) {
      return empty(file, key, Optional.empty(), false);
    } catch (IOException | RuntimeException e) {
      return empty(file, key, Optional.of("stored SARIF results in " + file + " cannot be read (" + e.getMessage()
          + "); all results are rendered anew"), false);
    }
  }

  private static ResultStore empty(Path file, String key, Optional<String> problem, boolean usable) {
    return new ResultStore(file, key, problem, usable, null, new long[0], new int[0], new int[0], new int[0],
        new int[0], new boolean[0]);
  }

  private static ResultStore read(Path file, String key, FileChannel channel) throws IOException {
    long size = channel.size();
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    int headerBytes = 4 + 4 + 4 + keyBytes.length;
    if (size < headerBytes + 4 + TRAILER_BYTES) return damagedStore(file, key, "its size");
    if (size > MAX_BYTES) return empty(file, key, Optional.empty(), false);   // save() writes none this large
    MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
    int sizeInt = (int) size;
    long indexAt = map.getLong(sizeInt - TRAILER_BYTES);
    int tableSum = map.getInt(sizeInt - TRAILER_BYTES + 8);
    if (map.getInt(sizeInt - 4) != END_MAGIC || map.getInt(0) != MAGIC || map.getInt(4) != FORMAT) {
      return damagedStore(file, key, "its header or trailer");
    }
    // Another build's store is not damaged, only of no use: it is replaced without a word.
    int storedKeyLength = map.getInt(8);
    if (storedKeyLength != keyBytes.length
        || map.slice(12, keyBytes.length).mismatch(ByteBuffer.wrap(keyBytes)) != -1) {
      return empty(file, key, Optional.empty(), false);
    }
    if (indexAt < headerBytes || indexAt > sizeInt - TRAILER_BYTES - 4) return damagedStore(file, key, "its index");
    int index = (int) indexAt;
    int count = map.getInt(index);
    if (count < 0 || (long) count * INDEX_ENTRY_BYTES != sizeInt - TRAILER_BYTES - index - 4L) {
      return damagedStore(file, key, "its index");
    }
    CRC32C sum = new CRC32C();
    sum.update(map.slice(0, headerBytes));
    sum.update(map.slice(index, sizeInt - TRAILER_BYTES - index));
    if ((int) sum.getValue() != tableSum) return damagedStore(file, key, "its index");

    long[] offset = new long[count];
    int[] descriptionLength = new int[count];
    int[] jsonLength = new int[count];
    int[] descriptionHash = new int[count];
    int[] entrySum = new int[count];
    boolean[] damaged = new boolean[count];
    int bad = 0;
    CRC32C entry = new CRC32C();
    for (int e = 0, at = index + 4; e < count; e++, at += INDEX_ENTRY_BYTES) {
      offset[e] = map.getLong(at);
      descriptionHash[e] = map.getInt(at + 8);
      descriptionLength[e] = map.getInt(at + 12);
      jsonLength[e] = map.getInt(at + 16);
      entrySum[e] = map.getInt(at + 20);
      long end = offset[e] + (long) descriptionLength[e] + jsonLength[e];
      if (offset[e] < headerBytes || descriptionLength[e] < 0 || jsonLength[e] < 0 || end > index) {
        damaged[e] = true;
      } else {
        entry.reset();
        entry.update(map.slice((int) offset[e], descriptionLength[e] + jsonLength[e]));
        damaged[e] = (int) entry.getValue() != entrySum[e];
      }
      if (damaged[e]) bad++;
    }
    Optional<String> problem = bad == 0 ? Optional.empty()
        : Optional.of(bad + " of " + count + " stored SARIF results in " + file + " are damaged; they are rendered anew");
    return new ResultStore(file, key, problem, bad == 0, map, offset, descriptionLength, jsonLength, descriptionHash,
        entrySum, damaged);
  }

  private static ResultStore damagedStore(Path file, String key, String what) {
    return empty(file, key, Optional.of("stored SARIF results in " + file + " are damaged (" + what
        + "); all results are rendered anew"), false);
  }

  /** Why stored results are not used, for a notification; empty when the store is fine or was not there. */
  public Optional<String> problem() {
    return problem;
  }

  /** Starts a report of {@code results} results. */
  void prepare(int results) {
    reusedEntry = new int[results];
    Arrays.fill(reusedEntry, -1);
    newDescription = new byte[results][];
    newJson = new byte[results][];
  }

  /** The stored JSON of result {@code result} when its description matches a stored one, else null. */
  byte[] reuse(int result, Description d) {
    if (data == null) return null;
    int hash = d.hash();
    for (int s = slot(hash); slots[s] != 0; s = (s + 1) & (slots.length - 1)) {
      int e = slots[s] - 1;
      if (descriptionHash[e] != hash || descriptionLength[e] != d.length()) continue;
      int at = (int) offset[e];
      if (data.slice(at, d.length()).mismatch(ByteBuffer.wrap(d.bytes(), 0, d.length())) != -1) continue;
      byte[] json = new byte[jsonLength[e]];
      data.get(at + descriptionLength[e], json);
      reusedEntry[result] = e;
      return json;
    }
    return null;
  }

  /** Result {@code result} was rendered anew as {@code json}. */
  void rendered(int result, Description d, byte[] json) {
    newDescription[result] = d.toByteArray();
    newJson[result] = json;
  }

  /** How many results of this report were rendered anew. */
  public int renderedAnew() {
    int n = 0;
    if (newJson != null) for (byte[] json : newJson) if (json != null) n++;
    return n;
  }

  /** How many results of this report were taken from the store. */
  public int reused() {
    int n = 0;
    if (reusedEntry != null) for (int e : reusedEntry) if (e >= 0) n++;
    return n;
  }

  /**
   * Writes the store again when it is worth it (see the class comment). Best effort: a store that cannot be
   * written costs the next report time, not its results.
   */
  public void save() {
    if (reusedEntry == null) return;
    int anew = renderedAnew();
    if (usable && anew <= STALE_SHARE * reusedEntry.length) return;
    if (bytesToWrite() > MAX_BYTES) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // an old store then stays; it is still exact for the results it holds
      }
      return;
    }
    try {
      AtomicFile.writeCacheFile(file, this::write);
    } catch (IOException | RuntimeException e) {
      // the next report renders what this one could not keep
    }
  }

  /** The size of the store {@link #write} would write. */
  private long bytesToWrite() {
    long total = 12L + key.getBytes(StandardCharsets.UTF_8).length + 4 + TRAILER_BYTES;
    for (int r = 0; r < reusedEntry.length; r++) {
      int e = reusedEntry[r];
      total += INDEX_ENTRY_BYTES + (e >= 0 ? (long) descriptionLength[e] + jsonLength[e]
          : (newDescription[r] == null ? 0 : newDescription[r].length) + (long) (newJson[r] == null ? 0 : newJson[r].length));
    }
    return total;
  }

  private void write(OutputStream out) throws IOException {
    java.io.DataOutputStream data = new java.io.DataOutputStream(out);
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    ByteBuffer header = ByteBuffer.allocate(12 + keyBytes.length).putInt(MAGIC).putInt(FORMAT).putInt(keyBytes.length)
        .put(keyBytes);
    data.write(header.array());
    int n = reusedEntry.length;
    ByteBuffer index = ByteBuffer.allocate(4 + n * INDEX_ENTRY_BYTES).putInt(n);
    long at = header.capacity();
    CRC32C entry = new CRC32C();
    byte[] copy = new byte[0];
    for (int r = 0; r < n; r++) {
      int e = reusedEntry[r];
      int hash;
      int descriptionBytes;
      int jsonBytes;
      int sum;
      if (e >= 0) {
        hash = descriptionHash[e];
        descriptionBytes = descriptionLength[e];
        jsonBytes = jsonLength[e];
        sum = entrySum[e];
        int length = descriptionBytes + jsonBytes;
        if (copy.length < length) copy = new byte[Math.max(length, copy.length * 2)];
        this.data.get((int) offset[e], copy, 0, length);
        data.write(copy, 0, length);
      } else {
        byte[] description = newDescription[r];
        byte[] json = newJson[r];
        if (description == null || json == null) throw new IllegalStateException("result " + r + " was not reported");
        hash = Description.hash(description, description.length);
        descriptionBytes = description.length;
        jsonBytes = json.length;
        entry.reset();
        entry.update(description);
        entry.update(json);
        sum = (int) entry.getValue();
        data.write(description);
        data.write(json);
      }
      index.putLong(at).putInt(hash).putInt(descriptionBytes).putInt(jsonBytes).putInt(sum);
      at += descriptionBytes + (long) jsonBytes;
    }
    data.write(index.array());
    CRC32C tables = new CRC32C();
    tables.update(header.array());
    tables.update(index.array());
    data.writeLong(at);
    data.writeInt((int) tables.getValue());
    data.writeInt(END_MAGIC);
    data.flush();
  }

  private int slot(int hash) {
    int h = hash * 0x9E3779B9;
    return (h ^ (h >>> 16)) & (slots.length - 1);
  }

  /**
   * What a result is made from, written out exactly into a buffer the thread reuses. Strings are written as their
   * length and UTF-16 code units (one byte for those below 0x80, else a marker and two bytes), so that two different
   * strings never write the same bytes, unpaired surrogates included.
   */
  static final class Description {
    private static final ThreadLocal<Description> PER_THREAD = ThreadLocal.withInitial(Description::new);
    private static final int KEPT_CAPACITY = 1 << 20;

    private byte[] buf = new byte[16 * 1024];
    private int size;

    /** The description of a result for {@code f} with {@code ruleIndex} (null: none) and {@code fingerprint}. */
    static Description of(Finding f, Integer ruleIndex, String fingerprint) {
      Description d = PER_THREAD.get();
      d.size = 0;
      if (d.buf.length > KEPT_CAPACITY) d.buf = new byte[16 * 1024];
      d.string(f.ruleId());
      d.number(ruleIndex == null ? -1 : ruleIndex);
      d.string(f.severity().name());
      d.string(f.message());
      d.span(f.at());
      d.string(fingerprint);
      d.number(f.traces().size());
      for (Trace t : f.traces()) {
        d.string(t.title());
        d.number(t.steps().size());
        for (Step s : t.steps()) {
          d.number(s.kind().ordinal());
          d.span(s.at());
          d.string(s.message());
          d.number(s.depth());
        }
      }
      d.number(f.suppression().isPresent() ? 1 : 0);
      if (f.suppression().isPresent()) d.string(f.suppression().get());
      return d;
    }

    byte[] bytes() {
      return buf;
    }

    int length() {
      return size;
    }

    byte[] toByteArray() {
      return Arrays.copyOf(buf, size);
    }

    int hash() {
      return hash(buf, size);
    }

    static int hash(byte[] bytes, int length) {
      CRC32C crc = new CRC32C();
      crc.update(bytes, 0, length);
      return (int) crc.getValue();
    }

    private void span(Span s) {
      string(s.file());
      number(s.line());
      number(s.column());
      number(s.endLine());
      number(s.endColumn());
    }

    private void number(int v) {
      ensure(4);
      buf[size] = (byte) (v >>> 24);
      buf[size + 1] = (byte) (v >>> 16);
      buf[size + 2] = (byte) (v >>> 8);
      buf[size + 3] = (byte) v;
      size += 4;
    }

    private void string(String s) {
      int n = s.length();
      number(n);
      ensure(3 * n);
      byte[] b = buf;
      int at = size;
      for (int i = 0; i < n; i++) {
        char c = s.charAt(i);
        if (c < 0x80) {
          b[at++] = (byte) c;
        } else {
          b[at++] = (byte) 0xFF;
          b[at++] = (byte) (c >>> 8);
          b[at++] = (byte) c;
        }
      }
      size = at;
    }

    private void ensure(int more) {
      if (buf.length - size < more) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
    }
  }
}

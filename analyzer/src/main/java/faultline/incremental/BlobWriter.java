package faultline.incremental;

import faultline.ir.OpsBinding;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.LockRef;
import faultline.lock.OrderEdge;
import faultline.rule.Finding;
import faultline.rule.Step;
import faultline.rule.Trace;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes analysis values into one self-contained blob of an incremental-scan snapshot; {@link BlobReader} reads
 * them back in the same order. Each blob has its own tables of the strings, spans and witness steps written so
 * far: the first occurrence is written in full, later ones as a table reference, so a file path or a witness
 * step shared by many summaries costs a byte or two after the first time, and any blob decodes without the
 * others.
 *
 * <p>Encoding: ints and longs are zig-zag LEB128 varints; counts, enum ordinals and table references unsigned
 * LEB128; booleans one byte. A string, span or step starts with a reference: 0 means "new, the value follows"
 * (and takes the next table index), {@code k > 0} means table entry {@code k - 1}.
 *
 * <p>Not thread-safe: one writer per blob. Writers share no state, so many can run on different threads. Null
 * values are not written (NullPointerException); after any exception the writer's blob is unusable.
 */
public final class BlobWriter {

  private byte[] buf;
  private int size;

  // Keyed by value: the analysis makes a new Step (and often a new Span) each time a witness is read, so
  // identity would find almost nothing to share.
  private final Map<String, Integer> strings;
  private final Map<Span, Integer> spans;
  private final Map<Step, Integer> steps;

  public BlobWriter() {
    this(256);
  }

  /**
   * {@code initialCapacity}: the expected blob size in bytes; the buffer grows as needed. The tables start at a
   * sixteenth of it in entries: started at the default 16, the tables of a kernel's summary blobs (32 summaries,
   * about 12 KB each) kept growing while they were written, 8 % of the snapshot phase's samples (JFR).
   */
  public BlobWriter(int initialCapacity) {
    buf = new byte[Math.max(16, initialCapacity)];
    int tableCapacity = Math.max(16, initialCapacity / 16) * 4 / 3 + 1; // that many entries below the load factor
    strings = new HashMap<>(tableCapacity);
    spans = new HashMap<>(tableCapacity);
    steps = new HashMap<>(tableCapacity);
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** A copy of the blob written so far. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  // ---- primitives -----------------------------------------------------------------------------------

  public void writeInt(int v) {
    writeUnsigned((v << 1) ^ (v >> 31));
  }

  public void writeLong(long v) {
    long z = (v << 1) ^ (v >> 63);
    while ((z & ~0x7FL) != 0) {
      writeByte((int) ((z & 0x7F) | 0x80));
      z >>>= 7;
    }
    writeByte((int) z);
  }

  public void writeBoolean(boolean b) {
    writeByte(b ? 1 : 0);
  }

  /** {@code s} must not be null. */
  public void writeString(String s) {
    Objects.requireNonNull(s, "BlobWriter does not write null strings");
    Integer known = strings.putIfAbsent(s, strings.size());
    if (known != null) {
      writeUnsigned(known + 1);
      return;
    }
    writeUnsigned(0);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    writeUnsigned(utf8.length);
    writeBytes(utf8);
  }

  public void writeStrings(List<String> list) {
    writeUnsigned(list.size());
    for (String s : list) writeString(s);
  }

  private void writeOptionalString(Optional<String> s) {
    writeBoolean(s.isPresent());
    if (s.isPresent()) writeString(s.get());
  }

  private void writeOrdinal(Enum<?> e) {
    writeUnsigned(e.ordinal());
  }

  // ---- shared values: spans and steps -----------------------------------------------------------------

  public void writeSpan(Span s) {
    Objects.requireNonNull(s, "BlobWriter does not write null spans");
    Integer known = spans.putIfAbsent(s, spans.size());
    if (known != null) {
      writeUnsigned(known + 1);
      return;
    }
    writeUnsigned(0);
    writeString(s.file());
    writeInt(s.line());
    writeInt(s.column());
    // Most spans end on the line they start: the distance is usually 0, one byte. Wraps consistently on overflow.
    writeInt(s.endLine() - s.line());
    writeInt(s.endColumn());
  }

  private void writeStep(Step s) {
    Objects.requireNonNull(s, "BlobWriter does not write null steps");
    Integer known = steps.putIfAbsent(s, steps.size());
    if (known != null) {
      writeUnsigned(known + 1);
      return;
    }
    writeUnsigned(0);
    writeOrdinal(s.kind());
    writeSpan(s.at());
    writeString(s.message());
    writeInt(s.depth());
  }

  /**
   * Witness lists are often views (the analysis' callee witnesses) whose {@code get} builds a fresh Step on every
   * call: the list is walked once, by its iterator, and its steps shared by value.
   */
  public void writeSteps(List<Step> list) {
    int n = list.size();
    writeUnsigned(n);
    int written = 0;
    for (Step s : list) {
      writeStep(s);
      written++;
    }
    // A list whose size and iteration disagree leaves a blob that would misread from here on.
    if (written != n) throw new IllegalStateException("witness list of size " + n + " yielded " + written + " steps");
  }

  public void writeOptionalSteps(Optional<List<Step>> list) {
    writeBoolean(list.isPresent());
    if (list.isPresent()) writeSteps(list.get());
  }

  // ---- lock facts -----------------------------------------------------------------------------------

  /** Both the id and the resolution, though {@link LockClass#equals} looks at the id alone. */
  public void writeLockClass(LockClass c) {
    writeString(c.id());
    writeOrdinal(c.resolution());
  }

  public void writeLockRef(LockRef r) {
    writeLockClass(r.cls());
    writeString(r.expr());
  }

  private void writeLockRefs(List<LockRef> list) {
    writeUnsigned(list.size());
    for (LockRef r : list) writeLockRef(r);
  }

  public void writeSummary(FunctionSummary s) {
    writeString(s.function());
    writeOptionalSteps(s.mayFault());
    writeOptionalSteps(s.maySleep());
    writeUnsigned(s.acquires().size());
    for (FunctionSummary.Acquisition a : s.acquires()) {
      writeLockRef(a.lock());
      writeOrdinal(a.kind());
      writeOrdinal(a.mode());
      writeBoolean(a.trylock());
      writeSteps(a.witness());
    }
    writeUnsigned(s.atReturn().size());
    for (FunctionSummary.ReturnEffect r : s.atReturn()) {
      writeOrdinal(r.effect());
      writeLockRef(r.lock());
      writeOrdinal(r.kind());
      writeOrdinal(r.mode());
      writeBoolean(r.onEveryPath());
      writeSteps(r.witness());
    }
    writeLockRefs(s.expectsHeld());
    writeLockRefs(s.dropsBeforeSleep());
  }

  public void writeOrderEdges(List<OrderEdge> edges) {
    writeUnsigned(edges.size());
    for (OrderEdge e : edges) {
      writeLockClass(e.from());
      writeOrdinal(e.fromMode());
      writeLockClass(e.to());
      writeOrdinal(e.toMode());
      writeOrdinal(e.origin());
      writeSpan(e.at());
      writeString(e.function());
      writeSteps(e.witness());
    }
  }

  // ---- findings and front-end facts -----------------------------------------------------------------

  public void writeFindings(List<Finding> findings) {
    writeUnsigned(findings.size());
    for (Finding f : findings) {
      writeString(f.ruleId());
      writeOrdinal(f.severity());
      writeString(f.message());
      writeSpan(f.at());
      writeString(f.function());
      writeStrings(f.lockClasses());
      writeUnsigned(f.traces().size());
      for (Trace t : f.traces()) {
        writeString(t.title());
        writeSteps(t.steps());
      }
      writeString(f.fix());
      writeOptionalString(f.suppression());
    }
  }

  public void writeIssues(List<ParseIssue> issues) {
    writeUnsigned(issues.size());
    for (ParseIssue i : issues) {
      writeOrdinal(i.kind());
      writeString(i.message());
      writeSpan(i.at());
    }
  }

  public void writeBindings(List<OpsBinding> bindings) {
    writeUnsigned(bindings.size());
    for (OpsBinding b : bindings) {
      writeString(b.structTag());
      writeString(b.field());
      writeString(b.function());
      writeSpan(b.at());
    }
  }

  // ---- bytes ----------------------------------------------------------------------------------------

  /** Unsigned LEB128: {@code v} is taken as an unsigned 32-bit number. */
  private void writeUnsigned(int v) {
    if (buf.length - size < 5) grow(5);
    while ((v & ~0x7F) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  private void writeByte(int b) {
    if (size == buf.length) grow(1);
    buf[size++] = (byte) b;
  }

  private void writeBytes(byte[] bytes) {
    if (buf.length - size < bytes.length) grow(bytes.length);
    System.arraycopy(bytes, 0, buf, size, bytes.length);
    size += bytes.length;
  }

  private void grow(int needed) {
    long wanted = Math.max((long) buf.length * 2, (long) size + needed);
    if (wanted > Integer.MAX_VALUE - 8) throw new IllegalStateException("blob larger than 2 GiB");
    buf = Arrays.copyOf(buf, (int) wanted);
  }
}

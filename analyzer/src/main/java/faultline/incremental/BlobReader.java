package faultline.incremental;

import faultline.ir.IrStrings;
import faultline.ir.OpsBinding;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.LockKind;
import faultline.lock.LockMode;
import faultline.lock.LockOp;
import faultline.lock.LockRef;
import faultline.lock.OrderEdge;
import faultline.rule.Finding;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import faultline.rule.Trace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes one blob written by {@link BlobWriter}: the {@code read*} calls must mirror the writer's {@code write*}
 * calls, in order. Lists come back immutable; short strings are shared scan-wide through {@link IrStrings}, and
 * a step or span written once and referenced again decodes to the same object.
 *
 * <p>A damaged blob throws {@link BlobFormatException} and nothing else: every length and count is checked
 * against the bytes left (each element takes at least one byte, so no count can ask for more objects than the blob
 * has bytes), as are enum ordinals, table references and varint lengths. Not thread-safe.
 */
public final class BlobReader {

  // values() clones its array on every call; these copies are never written.
  private static final StepKind[] STEP_KINDS = StepKind.values();
  private static final LockClass.Resolution[] RESOLUTIONS = LockClass.Resolution.values();
  private static final LockKind[] LOCK_KINDS = LockKind.values();
  private static final LockMode[] LOCK_MODES = LockMode.values();
  private static final LockOp.Effect[] EFFECTS = LockOp.Effect.values();
  private static final OrderEdge.Origin[] ORIGINS = OrderEdge.Origin.values();
  private static final Severity[] SEVERITIES = Severity.values();
  private static final ParseIssue.Kind[] ISSUE_KINDS = ParseIssue.Kind.values();

  /** Read with absolute gets: the blob is usually a slice of a mapped file, not backed by an array. */
  private final ByteBuffer in;
  private final int limit;
  private int pos;

  private final List<String> strings = new ArrayList<>();
  private final List<Span> spans = new ArrayList<>();
  private final List<Step> steps = new ArrayList<>();

  /** Copy target for string bytes when the blob has no backing array. */
  private byte[] scratch = new byte[64];

  /** Whether short strings go through {@link IrStrings#shared}. */
  private final boolean share;

  /** Reads {@code blob} from its position to its limit; the buffer's own position is left alone. */
  public BlobReader(ByteBuffer blob) {
    this(blob, true);
  }

  /**
   * {@code share}: pass short strings through {@link IrStrings#shared}. Values read once and dropped (a file table
   * read at every scan) are cheaper unshared: sharing is a scan-wide hash-table insert per string.
   */
  public BlobReader(ByteBuffer blob, boolean share) {
    this.in = blob.slice();
    this.limit = in.limit();
    this.pos = 0;
    this.share = share;
  }

  /** All of the blob has been read. */
  public boolean atEnd() {
    return pos == limit;
  }

  // ---- primitives -----------------------------------------------------------------------------------

  public int readInt() {
    int z = readUnsigned();
    return (z >>> 1) ^ -(z & 1);
  }

  public long readLong() {
    long z = 0;
    for (int shift = 0; ; shift += 7) {
      int b = nextByte();
      // The tenth byte holds the top bit only: anything more is damage, not a longer number.
      if (shift == 63 && (b & 0xFE) != 0) throw damaged("long varint too long");
      z |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) break;
    }
    return (z >>> 1) ^ -(z & 1);
  }

  public boolean readBoolean() {
    int b = nextByte();
    if (b > 1) throw damaged("bad boolean " + b);
    return b == 1;
  }

  public String readString() {
    int ref = readUnsigned();
    if (ref != 0) return tableEntry(strings, ref, "string");
    int length = readCount();
    String s;
    if (in.hasArray()) {
      s = new String(in.array(), in.arrayOffset() + pos, length, StandardCharsets.UTF_8);
    } else {
      if (scratch.length < length) scratch = new byte[Math.max(length, scratch.length * 2)];
      in.get(pos, scratch, 0, length);
      s = new String(scratch, 0, length, StandardCharsets.UTF_8);
    }
    pos += length;
    if (share) s = IrStrings.shared(s);
    strings.add(s);
    return s;
  }

  public List<String> readStrings() {
    int n = readCount();
    String[] out = new String[n];
    for (int i = 0; i < n; i++) out[i] = readString();
    return List.of(out);
  }

  private Optional<String> readOptionalString() {
    return readBoolean() ? Optional.of(readString()) : Optional.empty();
  }

  // ---- shared values: spans and steps -----------------------------------------------------------------

  public Span readSpan() {
    int ref = readUnsigned();
    if (ref != 0) return tableEntry(spans, ref, "span");
    String file = readString();
    int line = readInt();
    int column = readInt();
    int endLine = line + readInt();
    Span s = new Span(file, line, column, endLine, readInt());
    spans.add(s);
    return s;
  }

  private Step readStep() {
    int ref = readUnsigned();
    if (ref != 0) return tableEntry(steps, ref, "step");
    StepKind kind = STEP_KINDS[readOrdinal(STEP_KINDS.length, "step kind")];
    Span at = readSpan();
    String message = readString();
    Step s = new Step(kind, at, message, readInt());
    steps.add(s);
    return s;
  }

  public List<Step> readSteps() {
    int n = readCount();
    Step[] out = new Step[n];
    for (int i = 0; i < n; i++) out[i] = readStep();
    return List.of(out);
  }

  public Optional<List<Step>> readOptionalSteps() {
    return readBoolean() ? Optional.of(readSteps()) : Optional.empty();
  }

  // ---- lock facts -----------------------------------------------------------------------------------

  public LockClass readLockClass() {
    String id = readString();
    return new LockClass(id, RESOLUTIONS[readOrdinal(RESOLUTIONS.length, "lock class resolution")]);
  }

  public LockRef readLockRef() {
    LockClass cls = readLockClass();
    return new LockRef(cls, readString());
  }

  private List<LockRef> readLockRefs() {
    int n = readCount();
    LockRef[] out = new LockRef[n];
    for (int i = 0; i < n; i++) out[i] = readLockRef();
    return List.of(out);
  }

  public FunctionSummary readSummary() {
    String function = readString();
    Optional<List<Step>> mayFault = readOptionalSteps();
    Optional<List<Step>> maySleep = readOptionalSteps();
    int na = readCount();
    FunctionSummary.Acquisition[] acquires = new FunctionSummary.Acquisition[na];
    for (int i = 0; i < na; i++) {
      LockRef lock = readLockRef();
      LockKind kind = readLockKind();
      LockMode mode = readLockMode();
      boolean trylock = readBoolean();
      acquires[i] = new FunctionSummary.Acquisition(lock, kind, mode, trylock, readSteps());
    }
    int nr = readCount();
    FunctionSummary.ReturnEffect[] atReturn = new FunctionSummary.ReturnEffect[nr];
    for (int i = 0; i < nr; i++) {
      LockOp.Effect effect = EFFECTS[readOrdinal(EFFECTS.length, "lock effect")];
      LockRef lock = readLockRef();
      LockKind kind = readLockKind();
      LockMode mode = readLockMode();
      boolean onEveryPath = readBoolean();
      atReturn[i] = new FunctionSummary.ReturnEffect(effect, lock, kind, mode, onEveryPath, readSteps());
    }
    List<LockRef> expectsHeld = readLockRefs();
    List<LockRef> dropsBeforeSleep = readLockRefs();
    return new FunctionSummary(function, mayFault, maySleep, List.of(acquires), List.of(atReturn), expectsHeld,
        dropsBeforeSleep);
  }

  public List<OrderEdge> readOrderEdges() {
    int n = readCount();
    OrderEdge[] out = new OrderEdge[n];
    for (int i = 0; i < n; i++) {
      LockClass from = readLockClass();
      LockMode fromMode = readLockMode();
      LockClass to = readLockClass();
      LockMode toMode = readLockMode();
      OrderEdge.Origin origin = ORIGINS[readOrdinal(ORIGINS.length, "order edge origin")];
      Span at = readSpan();
      String function = readString();
      out[i] = new OrderEdge(from, fromMode, to, toMode, origin, at, function, readSteps());
    }
    return List.of(out);
  }

  private LockKind readLockKind() {
    return LOCK_KINDS[readOrdinal(LOCK_KINDS.length, "lock kind")];
  }

  private LockMode readLockMode() {
    return LOCK_MODES[readOrdinal(LOCK_MODES.length, "lock mode")];
  }

  // ---- findings and front-end facts -----------------------------------------------------------------

  public List<Finding> readFindings() {
    int n = readCount();
    Finding[] out = new Finding[n];
    for (int i = 0; i < n; i++) {
      String ruleId = readString();
      Severity severity = SEVERITIES[readOrdinal(SEVERITIES.length, "severity")];
      String message = readString();
      Span at = readSpan();
      String function = readString();
      List<String> lockClasses = readStrings();
      int nt = readCount();
      Trace[] traces = new Trace[nt];
      for (int t = 0; t < nt; t++) {
        String title = readString();
        traces[t] = new Trace(title, readSteps());
      }
      String fix = readString();
      out[i] = new Finding(ruleId, severity, message, at, function, lockClasses, List.of(traces), fix,
          readOptionalString());
    }
    return List.of(out);
  }

  public List<ParseIssue> readIssues() {
    int n = readCount();
    ParseIssue[] out = new ParseIssue[n];
    for (int i = 0; i < n; i++) {
      ParseIssue.Kind kind = ISSUE_KINDS[readOrdinal(ISSUE_KINDS.length, "parse issue kind")];
      String message = readString();
      out[i] = new ParseIssue(kind, message, readSpan());
    }
    return List.of(out);
  }

  public List<OpsBinding> readBindings() {
    int n = readCount();
    OpsBinding[] out = new OpsBinding[n];
    for (int i = 0; i < n; i++) {
      String structTag = readString();
      String field = readString();
      String function = readString();
      out[i] = new OpsBinding(structTag, field, function, readSpan());
    }
    return List.of(out);
  }

  // ---- bytes ----------------------------------------------------------------------------------------

  private int nextByte() {
    if (pos >= limit) throw damaged("truncated");
    return in.get(pos++) & 0xFF;
  }

  /** Unsigned LEB128 of at most 5 bytes; the result may be negative when the top bit is set. */
  private int readUnsigned() {
    int v = 0;
    for (int shift = 0; ; shift += 7) {
      int b = nextByte();
      // The fifth byte carries the top 4 bits only.
      if (shift == 28 && (b & 0xF0) != 0) throw damaged("varint too long");
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return v;
    }
  }

  /**
   * A list length or byte count. Every list element takes at least one byte, so a count larger than the bytes
   * left is damage; checked before anything is allocated for it.
   */
  private int readCount() {
    int n = readUnsigned();
    if (n < 0 || n > limit - pos) throw damaged("count " + Integer.toUnsignedString(n) + " exceeds the "
        + (limit - pos) + " bytes left");
    return n;
  }

  private int readOrdinal(int values, String what) {
    int o = readUnsigned();
    if (o < 0 || o >= values) throw damaged("bad " + what + " " + Integer.toUnsignedString(o));
    return o;
  }

  /** Table entry {@code ref - 1}: only entries already decoded in this blob can be referenced. */
  private <T> T tableEntry(List<T> table, int ref, String what) {
    if (ref < 0 || ref > table.size()) {
      throw damaged("bad " + what + " reference " + Integer.toUnsignedString(ref) + " (table has " + table.size()
          + ")");
    }
    return table.get(ref - 1);
  }

  private BlobFormatException damaged(String why) {
    return new BlobFormatException(why + " at byte " + pos + " of " + limit);
  }
}

package faultline.incremental;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import faultline.ir.IrStrings;
import faultline.ir.OpsBinding;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.lock.FunctionSummary;
import faultline.lock.FunctionSummary.Acquisition;
import faultline.lock.FunctionSummary.ReturnEffect;
import faultline.lock.LockClass;
import faultline.lock.LockClass.Resolution;
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
import java.time.Duration;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BlobCodecTest {

  // ---- fixtures -------------------------------------------------------------------------------------

  private static final String FILE = "drivers/gpu/drm/i915/gem/i915_gem_userptr.c";
  private static final String LONG_MESSAGE =
      "copy_from_user() may fault and take mmap_lock while 'obj->mm.lock' (a mutex) is held by the caller";

  private static Span span(int line) {
    return new Span(FILE, line, 5, line, 27);
  }

  private static final LockClass MM_LOCK = new LockClass("drm_i915_gem_object.mm.lock", Resolution.TYPE);
  private static final LockClass GLOBAL = new LockClass("userptr_mutex", Resolution.GLOBAL);
  private static final LockClass TEXT = new LockClass("dev->struct_mutex", Resolution.TEXT);

  /** A witness the analysis would share between several acquisitions: call, call, acquire. */
  private static List<Step> witness(int line, String acquired) {
    return List.of(new Step(StepKind.CALL, span(line), "calls i915_gem_object_userptr_submit_init()", 0),
        new Step(StepKind.CALL, span(line + 40), "calls i915_gem_object_lock()", 1),
        new Step(StepKind.ACQUIRE, span(line + 80), "acquires " + acquired, 2));
  }

  private static FunctionSummary summary(String function) {
    List<Step> shared = witness(100, "obj->mm.lock");
    List<Step> fault = List.of(new Step(StepKind.CALL, span(120), "calls copy_from_user()", 0),
        new Step(StepKind.FAULT, new Span("arch/x86/include/asm/uaccess.h", 512, 1, 514, 2), LONG_MESSAGE, 1));
    return new FunctionSummary(function, Optional.of(fault), Optional.empty(),
        List.of(new Acquisition(new LockRef(MM_LOCK, "$0->mm.lock"), LockKind.MUTEX, LockMode.EXCLUSIVE, false,
                shared),
            new Acquisition(new LockRef(GLOBAL, "userptr_mutex"), LockKind.MUTEX, LockMode.EXCLUSIVE, true,
                witness(100, "userptr_mutex")),
            new Acquisition(new LockRef(LockClass.MMAP_LOCK, "current->mm->mmap_lock"), LockKind.RWSEM,
                LockMode.SHARED, false, shared),
            new Acquisition(new LockRef(TEXT, "dev->struct_mutex"), LockKind.SPINLOCK, LockMode.EXCLUSIVE, false,
                List.of())),
        List.of(new ReturnEffect(LockOp.Effect.ACQUIRE, new LockRef(MM_LOCK, "$0->mm.lock"), LockKind.MUTEX,
                LockMode.EXCLUSIVE, true, shared),
            new ReturnEffect(LockOp.Effect.RELEASE, new LockRef(GLOBAL, "userptr_mutex"), LockKind.MUTEX,
                LockMode.EXCLUSIVE, false, List.of())),
        List.of(new LockRef(TEXT, "dev->struct_mutex")),
        List.of(new LockRef(GLOBAL, "userptr_mutex"), new LockRef(MM_LOCK, "$1->mm.lock")));
  }

  private static List<OrderEdge> orderEdges() {
    return List.of(
        new OrderEdge(MM_LOCK, LockMode.EXCLUSIVE, LockClass.MMAP_LOCK, LockMode.SHARED,
            OrderEdge.Origin.USER_ACCESS, span(120), "i915_gem_userptr_ioctl", witness(100, "mmap_lock")),
        new OrderEdge(LockClass.MMAP_LOCK, LockMode.SHARED, MM_LOCK, LockMode.EXCLUSIVE,
            OrderEdge.Origin.FAULT_PATH, span(300), "i915_gem_fault", List.of()),
        new OrderEdge(GLOBAL, LockMode.EXCLUSIVE, TEXT, LockMode.EXCLUSIVE, OrderEdge.Origin.NESTED, span(77),
            "userptr_init", witness(70, "dev->struct_mutex")));
  }

  private static List<Finding> findings() {
    return List.of(
        new Finding("mutex-held-across-fault", Severity.ERROR, LONG_MESSAGE, span(120), "i915_gem_userptr_ioctl",
            List.of(MM_LOCK.id(), LockClass.MMAP_LOCK.id()),
            List.of(new Trace("obj->mm.lock taken", witness(100, "obj->mm.lock")),
                new Trace("fault", witness(100, "obj->mm.lock"))),
            "Copy from user space before taking the lock.", Optional.empty()),
        new Finding("lock-order-inversion", Severity.WARNING, "cycle: A -> B -> A", span(300), "", List.of(),
            List.of(), "", Optional.of("false positive: the two never run on the same object (Jörg)")));
  }

  private static List<ParseIssue> issues() {
    return List.of(new ParseIssue(ParseIssue.Kind.SYNTAX, "problem node: expected ';'", span(9)),
        new ParseIssue(ParseIssue.Kind.MISSING_INCLUDE, "linux/ü.h", Span.point(FILE, 1, 1)));
  }

  private static List<OpsBinding> bindings() {
    return List.of(new OpsBinding("file_operations", "release", "i915_release", span(900)),
        new OpsBinding("?", "fault", "i915_gem_fault", span(901)));
  }

  /** Every kind of value, in the order {@link #readRealistic} reads them. */
  private static byte[] realisticBlob() {
    BlobWriter w = new BlobWriter();
    w.writeInt(-3);
    w.writeLong(Long.MIN_VALUE + 7);
    w.writeBoolean(true);
    w.writeString("Jörg's 日本語 driver 🚀");
    w.writeStrings(List.of("a", "b", "a", LONG_MESSAGE));
    w.writeSpan(span(1));
    w.writeSteps(witness(5, "x"));
    w.writeOptionalSteps(Optional.of(witness(5, "x")));
    w.writeOptionalSteps(Optional.empty());
    w.writeLockClass(GLOBAL);
    w.writeLockRef(new LockRef(TEXT, "dev->struct_mutex"));
    w.writeSummary(summary("i915_gem_userptr_ioctl"));
    w.writeSummary(summary("i915_gem_userptr_init"));
    w.writeOrderEdges(orderEdges());
    w.writeFindings(findings());
    w.writeIssues(issues());
    w.writeBindings(bindings());
    return w.toByteArray();
  }

  private static List<Object> readRealistic(BlobReader r) {
    List<Object> out = new ArrayList<>();
    out.add(r.readInt());
    out.add(r.readLong());
    out.add(r.readBoolean());
    out.add(r.readString());
    out.add(r.readStrings());
    out.add(r.readSpan());
    out.add(r.readSteps());
    out.add(r.readOptionalSteps());
    out.add(r.readOptionalSteps());
    out.add(r.readLockClass());
    out.add(r.readLockRef());
    out.add(r.readSummary());
    out.add(r.readSummary());
    out.add(r.readOrderEdges());
    out.add(r.readFindings());
    out.add(r.readIssues());
    out.add(r.readBindings());
    out.add(r.atEnd());
    return out;
  }

  private static <T> T roundTrip(Consumer<BlobWriter> write, Function<BlobReader, T> read) {
    BlobWriter w = new BlobWriter();
    write.accept(w);
    byte[] blob = w.toByteArray();
    assertEquals(blob.length, w.size());
    BlobReader r = new BlobReader(ByteBuffer.wrap(blob));
    T value = read.apply(r);
    assertTrue(r.atEnd(), "bytes left after the value");
    return value;
  }

  /** LockClass.equals compares ids only; the codec must keep the resolution too. */
  private static void assertSameResolutions(FunctionSummary expected, FunctionSummary actual) {
    assertEquals(resolutions(expected), resolutions(actual));
  }

  private static List<Resolution> resolutions(FunctionSummary s) {
    List<Resolution> out = new ArrayList<>();
    s.acquires().forEach(a -> out.add(a.lock().cls().resolution()));
    s.atReturn().forEach(r -> out.add(r.lock().cls().resolution()));
    s.expectsHeld().forEach(l -> out.add(l.cls().resolution()));
    s.dropsBeforeSleep().forEach(l -> out.add(l.cls().resolution()));
    return out;
  }

  // ---- round trips ----------------------------------------------------------------------------------

  @Test
  void intsAndLongsRoundTripIncludingNegativesAndExtremes() {
    int[] ints = {0, 1, -1, 63, -64, 64, 300, -300, Integer.MAX_VALUE, Integer.MIN_VALUE};
    long[] longs = {0, 1, -1, 1L << 40, -(1L << 40), Long.MAX_VALUE, Long.MIN_VALUE};
    BlobWriter w = new BlobWriter(1);
    for (int v : ints) w.writeInt(v);
    for (long v : longs) w.writeLong(v);
    w.writeBoolean(false);
    w.writeBoolean(true);
    BlobReader r = new BlobReader(ByteBuffer.wrap(w.toByteArray()));
    for (int v : ints) assertEquals(v, r.readInt());
    for (long v : longs) assertEquals(v, r.readLong());
    assertFalse(r.readBoolean());
    assertFalse(r.atEnd());
    assertTrue(r.readBoolean());
    assertTrue(r.atEnd());
  }

  @Test
  void smallNumbersTakeOneByte() {
    BlobWriter w = new BlobWriter();
    w.writeInt(-1);
    w.writeInt(63);
    w.writeLong(-64);
    assertEquals(3, w.size());
  }

  @Test
  void stringsRoundTripNonAsciiLongAndEmpty() {
    String longText = "x".repeat(30) + "-" + "y".repeat(30); // built at run time: not a pooled constant
    List<String> values = List.of("", "dev", "drivers/ü/x.c", "日本語", "🚀 emoji", LONG_MESSAGE, longText, "dev");
    List<String> back = roundTrip(w -> {
      for (String s : values) w.writeString(s);
      w.writeStrings(values);
      w.writeStrings(List.of());
    }, r -> {
      List<String> out = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) out.add(r.readString());
      assertEquals(values, r.readStrings());
      List<String> empty = r.readStrings();
      assertEquals(List.of(), empty);
      assertThrows(UnsupportedOperationException.class, () -> empty.add("x"));
      return out;
    });
    assertEquals(values, back);
  }

  @Test
  void shortStringsAreSharedScanWideLongOnesAreNot() {
    String shortText = new String("i915_gem_object_lock".toCharArray());
    String longText = "z".repeat(49);
    String canonicalShort = IrStrings.shared(shortText); // the scan's instance of that text
    List<String> back = roundTrip(w -> {
      w.writeString(shortText);
      w.writeString(longText);
    }, r -> List.of(r.readString(), r.readString()));
    assertSame(canonicalShort, back.get(0));
    assertEquals(longText, back.get(1));
    assertSame(longText, IrStrings.shared(longText)); // a long text is never in the table ...
    assertNotSame(longText, back.get(1)); // ... so the decoded one is a copy of its own
  }

  @Test
  void spansRoundTripAndRepeatedSpansDecodeToOneObject() {
    Span odd = new Span("ü/a.c", Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 0); // endLine - line overflows
    List<Span> back = roundTrip(w -> {
      w.writeSpan(span(10));
      w.writeSpan(odd);
      w.writeSpan(new Span(FILE, 10, 5, 10, 27));
    }, r -> List.of(r.readSpan(), r.readSpan(), r.readSpan()));
    assertEquals(List.of(span(10), odd, span(10)), back);
    assertSame(back.get(0), back.get(2));
  }

  @Test
  void stepsRoundTripAndARepeatedStepIsOneObject() {
    List<Step> w1 = witness(100, "a");
    List<Step> w2 = witness(100, "a"); // equal, distinct objects
    List<List<Step>> back = roundTrip(w -> {
      w.writeSteps(w1);
      w.writeSteps(w2);
      w.writeSteps(List.of());
    }, r -> List.of(r.readSteps(), r.readSteps(), r.readSteps()));
    assertEquals(List.of(w1, w2, List.of()), back);
    for (int i = 0; i < w1.size(); i++) assertSame(back.get(0).get(i), back.get(1).get(i));
    assertThrows(UnsupportedOperationException.class, () -> back.get(0).set(0, w1.get(0)));
    assertThrows(UnsupportedOperationException.class, () -> back.get(2).add(w1.get(0)));
  }

  @Test
  void optionalStepsKeepPresentAbsentAndPresentEmpty() {
    List<Optional<List<Step>>> values = List.of(Optional.empty(), Optional.of(witness(3, "b")), Optional.of(List.of()));
    List<Optional<List<Step>>> back = roundTrip(w -> values.forEach(w::writeOptionalSteps),
        r -> List.of(r.readOptionalSteps(), r.readOptionalSteps(), r.readOptionalSteps()));
    assertEquals(values, back);
    assertTrue(back.get(2).isPresent());
    assertTrue(back.get(2).get().isEmpty());
  }

  @Test
  void lockClassesAndRefsKeepTheirResolution() {
    List<LockClass> classes = List.of(MM_LOCK, GLOBAL, TEXT, LockClass.MMAP_LOCK,
        new LockClass(MM_LOCK.id(), Resolution.MODEL));
    List<Object> back = roundTrip(w -> {
      classes.forEach(w::writeLockClass);
      w.writeLockRef(new LockRef(new LockClass("x", Resolution.TEXT), "&x"));
    }, r -> {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < classes.size(); i++) out.add(r.readLockClass());
      out.add(r.readLockRef());
      return out;
    });
    for (int i = 0; i < classes.size(); i++) {
      LockClass c = (LockClass) back.get(i);
      assertEquals(classes.get(i).id(), c.id());
      assertEquals(classes.get(i).resolution(), c.resolution());
    }
    LockRef ref = (LockRef) back.get(classes.size());
    assertEquals("&x", ref.expr());
    assertEquals(Resolution.TEXT, ref.cls().resolution());
  }

  @Test
  void summaryRoundTripsWithSharedWitnessSteps() {
    FunctionSummary s = summary("i915_gem_userptr_ioctl");
    FunctionSummary back = roundTrip(w -> w.writeSummary(s), BlobReader::readSummary);
    assertEquals(s, back);
    assertSameResolutions(s, back);
    // Acquisitions 0 and 2 and the first return effect share one witness: decoded, they share its steps.
    assertSame(back.acquires().get(0).witness().get(2), back.acquires().get(2).witness().get(2));
    assertSame(back.acquires().get(0).witness().get(0), back.atReturn().get(0).witness().get(0));
    assertEquals(List.of(), back.acquires().get(3).witness());
    assertThrows(UnsupportedOperationException.class, () -> back.acquires().remove(0));

    FunctionSummary empty = FunctionSummary.empty("f");
    FunctionSummary emptyBack = roundTrip(w -> w.writeSummary(empty), BlobReader::readSummary);
    assertEquals(empty, emptyBack);
    assertTrue(emptyBack.mayFault().isEmpty());
  }

  @Test
  void orderEdgesFindingsIssuesAndBindingsRoundTrip() {
    assertEquals(orderEdges(), roundTrip(w -> w.writeOrderEdges(orderEdges()), BlobReader::readOrderEdges));
    List<OrderEdge> edges = roundTrip(w -> w.writeOrderEdges(orderEdges()), BlobReader::readOrderEdges);
    for (int i = 0; i < edges.size(); i++) {
      assertEquals(orderEdges().get(i).from().resolution(), edges.get(i).from().resolution());
      assertEquals(orderEdges().get(i).to().resolution(), edges.get(i).to().resolution());
    }
    List<Finding> findings = roundTrip(w -> w.writeFindings(findings()), BlobReader::readFindings);
    assertEquals(findings(), findings);
    assertTrue(findings.get(0).suppression().isEmpty());
    assertEquals(Optional.of("false positive: the two never run on the same object (Jörg)"),
        findings.get(1).suppression());
    assertEquals(issues(), roundTrip(w -> w.writeIssues(issues()), BlobReader::readIssues));
    assertEquals(bindings(), roundTrip(w -> w.writeBindings(bindings()), BlobReader::readBindings));
    assertEquals(List.of(), roundTrip(w -> w.writeFindings(List.of()), BlobReader::readFindings));
  }

  @Test
  void severalValuesInOneBlobReadBackInSequence() {
    List<Object> back = readRealistic(new BlobReader(ByteBuffer.wrap(realisticBlob())));
    List<Object> expected = List.of(-3, Long.MIN_VALUE + 7, true, "Jörg's 日本語 driver 🚀",
        List.of("a", "b", "a", LONG_MESSAGE), span(1), witness(5, "x"), Optional.of(witness(5, "x")),
        Optional.empty(), GLOBAL, new LockRef(TEXT, "dev->struct_mutex"), summary("i915_gem_userptr_ioctl"),
        summary("i915_gem_userptr_init"), orderEdges(), findings(), issues(), bindings(), true);
    assertEquals(expected, back);
    assertSameResolutions(summary("x"), (FunctionSummary) back.get(12));
  }

  @Test
  void readsFromPositionToLimitOfADirectBufferWithoutMovingIt() {
    byte[] blob = realisticBlob();
    ByteBuffer file = ByteBuffer.allocateDirect(blob.length + 20);
    file.position(7);
    file.put(blob);
    file.put((byte) 0x7F); // a neighbour's byte past the limit
    file.position(7).limit(7 + blob.length);
    assertFalse(file.hasArray());
    List<Object> back = readRealistic(new BlobReader(file));
    assertEquals(readRealistic(new BlobReader(ByteBuffer.wrap(blob))), back);
    assertEquals(true, back.get(back.size() - 1));
    assertEquals(7, file.position());
    assertEquals(7 + blob.length, file.limit());
  }

  // ---- lazy witness lists ---------------------------------------------------------------------------

  /** Like the analysis' CalleeWitness: a view whose get() makes a new Step each time, counting the calls. */
  private static final class FreshStepsWitness extends AbstractList<Step> {
    private final List<Step> callee;
    int gets;

    FreshStepsWitness(List<Step> callee) {
      this.callee = callee;
    }

    @Override public Step get(int k) {
      gets++;
      Step s = callee.get(k);
      return new Step(s.kind(), new Span(new String(s.at().file()), s.at().line(), s.at().column(),
          s.at().endLine(), s.at().endColumn()), new String(s.message()), s.depth() + 1);
    }

    @Override public int size() {
      return callee.size();
    }
  }

  @Test
  void aLazyWitnessListRoundTripsEqualAndIsWalkedOnce() {
    FreshStepsWitness lazy = new FreshStepsWitness(witness(100, "obj->mm.lock"));
    List<Step> copy = List.copyOf(lazy);
    lazy.gets = 0;
    FunctionSummary s = new FunctionSummary("f", Optional.of(lazy), Optional.of(lazy),
        List.of(new Acquisition(new LockRef(MM_LOCK, "l"), LockKind.MUTEX, LockMode.EXCLUSIVE, false, lazy)),
        List.of(), List.of());
    BlobWriter w = new BlobWriter();
    w.writeSummary(s);
    assertEquals(3 * lazy.size(), lazy.gets, "each witness list walked exactly once");
    FunctionSummary back = new BlobReader(ByteBuffer.wrap(w.toByteArray())).readSummary();
    assertEquals(copy, back.mayFault().orElseThrow());
    assertEquals(copy, back.maySleep().orElseThrow());
    assertEquals(copy, back.acquires().get(0).witness());
    assertEquals(s, back);
    assertSame(back.mayFault().get().get(1), back.acquires().get(0).witness().get(1));
  }

  @Test
  void aWitnessWhoseSizeAndIterationDisagreeIsRefused() {
    List<Step> liar = new AbstractList<>() {
      @Override public Step get(int k) { return witness(1, "a").get(k); }
      @Override public int size() { return 3; }
      @Override public java.util.Iterator<Step> iterator() { return witness(1, "a").subList(0, 2).iterator(); }
    };
    assertThrows(IllegalStateException.class, () -> new BlobWriter().writeSteps(liar));
  }

  // ---- size -----------------------------------------------------------------------------------------

  @Test
  void aRepeatedSummaryCostsFarLessThanTheFirst() {
    BlobWriter w = new BlobWriter();
    w.writeSummary(summary("i915_gem_userptr_ioctl"));
    int first = w.size();
    w.writeSummary(summary("i915_gem_userptr_ioctl"));
    int second = w.size() - first;
    assertTrue(second * 4 < first, "first " + first + " bytes, second " + second);

    BlobWriter fresh = new BlobWriter();
    fresh.writeSummary(summary("i915_gem_userptr_ioctl"));
    assertEquals(first, fresh.size());
  }

  @Test
  void repeatedStepsAndPathsAreWrittenOnce() {
    Step step = new Step(StepKind.CALL, span(1), LONG_MESSAGE, 0);
    List<Step> same = new ArrayList<>();
    List<Step> distinct = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      same.add(new Step(StepKind.CALL, span(1), new String(LONG_MESSAGE), 0));
      distinct.add(new Step(StepKind.CALL, span(1), LONG_MESSAGE + i, 0));
    }
    BlobWriter one = new BlobWriter();
    one.writeSteps(List.of(step));
    BlobWriter repeated = new BlobWriter();
    repeated.writeSteps(same);
    BlobWriter unique = new BlobWriter();
    unique.writeSteps(distinct);
    // 19 repeats cost one reference byte each.
    assertEquals(one.size() + 19, repeated.size());
    assertTrue(unique.size() > 10 * repeated.size(), "unique " + unique.size() + ", repeated " + repeated.size());
  }

  // ---- threads --------------------------------------------------------------------------------------

  @Test
  void writersOnManyThreadsProduceTheSameBytes() throws Exception {
    byte[] expected = realisticBlob();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> blobs = new ArrayList<>();
      for (int i = 0; i < 64; i++) blobs.add(pool.submit(BlobCodecTest::realisticBlob));
      for (Future<byte[]> f : blobs) assertArrayEquals(expected, f.get());
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- damage ---------------------------------------------------------------------------------------

  /** Decodes or throws BlobFormatException; any other exception fails the test. */
  private static boolean decodes(byte[] blob) {
    try {
      readRealistic(new BlobReader(ByteBuffer.wrap(blob)));
      return true;
    } catch (BlobFormatException expected) {
      return false;
    }
  }

  @Test
  void everyTruncationIsRejected() {
    byte[] blob = realisticBlob();
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int n = 0; n < blob.length; n++) {
        byte[] cut = java.util.Arrays.copyOf(blob, n);
        // A cut blob always runs out before the last read; the direct-buffer path is checked too.
        assertFalse(decodes(cut), "truncated to " + n + " bytes decoded");
        ByteBuffer direct = ByteBuffer.allocateDirect(n).put(cut).flip();
        assertThrows(BlobFormatException.class, () -> readRealistic(new BlobReader(direct)));
      }
    });
    assertTrue(decodes(blob));
  }

  @Test
  void randomByteFlipsDecodeOrFailCleanly() {
    byte[] blob = realisticBlob();
    Random random = new Random(20240611L);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      int rejected = 0;
      for (int round = 0; round < 600; round++) {
        byte[] damaged = blob.clone();
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
          int at = random.nextInt(damaged.length);
          int was = damaged[at];
          do {
            damaged[at] = (byte) random.nextInt(256);
          } while (damaged[at] == was);
        }
        if (!decodes(damaged)) rejected++;
      }
      // Flips inside string bytes decode to other text, but most damage hits structure and must be noticed.
      assertTrue(rejected > 100, "only " + rejected + " of 600 damaged blobs rejected");
    });
  }

  @Test
  void randomGarbageDecodesOrFailsCleanly() {
    Random random = new Random(7);
    assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
      for (int round = 0; round < 300; round++) {
        byte[] garbage = new byte[random.nextInt(200)];
        random.nextBytes(garbage);
        decodes(garbage);
      }
    });
  }

  private static BlobReader reader(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) b[i] = (byte) bytes[i];
    return new BlobReader(ByteBuffer.wrap(b));
  }

  @Test
  void specificDamageIsNamedAsBlobFormatException() {
    // A count of 2^31 - 1 steps in a 6-byte blob: refused before allocating.
    assertThrows(BlobFormatException.class, () -> reader(0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0).readSteps());
    // A string length beyond the end.
    assertThrows(BlobFormatException.class, () -> reader(0, 10, 'a', 'b').readString());
    // A reference to a string not yet in the table.
    assertThrows(BlobFormatException.class, () -> reader(1).readString());
    // Step kind ordinal out of range; lock class resolution out of range; boolean not 0 or 1.
    assertThrows(BlobFormatException.class, () -> reader(1, 0, 99).readSteps());
    assertThrows(BlobFormatException.class, () -> reader(0, 1, 'x', 4).readLockClass());
    assertThrows(BlobFormatException.class, () -> reader(2).readBoolean());
    // Varints that never end, or run past 32 / 64 bits.
    assertThrows(BlobFormatException.class, () -> reader(0x80, 0x80).readInt());
    assertThrows(BlobFormatException.class, () -> reader(0x80, 0x80, 0x80, 0x80, 0x10).readInt());
    assertThrows(BlobFormatException.class,
        () -> reader(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x02).readLong());
    assertThrows(BlobFormatException.class, () -> reader().readInt());
    // Invalid UTF-8 is read leniently.
    assertEquals("\uFFFD", reader(0, 1, 0xFF).readString());
    try {
      reader(0, 1, 'x', 0).readLockClass();
    } catch (BlobFormatException e) {
      fail("a valid lock class was refused: " + e.getMessage());
    }
  }
}

package faultline.incremental;

import faultline.analysis.ProgramAnalysis;
import faultline.callgraph.CallGraph;
import faultline.ir.OpsBinding;
import faultline.ir.ParseIssue;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.OrderEdge;
import faultline.rule.Finding;
import faultline.rule.FunctionFindings;
import faultline.rule.RuleRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * What a full analysis of a tree leaves for the next scan of it: per file its content key, stat data, parse
 * issues, ops bindings and the definitions of its functions; the call graph's rows; and per function its
 * summary, lock-order edges and rule results. An incremental scan reads the few it needs by index (see
 * {@link SnapshotFile}), so opening one costs the file table, not the whole analysis.
 *
 * <p>Only a full analysis writes a snapshot; incremental scans compare the tree with the last one, so the work
 * of a scan grows with what changed since that full analysis, and a damaged or mismatching snapshot only costs a
 * full analysis.
 */
public final class AnalysisSnapshot {

  /** Bumped whenever what is stored, or how, changes. */
  public static final int SCHEMA = 6;

  private static final String FILES = "files";
  private static final String PROGRAM = "program";
  private static final String WRITERS = "writers";
  private static final String SUMMARIES = "summaries";
  /** The call graph's rows and SCC numbers: fixed-width ints, copied in bulk (millions of them). */
  private static final String CALLEE_START = "calleeStart";
  private static final String CALLEES = "callees";
  private static final String DIRECT_EDGES = "directEdges";
  private static final String DIRECT_SCCS = "directSccs";
  private static final String DIRECT_LEVELS = "directLevels";
  private static final String EDGES = "edges";
  private static final String FINDINGS = "findings";
  /** Per file, the source lines the scan read for its findings (see {@link #findingLines}). */
  private static final String FINDING_LINES = "findingLines";
  /** Per-function blobs are encoded this many at a time, in parallel, then written in order. */
  private static final int CHUNK = 4096;
  /**
   * Summary groups, which are about 12 KB each on a kernel, are encoded this many at a time: 4,096 of them (48 MB)
   * lived long enough to be promoted, and the old generation, still full of the scan's dead IR, then filled and
   * the full collection came while every summary was live (0.8 GB, over 3 s) rather than after the snapshot.
   */
  private static final int SUMMARY_CHUNK = 256;

  /**
   * One scanned file. {@code key} is the scanner's cache key of its content ({@code null} when it was not read:
   * unreadable or too large); {@code size} and {@code modifiedNanos} as they were when it was read;
   * {@code functions} the indices of its functions in the analysis, in the order of its unit's functions sorted
   * by {@link ProgramAnalysis#SOURCE_ORDER}.
   */
  public record FileEntry(String relative, String key, long size, long modifiedNanos, int lines, int problemNodes,
      List<ParseIssue> issues, List<OpsBinding> bindings, int[] functions,
      List<CallGraph.Definition> definitions, List<List<ProgramAnalysis.EntryParam>> entryParams) {}

  private final SnapshotFile file;
  private final List<FileEntry> files;
  private final long scanStartedMillis;
  private final CallGraph.Rows rows;
  private final int[] directScc;
  private final int[] directLevels;
  private final Map<Integer, List<ProgramAnalysis.FaultEntry>> callbackEntries;
  private final List<ProgramAnalysis.FaultEntry> faultEntries;
  private final List<OrderEdge> faultPathEdges;
  private final int ruleCount;

  private AnalysisSnapshot(SnapshotFile file) {
    this.file = file;
    // On every core, in order: a kernel's 40,873 file entries took half a second on one.
    this.files = java.util.stream.IntStream.range(0, file.count(FILES)).parallel()
        .mapToObj(f -> readFile(new BlobReader(file.blob(FILES, f), false))).toList();
    BlobReader p = new BlobReader(file.blob(PROGRAM, 0));
    this.scanStartedMillis = p.readLong();
    this.ruleCount = p.readInt();
    int functions = p.readInt();
    int[] calleeStart = ints(file, CALLEE_START, functions + 1);
    int[] callee = ints(file, CALLEES, -1);
    BitSet direct = BitSet.valueOf(file.blob(DIRECT_EDGES, 0).order(java.nio.ByteOrder.LITTLE_ENDIAN));
    this.rows = new CallGraph.Rows(calleeStart, callee, direct, p.readLong(), p.readLong());
    this.directScc = ints(file, DIRECT_SCCS, functions);
    this.directLevels = ints(file, DIRECT_LEVELS, functions);
    this.callbackEntries = new HashMap<>();
    int withEntries = p.readInt();
    for (int k = 0; k < withEntries; k++) callbackEntries.put(p.readInt(), readEntries(p));
    this.faultEntries = readEntries(p);
    this.faultPathEdges = p.readOrderEdges();
  }

  /**
   * Opens the snapshot at {@code path} if it was written with {@code key} and is intact.
   *
   * @throws IOException when it is absent, damaged, or of other options, rules or version
   */
  public static AnalysisSnapshot open(Path path, String key) throws IOException {
    try {
      // SnapshotFile.OtherKey (another build, other options or rules) passes through as it is.
      return new AnalysisSnapshot(SnapshotFile.open(path, key));
    } catch (BlobFormatException | IllegalArgumentException | IndexOutOfBoundsException e) {
      throw new IOException("damaged analysis snapshot " + path + ": " + e.getMessage(), e);
    }
  }

  public List<FileEntry> files() {
    return files;
  }

  /** When the scan that wrote this started reading files (for the stat check: see the scanner). */
  public long scanStartedMillis() {
    return scanStartedMillis;
  }

  public int ruleCount() {
    return ruleCount;
  }

  public CallGraph.Rows rows() {
    return rows;
  }

  public int[] directScc() {
    return directScc;
  }

  public int[] directLevels() {
    return directLevels;
  }

  public List<ProgramAnalysis.FaultEntry> callbackEntries(int fn) {
    return callbackEntries.getOrDefault(fn, List.of());
  }

  public List<ProgramAnalysis.FaultEntry> faultEntries() {
    return faultEntries;
  }

  public List<OrderEdge> faultPathEdges() {
    return faultPathEdges;
  }

  public int functionCount() {
    return directScc.length;
  }

  /**
   * Summaries are stored {@link #SUMMARY_GROUP} neighbours to a blob: functions of one file share paths, callees
   * and so witness steps, which one blob's tables then hold once (the snapshot of a whole kernel shrank from
   * 820 to 468 MB). A decoded group is kept: the neighbours of a function read are often read next.
   */
  private static final int SUMMARY_GROUP = 32;
  private final Map<Integer, FunctionSummary[]> summaryGroups = new java.util.concurrent.ConcurrentHashMap<>();

  /** Function {@code fn}'s summary; {@code name} makes the empty one, which is not stored. */
  public FunctionSummary summary(int fn, String name) {
    FunctionSummary[] group = summaryGroups.computeIfAbsent(fn / SUMMARY_GROUP, g -> {
      BlobReader r = new BlobReader(blob(SUMMARIES, g));
      FunctionSummary[] out = new FunctionSummary[SUMMARY_GROUP];
      for (int k = 0; k < SUMMARY_GROUP && !r.atEnd(); k++) out[k] = r.readBoolean() ? r.readSummary() : null;
      return out;
    });
    FunctionSummary s = group[fn % SUMMARY_GROUP];
    return s != null ? s : FunctionSummary.empty(name);
  }

  /**
   * Function {@code fn}'s lock-order edges. Their witnesses are decoded when first read: an incremental scan
   * merges every function's edges into the lock order, but reads the witnesses only of edges on a reported cycle.
   */
  public List<OrderEdge> orderEdges(int fn) {
    if (file.length(EDGES, fn) == 0) return List.of();
    java.nio.ByteBuffer b = blob(EDGES, fn);
    int headLength = b.getInt(0);
    BlobReader head = new BlobReader(b.slice(4, headLength));
    int count = head.readInt();
    List<OrderEdge> out = new ArrayList<>(count);
    int witnessAt = 4 + headLength;
    for (int k = 0; k < count; k++) {
      LockClass from = head.readLockClass();
      faultline.lock.LockMode fromMode = faultline.lock.LockMode.values()[head.readInt()];
      LockClass to = head.readLockClass();
      faultline.lock.LockMode toMode = faultline.lock.LockMode.values()[head.readInt()];
      OrderEdge.Origin origin = OrderEdge.Origin.values()[head.readInt()];
      faultline.ir.Span at = head.readSpan();
      String function = head.readString();
      int steps = head.readInt();
      int bytes = head.readInt();
      out.add(new OrderEdge(from, fromMode, to, toMode, origin, at, function,
          new LazyWitness(steps, b.slice(witnessAt, bytes))));
      witnessAt += bytes;
    }
    return List.copyOf(out);
  }

  /** A witness decoded from its bytes when a step is first read; its size is known without decoding. */
  private static final class LazyWitness extends java.util.AbstractList<faultline.rule.Step>
      implements java.util.RandomAccess {
    private final int size;
    private java.nio.ByteBuffer encoded;
    private volatile List<faultline.rule.Step> steps;

    LazyWitness(int size, java.nio.ByteBuffer encoded) {
      this.size = size;
      this.encoded = encoded;
    }

    @Override public int size() {
      return size;
    }

    @Override public faultline.rule.Step get(int k) {
      List<faultline.rule.Step> s = steps;
      if (s == null) {
        synchronized (this) {
          if (steps == null) {
            List<faultline.rule.Step> decoded = new BlobReader(encoded).readSteps();
            if (decoded.size() != size) throw new BlobFormatException("witness of " + decoded.size() + " steps, not " + size);
            steps = decoded;
            encoded = null;
          }
          s = steps;
        }
      }
      return s.get(k);
    }
  }

  public FunctionFindings findings(int fn) {
    if (file.length(FINDINGS, fn) == 0) return null;
    java.nio.ByteBuffer b = blob(FINDINGS, fn);
    BlobReader r = new BlobReader(b);
    List<List<Finding>> byRule = new ArrayList<>(ruleCount);
    for (int k = 0; k < ruleCount; k++) byRule.add(r.readFindings());
    int failures = r.readInt();
    List<RuleRunner.RuleFailure> failed = new ArrayList<>(failures);
    for (int k = 0; k < failures; k++) failed.add(new RuleRunner.RuleFailure(r.readString(), r.readString(), r.readInt()));
    return new FunctionFindings(List.copyOf(byRule), List.copyOf(failed));
  }

  /**
   * The source lines (1-based number to text) the full scan read from file {@code f} for its findings: a scan that
   * continues this snapshot takes a file's lines from here while the file is unchanged, instead of reading some
   * 4,400 files of a kernel again.
   */
  public Map<Integer, String> findingLines(int f) {
    if (file.length(FINDING_LINES, f) == 0) return Map.of();
    BlobReader r = new BlobReader(blob(FINDING_LINES, f), false);
    int count = r.readInt();
    if (count < 0) throw new BlobFormatException("bad line count " + count);
    Map<Integer, String> out = new HashMap<>(2 * count);
    for (int k = 0; k < count; k++) {
      int line = r.readInt();
      out.put(line, r.readString());
    }
    return out;
  }

  private static byte[] encodeLines(Map<Integer, String> lines) {
    if (lines.isEmpty()) return new byte[0];
    BlobWriter b = new BlobWriter(256);
    b.writeInt(lines.size());
    for (Map.Entry<Integer, String> e : new java.util.TreeMap<>(lines).entrySet()) {
      b.writeInt(e.getKey());
      b.writeString(e.getValue());
    }
    return b.toByteArray();
  }

  /** Writer lists are kept in this many blobs by hash of the class id, so a lookup decodes a few dozen classes. */
  private static final int WRITER_BUCKETS = 4096;
  private final Map<Integer, Map<String, int[]>> writerBuckets = new java.util.concurrent.ConcurrentHashMap<>();

  /** The functions whose summaries take {@code cls} for write with a blocking acquisition, ascending. */
  public int[] writers(LockClass cls) {
    int bucket = Math.floorMod(cls.id().hashCode(), WRITER_BUCKETS);
    return writerBuckets.computeIfAbsent(bucket, k -> {
      BlobReader r = new BlobReader(blob(WRITERS, k));
      Map<String, int[]> out = new HashMap<>();
      if (r.atEnd()) return out;
      int classes = r.readInt();
      for (int c = 0; c < classes; c++) {
        String id = r.readString();
        int count = r.readInt();
        if (count < 0 || count > functionCount()) throw new BlobFormatException("bad writer count " + count);
        int[] fns = new int[count];
        int previous = 0;
        for (int j = 0; j < count; j++) fns[j] = previous += r.readInt();
        out.put(id, fns);
      }
      return out;
    }).getOrDefault(cls.id(), new int[0]);
  }

  private java.nio.ByteBuffer blob(String section, int i) {
    return file.blob(section, i);
  }

  // ---- writing ------------------------------------------------------------------------------------

  /**
   * What a snapshot keeps of a full analysis, taken out of it: the scanner lets the analysis, and with it every
   * function's IR, go before writing the snapshot. On a kernel the IR is 3 GB; the full collection that the
   * snapshot's allocations set off took 6 s while the IR was live, 1.3 s once it was not.
   */
  public record Program(List<CallGraph.Definition> definitions, CallGraph.Rows rows, int[] directSccNumbers,
      int[] directLevels, Map<LockClass, int[]> writers, FunctionSummary[] summaries,
      List<List<ProgramAnalysis.FaultEntry>> callbackEntries, List<ProgramAnalysis.FaultEntry> faultEntries,
      List<OrderEdge> faultPathEdges) {

    /** The parts of {@code analysis}, a full analysis whose function pass has run, that a snapshot keeps. */
    public static Program of(ProgramAnalysis analysis) {
      int n = analysis.functions().size();
      FunctionSummary[] summaries = new FunctionSummary[n];
      List<List<ProgramAnalysis.FaultEntry>> entries = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        summaries[i] = analysis.summaryOf(i);
        entries.add(analysis.callbackEntries(i));
      }
      CallGraph graph = analysis.callGraph();
      return new Program(analysis.definitions(), graph.rows(), graph.directSccNumbers(), graph.directLevels(),
          analysis.writers(), summaries, entries, analysis.faultEntryList(), analysis.faultPathEdgeList());
    }
  }

  /**
   * Writes the snapshot of a full analysis: {@code files} in scan order, the analysis, the rule results
   * ({@code ran.perFunction()}, for rules in the order they ran) and each function's lock-order edges as the
   * function pass gave them ({@code edgeBlobs}, from {@link #encodeEdges}; {@code null}: none), and per file the
   * source lines read for the findings ({@code findingLines}, in file order; an empty map: none).
   */
  public static void write(Path path, String key, long scanStartedMillis, List<FileEntry> files,
      Program analysis, RuleRunner.Result ran, int ruleCount, byte[][] edgeBlobs,
      List<Map<Integer, String>> findingLines) throws IOException {
    if (findingLines.size() != files.size()) throw new IllegalArgumentException("finding lines for another file list");
    List<CallGraph.Definition> defs = analysis.definitions();
    int n = defs.size();
    try (SnapshotFile.Writer w = new SnapshotFile.Writer(path, key)) {
      w.section(FILES, files.size(), f -> encodeFile(files.get(f)));
      w.section(PROGRAM, 1, k -> encodeProgram(analysis, scanStartedMillis, ruleCount, n));
      CallGraph.Rows rows = analysis.rows();
      w.section(CALLEE_START, 1, k -> rawInts(rows.calleeStart()));
      w.section(CALLEES, 1, k -> rawInts(rows.callee()));
      w.section(DIRECT_EDGES, 1, k -> rows.directEdge().toByteArray());
      w.section(DIRECT_SCCS, 1, k -> rawInts(analysis.directSccNumbers()));
      w.section(DIRECT_LEVELS, 1, k -> rawInts(analysis.directLevels()));
      w.section(WRITERS, WRITER_BUCKETS, encodeWriters(analysis.writers()));
      int groups = (n + SUMMARY_GROUP - 1) / SUMMARY_GROUP;
      w.section(SUMMARIES, groups, chunked(groups, SUMMARY_CHUNK, g -> {
        BlobWriter b = new BlobWriter(4096);
        for (int i = g * SUMMARY_GROUP; i < Math.min(n, (g + 1) * SUMMARY_GROUP); i++) {
          FunctionSummary s = analysis.summaries()[i];
          boolean stored = !s.equals(FunctionSummary.empty(defs.get(i).name()));
          b.writeBoolean(stored);
          if (stored) b.writeSummary(s);
        }
        return b.toByteArray();
      }));
      w.section(EDGES, n, i -> edgeBlobs[i]);
      w.section(FINDINGS, n, chunked(n, CHUNK, i -> encodeFindings(ran.perFunction().get(i), ruleCount)));
      w.section(FINDING_LINES, files.size(), f -> encodeLines(findingLines.get(f)));
      w.commit();
    }
    removeOtherSchemas(path);
  }

  /**
   * Snapshots of another schema are never read again (an upgrade changed the format): each is hundreds of
   * megabytes for a kernel, so the first snapshot of this schema removes them. Best effort.
   */
  private static void removeOtherSchemas(Path path) {
    Path schemaDir = path.toAbsolutePath().getParent();
    Path cacheDir = schemaDir == null ? null : schemaDir.getParent();
    if (cacheDir == null) return;
    try (java.util.stream.Stream<Path> dirs = java.nio.file.Files.list(cacheDir)) {
      for (Path d : dirs.toList()) {
        String name = d.getFileName().toString();
        if (!name.startsWith("analysis-") || d.equals(schemaDir) || !java.nio.file.Files.isDirectory(d)) continue;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(d)) {
          for (Path f : files.toList()) java.nio.file.Files.deleteIfExists(f);
        }
        java.nio.file.Files.deleteIfExists(d);
      }
    } catch (IOException | RuntimeException e) {
      // Only disk space: an old snapshot is never read.
    }
  }

  /** A function's lock-order edges as a blob ({@code null} for none). */
  public static byte[] encodeEdges(List<OrderEdge> edges) {
    if (edges.isEmpty()) return null;
    // The edges' keys and sizes first, then each witness on its own (see orderEdges).
    BlobWriter head = new BlobWriter();
    head.writeInt(edges.size());
    List<byte[]> witnesses = new ArrayList<>(edges.size());
    int total = 0;
    for (OrderEdge e : edges) {
      head.writeLockClass(e.from());
      head.writeInt(e.fromMode().ordinal());
      head.writeLockClass(e.to());
      head.writeInt(e.toMode().ordinal());
      head.writeInt(e.origin().ordinal());
      head.writeSpan(e.at());
      head.writeString(e.function());
      BlobWriter w = new BlobWriter();
      w.writeSteps(e.witness());
      byte[] bytes = w.toByteArray();
      head.writeInt(e.witness().size());
      head.writeInt(bytes.length);
      witnesses.add(bytes);
      total += bytes.length;
    }
    byte[] headBytes = head.toByteArray();
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(4 + headBytes.length + total);
    out.putInt(headBytes.length).put(headBytes);
    for (byte[] w : witnesses) out.put(w);
    return out.array();
  }

  /** Blob {@code i} of {@code n}, encoded {@code chunkSize} at a time in parallel (asked for in order). */
  private static IntFunction<byte[]> chunked(int n, int chunkSize, IntFunction<byte[]> encode) {
    return new IntFunction<>() {
      private int chunkStart = -1;
      private byte[][] chunk;

      @Override public byte[] apply(int i) {
        if (chunk == null || i < chunkStart || i >= chunkStart + chunk.length) {
          chunkStart = i - i % chunkSize;
          byte[][] next = new byte[Math.min(chunkSize, n - chunkStart)][];
          int base = chunkStart;
          IntStream.range(0, next.length).parallel().forEach(k -> next[k] = encode.apply(base + k));
          chunk = next;
        }
        return chunk[i - chunkStart];
      }
    };
  }

  private static byte[] encodeFile(FileEntry f) {
    BlobWriter b = new BlobWriter();
    b.writeString(f.relative());
    b.writeBoolean(f.key() != null);
    if (f.key() != null) b.writeString(f.key());
    b.writeLong(f.size());
    b.writeLong(f.modifiedNanos());
    b.writeInt(f.lines());
    b.writeInt(f.problemNodes());
    b.writeIssues(f.issues());
    b.writeBindings(f.bindings());
    b.writeInt(f.functions().length);
    for (int k = 0; k < f.functions().length; k++) {
      b.writeInt(f.functions()[k]);
      CallGraph.Definition d = f.definitions().get(k);
      b.writeString(d.name());
      b.writeBoolean(d.isStatic());
      b.writeString(d.file());
      List<ProgramAnalysis.EntryParam> params = f.entryParams().get(k);
      b.writeInt(params.size());
      for (ProgramAnalysis.EntryParam p : params) {
        b.writeInt(p.index());
        b.writeString(p.type());
      }
    }
    return b.toByteArray();
  }

  private static FileEntry readFile(BlobReader r) {
    String relative = r.readString();
    String key = r.readBoolean() ? r.readString() : null;
    long size = r.readLong();
    long modified = r.readLong();
    int lines = r.readInt();
    int problemNodes = r.readInt();
    List<ParseIssue> issues = r.readIssues();
    List<OpsBinding> bindings = r.readBindings();
    int count = r.readInt();
    if (count < 0 || count > 1 << 24) throw new BlobFormatException("bad function count " + count);
    int[] functions = new int[count];
    List<CallGraph.Definition> defs = new ArrayList<>(count);
    List<List<ProgramAnalysis.EntryParam>> params = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      functions[k] = r.readInt();
      defs.add(new CallGraph.Definition(r.readString(), r.readBoolean(), r.readString()));
      int np = r.readInt();
      List<ProgramAnalysis.EntryParam> ps = new ArrayList<>(Math.max(0, Math.min(np, 16)));
      for (int j = 0; j < np; j++) ps.add(new ProgramAnalysis.EntryParam(r.readInt(), r.readString()));
      params.add(List.copyOf(ps));
    }
    return new FileEntry(relative, key, size, modified, lines, problemNodes, issues, bindings, functions,
        List.copyOf(defs), List.copyOf(params));
  }

  private static byte[] encodeProgram(Program analysis, long scanStartedMillis, int ruleCount, int n) {
    BlobWriter b = new BlobWriter(1 << 20);
    b.writeLong(scanStartedMillis);
    b.writeInt(ruleCount);
    b.writeInt(n);
    CallGraph.Rows rows = analysis.rows();
    b.writeLong(rows.indirectCalls());
    b.writeLong(rows.indirectResolved());
    List<Integer> withEntries = new ArrayList<>();
    for (int i = 0; i < n; i++) if (!analysis.callbackEntries().get(i).isEmpty()) withEntries.add(i);
    b.writeInt(withEntries.size());
    for (int i : withEntries) {
      b.writeInt(i);
      writeEntries(b, analysis.callbackEntries().get(i));
    }
    writeEntries(b, analysis.faultEntries());
    b.writeOrderEdges(analysis.faultPathEdges());
    return b.toByteArray();
  }

  private static IntFunction<byte[]> encodeWriters(Map<LockClass, int[]> writers) {
    List<List<Map.Entry<LockClass, int[]>>> buckets = new ArrayList<>();
    for (int k = 0; k < WRITER_BUCKETS; k++) buckets.add(new ArrayList<>());
    for (Map.Entry<LockClass, int[]> e : writers.entrySet()) {
      buckets.get(Math.floorMod(e.getKey().id().hashCode(), WRITER_BUCKETS)).add(e);
    }
    return k -> {
      List<Map.Entry<LockClass, int[]>> here = buckets.get(k);
      if (here.isEmpty()) return null;
      BlobWriter b = new BlobWriter();
      b.writeInt(here.size());
      for (Map.Entry<LockClass, int[]> e : here) {
        b.writeString(e.getKey().id());
        b.writeInt(e.getValue().length);
        int previous = 0;
        for (int f : e.getValue()) {
          b.writeInt(f - previous);
          previous = f;
        }
      }
      return b.toByteArray();
    };
  }

  private static byte[] encodeFindings(FunctionFindings f, int ruleCount) {
    if (f == null) return null;
    BlobWriter b = new BlobWriter();
    for (int k = 0; k < ruleCount; k++) b.writeFindings(f.byRule().get(k));
    b.writeInt(f.failures().size());
    for (RuleRunner.RuleFailure failure : f.failures()) {
      b.writeString(failure.ruleId());
      b.writeString(failure.reason());
      b.writeInt(failure.functions());
    }
    return b.toByteArray();
  }

  private static void writeEntries(BlobWriter b, List<ProgramAnalysis.FaultEntry> entries) {
    b.writeInt(entries.size());
    for (ProgramAnalysis.FaultEntry e : entries) {
      b.writeInt(e.function());
      b.writeString(e.why());
    }
  }

  private static List<ProgramAnalysis.FaultEntry> readEntries(BlobReader r) {
    int count = r.readInt();
    if (count < 0 || count > 1 << 24) throw new BlobFormatException("bad entry count " + count);
    List<ProgramAnalysis.FaultEntry> out = new ArrayList<>(Math.min(count, 1024));
    for (int k = 0; k < count; k++) out.add(new ProgramAnalysis.FaultEntry(r.readInt(), r.readString()));
    return List.copyOf(out);
  }

  private static byte[] rawInts(int[] values) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * values.length);
    b.asIntBuffer().put(values);
    return b.array();
  }

  /** Section {@code name}'s one blob as ints; {@code expected} of them, or any number when negative. */
  private static int[] ints(SnapshotFile file, String name, int expected) {
    java.nio.ByteBuffer b = file.blob(name, 0);
    if (b.remaining() % 4 != 0 || (expected >= 0 && b.remaining() != 4L * expected)) {
      throw new BlobFormatException("section " + name + " has " + b.remaining() + " bytes");
    }
    int[] out = new int[b.remaining() / 4];
    b.asIntBuffer().get(out);
    return out;
  }
}

package faultline.analysis;

import faultline.callgraph.CallGraph;
import faultline.dataflow.WorklistSolver;
import faultline.ir.Callee;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import faultline.lock.FunctionSummary;
import faultline.lock.HeldLock;
import faultline.lock.LockApi;
import faultline.lock.LockApis;
import faultline.lock.LockClass;
import faultline.lock.LockMode;
import faultline.lock.LockOp;
import faultline.lock.LockOrderGraph;
import faultline.lock.LockRef;
import faultline.lock.LockState;
import faultline.lock.OrderEdge;
import faultline.lock.PathState;
import faultline.rule.AnalysedProgram;
import faultline.rule.ProgramFacts;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Runs the lock semantics over a whole scan in two passes, so that lock states are never held for every function
 * at once:
 * <ol>
 *   <li>On construction: the call graph, then the per-function lock-state dataflow bottom-up over the SCCs of the
 *       direct calls, keeping only each function's {@link FunctionSummary} (a fixed point of at most
 *       {@link #MAX_SCC_ITERATIONS} rounds inside recursive SCCs), then the implicit mmap_lock edges of the
 *       page-fault paths, which need summaries only.</li>
 *   <li>{@link #functionPass}: each function's states once more, now with every summary final; its lock-order
 *       edges are recorded and the caller's per-function work (the rules) runs while the states are at hand,
 *       then they are dropped. After the last function the global lock order is frozen.</li>
 * </ol>
 * The result is deterministic whatever the order of the units. SCCs whose callees are done ({@link BottomUp}), and
 * the functions of the second pass, are analysed in parallel.
 */
public final class ProgramAnalysis implements AnalysedProgram {

  public static final int MAX_SCC_ITERATIONS = 6;
  /**
   * SCCs larger than this get at most {@link #LARGE_SCC_ITERATIONS} analyses per member: their summaries may
   * miss facts that need longer chains.
   */
  public static final int LARGE_SCC = 256;
  public static final int LARGE_SCC_ITERATIONS = 3;
  /** Bound on the acquisitions one summary lists (classes sorted; the rest are dropped). */
  public static final int MAX_ACQUISITIONS = 256;
  /**
   * An acquisition reaches a caller's summary only while its witness is shorter than this many steps (the
   * acquiring statement and up to 7 calls above it). Without a bound, functions near the top of a kernel's call
   * chains each listed up to {@link #MAX_ACQUISITIONS} classes taken a dozen calls down: 14 M acquisitions on the
   * whole tree, more than the rest of the analysis. Lock-order cycles through chains that deep are rarely
   * readable, and lockdep reports them from the running kernel anyway.
   */
  public static final int MAX_ACQUISITION_DEPTH = 8;
  /** Bound on the steps of a composed witness (see {@link #prefixed}). */
  public static final int MAX_WITNESS = 16;

  /** The order functions are numbered in: by file, line, column, then name. */
  public static final Comparator<Function> SOURCE_ORDER = Comparator
      .comparing((Function f) -> f.at().file())
      .thenComparingInt(f -> f.at().line())
      .thenComparingInt(f -> f.at().column())
      .thenComparing(Function::name);

  private final LockApis apis;
  private final List<Function> functions;
  private final List<OpsBinding> bindings;
  private final CallGraph callGraph;
  /**
   * Final summaries. In an incremental analysis an entry is {@code null} until first read, then the earlier
   * analysis's (see {@link #summary}), unless it was computed again.
   */
  private final FunctionSummary[] summaries;
  /** The earlier analysis an incremental one continues; {@code null} for a full analysis. */
  private final EarlierAnalysis earlier;
  /** Incremental: the functions the pass visits (their inputs changed); the others keep their earlier results. */
  private final java.util.BitSet visit;
  /** Per function, the fault entries its calls create (null: none); kept for {@link #callbackEntries}. */
  private final List<FaultEntry>[] callbackEntries;
  /** A full analysis: each function's callback-typed parameters, found once (the snapshot keeps them too). */
  private final List<EntryParam>[] bodyEntryParams;
  /** Gets each visited function's lock-order edges during the pass (for a snapshot), when set. */
  private volatile java.util.function.BiConsumer<Integer, List<OrderEdge>> edgeSink;
  /** Found once, after the call graph: the walk looks at every call of every function. */
  private final List<FaultEntry> faultEntries;
  private final List<OrderEdge> faultPathEdges;
  /** Per lock class, the best implicit mmap_lock -> class edge of a page-fault path. */
  private final Map<LockClass, OrderEdge> takenOnFaultPath = new HashMap<>();
  private final LockOrder lockOrder = new LockOrder();
  private volatile boolean passDone;
  private final Map<String, Long> timings = new LinkedHashMap<>();
  /** States solved on demand outside the function pass (tests, whole-program rules), for the last few functions. */
  private final Map<Integer, Solved> recent = new LinkedHashMap<>(16, 0.75f, true) {
    @Override protected boolean removeEldestEntry(Map.Entry<Integer, Solved> e) {
      return size() > 64;
    }
  };
  private final Facts facts = new Facts();
  private final java.util.concurrent.atomic.AtomicLong analyses = new java.util.concurrent.atomic.AtomicLong();

  /** One function's analysis and the states before each of its nodes, with final summaries. */
  private static final class Solved {
    private final LockState[] in;
    private final java.util.function.Supplier<FunctionLockAnalysis> make;
    private FunctionLockAnalysis analysis;

    /** {@code make} gives the analysis (for lock ops); it is called only if asked for, at most once. */
    Solved(LockState[] in, java.util.function.Supplier<FunctionLockAnalysis> make) {
      this.in = in;
      this.make = make;
    }

    LockState[] in() {
      return in;
    }

    FunctionLockAnalysis analysis() {
      if (analysis == null) analysis = make.get();
      return analysis;
    }
  }

  /**
   * For functions whose every reachable state is free of lock facts (no lock held, released or uncertain, no
   * atomic or fault-disabled context), found while building summaries with final callee summaries: the nodes
   * reachable with final summaries. Their states in the function pass are then known without solving again;
   * most kernel functions are like this. {@code null} for the others.
   */
  private final java.util.BitSet[] lockFreeReachable;
  /** The state of every reachable node of a lock-free function: one path, no lock facts. */
  private static final LockState LOCK_FREE = LockState.start(LockState.Path.START);

  private ProgramAnalysis(LockApis apis, List<TranslationUnit> units) {
    this.apis = apis;
    List<TranslationUnit> sorted = new ArrayList<>(units);
    sorted.sort(Comparator.comparing(TranslationUnit::file));
    List<Function> fns = new ArrayList<>();
    List<OpsBinding> bindings = new ArrayList<>();
    for (TranslationUnit u : sorted) {
      fns.addAll(u.functions());
      bindings.addAll(sortedBindings(u.bindings()));
    }
    fns.sort(SOURCE_ORDER);
    this.functions = List.copyOf(fns);
    this.bindings = List.copyOf(bindings);
    this.earlier = null;
    this.visit = null;
    this.resummarised = null;
    long t0 = System.nanoTime();
    this.callGraph = CallGraph.build(functions, bindings, apis);
    long t1 = System.nanoTime();
    this.summaries = new FunctionSummary[functions.size()];
    this.lockFreeReachable = new java.util.BitSet[functions.size()];
    this.callbackEntries = newEntryArray(functions.size());
    for (int i = 0; i < summaries.length; i++) summaries[i] = FunctionSummary.empty(functions.get(i).name());
    CallGraph.SummaryDag order = callGraph.summaryDag();
    BottomUp.run(order, BottomUp.defaultThreads(), k -> analyseScc(order.sccs().get(k)));
    // Each function's callback parameters once, not at every call to it; then every function's calls, in
    // parallel (one thread over a kernel's 714,000 functions took 2 s).
    List<EntryParam>[] params = newParamArray(functions.size());
    IntStream.range(0, functions.size()).parallel().forEach(t -> params[t] = entryParams(apis, functions.get(t)));
    this.bodyEntryParams = params;
    IntStream.range(0, functions.size()).parallel().forEach(i -> {
      List<FaultEntry> found = findCallbackEntries(i, t -> params[t]);
      if (!found.isEmpty()) callbackEntries[i] = found;
    });
    this.faultEntries = faultEntries();
    this.faultPathEdges = faultPathEdges();
    for (OrderEdge e : faultPathEdges) takenOnFaultPath.merge(e.to(), e, (a, b) -> LockOrder.BETTER.compare(a, b) <= 0 ? a : b);
    long t2 = System.nanoTime();
    timings.put("callGraphMillis", (t1 - t0) / 1_000_000);
    timings.put("summariesMillis", (t2 - t1) / 1_000_000);
  }

  /** One file's ops bindings in the order the call graph gets them (files in path order, each sorted so). */
  public static List<OpsBinding> sortedBindings(List<OpsBinding> unitBindings) {
    List<OpsBinding> b = new ArrayList<>(unitBindings);
    b.sort(Comparator.comparing((OpsBinding x) -> x.at().line()).thenComparingInt(x -> x.at().column())
        .thenComparing(OpsBinding::target).thenComparing(OpsBinding::function));
    return b;
  }

  /** {@code fn}'s parameters of a callback type {@code apis} knows (get_block_t). */
  public static List<EntryParam> entryParams(LockApis apis, Function fn) {
    List<Param> params = fn.params();
    List<EntryParam> out = new ArrayList<>(0);
    for (int k = 0; k < params.size(); k++) {
      if (apis.entryType(params.get(k).type()).isPresent()) out.add(new EntryParam(k, params.get(k).type()));
    }
    return List.copyOf(out);
  }

  /** Analyses {@code units} with the built-in kernel model. */
  public static ProgramAnalysis run(List<TranslationUnit> units) {
    return new ProgramAnalysis(LockApis.kernel(), units);
  }

  /** Analyses {@code units} with another model (tests). */
  public static ProgramAnalysis run(List<TranslationUnit> units, LockApis apis) {
    return new ProgramAnalysis(apis, units);
  }

  /**
   * Continues {@code earlier}: analyses again only what the changed functions can affect, and gives the same
   * facts, lock order and rule results a full analysis of the current program would.
   *
   * @throws IncrementalUnavailable when the change reaches a fact that every function may read (the locks taken
   *     on page-fault paths): then only a full analysis gives the right answer
   */
  public static ProgramAnalysis incremental(EarlierAnalysis earlier) {
    return new ProgramAnalysis(LockApis.kernel(), earlier);
  }

  /** Analyses {@code earlier}'s changes with another model (tests). */
  public static ProgramAnalysis incremental(EarlierAnalysis earlier, LockApis apis) {
    return new ProgramAnalysis(apis, earlier);
  }

  /** A change an incremental analysis cannot follow; the caller analyses the whole program instead. */
  public static final class IncrementalUnavailable extends RuntimeException {
    public IncrementalUnavailable(String why) {
      super(why, null, false, false);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<EntryParam>[] newParamArray(int n) {
    return (List<EntryParam>[]) new List<?>[n];
  }

  @SuppressWarnings("unchecked")
  private static List<FaultEntry>[] newEntryArray(int n) {
    return (List<FaultEntry>[]) new List<?>[n];
  }

  /**
   * The incremental analysis. Summaries: every direct-call SCC holding a changed function (or a function that
   * shared an earlier SCC with one) is analysed again exactly as a full analysis would, from empty summaries;
   * when a summary comes out different, the SCCs of its direct callers follow, callees first. The function
   * pass then visits the changed functions and every caller (direct or through an ops table) of a function
   * whose summary changed; every other function keeps its earlier lock-order edges and rule results.
   */
  private ProgramAnalysis(LockApis apis, EarlierAnalysis earlier) {
    this.apis = apis;
    this.earlier = earlier;
    int n = earlier.definitions().size();
    this.functions = new java.util.AbstractList<>() {
      @Override public Function get(int i) {
        java.util.Objects.checkIndex(i, n);
        return earlier.function(i);
      }

      @Override public int size() {
        return n;
      }
    };
    this.bindings = earlier.bindings();
    java.util.BitSet changed = earlier.changed();
    long t0 = System.nanoTime();
    Map<Integer, Function> bodies = new HashMap<>();
    changed.stream().forEach(i -> bodies.put(i, earlier.function(i)));
    this.callGraph = CallGraph.restore(earlier.definitions(), bindings, apis, earlier.rows(), bodies,
        earlier.directScc(), earlier.directLevels());
    long t1 = System.nanoTime();
    this.summaries = new FunctionSummary[n];
    this.lockFreeReachable = new java.util.BitSet[n];
    this.callbackEntries = newEntryArray(n);
    this.bodyEntryParams = null;

    this.resummarised = new java.util.BitSet(n);
    java.util.BitSet summaryChanged = resummarise(changed, resummarised);

    this.visit = (java.util.BitSet) changed.clone();
    summaryChanged.stream().forEach(t -> {
      for (int caller : callGraph.callers(t, false)) visit.set(caller);
    });

    for (int i = 0; i < n; i++) {
      List<FaultEntry> found = changed.get(i) ? findCallbackEntries(i, this::entryParamsOf) : earlier.callbackEntries(i);
      if (!found.isEmpty()) callbackEntries[i] = found;
    }
    this.faultEntries = faultEntries();
    boolean entriesSame = faultEntries.equals(earlier.faultEntries())
        && faultEntries.stream().noneMatch(e -> changed.get(e.function()) || summaryChanged.get(e.function()));
    this.faultPathEdges = entriesSame ? earlier.faultPathEdges() : faultPathEdges();
    for (OrderEdge e : faultPathEdges) takenOnFaultPath.merge(e.to(), e, (a, b) -> LockOrder.BETTER.compare(a, b) <= 0 ? a : b);
    if (!entriesSame) {
      Map<LockClass, OrderEdge> before = new HashMap<>();
      for (OrderEdge e : earlier.faultPathEdges()) before.merge(e.to(), e, (a, b) -> LockOrder.BETTER.compare(a, b) <= 0 ? a : b);
      // Any function holding one of these classes may read it (mutex-held-across-fault): only a full pass is right.
      if (!before.equals(takenOnFaultPath)) throw new IncrementalUnavailable("the locks taken on page-fault paths changed");
    }
    long t2 = System.nanoTime();
    timings.put("callGraphMillis", (t1 - t0) / 1_000_000);
    timings.put("summariesMillis", (t2 - t1) / 1_000_000);
    timings.put("changedFunctions", (long) changed.cardinality());
    timings.put("resummarisedFunctions", (long) resummarised.cardinality());
    timings.put("changedSummaries", (long) summaryChanged.cardinality());
    timings.put("revisitedFunctions", (long) visit.cardinality());
  }

  /**
   * Incremental: summarises again, into {@code resummarised}, the SCCs of direct calls holding a changed function
   * or a function that was in an SCC with one (the change may have split that SCC, and a recursive SCC's
   * summaries depend on all its members), then, callees first, the SCCs of the direct callers of any function
   * whose summary came out different. Each SCC is analysed exactly as a full analysis would, from empty
   * summaries. Returns the functions whose summaries changed.
   */
  private java.util.BitSet resummarise(java.util.BitSet changed, java.util.BitSet resummarised) {
    int n = functions.size();
    int[] earlierScc = earlier.directScc();
    java.util.Set<Integer> touchedSccs = new java.util.HashSet<>();
    changed.stream().forEach(i -> touchedSccs.add(earlierScc[i]));
    List<int[]> order = new ArrayList<>();
    for (List<int[]> level : callGraph.summaryLevels()) order.addAll(level);
    int[] position = new int[n];
    for (int p = 0; p < order.size(); p++) for (int m : order.get(p)) position[m] = p;
    java.util.BitSet queued = new java.util.BitSet(order.size());
    java.util.PriorityQueue<Integer> work = new java.util.PriorityQueue<>();
    java.util.function.IntConsumer enqueue = fn -> {
      if (!queued.get(position[fn])) {
        queued.set(position[fn]);
        work.add(position[fn]);
      }
    };
    for (int i = 0; i < n; i++) if (changed.get(i) || touchedSccs.contains(earlierScc[i])) enqueue.accept(i);
    java.util.BitSet summaryChanged = new java.util.BitSet(n);
    while (!work.isEmpty()) {
      int[] scc = order.get(work.poll());
      FunctionSummary[] before = new FunctionSummary[scc.length];
      for (int k = 0; k < scc.length; k++) {
        before[k] = summary(scc[k]);
        summaries[scc[k]] = FunctionSummary.empty(callGraph.definition(scc[k]).name());
      }
      analyseScc(scc);
      boolean any = false;
      for (int k = 0; k < scc.length; k++) {
        resummarised.set(scc[k]);
        if (!summaries[scc[k]].equals(before[k])) {
          summaryChanged.set(scc[k]);
          any = true;
        }
      }
      if (any) for (int m : scc) for (int caller : callGraph.callers(m, true)) enqueue.accept(caller);
    }
    return summaryChanged;
  }

  /** Incremental: functions whose summaries were computed again ({@code null} for a full analysis). */
  private final java.util.BitSet resummarised;

  /** Function {@code i}'s final summary (an incremental analysis reads unchanged ones from the earlier analysis). */
  private FunctionSummary summary(int i) {
    FunctionSummary s = summaries[i];
    if (s == null) {
      // Records are immutable: a racing second read decodes an equal summary, and either may be kept.
      s = earlier.summary(i);
      summaries[i] = s;
    }
    return s;
  }

  @Override public List<Function> functions() {
    return functions;
  }

  @Override public synchronized <T> List<T> functionPass(BiFunction<Function, ProgramFacts, T> visit) {
    if (passDone) throw new IllegalStateException("the function pass runs once");
    long t0 = System.nanoTime();
    int n = functions.size();
    IntStream visited = this.visit == null ? IntStream.range(0, n) : this.visit.stream();
    List<T> out = new ArrayList<>(java.util.Collections.nCopies(n, null));
    Object[] results = new Object[n];
    visited.parallel().forEach(i -> results[i] = visitOne(i, visit));
    if (this.visit != null) {
      // Unchanged inputs, unchanged edges: the earlier analysis's.
      IntStream.range(0, n).parallel().filter(i -> !this.visit.get(i)).forEach(i -> lockOrder.addAll(earlier.orderEdges(i)));
    }
    for (int i = 0; i < n; i++) {
      @SuppressWarnings("unchecked") T r = (T) results[i];
      out.set(i, r);
    }
    lockOrder.addAll(faultPathEdges);
    if (earlier == null) callGraph.prepareStats();   // freezing the lock order is serial
    lockOrder.freeze();
    passDone = true;
    timings.put("functionPassMillis", (System.nanoTime() - t0) / 1_000_000);
    return out;
  }

  private <T> T visitOne(int i, BiFunction<Function, ProgramFacts, T> visit) {
    java.util.BitSet reachable = earlier == null || resummarised.get(i) ? lockFreeReachable[i] : lockFreeShortcut(i);
    if (reachable != null) {
      // No lock is ever held here: no lock-order edge, and the states are known.
      LockState[] in = new LockState[functions.get(i).cfg().nodes().size()];
      for (int k = 0; k < in.length; k++) in[k] = reachable.get(k) ? LOCK_FREE : LockState.UNREACHABLE;
      java.util.function.BiConsumer<Integer, List<OrderEdge>> sink = edgeSink;
      if (sink != null) sink.accept(i, List.of());
      return visit.apply(functions.get(i), new Focused(i, new Solved(in, () -> analysis(i))));
    }
    FunctionLockAnalysis a = analysis(i);
    LockState[] in = solve(a);
    List<OrderEdge> edges = orderEdges(i, a, in);
    lockOrder.addAll(edges);
    java.util.function.BiConsumer<Integer, List<OrderEdge>> sink = edgeSink;
    if (sink != null) sink.accept(i, edges);
    return visit.apply(functions.get(i), new Focused(i, new Solved(in, () -> a)));
  }

  /**
   * Incremental, for a function visited again without a new summary: the shortcut a full analysis would have
   * found for it while summarising ({@link #lockFreeReachable}), from the same final callee summaries.
   */
  private java.util.BitSet lockFreeShortcut(int i) {
    if (callGraph.directlyRecursive(callGraph.directSccOf(i))) return null;
    if (inert(i)) return cfgReachable(functions.get(i));
    return lockFreeReachable(solve(analysis(i)));
  }

  /** Whether the function pass visits function {@code i}; an incremental analysis skips unchanged ones. */
  @Override public boolean visits(int i) {
    return visit == null || visit.get(i);
  }

  /** The earlier rule results of a function the pass does not visit ({@link #visits}). */
  @Override public faultline.rule.FunctionFindings earlierFindings(int i) {
    return earlier == null ? null : earlier.findings(i);
  }

  /** Receives, during the function pass, each visited function's lock-order edges (to keep them in a snapshot). */
  public void onOrderEdges(java.util.function.BiConsumer<Integer, List<OrderEdge>> sink) {
    this.edgeSink = sink;
  }

  /** Every fact. When the function pass has not run yet, runs it first (with nothing to do per function). */
  @Override public ProgramFacts facts() {
    if (!passDone) {
      synchronized (this) {
        if (!passDone) functionPass((fn, f) -> null);
      }
    }
    return facts;
  }

  public CallGraph callGraph() {
    return callGraph;
  }

  /**
   * functions, callGraphEdges, indirectCalls, indirectCallsResolved, sccs, largestScc, directCallSccs,
   * largestDirectCallScc, duplicateDefinitions, lockClasses, lockOrderEdges (and by origin), faultEntryPoints,
   * functionAnalyses, then timings in milliseconds. Lock-order counts need the function pass.
   */
  public Map<String, Long> stats() {
    Map<String, Long> m = new LinkedHashMap<>(callGraph.stats(earlier == null));
    // An incremental analysis has read few summaries and not frozen more of the lock order than its rules
    // needed; it does not do either for a statistic.
    if (earlier == null) {
      java.util.Set<LockClass> classes = lockOrder.classes(); // a count: no order needed
      for (FunctionSummary s : summaries) for (FunctionSummary.Acquisition a : s.acquires()) classes.add(a.lock().cls());
      m.put("lockClasses", (long) classes.size());
      m.putAll(lockOrder.stats());
    }
    m.put("faultEntryPoints", (long) faultEntries.size());
    m.put("functionAnalyses", analyses.get());
    m.putAll(timings);
    return m;
  }

  // ---- per function -------------------------------------------------------------------------------

  private void analyseScc(int[] scc) {
    if (!callGraph.directlyRecursive(scc)) {
      if (inert(scc[0])) {
        // Its summary is the empty one it already has, and no lock is ever held in it.
        lockFreeReachable[scc[0]] = cfgReachable(functions.get(scc[0]));
        return;
      }
      FunctionLockAnalysis a = analysis(scc[0]);
      analyses.incrementAndGet();
      LockState[] in = solve(a);
      summaries[scc[0]] = summarise(scc[0], a, in);
      lockFreeReachable[scc[0]] = lockFreeReachable(in);
      return;
    }
    // Worklist inside the SCC: re-analyse only callers (within the SCC) of a function whose summary changed,
    // at most MAX_SCC_ITERATIONS times per member.
    java.util.Set<Integer> members = new java.util.HashSet<>();
    for (int i : scc) members.add(i);
    Map<Integer, List<Integer>> callersInScc = new HashMap<>();
    for (int i : scc) {
      for (int callee : callGraph.directCallees(i)) {
        if (members.contains(callee)) callersInScc.computeIfAbsent(callee, k -> new ArrayList<>()).add(i);
      }
    }
    java.util.TreeSet<Integer> work = new java.util.TreeSet<>(members);
    int limit = scc.length > LARGE_SCC ? LARGE_SCC_ITERATIONS : MAX_SCC_ITERATIONS;
    Map<Integer, Integer> runs = new HashMap<>();
    while (!work.isEmpty()) {
      int i = work.pollFirst();
      if (runs.merge(i, 1, Integer::sum) > limit) continue;
      analyses.incrementAndGet();
      FunctionLockAnalysis a = analysis(i);
      FunctionSummary s = summarise(i, a, solve(a));
      if (!s.equals(summary(i))) {
        summaries[i] = s;
        work.addAll(callersInScc.getOrDefault(i, List.of()));
      }
    }
  }

  /**
   * Whether function {@code i} does nothing the lock analysis tracks, so that solving it would give the empty
   * summary and states without lock facts: no lock annotation, no node that may act on a lock
   * ({@link FunctionLockAnalysis#mayAct}), and no call that {@link #summarise} would take a fault, sleep,
   * acquisition or expected lock from. Half of a kernel's functions are like this (accessors, arithmetic, helpers
   * over such helpers). Callee summaries must be final.
   */
  private boolean inert(int i) {
    Function fn = functions.get(i);
    if (!fn.annotations().isEmpty()) return false;
    for (Node n : fn.cfg().nodes()) {
      if (mayAct(i, n)) return false;
      if (!(n.stmt() instanceof Stmt.Call)) continue;
      if (faultWitness(i, n, true).isPresent() || sleepWitness(i, n, true).isPresent()) return false;
      for (int t : witnessTargets(i, n, true)) {
        if (!summary(t).acquires().isEmpty() || !summary(t).expectsHeld().isEmpty()) return false;
      }
    }
    return true;
  }

  /** Nodes reachable from the entry along CFG edges. */
  private static java.util.BitSet cfgReachable(Function fn) {
    java.util.BitSet reachable = new java.util.BitSet(fn.cfg().nodes().size());
    for (int n : WorklistSolver.reversePostOrder(fn.cfg())) reachable.set(n);
    return reachable;
  }

  /** The reachable nodes, when no reachable state has a lock fact; else {@code null}. */
  private static java.util.BitSet lockFreeReachable(LockState[] in) {
    java.util.BitSet reachable = new java.util.BitSet(in.length);
    for (int n = 0; n < in.length; n++) {
      if (in[n].isUnreachable()) continue;
      for (LockState.Path p : in[n].paths()) if (!p.lockFree()) return null;
      reachable.set(n);
    }
    return reachable;
  }

  private FunctionLockAnalysis analysis(int i) {
    Function fn = functions.get(i);
    return new FunctionLockAnalysis(apis, fn, new LockResolver(apis, fn), node -> directCallee(i, node));
  }

  /** The summary of the one function a direct call in function {@code i} reaches, if it reaches exactly one. */
  private Optional<FunctionSummary> directCallee(int i, Node callNode) {
    if (!(((Stmt.Call) callNode.stmt()).callee() instanceof Callee.Direct)) return Optional.empty();
    int[] t = callGraph.targets(i, callNode);
    return t.length == 1 ? Optional.of(summary(t[0])) : Optional.empty();
  }

  /** {@link FunctionLockAnalysis#mayAct} with the direct callee summary {@link #analysis} would give it. */
  private boolean mayAct(int i, Node node) {
    Optional<FunctionSummary> callee = node.stmt() instanceof Stmt.Call ? directCallee(i, node) : Optional.empty();
    return FunctionLockAnalysis.mayAct(apis, node.stmt(), callee);
  }

  private static LockState[] solve(FunctionLockAnalysis a) {
    WorklistSolver.Result<LockState> r = WorklistSolver.solve(a.function().cfg(), a);
    return r.in().toArray(new LockState[0]);
  }

  /** Function {@code i} solved with final summaries, outside the function pass (kept for the last few functions). */
  private Solved solved(int i) {
    synchronized (recent) {
      return recent.computeIfAbsent(i, k -> {
        FunctionLockAnalysis a = analysis(k);
        return new Solved(solve(a), () -> a);
      });
    }
  }

  // ---- witnesses ----------------------------------------------------------------------------------

  private String apiName(Stmt.Call call) {
    return call.callee() instanceof Callee.Direct d ? apis.apiName(d.name(), call.viaMacro()) : "";
  }

  private Step callStep(Stmt.Call call, int target) {
    String name = callGraph.definition(target).name();
    if (call.callee() instanceof Callee.Indirect ind) {
      return new Step(StepKind.CALLBACK, call.at(), "calls " + ind.expr() + "(), bound to " + name + "()", 0);
    }
    return new Step(StepKind.CALL, call.at(), "calls " + call.displayName() + "()", 0);
  }

  /** {@code first} then {@code rest} one call deeper, capped at {@link #MAX_WITNESS} steps (see {@link CalleeWitness}). */
  static List<Step> prefixed(Step first, List<Step> rest) {
    return new CalleeWitness(first, rest);
  }

  private static boolean shorter(List<Step> a, Optional<List<Step>> best) {
    return best.isEmpty() || a.size() < best.get().size();
  }

  /**
   * The callees whose faults and sleeps a call inherits. At the call itself ({@code propagating} false: what a
   * rule sees) every target, indirect ones included. Into the calling function's summary only direct targets: an
   * indirect call reaches every function bound to that ops field anywhere in the scan (urb->complete, ->setup,
   * ->process_mad), the kernel states each op's context in its contract, and one implementation that sleeps is
   * that implementation's bug, not the bug of every caller of every function that invokes the op.
   */
  private int[] witnessTargets(int i, Node callNode, boolean propagating) {
    boolean direct = ((Stmt.Call) callNode.stmt()).callee() instanceof Callee.Direct;
    return !propagating || direct ? callGraph.targets(i, callNode) : new int[0];
  }

  Optional<List<Step>> faultWitness(int i, Node callNode) {
    return faultWitness(i, callNode, false);
  }

  Optional<List<Step>> sleepWitness(int i, Node callNode) {
    return sleepWitness(i, callNode, false);
  }

  private Optional<List<Step>> faultWitness(int i, Node node, boolean propagating) {
    Stmt.Call call = (Stmt.Call) node.stmt();
    if (apis.isUserAccess(apiName(call))) {
      return Optional.of(List.of(new Step(StepKind.FAULT, call.at(), call.displayName() + "() may fault", 0)));
    }
    return viaShortest(call, witnessTargets(i, node, propagating), FunctionSummary::mayFault);
  }

  /**
   * The witness through the target of {@code call} whose own witness ({@code of} its summary) is shortest, the first
   * of equals; the call's step is made only for that one.
   */
  private Optional<List<Step>> viaShortest(Stmt.Call call, int[] targets,
      java.util.function.Function<FunctionSummary, Optional<List<Step>>> of) {
    int best = -1;
    List<Step> bestWitness = null;
    for (int t : targets) {
      Optional<List<Step>> w = of.apply(summary(t));
      // Compared as the prefixed witnesses compare: past MAX_WITNESS steps a witness is cut to that length.
      if (w.isPresent() && (best < 0 || w.get().size() < Math.min(bestWitness.size(), MAX_WITNESS - 1))) {
        best = t;
        bestWitness = w.get();
      }
    }
    return best < 0 ? Optional.empty() : Optional.of(prefixed(callStep(call, best), bestWitness));
  }

  /** The texts of a call's arguments, as {@link LockApis#maySleep} reads them (GFP masks). */
  private static List<String> argTexts(Stmt.Call call) {
    // A view, each text made when read: most calls are to functions the model does not know, and it reads no
    // argument of those (an argument's text is built from its expression tree on every call of text()).
    List<Expr> args = call.args();
    return new java.util.AbstractList<>() {
      @Override public String get(int k) {
        return args.get(k).text();
      }

      @Override public int size() {
        return args.size();
      }
    };
  }

  private Optional<List<Step>> sleepWitness(int i, Node node, boolean propagating) {
    Stmt.Call call = (Stmt.Call) node.stmt();
    if (apis.maySleep(apiName(call), argTexts(call))) {
      return Optional.of(List.of(new Step(StepKind.SLEEP, call.at(), call.displayName() + "() may sleep", 0)));
    }
    return viaShortest(call, witnessTargets(i, node, propagating), FunctionSummary::maySleep);
  }

  private static List<Step> heldWitness(HeldLock h) {
    if (!h.chain().isEmpty()) return h.chain();
    return List.of(new Step(StepKind.ACQUIRE, h.acquiredAt(),
        FunctionLockAnalysis.acquiredMessage(h.kind(), h.mode(), h.lock().expr()), 0));
  }

  /** Whether a lock API call blocks until it has the lock (trylocks do not; killable forms do). */
  private static boolean blocking(LockApi api) {
    return api.effect() == LockApi.Effect.ACQUIRE
        || (api.effect() == LockApi.Effect.TRY_ACQUIRE && api.success() == LockApi.TrySuccess.ZERO);
  }

  /** A callee's acquisition as this call sees it: the lock with the call's arguments substituted. */
  private static LockRef atCall(FunctionLockAnalysis a, Stmt.Call call, LockRef calleeLock) {
    if (!calleeLock.expr().startsWith("$")) return calleeLock;   // not rooted in a parameter: the same lock
    return a.resolver().atCall(calleeLock.cls(), calleeLock.expr(), calleeLock.expr(), call.args()).ref();
  }

  private static LockRef templated(LockResolver.Resolved r) {
    return r.template().isEmpty() ? r.ref() : new LockRef(r.ref().cls(), r.template());
  }

  // ---- summaries ----------------------------------------------------------------------------------

  private FunctionSummary summarise(int i, FunctionLockAnalysis a, LockState[] in) {
    Function fn = functions.get(i);
    Optional<List<Step>> mayFault = Optional.empty();
    Optional<List<Step>> maySleep = Optional.empty();
    record AcqKey(LockClass cls, LockMode mode, boolean trylock) {}
    Map<AcqKey, FunctionSummary.Acquisition> acquires = new HashMap<>();
    java.util.Set<LockRef> dropsBeforeSleep = null;   // null until the first point that may sleep
    Map<LockClass, LockRef> calleesExpect = new TreeMap<>();
    for (Node n : fn.cfg().nodes()) {
      LockState st = in[n.id()];
      if (st.isUnreachable()) continue;
      List<FunctionSummary.Acquisition> here = new ArrayList<>();
      FunctionLockAnalysis.Action act = a.action(n);
      if (act instanceof FunctionLockAnalysis.Action.Api api && api.api().opEffect().isPresent()
          && api.api().effect() != LockApi.Effect.RELEASE) {
        here.add(new FunctionSummary.Acquisition(templated(api.lock()), api.api().kind(), api.api().mode(),
            !blocking(api.api()), List.of(new Step(StepKind.ACQUIRE, api.call().at(),
                FunctionLockAnalysis.acquiredMessage(api.api().kind(), api.api().mode(), api.lock().ref().expr()), 0))));
      }
      if (act instanceof FunctionLockAnalysis.Action.Guard g && g.enter() && g.lock().isPresent()) {
        here.add(new FunctionSummary.Acquisition(templated(g.lock().get()), g.api().kind().orElseThrow(),
            g.api().mode(), false, List.of(new Step(StepKind.ACQUIRE, g.at(), FunctionLockAnalysis.acquiredMessage(
                g.api().kind().orElseThrow(), g.api().mode(), g.lock().get().ref().expr()), 0))));
      }
      if (n.stmt() instanceof Stmt.Call call) {
        Optional<List<Step>> fw = faultWitness(i, n, true);
        if (fw.isPresent() && st.paths().stream().anyMatch(p -> !p.faultsDisabled()) && shorter(fw.get(), mayFault)) {
          mayFault = fw;
        }
        Optional<List<Step>> sw = sleepWitness(i, n, true);
        if (sw.isPresent() && shorter(sw.get(), maySleep)) maySleep = sw;
        if (sw.isPresent()) {
          List<LockRef> byCallee = templated(a, droppedBeforeSleep(i, a, n, true));
          for (LockState.Path p : st.paths()) {
            java.util.Set<LockRef> droppedHere = new java.util.HashSet<>(byCallee);
            for (LockState.Released r : p.released()) {
              if (r.untaken()) droppedHere.add(r.template().isEmpty() ? r.lock() : new LockRef(r.lock().cls(), r.template()));
            }
            if (dropsBeforeSleep == null) dropsBeforeSleep = droppedHere;
            else dropsBeforeSleep.retainAll(droppedHere);
          }
        }
        if (call.callee() instanceof Callee.Direct) {
          for (int t : callGraph.targets(i, n)) {
            for (LockRef expected : summary(t).expectsHeld()) {
              LockRef ref = atCall(a, call, expected);
              if (ref.expr().startsWith("$")) continue;
              if (!heldOnEveryPath(st, ref) && !calleesExpect.containsKey(ref.cls())) {
                calleesExpect.put(ref.cls(), templated(a, List.of(ref)).get(0));
              }
            }
          }
        }
        Map<LockRef, LockRef[]> seen = new HashMap<>();   // callee lock -> {at this call, templated}
        // Like faults and sleeps, acquisitions reach the summary through direct calls only (see witnessTargets).
        for (int t : witnessTargets(i, n, true)) {
          Step step = null;
          for (FunctionSummary.Acquisition acq : summary(t).acquires()) {
            if (acq.witness().size() >= MAX_ACQUISITION_DEPTH) continue;
            LockRef[] resolved = seen.computeIfAbsent(acq.lock(), l -> {
              LockRef r = atCall(a, call, l);
              String tp = l.expr().startsWith("$") ? a.resolver().templateOf(r.expr()) : "";
              return new LockRef[] {r, tp.isEmpty() ? r : new LockRef(r.cls(), tp)};
            });
            AcqKey key = new AcqKey(resolved[0].cls(), acq.mode(), acq.trylock());
            FunctionSummary.Acquisition have = acquires.get(key);
            if (have != null && have.witness().size() <= Math.min(acq.witness().size() + 1, MAX_WITNESS)) continue;
            if (step == null) step = callStep(call, t);   // one step object for every lock taken through this call
            acquires.put(key, new FunctionSummary.Acquisition(resolved[1], acq.kind(), acq.mode(), acq.trylock(),
                prefixed(step, acq.witness())));
          }
        }
      }
      for (FunctionSummary.Acquisition acq : here) {
        acquires.merge(new AcqKey(acq.lock().cls(), acq.mode(), acq.trylock()), acq,
            (x, y) -> y.witness().size() < x.witness().size() ? y : x);
      }
    }
    List<FunctionSummary.Acquisition> acqList = new ArrayList<>(acquires.values());
    acqList.sort(Comparator.comparing((FunctionSummary.Acquisition x) -> x.lock().cls())
        .thenComparing(FunctionSummary.Acquisition::mode).thenComparing(FunctionSummary.Acquisition::trylock));
    if (acqList.size() > MAX_ACQUISITIONS) acqList = acqList.subList(0, MAX_ACQUISITIONS);
    List<FunctionSummary.ReturnEffect> atReturn = returnEffects(fn, in[fn.cfg().exit()]);
    List<LockRef> expects = expectsHeld(a, in[fn.cfg().exit()], calleesExpect);
    List<LockRef> drops = dropsBeforeSleep == null ? List.of() : dropsBeforeSleep.stream()
        .sorted(Comparator.comparing(LockRef::cls).thenComparing(LockRef::expr)).toList();
    return new FunctionSummary(fn.name(), mayFault, maySleep, List.copyOf(acqList), atReturn, expects, drops);
  }

  /**
   * Whether every path holds {@code ref}, taken in this function (not held at entry). Loops, not streams: asked for
   * each lock a callee expects held, at every call of every function.
   */
  private static boolean heldOnEveryPath(LockState st, LockRef ref) {
    List<LockState.Path> paths = st.paths();
    for (int p = 0; p < paths.size(); p++) {
      List<LockState.Held> held = paths.get(p).held();
      boolean found = false;
      for (int k = 0; k < held.size() && !found; k++) {
        LockState.Held h = held.get(k);
        found = !h.atEntry() && h.cls().equals(ref.cls()) && h.lock().lock().expr().equals(ref.expr());
      }
      if (!found) return false;
    }
    return true;
  }

  /** {@code refs} in the function's own terms ("$0->lock") where they were reached through a parameter. */
  private static List<LockRef> templated(FunctionLockAnalysis a, List<LockRef> refs) {
    List<LockRef> out = new ArrayList<>(refs.size());
    for (LockRef r : refs) {
      String tpl = a.resolver().templateOf(r.expr());
      out.add(tpl.isEmpty() ? r : new LockRef(r.cls(), tpl));
    }
    return out;
  }

  /**
   * The locks, in the caller's terms, that the callees of {@code call} release before every point where they may
   * sleep or fault: the intersection over the direct targets that may sleep. Empty for a sleeping API itself.
   */
  List<LockRef> droppedBeforeSleep(int i, FunctionLockAnalysis a, Node node, boolean propagating) {
    Stmt.Call call = (Stmt.Call) node.stmt();
    String api = apiName(call);
    if (apis.maySleep(api, argTexts(call)) || apis.isUserAccess(api)) return List.of();
    java.util.Set<LockRef> out = null;
    for (int t : witnessTargets(i, node, propagating)) {
      FunctionSummary s = summary(t);
      if (s.maySleep().isEmpty() && s.mayFault().isEmpty()) continue;
      java.util.Set<LockRef> here = new java.util.HashSet<>();
      for (LockRef r : s.dropsBeforeSleep()) {
        LockRef ref = atCall(a, call, r);
        if (!ref.expr().startsWith("$")) here.add(ref);
      }
      if (out == null) out = here;
      else out.retainAll(here);
    }
    return out == null ? List.of() : out.stream()
        .sorted(Comparator.comparing(LockRef::cls).thenComparing(LockRef::expr)).toList();
  }

  /**
   * A lock named only through a local variable of {@code fn} ("struct mutex *m = ...; mutex_lock(m);", class
   * "fn:m"): no caller can name it, so as a return effect it would stay held in every caller forever
   * (ps2_begin_command()/ps2_end_command() made every second ps2_command() a double-lock).
   */
  private static boolean namedByLocal(Function fn, LockRef ref) {
    return ref.cls().resolution() == LockClass.Resolution.TEXT && ref.cls().id().startsWith(fn.name() + ":")
        && !ref.expr().startsWith("$");
  }

  private static List<FunctionSummary.ReturnEffect> returnEffects(Function fn, LockState exit) {
    if (exit.isUnreachable()) return List.of();
    int paths = exit.paths().size();
    boolean anyUncertain = exit.paths().stream().anyMatch(p -> !p.uncertain().isEmpty());
    Map<List<Object>, FunctionSummary.ReturnEffect> acquired = new LinkedHashMap<>();
    Map<List<Object>, Integer> acquiredCount = new HashMap<>();
    Map<List<Object>, FunctionSummary.ReturnEffect> released = new LinkedHashMap<>();
    Map<List<Object>, Integer> releasedCount = new HashMap<>();
    for (LockState.Path p : exit.paths()) {
      for (LockState.Held h : p.held()) {
        if (h.atEntry()) continue;
        LockRef ref = h.template().isEmpty() ? h.lock().lock() : new LockRef(h.cls(), h.template());
        if (namedByLocal(fn, ref)) continue;
        List<Object> k = List.of(ref.cls(), ref.expr());
        acquired.putIfAbsent(k, new FunctionSummary.ReturnEffect(LockOp.Effect.ACQUIRE, ref, h.lock().kind(),
            h.lock().mode(), false, heldWitness(h.lock())));
        acquiredCount.merge(k, 1, Integer::sum);
      }
      for (LockState.Released r : p.released()) {
        if (!r.untaken()) continue;
        LockRef ref = r.template().isEmpty() ? r.lock() : new LockRef(r.lock().cls(), r.template());
        if (namedByLocal(fn, ref)) continue;
        List<Object> k = List.of(ref.cls(), ref.expr());
        released.putIfAbsent(k, new FunctionSummary.ReturnEffect(LockOp.Effect.RELEASE, ref, r.kind(), r.mode(), false,
            List.of(new Step(StepKind.RELEASE, r.at(), r.kind().word() + " '" + r.lock().expr() + "' released here", 0))));
        releasedCount.merge(k, 1, Integer::sum);
      }
    }
    List<FunctionSummary.ReturnEffect> out = new ArrayList<>();
    acquired.forEach((k, e) -> out.add(withEvery(e, acquiredCount.get(k) == paths && !anyUncertain)));
    released.forEach((k, e) -> out.add(withEvery(e, releasedCount.get(k) == paths && !anyUncertain)));
    out.sort(Comparator.comparing((FunctionSummary.ReturnEffect e) -> e.effect())
        .thenComparing(e -> e.lock().cls()).thenComparing(e -> e.lock().expr()));
    return List.copyOf(out);
  }

  private static FunctionSummary.ReturnEffect withEvery(FunctionSummary.ReturnEffect e, boolean every) {
    return new FunctionSummary.ReturnEffect(e.effect(), e.lock(), e.kind(), e.mode(), every, e.witness());
  }

  private static List<LockRef> expectsHeld(FunctionLockAnalysis a, LockState exit, Map<LockClass, LockRef> callees) {
    Map<LockClass, LockRef> out = new TreeMap<>();
    for (LockAnnotation an : a.function().annotations()) {
      if (an.kind() == LockAnnotation.Kind.MUST_HOLD || an.kind() == LockAnnotation.Kind.RELEASES) {
        out.putIfAbsent(a.resolver().resolve(an.lock()).ref().cls(), templated(a.resolver().resolve(an.lock())));
      }
    }
    for (LockState.Path p : exit.paths()) {
      for (LockState.Released r : p.released()) {
        if (r.untaken()) out.putIfAbsent(r.lock().cls(), r.template().isEmpty() ? r.lock() : new LockRef(r.lock().cls(), r.template()));
      }
      // Dropped and re-taken: the caller's lock, held again at return.
      for (LockState.Held h : p.held()) {
        if (h.atEntry()) out.putIfAbsent(h.cls(), h.template().isEmpty() ? h.lock().lock() : new LockRef(h.cls(), h.template()));
      }
    }
    callees.forEach(out::putIfAbsent);
    return List.copyOf(out.values());
  }

  // ---- lock order ---------------------------------------------------------------------------------

  /**
   * Keeps, per edge key, the first candidate with the shortest witness; the witness is only built for a
   * candidate that wins (a call under several held locks into a callee with many acquisitions is common).
   */
  private static void offer(Map<LockOrder.Key, OrderEdge> local, LockOrder.Key key, int witnessSize,
      java.util.function.Supplier<OrderEdge> edge) {
    OrderEdge have = local.get(key);
    if (have == null || witnessSize < have.witness().size()) local.put(key, edge.get());
  }

  private List<OrderEdge> orderEdges(int i, FunctionLockAnalysis a, LockState[] in) {
    Function fn = functions.get(i);
    Map<LockOrder.Key, OrderEdge> local = new LinkedHashMap<>();
    for (Node n : fn.cfg().nodes()) {
      LockState st = in[n.id()];
      if (st.isUnreachable()) continue;
      boolean anyHeld = false;
      for (LockState.Path p : st.paths()) anyHeld |= !p.held().isEmpty();
      if (!anyHeld) continue;
      FunctionLockAnalysis.Action act = a.action(n);
      Optional<LockOp> op = a.lockOp(n);
      boolean blockingOp = op.isPresent() && op.get().effect() != LockOp.Effect.RELEASE
          && !(act instanceof FunctionLockAnalysis.Action.Api api && !blocking(api.api()))
          && !(act instanceof FunctionLockAnalysis.Action.Callee c && !c.effects().get(0).effect().onEveryPath());
      if (blockingOp) {
        LockOp o = op.get();
        List<Step> taken = o.viaCallee() ? o.chain() : List.of(new Step(StepKind.ACQUIRE, n.stmt().at(),
            FunctionLockAnalysis.acquiredMessage(o.kind(), o.mode(), o.lock().expr()), 0));
        for (LockState.Path p : st.paths()) {
          for (LockState.Held h : p.held()) {
            if (o.nested() && h.cls().equals(o.lock().cls())) continue;
            List<Step> hw = heldWitness(h.lock());
            offer(local, new LockOrder.Key(h.cls(), h.lock().mode(), o.lock().cls(), o.mode(), OrderEdge.Origin.NESTED),
                hw.size() + taken.size(), () -> new OrderEdge(h.cls(), h.lock().mode(), o.lock().cls(), o.mode(),
                    OrderEdge.Origin.NESTED, n.stmt().at(), fn.name(), LockOrder.concat(hw, taken)));
          }
        }
      }
      if (!(n.stmt() instanceof Stmt.Call call)) continue;
      Map<LockRef, LockRef> seen = new HashMap<>();
      for (int t : callGraph.targets(i, n)) {
        for (FunctionSummary.Acquisition acq : summary(t).acquires()) {
          if (acq.trylock()) continue;
          LockRef ref = seen.computeIfAbsent(acq.lock(), l -> atCall(a, call, l));
          for (LockState.Path p : st.paths()) {
            for (LockState.Held h : p.held()) {
              List<Step> hw = heldWitness(h.lock());
              offer(local, new LockOrder.Key(h.cls(), h.lock().mode(), ref.cls(), acq.mode(), OrderEdge.Origin.NESTED),
                  hw.size() + 1 + acq.witness().size(), () -> new OrderEdge(h.cls(), h.lock().mode(), ref.cls(),
                      acq.mode(), OrderEdge.Origin.NESTED, call.at(), fn.name(),
                      LockOrder.concat(hw, prefixed(callStep(call, t), acq.witness()))));
            }
          }
        }
      }
      Optional<List<Step>> fw = faultWitness(i, n);
      if (fw.isPresent()) {
        for (LockState.Path p : st.paths()) {
          if (p.faultsDisabled()) continue;
          for (LockState.Held h : p.held()) {
            List<Step> hw = heldWitness(h.lock());
            offer(local, new LockOrder.Key(h.cls(), h.lock().mode(), LockClass.MMAP_LOCK, LockMode.SHARED,
                OrderEdge.Origin.USER_ACCESS), hw.size() + fw.get().size(), () -> new OrderEdge(h.cls(),
                    h.lock().mode(), LockClass.MMAP_LOCK, LockMode.SHARED, OrderEdge.Origin.USER_ACCESS, call.at(),
                    fn.name(), LockOrder.concat(hw, fw.get())));
          }
        }
      }
    }
    return List.copyOf(local.values());
  }

  /** A function that runs on the page-fault or block-I/O path, and why. */
  public record FaultEntry(int function, String why) {}

  /** A parameter of a callback type the lock model knows (get_block_t): its position and declared type. */
  public record EntryParam(int index, String type) {}

  /**
   * Functions bound to the model's fault-path fields (also through "?.field" bindings for fields marked byname),
   * then functions passed as arguments to parameters of the model's callback types (get_block_t), in function
   * order; the first reason found for a function is kept.
   */
  private List<FaultEntry> faultEntries() {
    Map<Integer, String> out = new TreeMap<>();
    // Only the few targets the model knows as entries, sorted, not every ops target of a kernel (sorting those all
    // was a sixth of a rescan's analysis).
    for (Map.Entry<String, List<OpsBinding>> e : callGraph.bindings(t -> entryKind(t).isPresent()).entrySet()) {
      String target = e.getKey();
      Optional<LockApis.EntryKind> kind = entryKind(target);
      for (OpsBinding b : e.getValue()) {
        int f = callGraph.byName(b.function(), b.at().file());
        if (f >= 0) out.putIfAbsent(f, describe(kind.get(), target));
      }
    }
    for (List<FaultEntry> found : callbackEntries) {
      if (found != null) for (FaultEntry e : found) out.putIfAbsent(e.function(), e.why());
    }
    List<FaultEntry> list = new ArrayList<>();
    out.forEach((f, why) -> list.add(new FaultEntry(f, why)));
    return List.copyOf(list);
  }

  /** The entry point a function bound to {@code target} ("tag.field", "?.field") is, if the model says so. */
  private Optional<LockApis.EntryKind> entryKind(String target) {
    String field = target.substring(target.indexOf('.') + 1);
    return target.startsWith("?.") ? apis.entryByFieldName(field) : apis.entry(target);
  }

  /** The functions function {@code i} passes to a callback-typed parameter of its direct callees. */
  private List<FaultEntry> findCallbackEntries(int i, java.util.function.IntFunction<List<EntryParam>> entryParams) {
    Function fn = functions.get(i);
    List<FaultEntry> out = new ArrayList<>(0);
    for (Node n : fn.cfg().nodes()) {
      if (!(n.stmt() instanceof Stmt.Call call) || !(call.callee() instanceof Callee.Direct)) continue;
      int[] t = callGraph.targets(i, n);
      if (t.length != 1) continue;
      for (EntryParam p : entryParams.apply(t[0])) {
        if (p.index() >= call.args().size()) continue;
        Optional<LockApis.EntryKind> kind = apis.entryType(p.type());
        if (kind.isEmpty() || !(LockResolver.strip(call.args().get(p.index())) instanceof Expr.Name arg)) continue;
        int f = callGraph.byName(arg.id(), fn.at().file());
        if (f >= 0) out.add(new FaultEntry(f, describe(kind.get(), p.type().trim())));
      }
    }
    return out;
  }

  /** Function {@code t}'s callback-typed parameters, from its body. */
  private List<EntryParam> entryParamsOfBody(int t) {
    return bodyEntryParams != null ? bodyEntryParams[t] : entryParams(apis, functions.get(t));
  }

  /** Incremental: from the body when it changed, else as the earlier analysis found them (no body to decode). */
  private List<EntryParam> entryParamsOf(int t) {
    return earlier.changed().get(t) ? entryParamsOfBody(t) : earlier.entryParams(t);
  }

  private static String describe(LockApis.EntryKind kind, String where) {
    return kind == LockApis.EntryKind.FAULT
        ? "runs as a page-fault handler (" + where + ") with mmap_lock held for read"
        : "runs on the block-I/O path of a file-backed page fault (" + where + ") with mmap_lock held for read";
  }

  private List<OrderEdge> faultPathEdges() {
    List<OrderEdge> out = new ArrayList<>();
    for (FaultEntry e : faultEntries) {
      Function fn = functions.get(e.function());
      Step note = new Step(StepKind.NOTE, fn.nameAt(), fn.name() + "() " + e.why(), 0);
      for (FunctionSummary.Acquisition acq : summary(e.function()).acquires()) {
        if (acq.trylock() || acq.lock().cls().isMmapLock()) continue;
        Span at = acq.witness().get(acq.witness().size() - 1).at();
        out.add(new OrderEdge(LockClass.MMAP_LOCK, LockMode.SHARED, acq.lock().cls(), acq.mode(),
            OrderEdge.Origin.FAULT_PATH, at, fn.name(), LockOrder.concat(List.of(note), acq.witness())));
      }
    }
    return out;
  }

  // ---- writers ------------------------------------------------------------------------------------

  private volatile Map<LockClass, int[]> writers;

  /**
   * Per lock class, the functions (ascending) whose summaries take it for write with a blocking acquisition (for
   * the snapshot; an incremental analysis corrects the earlier index only where it must, see firstWriter).
   */
  public Map<LockClass, int[]> writers() {
    Map<LockClass, int[]> w = writers;
    if (w != null) return w;
    synchronized (this) {
      if (writers != null) return writers;
      if (earlier != null) throw new IllegalStateException("only a full analysis has the whole writer index");
      // Gathered in parallel (the rules wait for this index; one thread took a second on a kernel), each class at
      // most once per function, then each list sorted: functions in ascending order.
      java.util.concurrent.ConcurrentHashMap<LockClass, java.util.Queue<Integer>> lists =
          new java.util.concurrent.ConcurrentHashMap<>();
      IntStream.range(0, summaries.length).parallel().forEach(i -> {
        if (summaries[i].acquires().isEmpty()) return; // most functions take no lock
        for (LockClass c : writes(summaries[i])) {
          lists.computeIfAbsent(c, k -> new java.util.concurrent.ConcurrentLinkedQueue<>()).add(i);
        }
      });
      // Sorted in parallel too: on one thread this took 0.7 s of a kernel scan (JFR), the other core idle.
      Map<LockClass, int[]> out = new java.util.concurrent.ConcurrentHashMap<>(2 * lists.size());
      lists.forEach(1024, (c, fns) -> out.put(c, fns.stream().mapToInt(Integer::intValue).sorted().toArray()));
      writers = out;
      return out;
    }
  }

  private static java.util.Set<LockClass> writes(FunctionSummary s) {
    java.util.Set<LockClass> out = new java.util.HashSet<>();
    for (FunctionSummary.Acquisition a : s.acquires()) {
      if (a.mode() == LockMode.EXCLUSIVE && !a.trylock()) out.add(a.lock().cls());
    }
    return out;
  }

  /**
   * Incremental: per lock class whose writers may have changed (a class some resummarised function took for
   * write before or after), the first writer now, or -1; other classes keep the earlier index's first writer.
   */
  private volatile Map<LockClass, Integer> patchedFirstWriter;

  private int firstWriter(LockClass cls) {
    if (earlier == null) {
      int[] fns = writers().get(cls);
      return fns == null ? -1 : fns[0];
    }
    Map<LockClass, Integer> patched = patchedFirstWriter;
    if (patched == null) {
      synchronized (this) {
        if (patchedFirstWriter == null) patchedFirstWriter = patchedFirstWriters();
        patched = patchedFirstWriter;
      }
    }
    Integer p = patched.get(cls);
    if (p != null) return p;
    int[] before = earlier.writers(cls);
    return before.length == 0 ? -1 : before[0];
  }

  /** See {@link #patchedFirstWriter}: the earlier index's lists without the resummarised functions, plus their new writes. */
  private Map<LockClass, Integer> patchedFirstWriters() {
    java.util.TreeMap<Integer, java.util.Set<LockClass>> writesNow = new java.util.TreeMap<>();
    java.util.Set<LockClass> touched = new java.util.HashSet<>();
    resummarised.stream().forEach(i -> {
      writesNow.put(i, writes(summary(i)));
      touched.addAll(writesNow.get(i));
      touched.addAll(writes(earlier.summary(i)));
    });
    Map<LockClass, Integer> out = new HashMap<>();
    for (LockClass c : touched) {
      int first = -1;
      for (int f : earlier.writers(c)) {
        if (!resummarised.get(f)) {
          first = f;
          break;
        }
      }
      for (Map.Entry<Integer, java.util.Set<LockClass>> e : writesNow.headMap(first < 0 ? Integer.MAX_VALUE : first).entrySet()) {
        if (e.getValue().contains(c)) {
          first = e.getKey();
          break;
        }
      }
      out.put(c, first);
    }
    return out;
  }

  private Optional<faultline.lock.Acquirer> takenForWrite(LockClass cls) {
    int first = firstWriter(cls);
    if (first < 0) return Optional.empty();
    for (FunctionSummary.Acquisition a : summary(first).acquires()) {
      if (a.mode() == LockMode.EXCLUSIVE && !a.trylock() && a.lock().cls().equals(cls)) {
        return Optional.of(new faultline.lock.Acquirer(callGraph.definition(first).name(), a));
      }
    }
    throw new IllegalStateException("writer index out of date for " + cls);
  }

  // ---- what a snapshot keeps ------------------------------------------------------------------------

  public List<CallGraph.Definition> definitions() {
    List<CallGraph.Definition> out = new ArrayList<>(callGraph.size());
    for (int i = 0; i < callGraph.size(); i++) out.add(callGraph.definition(i));
    return out;
  }

  public List<OpsBinding> bindings() {
    return bindings;
  }

  public FunctionSummary summaryOf(int i) {
    return summary(i);
  }

  public List<FaultEntry> callbackEntries(int i) {
    return callbackEntries[i] == null ? List.of() : callbackEntries[i];
  }

  public List<EntryParam> entryParams(int i) {
    return earlier == null ? entryParamsOfBody(i) : entryParamsOf(i);
  }

  public List<FaultEntry> faultEntryList() {
    return faultEntries;
  }

  public List<OrderEdge> faultPathEdgeList() {
    return faultPathEdges;
  }

  // ---- facts --------------------------------------------------------------------------------------

  private int indexOf(Function fn) {
    int i = earlier == null ? callGraph.indexOf(fn) : earlier.indexOf(fn);
    if (i >= 0) return i;
    for (int k = 0; k < functions.size(); k++) {
      Function f = functions.get(k);
      if (f.qualifiedName().equals(fn.qualifiedName()) && f.at().equals(fn.at())) return k;
    }
    throw new IllegalArgumentException("function not part of this analysis: " + fn.qualifiedName());
  }

  /** Indices of functions that are equal to, but not the same object as, an analysed one (tests build such). */
  private final Map<Function, Integer> byEquality = new IdentityHashMap<>();

  private class Facts implements ProgramFacts {

    int idx(Function fn) {
      int i = earlier == null ? callGraph.indexOf(fn) : earlier.indexOf(fn);
      if (i >= 0) return i;
      synchronized (byEquality) {
        return byEquality.computeIfAbsent(fn, ProgramAnalysis.this::indexOf);
      }
    }

    Solved solvedFor(int i) {
      return solved(i);
    }

    @Override public List<Function> functions() {
      return functions;
    }

    @Override public List<PathState> statesAt(Function fn, Node node) {
      return solvedFor(idx(fn)).in()[node.id()].pathStates();
    }

    @Override public Optional<LockOp> lockOpAt(Function fn, Node node) {
      int i = idx(fn);
      // Most nodes act on no lock; deciding that needs no analysis of the function (which a lock-free function's
      // visit never built: its states were known without it).
      if (!mayAct(i, node)) return Optional.empty();
      return solvedFor(i).analysis().lockOp(node);
    }

    @Override public Optional<List<Step>> faultWitness(Function fn, Node node) {
      if (!(node.stmt() instanceof Stmt.Call)) return Optional.empty();
      return ProgramAnalysis.this.faultWitness(idx(fn), node);
    }

    @Override public Optional<List<Step>> sleepWitness(Function fn, Node node) {
      if (!(node.stmt() instanceof Stmt.Call)) return Optional.empty();
      return ProgramAnalysis.this.sleepWitness(idx(fn), node);
    }

    @Override public List<LockRef> droppedBeforeSleep(Function fn, Node node) {
      if (!(node.stmt() instanceof Stmt.Call)) return List.of();
      int i = idx(fn);
      return ProgramAnalysis.this.droppedBeforeSleep(i, solvedFor(i).analysis(), node, false);
    }

    @Override public List<String> callTargets(Function fn, Node node) {
      if (!(node.stmt() instanceof Stmt.Call call) || !(call.callee() instanceof Callee.Indirect)) return List.of();
      TreeSet<String> names = new TreeSet<>();
      for (int t : callGraph.targets(idx(fn), node)) names.add(callGraph.definition(t).name());
      return List.copyOf(names);
    }

    @Override public List<Function> callees(Function fn, Node node) {
      if (!(node.stmt() instanceof Stmt.Call)) return List.of();
      int[] t = callGraph.targets(idx(fn), node);
      List<Function> out = new ArrayList<>(t.length);
      for (int k : t) out.add(functions.get(k));
      return out;
    }

    @Override public Optional<OrderEdge> acquiredOnFaultPath(LockClass cls) {
      return Optional.ofNullable(takenOnFaultPath.get(cls));
    }

    @Override public FunctionSummary summary(Function fn) {
      return ProgramAnalysis.this.summary(idx(fn));
    }

    @Override public Optional<faultline.lock.Acquirer> takenForWrite(LockClass cls) {
      return ProgramAnalysis.this.takenForWrite(cls);
    }

    @Override public LockOrderGraph lockOrder() {
      if (!passDone) throw new IllegalStateException("the lock order is complete only after the function pass");
      return lockOrder;
    }
  }

  /** The facts a function-pass visit sees: its own function's states are the ones just solved. */
  private final class Focused extends Facts {
    private final int focus;
    private final Function focusFunction;
    private final Solved solved;

    Focused(int focus, Solved solved) {
      this.focus = focus;
      this.focusFunction = functions.get(focus);
      this.solved = solved;
    }

    /** The rules ask about the visited function at nearly every node: no index lookup for it. */
    @Override int idx(Function fn) {
      return fn == focusFunction ? focus : super.idx(fn);
    }

    @Override Solved solvedFor(int i) {
      return i == focus ? solved : solved(i);
    }
  }
}

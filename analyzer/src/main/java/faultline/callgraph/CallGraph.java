package faultline.callgraph;

import faultline.ir.Callee;
import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.OpsBinding;
import faultline.ir.Stmt;
import faultline.lock.LockApis;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.MaskSubgraph;

/**
 * Who calls whom across every scanned file.
 * <ul>
 *   <li>Direct calls: a static function of the caller's file first, then a non-static function of that name.
 *       Several non-static definitions of one name: the one in the caller's file, else the first by file path
 *       (counted in {@code duplicateDefinitions}). Names the kernel lock model knows (mutex_lock,
 *       copy_to_user...) are never resolved to a scanned body: the model describes them.</li>
 *   <li>FIELD calls "tag.field": every function bound to that field of that struct by an {@link OpsBinding}
 *       anywhere in the scan. "?.field" (struct unknown at the call): the functions bound to that field name,
 *       only when every binding of that field name has the same struct tag (or all are unknown) — a field
 *       name shared by several ops structs is too imprecise and stays unresolved.</li>
 *   <li>PARAMETER and VARIABLE calls: callbacks of unknown body, no edge.</li>
 * </ul>
 * Functions are numbered in the order given (callers pass them sorted by file, then line).
 */
public final class CallGraph {

  private final List<Function> functions;
  private final Map<Function, Integer> index = new IdentityHashMap<>();
  private final LockApis apis;
  private final Map<String, Map<String, Integer>> statics = new HashMap<>();  // file -> name -> index
  private final Map<String, List<Integer>> globals = new HashMap<>(); // name -> indices (file order)
  private final Map<String, List<OpsBinding>> byTarget = new HashMap<>();
  private final Map<String, List<OpsBinding>> byField = new HashMap<>();
  /**
   * The edges in compressed rows: {@code callee[calleeStart[f] .. calleeStart[f + 1])} are f's callees in index
   * order, {@code directEdge} marks those called by name. The JGraphT graph they come from is used only while
   * building and condensing: for a kernel it was a third of a gigabyte kept alive through the whole analysis.
   */
  private int[] calleeStart;
  private int[] callee;
  private java.util.BitSet directEdge;
  /** SCCs of the whole graph (direct and resolved indirect calls): what --stats reports. */
  private Condensation all;
  /** SCCs of the direct calls only: the order summaries are computed in (see {@link #summaryLevels}). */
  private Condensation direct;
  private long indirectCalls;
  private long indirectResolved;
  private long duplicateDefinitions;

  private CallGraph(List<Function> functions, List<OpsBinding> bindings, LockApis apis) {
    this.functions = List.copyOf(functions);
    this.apis = apis;
    for (int i = 0; i < functions.size(); i++) {
      Function f = functions.get(i);
      index.put(f, i);
      if (f.isStatic()) statics.computeIfAbsent(f.at().file(), k -> new HashMap<>()).putIfAbsent(f.name(), i);
      else globals.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(i);
    }
    for (List<Integer> l : globals.values()) if (l.size() > 1) duplicateDefinitions += l.size() - 1;
    for (OpsBinding b : bindings) {
      byTarget.computeIfAbsent(b.target(), k -> new ArrayList<>()).add(b);
      byField.computeIfAbsent(b.field(), k -> new ArrayList<>()).add(b);
    }
  }

  /** Builds the graph and its SCCs; {@code functions} should be in a stable order (file, then line). */
  public static CallGraph build(List<Function> functions, List<OpsBinding> bindings, LockApis apis) {
    CallGraph g = new CallGraph(functions, bindings, apis);
    Graph<Integer, CallEdge> graph = new DefaultDirectedGraph<>(CallEdge.class);
    g.connect(graph);
    g.all = condense(graph);
    g.direct = condense(new MaskSubgraph<>(graph, v -> false, e -> !e.direct));
    g.compress(graph);
    return g;
  }

  /** Copies {@code graph}'s edges into the compressed rows. */
  private void compress(Graph<Integer, CallEdge> graph) {
    int n = functions.size();
    calleeStart = new int[n + 1];
    callee = new int[graph.edgeSet().size()];
    directEdge = new java.util.BitSet(callee.length);
    int k = 0;
    for (int i = 0; i < n; i++) {
      calleeStart[i] = k;
      List<CallEdge> out = new ArrayList<>(graph.outgoingEdgesOf(i));
      out.sort(Comparator.comparingInt(graph::getEdgeTarget));
      for (CallEdge e : out) {
        callee[k] = graph.getEdgeTarget(e);
        if (e.direct) directEdge.set(k);
        k++;
      }
    }
    calleeStart[n] = k;
  }

  private void connect(Graph<Integer, CallEdge> graph) {
    for (int i = 0; i < functions.size(); i++) graph.addVertex(i);
    for (int i = 0; i < functions.size(); i++) {
      for (Node n : functions.get(i).cfg().nodes()) {
        if (!(n.stmt() instanceof Stmt.Call call)) continue;
        if (call.callee() instanceof Callee.Indirect) indirectCalls++;
        int[] t = resolve(i, call);
        if (call.callee() instanceof Callee.Indirect && t.length > 0) indirectResolved++;
        for (int target : t) {
          CallEdge e = graph.getEdge(i, target);
          if (e == null) e = graph.addEdge(i, target);
          if (call.callee() instanceof Callee.Direct) e.direct = true;
        }
      }
    }
  }

  public List<Function> functions() { return functions; }

  /** The index of {@code fn} (identity), or -1 when it is not part of this graph. */
  public int indexOf(Function fn) {
    Integer i = index.get(fn);
    return i == null ? -1 : i;
  }

  /**
   * Functions a call in {@code caller} may reach, in index order; empty for unknown or model-described callees.
   * The array may be shared between calls: read it, never write it.
   */
  public int[] targets(Function caller, Stmt.Call call) {
    int i = indexOf(caller);
    return i < 0 ? new int[0] : resolve(i, call);
  }

  private int[] resolve(int caller, Stmt.Call call) {
    String file = functions.get(caller).at().file();
    if (call.callee() instanceof Callee.Direct d) {
      if (apis.knows(d.name()) || call.viaMacro().map(apis::knows).orElse(false)) return new int[0];
      int t = byName(d.name(), file);
      return t < 0 ? new int[0] : new int[] {t};
    }
    Callee.Indirect ind = (Callee.Indirect) call.callee();
    if (ind.via() != Callee.Via.FIELD) return new int[0];
    // The same for every call through this field: computed once (a kernel binds ->release thousands of times).
    return boundTargets.computeIfAbsent(ind.target(), this::resolveField);
  }

  /** Resolved targets per "tag.field" or "?.field". */
  private final Map<String, int[]> boundTargets = new java.util.concurrent.ConcurrentHashMap<>();

  private int[] resolveField(String target) {
    List<OpsBinding> bound;
    if (target.startsWith("?.")) {
      String field = target.substring(2);
      bound = byField.getOrDefault(field, List.of());
      Set<String> tags = new TreeSet<>();
      for (OpsBinding b : bound) if (!b.structTag().equals("?")) tags.add(b.structTag());
      if (tags.size() > 1) return new int[0];
    } else {
      bound = byTarget.getOrDefault(target, List.of());
    }
    TreeSet<Integer> out = new TreeSet<>();
    for (OpsBinding b : bound) {
      int t = byName(b.function(), b.at().file());
      if (t >= 0) out.add(t);
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A function called {@code name} as seen from {@code file}: its static one first, then the global one. */
  public int byName(String name, String file) {
    // Two lookups, no "file:name" string per call: this runs for every call at every analysis of its function.
    Map<String, Integer> fileStatics = statics.get(file);
    Integer s = fileStatics == null ? null : fileStatics.get(name);
    if (s != null) return s;
    List<Integer> g = globals.get(name);
    if (g == null) return -1;
    if (g.size() == 1) return g.get(0);
    for (int i : g) if (functions.get(i).at().file().equals(file)) return i;
    // A kernel tree defines many functions once per architecture, and a build links one of them. A caller under
    // arch/<a>/ gets arch <a>'s definition, else a generic one; any other caller x86's (an architecture's
    // definition overrides the generic __weak one), else a generic one. By path order alone, lib/stackdepot.c
    // reached arch/arc's helpers, and kfree() "faulted" through arch/arc/.
    String arch = architecture(file);
    String preferred = arch != null ? arch : DEFAULT_ARCH;
    for (int i : g) if (preferred.equals(architecture(functions.get(i).at().file()))) return i;
    for (int i : g) if (architecture(functions.get(i).at().file()) == null) return i;
    return g.get(0);
  }

  /** The architecture a build of a whole tree links when nothing says otherwise. */
  static final String DEFAULT_ARCH = "x86";

  /** "x86" for "arch/x86/kernel/traps.c" (also below a scanned prefix: "linux/arch/x86/..."), else null. */
  static String architecture(String file) {
    int at = file.startsWith("arch/") ? 0 : file.indexOf("/arch/") + 1;
    if (at == 0 && !file.startsWith("arch/")) return null;
    int start = at + "arch/".length();
    int end = file.indexOf('/', start);
    return end < 0 ? null : file.substring(start, end);
  }

  /** Functions bound to {@code structField} ("vm_operations_struct.fault") by an ops binding, in index order. */
  public List<Integer> boundTo(String structField) {
    TreeSet<Integer> out = new TreeSet<>();
    for (OpsBinding b : byTarget.getOrDefault(structField, List.of())) {
      int t = byName(b.function(), b.at().file());
      if (t >= 0) out.add(t);
    }
    return List.copyOf(out);
  }

  /** All bindings, grouped by "tag.field", in a stable order. */
  public Map<String, List<OpsBinding>> bindings() {
    Map<String, List<OpsBinding>> m = new LinkedHashMap<>();
    new TreeSet<>(byTarget.keySet()).forEach(k -> m.put(k, byTarget.get(k)));
    return m;
  }

  public Set<Integer> callees(int fn) {
    Set<Integer> out = new TreeSet<>();
    for (int k = calleeStart[fn]; k < calleeStart[fn + 1]; k++) out.add(callee[k]);
    return out;
  }

  // ---- SCCs ---------------------------------------------------------------------------------------

  /** An edge of the call graph; {@code direct} when at least one of the calls it stands for names the callee. */
  public static final class CallEdge extends DefaultEdge {
    private static final long serialVersionUID = 1L;
    boolean direct;
  }

  /** SCCs callees first, and each SCC's level (0: calls nothing outside itself). */
  private record Condensation(List<int[]> sccs, List<Integer> level) {
    List<List<int[]>> levels() {
      int max = level.stream().mapToInt(Integer::intValue).max().orElse(-1);
      List<List<int[]>> out = new ArrayList<>();
      for (int i = 0; i <= max; i++) out.add(new ArrayList<>());
      for (int i = 0; i < sccs.size(); i++) out.get(level.get(i)).add(sccs.get(i));
      return out;
    }

    long largest() {
      return sccs.stream().mapToInt(s -> s.length).max().orElse(0);
    }
  }

  private static Condensation condense(Graph<Integer, CallEdge> graph) {
    List<Set<Integer>> sets = new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets();
    int[] comp = new int[graph.vertexSet().size()];
    List<int[]> raw = new ArrayList<>(sets.size());
    for (Set<Integer> s : sets) {
      int[] members = s.stream().mapToInt(Integer::intValue).sorted().toArray();
      for (int v : members) comp[v] = raw.size();
      raw.add(members);
    }
    int c = raw.size();
    // Edges between SCCs as sorted, distinct (caller SCC, callee SCC) pairs, then the callers of each SCC in
    // compressed rows: a kernel has half a million SCCs, and a hash set per SCC per direction was half a
    // gigabyte of short-lived objects that the old generation had to absorb.
    long[] pairs = new long[graph.edgeSet().size()];
    int np = 0;
    for (CallEdge e : graph.edgeSet()) {
      int a = comp[graph.getEdgeSource(e)];
      int b = comp[graph.getEdgeTarget(e)];
      if (a != b) pairs[np++] = ((long) a << 32) | b;
    }
    java.util.Arrays.sort(pairs, 0, np);
    int[] calleeCount = new int[c];
    int[] callerStart = new int[c + 1];
    int distinct = 0;
    for (int k = 0; k < np; k++) {
      if (k > 0 && pairs[k] == pairs[k - 1]) continue;
      pairs[distinct++] = pairs[k];
      calleeCount[(int) (pairs[k] >>> 32)]++;
      callerStart[(int) pairs[k] + 1]++;
    }
    for (int k = 0; k < c; k++) callerStart[k + 1] += callerStart[k];
    int[] callers = new int[distinct];
    int[] fill = java.util.Arrays.copyOf(callerStart, c);
    for (int k = 0; k < distinct; k++) callers[fill[(int) pairs[k]]++] = (int) (pairs[k] >>> 32);
    // Kahn's algorithm from the leaves (no callees), ties broken by smallest member: callees come first.
    List<int[]> sccs = new ArrayList<>(c);
    List<Integer> sccLevel = new ArrayList<>(c);
    int[] pending = calleeCount;
    PriorityQueue<Integer> ready = new PriorityQueue<>(Comparator.comparingInt(k -> raw.get(k)[0]));
    int[] level = new int[c];
    for (int i = 0; i < c; i++) {
      if (pending[i] == 0) ready.add(i);
    }
    while (!ready.isEmpty()) {
      int k = ready.poll();
      sccs.add(raw.get(k));
      sccLevel.add(level[k]);
      for (int r = callerStart[k]; r < callerStart[k + 1]; r++) {
        int caller = callers[r];
        level[caller] = Math.max(level[caller], level[k] + 1);
        if (--pending[caller] == 0) ready.add(caller);
      }
    }
    return new Condensation(sccs, sccLevel);
  }

  /** SCCs of the whole call graph, callees before callers; members in index order. */
  public List<int[]> sccsBottomUp() {
    return all.sccs().stream().map(int[]::clone).toList();
  }

  /**
   * SCCs of the whole call graph grouped by level: level 0 calls nothing outside itself, level k only into
   * levels below k.
   */
  public List<List<int[]>> levels() {
    return all.levels();
  }

  /**
   * SCCs of the direct calls grouped by level, the order summaries are built in: a summary inherits faults,
   * sleeps and locks through direct calls only, so calls through ops tables need not be ordered. A kernel's
   * ops tables would otherwise tie thousands of functions into one SCC. SCCs of one level can be analysed in
   * parallel.
   */
  public List<List<int[]>> summaryLevels() {
    return direct.levels();
  }

  /** The row index of {@code fn}'s edge to itself, or -1. */
  private int selfEdge(int fn) {
    for (int k = calleeStart[fn]; k < calleeStart[fn + 1]; k++) if (callee[k] == fn) return k;
    return -1;
  }

  public boolean recursive(int[] scc) {
    return scc.length > 1 || selfEdge(scc[0]) >= 0;
  }

  /** Whether {@code scc} of {@link #summaryLevels} calls itself directly. */
  public boolean directlyRecursive(int[] scc) {
    if (scc.length > 1) return true;
    int self = selfEdge(scc[0]);
    return self >= 0 && directEdge.get(self);
  }

  /** Functions {@code fn} calls by name, in index order. */
  public Set<Integer> directCallees(int fn) {
    Set<Integer> out = new TreeSet<>();
    for (int k = calleeStart[fn]; k < calleeStart[fn + 1]; k++) if (directEdge.get(k)) out.add(callee[k]);
    return out;
  }

  /** functions, callGraphEdges, indirectCalls, indirectCallsResolved, sccs, largestScc, duplicateDefinitions. */
  public Map<String, Long> stats() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("functions", (long) functions.size());
    m.put("callGraphEdges", (long) callee.length);
    m.put("indirectCalls", indirectCalls);
    m.put("indirectCallsResolved", indirectResolved);
    m.put("sccs", (long) all.sccs().size());
    m.put("largestScc", all.largest());
    m.put("directCallSccs", (long) direct.sccs().size());
    m.put("largestDirectCallScc", direct.largest());
    m.put("duplicateDefinitions", duplicateDefinitions);
    return m;
  }

  @Override public String toString() {
    return "CallGraph" + stats() + Arrays.toString(new int[0]);
  }
}

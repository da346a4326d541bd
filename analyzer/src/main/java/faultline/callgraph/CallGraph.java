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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

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

  /** What resolving a call needs to know of a function: its name, whether it is static, and its file. */
  public record Definition(String name, boolean isStatic, String file) {
    public static Definition of(Function fn) {
      return new Definition(fn.name(), fn.isStatic(), fn.at().file());
    }
  }

  private final List<Definition> definitions;
  /** Function to index, by identity; {@code null} when the caller keeps that mapping (an incremental analysis). */
  private final Map<Function, Integer> index;
  private final LockApis apis;
  private final NameIndex names;
  private final Map<String, List<OpsBinding>> byTarget;
  private final Map<String, List<OpsBinding>> byField = new HashMap<>();
  /**
   * The edges in compressed rows: {@code callee[calleeStart[f] .. calleeStart[f + 1])} are f's callees in index
   * order, {@code directEdge} marks those called by name. No graph object: for a kernel a JGraphT graph of the
   * calls was a third of a gigabyte, and building it a third of the call graph's time.
   */
  private int[] calleeStart;
  private int[] callee;
  private java.util.BitSet directEdge;
  /** SCCs of the whole graph (direct and resolved indirect calls): what --stats reports. */
  private Condensation all;
  /** SCCs of the direct calls only: the order summaries are computed in (see {@link #summaryLevels}). */
  private Condensation direct;
  /**
   * Per function and CFG node, the function a direct call there reaches, else -1: the name lookups of
   * {@link #resolve} done once, while building, for the analyses and rules that ask again and again (on a kernel,
   * a tenth of the analysis went into those lookups). {@code null} in a restored graph, which resolves by name.
   */
  private int[][] directTargetAt;
  private long indirectCalls;
  private long indirectResolved;
  private long duplicateDefinitions;

  private CallGraph(List<Definition> definitions, Map<Function, Integer> index, List<OpsBinding> bindings,
      LockApis apis) {
    this.definitions = List.copyOf(definitions);
    this.index = index;
    this.apis = apis;
    // The three indexes on two cores: a rescan builds them for a kernel's 714,000 definitions and all its ops
    // bindings, with little else to do meanwhile.
    java.util.concurrent.ForkJoinTask<Map<String, List<OpsBinding>>> targets =
        java.util.concurrent.ForkJoinPool.commonPool().submit(() -> {
          Map<String, List<OpsBinding>> m = new HashMap<>();
          for (OpsBinding b : bindings) m.computeIfAbsent(b.target(), k -> new ArrayList<>()).add(b);
          return m;
        });
    this.names = new NameIndex(this.definitions);
    this.duplicateDefinitions = names.duplicates();
    for (OpsBinding b : bindings) byField.computeIfAbsent(b.field(), k -> new ArrayList<>()).add(b);
    this.byTarget = targets.join();
  }

  /** Builds the graph and its SCCs; {@code functions} should be in a stable order (file, then line). */
  public static CallGraph build(List<Function> functions, List<OpsBinding> bindings, LockApis apis) {
    Map<Function, Integer> index = new IdentityHashMap<>(functions.size());
    List<Definition> defs = new ArrayList<>(functions.size());
    for (int i = 0; i < functions.size(); i++) {
      index.put(functions.get(i), i);
      defs.add(Definition.of(functions.get(i)));
    }
    CallGraph g = new CallGraph(defs, index, bindings, apis);
    int n = functions.size();
    int[][] rows = new int[n][];
    int[][] targetAt = new int[n][];
    java.util.concurrent.atomic.LongAdder indirect = new java.util.concurrent.atomic.LongAdder();
    java.util.concurrent.atomic.LongAdder resolved = new java.util.concurrent.atomic.LongAdder();
    java.util.stream.IntStream.range(0, n).parallel().forEach(i -> {
      Function fn = functions.get(i);
      targetAt[i] = new int[fn.cfg().nodes().size()];
      rows[i] = g.row(i, fn, indirect, resolved, targetAt[i]);
    });
    g.directTargetAt = targetAt;
    g.indirectCalls = indirect.sum();
    g.indirectResolved = resolved.sum();
    g.compress(rows);
    g.direct = g.condense(true);
    return g;
  }

  /**
   * The graph of an earlier scan ({@link #rows}), with the edges of {@code changed} functions (index to new body)
   * resolved again. The definitions and bindings must be those the earlier rows were resolved with, which an
   * incremental scan checks before it gets here; indirect-call counts are carried over. The earlier SCCs of direct
   * calls ({@link #directSccNumbers}, {@link #directLevels}) are kept when no changed function calls other
   * functions by name than before (then they are the same), else found again.
   */
  public static CallGraph restore(List<Definition> definitions, List<OpsBinding> bindings, LockApis apis,
      Rows earlier, Map<Integer, Function> changed, int[] earlierSccNumbers, int[] earlierLevels) {
    CallGraph g = new CallGraph(definitions, null, bindings, apis);
    int n = definitions.size();
    int[] start = earlier.calleeStart();
    Map<Integer, int[]> newRows = new HashMap<>();
    int edges = earlier.callee().length;
    java.util.concurrent.atomic.LongAdder notCounted = new java.util.concurrent.atomic.LongAdder();
    for (Map.Entry<Integer, Function> e : changed.entrySet()) {
      int i = e.getKey();
      int[] row = g.row(i, e.getValue(), notCounted, notCounted, null);
      newRows.put(i, row);
      edges += row.length / 2 - (start[i + 1] - start[i]);
    }
    // The unchanged rows are copied slice by slice into the new arrays, not taken apart and put together again.
    g.calleeStart = new int[n + 1];
    g.callee = new int[edges];
    g.directEdge = new java.util.BitSet(edges);
    java.util.BitSet direct = earlier.directEdge();
    int k = 0;
    for (int i = 0; i < n; i++) {
      g.calleeStart[i] = k;
      int[] row = newRows.get(i);
      if (row != null) {
        for (int j = 0; j < row.length; j += 2, k++) {
          g.callee[k] = row[j];
          if (row[j + 1] != 0) g.directEdge.set(k);
        }
        continue;
      }
      System.arraycopy(earlier.callee(), start[i], g.callee, k, start[i + 1] - start[i]);
      for (int b = direct.nextSetBit(start[i]); b >= 0 && b < start[i + 1]; b = direct.nextSetBit(b + 1)) {
        g.directEdge.set(k + b - start[i]);
      }
      k += start[i + 1] - start[i];
    }
    g.calleeStart[n] = k;
    g.indirectCalls = earlier.indirectCalls();
    g.indirectResolved = earlier.indirectResolved();
    boolean sameDirectCalls = true;
    for (int i : changed.keySet()) sameDirectCalls &= g.directCallees(i).equals(directCallees(earlier, i));
    g.direct = sameDirectCalls ? Condensation.of(earlierSccNumbers, earlierLevels) : g.condense(true);
    return g;
  }

  private static Set<Integer> directCallees(Rows rows, int fn) {
    Set<Integer> out = new TreeSet<>();
    for (int k = rows.calleeStart()[fn]; k < rows.calleeStart()[fn + 1]; k++) {
      if (rows.directEdge().get(k)) out.add(rows.callee()[k]);
    }
    return out;
  }

  /** The edges in compressed rows, with the indirect-call counts, as {@link #restore} takes them back. */
  public record Rows(int[] calleeStart, int[] callee, java.util.BitSet directEdge, long indirectCalls,
      long indirectResolved) {}

  public Rows rows() {
    return new Rows(calleeStart, callee, directEdge, indirectCalls, indirectResolved);
  }

  /** Function {@code i}'s distinct callees in index order, as pairs (callee, 1 when some call names it). */
  private int[] row(int i, Function fn, java.util.concurrent.atomic.LongAdder indirect,
      java.util.concurrent.atomic.LongAdder resolved, int[] targetAt) {
    TreeMap<Integer, Integer> out = new TreeMap<>();
    if (targetAt != null) Arrays.fill(targetAt, -1);
    for (Node n : fn.cfg().nodes()) {
      if (!(n.stmt() instanceof Stmt.Call call)) continue;
      int isDirect = call.callee() instanceof Callee.Direct ? 1 : 0;
      int[] targets = resolve(i, call);
      // A direct call reaches one function at most (see resolve).
      if (targetAt != null && isDirect == 1 && targets.length == 1) targetAt[n.id()] = targets[0];
      if (isDirect == 0) {
        indirect.increment();
        if (targets.length > 0) resolved.increment();
      }
      for (int target : targets) out.merge(target, isDirect, Math::max);
    }
    int[] row = new int[2 * out.size()];
    int k = 0;
    for (Map.Entry<Integer, Integer> e : out.entrySet()) {
      row[k++] = e.getKey();
      row[k++] = e.getValue();
    }
    return row;
  }

  private void compress(int[][] rows) {
    int n = rows.length;
    int edges = 0;
    for (int[] r : rows) edges += r.length / 2;
    calleeStart = new int[n + 1];
    callee = new int[edges];
    directEdge = new java.util.BitSet(edges);
    int k = 0;
    for (int i = 0; i < n; i++) {
      calleeStart[i] = k;
      int[] r = rows[i];
      for (int j = 0; j < r.length; j += 2) {
        callee[k] = r[j];
        if (r[j + 1] != 0) directEdge.set(k);
        k++;
      }
      rows[i] = null;
    }
    calleeStart[n] = k;
  }

  /** The SCCs of the whole graph: for statistics and tests only, so found when first asked for. */
  private synchronized Condensation all() {
    if (all == null) all = condense(false);
    return all;
  }

  /**
   * Starts finding the SCCs of the whole graph on the common pool, for {@link #stats} to find them ready: a caller
   * with a serial step ahead gives them the idle core (on a kernel they take 0.3 s).
   */
  public void prepareStats() {
    java.util.concurrent.ForkJoinPool.commonPool().execute(this::all);
  }

  /** The number of functions. */
  public int size() {
    return definitions.size();
  }

  public Definition definition(int i) {
    return definitions.get(i);
  }

  /**
   * The index of {@code fn} (identity), or -1 when it is not part of this graph or the graph was restored (the
   * incremental analysis maps its functions itself).
   */
  public int indexOf(Function fn) {
    Integer i = index == null ? null : index.get(fn);
    return i == null ? -1 : i;
  }

  /**
   * Functions a call in {@code caller} may reach, in index order; empty for unknown or model-described callees.
   * The array may be shared between calls: read it, never write it.
   */
  public int[] targets(Function caller, Stmt.Call call) {
    int i = indexOf(caller);
    return i < 0 ? NONE : resolve(i, call);
  }

  /** {@link #targets(Function, Stmt.Call)} for the function with index {@code caller}. */
  public int[] targets(int caller, Stmt.Call call) {
    return resolve(caller, call);
  }

  /** {@link #targets(int, Stmt.Call)} for the call at {@code node}, a node of function {@code caller}. */
  public int[] targets(int caller, Node node) {
    Stmt.Call call = (Stmt.Call) node.stmt();
    int[][] at = directTargetAt;
    if (at == null || !(call.callee() instanceof Callee.Direct)) return resolve(caller, call);
    int t = at[caller][node.id()];
    return t < 0 ? NONE : new int[] {t};
  }

  private static final int[] NONE = new int[0];

  private int[] resolve(int caller, Stmt.Call call) {
    if (call.callee() instanceof Callee.Direct d) {
      if (apis.knows(d.name()) || call.viaMacro().map(apis::knows).orElse(false)) return NONE;
      int t = byName(d.name(), definitions.get(caller).file());
      return t < 0 ? NONE : new int[] {t};
    }
    Callee.Indirect ind = (Callee.Indirect) call.callee();
    if (ind.via() != Callee.Via.FIELD) return NONE;
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
    int s = names.staticIn(file, name);
    if (s >= 0) return s;
    int first = names.firstGlobal(name);
    if (first < 0 || names.nextGlobal(first) < 0) return first;
    for (int i = first; i >= 0; i = names.nextGlobal(i)) if (definitions.get(i).file().equals(file)) return i;
    // A kernel tree defines many functions once per architecture, and a build links one of them. A caller under
    // arch/<a>/ gets arch <a>'s definition, else a generic one; any other caller x86's (an architecture's
    // definition overrides the generic __weak one), else a generic one. By path order alone, lib/stackdepot.c
    // reached arch/arc's helpers, and kfree() "faulted" through arch/arc/.
    String arch = architecture(file);
    String preferred = arch != null ? arch : DEFAULT_ARCH;
    for (int i = first; i >= 0; i = names.nextGlobal(i)) if (preferred.equals(architecture(definitions.get(i).file()))) return i;
    for (int i = first; i >= 0; i = names.nextGlobal(i)) if (architecture(definitions.get(i).file()) == null) return i;
    return first;
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

  /** The bindings of the "tag.field" targets {@code wanted} accepts, grouped by target, in target order. */
  public Map<String, List<OpsBinding>> bindings(java.util.function.Predicate<String> wanted) {
    Map<String, List<OpsBinding>> m = new LinkedHashMap<>();
    byTarget.keySet().stream().filter(wanted).sorted().forEach(k -> m.put(k, byTarget.get(k)));
    return m;
  }

  public Set<Integer> callees(int fn) {
    Set<Integer> out = new TreeSet<>();
    for (int k = calleeStart[fn]; k < calleeStart[fn + 1]; k++) out.add(callee[k]);
    return out;
  }

  // ---- SCCs ---------------------------------------------------------------------------------------

  /** SCCs callees first, and each SCC's level (0: calls nothing outside itself). */
  private record Condensation(List<int[]> sccs, List<Integer> level, int[] sccOf) {
    /** The condensation whose SCC numbers (positions, callees first) and levels per function these are. */
    static Condensation of(int[] sccOf, int[] levelOf) {
      int c = 0;
      for (int p : sccOf) c = Math.max(c, p + 1);
      int[] size = new int[c];
      for (int p : sccOf) size[p]++;
      int[][] members = new int[c][];
      for (int p = 0; p < c; p++) members[p] = new int[size[p]];
      int[] fill = new int[c];
      Integer[] level = new Integer[c];
      for (int f = 0; f < sccOf.length; f++) {
        members[sccOf[f]][fill[sccOf[f]]++] = f;
        level[sccOf[f]] = levelOf[f];
      }
      return new Condensation(List.of(members), List.of(level), sccOf);
    }

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

  private boolean edge(int k, boolean directOnly) {
    return !directOnly || directEdge.get(k);
  }

  /**
   * The SCCs of the rows ({@code directOnly}: of the direct calls), by Tarjan's algorithm with an explicit stack
   * (call chains in a kernel are deep enough to overflow a recursive one), then ordered callees first.
   */
  private Condensation condense(boolean directOnly) {
    int n = definitions.size();
    int[] comp = new int[n];
    int[] lowlink = new int[n];
    int[] order = new int[n];       // discovery number + 1; 0: not visited
    int[] edgeAt = new int[n];      // next row position to look at, per vertex on the call stack
    int[] callStack = new int[n];
    int[] sccStack = new int[n];
    boolean[] onStack = new boolean[n];
    java.util.Arrays.fill(comp, -1);
    List<int[]> raw = new ArrayList<>();
    int counter = 0;
    for (int root = 0; root < n; root++) {
      if (order[root] != 0) continue;
      int sp = 0;
      int ssp = 0;
      callStack[sp++] = root;
      order[root] = lowlink[root] = ++counter;
      edgeAt[root] = calleeStart[root];
      sccStack[ssp++] = root;
      onStack[root] = true;
      while (sp > 0) {
        int v = callStack[sp - 1];
        if (edgeAt[v] < calleeStart[v + 1]) {
          int k = edgeAt[v]++;
          if (!edge(k, directOnly)) continue;
          int w = callee[k];
          if (order[w] == 0) {
            order[w] = lowlink[w] = ++counter;
            edgeAt[w] = calleeStart[w];
            sccStack[ssp++] = w;
            onStack[w] = true;
            callStack[sp++] = w;
          } else if (onStack[w]) {
            lowlink[v] = Math.min(lowlink[v], order[w]);
          }
          continue;
        }
        sp--;
        if (sp > 0) {
          int parent = callStack[sp - 1];
          lowlink[parent] = Math.min(lowlink[parent], lowlink[v]);
        }
        if (lowlink[v] == order[v]) {
          int size = 0;
          for (int t = ssp - 1; ; t--) {
            size++;
            if (sccStack[t] == v) break;
          }
          int[] members = new int[size];
          for (int t = 0; t < size; t++) {
            int w = sccStack[--ssp];
            onStack[w] = false;
            comp[w] = raw.size();
            members[t] = w;
          }
          java.util.Arrays.sort(members);
          raw.add(members);
        }
      }
    }
    // Tarjan finds an SCC only after every SCC it reaches: in the order found, callees come first. A level is one
    // more than the highest level called; within a level, SCCs are in order of their smallest member, so the
    // order is the same however the search ran.
    int c = raw.size();
    int[] level = new int[c];
    int maxLevel = -1;
    for (int k = 0; k < c; k++) {
      int lv = 0;
      for (int v : raw.get(k)) {
        for (int e = calleeStart[v]; e < calleeStart[v + 1]; e++) {
          if (!edge(e, directOnly)) continue;
          int other = comp[callee[e]];
          if (other != k) lv = Math.max(lv, level[other] + 1);
        }
      }
      level[k] = lv;
      maxLevel = Math.max(maxLevel, lv);
    }
    int[] perLevel = new int[maxLevel + 2];
    for (int k = 0; k < c; k++) perLevel[level[k] + 1]++;
    for (int l = 0; l <= maxLevel; l++) perLevel[l + 1] += perLevel[l];
    int[][] ordered = new int[c][];
    int[] fill = java.util.Arrays.copyOf(perLevel, maxLevel + 1);
    for (int k = 0; k < c; k++) ordered[fill[level[k]]++] = raw.get(k);
    List<int[]> sccs = new ArrayList<>(c);
    List<Integer> sccLevel = new ArrayList<>(c);
    for (int l = 0; l <= maxLevel; l++) {
      int[][] here = java.util.Arrays.copyOfRange(ordered, perLevel[l], perLevel[l + 1]);
      java.util.Arrays.sort(here, Comparator.comparingInt(m -> m[0]));
      for (int[] m : here) {
        sccs.add(m);
        sccLevel.add(l);
      }
    }
    int[] sccOf = new int[n];
    for (int p = 0; p < sccs.size(); p++) for (int m : sccs.get(p)) sccOf[m] = p;
    return new Condensation(sccs, sccLevel, sccOf);
  }

  /** SCCs of the whole call graph, callees before callers; members in index order. */
  public List<int[]> sccsBottomUp() {
    return all().sccs().stream().map(int[]::clone).toList();
  }

  /**
   * SCCs of the whole call graph grouped by level: level 0 calls nothing outside itself, level k only into
   * levels below k.
   */
  public List<List<int[]>> levels() {
    return all().levels();
  }

  /**
   * SCCs of the direct calls grouped by level, an order summaries can be built in: a summary inherits faults,
   * sleeps and locks through direct calls only, so calls through ops tables need not be ordered. A kernel's
   * ops tables would otherwise tie thousands of functions into one SCC. SCCs of one level can be analysed in
   * parallel; {@link #summaryDag} has the same order without the levels.
   */
  public List<List<int[]>> summaryLevels() {
    return direct.levels();
  }

  /**
   * The SCCs of direct calls as a DAG, for running each as soon as its callees are done rather than level by level:
   * {@code sccs} numbered as in {@link #directSccNumbers} (callees first), per SCC how many other SCCs it calls
   * ({@code calleeSccs}) and which SCCs call it ({@code callerSccs}, each once). Read them, never write them.
   */
  public record SummaryDag(List<int[]> sccs, int[] calleeSccs, int[][] callerSccs) {}

  /** {@link SummaryDag} of the direct calls. */
  public SummaryDag summaryDag() {
    int[] sccOf = direct.sccOf();
    int c = direct.sccs().size();
    int[][] callees = new int[c][];
    int[] callerCount = new int[c];
    int[] mark = new int[c];   // k + 1 once SCC k has met this SCC as a callee: each pair is counted once
    int[] found = new int[16];
    for (int k = 0; k < c; k++) {
      int n = 0;
      for (int v : direct.sccs().get(k)) {
        for (int e = calleeStart[v]; e < calleeStart[v + 1]; e++) {
          if (!directEdge.get(e)) continue;
          int other = sccOf[callee[e]];
          if (other == k || mark[other] == k + 1) continue;
          mark[other] = k + 1;
          if (n == found.length) found = java.util.Arrays.copyOf(found, 2 * n);
          found[n++] = other;
          callerCount[other]++;
        }
      }
      callees[k] = java.util.Arrays.copyOf(found, n);
    }
    int[][] callers = new int[c][];
    int[] calleeSccs = new int[c];
    for (int k = 0; k < c; k++) callers[k] = new int[callerCount[k]];
    java.util.Arrays.fill(callerCount, 0);
    for (int k = 0; k < c; k++) {
      calleeSccs[k] = callees[k].length;
      for (int other : callees[k]) callers[other][callerCount[other]++] = k;
    }
    return new SummaryDag(direct.sccs(), calleeSccs, callers);
  }

  /** The SCC of direct calls that {@code fn} is in (members in index order). Read it, never write it. */
  public int[] directSccOf(int fn) {
    return direct.sccs().get(direct.sccOf()[fn]);
  }

  /** Per function, the number of its SCC of direct calls (callees' SCCs have smaller numbers). */
  public int[] directSccNumbers() {
    return direct.sccOf().clone();
  }

  /** Per function, the level of its SCC of direct calls (see {@link #summaryLevels}). */
  public int[] directLevels() {
    int[] out = new int[direct.sccOf().length];
    for (int f = 0; f < out.length; f++) out[f] = direct.level().get(direct.sccOf()[f]);
    return out;
  }

  /** Callers in compressed rows, built when first asked for: {@code caller[callerStart[f] .. callerStart[f + 1])}. */
  private volatile int[][] reverse;

  /** The functions that call {@code fn} ({@code directOnly}: by name), in index order. */
  public int[] callers(int fn, boolean directOnly) {
    int[][] r = reverse;
    if (r == null) {
      synchronized (this) {
        if (reverse == null) reverse = reverseRows();
        r = reverse;
      }
    }
    int[] start = r[0];
    int[] caller = r[1];
    int[] direct = r[2];
    int count = 0;
    for (int k = start[fn]; k < start[fn + 1]; k++) if (!directOnly || direct[k] != 0) count++;
    int[] out = new int[count];
    int j = 0;
    for (int k = start[fn]; k < start[fn + 1]; k++) if (!directOnly || direct[k] != 0) out[j++] = caller[k];
    return out;
  }

  private int[][] reverseRows() {
    int n = definitions.size();
    int[] start = new int[n + 1];
    for (int t : callee) start[t + 1]++;
    for (int i = 0; i < n; i++) start[i + 1] += start[i];
    int[] fill = java.util.Arrays.copyOf(start, n);
    int[] caller = new int[callee.length];
    int[] isDirect = new int[callee.length];
    for (int f = 0; f < n; f++) {
      for (int k = calleeStart[f]; k < calleeStart[f + 1]; k++) {
        int at = fill[callee[k]]++;
        caller[at] = f;
        isDirect[at] = directEdge.get(k) ? 1 : 0;
      }
    }
    return new int[][] {start, caller, isDirect};
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
    return stats(true);
  }

  /** {@link #stats()}, without the SCCs of the whole graph unless {@code wholeGraphSccs} (they cost a search). */
  public Map<String, Long> stats(boolean wholeGraphSccs) {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("functions", (long) definitions.size());
    m.put("callGraphEdges", (long) callee.length);
    m.put("indirectCalls", indirectCalls);
    m.put("indirectCallsResolved", indirectResolved);
    if (wholeGraphSccs) {
      m.put("sccs", (long) all().sccs().size());
      m.put("largestScc", all().largest());
    }
    m.put("directCallSccs", (long) direct.sccs().size());
    m.put("largestDirectCallScc", direct.largest());
    m.put("duplicateDefinitions", duplicateDefinitions);
    return m;
  }

  @Override public String toString() {
    return "CallGraph" + stats() + Arrays.toString(new int[0]);
  }
}

package faultline.analysis;

import faultline.lock.LockClass;
import faultline.lock.LockCycle;
import faultline.lock.LockMode;
import faultline.lock.LockOrderGraph;
import faultline.lock.OrderEdge;
import faultline.rule.Step;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jgrapht.Graph;
import org.jgrapht.alg.connectivity.KosarajuStrongConnectivityInspector;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;

/**
 * The global lock order: one {@link OrderEdge} per (from, fromMode, to, toMode, origin), the one with the
 * shortest witness (ties: earliest file, line, column, then function). Self edges (a class taken while another
 * lock of the same class is held, or mmap_lock faulted on while held) are kept in {@link #edges()} but are not
 * cycles: {@link #cycles} only reports cycles through two or more classes; same-class nesting is for rules
 * reading the path states. Add edges with {@link #add}, then {@link #freeze} once.
 */
public final class LockOrder implements LockOrderGraph {

  record Key(LockClass from, LockMode fromMode, LockClass to, LockMode toMode, OrderEdge.Origin origin) {}

  static final Comparator<OrderEdge> BETTER = Comparator
      .comparingInt((OrderEdge e) -> e.witness().size())
      .thenComparing(e -> e.at().file())
      .thenComparingInt(e -> e.at().line())
      .thenComparingInt(e -> e.at().column())
      .thenComparing(OrderEdge::function)
      .thenComparing(e -> e.witness().toString());

  /** By classes, then modes, then origin. Written out: a rescan sorts every edge of the kernel with C1 code. */
  static final Comparator<OrderEdge> ORDER = (a, b) -> {
    int c = a.from().compareTo(b.from());
    if (c == 0) c = a.to().compareTo(b.to());
    if (c == 0) c = a.fromMode().compareTo(b.fromMode());
    if (c == 0) c = a.toMode().compareTo(b.toMode());
    return c != 0 ? c : a.origin().compareTo(b.origin());
  };

  private final Map<Key, OrderEdge> byKey = new ConcurrentHashMap<>();
  private List<OrderEdge> edges = List.of();
  private final Map<List<LockClass>, List<OrderEdge>> byPair = new HashMap<>();
  private final Map<Integer, List<LockCycle>> cycleCache = new ConcurrentHashMap<>();
  private Graph<LockClass, DefaultEdge> graph;

  /** Keeps {@code e} when it is the first or a better witness for its key. Thread-safe. */
  public void add(OrderEdge e) {
    byKey.merge(new Key(e.from(), e.fromMode(), e.to(), e.toMode(), e.origin()), e,
        (a, b) -> BETTER.compare(a, b) <= 0 ? a : b);
  }

  public void addAll(Collection<OrderEdge> es) {
    es.forEach(this::add);
  }

  /**
   * {@code edges} in {@link #ORDER}, sorted as numbers: each class is ranked once, and an edge's key packs its
   * classes' ranks, modes and origin, then the edge's own index, in as few bits as the counts need. A kernel has
   * 117,000 edges over 23,000 classes; compared as strings, the sort was a tenth of a rescan (run with C1 code).
   */
  static List<OrderEdge> sorted(Collection<OrderEdge> edges) {
    OrderEdge[] byIndex = edges.toArray(new OrderEdge[0]);
    // Each class numbered at first sight, one hash lookup per edge end; the numbers then mapped to ranks.
    Map<LockClass, Integer> seen = new HashMap<>();
    int[] from = new int[byIndex.length];
    int[] to = new int[byIndex.length];
    List<LockClass> classes = new ArrayList<>();
    for (int i = 0; i < byIndex.length; i++) {
      from[i] = number(seen, classes, byIndex[i].from());
      to[i] = number(seen, classes, byIndex[i].to());
    }
    int classBits = bitsFor(classes.size());
    int indexBits = bitsFor(byIndex.length);
    if (2 * classBits + 6 + indexBits > 63) {   // beyond what a key holds: compare the records
      List<OrderEdge> all = new ArrayList<>(edges);
      all.sort(ORDER);
      return all;
    }
    Integer[] byClass = new Integer[classes.size()];
    for (int c = 0; c < byClass.length; c++) byClass[c] = c;
    java.util.Arrays.sort(byClass, (a, b) -> classes.get(a).compareTo(classes.get(b)));
    int[] rank = new int[byClass.length];
    for (int r = 0; r < byClass.length; r++) rank[byClass[r]] = r;
    long[] keys = new long[byIndex.length];
    for (int i = 0; i < byIndex.length; i++) {
      OrderEdge e = byIndex[i];
      long key = (long) rank[from[i]] << classBits | rank[to[i]];
      key = key << 2 | e.fromMode().ordinal();
      key = key << 2 | e.toMode().ordinal();
      key = key << 2 | e.origin().ordinal();
      // Keys are unique per edge (one edge per classes, modes and origin); the index only comes along.
      keys[i] = key << indexBits | i;
    }
    java.util.Arrays.sort(keys);
    long indexMask = (1L << indexBits) - 1;
    List<OrderEdge> out = new ArrayList<>(keys.length);
    for (long k : keys) out.add(byIndex[(int) (k & indexMask)]);
    return out;
  }

  private static int number(Map<LockClass, Integer> seen, List<LockClass> classes, LockClass c) {
    Integer n = seen.get(c);
    if (n != null) return n;
    seen.put(c, classes.size());
    classes.add(c);
    return classes.size() - 1;
  }

  /** Bits that hold every number below {@code count}. */
  private static int bitsFor(int count) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, count - 1)));
  }

  /** Ends construction: sorts the edges and builds the class graph. */
  public LockOrder freeze() {
    List<OrderEdge> all = sorted(byKey.values());
    edges = List.copyOf(all);
    graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    // Sorted, the edges of one pair of classes are adjacent: one map entry and one graph edge per run of them.
    List<OrderEdge> run = null;
    for (OrderEdge e : edges) {
      if (run == null || !e.from().equals(run.get(0).from()) || !e.to().equals(run.get(0).to())) {
        run = new ArrayList<>(2);
        byPair.put(List.of(e.from(), e.to()), run);
        if (!e.from().equals(e.to())) {
          graph.addVertex(e.from());
          graph.addVertex(e.to());
          graph.addEdge(e.from(), e.to());
        }
      }
      run.add(e);
    }
    return this;
  }

  @Override public List<OrderEdge> edges() {
    return edges;
  }

  @Override public Optional<OrderEdge> edge(LockClass from, LockClass to) {
    return byPair.getOrDefault(List.of(from, to), List.of()).stream().min(BETTER);
  }

  /** Classes appearing on some edge. */
  public Set<LockClass> classes() {
    Set<LockClass> out = new java.util.HashSet<>();
    for (OrderEdge e : edges) {
      out.add(e.from());
      out.add(e.to());
    }
    return out;
  }

  /**
   * For each class pair in a cycle the edge used is the most dangerous one: fewest SHARED ends (a writer
   * makes the cycle a deadlock without help from rwsem fairness), then the shortest witness.
   */
  private OrderEdge pick(LockClass from, LockClass to) {
    return byPair.get(List.of(from, to)).stream()
        .min(Comparator.comparingInt((OrderEdge e) -> (e.fromMode() == LockMode.SHARED ? 1 : 0)
            + (e.toMode() == LockMode.SHARED ? 1 : 0)).thenComparing(BETTER))
        .orElseThrow();
  }

  @Override public List<LockCycle> cycles(int maxLength) {
    if (maxLength < 2) return List.of();
    return cycleCache.computeIfAbsent(maxLength, this::computeCycles);
  }

  /**
   * Per SCC of the class graph (self edges aside): classes are numbered in id order; for each class u one BFS
   * on the reversed graph, bounded to {@code maxLength - 1} steps, gives the shortest path from every class
   * back to u; each edge u -> v then closes the cycle u, v, ..., u. O(V * (V + E)) per SCC with int arrays.
   * Ties between equally short paths go to the smaller class ids (predecessors are scanned in id order).
   */
  private List<LockCycle> computeCycles(int maxLength) {
    Map<List<LockClass>, LockCycle> found = new TreeMap<>(LockOrder::compareClassLists);
    List<Set<LockClass>> sccs = new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets();
    for (Set<LockClass> scc : sccs) {
      if (scc.size() < 2) continue;
      LockClass[] cls = new TreeSet<>(scc).toArray(new LockClass[0]);
      Map<LockClass, Integer> idx = new HashMap<>();
      for (int i = 0; i < cls.length; i++) idx.put(cls[i], i);
      int[][] out = new int[cls.length][];
      List<List<Integer>> inL = new ArrayList<>();
      for (int i = 0; i < cls.length; i++) inL.add(new ArrayList<>());
      for (int i = 0; i < cls.length; i++) {
        List<Integer> o = new ArrayList<>();
        for (DefaultEdge e : graph.outgoingEdgesOf(cls[i])) {
          Integer t = idx.get(graph.getEdgeTarget(e));
          if (t != null) {
            o.add(t);
            inL.get(t).add(i);
          }
        }
        out[i] = o.stream().mapToInt(Integer::intValue).sorted().toArray();
      }
      int[][] in = new int[cls.length][];
      for (int i = 0; i < cls.length; i++) in[i] = inL.get(i).stream().mapToInt(Integer::intValue).sorted().toArray();
      int[] dist = new int[cls.length];
      int[] next = new int[cls.length];
      int[] queue = new int[cls.length];
      for (int u = 0; u < cls.length; u++) {
        java.util.Arrays.fill(dist, -1);
        dist[u] = 0;
        int head = 0;
        int tail = 0;
        queue[tail++] = u;
        while (head < tail) {
          int x = queue[head++];
          if (dist[x] >= maxLength - 1) continue;
          for (int w : in[x]) {
            if (dist[w] >= 0) continue;
            dist[w] = dist[x] + 1;
            next[w] = x;
            queue[tail++] = w;
          }
        }
        for (int v : out[u]) {
          if (dist[v] < 0 || v == u) continue;
          int[] cyc = new int[dist[v] + 1];
          cyc[0] = u;
          int k = 1;
          for (int x = v; x != u; x = next[x]) cyc[k++] = x;
          int min = 0;
          for (int j = 1; j < cyc.length; j++) if (cyc[j] < cyc[min]) min = j;
          List<LockClass> canon = new ArrayList<>(cyc.length);
          for (int j = 0; j < cyc.length; j++) canon.add(cls[cyc[(min + j) % cyc.length]]);
          if (found.containsKey(canon)) continue;
          List<OrderEdge> es = new ArrayList<>(canon.size());
          for (int j = 0; j < canon.size(); j++) es.add(pick(canon.get(j), canon.get((j + 1) % canon.size())));
          found.put(List.copyOf(canon), new LockCycle(List.copyOf(es)));
        }
      }
    }
    return List.copyOf(found.values());
  }

  private static int compareClassLists(List<LockClass> a, List<LockClass> b) {
    if (a.size() != b.size()) return Integer.compare(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) return c;
    }
    return 0;
  }

  /** lockOrderEdges, lockOrderClasses, by origin. */
  public Map<String, Long> stats() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("lockOrderEdges", (long) edges.size());
    m.put("lockOrderClasses", (long) classes().size());
    for (OrderEdge.Origin o : OrderEdge.Origin.values()) {
      m.put("lockOrderEdges" + switch (o) {
        case NESTED -> "Nested";
        case USER_ACCESS -> "UserAccess";
        case FAULT_PATH -> "FaultPath";
      }, edges.stream().filter(e -> e.origin() == o).count());
    }
    return m;
  }

  static List<Step> concat(List<Step> a, List<Step> b) {
    List<Step> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return List.copyOf(out);
  }

}

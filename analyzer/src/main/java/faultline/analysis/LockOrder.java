package faultline.analysis;

import faultline.lock.LockClass;
import faultline.lock.LockCycle;
import faultline.lock.LockMode;
import faultline.lock.LockOrderGraph;
import faultline.lock.OrderEdge;
import faultline.rule.Step;
import java.util.ArrayDeque;
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

  static final Comparator<OrderEdge> ORDER = Comparator
      .comparing(OrderEdge::from)
      .thenComparing(OrderEdge::to)
      .thenComparing(OrderEdge::fromMode)
      .thenComparing(OrderEdge::toMode)
      .thenComparing(OrderEdge::origin);

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

  /** Ends construction: sorts the edges and builds the class graph. */
  public LockOrder freeze() {
    List<OrderEdge> all = new ArrayList<>(byKey.values());
    all.sort(ORDER);
    edges = List.copyOf(all);
    graph = new DefaultDirectedGraph<>(DefaultEdge.class);
    for (OrderEdge e : edges) {
      byPair.computeIfAbsent(List.of(e.from(), e.to()), k -> new ArrayList<>()).add(e);
      if (e.from().equals(e.to())) continue;
      graph.addVertex(e.from());
      graph.addVertex(e.to());
      graph.addEdge(e.from(), e.to());
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
    Set<LockClass> out = new TreeSet<>();
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

  private List<LockCycle> computeCycles(int maxLength) {
    Map<List<LockClass>, LockCycle> found = new TreeMap<>(LockOrder::compareClassLists);
    List<Set<LockClass>> sccs = new KosarajuStrongConnectivityInspector<>(graph).stronglyConnectedSets();
    for (Set<LockClass> scc : sccs) {
      if (scc.size() < 2) continue;
      Map<LockClass, List<LockClass>> succ = new HashMap<>();
      for (LockClass c : new TreeSet<>(scc)) {
        List<LockClass> next = new ArrayList<>();
        for (DefaultEdge e : graph.outgoingEdgesOf(c)) {
          LockClass t = graph.getEdgeTarget(e);
          if (scc.contains(t)) next.add(t);
        }
        next.sort(null);
        succ.put(c, next);
      }
      for (LockClass u : new TreeSet<>(scc)) {
        for (LockClass v : succ.get(u)) {
          List<LockClass> back = shortestPath(v, u, succ, maxLength - 1);
          if (back.isEmpty()) continue;
          List<LockClass> cycle = new ArrayList<>();
          cycle.add(u);
          cycle.addAll(back.subList(0, back.size() - 1));
          List<LockClass> canon = rotate(cycle);
          if (found.containsKey(canon)) continue;
          List<OrderEdge> es = new ArrayList<>();
          for (int i = 0; i < canon.size(); i++) es.add(pick(canon.get(i), canon.get((i + 1) % canon.size())));
          found.put(canon, new LockCycle(List.copyOf(es)));
        }
      }
    }
    return List.copyOf(found.values());
  }

  /** BFS from {@code from} to {@code to} using at most {@code maxEdges} edges: the classes from {@code from} to {@code to}. */
  private static List<LockClass> shortestPath(LockClass from, LockClass to, Map<LockClass, List<LockClass>> succ,
      int maxEdges) {
    Map<LockClass, LockClass> parent = new HashMap<>();
    Map<LockClass, Integer> dist = new HashMap<>();
    ArrayDeque<LockClass> queue = new ArrayDeque<>();
    queue.add(from);
    dist.put(from, 0);
    while (!queue.isEmpty()) {
      LockClass c = queue.poll();
      if (c.equals(to)) break;
      int d = dist.get(c);
      if (d >= maxEdges) continue;
      for (LockClass n : succ.get(c)) {
        if (dist.containsKey(n)) continue;
        dist.put(n, d + 1);
        parent.put(n, c);
        queue.add(n);
      }
    }
    if (!dist.containsKey(to)) return List.of();
    List<LockClass> path = new ArrayList<>();
    for (LockClass c = to; c != null; c = parent.get(c)) path.add(0, c);
    return path;
  }

  private static List<LockClass> rotate(List<LockClass> cycle) {
    int min = 0;
    for (int i = 1; i < cycle.size(); i++) if (cycle.get(i).compareTo(cycle.get(min)) < 0) min = i;
    List<LockClass> out = new ArrayList<>(cycle.size());
    for (int i = 0; i < cycle.size(); i++) out.add(cycle.get((min + i) % cycle.size()));
    return List.copyOf(out);
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

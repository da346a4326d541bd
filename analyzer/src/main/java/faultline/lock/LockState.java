package faultline.lock;

import faultline.ir.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The lock-state analysis' value at a program point: a bounded set of path states (disjunctive, as Smatch
 * keeps them). Paths with identical lock facts are merged (their variable facts joined); beyond
 * {@link #MAX_PATHS} the extra paths are joined into one, and locks they disagree on become uncertain.
 * Immutable: every operation returns a new state. The empty set is "unreachable".
 */
public final class LockState {

  public static final int MAX_PATHS = 16;
  /** Bound on held locks and contexts per path, so that loops converge. */
  public static final int MAX_STACK = 16;

  public static final LockState UNREACHABLE = new LockState(List.of());

  /** A held lock and, when it is rooted in a parameter, its template ("$0->lock"). */
  public record Held(HeldLock lock, String template, boolean atEntry) {
    public LockClass cls() { return lock.lock().cls(); }
  }

  /**
   * A lock this function released on the path; {@code untaken} when it was not held by this function then (so
   * the caller must have held it, or it is an unlock of a lock not held).
   */
  public record Released(LockRef lock, String template, LockKind kind, LockMode mode, Span at, boolean untaken) {}

  /**
   * What is known of a variable's value: a set of signs ({@link #ZERO}, {@link #NEG}, {@link #POS}; error
   * pointers count as negative, valid pointers as positive) and, when assigned a literal, the exact value.
   */
  public record Value(int signs, OptionalLong exact) {
    public static final int ZERO = 1, NEG = 2, POS = 4, ANY = 7, NONZERO = NEG | POS;

    public static Value of(int signs) { return new Value(signs, OptionalLong.empty()); }

    public static Value exactly(long v) {
      return new Value(v == 0 ? ZERO : v < 0 ? NEG : POS, OptionalLong.of(v));
    }

    public Value meet(Value o) {
      OptionalLong e = exact.isPresent() ? exact : o.exact;
      if (exact.isPresent() && o.exact.isPresent() && exact.getAsLong() != o.exact.getAsLong()) return of(0);
      return new Value(signs & o.signs, e);
    }

    public Value joinWith(Value o) {
      OptionalLong e = exact.equals(o.exact) ? exact : OptionalLong.empty();
      return new Value(signs | o.signs, e);
    }

    public boolean empty() { return signs == 0; }
  }

  /** {@code var}'s truth implies {@code target}'s value lies in {@code signsWhenTrue} (r = IS_ERR(p)). */
  public record Link(String target, int signsWhenTrue, int signsWhenFalse) {}

  /**
   * One path (or merge of paths with the same lock facts). A class rather than a record so that its hash code
   * and lock key are computed once: the dataflow hashes and compares paths at every join, and a path's held locks
   * carry their witness chains.
   */
  public static final class Path {

    public static final Path START = new Path(List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of());

    /** The lock key of every path without lock facts: most paths of most functions. */
    private static final Object NO_LOCK_FACTS = List.of(Set.of(), Set.of(), Set.of(), List.of());

    private final List<Held> held;
    private final List<Released> released;
    private final List<LockRef> uncertain;
    private final List<ContextEntry> contexts;
    private final Map<String, Value> vars;
    private final Map<String, Link> links;
    private int hash;          // 0: not computed yet
    private Object lockKey;    // null: not computed yet

    public Path(List<Held> held, List<Released> released, List<LockRef> uncertain,
        List<ContextEntry> contexts, Map<String, Value> vars, Map<String, Link> links) {
      this.held = List.copyOf(held);
      this.released = List.copyOf(released);
      this.uncertain = List.copyOf(uncertain);
      this.contexts = List.copyOf(contexts);
      this.vars = Map.copyOf(vars);
      this.links = Map.copyOf(links);
    }

    public List<Held> held() { return held; }
    public List<Released> released() { return released; }
    public List<LockRef> uncertain() { return uncertain; }
    public List<ContextEntry> contexts() { return contexts; }
    public Map<String, Value> vars() { return vars; }
    public Map<String, Link> links() { return links; }

    /** No held, released or uncertain lock and no context: nothing a rule could report on. */
    public boolean lockFree() {
      return held.isEmpty() && released.isEmpty() && uncertain.isEmpty() && contexts.isEmpty();
    }

    @Override public boolean equals(Object o) {
      if (o == this) return true;
      return o instanceof Path p && p.hashCode() == hashCode() && p.held.equals(held) && p.released.equals(released)
          && p.uncertain.equals(uncertain) && p.contexts.equals(contexts) && p.vars.equals(vars) && p.links.equals(links);
    }

    @Override public int hashCode() {
      int h = hash;
      if (h == 0) {
        // Objects.hash's value, without its array: paths are hashed for every state the dataflow makes.
        h = 31 + held.hashCode();
        h = 31 * h + released.hashCode();
        h = 31 * h + uncertain.hashCode();
        h = 31 * h + contexts.hashCode();
        h = 31 * h + vars.hashCode();
        h = 31 * h + links.hashCode();
        if (h == 0) h = 1;
        hash = h;
      }
      return h;
    }

    @Override public String toString() {
      return "Path[held=" + held + ", released=" + released + ", uncertain=" + uncertain + ", contexts=" + contexts
          + ", vars=" + vars + ", links=" + links + "]";
    }

    public boolean faultsDisabled() {
      return contexts.stream().anyMatch(c -> c.kind() == ContextKind.PAGEFAULT_OFF);
    }

    public Value value(String var) {
      return vars.getOrDefault(var, Value.of(Value.ANY));
    }

    public Path withHeld(List<Held> h) { return new Path(h, released, uncertain, contexts, vars, links); }
    public Path withReleased(List<Released> r) { return new Path(held, r, uncertain, contexts, vars, links); }
    public Path withUncertain(List<LockRef> u) { return new Path(held, released, u, contexts, vars, links); }
    public Path withContexts(List<ContextEntry> c) { return new Path(held, released, uncertain, c, vars, links); }
    public Path withVars(Map<String, Value> v, Map<String, Link> l) { return new Path(held, released, uncertain, contexts, v, l); }

    /** What identifies the lock facts of a path, whatever the spans and variables. */
    Object lockKey() {
      Object k = lockKey;
      if (k == null) {
        k = lockFree() ? NO_LOCK_FACTS : computeLockKey();
        lockKey = k;
      }
      return k;
    }

    /**
     * A lock key with its hash computed once: joins look paths up by key, and hashing the sets in it again each
     * time walked them with an iterator (the dataflow's largest garbage after the path maps).
     */
    private record LockKey(List<Object> parts, int hash) {
      LockKey(List<Object> parts) {
        this(parts, parts.hashCode());
      }

      @Override public boolean equals(Object o) {
        return o instanceof LockKey k && k.hash == hash && k.parts.equals(parts);
      }

      @Override public int hashCode() {
        return hash;
      }
    }

    private Object computeLockKey() {
      Set<List<Object>> h = new HashSet<>();
      for (Held x : held) h.add(List.of(x.cls(), x.lock().mode(), x.lock().lock().expr(), x.atEntry()));
      Set<List<Object>> r = new HashSet<>();
      for (Released x : released) r.add(List.of(x.lock().cls(), x.lock().expr(), x.untaken()));
      Set<LockClass> u = new HashSet<>();
      for (LockRef x : uncertain) u.add(x.cls());
      List<ContextKind> c = new ArrayList<>();
      for (ContextEntry x : contexts) c.add(x.kind());
      return new LockKey(List.of(h, r, u, c));
    }

    /** The public view of this path. */
    public PathState toPathState() {
      List<HeldLock> h = new ArrayList<>(held.size());
      List<LockRef> callers = new ArrayList<>();
      for (Held x : held) {
        h.add(x.lock());
        if (x.atEntry()) callers.add(x.lock().lock());
      }
      List<LockRef> r = new ArrayList<>(released.size());
      for (Released x : released) r.add(x.lock());
      return new PathState(List.copyOf(h), List.copyOf(r), uncertain, contexts, List.copyOf(callers));
    }
  }

  private final List<Path> paths;
  private final int hash;
  private volatile List<PathState> view;

  private LockState(List<Path> paths) {
    this.paths = paths;
    this.hash = paths.hashCode();
  }

  public static LockState of(List<Path> paths) {
    if (paths.isEmpty()) return UNREACHABLE;
    return normalise(paths);
  }

  public static LockState start(Path p) {
    return new LockState(List.of(p));
  }

  public List<Path> paths() { return paths; }

  public boolean isUnreachable() { return paths.isEmpty(); }

  /** The public per-path view (cached). */
  public List<PathState> pathStates() {
    List<PathState> v = view;
    if (v == null) {
      List<PathState> out = new ArrayList<>(paths.size());
      for (Path p : paths) out.add(p.toPathState());
      v = List.copyOf(out);
      view = v;
    }
    return v;
  }

  public LockState join(LockState o) {
    if (o.paths.isEmpty() || o == this) return this;
    if (paths.isEmpty()) return o;
    List<Path> all = new ArrayList<>(paths.size() + o.paths.size());
    all.addAll(paths);
    all.addAll(o.paths);
    LockState r = normalise(all);
    return r.equals(this) ? this : r;
  }

  /** Collapses every path into one: locks the paths disagree on become uncertain. */
  public LockState collapse() {
    if (paths.size() <= 1) return this;
    Path acc = paths.get(0);
    for (int i = 1; i < paths.size(); i++) acc = joinPaths(acc, paths.get(i));
    return new LockState(List.of(acc));
  }

  private static LockState normalise(List<Path> all) {
    if (all.size() == 1) return new LockState(List.of(all.get(0)));
    // Most joins are of paths without lock facts: they all have one key, so they fold into one path.
    boolean lockFree = true;
    for (Path p : all) lockFree &= p.lockFree();
    if (lockFree) {
      Path acc = all.get(0);
      for (int i = 1; i < all.size(); i++) acc = mergeVars(acc, all.get(i));
      return new LockState(List.of(acc));
    }
    Map<Object, Path> byKey = new LinkedHashMap<>();
    for (Path p : all) byKey.merge(p.lockKey(), p, LockState::mergeVars);
    List<Path> out = new ArrayList<>(byKey.values());
    if (out.size() > MAX_PATHS) {
      Path acc = out.get(MAX_PATHS - 1);
      for (int i = MAX_PATHS; i < out.size(); i++) acc = joinPaths(acc, out.get(i));
      out = new ArrayList<>(out.subList(0, MAX_PATHS - 1));
      out.add(acc);
    }
    return new LockState(List.copyOf(out));
  }

  /** Same lock facts: keep the first path's, join the variable facts. */
  private static Path mergeVars(Path a, Path b) {
    if (a.equals(b)) return a;
    Map<String, Value> vars = new HashMap<>();
    for (Map.Entry<String, Value> e : a.vars().entrySet()) {
      Value bv = b.vars().get(e.getKey());
      if (bv == null) continue;
      Value j = e.getValue().joinWith(bv);
      if (j.signs() != Value.ANY || j.exact().isPresent()) vars.put(e.getKey(), j);
    }
    Map<String, Link> links = new HashMap<>();
    for (Map.Entry<String, Link> e : a.links().entrySet()) {
      if (e.getValue().equals(b.links().get(e.getKey()))) links.put(e.getKey(), e.getValue());
    }
    // Often nothing changes for the first path: keep its immutable maps rather than copy equal ones (the copies
    // were the dataflow's largest garbage).
    Map<String, Value> keptVars = vars.equals(a.vars()) ? a.vars() : vars;
    Map<String, Link> keptLinks = links.equals(a.links()) ? a.links() : links;
    if (keptVars == a.vars() && keptLinks == a.links()) return a;
    return a.withVars(keptVars, keptLinks);
  }

  /** Different lock facts: keep what both agree on, the rest is uncertain. */
  static Path joinPaths(Path a, Path b) {
    List<Held> held = new ArrayList<>();
    List<LockRef> uncertain = new ArrayList<>(a.uncertain());
    for (Held h : a.held()) {
      if (b.held().stream().anyMatch(x -> x.cls().equals(h.cls()) && x.lock().mode() == h.lock().mode())) held.add(h);
      else addRef(uncertain, h.lock().lock());
    }
    for (Held h : b.held()) {
      if (held.stream().noneMatch(x -> x.cls().equals(h.cls()))) addRef(uncertain, h.lock().lock());
    }
    for (LockRef r : b.uncertain()) addRef(uncertain, r);
    uncertain.removeIf(r -> held.stream().anyMatch(h -> h.cls().equals(r.cls())));
    List<Released> released = new ArrayList<>();
    for (Released r : a.released()) {
      if (b.released().stream().anyMatch(x -> x.lock().cls().equals(r.lock().cls()))) released.add(r);
      else addRef(uncertain, r.lock());
    }
    for (Released r : b.released()) {
      if (released.stream().noneMatch(x -> x.lock().cls().equals(r.lock().cls()))) addRef(uncertain, r.lock());
    }
    List<ContextEntry> ctx = new ArrayList<>();
    for (int i = 0; i < Math.min(a.contexts().size(), b.contexts().size()); i++) {
      if (a.contexts().get(i).kind() != b.contexts().get(i).kind()) break;
      ctx.add(a.contexts().get(i));
    }
    Path merged = new Path(held, released, uncertain, ctx, a.vars(), a.links());
    return mergeVars(merged, b.withHeld(held).withReleased(released).withUncertain(uncertain).withContexts(ctx));
  }

  private static void addRef(List<LockRef> refs, LockRef r) {
    if (refs.stream().noneMatch(x -> x.cls().equals(r.cls()))) refs.add(r);
  }

  @Override public boolean equals(Object o) {
    return o instanceof LockState s && s.hash == hash && s.paths.equals(paths);
  }

  @Override public int hashCode() { return hash; }

  @Override public String toString() {
    return "LockState" + Objects.toString(paths);
  }
}

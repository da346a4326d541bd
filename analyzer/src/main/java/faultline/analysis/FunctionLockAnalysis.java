package faultline.analysis;

import faultline.dataflow.DataflowProblem;
import faultline.ir.CLiterals;
import faultline.ir.Edge;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.lock.ContextEntry;
import faultline.lock.ContextKind;
import faultline.lock.FunctionSummary;
import faultline.lock.GuardApi;
import faultline.lock.HeldLock;
import faultline.lock.LockApi;
import faultline.lock.LockApis;
import faultline.lock.LockKind;
import faultline.lock.LockMode;
import faultline.lock.LockOp;
import faultline.lock.LockRef;
import faultline.lock.LockState;
import faultline.lock.LockState.Held;
import faultline.lock.LockState.Link;
import faultline.lock.LockState.Path;
import faultline.lock.LockState.Released;
import faultline.lock.LockState.Value;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The lock-state dataflow of one function: which locks each path holds, which it released, which contexts
 * are active, and the variable facts that correlate branches (results of trylocks, flags tested twice,
 * constants assigned). Try-acquisitions whose result is stored split the path into a success path (lock held,
 * result = the success value) and a failure path; later branches on that result drop the infeasible one.
 * Calls to functions whose summaries return holding or having dropped a lock apply that effect with the
 * call's arguments substituted.
 */
final class FunctionLockAnalysis implements DataflowProblem<LockState> {

  // Compiled once: these run on every literal and errno name of every function of a kernel-sized scan.
  private static final java.util.regex.Pattern ERRNO = java.util.regex.Pattern.compile("E[A-Z0-9]+");

  /** Summaries of directly called functions defined in the scan (for return effects). */
  interface Callees {
    /** The summary of the one function the direct call at {@code callNode} reaches, if it reaches one. */
    Optional<FunctionSummary> direct(Node callNode);
  }

  /** What a node does, precomputed once: the lock API, guard, context change or callee effect it applies. */
  sealed interface Action {
    record Api(LockApi api, LockResolver.Resolved lock, Stmt.Call call) implements Action {}
    record Guard(GuardApi api, Optional<LockResolver.Resolved> lock, boolean enter, Span at) implements Action {}
    record Context(LockApis.ContextApi api, Stmt.Call call) implements Action {}
    record Callee(String callee, List<Effect> effects, Stmt.Call call) implements Action {}
    record None() implements Action {}
  }

  /** A callee's return effect resolved at this call. */
  record Effect(FunctionSummary.ReturnEffect effect, LockResolver.Resolved lock) {}

  private static final Action NONE = new Action.None();

  private final LockApis apis;
  private final Function fn;
  private final LockResolver resolver;
  private final Callees callees;
  private final Action[] actions;

  FunctionLockAnalysis(LockApis apis, Function fn, LockResolver resolver, Callees callees) {
    this.apis = apis;
    this.fn = fn;
    this.resolver = resolver;
    this.callees = callees;
    this.actions = new Action[fn.cfg().nodes().size()];
  }

  Function function() { return fn; }

  LockResolver resolver() { return resolver; }

  Action action(Node node) {
    Action a = actions[node.id()];
    if (a == null) {
      a = computeAction(node);
      actions[node.id()] = a;
    }
    return a;
  }

  /**
   * Whether {@code stmt} can have an action at all: a lock or context API, a guard the model knows, or a call to a
   * function ({@code callee}, the single direct target's summary) that returns with a lock effect. Cheap (no lock
   * resolution): the summary pass uses it to skip functions in which nothing can act.
   */
  static boolean mayAct(LockApis apis, Stmt stmt, Optional<FunctionSummary> callee) {
    if (stmt instanceof Stmt.Call call && call.callee() instanceof faultline.ir.Callee.Direct d) {
      String name = apis.apiName(d.name(), call.viaMacro());
      return apis.lock(name).isPresent() || apis.context(name).isPresent()
          || callee.map(s -> !s.atReturn().isEmpty()).orElse(false);
    }
    if (stmt instanceof Stmt.GuardEnter g) return apis.guard(g.guardType()).isPresent();
    if (stmt instanceof Stmt.GuardExit g) return apis.guard(g.guardType()).isPresent();
    return false;
  }

  private Action computeAction(Node node) {
    Stmt stmt = node.stmt();
    Optional<FunctionSummary> callee = stmt instanceof Stmt.Call ? callees.direct(node) : Optional.empty();
    if (!mayAct(apis, stmt, callee)) return NONE;
    if (stmt instanceof Stmt.Call call && call.callee() instanceof faultline.ir.Callee.Direct d) {
      String name = apis.apiName(d.name(), call.viaMacro());
      Optional<LockApi> api = apis.lock(name);
      if (api.isPresent()) {
        Optional<LockResolver.Resolved> r = resolver.resolve(api.get(), call.args());
        return r.<Action>map(res -> new Action.Api(api.get(), res, call)).orElse(NONE);
      }
      Optional<LockApis.ContextApi> ctx = apis.context(name);
      if (ctx.isPresent()) return new Action.Context(ctx.get(), call);
      Optional<FunctionSummary> s = callee;
      if (s.isPresent() && !s.get().atReturn().isEmpty()) {
        List<Effect> effects = new ArrayList<>();
        for (FunctionSummary.ReturnEffect re : s.get().atReturn()) {
          String tpl = re.lock().expr().startsWith("$") ? re.lock().expr() : "";
          LockResolver.Resolved at = resolver.atCall(re.lock().cls(), re.lock().expr(), tpl, call.args());
          if (at.ref().expr().startsWith("$")) continue;  // a parameter we were not passed: nothing to apply
          effects.add(new Effect(re, at));
        }
        if (!effects.isEmpty()) return new Action.Callee(call.displayName(), List.copyOf(effects), call);
      }
      return NONE;
    }
    if (stmt instanceof Stmt.GuardEnter g) return guard(g.guardType(), g.args(), true, g.at());
    if (stmt instanceof Stmt.GuardExit g) return guard(g.guardType(), g.args(), false, g.at());
    return NONE;
  }

  private Action guard(String type, List<Expr> args, boolean enter, Span at) {
    Optional<GuardApi> g = apis.guard(type);
    if (g.isEmpty()) return NONE;
    Optional<LockResolver.Resolved> lock = g.get().kind().isPresent() && !args.isEmpty()
        ? Optional.of(resolver.resolve(args.get(0))) : Optional.empty();
    return new Action.Guard(g.get(), lock, enter, at);
  }

  /** What the node does to a lock, for {@code ProgramFacts.lockOpAt}. */
  Optional<LockOp> lockOp(Node node) {
    Action a = action(node);
    if (a instanceof Action.Api api) {
      return api.api().opEffect().map(e -> new LockOp(e, api.lock().ref(), api.api().kind(), api.api().mode(),
          api.api().nested(), false, List.of()));
    }
    if (a instanceof Action.Guard g && g.lock().isPresent()) {
      return Optional.of(new LockOp(g.enter() ? LockOp.Effect.ACQUIRE : LockOp.Effect.RELEASE, g.lock().get().ref(),
          g.api().kind().orElseThrow(), g.api().mode(), false, false, List.of()));
    }
    if (a instanceof Action.Callee c) {
      Effect e = c.effects().get(0);
      return Optional.of(new LockOp(e.effect().effect(), e.lock().ref(), e.effect().kind(), e.effect().mode(), false,
          true, chain(c.call(), c.callee(), e.effect().witness())));
    }
    return Optional.empty();
  }

  static List<Step> chain(Stmt.Call call, String callee, List<Step> witness) {
    List<Step> out = new ArrayList<>(witness.size() + 1);
    out.add(new Step(StepKind.CALL, call.at(), "calls " + callee + "()", 0));
    for (Step s : witness) out.add(s.deeper(1));
    return List.copyOf(out);
  }

  static String acquiredMessage(LockKind kind, LockMode mode, String expr) {
    String how = kind == LockKind.RWSEM || kind == LockKind.RWLOCK ? " for " + mode.word() : "";
    return kind.word() + " '" + expr + "' taken" + how + " here";
  }

  // ---- lattice ------------------------------------------------------------------------------------

  @Override public LockState entry() {
    List<Held> held = new ArrayList<>();
    for (LockAnnotation a : fn.annotations()) {
      if (a.kind() != LockAnnotation.Kind.MUST_HOLD && a.kind() != LockAnnotation.Kind.RELEASES) continue;
      LockResolver.Resolved r = resolver.resolve(a.lock());
      LockKind kind = kindUsedFor(r.ref());
      String by = a.kind() == LockAnnotation.Kind.MUST_HOLD ? "__must_hold" : "__releases";
      held.add(new Held(new HeldLock(r.ref(), kind, LockMode.EXCLUSIVE, fn.nameAt(), by, false, List.of()),
          r.template(), true));
    }
    return LockState.start(Path.START.withHeld(held));
  }

  /** The kind of a lock named by an annotation: as some lock API in this function uses it, else MUTEX. */
  private LockKind kindUsedFor(LockRef ref) {
    for (Node n : fn.cfg().nodes()) {
      if (action(n) instanceof Action.Api a && a.lock().ref().cls().equals(ref.cls())) return a.api().kind();
    }
    return LockKind.MUTEX;
  }

  @Override public LockState unreachable() { return LockState.UNREACHABLE; }

  @Override public LockState join(LockState a, LockState b) { return a.join(b); }

  @Override public LockState widen(LockState previous, LockState incoming) {
    return previous.join(incoming).collapse();
  }

  // ---- transfer -----------------------------------------------------------------------------------

  @Override public LockState transfer(Node node, LockState in) {
    if (in.isUnreachable()) return in;
    Stmt stmt = node.stmt();
    if (stmt instanceof Stmt.Call call) return call(node, call, in);
    if (stmt instanceof Stmt.Assign a) return map(in, p -> List.of(assign(p, a)));
    if (stmt instanceof Stmt.GuardEnter || stmt instanceof Stmt.GuardExit) {
      Action a = action(node);
      if (a instanceof Action.Guard g) return map(in, p -> List.of(guard(p, g)));
    }
    return in;
  }

  private interface PathFn {
    List<Path> apply(Path p);
  }

  private static LockState map(LockState in, PathFn f) {
    List<Path> out = new ArrayList<>(in.paths().size());
    boolean same = true;
    for (Path p : in.paths()) {
      List<Path> r = f.apply(p);
      if (r.size() != 1 || r.get(0) != p) same = false;
      out.addAll(r);
    }
    return same ? in : LockState.of(out);
  }

  private LockState call(Node node, Stmt.Call call, LockState in) {
    Action action = action(node);
    String callee = call.callee() instanceof faultline.ir.Callee.Direct d ? apis.apiName(d.name(), call.viaMacro()) : "";
    return map(in, p0 -> {
      Path p = killForCall(p0, call);
      if (action instanceof Action.Api a) return api(p, a);
      if (action instanceof Action.Context c) {
        return List.of(contexts(p, c.api().enter() ? c.api().kinds() : List.of(),
            c.api().enter() ? List.of() : c.api().kinds(), call.at(), c.api().name()));
      }
      if (action instanceof Action.Callee c) return List.of(calleeEffects(p, c));
      if (call.result().isPresent() && !callee.isEmpty()) {
        String r = key(call.result().get());
        Optional<int[]> test = apis.test(callee);
        if (test.isPresent() && !call.args().isEmpty()) {
          String arg = key(LockResolver.strip(call.args().get(0)).text());
          return List.of(setLink(p, r, new Link(arg, test.get()[0], test.get()[1])));
        }
        Optional<Integer> ret = apis.returns(callee);
        if (ret.isPresent()) return List.of(setValue(p, r, Value.of(ret.get())));
      }
      return List.of(p);
    });
  }

  private List<Path> api(Path p, Action.Api a) {
    LockApi api = a.api();
    Stmt.Call call = a.call();
    LockRef ref = a.lock().ref();
    String tpl = a.lock().template();
    switch (api.effect()) {
      case ACQUIRE -> {
        Path q = acquire(p, ref, tpl, api.kind(), api.mode(), api.nested(), call.at(), api.name(), List.of());
        return List.of(contexts(q, api.enter(), api.exit(), call.at(), api.name()));
      }
      case RELEASE -> {
        Path q = release(forgetGuardedFields(p, ref.expr()), ref, tpl, api.kind(), api.mode(), call.at());
        return List.of(contexts(q, api.enter(), api.exit(), call.at(), api.name()));
      }
      case DOWNGRADE -> {
        List<Held> held = new ArrayList<>(p.held());
        int i = find(held, ref);
        if (i >= 0) {
          HeldLock h = held.get(i).lock();
          held.set(i, new Held(new HeldLock(h.lock(), h.kind(), LockMode.SHARED, h.acquiredAt(), h.acquiredBy(),
              h.nested(), h.chain()), held.get(i).template(), held.get(i).atEntry()));
        }
        return List.of(p.withHeld(held));
      }
      case TRY_ACQUIRE -> {
        Path taken = contexts(acquire(p, ref, tpl, api.kind(), api.mode(), api.nested(), call.at(), api.name(),
            List.of()), api.enter(), api.exit(), call.at(), api.name());
        if (call.result().isEmpty()) return List.of(taken);
        String r = key(call.result().get());
        boolean zeroIsSuccess = api.success() == LockApi.TrySuccess.ZERO;
        Value ok = zeroIsSuccess ? Value.exactly(0) : Value.of(Value.NONZERO);
        Value failed = zeroIsSuccess ? Value.of(Value.NEG) : Value.exactly(0);
        return List.of(setValue(taken, r, ok), setValue(p, r, failed));
      }
      default -> throw new IllegalStateException();
    }
  }

  private Path guard(Path p, Action.Guard g) {
    Path q = p;
    if (g.lock().isPresent()) {
      LockResolver.Resolved r = g.lock().get();
      LockKind kind = g.api().kind().orElseThrow();
      q = g.enter()
          ? acquire(q, r.ref(), r.template(), kind, g.api().mode(), false, g.at(), "guard(" + g.api().type() + ")", List.of())
          : release(q, r.ref(), r.template(), kind, g.api().mode(), g.at());
    }
    return g.enter()
        ? contexts(q, g.api().enter(), List.of(), g.at(), "guard(" + g.api().type() + ")")
        : contexts(q, List.of(), g.api().enter(), g.at(), "guard(" + g.api().type() + ")");
  }

  private Path calleeEffects(Path p, Action.Callee c) {
    Path q = p;
    for (Effect e : c.effects()) {
      FunctionSummary.ReturnEffect re = e.effect();
      LockRef ref = e.lock().ref();
      if (re.effect() == LockOp.Effect.RELEASE) {
        if (re.onEveryPath()) {
          q = release(q, ref, e.lock().template(), re.kind(), re.mode(), c.call().at());
        } else {
          int i = find(q.held(), ref);
          if (i >= 0) {
            List<Held> held = new ArrayList<>(q.held());
            held.remove(i);
            q = q.withHeld(held).withUncertain(addUncertain(q.uncertain(), ref));
          }
        }
      } else if (re.onEveryPath()) {
        q = acquire(q, ref, e.lock().template(), re.kind(), re.mode(), false, c.call().at(), c.callee(),
            chain(c.call(), c.callee(), re.witness()));
      } else if (find(q.held(), ref) < 0) {
        q = q.withUncertain(addUncertain(q.uncertain(), ref));
      }
    }
    return q;
  }

  private static List<LockRef> addUncertain(List<LockRef> u, LockRef r) {
    if (u.stream().anyMatch(x -> x.cls().equals(r.cls()))) return u;
    List<LockRef> out = new ArrayList<>(u);
    out.add(r);
    return out;
  }

  static Path acquire(Path p, LockRef ref, String tpl, LockKind kind, LockMode mode, boolean nested, Span at,
      String by, List<Step> chain) {
    for (Held h : p.held()) {
      if (h.cls().equals(ref.cls()) && h.lock().lock().expr().equals(ref.expr())) return p;  // double lock
    }
    // Re-taking a lock this function dropped without having taken it restores the caller's lock ("unlock;
    // wait; lock" helpers): it stays the caller's, so it is no acquisition the function returns holding.
    boolean restoresCallers = p.released().stream().anyMatch(r -> r.untaken() && r.lock().cls().equals(ref.cls())
        && r.lock().expr().equals(ref.expr()));
    List<Held> held = new ArrayList<>(p.held());
    if (held.size() < LockState.MAX_STACK) {
      held.add(new Held(new HeldLock(ref, kind, mode, at, by, nested, chain), tpl, restoresCallers));
    }
    List<Released> released = new ArrayList<>(p.released());
    released.removeIf(r -> r.lock().cls().equals(ref.cls()));
    List<LockRef> uncertain = new ArrayList<>(p.uncertain());
    uncertain.removeIf(r -> r.cls().equals(ref.cls()));
    return p.withHeld(held).withReleased(released).withUncertain(uncertain);
  }

  static Path release(Path p, LockRef ref, String tpl, LockKind kind, LockMode mode, Span at) {
    List<Held> held = new ArrayList<>(p.held());
    int i = find(held, ref);
    boolean untaken;
    List<LockRef> uncertain = p.uncertain();
    if (i >= 0) {
      untaken = held.get(i).atEntry();
      held.remove(i);
    } else if (p.uncertain().stream().anyMatch(r -> r.cls().equals(ref.cls()))) {
      untaken = false;
      uncertain = new ArrayList<>(p.uncertain());
      uncertain.removeIf(r -> r.cls().equals(ref.cls()));
    } else {
      untaken = true;
    }
    List<Released> released = new ArrayList<>(p.released());
    released.removeIf(r -> r.lock().cls().equals(ref.cls()) && r.lock().expr().equals(ref.expr()));
    if (released.size() < LockState.MAX_STACK) released.add(new Released(ref, tpl, kind, mode, at, untaken));
    return p.withHeld(held).withReleased(released).withUncertain(uncertain);
  }

  /** The held entry a release of {@code ref} drops: same expression first, else the latest of its class. */
  static int find(List<Held> held, LockRef ref) {
    for (int i = held.size() - 1; i >= 0; i--) {
      if (held.get(i).cls().equals(ref.cls()) && held.get(i).lock().lock().expr().equals(ref.expr())) return i;
    }
    for (int i = held.size() - 1; i >= 0; i--) if (held.get(i).cls().equals(ref.cls())) return i;
    return -1;
  }

  static Path contexts(Path p, List<ContextKind> enter, List<ContextKind> exit, Span at, String by) {
    if (enter.isEmpty() && exit.isEmpty()) return p;
    List<ContextEntry> ctx = new ArrayList<>(p.contexts());
    for (ContextKind k : exit) {
      for (int i = ctx.size() - 1; i >= 0; i--) {
        if (ctx.get(i).kind() == k) {
          ctx.remove(i);
          break;
        }
      }
    }
    for (ContextKind k : enter) if (ctx.size() < LockState.MAX_STACK) ctx.add(new ContextEntry(k, at, by));
    return p.withContexts(ctx);
  }

  // ---- variable facts -----------------------------------------------------------------------------

  /**
   * Once a lock is dropped other threads may change the memory it protects, taken to be the structure that
   * contains it: releasing {@code q->lock} forgets facts about {@code q->inflight}. Without this,
   * "while (q->busy) { unlock; wait; lock; }" never left its loop, as if q->busy could not change. Fields of
   * other structures keep their facts (a flag of the request tested around a device mutex).
   */
  private Path forgetGuardedFields(Path p, String lockExpr) {
    if (p.vars().isEmpty() && p.links().isEmpty()) return p;
    String lock = key(lockExpr);
    int cut = Math.max(lock.lastIndexOf("->"), lock.lastIndexOf('.'));
    if (cut <= 0) return p;
    String base = lock.substring(0, cut);
    Map<String, Value> vars = null;
    Map<String, Link> links = null;
    List<String> kept = lockPointers();
    for (String k : p.vars().keySet()) {
      if (under(k, base) && !kept.contains(k)) {
        if (vars == null) vars = new HashMap<>(p.vars());
        vars.remove(k);
      }
    }
    for (Map.Entry<String, Link> e : p.links().entrySet()) {
      if (under(e.getKey(), base) && !kept.contains(e.getKey())
          || under(e.getValue().target(), base) && !kept.contains(e.getValue().target())) {
        if (links == null) links = new HashMap<>(p.links());
        links.remove(e.getKey());
      }
    }
    if (vars == null && links == null) return p;
    return p.withVars(vars == null ? p.vars() : vars, links == null ? p.links() : links);
  }

  static String key(String lvalue) {
    return LockResolver.normalise(lvalue);
  }

  /** A call may change its result, anything whose address it is passed, and fields reachable from its arguments. */
  private Path killForCall(Path p, Stmt.Call call) {
    if (p.vars().isEmpty() && p.links().isEmpty()) return p;
    List<String> roots = new ArrayList<>();
    call.result().ifPresent(r -> roots.add(key(r)));
    List<String> fieldRoots = new ArrayList<>();
    for (Expr a : call.args()) {
      Expr s = a;
      while (s instanceof Expr.Unary u && u.op().startsWith("(")) s = u.operand();
      if (s instanceof Expr.Unary u && u.op().equals("&")) roots.add(key(u.operand().text()));
      else if (s instanceof Expr.Name n) fieldRoots.add(n.id());
      else if (s instanceof Expr.Member m) fieldRoots.add(key(m.text()));
    }
    return kill(p, roots, fieldRoots, lockPointers());
  }

  private List<String> lockPointers;

  /**
   * The expressions this function passes to lock APIs as the lock itself ({@code divider->lock} in
   * {@code spin_lock_irqsave(divider->lock, flags)}). Facts about them survive calls that are passed the
   * structure: code that tests a lock pointer, locks through it, calls helpers and tests it again to unlock
   * relies on the pointer staying put ("if (d->lock) spin_lock(d->lock); ...; if (d->lock) spin_unlock(d->lock)").
   */
  private List<String> lockPointers() {
    List<String> l = lockPointers;
    if (l == null) {
      java.util.Set<String> out = new java.util.TreeSet<>();
      for (Node n : fn.cfg().nodes()) {
        if (n.stmt() instanceof Stmt.Call c && c.callee() instanceof faultline.ir.Callee.Direct d
            && apis.lock(apis.apiName(d.name(), c.viaMacro())).isPresent()) {
          LockApi api = apis.lock(apis.apiName(d.name(), c.viaMacro())).get();
          int at = api.argIndex();
          if (api.field().isEmpty() && at >= 0 && at < c.args().size()) {
            Expr arg = LockResolver.strip(c.args().get(at));
            if (!(arg instanceof Expr.Unary u && u.op().equals("&"))) out.add(key(arg.text()));
          }
        }
      }
      l = List.copyOf(out);
      lockPointers = l;
    }
    return l;
  }

  private static Path kill(Path p, List<String> roots, List<String> fieldRoots) {
    return kill(p, roots, fieldRoots, List.of());
  }

  private static Path kill(Path p, List<String> roots, List<String> fieldRoots, List<String> kept) {
    Map<String, Value> vars = null;
    Map<String, Link> links = null;
    for (String k : p.vars().keySet()) {
      if (killed(k, roots, fieldRoots) && !(kept.contains(k) && !roots.contains(k))) {
        if (vars == null) vars = new HashMap<>(p.vars());
        vars.remove(k);
      }
    }
    for (Map.Entry<String, Link> e : p.links().entrySet()) {
      String k = e.getKey();
      String t = e.getValue().target();
      if (killed(k, roots, fieldRoots) && !(kept.contains(k) && !roots.contains(k))
          || killed(t, roots, fieldRoots) && !(kept.contains(t) && !roots.contains(t))) {
        if (links == null) links = new HashMap<>(p.links());
        links.remove(e.getKey());
      }
    }
    if (vars == null && links == null) return p;
    return p.withVars(vars == null ? p.vars() : vars, links == null ? p.links() : links);
  }

  private static boolean killed(String k, List<String> roots, List<String> fieldRoots) {
    // Indexed: asked for every variable of every path at each call, where an iterator per loop was garbage.
    for (int i = 0; i < roots.size(); i++) {
      String r = roots.get(i);
      if (k.equals(r) || under(k, r)) return true;
    }
    for (int i = 0; i < fieldRoots.size(); i++) if (under(k, fieldRoots.get(i))) return true;
    return false;
  }

  private static boolean under(String k, String root) {
    return k.length() > root.length() && k.startsWith(root)
        && (k.startsWith("->", root.length()) || k.charAt(root.length()) == '.' || k.charAt(root.length()) == '[');
  }

  private static Path setValue(Path p, String var, Value v) {
    Map<String, Value> vars = new HashMap<>(p.vars());
    if (v.signs() == Value.ANY && v.exact().isEmpty()) vars.remove(var);
    else vars.put(var, v);
    Map<String, Link> links = p.links();
    if (links.containsKey(var)) {
      links = new HashMap<>(links);
      links.remove(var);
    }
    return p.withVars(vars, links);
  }

  private static Path setLink(Path p, String var, Link link) {
    Path q = setValue(p, var, Value.of(Value.ANY));
    Map<String, Link> links = new HashMap<>(q.links());
    links.put(var, link);
    return q.withVars(q.vars(), links);
  }

  private Path assign(Path p0, Stmt.Assign a) {
    String target = key(a.target());
    Value v = valueOf(p0, a.value());
    Optional<Link> link = linkOf(p0, a.value());
    Path p = kill(p0, List.of(target), List.of());
    if (link.isPresent()) return setLink(p, target, link.get());
    return setValue(p, target, v);
  }

  /** What is known of an expression's value on a path. */
  private Value valueOf(Path p, Expr e) {
    Expr s = e;
    while (s instanceof Expr.Unary u && u.op().startsWith("(")) s = u.operand();
    OptionalLong lit = literal(s);
    if (lit.isPresent()) return Value.exactly(lit.getAsLong());
    if (s instanceof Expr.Name n && (n.id().equals("NULL") || n.id().equals("false"))) return Value.exactly(0);
    if (s instanceof Expr.Name n && n.id().equals("true")) return Value.exactly(1);
    if (s instanceof Expr.Unary u && u.op().equals("-")) {
      Value inner = valueOf(p, u.operand());
      if (inner.exact().isPresent()) return Value.exactly(-inner.exact().getAsLong());
      // -ENOMEM, -EINVAL: error codes are positive constants, so negated they are negative.
      if (u.operand() instanceof Expr.Name n && ERRNO.matcher(n.id()).matches()) return Value.of(Value.NEG);
      return Value.of(Value.ANY);
    }
    if (s instanceof Expr.Unary u && u.op().equals("&")) return Value.of(Value.POS);
    if (s instanceof Expr.Name || s instanceof Expr.Member) return p.value(key(s.text()));
    return Value.of(Value.ANY);
  }

  /** {@code t = !x}, {@code t = x == NULL}, {@code t = $r} where $r is linked: the truth of t tells about x. */
  private Optional<Link> linkOf(Path p, Expr e) {
    Expr s = e;
    while (s instanceof Expr.Unary u && u.op().startsWith("(")) s = u.operand();
    if (s instanceof Expr.Name || s instanceof Expr.Member) return Optional.ofNullable(p.links().get(key(s.text())));
    return Optional.empty();
  }

  private static OptionalLong literal(Expr e) {
    return e instanceof Expr.Literal l ? CLiterals.integerValue(l.text()) : OptionalLong.empty();
  }

  // ---- branches -----------------------------------------------------------------------------------

  @Override public LockState onEdge(Node node, Edge edge, LockState out) {
    if (!(node.stmt() instanceof Stmt.Branch b) || edge.kind() == EdgeKind.NEXT || out.isUnreachable()) return out;
    boolean truth = edge.kind() == EdgeKind.TRUE;
    List<Path> kept = new ArrayList<>(out.paths().size());
    boolean same = true;
    for (Path p : out.paths()) {
      Optional<Path> r = refine(p, b.cond(), truth, 0);
      if (r.isEmpty() || r.get() != p) same = false;
      r.ifPresent(kept::add);
    }
    return same ? out : LockState.of(kept);
  }

  /** {@code p} where {@code cond} evaluates to {@code truth}; empty when that cannot happen on this path. */
  private Optional<Path> refine(Path p, Expr cond, boolean truth, int depth) {
    if (depth > 8) return Optional.of(p);
    Expr c = cond;
    while (c instanceof Expr.Unary u && u.op().startsWith("(")) c = u.operand();
    if (c instanceof Expr.Unary u && u.op().equals("!")) return refine(p, u.operand(), !truth, depth + 1);
    if (c instanceof Expr.Name || c instanceof Expr.Member) {
      String k = key(c.text());
      OptionalLong lit = literal(c);
      Optional<Path> q = constrain(p, k, truth ? Value.NONZERO : Value.ZERO, OptionalLong.empty());
      if (q.isEmpty()) return q;
      Link link = q.get().links().get(k);
      if (link != null) return constrain(q.get(), link.target(), truth ? link.signsWhenTrue() : link.signsWhenFalse(), lit);
      return q;
    }
    if (c instanceof Expr.Literal) {
      OptionalLong lit = literal(c);
      if (lit.isPresent() && (lit.getAsLong() != 0) != truth) return Optional.empty();
      return Optional.of(p);
    }
    if (c instanceof Expr.Binary b) {
      Expr l = b.left();
      Expr r = b.right();
      String op = b.op();
      Value rv = valueOf(p, r);
      Value lv = valueOf(p, l);
      boolean rConst = isConstant(r);
      boolean lConst = isConstant(l);
      if (lConst && !rConst) {
        Expr t = l;
        l = r;
        r = t;
        Value tv = lv;
        lv = rv;
        rv = tv;
        op = switch (op) {
          case "<" -> ">";
          case ">" -> "<";
          case "<=" -> ">=";
          case ">=" -> "<=";
          default -> op;
        };
        rConst = true;
      }
      if (!rConst || !(stripCasts(l) instanceof Expr.Name || stripCasts(l) instanceof Expr.Member)) return Optional.of(p);
      String k = key(stripCasts(l).text());
      switch (op) {
        case "==", "!=" -> {
          boolean eq = op.equals("==") == truth;
          if (eq) return constrain(p, k, rv.signs(), rv.exact());
          if (rv.exact().isPresent()) {
            if (lv.exact().isPresent() && lv.exact().getAsLong() == rv.exact().getAsLong()) return Optional.empty();
            if (rv.exact().getAsLong() == 0) return constrain(p, k, Value.NONZERO, OptionalLong.empty());
          }
          return Optional.of(p);
        }
        case "<", ">", "<=", ">=" -> {
          if (rv.exact().isEmpty() || rv.exact().getAsLong() != 0) return Optional.of(p);
          int signs = switch (op) {
            case "<" -> truth ? Value.NEG : Value.ZERO | Value.POS;
            case ">" -> truth ? Value.POS : Value.ZERO | Value.NEG;
            case "<=" -> truth ? Value.ZERO | Value.NEG : Value.POS;
            default -> truth ? Value.ZERO | Value.POS : Value.NEG;
          };
          return constrain(p, k, signs, OptionalLong.empty());
        }
        default -> {
          return Optional.of(p);
        }
      }
    }
    return Optional.of(p);
  }

  private static Expr stripCasts(Expr e) {
    Expr s = e;
    while (s instanceof Expr.Unary u && u.op().startsWith("(")) s = u.operand();
    return s;
  }

  private boolean isConstant(Expr e) {
    Expr s = stripCasts(e);
    if (s instanceof Expr.Literal) return literal(s).isPresent();
    if (s instanceof Expr.Name n) return n.id().equals("NULL") || n.id().equals("true") || n.id().equals("false");
    if (s instanceof Expr.Unary u && u.op().equals("-")) return isConstant(u.operand())
        || (u.operand() instanceof Expr.Name n && ERRNO.matcher(n.id()).matches());
    return false;
  }

  private static Optional<Path> constrain(Path p, String var, int signs, OptionalLong exact) {
    Value old = p.value(var);
    Value v = old.meet(new Value(signs, exact));
    if (v.empty()) return Optional.empty();
    if (v.equals(old)) return Optional.of(p);
    Map<String, Value> vars = new HashMap<>(p.vars());
    vars.put(var, v);
    return Optional.of(p.withVars(vars, p.links()));
  }
}

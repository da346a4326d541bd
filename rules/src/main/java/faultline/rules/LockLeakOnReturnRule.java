package faultline.rules;

import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.lock.HeldLock;
import faultline.lock.LockRef;
import faultline.lock.PathState;
import faultline.rule.Finding;
import faultline.rule.Maturity;
import faultline.rule.Rule;
import faultline.rule.RuleContext;
import faultline.rule.RuleInfo;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Smatch's "inconsistent returns": some return paths still hold a lock that other return paths released, so
 * the next caller to take it hangs (seed 002: the DAX get_block error return, the page flag reassigned between
 * lock and unlock). Conditional-lock helpers are legitimate and common, so a return holding the lock is left
 * alone when the function is annotated {@code __acquires}/{@code __cond_acquires}, when it holds the lock on
 * every return, or when its value tells the caller which case it is in ({@code return 0} holding against
 * {@code return -EBUSY} released, VM_FAULT_LOCKED, a pointer against NULL). An error return that holds the lock
 * is reported whatever the other paths return: callers do not unlock on failure.
 */
@RuleInfo(id = "lock-leak-on-return", name = "Lock still held on some return paths but released on others",
    severity = Severity.ERROR, cwe = {667, 764}, tags = {"deadlock", "concurrency", "lock-leak"}, precision = "high",
    maturity = Maturity.EXPERIMENTAL)  // drivers/ triage: 1 of 15 sampled findings true (testdata/triage/drivers-6.12.md)
public final class LockLeakOnReturnRule implements Rule {

  /** Everything known about one lock at the function's returns. */
  private static final class AtReturns {
    final Map<Node, HeldLock> heldAt = new LinkedHashMap<>();
    final List<Optional<Expr>> releasedValues = new ArrayList<>();
    HeldLock heldAtFallOff;
  }

  @Override public void check(Function fn, RuleContext ctx) {
    Map<String, AtReturns> locks = new LinkedHashMap<>();
    for (Node node : fn.cfg().nodes()) {
      if (!(node.stmt() instanceof Stmt.Return ret)) continue;
      for (PathState state : ctx.statesAt(fn, node)) {
        for (HeldLock h : state.held()) locks.computeIfAbsent(key(h.lock()), k -> new AtReturns()).heldAt.putIfAbsent(node, h);
        for (LockRef r : state.released()) locks.computeIfAbsent(key(r), k -> new AtReturns()).releasedValues.add(ret.value());
      }
    }
    // Paths that fall off the end of a void function reach the exit without a return statement.
    Node exit = fn.cfg().node(fn.cfg().exit());
    for (PathState state : ctx.statesAt(fn, exit)) {
      for (HeldLock h : state.held()) {
        AtReturns a = locks.computeIfAbsent(key(h.lock()), k -> new AtReturns());
        if (a.heldAt.isEmpty() && a.heldAtFallOff == null) a.heldAtFallOff = h;
      }
      for (LockRef r : state.released()) {
        AtReturns a = locks.computeIfAbsent(key(r), k -> new AtReturns());
        if (a.releasedValues.isEmpty()) a.releasedValues.add(Optional.empty());
      }
    }
    for (AtReturns a : locks.values()) {
      if (a.releasedValues.isEmpty()) continue;   // held on every return: a lock helper, not a leak
      for (Map.Entry<Node, HeldLock> e : a.heldAt.entrySet()) {
        HeldLock held = e.getValue();
        if (annotatedAsAcquiring(fn, held.lock())) continue;
        Optional<Expr> value = ((Stmt.Return) e.getKey().stmt()).value();
        if (!ReturnValues.isError(value, fn) && distinguishable(value, a.releasedValues, fn)) continue;
        report(ctx, fn, e.getKey().stmt().at(), value, held, false);
      }
      if (a.heldAtFallOff != null && !annotatedAsAcquiring(fn, a.heldAtFallOff.lock())) {
        report(ctx, fn, exit.stmt().at(), Optional.empty(), a.heldAtFallOff, true);
      }
    }
  }

  private static String key(LockRef ref) {
    return ref.cls().id() + "|" + LockText.expr(ref);
  }

  private static boolean annotatedAsAcquiring(Function fn, LockRef lock) {
    for (LockAnnotation a : fn.annotations()) {
      if (a.kind() != LockAnnotation.Kind.ACQUIRES && a.kind() != LockAnnotation.Kind.COND_ACQUIRES) continue;
      String annotated = LockText.normalise(a.lock().text());
      String expr = LockText.expr(lock);
      if (annotated.equals(expr) || lastField(annotated).equals(lastField(expr))) return true;
    }
    return false;
  }

  private static String lastField(String expr) {
    int i = Math.max(expr.lastIndexOf("->"), expr.lastIndexOf('.'));
    return i < 0 ? expr : expr.substring(i + (expr.startsWith("->", i) ? 2 : 1));
  }

  /** Can the caller tell from the value alone that this return still holds the lock? */
  private static boolean distinguishable(Optional<Expr> held, List<Optional<Expr>> released, Function fn) {
    if (ReturnValues.isConstant(held)) {
      String text = ReturnValues.text(held);
      return released.stream().noneMatch(r -> ReturnValues.isConstant(r) && ReturnValues.text(r).equals(text));
    }
    return held.isPresent() && ReturnValues.returnsPointer(fn) && !ReturnValues.isNullOrError(held, fn)
        && released.stream().allMatch(r -> ReturnValues.isNullOrError(r, fn));
  }

  private static void report(RuleContext ctx, Function fn, Span at, Optional<Expr> value, HeldLock held,
      boolean fallsOff) {
    String how = fallsOff ? "falls off the end of " + fn.name() + "()"
        : value.map(v -> "returns " + v.text()).orElse("returns");
    String message = how + " while still holding " + LockText.lock(held) + ", which other return paths release";
    List<Step> steps = new ArrayList<>(TraceSteps.acquisition(held));
    steps.add(TraceSteps.at(StepKind.RETURN, at, "returns with '" + LockText.expr(held.lock()) + "' still held"));
    ctx.report(Finding.at(at, message)
        .function(fn.name())
        .lockClass(held.lock().cls().id())
        .trace("'" + LockText.expr(held.lock()) + "' taken and not released on this path", steps)
        .fix("Release '" + LockText.expr(held.lock()) + "' before this return (jump to the unlock label)"));
  }
}

package faultline.rules;

import faultline.ir.Callee;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Stmt;
import faultline.lock.FunctionSummary;
import faultline.lock.HeldLock;
import faultline.lock.LockClass;
import faultline.lock.LockKind;
import faultline.lock.LockMode;
import faultline.lock.LockOp;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Taking a lock class that the path already holds: a mutex or spinlock twice is an immediate self-deadlock, an
 * rwsem read twice deadlocks once a writer queues between the two (writer fairness). Directly, through a helper
 * that returns holding the lock, or through a callee that takes it. The *_nested() forms on different instances
 * are lockdep's way of saying "parent then child" and are left alone; rwlock readers may recurse and are too.
 * Through a callee the lock must be the same instance (after substituting the call's arguments) or a global:
 * a callee taking another object's lock of the same class is usually a nested form we cannot see.
 */
@RuleInfo(id = "double-lock", name = "Lock acquired while already held",
    severity = Severity.ERROR, cwe = {764, 833}, tags = {"deadlock", "concurrency", "self-deadlock"},
    precision = "high",
    maturity = Maturity.EXPERIMENTAL)  // drivers/ triage: 1 of 15 sampled findings true (testdata/triage/drivers-6.12.md)
public final class DoubleLockRule implements Rule {

  private static final Pattern PARAM = Pattern.compile("\\$(\\d+)");

  @Override public void check(Function fn, RuleContext ctx) {
    for (Node node : fn.cfg().nodes()) {
      // Both checks need a lock held on some path. Cheap test first: most nodes of a kernel hold nothing, and
      // asking every node whether it is a lock operation made this rule a fifth of the function pass (JFR).
      if (FaultingCalls.holdsNothing(ctx.statesAt(fn, node))) continue;
      Optional<LockOp> op = ctx.lockOpAt(fn, node);
      if (op.isPresent()) {
        if (blocks(ctx, fn, node, op.get())) checkAcquisition(ctx, fn, node, op.get());
        continue;
      }
      if (node.stmt() instanceof Stmt.Call call && call.callee() instanceof Callee.Direct) {
        for (Function callee : ctx.callees(fn, node)) checkCallee(ctx, fn, node, call, callee);
      }
    }
  }

  /** Blocking acquisitions only: a plain trylock on a held lock just fails; the interruptible forms sleep. */
  private static boolean blocks(RuleContext ctx, Function fn, Node node, LockOp op) {
    return op.effect() == LockOp.Effect.ACQUIRE
        || op.effect() == LockOp.Effect.TRY_ACQUIRE && ctx.sleepWitness(fn, node).isPresent();
  }

  private static void checkAcquisition(RuleContext ctx, Function fn, Node node, LockOp op) {
    for (PathState state : ctx.statesAt(fn, node)) {
      for (HeldLock held : state.held()) {
        if (!held.lock().cls().equals(op.lock().cls())) continue;
        boolean same = LockText.sameInstance(held.lock(), op.lock());
        if ((op.nested() || held.nested()) && !same) continue;
        if (!conflicts(held.kind(), held.mode(), op.mode())) continue;
        List<Step> steps = new ArrayList<>(TraceSteps.acquisition(held));
        if (op.viaCallee() && !op.chain().isEmpty()) steps.addAll(op.chain());
        else steps.add(TraceSteps.at(StepKind.ACQUIRE, node.stmt().at(), "taken again here"));
        report(ctx, fn, node, held, op.lock(), op.kind(), op.mode(), same, LockText.call(node) + " takes", steps);
        return;
      }
    }
  }

  private static void checkCallee(RuleContext ctx, Function fn, Node node, Stmt.Call call, Function callee) {
    FunctionSummary summary = ctx.summary(callee);
    if (summary.acquires().isEmpty()) return;
    List<PathState> states = ctx.statesAt(fn, node);
    for (FunctionSummary.Acquisition a : summary.acquires()) {
      if (a.trylock()) continue;
      // Substituting the arguments costs more than the rest: only when some path holds a lock of this class.
      if (!holdsClass(states, a.lock().cls())) continue;
      LockRef taken = new LockRef(a.lock().cls(), substitute(a.lock().expr(), call.args()));
      // The callee expects this lock held and takes it back after dropping it ("unlock; wait; lock").
      if (summary.expectsHeld().stream().anyMatch(e -> LockText.sameInstance(
          new LockRef(e.cls(), substitute(e.expr(), call.args())), taken))) continue;
      for (PathState state : states) {
        for (HeldLock held : state.held()) {
          if (!held.lock().cls().equals(taken.cls())) continue;
          boolean same = LockText.sameInstance(held.lock(), taken);
          if (!same && held.lock().cls().resolution() != LockClass.Resolution.GLOBAL) continue;
          if (held.nested() && !same) continue;
          if (!conflicts(held.kind(), held.mode(), a.mode())) continue;
          List<Step> steps = new ArrayList<>(TraceSteps.acquisition(held));
          steps.add(TraceSteps.at(StepKind.CALL, node.stmt().at(), "calls " + callee.name() + "()"));
          steps.addAll(TraceSteps.below(a.witness()));
          report(ctx, fn, node, held, taken, a.kind(), a.mode(), same, LockText.call(node) + " takes", steps);
          return;
        }
      }
    }
  }

  private static boolean holdsClass(List<PathState> states, LockClass cls) {
    // Indexed: asked for each lock every direct callee takes, at every call; iterators there were garbage.
    for (int i = 0; i < states.size(); i++) {
      List<HeldLock> held = states.get(i).held();
      for (int k = 0; k < held.size(); k++) if (held.get(k).lock().cls().equals(cls)) return true;
    }
    return false;
  }

  /** Exclusive on either side deadlocks; read-read only on an rwsem (fair to writers), never on an rwlock. */
  private static boolean conflicts(LockKind kind, LockMode heldMode, LockMode wantedMode) {
    if (heldMode == LockMode.EXCLUSIVE || wantedMode == LockMode.EXCLUSIVE) return true;
    return kind == LockKind.RWSEM;
  }

  /**
   * "$0->lock" in the callee's terms becomes "dev->lock" with the caller's first argument "dev", and "rb.lock"
   * when the caller passed "&rb".
   */
  static String substitute(String expr, List<Expr> args) {
    if (expr.indexOf('$') < 0) return expr;
    Matcher m = PARAM.matcher(expr);
    StringBuilder out = new StringBuilder();
    int pos = 0;
    while (m.find()) {
      out.append(expr, pos, m.start());
      pos = m.end();
      int i = Integer.parseInt(m.group(1));
      if (i >= args.size()) {
        out.append(m.group());
        continue;
      }
      String arg = args.get(i).text().replace(" ", "");
      if (arg.startsWith("&") && expr.startsWith("->", pos)) {
        out.append(LockText.normalise(arg)).append('.');
        pos += 2;
      } else {
        out.append(arg);
      }
    }
    return out.append(expr.substring(pos)).toString();
  }

  private static void report(RuleContext ctx, Function fn, Node node, HeldLock held, LockRef taken, LockKind kind,
      LockMode mode, boolean same, String verb, List<Step> steps) {
    boolean readRead = held.mode() == LockMode.SHARED && mode == LockMode.SHARED;
    String message;
    if (readRead) {
      message = verb + " " + LockText.lock(taken, kind) + " for read while already holding it for read,"
          + " which deadlocks if a writer queues in between";
    } else if (same) {
      message = verb + " " + LockText.lock(taken, kind) + LockText.modeSuffix(kind, mode) + " which is already held";
    } else {
      message = verb + " " + LockText.lock(taken, kind) + " while '" + LockText.expr(held.lock())
          + "' of the same class is held, a self-deadlock if both name the same lock";
    }
    ctx.report(Finding.at(node.stmt().at(), message)
        .function(fn.name())
        .lockClass(taken.cls().id())
        .trace("'" + LockText.expr(held.lock()) + "' held, then taken again", steps)
        .fix(same || readRead
            ? "Drop the second acquisition of '" + LockText.expr(taken) + "' or release it first"
            : "If the two locks are distinct, annotate the inner one with the *_nested() form; otherwise drop the second acquisition"));
  }
}

package faultline.rules;

import faultline.ir.Callee;
import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Stmt;
import faultline.lock.FunctionSummary;
import faultline.lock.HeldLock;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A lock held across a call through a function pointer: an ops table method, a registered callback or a
 * get_block-style parameter. The caller cannot see what the callee takes, so every implementation must know the
 * caller's locks (seed 002 point 7: get_block() under i_mmap_rwsem; seed 004: mirror->ops->release() under
 * mirrors_sem). Reported even when every implementation visible today is harmless: seed 004's release() was empty
 * in every driver when the lock was put around it, and the next implementation is written by someone who cannot
 * see the caller. The message says so, and names what a target does when one takes a lock, sleeps or faults.
 */
@RuleInfo(id = "lock-held-across-callback", name = "Lock held across an indirect call to a callback",
    severity = Severity.WARNING, cwe = {667, 833}, tags = {"deadlock", "concurrency", "callback"},
    precision = "medium",
    maturity = Maturity.EXPERIMENTAL)  // drivers/ triage: reports are accurate but rarely defects (testdata/triage/drivers-6.12.md)
public final class LockHeldAcrossCallbackRule implements Rule {

  @Override public void check(Function fn, RuleContext ctx) {
    for (Node node : fn.cfg().nodes()) {
      if (!(node.stmt() instanceof Stmt.Call call) || !(call.callee() instanceof Callee.Indirect indirect)) continue;
      if (ctx.lockOpAt(fn, node).isPresent()) continue;
      Map<String, HeldLock> held = new LinkedHashMap<>();
      for (PathState state : ctx.statesAt(fn, node)) {
        for (HeldLock h : state.held()) held.putIfAbsent(h.lock().cls().id() + "|" + LockText.expr(h.lock()), h);
      }
      if (held.isEmpty()) continue;
      List<String> targets = ctx.callTargets(fn, node);
      Optional<List<Step>> why = Optional.empty();
      boolean allHarmless = !targets.isEmpty();
      // In the order the message lists them, so the witness follows the first target named that does something.
      List<Function> callees = ctx.callees(fn, node).stream()
          .sorted(java.util.Comparator.comparing(Function::name).thenComparing(Function::qualifiedName)).toList();
      for (Function t : callees) {
        Optional<List<Step>> w = whatItDoes(ctx.summary(t));
        if (w.isPresent()) {
          allHarmless = false;
          if (why.isEmpty()) why = w;
        }
      }
      report(ctx, fn, node, indirect, new ArrayList<>(held.values()), targets, why, allHarmless);
    }
  }

  /** The first thing a callback does that matters under a lock: take a lock, sleep or fault; empty when none. */
  private static Optional<List<Step>> whatItDoes(FunctionSummary s) {
    if (!s.acquires().isEmpty()) return Optional.of(s.acquires().get(0).witness());
    if (s.maySleep().isPresent()) return s.maySleep();
    return s.mayFault();
  }

  private static void report(RuleContext ctx, Function fn, Node node, Callee.Indirect callee, List<HeldLock> held,
      List<String> targets, Optional<List<Step>> why, boolean allHarmless) {
    HeldLock outer = held.get(0);
    String callText = callee.expr() + "()";
    String reach = targets.isEmpty()
        ? callee.via() == Callee.Via.PARAMETER ? ", and any function passed as '" + callee.target() + "' runs under it" : ""
        : ", and can reach " + names(targets) + (!allHarmless ? ""
            : targets.size() == 1 ? " (which takes no lock and does not sleep today)"
            : " (none of which takes a lock or sleeps today)");
    String message = "callback " + callText + " is called while " + LockText.lock(outer) + " is held"
        + LockText.modeSuffix(outer.kind(), outer.mode()) + reach;
    List<Step> steps = new ArrayList<>(TraceSteps.acquisition(outer));
    steps.add(TraceSteps.at(StepKind.CALLBACK, node.stmt().at(), "calls " + callText
        + (targets.isEmpty() ? " (targets unknown)" : " (" + names(targets) + ")")));
    why.ifPresent(w -> steps.addAll(TraceSteps.below(w)));
    Finding.Builder finding = Finding.at(node.stmt().at(), message)
        .function(fn.name())
        .trace("'" + LockText.expr(outer.lock()) + "' held across " + callText, steps)
        .fix("Call " + callText + " after dropping '" + LockText.expr(outer.lock())
            + "' (collect the work under the lock, run the callback outside it)");
    held.forEach(h -> finding.lockClass(h.lock().cls().id()));
    ctx.report(finding);
  }

  private static String names(List<String> targets) {
    List<String> shown = targets.stream().limit(3).map(t -> t.substring(t.lastIndexOf(':') + 1) + "()").toList();
    String list = String.join(", ", shown);
    return targets.size() > 3 ? list + " and " + (targets.size() - 3) + " more" : list;
  }
}

package faultline.rules;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.HeldLock;
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
import java.util.List;
import java.util.Optional;

/**
 * A release reached on some path where the lock is not held, while other paths reaching the same release do
 * hold it: the unlock is conditional on something the lock was not (seed 002 point 4, the DAX "else" path that
 * calls i_mmap_unlock_write() without ever taking it). Unlocking an rwsem or mutex that is not held corrupts
 * its count and hangs the next locker. A function that only releases a lock its caller took is never reported:
 * no path through it holds the lock at the release, so there is nothing to compare with.
 */
@RuleInfo(id = "unlock-not-held", name = "Lock released on a path where it is not held",
    severity = Severity.ERROR, cwe = {765, 667}, tags = {"deadlock", "concurrency", "unbalanced-lock"},
    precision = "high",
    maturity = Maturity.EXPERIMENTAL)  // drivers/ triage: 0 of 15 sampled findings true (testdata/triage/drivers-6.12.md)
public final class UnlockNotHeldRule implements Rule {

  @Override public void check(Function fn, RuleContext ctx) {
    for (Node node : fn.cfg().nodes()) {
      Optional<LockOp> op = ctx.lockOpAt(fn, node);
      if (op.isEmpty() || op.get().effect() != LockOp.Effect.RELEASE) continue;
      LockRef lock = op.get().lock();
      HeldLock heldElsewhere = null;
      boolean heldByThisFunction = false;
      boolean alreadyReleased = false;
      boolean neverTaken = false;
      for (PathState state : ctx.statesAt(fn, node)) {
        Optional<HeldLock> held = state.held().stream().filter(h -> LockText.sameInstance(h.lock(), lock)).findFirst();
        if (held.isPresent()) {
          if (heldElsewhere == null) heldElsewhere = held.get();
          if (state.callersHeld().stream().noneMatch(c -> LockText.sameInstance(c, lock))) heldByThisFunction = true;
          continue;
        }
        // A merge lost track of the lock on this path: say nothing rather than guess.
        if (state.uncertain().stream().anyMatch(u -> LockText.sameInstance(u, lock))) continue;
        if (state.released().stream().anyMatch(r -> LockText.sameInstance(r, lock))) alreadyReleased = true;
        else neverTaken = true;
      }
      // Held elsewhere only as the caller's lock (a loop that drops and re-takes it): a path that never took
      // it is the first iteration, where the caller's hold is what this release drops.
      if (!heldByThisFunction) neverTaken = false;
      if (heldElsewhere == null || !(alreadyReleased || neverTaken)) continue;
      report(ctx, fn, node, op.get(), heldElsewhere, alreadyReleased);
    }
  }

  private static void report(RuleContext ctx, Function fn, Node node, LockOp op, HeldLock heldElsewhere,
      boolean alreadyReleased) {
    String call = LockText.call(node);
    String state = alreadyReleased ? "it was already released" : "it was never taken";
    String message = call + " releases " + LockText.lock(op.lock(), op.kind()) + " on a path where " + state
        + ", although other paths reaching it hold it";
    List<Step> steps = new ArrayList<>(TraceSteps.acquisition(heldElsewhere));
    steps.add(TraceSteps.at(StepKind.RELEASE, node.stmt().at(),
        "released here; on another path " + state));
    ctx.report(Finding.at(node.stmt().at(), message)
        .function(fn.name())
        .lockClass(op.lock().cls().id())
        .trace("'" + LockText.expr(op.lock()) + "' released on a path that does not hold it", steps)
        .fix("Release '" + LockText.expr(op.lock())
            + "' only on the paths that took it (test the same condition, or restructure so lock and unlock pair up)"));
  }
}

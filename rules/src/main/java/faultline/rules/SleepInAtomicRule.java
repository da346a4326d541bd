package faultline.rules;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.lock.ContextEntry;
import faultline.lock.ContextKind;
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
import java.util.List;
import java.util.Optional;

/**
 * A call that may sleep (a sleeping lock, a GFP_KERNEL allocation, msleep(), a user access...) directly or
 * through callees, in atomic context: under a spinlock or rwlock, with interrupts, bottom halves or preemption
 * disabled, or inside an RCU read-side critical section. Scheduling there is "BUG: sleeping function called
 * from invalid context" at best and a deadlock or a freed RCU object at worst. Disabled page faults alone do not
 * make the context atomic.
 */
@RuleInfo(id = "sleep-in-atomic", name = "Call that may sleep in atomic context",
    severity = Severity.ERROR, cwe = {667, 833}, tags = {"deadlock", "concurrency", "atomic-context"},
    precision = "high",
    maturity = Maturity.EXPERIMENTAL)  // drivers/ triage: 2 of 15 sampled findings true (testdata/triage/drivers-6.12.md)
public final class SleepInAtomicRule implements Rule {

  @Override public void check(Function fn, RuleContext ctx) {
    for (Node node : fn.cfg().nodes()) {
      if (!(node.stmt() instanceof Stmt.Call)) continue;
      List<PathState> states = ctx.statesAt(fn, node);
      // Cheap test first: most calls run with no lock held and no atomic context.
      if (nothingHeldOrEntered(states)) continue;
      Optional<List<Step>> sleep = ctx.sleepWitness(fn, node);
      if (sleep.isEmpty()) continue;
      Optional<List<Step>> fault = ctx.faultWitness(fn, node);
      List<LockRef> dropped = ctx.droppedBeforeSleep(fn, node);
      for (PathState state : states) {
        // With page faults disabled a user access fails fast instead of sleeping in the fault handler.
        if (state.faultsDisabled() && fault.isPresent() && sameEnd(fault.get(), sleep.get())) continue;
        // A callee that drops the caller's spinlock before it sleeps ("unlock; wait; lock") sleeps outside it,
        // and outside the interrupts-off section that spin_lock_irq() opened with it.
        List<HeldLock> atomicHeld = state.held().stream()
            .filter(h -> dropped.stream().noneMatch(d -> LockText.sameInstance(d, h.lock()))).toList();
        List<Span> droppedAt = state.held().stream().filter(h -> !atomicHeld.contains(h)).map(HeldLock::acquiredAt)
            .toList();
        Optional<HeldLock> lock = innermostAtomicLock(atomicHeld);
        Optional<ContextEntry> context = innermostAtomicContext(state, droppedAt);
        if (lock.isEmpty() && context.isEmpty()) continue;
        report(ctx, fn, node, sleep.get(), lock, context);
        break;
      }
    }
  }

  /** The sleep witness ends at the same user access as the fault witness: it sleeps only by faulting. */
  private static boolean sameEnd(List<Step> fault, List<Step> sleep) {
    return fault.get(fault.size() - 1).at().equals(sleep.get(sleep.size() - 1).at());
  }

  private static Optional<HeldLock> innermostAtomicLock(List<HeldLock> held) {
    for (int i = held.size() - 1; i >= 0; i--) {
      if (held.get(i).kind().atomic()) return Optional.of(held.get(i));
    }
    return Optional.empty();
  }

  /** The innermost atomic context, leaving out those opened by acquisitions at {@code droppedAt}. */
  private static Optional<ContextEntry> innermostAtomicContext(PathState state, List<Span> droppedAt) {
    for (int i = state.contexts().size() - 1; i >= 0; i--) {
      ContextEntry c = state.contexts().get(i);
      if (c.kind() != ContextKind.PAGEFAULT_OFF && !droppedAt.contains(c.at())) return Optional.of(c);
    }
    return Optional.empty();
  }

  private static void report(RuleContext ctx, Function fn, Node node, List<Step> sleep, Optional<HeldLock> lock,
      Optional<ContextEntry> context) {
    String call = LockText.call(node);
    boolean direct = sleep.size() == 1 || sleep.get(0).kind() == StepKind.SLEEP;
    String what = direct ? call + " may sleep" : call + " may sleep in a callee";
    List<Step> steps = new ArrayList<>();
    String where;
    Finding.Builder finding;
    if (lock.isPresent()) {
      HeldLock h = lock.get();
      where = " while " + LockText.lock(h) + " is held";
      steps.addAll(TraceSteps.acquisition(h));
      finding = Finding.at(node.stmt().at(), what + where).lockClass(h.lock().cls().id());
    } else {
      ContextEntry c = context.get();
      where = c.kind() == ContextKind.RCU_READ ? " inside an RCU read-side critical section" : " with " + c.kind().words();
      steps.add(TraceSteps.contextEntry(c));
      finding = Finding.at(node.stmt().at(), what + where);
    }
    steps.addAll(sleep);
    ctx.report(finding
        .function(fn.name())
        .trace(call + " sleeps in atomic context", steps)
        .fix("Move " + call + " out of the atomic section, or use a non-sleeping form (GFP_ATOMIC for allocations)"));
  }

  /** No lock held and no atomic context on any path. A loop: asked for every call of every function of a kernel. */
  private static boolean nothingHeldOrEntered(List<PathState> states) {
    for (int i = 0; i < states.size(); i++) {
      PathState s = states.get(i);
      if (!s.held().isEmpty() || !s.contexts().isEmpty()) return false;
    }
    return true;
  }
}

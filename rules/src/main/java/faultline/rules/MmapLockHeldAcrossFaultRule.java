package faultline.rules;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Stmt;
import faultline.lock.HeldLock;
import faultline.lock.LockRef;
import faultline.lock.LockMode;
import faultline.lock.PathState;
import faultline.rule.Finding;
import faultline.rule.Rule;
import faultline.rule.RuleContext;
import faultline.rule.RuleInfo;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.List;
import java.util.Optional;

/**
 * A user access that may fault while mmap_lock is held. Held for write, the fault handler's read acquisition
 * deadlocks at once (seed 003). Held for read, the nested read acquisition deadlocks as soon as another thread
 * queues a writer (mmap(), mprotect()) between the two, because rwsems are fair to writers (seed 001).
 */
@RuleInfo(id = "mmap-lock-held-across-fault", name = "mmap_lock held across a user access that may fault",
    severity = Severity.ERROR, cwe = {667, 833}, tags = {"deadlock", "concurrency", "page-fault", "mmap_lock"},
    precision = "high")
public final class MmapLockHeldAcrossFaultRule implements Rule {

  @Override public void check(Function fn, RuleContext ctx) {
    for (Node node : fn.cfg().nodes()) {
      if (!(node.stmt() instanceof Stmt.Call)) continue;
      List<PathState> states = ctx.statesAt(fn, node);
      if (states.stream().allMatch(s -> s.held().isEmpty())) continue;   // cheap test first: most calls hold nothing
      Optional<List<Step>> fault = ctx.faultWitness(fn, node);
      if (fault.isEmpty()) continue;
      // A callee that drops the lock before its user access ("unlock; copy; lock") faults outside it.
      List<LockRef> dropped = ctx.droppedBeforeSleep(fn, node);
      HeldLock mmap = null;
      for (PathState state : states) {
        if (state.faultsDisabled()) continue;
        for (HeldLock held : state.held()) {
          if (dropped.stream().anyMatch(d -> LockText.sameInstance(d, held.lock()))) continue;
          // Write mode is the immediate self-deadlock: prefer it when paths disagree.
          if (held.lock().cls().isMmapLock() && (mmap == null || held.mode() == LockMode.EXCLUSIVE)) mmap = held;
        }
      }
      if (mmap != null) report(ctx, fn, node, fault.get(), mmap);
    }
  }

  private static void report(RuleContext ctx, Function fn, Node node, List<Step> fault, HeldLock mmap) {
    String call = LockText.call(node);
    boolean direct = fault.size() == 1 || fault.get(0).kind() == StepKind.FAULT;
    String why = mmap.mode() == LockMode.EXCLUSIVE
        ? "the fault handler's read acquisition waits on this writer"
        : "the fault handler's second read acquisition blocks behind any queued writer";
    String message = (direct ? call + " may fault" : call + " may fault on user memory") + " while "
        + LockText.lock(mmap) + " is held" + LockText.modeSuffix(mmap.kind(), mmap.mode()) + ", and " + why;
    ctx.report(Finding.at(node.stmt().at(), message)
        .function(fn.name())
        .lockClass(mmap.lock().cls().id())
        .trace("mmap_lock held" + LockText.modeSuffix(mmap.kind(), mmap.mode()) + " across " + call,
            TraceSteps.concat(TraceSteps.acquisition(mmap), fault))
        .fix("Wrap " + call + " in pagefault_disable()/pagefault_enable() and retry outside mmap_lock when it"
            + " returns -EFAULT, or do the access before taking mmap_lock"));
  }
}

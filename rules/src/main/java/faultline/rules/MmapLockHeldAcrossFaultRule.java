package faultline.rules;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.HeldLock;
import faultline.lock.LockMode;
import faultline.rule.Finding;
import faultline.rule.Rule;
import faultline.rule.RuleContext;
import faultline.rule.RuleInfo;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.List;

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
    for (FaultingCalls.HeldAcrossFault call : FaultingCalls.in(fn, ctx)) {
      HeldLock mmap = null;
      for (HeldLock held : call.held()) {
        // Write mode is the immediate self-deadlock: prefer it when paths disagree.
        if (held.lock().cls().isMmapLock() && (mmap == null || held.mode() == LockMode.EXCLUSIVE)) mmap = held;
      }
      if (mmap != null) report(ctx, fn, call.node(), call.fault(), mmap);
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

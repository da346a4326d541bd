package faultline.rules;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.HeldLock;
import faultline.lock.OrderEdge;
import faultline.rule.Finding;
import faultline.rule.Rule;
import faultline.rule.RuleContext;
import faultline.rule.RuleInfo;
import faultline.rule.Severity;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A sleeping lock (mutex, rwsem, page lock) held across a user access that may fault. The fault handler takes
 * mmap_lock for read and may go down into filesystems and block drivers; if any of them takes the same lock class,
 * the two orders close an ABBA cycle (seed 000). That combination is an ERROR; the bare pattern a WARNING, because
 * it blocks every other user of the lock behind the fault. mmap_lock itself is left to mmap-lock-held-across-fault.
 */
@RuleInfo(id = "mutex-held-across-fault", name = "Sleeping lock held across a user access that may fault",
    severity = Severity.WARNING, cwe = {667, 833}, tags = {"deadlock", "concurrency", "page-fault"},
    precision = "high")
public final class MutexHeldAcrossFaultRule implements Rule {

  @Override public void check(Function fn, RuleContext ctx) {
    for (FaultingCalls.HeldAcrossFault call : FaultingCalls.in(fn, ctx)) {
      Map<String, HeldLock> candidates = new LinkedHashMap<>();
      for (HeldLock held : call.held()) {
        if (held.kind().maySleep() && !held.lock().cls().isMmapLock()) {
          candidates.putIfAbsent(held.lock().cls().id() + "|" + LockText.expr(held.lock()), held);
        }
      }
      if (candidates.isEmpty()) continue;
      report(ctx, fn, call.node(), call.fault(), pick(ctx, candidates.values().stream().toList()));
    }
  }

  /** The lock that makes the worst case: one also taken on a fault path (a real ABBA), else the outermost. */
  private static HeldLock pick(RuleContext ctx, List<HeldLock> candidates) {
    return candidates.stream()
        .filter(h -> ctx.acquiredOnFaultPath(h.lock().cls()).isPresent())
        .findFirst().orElse(candidates.get(0));
  }

  private static void report(RuleContext ctx, Function fn, Node node, List<Step> fault, HeldLock held) {
    String call = LockText.call(node);
    boolean direct = fault.size() == 1 || fault.get(0).kind() == StepKind.FAULT;
    String what = direct ? call + " may fault" : call + " may fault on user memory";
    Optional<OrderEdge> underFault = ctx.acquiredOnFaultPath(held.lock().cls());
    String message = what + " while " + LockText.lock(held) + " is held"
        + underFault.map(e -> ", which " + e.function() + "() also takes under mmap_lock on a page-fault path")
            .orElse("");
    Finding.Builder finding = Finding.at(node.stmt().at(), message)
        .function(fn.name())
        .lockClass(held.lock().cls().id())
        .trace("'" + LockText.expr(held.lock()) + "' held across " + call,
            TraceSteps.concat(TraceSteps.acquisition(held), fault))
        .fix("Do the user access before taking '" + LockText.expr(held.lock())
            + "' or after dropping it (copy through a kernel buffer)");
    underFault.ifPresent(edge -> finding
        .severity(Severity.ERROR)
        .lockClass(edge.from().id())
        .trace("page-fault path: mmap_lock held, then " + edge.to().id() + " taken in " + edge.function() + "()",
            edge.witness()));
    ctx.report(finding);
  }
}

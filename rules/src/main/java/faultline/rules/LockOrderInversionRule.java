package faultline.rules;

import faultline.lock.LockClass;
import faultline.lock.LockCycle;
import faultline.lock.LockMode;
import faultline.lock.OrderEdge;
import faultline.rule.Finding;
import faultline.rule.Rule;
import faultline.rule.RuleContext;
import faultline.rule.RuleInfo;
import faultline.rule.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A cycle in the global lock order (ABBA and longer, up to four classes), including the implicit edges through
 * mmap_lock: a user access that may fault under L is L -> mmap_lock, a lock taken on a page-fault or block-I/O path
 * is mmap_lock -> L. Where a class is held for read and then wanted for read again around the cycle, the deadlock
 * needs a writer queued on it (rwsems make new readers wait behind a waiting writer, seed 004): such a cycle is
 * reported only when some function takes that class for write, and the message names it.
 */
@RuleInfo(id = "lock-order-inversion", name = "Locks taken in inconsistent order (ABBA deadlock)",
    severity = Severity.ERROR, cwe = {833}, tags = {"deadlock", "concurrency", "lock-order"}, precision = "high")
public final class LockOrderInversionRule implements Rule {

  /** Longer cycles exist but are rarely real and hard to read; lockdep's reports beyond four are mostly noise. */
  private static final int MAX_CLASSES = 4;

  @Override public void checkProgram(RuleContext ctx) {
    for (LockCycle cycle : ctx.lockOrder().cycles(MAX_CLASSES)) {
      // A one-class "cycle" is the same class taken twice: double-lock's business (or a *_nested annotation).
      if (cycle.edges().size() < 2) continue;
      List<Writer> needed = new ArrayList<>();
      boolean feasible = true;
      for (LockClass readRead : readReadClasses(cycle)) {
        Optional<Writer> w = readRead.isMmapLock() ? Optional.of(new Writer(readRead, "mmap", List.of()))
            : writer(ctx, readRead);
        if (w.isEmpty()) { feasible = false; break; }
        needed.add(w.get());
      }
      if (feasible) report(ctx, cycle, needed);
    }
  }

  /** Classes held for read on the way into the cycle and wanted for read on the way out. */
  private static List<LockClass> readReadClasses(LockCycle cycle) {
    List<LockClass> out = new ArrayList<>();
    List<OrderEdge> edges = cycle.edges();
    for (int i = 0; i < edges.size(); i++) {
      OrderEdge in = edges.get(i);
      OrderEdge next = edges.get((i + 1) % edges.size());
      if (in.toMode() == LockMode.SHARED && next.fromMode() == LockMode.SHARED) out.add(in.to());
    }
    return out;
  }

  /** Some function that takes the class for write, with its witness; mmap_lock always has one (mmap(), munmap()). */
  private record Writer(LockClass cls, String function, List<faultline.rule.Step> witness) {}

  private static Optional<Writer> writer(RuleContext ctx, LockClass cls) {
    return ctx.takenForWrite(cls).map(a -> new Writer(cls, a.function(), a.acquisition().witness()));
  }

  private static void report(RuleContext ctx, LockCycle cycle, List<Writer> writers) {
    List<OrderEdge> edges = cycle.edges();
    OrderEdge first = edges.get(0);
    StringBuilder chain = new StringBuilder(name(first.from(), first.fromMode()));
    List<String> orders = new ArrayList<>();
    for (OrderEdge e : edges) {
      chain.append(" -> ").append(name(e.to(), e.toMode()));
      orders.add(name(e.from(), e.fromMode()) + " then " + name(e.to(), e.toMode()) + " in " + e.function() + "()");
    }
    StringBuilder message = new StringBuilder("lock order cycle ").append(chain)
        .append(": ").append(String.join("; ", orders));
    for (Writer w : writers) {
      message.append("; deadlocks once a writer").append(w.cls().isMmapLock() ? "" : " (" + w.function() + "())")
          .append(" queues on ").append(w.cls().id()).append(", because rwsem readers wait behind a waiting writer");
    }
    Finding.Builder finding = Finding.at(first.at(), message.toString()).function(first.function());
    for (int i = 0; i < edges.size(); i++) {
      OrderEdge e = edges.get(i);
      finding.lockClass(e.from().id());
      finding.trace("thread " + (i + 1) + ": holds " + name(e.from(), e.fromMode()) + ", takes "
          + name(e.to(), e.toMode()) + how(e) + " in " + e.function() + "()", e.witness());
    }
    for (Writer w : writers) {
      if (!w.witness().isEmpty()) {
        finding.trace("writer: " + w.function() + "() takes " + w.cls().id() + " for write", w.witness());
      }
    }
    finding.fix("Take " + first.from().id() + " and " + first.to().id()
        + " in one order everywhere, or drop one before taking the other");
    ctx.report(finding);
  }

  private static String how(OrderEdge e) {
    return switch (e.origin()) {
      case NESTED -> "";
      case USER_ACCESS -> " (a user access may fault)";
      case FAULT_PATH -> " (on a page-fault path)";
    };
  }

  private static String name(LockClass cls, LockMode mode) {
    return cls.id() + (mode == LockMode.SHARED ? "(read)" : "");
  }
}

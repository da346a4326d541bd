package faultline.rules;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Stmt;
import faultline.lock.HeldLock;
import faultline.lock.LockRef;
import faultline.lock.PathState;
import faultline.rule.RuleContext;
import faultline.rule.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The calls of a function that may fault on user memory while locks are held, for the two rules about locks held
 * across a fault. Which locks count is theirs to say; what "held across the fault" means is decided here once.
 */
final class FaultingCalls {

  /**
   * A call that may fault, with its witness down to the user access, and the locks held across it on paths where
   * faults are enabled, in path order (a lock held on several paths appears once per path).
   */
  record HeldAcrossFault(Node node, List<Step> fault, List<HeldLock> held) {}

  private FaultingCalls() {}

  static List<HeldAcrossFault> in(Function fn, RuleContext ctx) {
    List<HeldAcrossFault> out = new ArrayList<>();
    for (Node node : fn.cfg().nodes()) {
      if (!(node.stmt() instanceof Stmt.Call)) continue;
      List<PathState> states = ctx.statesAt(fn, node);
      if (holdsNothing(states)) continue;   // cheap test first: most calls hold nothing
      Optional<List<Step>> fault = ctx.faultWitness(fn, node);
      if (fault.isEmpty()) continue;
      // A callee that drops the lock before its user access ("unlock; copy; lock") faults outside it.
      List<LockRef> dropped = ctx.droppedBeforeSleep(fn, node);
      List<HeldLock> held = new ArrayList<>();
      for (PathState state : states) {
        // pagefault_disable()/kmap_atomic(): the access fails with -EFAULT instead of entering the fault handler.
        if (state.faultsDisabled()) continue;
        for (HeldLock h : state.held()) {
          if (dropped.stream().noneMatch(d -> LockText.sameInstance(d, h.lock()))) held.add(h);
        }
      }
      if (!held.isEmpty()) out.add(new HeldAcrossFault(node, fault.get(), held));
    }
    return out;
  }

  /**
   * No path holds a lock. An indexed loop, neither a stream nor an iterator: asked for every call of every function
   * of a kernel (and by {@link DoubleLockRule} at every node).
   */
  static boolean holdsNothing(List<PathState> states) {
    for (int i = 0; i < states.size(); i++) if (!states.get(i).held().isEmpty()) return false;
    return true;
  }
}

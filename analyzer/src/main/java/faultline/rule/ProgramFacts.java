package faultline.rule;

import faultline.lock.Acquirer;
import faultline.lock.LockMode;

import faultline.ir.Function;
import faultline.ir.Node;
import faultline.lock.FunctionSummary;
import faultline.lock.LockClass;
import faultline.lock.LockOp;
import faultline.lock.LockOrderGraph;
import faultline.lock.LockRef;
import faultline.lock.OrderEdge;
import faultline.lock.PathState;
import java.util.List;
import java.util.Optional;

/**
 * The analysis results a rule can read: the IR, the per-node lock facts, summaries, the call graph's targets and the lock
 * order. Nothing here exposes CDT. Everything is in source order and deterministic.
 */
public interface ProgramFacts {

  /** Every analysed function definition, sorted by file, then line. */
  List<Function> functions();

  /**
   * The feasible path states just before {@code node} runs; empty when the node is unreachable. Several
   * states when paths disagree on locks or on correlated branch variables.
   */
  List<PathState> statesAt(Function fn, Node node);

  /** What {@code node} does to a lock, directly (lock API) or through a callee's return effect. */
  Optional<LockOp> lockOpAt(Function fn, Node node);

  /**
   * When the call at {@code node} may fault on user memory (it is a user access, or a callee may fault with
   * faults enabled), the witness from this call (depth 0) down to the access. Faults disabled at the call site
   * are the caller's business: check {@link PathState#faultsDisabled()}.
   */
  Optional<List<Step>> faultWitness(Function fn, Node node);

  /** When the call at {@code node} may sleep (directly or through callees), the witness down to the sleeping call. */
  Optional<List<Step>> sleepWitness(Function fn, Node node);

  /**
   * Locks the caller holds at {@code node} that the called function releases before every point where it may
   * sleep or fault (it drops them, waits, and takes them back): in the caller's terms, empty when none.
   */
  default List<LockRef> droppedBeforeSleep(Function fn, Node node) {
    return List.of();
  }

  /** Functions an indirect call at {@code node} can reach (by ops-table binding), sorted; empty when unknown. */
  List<String> callTargets(Function fn, Node node);

  /**
   * The functions the call at {@code node} may reach: the definition a direct call resolves to (a static of the
   * caller's file first), or every function bound to the ops-table field of an indirect call. Empty when the
   * callee is not in the scan, or is a kernel API the lock model describes.
   */
  default List<Function> callees(Function fn, Node node) {
    return List.of();
  }

  /**
   * Where lock class {@code cls} is taken on a path from a page-fault or block-I/O entry point (the implicit
   * edge mmap_lock -> {@code cls}, with its witness), if anywhere. Unlike {@link #lockOrder()} this is known
   * before the function pass: it comes from summaries alone.
   */
  default Optional<OrderEdge> acquiredOnFaultPath(LockClass cls) {
    return lockOrder().acquiredUnderFault(cls);
  }

  FunctionSummary summary(Function fn);

  /**
   * The first function in source order whose summary takes {@code cls} for write with a blocking acquisition
   * (itself or through callees), with that acquisition; empty when no function does. Read-read lock-order cycles
   * deadlock only once a writer queues (rwsem fairness): this is the writer a report names.
   */
  default Optional<Acquirer> takenForWrite(LockClass cls) {
    for (Function fn : functions()) {
      for (FunctionSummary.Acquisition a : summary(fn).acquires()) {
        if (a.mode() == LockMode.EXCLUSIVE && !a.trylock() && a.lock().cls().equals(cls)) {
          return Optional.of(new Acquirer(fn.name(), a));
        }
      }
    }
    return Optional.empty();
  }

  /** The global lock order: complete only in {@link Rule#checkProgram}. */
  LockOrderGraph lockOrder();
}

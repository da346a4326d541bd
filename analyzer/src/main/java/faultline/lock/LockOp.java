package faultline.lock;

import faultline.rule.Step;
import java.util.List;

/**
 * What a node does to a lock. {@code viaCallee} with a non-empty {@code chain}: the node is a call to a helper
 * whose summary says it returns holding (ACQUIRE) or having dropped (RELEASE) the lock. TRY_ACQUIRE nodes take
 * the lock only on the success edge of the branch that tests their result; the dataflow handles that.
 */
public record LockOp(Effect effect, LockRef lock, LockKind kind, LockMode mode, boolean nested,
    boolean viaCallee, List<Step> chain) {
  public enum Effect { ACQUIRE, RELEASE, TRY_ACQUIRE }
}

package faultline.lock;

import faultline.rule.Step;
import java.util.List;
import java.util.Optional;

/**
 * What callers need to know about a function, built bottom-up over call-graph SCCs. Facts only, never findings.
 * Witness steps start at the function's own statement (depth 0) and go down into callees.
 *
 * @param mayFault     a path from entry to a user access that may fault with faults enabled relative to entry
 * @param maySleep     a path from entry to a call that may sleep
 * @param acquires     lock classes this function or its callees acquire (blocking acquisitions and trylocks)
 * @param atReturn     net lock effect at return: locks it returns holding (ACQUIRE) or returns having dropped
 *                     although the caller held them (RELEASE), with {@code onEveryPath}
 * @param expectsHeld  locks the function needs held on entry (from {@code __must_hold}, or released without
 *                     being taken, here or by a callee)
 * @param dropsBeforeSleep  locks the caller holds that this function releases before every point where it may
 *                     sleep or fault (the "unlock; wait; lock" helpers called with a spinlock or mutex held), in
 *                     the terms of {@link ReturnEffect#lock}; empty when it does not sleep or keeps them all
 */
public record FunctionSummary(String function, Optional<List<Step>> mayFault, Optional<List<Step>> maySleep,
    List<Acquisition> acquires, List<ReturnEffect> atReturn, List<LockRef> expectsHeld,
    List<LockRef> dropsBeforeSleep) {

  public FunctionSummary(String function, Optional<List<Step>> mayFault, Optional<List<Step>> maySleep,
      List<Acquisition> acquires, List<ReturnEffect> atReturn, List<LockRef> expectsHeld) {
    this(function, mayFault, maySleep, acquires, atReturn, expectsHeld, List.of());
  }

  /** A lock class taken somewhere below this function; {@code witness} ends at the acquiring call. */
  public record Acquisition(LockRef lock, LockKind kind, LockMode mode, boolean trylock, List<Step> witness) {}

  /**
   * Lock effect visible to the caller after the call returns. {@code lock.expr} is rewritten in terms of the
   * callee's parameters ("$0->lock" for the first parameter) when it was reached through one, so that callers
   * can substitute their own arguments.
   */
  public record ReturnEffect(LockOp.Effect effect, LockRef lock, LockKind kind, LockMode mode,
      boolean onEveryPath, List<Step> witness) {}

  public static FunctionSummary empty(String function) {
    return new FunctionSummary(function, Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
  }
}

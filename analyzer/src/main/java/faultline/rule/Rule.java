package faultline.rule;

import faultline.ir.Function;

/**
 * A checker, discovered with {@link java.util.ServiceLoader}. Annotated with {@link RuleInfo}. A rule reads
 * facts through the context and reports; it keeps no state between calls and runs no dataflow of its own.
 *
 * <p>Most rules look at one function at a time: {@link #check(Function, RuleContext)} is called once for every
 * analysed function, for several functions at once on different threads, while that function's per-node lock
 * states are at hand (they are computed once per function and dropped after, which is what lets a whole kernel
 * fit in memory). Facts about the whole program, the lock order above all, are complete only after every
 * function: read them in {@link #checkProgram}.
 */
public interface Rule {

  /**
   * Checks {@code fn}. {@link RuleContext#statesAt} is cheap for {@code fn}'s nodes; other functions' facts are
   * their summaries. {@link RuleContext#lockOrder()} is not available here (the graph is still being built).
   *
   * <p>A rescan that continues an earlier analysis keeps a function's results while the function and the
   * summaries of the functions it calls are unchanged, so what this reports must depend on those alone: {@code fn},
   * the facts at its nodes, and its callees (their summaries, witnesses, targets). Facts of the whole program
   * belong in {@link #checkProgram}, which runs on every scan.
   */
  default void check(Function fn, RuleContext ctx) {}

  /** Checks facts of the whole program, once per scan, after {@link #check(Function, RuleContext)} saw every function. */
  default void checkProgram(RuleContext ctx) {}
}

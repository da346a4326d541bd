package faultline.analysis;

import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;

/**
 * A witness that starts with a call and goes on in the callee's witness one level deeper, without copying it.
 * Summaries compose witnesses at every level of the call graph: copied, a lock taken 12 calls below the top of
 * a kernel's call chains existed in 12 copies of up to 16 steps each (15.8 M steps, half a gigabyte, on
 * drivers/ fs/ mm/ include/). Shared, each level adds one object; steps are made when a rule reads them.
 *
 * <p>At most {@link ProgramAnalysis#MAX_WITNESS} steps: past that, the middle is elided (a NOTE step) and the
 * final step (the acquisition, fault or sleep) is kept.
 */
final class CalleeWitness extends AbstractList<Step> implements RandomAccess {

  private final Step call;
  private final List<Step> callee;
  private final int size;

  CalleeWitness(Step call, List<Step> callee) {
    this.call = call;
    this.callee = callee;
    this.size = Math.min(callee.size(), ProgramAnalysis.MAX_WITNESS - 1) + 1;
  }

  @Override public int size() {
    return size;
  }

  /**
   * Step {@code k}: the call, then the callee's steps one call deeper; when the callee has more than
   * {@code MAX_WITNESS - 1} steps, its last but one shown is a NOTE of how many were left out.
   */
  @Override public Step get(int k) {
    if (k < 0 || k >= size) throw new IndexOutOfBoundsException(k);
    return stepAt(this, k, 0);
  }

  /**
   * {@code w.get(k).deeper(extra)}, walking down the chain of callee witnesses instead of recursing through each
   * one's get: a step {@code d} calls down is made once, not once per level (writing a kernel's summaries made
   * a Step per level for every step of every witness).
   */
  private static Step stepAt(CalleeWitness w, int k, int extra) {
    while (true) {
      if (k == 0) return extra == 0 ? w.call : w.call.deeper(extra);
      int n = w.size - 1;
      List<Step> callee = w.callee;
      int inCallee;
      if (callee.size() <= ProgramAnalysis.MAX_WITNESS - 1 || k < n - 1) {
        inCallee = k - 1;
      } else if (k == n - 1) {
        Step cut = callee.get(n - 2);
        return new Step(StepKind.NOTE, cut.at(), "... " + (callee.size() - n + 1) + " more calls ...",
            cut.depth() + 1 + extra);
      } else {
        inCallee = callee.size() - 1;
      }
      extra++;
      if (!(callee instanceof CalleeWitness deeper)) return callee.get(inCallee).deeper(extra);
      w = deeper;
      k = inCallee;
    }
  }
}

package faultline.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import faultline.ir.Span;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CalleeWitnessTest {

  /** The definition CalleeWitness follows, one level at a time (what get() did before it walked the chain). */
  private static final class ByLevel extends AbstractList<Step> {
    private final Step call;
    private final List<Step> callee;
    private final int size;

    ByLevel(Step call, List<Step> callee) {
      this.call = call;
      this.callee = callee;
      this.size = Math.min(callee.size(), ProgramAnalysis.MAX_WITNESS - 1) + 1;
    }

    @Override public int size() {
      return size;
    }

    @Override public Step get(int k) {
      if (k == 0) return call;
      int n = size - 1;
      if (callee.size() <= ProgramAnalysis.MAX_WITNESS - 1 || k < n - 1) return callee.get(k - 1).deeper(1);
      if (k == n - 1) {
        Step cut = callee.get(n - 2);
        return new Step(StepKind.NOTE, cut.at(), "... " + (callee.size() - n + 1) + " more calls ...", cut.depth() + 1);
      }
      return callee.get(callee.size() - 1).deeper(1);
    }
  }

  @Test void walkingTheChainGivesTheStepsOfTheLevelByLevelDefinition() {
    Random random = new Random(11);
    int cut = 0;
    for (int round = 0; round < 500; round++) {
      // A callee's own witness at the bottom (sometimes longer than MAX_WITNESS), then a chain of calls above it.
      List<Step> leaf = new ArrayList<>();
      for (int k = random.nextInt(2 * ProgramAnalysis.MAX_WITNESS) + 1; k > 0; k--) leaf.add(step("leaf" + k, 0));
      List<Step> fast = List.copyOf(leaf);
      List<Step> reference = List.copyOf(leaf);
      for (int level = random.nextInt(24); level > 0; level--) {
        Step call = step("calls f" + level + "()", 0);
        fast = new CalleeWitness(call, fast);
        reference = new ByLevel(call, reference);
      }
      assertEquals(reference.size(), fast.size());
      assertEquals(reference, new ArrayList<>(fast), "round " + round);
      for (Step s : fast) if (s.kind() == StepKind.NOTE) cut++;
    }
    assertTrue(cut > 100, "the chains must exercise the cut");
  }

  private static Step step(String message, int depth) {
    return new Step(StepKind.CALL, Span.point("a.c", 1, 1), message, depth);
  }
}

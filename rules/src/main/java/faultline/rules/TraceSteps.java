package faultline.rules;

import faultline.ir.Span;
import faultline.lock.ContextEntry;
import faultline.lock.HeldLock;
import faultline.rule.Step;
import faultline.rule.StepKind;
import java.util.ArrayList;
import java.util.List;

/** Builds the common parts of witness traces: where a lock was taken, where a context began. */
final class TraceSteps {

  private TraceSteps() {}

  /**
   * Where {@code held} was taken, at depth 0: the acquiring call itself, or the helper call followed by the
   * helper's own steps down to the acquisition when the lock was taken in a helper that returns holding it.
   */
  static List<Step> acquisition(HeldLock held) {
    List<Step> steps = new ArrayList<>();
    String taken = LockText.lock(held) + " taken here"
        + LockText.modeSuffix(held.kind(), held.mode()) + " by " + held.acquiredBy() + "()";
    if (held.chain().isEmpty()) {
      steps.add(new Step(StepKind.ACQUIRE, held.acquiredAt(), taken, 0));
    } else {
      steps.addAll(held.chain());
      boolean hasAcquire = held.chain().stream().anyMatch(s -> s.kind() == StepKind.ACQUIRE);
      if (!hasAcquire) steps.add(new Step(StepKind.ACQUIRE, held.acquiredAt(), taken, 0));
    }
    return steps;
  }

  /** Where an atomic context began: interrupts, bottom halves or preemption disabled, an RCU read section. */
  static Step contextEntry(ContextEntry entry) {
    return new Step(StepKind.ATOMIC, entry.at(), entry.kind().words() + " from " + entry.call() + "()", 0);
  }

  static Step at(StepKind kind, Span span, String message) {
    return new Step(kind, span, message, 0);
  }

  /** {@code witness} as a continuation below a call at depth 0: every step one level deeper. */
  static List<Step> below(List<Step> witness) {
    return witness.stream().map(s -> s.deeper(1)).toList();
  }

  static List<Step> concat(List<Step> first, List<Step> second) {
    List<Step> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}

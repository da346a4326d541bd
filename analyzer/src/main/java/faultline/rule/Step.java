package faultline.rule;

import faultline.ir.Span;

/** One step of a witness path. {@code depth} is the call nesting (0 = the function holding the lock). */
public record Step(StepKind kind, Span at, String message, int depth) {
  public Step deeper(int by) {
    return new Step(kind, at, message, depth + by);
  }
}

package faultline.rule;

import faultline.ir.Span;

/** One step of a witness path. {@code depth} is the call nesting (0 = the function holding the lock). */
public record Step(StepKind kind, Span at, String message, int depth) {
  public Step deeper(int by) {
    return new Step(kind, at, message, depth + by);
  }

  // equals and hashCode as a record's own, written out: a snapshot hashes and compares every witness step of
  // every summary (millions, most of them made afresh by CalleeWitness), and the generated methods, reached
  // through method handles, run as C1 code (analyzer/launcher/jit-directives.json). The hash is the record's
  // (each component's, combined as h * 31 + c from 0), so no hash order changes.
  @Override public boolean equals(Object o) {
    return o == this || o instanceof Step s && depth == s.depth && kind == s.kind
        && java.util.Objects.equals(at, s.at) && java.util.Objects.equals(message, s.message);
  }

  @Override public int hashCode() {
    return ((java.util.Objects.hashCode(kind) * 31 + java.util.Objects.hashCode(at)) * 31
        + java.util.Objects.hashCode(message)) * 31 + depth;
  }
}

package faultline.lock;

import faultline.ir.Span;

/** One active context change on a path: what, where it started, and which call started it ("local_irq_save"). */
public record ContextEntry(ContextKind kind, Span at, String call) {
  // equals and hashCode as the record's own, written out (see rule.Step): hashed and compared millions of
  // times by the analysis, and the generated ones run through method handles in C1 code.
  @Override public boolean equals(Object o) {
    return o == this || o instanceof ContextEntry other
        && kind == other.kind
        && java.util.Objects.equals(at, other.at)
        && java.util.Objects.equals(call, other.call);
  }

  @Override public int hashCode() {
    int h = java.util.Objects.hashCode(kind);
    h = h * 31 + java.util.Objects.hashCode(at);
    h = h * 31 + java.util.Objects.hashCode(call);
    return h;
  }
}

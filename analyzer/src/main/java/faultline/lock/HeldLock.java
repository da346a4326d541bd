package faultline.lock;

import faultline.ir.Span;
import faultline.rule.Step;
import java.util.List;

/**
 * A lock held on a path: which, how, and where it was taken. {@code acquiredAt} is the acquiring call in the
 * function being analysed; {@code chain} continues into callees when it was taken inside a helper that
 * returns holding it (empty when taken directly). {@code nested} is true for the *_nested() forms.
 */
public record HeldLock(LockRef lock, LockKind kind, LockMode mode, Span acquiredAt, String acquiredBy,
    boolean nested, List<Step> chain) {
  // equals and hashCode as the record's own, written out (see rule.Step): hashed and compared millions of
  // times by the analysis, and the generated ones run through method handles in C1 code.
  @Override public boolean equals(Object o) {
    return o == this || o instanceof HeldLock other
        && kind == other.kind
        && mode == other.mode
        && nested == other.nested
        && java.util.Objects.equals(lock, other.lock)
        && java.util.Objects.equals(acquiredAt, other.acquiredAt)
        && java.util.Objects.equals(acquiredBy, other.acquiredBy)
        && java.util.Objects.equals(chain, other.chain);
  }

  @Override public int hashCode() {
    int h = java.util.Objects.hashCode(lock);
    h = h * 31 + java.util.Objects.hashCode(kind);
    h = h * 31 + java.util.Objects.hashCode(mode);
    h = h * 31 + java.util.Objects.hashCode(acquiredAt);
    h = h * 31 + java.util.Objects.hashCode(acquiredBy);
    h = h * 31 + Boolean.hashCode(nested);
    h = h * 31 + java.util.Objects.hashCode(chain);
    return h;
  }
}

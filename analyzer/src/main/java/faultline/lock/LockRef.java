package faultline.lock;

/**
 * A lock as written at one place: its class and the C expression that names it there, with a leading '&amp;' dropped
 * ("dev->lock" for {@code mutex_lock(&dev->lock)}), as messages quote it. In {@link FunctionSummary} entries the
 * expression is rewritten in terms of the function's parameters when rooted in one ("$0->lock").
 */
public record LockRef(LockClass cls, String expr) {
  // equals and hashCode as the record's own, written out (see rule.Step): hashed and compared millions of
  // times by the analysis, and the generated ones run through method handles in C1 code.
  @Override public boolean equals(Object o) {
    return o == this || o instanceof LockRef other
        && java.util.Objects.equals(cls, other.cls)
        && java.util.Objects.equals(expr, other.expr);
  }

  @Override public int hashCode() {
    int h = java.util.Objects.hashCode(cls);
    h = h * 31 + java.util.Objects.hashCode(expr);
    return h;
  }
}

package faultline.ir;

/**
 * A sparse context annotation on a function: {@code __acquires(x)}, {@code __releases(x)},
 * {@code __must_hold(x)}, {@code __cond_acquires(x)}. {@code lock} is the annotated expression.
 */
public record LockAnnotation(Kind kind, Expr lock) {
  public enum Kind { ACQUIRES, RELEASES, MUST_HOLD, COND_ACQUIRES }
}

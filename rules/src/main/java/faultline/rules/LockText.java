package faultline.rules;

import faultline.ir.Node;
import faultline.ir.Stmt;
import faultline.lock.HeldLock;
import faultline.lock.LockKind;
import faultline.lock.LockMode;
import faultline.lock.LockRef;

/** How messages name locks and calls, so that every rule words them the same way. */
final class LockText {

  private LockText() {}

  /** "mutex 'dev->lock' (class foo_dev.lock)", with " held for read" style mode words left to the caller. */
  static String lock(LockRef ref, LockKind kind) {
    return kind.word() + " '" + expr(ref) + "' (class " + ref.cls().id() + ")";
  }

  static String lock(HeldLock held) {
    return lock(held.lock(), held.kind());
  }

  /** " for read" / " for write" for locks with two modes, "" for plain exclusive locks. */
  static String modeSuffix(LockKind kind, LockMode mode) {
    return kind == LockKind.RWSEM || kind == LockKind.RWLOCK ? " for " + mode.word() : "";
  }

  /** The lock expression as developers write it in a message: without the address-of operator. */
  static String expr(LockRef ref) {
    return normalise(ref.expr());
  }

  /** Strips a leading '&', redundant parentheses and blanks so "&(dev->lock)" and "dev->lock" compare equal. */
  static String normalise(String expr) {
    String e = expr.strip();
    if (e.startsWith("&")) e = e.substring(1).strip();
    while (e.startsWith("(") && e.endsWith(")") && balanced(e.substring(1, e.length() - 1))) {
      e = e.substring(1, e.length() - 1).strip();
    }
    return e.replace(" ", "");
  }

  /** Same lock instance as far as the text tells: same class and same normalised expression. */
  static boolean sameInstance(LockRef a, LockRef b) {
    return a.cls().equals(b.cls()) && normalise(a.expr()).equals(normalise(b.expr()));
  }

  private static boolean balanced(String s) {
    int depth = 0;
    for (char c : s.toCharArray()) {
      if (c == '(') depth++;
      if (c == ')' && --depth < 0) return false;
    }
    return depth == 0;
  }

  /** "copy_to_user()" for a call node, the macro name when the call was written through one. */
  static String call(Node node) {
    return node.stmt() instanceof Stmt.Call call ? call.displayName() + "()" : node.stmt().getClass().getSimpleName();
  }
}

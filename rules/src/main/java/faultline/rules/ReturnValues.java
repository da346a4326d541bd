package faultline.rules;

import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.Node;
import faultline.ir.Stmt;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the kernel's return-value conventions: which returned expressions are constants a caller can test,
 * and which say "failed" (negative errno, NULL, ERR_PTR(), VM_FAULT_SIGBUS...). These are C conventions of
 * return values, not lock APIs, which is why they live here and not in the lock model.
 */
final class ReturnValues {

  private ReturnValues() {}

  private static final Pattern CONSTANT_NAME = Pattern.compile("[A-Z][A-Z0-9_]*");
  private static final Pattern ERRNO = Pattern.compile("E[A-Z0-9]+");
  private static final Set<String> FAULT_ERRORS =
      Set.of("VM_FAULT_SIGBUS", "VM_FAULT_OOM", "VM_FAULT_ERROR", "VM_FAULT_SIGSEGV", "VM_FAULT_HWPOISON");
  private static final Set<String> ERROR_POINTER_MAKERS = Set.of("ERR_PTR", "ERR_CAST");

  /** A value a caller can test without looking at the lock: a literal, an upper-case constant, true, false. */
  static boolean isConstant(Optional<Expr> value) {
    return value.map(ReturnValues::constant).orElse(false);
  }

  private static boolean constant(Expr e) {
    Expr v = uncast(e);
    if (v instanceof Expr.Literal) return true;
    if (v instanceof Expr.Name n) {
      return CONSTANT_NAME.matcher(n.id()).matches() || n.id().equals("true") || n.id().equals("false");
    }
    if (v instanceof Expr.Unary u && (u.op().equals("-") || u.op().equals("~"))) return constant(u.operand());
    if (v instanceof Expr.Binary b && b.op().equals("|")) return constant(b.left()) && constant(b.right());
    return false;
  }

  /** A return value that says the function failed: -EIO, a negative literal, NULL, ERR_PTR(), VM_FAULT_SIGBUS. */
  static boolean isError(Optional<Expr> value, Function fn) {
    return value.map(v -> error(uncast(v), fn)).orElse(false);
  }

  private static boolean error(Expr v, Function fn) {
    if (v instanceof Expr.Unary u && u.op().equals("-")) {
      Expr operand = uncast(u.operand());
      return operand instanceof Expr.Name n && ERRNO.matcher(n.id()).matches()
          || operand instanceof Expr.Literal l && !l.text().equals("0");
    }
    if (v instanceof Expr.Literal l) return l.text().startsWith("-") && !l.text().equals("-0");
    if (v instanceof Expr.Name n) {
      if (n.id().equals("NULL") || FAULT_ERRORS.contains(n.id())) return true;
      // "return ERR_PTR(-ENOMEM);" reaches us as a temporary holding the call's result.
      if (n.storage() == Expr.Storage.TEMP) return madeByErrorPointerCall(n.id(), fn);
      return false;
    }
    if (v instanceof Expr.CallExpr c) return ERROR_POINTER_MAKERS.contains(c.callee());
    if (v instanceof Expr.Binary b && b.op().equals("|")) return error(uncast(b.left()), fn) || error(uncast(b.right()), fn);
    return false;
  }

  private static boolean madeByErrorPointerCall(String temp, Function fn) {
    for (Node node : fn.cfg().nodes()) {
      if (node.stmt() instanceof Stmt.Call call && call.result().filter(temp::equals).isPresent()) {
        return ERROR_POINTER_MAKERS.contains(call.callee().text());
      }
    }
    return false;
  }

  /** NULL or an error pointer, for functions returning pointers. */
  static boolean isNullOrError(Optional<Expr> value, Function fn) {
    return isError(value, fn) || value.map(v -> uncast(v) instanceof Expr.Literal l && l.text().equals("0")).orElse(false);
  }

  static boolean returnsPointer(Function fn) {
    return fn.returnType().contains("*");
  }

  static String text(Optional<Expr> value) {
    return value.map(Expr::text).orElse("");
  }

  private static Expr uncast(Expr e) {
    Expr v = e;
    while (v instanceof Expr.Unary u && u.op().startsWith("(")) v = u.operand();
    return v;
  }
}

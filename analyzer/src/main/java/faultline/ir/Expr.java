package faultline.ir;

import java.util.List;
import java.util.Optional;

/**
 * The expressions the lock analysis needs to read: lock arguments, branch conditions, returned values,
 * assigned values. Anything else is {@link Other} with its C text. {@link #text()} is normalised C
 * (single spaces, no comments, macros shown as written) and is what messages quote.
 */
public sealed interface Expr permits Expr.Name, Expr.Member, Expr.Unary, Expr.Binary, Expr.Literal,
    Expr.CallExpr, Expr.Other {

  String text();

  /** Where a named entity lives: decides how a lock named by it is classed. */
  enum Storage { GLOBAL, PARAM, LOCAL, TEMP, UNKNOWN }

  /**
   * A variable, enum constant or function name. {@code type} is the declared C type as written
   * ("struct hmm *"), empty when the front-end could not see the declaration. Temporaries made by
   * lowering have {@link Storage#TEMP} and names starting with '$'.
   */
  record Name(String id, Storage storage, Optional<String> type) implements Expr {
    public String text() { return id; }
  }

  /**
   * {@code base->field} ({@code arrow}) or {@code base.field}. {@code baseStruct} is the tag of the struct
   * or union that holds {@code field} ("hmm" for {@code hmm->mirrors_sem} with {@code struct hmm *hmm}),
   * empty when the base's type is unknown. This is what lock classes are made of.
   */
  record Member(Expr base, String field, boolean arrow, Optional<String> baseStruct) implements Expr {
    public String text() { return base.text() + (arrow ? "->" : ".") + field; }
  }

  /** Prefix operators: "&", "*", "!", "-", "~", "++", "--", "sizeof", casts as "(type)". */
  record Unary(String op, Expr operand) implements Expr {
    public String text() { return op + operand.text(); }
  }

  /** Binary operators including "==", "!=", "<", "&&", "||", "&", "|", "+", "[]" (subscript). */
  record Binary(String op, Expr left, Expr right) implements Expr {
    public String text() {
      return op.equals("[]") ? left.text() + "[" + right.text() + "]" : left.text() + " " + op + " " + right.text();
    }
  }

  /** Numeric, character or string literal, as written. */
  record Literal(String text) implements Expr {}

  /**
   * A call left inside an expression the lowering did not hoist (only in {@link Other}-like contexts such as
   * sizeof or a macro argument list); real calls are always hoisted into {@link Stmt.Call} nodes.
   */
  record CallExpr(String callee, List<Expr> args, String text) implements Expr {}

  /** Anything the analysis does not look inside. */
  record Other(String text) implements Expr {}
}

package faultline.ir;

import java.util.List;
import java.util.Optional;

/**
 * One CFG node's action. Lowering hoists nested calls into temporaries so that every call is its own node,
 * in evaluation order; conditions with {@code &&}, {@code ||} and {@code ?:} become chains of {@link Branch}.
 */
public sealed interface Stmt permits Stmt.Call, Stmt.Assign, Stmt.Branch, Stmt.Return, Stmt.GuardEnter,
    Stmt.GuardExit, Stmt.Join, Stmt.Opaque {

  Span at();

  /**
   * A call. {@code result} is the variable or lvalue text that receives the return value ("ret", "$t3",
   * "dev->err"), empty when the value is dropped. {@code viaMacro} is the outermost macro the call was
   * written through ("mutex_lock_io" expanding to mutex_lock), empty when written directly.
   */
  record Call(Callee callee, List<Expr> args, Optional<String> result, Optional<String> viaMacro, Span at)
      implements Stmt {
    /** The callee as users read it: the macro when there is one. */
    public String displayName() {
      return viaMacro.orElse(callee.text());
    }
  }

  /** {@code target = value} where target is a local, parameter, global or a field path. */
  record Assign(String target, Expr value, Span at) implements Stmt {}

  /**
   * A two-way branch: successors are one {@link EdgeKind#TRUE} and one {@link EdgeKind#FALSE} edge.
   * {@code cond} has no call in it (calls are hoisted) and is never itself {@code &&}/{@code ||}.
   * Switches lower to a chain of {@code x == CASE} branches.
   */
  record Branch(Expr cond, Span at) implements Stmt {}

  /** {@code return value;} Its single successor is the function's exit node. */
  record Return(Optional<Expr> value, Span at) implements Stmt {}

  /**
   * Start of a scoped lock: {@code guard(mutex)(&x);}, {@code scoped_guard(spinlock_irqsave, &l) {...}},
   * {@code CLASS(...)}. {@code guardType} is the guard's class as written ("mutex", "spinlock_irqsave",
   * "rwsem_read", "rcu"); {@code args} the lock arguments. The front-end emits the matching
   * {@link GuardExit} on every path that leaves the scope (fall-through, return, goto, break, continue).
   */
  record GuardEnter(String guardType, List<Expr> args, Span at) implements Stmt {}

  /** End of a guard's scope; {@code at} is where control leaves it. */
  record GuardExit(String guardType, List<Expr> args, Span at) implements Stmt {}

  /** No action: function entry and exit, labels, loop heads, merge points. */
  record Join(String label, Span at) implements Stmt {}

  /**
   * A statement or expression the front-end could not read (a CDT problem node, an unsupported
   * construct). Control flows through it; {@code reason} says why it is opaque.
   */
  record Opaque(String text, String reason, Span at) implements Stmt {}
}

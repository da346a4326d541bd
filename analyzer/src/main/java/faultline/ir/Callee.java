package faultline.ir;

import java.util.Optional;

/** What a call node calls. */
public sealed interface Callee permits Callee.Direct, Callee.Indirect {

  String text();

  /** A call by name: {@code mutex_lock(...)}. */
  record Direct(String name) implements Callee {
    public String text() { return name; }
  }

  /** How an indirect call reaches its target. */
  enum Via {
    /** {@code ops->release(x)}: a function-pointer field of a struct, see {@link Indirect#target()}. */
    FIELD,
    /** {@code get_block(inode, ...)} where {@code get_block} is a parameter of the enclosing function. */
    PARAMETER,
    /** A local or global function-pointer variable. */
    VARIABLE
  }

  /**
   * A call through a function pointer. {@code target} names it for the call graph: "struct-tag.field"
   * ("hmm_mirror_ops.release") when the struct holding the field is known, "?.field" when it is not, or the
   * variable / parameter name. {@code expr} is the C text of the callee ("mirror->ops->release").
   * {@code paramType}, for {@link Via#PARAMETER}, is the declared type of the parameter ("get_block_t").
   */
  record Indirect(Via via, String target, String expr, Optional<String> paramType) implements Callee {
    public String text() { return expr; }
  }
}

package faultline.frontend;

import faultline.ir.Expr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Block-structured name lookup inside one function; falls back to the file's globals. One map holds what is
 * visible now; entering a block starts an undo log that leaving it replays, so a lookup is one hash probe however
 * deep the blocks nest (lowering looks up every identifier and every callee).
 */
final class Scope {

  /** A declared name: where it lives, its type as written, and its type model. */
  record Var(Expr.Storage storage, String typeText, CType type) {}

  /** What a declaration in the current block replaced: the outer variable of that name, or null. */
  private record Shadowed(String name, Var outer) {}

  private final TypeTable types;
  private final Map<String, Var> visible = new HashMap<>(32);
  /** One undo log per open block, innermost last; the function's own level (parameters) has none. */
  private final List<List<Shadowed>> blocks = new ArrayList<>();

  Scope(TypeTable types) {
    this.types = types;
  }

  void enterBlock() {
    blocks.add(new ArrayList<>(4));
  }

  void leaveBlock() {
    List<Shadowed> undo = blocks.remove(blocks.size() - 1);
    for (int i = undo.size() - 1; i >= 0; i--) {
      Shadowed s = undo.get(i);
      if (s.outer() == null) visible.remove(s.name());
      else visible.put(s.name(), s.outer());
    }
  }

  void declare(String name, Expr.Storage storage, String typeText, CType type) {
    if (name.isEmpty()) return;
    Var outer = visible.put(name, new Var(storage, typeText, type));
    if (!blocks.isEmpty()) blocks.get(blocks.size() - 1).add(new Shadowed(name, outer));
  }

  Optional<Var> lookup(String name) {
    return Optional.ofNullable(find(name));
  }

  /** The variable {@code name} denotes here, or null when it is neither declared in the function nor a global. */
  Var find(String name) {
    Var v = visible.get(name);
    return v != null ? v : types.globalVar(name);
  }
}

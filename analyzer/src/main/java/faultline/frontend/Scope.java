package faultline.frontend;

import faultline.ir.Expr;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Block-structured name lookup inside one function; falls back to the file's globals. */
final class Scope {

  /** A declared name: where it lives, its type as written, and its type model. */
  record Var(Expr.Storage storage, String typeText, CType type) {}

  private final Scope parent;
  private final TypeTable types;
  private final Map<String, Var> vars = new HashMap<>(8);

  Scope(TypeTable types) {
    this(null, types);
  }

  private Scope(Scope parent, TypeTable types) {
    this.parent = parent;
    this.types = types;
  }

  Scope child() {
    return new Scope(this, types);
  }

  Scope parent() {
    return parent;
  }

  void declare(String name, Expr.Storage storage, String typeText, CType type) {
    if (!name.isEmpty()) vars.put(name, new Var(storage, typeText, type));
  }

  Optional<Var> lookup(String name) {
    for (Scope s = this; s != null; s = s.parent) {
      Var v = s.vars.get(name);
      if (v != null) return Optional.of(v);
    }
    return types.global(name).map(g -> new Var(Expr.Storage.GLOBAL, g.typeText(), g.type()));
  }
}

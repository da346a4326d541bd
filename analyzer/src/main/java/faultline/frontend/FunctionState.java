package faultline.frontend;

import faultline.cfg.CfgBuilder;
import faultline.ir.Local;
import faultline.ir.OpsBinding;
import faultline.ir.Span;
import faultline.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.cdt.core.dom.ast.IASTName;
import org.eclipse.cdt.core.dom.ast.IASTNode;

/** Mutable state while one function definition is lowered: the CFG under construction, scopes, temporaries. */
final class FunctionState {

  /** Thrown when the per-file time limit passes during lowering. */
  static final class DeadlineExceeded extends RuntimeException {
    DeadlineExceeded() {
      super("per-file time limit exceeded while lowering", null, false, false);
    }
  }

  final SourceText src;
  final TypeTable types;
  final CfgBuilder cfg;
  final MacroOrigins macros;
  final List<Local> locals = new ArrayList<>();
  final List<OpsBinding> bindings;
  /** The file's pool: identifiers, names, literals, direct callees and optional strings come from it. */
  final IrPool pool;
  private final long deadlineNanos;
  final Scope scope;
  private int temps;
  private int steps;

  FunctionState(SourceText src, TypeTable types, CfgBuilder cfg, MacroOrigins macros, Scope scope,
      List<OpsBinding> bindings, long deadlineNanos, IrPool pool) {
    this.pool = pool;
    this.src = src;
    this.types = types;
    this.cfg = cfg;
    this.macros = macros;
    this.scope = scope;
    this.bindings = bindings;
    this.deadlineNanos = deadlineNanos;
  }

  String newTemp() {
    int n = ++temps;
    return n < TEMP_NAMES.length ? TEMP_NAMES[n] : "$t" + n;
  }

  /** "$t1", "$t2", ...: every function numbers its temporaries from 1, so the first names are made once. */
  private static final String[] TEMP_NAMES = new String[256];

  static {
    for (int i = 1; i < TEMP_NAMES.length; i++) TEMP_NAMES[i] = "$t" + i;
  }

  /** The shared String of a CDT name. */
  String id(IASTName name) {
    return pool.identifier(name);
  }

  Span span(IASTNode node) {
    return src.span(node);
  }

  int append(Stmt stmt) {
    return cfg.append(stmt);
  }

  /** Cheap periodic deadline check (every 64 statements). */
  void tick() {
    if ((++steps & 63) == 0 && System.nanoTime() > deadlineNanos) throw new DeadlineExceeded();
  }

  void pushScope() {
    scope.enterBlock();
  }

  void popScope() {
    scope.leaveBlock();
  }
}

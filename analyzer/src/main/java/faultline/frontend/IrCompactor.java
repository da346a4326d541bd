package faultline.frontend;

import faultline.ir.Callee;
import faultline.ir.Expr;
import faultline.ir.Local;
import faultline.ir.LockAnnotation;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.ParseIssue;
import faultline.ir.Stmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Makes the IR of one file small before it is kept for the whole scan: equal strings, optional strings, names,
 * literals and direct callees share one instance. The scanner holds every unit until the rules have run, and
 * lowering makes each identifier and type text afresh at every use ("dev", "struct device *", "$t1"), so a file's IR
 * was mostly copies. Records are rebuilt with pooled parts; lists become immutable and exactly sized.
 *
 * <p>Only leaves are pooled, looked up by their text. Pooling whole expressions, spans or argument lists as well
 * saved a little more memory but cost a third of the lowering time (record hash codes are deep). Statements are never shared: analyses may key maps by statement or function, and two equal
 * statements are still two CFG nodes. One instance per file, used by one thread.
 */
final class IrCompactor {

  private final Map<String, String> strings = new HashMap<>(1024);
  private final Map<String, Optional<String>> optionals = new HashMap<>(256);
  // Leaves by their text, as written by lowering (one probe per use; the usual hit needs no other lookup)
  private final Map<String, Expr.Name> names = new HashMap<>(512);
  private final Map<String, Expr.Literal> literals = new HashMap<>(128);
  private final Map<String, Callee.Direct> directCallees = new HashMap<>(256);

  String str(String s) {
    String known = strings.putIfAbsent(s, s);
    return known == null ? s : known;
  }

  Optional<String> opt(Optional<String> s) {
    if (s.isEmpty()) return s;
    Optional<String> known = optionals.get(s.get());
    if (known == null) {
      known = Optional.of(str(s.get()));
      optionals.put(known.get(), known);
    }
    return known;
  }

  /** Names are shared when id, storage and type agree (a name met with another storage or type keeps its own). */
  private Expr.Name name(Expr.Name n) {
    Expr.Name known = names.get(n.id());
    if (known != null && known.storage() == n.storage() && known.type().equals(n.type())) return known;
    Expr.Name shared = new Expr.Name(str(n.id()), n.storage(), opt(n.type()));
    if (known == null) names.put(shared.id(), shared);
    return shared;
  }

  private Expr.Literal literal(Expr.Literal l) {
    Expr.Literal known = literals.get(l.text());
    if (known != null) return known;
    Expr.Literal shared = new Expr.Literal(str(l.text()));
    literals.put(shared.text(), shared);
    return shared;
  }

  private Callee.Direct direct(Callee.Direct d) {
    Callee.Direct known = directCallees.get(d.name());
    if (known != null) return known;
    Callee.Direct shared = new Callee.Direct(str(d.name()));
    directCallees.put(shared.name(), shared);
    return shared;
  }

  Expr expr(Expr e) {
    if (e instanceof Expr.Name n) return name(n);
    if (e instanceof Expr.Member m) return new Expr.Member(expr(m.base()), str(m.field()), m.arrow(), opt(m.baseStruct()));
    if (e instanceof Expr.Unary u) return new Expr.Unary(str(u.op()), expr(u.operand()));
    if (e instanceof Expr.Binary b) return new Expr.Binary(str(b.op()), expr(b.left()), expr(b.right()));
    if (e instanceof Expr.Literal l) return literal(l);
    if (e instanceof Expr.CallExpr c) return new Expr.CallExpr(str(c.callee()), exprs(c.args()), str(c.text()));
    return new Expr.Other(str(((Expr.Other) e).text()));
  }

  List<Expr> exprs(List<Expr> list) {
    switch (list.size()) {
      case 0: return List.of();
      case 1: return List.of(expr(list.get(0)));
      case 2: return List.of(expr(list.get(0)), expr(list.get(1)));
      default:
        Expr[] out = new Expr[list.size()];
        for (int i = 0; i < out.length; i++) out[i] = expr(list.get(i));
        return List.of(out);
    }
  }

  Callee callee(Callee c) {
    if (c instanceof Callee.Direct d) return direct(d);
    Callee.Indirect i = (Callee.Indirect) c;
    return new Callee.Indirect(i.via(), str(i.target()), str(i.expr()), opt(i.paramType()));
  }

  /** A statement rebuilt from shared parts (the statement itself stays a distinct instance). */
  Stmt stmt(Stmt s) {
    if (s instanceof Stmt.Call c) {
      return new Stmt.Call(callee(c.callee()), exprs(c.args()), opt(c.result()), opt(c.viaMacro()), c.at());
    }
    if (s instanceof Stmt.Assign a) return new Stmt.Assign(str(a.target()), expr(a.value()), a.at());
    if (s instanceof Stmt.Branch b) return new Stmt.Branch(expr(b.cond()), b.at());
    if (s instanceof Stmt.Return r) return new Stmt.Return(r.value().map(this::expr), r.at());
    if (s instanceof Stmt.GuardEnter g) return new Stmt.GuardEnter(str(g.guardType()), exprs(g.args()), g.at());
    if (s instanceof Stmt.GuardExit g) return new Stmt.GuardExit(str(g.guardType()), exprs(g.args()), g.at());
    if (s instanceof Stmt.Join j) return new Stmt.Join(str(j.label()), j.at());
    Stmt.Opaque o = (Stmt.Opaque) s;
    return new Stmt.Opaque(str(o.text()), str(o.reason()), o.at());
  }

  List<Param> params(List<Param> params) {
    if (params.isEmpty()) return List.of();
    List<Param> out = new ArrayList<>(params.size());
    for (Param p : params) out.add(new Param(str(p.name()), str(p.type())));
    return List.copyOf(out);
  }

  List<Local> locals(List<Local> locals) {
    if (locals.isEmpty()) return List.of();
    List<Local> out = new ArrayList<>(locals.size());
    for (Local l : locals) out.add(new Local(str(l.name()), str(l.type()), l.at()));
    return List.copyOf(out);
  }

  List<LockAnnotation> annotations(List<LockAnnotation> annotations) {
    if (annotations.isEmpty()) return List.of();
    List<LockAnnotation> out = new ArrayList<>(annotations.size());
    for (LockAnnotation a : annotations) out.add(new LockAnnotation(a.kind(), expr(a.lock())));
    return List.copyOf(out);
  }

  OpsBinding binding(OpsBinding b) {
    return new OpsBinding(str(b.structTag()), str(b.field()), str(b.function()), b.at());
  }

  ParseIssue issue(ParseIssue i) {
    return new ParseIssue(i.kind(), str(i.message()), i.at());
  }
}

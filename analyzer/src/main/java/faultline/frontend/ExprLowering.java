package faultline.frontend;

import faultline.cfg.CfgBuilder;
import faultline.cfg.CfgBuilder.Dangling;
import faultline.ir.CLiterals;
import faultline.ir.Callee;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.OpsBinding;
import faultline.ir.Span;
import faultline.ir.Stmt;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTConditionalExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpression;
import org.eclipse.cdt.core.dom.ast.IASTExpressionList;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTInitializerClause;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTProblemExpression;
import org.eclipse.cdt.core.dom.ast.IASTTypeIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.gnu.IGNUASTCompoundStatementExpression;

/**
 * Lowers C expressions into CFG nodes plus an {@link Expr} for their value. Calls are hoisted, one per node, in
 * evaluation order (arguments left to right, then the call); a call whose value is used gets a temporary
 * {@code $tN}. {@code &&}, {@code ||}, {@code ?:} with calls in them become branch chains; without calls they
 * stay {@link Expr.Binary} / {@link Expr.Other} values (branch conditions never keep {@code &&}/{@code ||}:
 * {@link #cond} always splits them). Assignments become {@link Stmt.Assign}, or set {@link Stmt.Call#result()}
 * when the right-hand side is a call.
 *
 * <p>Known gaps: evaluation order inside one full expression is left-to-right, which C does not promise;
 * {@code x++} becomes {@code x = x + 1} after the use; calls in compound literals, in {@code sizeof} and
 * {@code typeof} are not lowered (unevaluated or rare); GNU computed gotos are opaque.
 */
final class ExprLowering {

  /** Where control goes when a condition is true and when it is false. */
  record Conds(List<Dangling> whenTrue, List<Dangling> whenFalse) {}

  static final String GUARD_MARKER = "__faultline_guard";
  static final String CLASS_MARKER = "__faultline_class";
  static final String SCOPED_GUARD_MARKER = "__faultline_scoped_guard";
  static final String GUARD_FAILED_MARKER = "__faultline_guard_failed";

  private final FunctionState st;
  private StmtLowering stmts;

  ExprLowering(FunctionState st) {
    this.st = st;
  }

  void setStatements(StmtLowering stmts) {
    this.stmts = stmts;
  }

  // ---------------------------------------------------------------- statement context

  /** Lowers an expression whose value is dropped (an expression statement). */
  void effect(IASTExpression e) {
    IASTExpression x = unwrapParens(e);
    AstKind kind = AstKind.of(x);
    if (kind == AstKind.CALL) {
      call((IASTFunctionCallExpression) x, Optional.empty());
    } else if (kind == AstKind.EXPRESSION_LIST) {
      for (IASTExpression part : ((IASTExpressionList) x).getExpressions()) effect(part);
    } else if (kind == AstKind.CAST && x instanceof IASTCastExpression cast
        && ExpandedText.typeId(cast.getTypeId()).equals("void")) {
      effect(cast.getOperand());
    } else if (kind == AstKind.CONDITIONAL && x instanceof IASTConditionalExpression c && containsCall(c)) {
      Conds conds = cond(c.getLogicalConditionExpression());
      st.cfg.setPending(conds.whenTrue());
      if (c.getPositiveResultExpression() != null) effect(c.getPositiveResultExpression());
      List<Dangling> afterTrue = st.cfg.takePending();
      st.cfg.setPending(conds.whenFalse());
      effect(c.getNegativeResultExpression());
      st.cfg.addPending(afterTrue);
    } else if (kind == AstKind.BINARY && x instanceof IASTBinaryExpression b && isLogical(b) && containsCall(b)) {
      Conds conds = cond(b);
      st.cfg.setPending(conds.whenTrue());
      st.cfg.addPending(conds.whenFalse());
    } else {
      value(x);
    }
  }

  // ---------------------------------------------------------------- conditions

  /** Lowers a controlling expression: pending edges in, TRUE/FALSE edge sets out. */
  Conds cond(IASTExpression e) {
    st.tick(); // one statement can hold a 50,000-term expression: the deadline is checked per expression too
    IASTExpression x = unwrapParens(e);
    AstKind kind = AstKind.of(x);
    if (kind == AstKind.BINARY && x instanceof IASTBinaryExpression b) {
      int op = b.getOperator();
      if (op == IASTBinaryExpression.op_logicalAnd) {
        Conds left = cond(b.getOperand1());
        st.cfg.setPending(left.whenTrue());
        Conds right = cond(b.getOperand2());
        return new Conds(right.whenTrue(), concat(left.whenFalse(), right.whenFalse()));
      }
      if (op == IASTBinaryExpression.op_logicalOr) {
        Conds left = cond(b.getOperand1());
        st.cfg.setPending(left.whenFalse());
        Conds right = cond(b.getOperand2());
        return new Conds(concat(left.whenTrue(), right.whenTrue()), right.whenFalse());
      }
    }
    if (kind == AstKind.UNARY && x instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_not
        && needsSplit(u.getOperand())) {
      Conds inner = cond(u.getOperand());
      return new Conds(inner.whenFalse(), inner.whenTrue());
    }
    if (kind == AstKind.CONDITIONAL && x instanceof IASTConditionalExpression c
        && c.getPositiveResultExpression() != null) {
      Conds test = cond(c.getLogicalConditionExpression());
      st.cfg.setPending(test.whenTrue());
      Conds pos = cond(c.getPositiveResultExpression());
      st.cfg.setPending(test.whenFalse());
      Conds neg = cond(c.getNegativeResultExpression());
      return new Conds(concat(pos.whenTrue(), neg.whenTrue()), concat(pos.whenFalse(), neg.whenFalse()));
    }
    if (kind == AstKind.EXPRESSION_LIST && x instanceof IASTExpressionList list) {
      IASTExpression[] parts = list.getExpressions();
      for (int i = 0; i < parts.length - 1; i++) effect(parts[i]);
      return cond(parts[parts.length - 1]);
    }
    if (kind == AstKind.LITERAL && x instanceof IASTLiteralExpression lit
        && lit.getKind() == IASTLiteralExpression.lk_integer_constant) {
      OptionalLong constant = CLiterals.integerValue(String.valueOf(lit.getValue()));
      if (constant.isPresent()) {
        List<Dangling> pending = st.cfg.takePending();
        return constant.getAsLong() != 0 ? new Conds(pending, List.of()) : new Conds(List.of(), pending);
      }
    }
    Expr v = value(x);
    int branch = st.cfg.appendBranch(new Stmt.Branch(v, st.span(x)));
    return new Conds(CfgBuilder.branchEdge(branch, EdgeKind.TRUE), CfgBuilder.branchEdge(branch, EdgeKind.FALSE));
  }

  /** Whether a condition has to be split into several branches (it contains && / || / ?: at its top). */
  private static boolean needsSplit(IASTExpression e) {
    IASTExpression x = unwrapParens(e);
    return switch (AstKind.of(x)) {
      case BINARY -> isLogical((IASTBinaryExpression) x);
      case UNARY -> ((IASTUnaryExpression) x).getOperator() == IASTUnaryExpression.op_not
          && needsSplit(((IASTUnaryExpression) x).getOperand());
      case CONDITIONAL, EXPRESSION_LIST -> true;
      default -> false;
    };
  }

  private static boolean isLogical(IASTBinaryExpression b) {
    return b.getOperator() == IASTBinaryExpression.op_logicalAnd || b.getOperator() == IASTBinaryExpression.op_logicalOr;
  }

  // ---------------------------------------------------------------- values

  /** Lowers an expression whose value is used and returns that value. */
  Expr value(IASTExpression e) {
    st.tick();
    if (e == null) return new Expr.Other("");
    return switch (AstKind.of(e)) {
      case ID -> name(st.id(((IASTIdExpression) e).getName()));
      case LITERAL -> st.pool.literal(String.valueOf(((IASTLiteralExpression) e).getValue()));
      case FIELD_REFERENCE -> {
        IASTFieldReference f = (IASTFieldReference) e;
        Expr base = postfixBase(operand(f.getFieldOwner()));
        yield new Expr.Member(base, st.id(f.getFieldName()), f.isPointerDereference(), memberStruct(f));
      }
      case ARRAY_SUBSCRIPT -> {
        IASTArraySubscriptExpression a = (IASTArraySubscriptExpression) e;
        Expr array = postfixBase(operand(a.getArrayExpression()));
        Expr index = a.getArgument() instanceof IASTExpression ix ? value(ix) : other(a.getArgument());
        yield new Expr.Binary("[]", array, index);
      }
      case CALL -> call((IASTFunctionCallExpression) e, null);
      case UNARY -> unary((IASTUnaryExpression) e);
      case CAST -> {
        IASTCastExpression c = (IASTCastExpression) e;
        String type = Declarators.typeText(c.getTypeId().getDeclSpecifier(), c.getTypeId().getAbstractDeclarator());
        yield new Expr.Unary("(" + type + ")", operand(c.getOperand()));
      }
      case BINARY -> binary((IASTBinaryExpression) e);
      case CONDITIONAL -> conditional((IASTConditionalExpression) e);
      case EXPRESSION_LIST -> {
        IASTExpression[] parts = ((IASTExpressionList) e).getExpressions();
        for (int i = 0; i < parts.length - 1; i++) effect(parts[i]);
        yield value(parts[parts.length - 1]);
      }
      case STATEMENT_EXPRESSION ->
          stmts.statementExpression(((IGNUASTCompoundStatementExpression) e).getCompoundStatement());
      case PROBLEM_EXPRESSION -> {
        IASTProblemExpression p = (IASTProblemExpression) e;
        st.append(new Stmt.Opaque(st.src.text(p), "syntax error", st.span(p)));
        yield new Expr.Other(st.src.text(p));
      }
      // sizeof(type), typeid, compound literals and anything else: not evaluated here
      default -> other(e);
    };
  }

  /** An operand of another operator: a parenthesised binary keeps its parentheses in the text. */
  private Expr operand(IASTExpression e) {
    Expr v = value(e);
    if (AstKind.of(e) == AstKind.UNARY
        && ((IASTUnaryExpression) e).getOperator() == IASTUnaryExpression.op_bracketedPrimary
        && (v instanceof Expr.Binary b && !b.op().equals("[]") || v instanceof Expr.Other)) {
      return v instanceof Expr.Other o && o.text().startsWith("(") ? v : new Expr.Other("(" + v.text() + ")");
    }
    return v;
  }

  /**
   * The base of {@code ->}, {@code .} or {@code []}: a prefix expression there ({@code (&d->items)->next},
   * {@code ((struct foo *)p)->lock}) keeps its parentheses in the text; the member's struct tag comes from
   * the types, so nothing the analysis needs is lost.
   */
  private static Expr postfixBase(Expr base) {
    return base instanceof Expr.Unary u ? new Expr.Other("(" + u.text() + ")") : base;
  }

  Expr other(IASTNode n) {
    return new Expr.Other(st.src.text(n));
  }

  Expr name(String id) {
    Scope.Var v = st.scope.find(id);
    if (v != null) {
      return st.pool.name(id, v.storage(), v.typeText());
    }
    if (st.types.isFunction(id)) return st.pool.name(id, Expr.Storage.GLOBAL, "");
    return st.pool.name(id, Expr.Storage.UNKNOWN, "");
  }

  private Expr unary(IASTUnaryExpression u) {
    int op = u.getOperator();
    IASTExpression operand = u.getOperand();
    switch (op) {
      case IASTUnaryExpression.op_bracketedPrimary:
        return value(operand);
      case IASTUnaryExpression.op_sizeof:
      case IASTUnaryExpression.op_alignOf:
      case IASTUnaryExpression.op_typeof:
        return other(u);
      case IASTUnaryExpression.op_prefixIncr:
      case IASTUnaryExpression.op_prefixDecr:
      case IASTUnaryExpression.op_postFixIncr:
      case IASTUnaryExpression.op_postFixDecr: {
        Expr target = value(operand);
        boolean incr = op == IASTUnaryExpression.op_prefixIncr || op == IASTUnaryExpression.op_postFixIncr;
        st.append(new Stmt.Assign(target.text(), new Expr.Binary(incr ? "+" : "-", target, st.pool.literal("1")),
            st.span(u)));
        return target;
      }
      default:
        String text = switch (op) {
          case IASTUnaryExpression.op_amper -> "&";
          case IASTUnaryExpression.op_star -> "*";
          case IASTUnaryExpression.op_not -> "!";
          case IASTUnaryExpression.op_minus -> "-";
          case IASTUnaryExpression.op_plus -> "+";
          case IASTUnaryExpression.op_tilde -> "~";
          default -> null;
        };
        if (text == null) return other(u);
        if (op == IASTUnaryExpression.op_amper && unwrapParens(operand) instanceof IASTIdExpression id
            && st.types.isFunction(st.id(id.getName())) && st.scope.find(st.id(id.getName())) == null) {
          return new Expr.Unary("&", name(st.id(id.getName())));
        }
        return new Expr.Unary(text, operand(operand));
    }
  }

  private Expr binary(IASTBinaryExpression b) {
    int op = b.getOperator();
    if (isAssignment(op)) return assign(b);
    if (isLogical(b) && (containsCall(b.getOperand1()) || containsCall(b.getOperand2()))) {
      String temp = st.newTemp();
      Conds conds = cond(b);
      st.cfg.setPending(conds.whenTrue());
      st.append(new Stmt.Assign(temp, st.pool.literal("1"), st.span(b)));
      List<Dangling> afterTrue = st.cfg.takePending();
      st.cfg.setPending(conds.whenFalse());
      st.append(new Stmt.Assign(temp, st.pool.literal("0"), st.span(b)));
      st.cfg.addPending(afterTrue);
      return st.pool.name(temp, Expr.Storage.TEMP, "int");
    }
    String text = binaryOperator(op);
    if (text == null) return other(b);
    Expr left = operand(b.getOperand1());
    Expr right = b.getInitOperand2() instanceof IASTExpression r ? operand(r) : other(b.getInitOperand2());
    return new Expr.Binary(text, left, right);
  }

  private Expr conditional(IASTConditionalExpression c) {
    IASTExpression pos = c.getPositiveResultExpression();
    if (!containsCall(c)) return other(c);
    String temp = st.newTemp();
    Span at = st.span(c);
    if (pos == null) {
      // GNU a ?: b
      Expr first = value(c.getLogicalConditionExpression());
      st.append(new Stmt.Assign(temp, first, at));
      int branch = st.cfg.appendBranch(new Stmt.Branch(st.pool.name(temp, Expr.Storage.TEMP, ""), at));
      st.cfg.setPending(CfgBuilder.branchEdge(branch, EdgeKind.FALSE));
      st.append(new Stmt.Assign(temp, value(c.getNegativeResultExpression()), at));
      st.cfg.addPending(CfgBuilder.branchEdge(branch, EdgeKind.TRUE));
      return st.pool.name(temp, Expr.Storage.TEMP, "");
    }
    Conds conds = cond(c.getLogicalConditionExpression());
    st.cfg.setPending(conds.whenTrue());
    assignTo(temp, pos, at);
    List<Dangling> afterTrue = st.cfg.takePending();
    st.cfg.setPending(conds.whenFalse());
    assignTo(temp, c.getNegativeResultExpression(), at);
    st.cfg.addPending(afterTrue);
    return st.pool.name(temp, Expr.Storage.TEMP, "");
  }

  /** {@code target = e}: a call gets {@code target} as its result, anything else an Assign. */
  void assignTo(String target, IASTExpression e, Span at) {
    IASTExpression x = unwrapParens(e);
    if (x instanceof IASTFunctionCallExpression call && isMarkerCall(call)) {
      call(call, Optional.empty()); // CLASS(type, var)(args): the guard, no value worth assigning
    } else if (x instanceof IASTFunctionCallExpression call) {
      call(call, st.pool.opt(target));
    } else {
      st.append(new Stmt.Assign(target, value(e), at));
    }
  }

  private Expr assign(IASTBinaryExpression b) {
    int op = b.getOperator();
    IASTExpression lhs = b.getOperand1();
    IASTExpression rhs = b.getInitOperand2() instanceof IASTExpression r ? r : null;
    Span at = st.span(b);
    if (op == IASTBinaryExpression.op_assign) {
      IASTExpression r = rhs == null ? null : unwrapParens(rhs);
      if (r instanceof IASTFunctionCallExpression call && !isMarkerCall(call)) {
        Expr target = value(lhs);
        call(call, st.pool.opt(target.text()));
        return target;
      }
      Expr v = rhs == null ? other(b.getInitOperand2()) : value(rhs);
      Expr target = value(lhs);
      st.append(new Stmt.Assign(target.text(), v, at));
      if (rhs != null) bindingFromAssignment(lhs, rhs, at);
      return target;
    }
    Expr v = rhs == null ? other(b.getInitOperand2()) : operand(rhs);
    Expr target = value(lhs);
    String arith = binaryOperator(compoundToArithmetic(op));
    st.append(new Stmt.Assign(target.text(), new Expr.Binary(arith == null ? "?" : arith, target, v), at));
    return target;
  }

  /** {@code fops->open = foo_open;}: an ops binding when the value names a function. */
  private void bindingFromAssignment(IASTExpression lhs, IASTExpression rhs, Span at) {
    if (!(unwrapParens(lhs) instanceof IASTFieldReference field)) return;
    Optional<String> key = structKeyOfOwner(field);
    String fieldName = st.id(field.getFieldName());
    boolean pointerField = key.map(k -> st.types.isFunctionPointerField(k, fieldName)).orElse(false);
    OpsBindingCollector.functionNamed(rhs, st.types, st.scope, pointerField).ifPresent(fn -> st.bindings.add(
        new OpsBinding(TypeTable.visibleTag(key).orElse("?"), fieldName, fn, at)));
  }

  // ---------------------------------------------------------------- calls

  /**
   * Lowers a call. {@code result}: null when the value is used (a temporary is made and returned), empty when
   * dropped, else the receiving lvalue text.
   */
  Expr call(IASTFunctionCallExpression call, Optional<String> result) {
    IASTExpression fn = unwrapParens(call.getFunctionNameExpression());
    if (fn instanceof IASTFunctionCallExpression inner && markerName(inner).map(n -> n.equals(GUARD_MARKER)
        || n.equals(CLASS_MARKER)).orElse(false)) {
      List<Expr> args = arguments(call.getArguments());
      stmts.enterGuard(guardType(inner), args, st.span(call));
      return st.pool.literal("0");
    }
    Callee callee = callee(fn);
    List<Expr> args = arguments(call.getArguments());
    String calleeName = fn instanceof IASTIdExpression id ? st.id(id.getName()) : "";
    Optional<String> via = st.macros.viaMacro(call, calleeName);
    Optional<String> target = result;
    Expr value = null;
    if (target == null) {
      String temp = st.newTemp();
      target = st.pool.opt(temp);
      value = st.pool.name(temp, Expr.Storage.TEMP, "");
    }
    st.append(new Stmt.Call(callee, args, target, via, st.span(call)));
    return value != null ? value : st.pool.literal("0");
  }

  private List<Expr> arguments(IASTInitializerClause[] clauses) {
    Expr[] args = new Expr[clauses.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = clauses[i] instanceof IASTExpression ex ? value(ex) : other(clauses[i]);
    }
    return List.of(args);
  }

  private Callee callee(IASTExpression fn) {
    IASTExpression target = fn;
    boolean explicitDeref = false;
    if (fn instanceof IASTUnaryExpression u && u.getOperator() == IASTUnaryExpression.op_star) {
      target = unwrapParens(u.getOperand());
      explicitDeref = true;
    }
    if (target instanceof IASTIdExpression id) {
      String name = st.id(id.getName());
      Scope.Var var = st.scope.find(name);
      String expr = explicitDeref ? "(*" + name + ")" : name;
      if (var != null && var.storage() == Expr.Storage.PARAM) {
        String type = var.typeText();
        return new Callee.Indirect(Callee.Via.PARAMETER, name, expr, type.isEmpty() ? Optional.empty() : st.pool.opt(type));
      }
      if (var != null || explicitDeref) {
        return new Callee.Indirect(Callee.Via.VARIABLE, name, expr, Optional.empty());
      }
      return st.pool.direct(name);
    }
    if (target instanceof IASTFieldReference f) {
      Expr owner = postfixBase(operand(f.getFieldOwner()));
      String field = st.id(f.getFieldName());
      String tag = TypeTable.visibleTag(structKeyOfOwner(f)).orElse("?");
      String expr = owner.text() + (f.isPointerDereference() ? "->" : ".") + field;
      return new Callee.Indirect(Callee.Via.FIELD, tag + "." + field, explicitDeref ? "(*" + expr + ")" : expr,
          Optional.empty());
    }
    Expr v = value(target);
    return new Callee.Indirect(Callee.Via.VARIABLE, v.text(), v.text(), Optional.empty());
  }

  static Optional<String> markerName(IASTFunctionCallExpression call) {
    if (unwrapParens(call.getFunctionNameExpression()) instanceof IASTIdExpression id) {
      String n = id.getName().toString();
      if (n.startsWith("__faultline_")) return Optional.of(n);
    }
    return Optional.empty();
  }

  private static boolean isMarkerCall(IASTFunctionCallExpression call) {
    IASTExpression fn = unwrapParens(call.getFunctionNameExpression());
    return fn instanceof IASTFunctionCallExpression inner && markerName(inner).isPresent();
  }

  /** The guard class of a marker call: its first argument as written ("mutex", "spinlock_irqsave"). */
  String guardType(IASTFunctionCallExpression marker) {
    IASTInitializerClause[] args = marker.getArguments();
    if (args.length == 0) return "";
    if (args[0] instanceof IASTIdExpression id) return st.id(id.getName());
    return st.src.text(args[0]);
  }

  // ---------------------------------------------------------------- types

  Optional<String> memberStruct(IASTFieldReference f) {
    return st.pool.opt(TypeTable.visibleTag(structKeyOfOwner(f)));
  }

  Optional<String> structKeyOfOwner(IASTFieldReference f) {
    return st.types.structKey(typeOf(f.getFieldOwner()), f.isPointerDereference());
  }

  /** The type of an expression as far as declarations in this file tell. */
  CType typeOf(IASTExpression e) {
    IASTExpression x = unwrapParens(e);
    AstKind kind = AstKind.of(x);
    if (kind == AstKind.ID && x instanceof IASTIdExpression id) {
      Scope.Var var = st.scope.find(st.id(id.getName()));
      return var == null ? CType.UNKNOWN : var.type();
    }
    if (kind == AstKind.FIELD_REFERENCE && x instanceof IASTFieldReference f) {
      return st.types.structKey(typeOf(f.getFieldOwner()), f.isPointerDereference())
          .map(k -> st.types.fieldType(k, st.id(f.getFieldName()))).orElse(CType.UNKNOWN);
    }
    if (kind == AstKind.ARRAY_SUBSCRIPT && x instanceof IASTArraySubscriptExpression a) {
      return st.types.resolve(typeOf(a.getArrayExpression())).deref();
    }
    if (kind == AstKind.UNARY && x instanceof IASTUnaryExpression u) {
      return switch (u.getOperator()) {
        case IASTUnaryExpression.op_star -> st.types.resolve(typeOf(u.getOperand())).deref();
        case IASTUnaryExpression.op_amper -> typeOf(u.getOperand()).addressOf();
        case IASTUnaryExpression.op_prefixIncr, IASTUnaryExpression.op_prefixDecr,
            IASTUnaryExpression.op_postFixIncr, IASTUnaryExpression.op_postFixDecr -> typeOf(u.getOperand());
        default -> CType.UNKNOWN;
      };
    }
    if (kind == AstKind.CAST && x instanceof IASTCastExpression c) {
      return CType.of(c.getTypeId().getDeclSpecifier(), c.getTypeId().getAbstractDeclarator());
    }
    if (kind == AstKind.CALL && x instanceof IASTFunctionCallExpression call
        && unwrapParens(call.getFunctionNameExpression()) instanceof IASTIdExpression id) {
      return st.types.returnType(st.id(id.getName()));
    }
    if (kind == AstKind.CONDITIONAL && x instanceof IASTConditionalExpression c) {
      return typeOf(c.getPositiveResultExpression() != null ? c.getPositiveResultExpression() : c.getNegativeResultExpression());
    }
    if (kind == AstKind.EXPRESSION_LIST && x instanceof IASTExpressionList list) {
      IASTExpression[] parts = list.getExpressions();
      return typeOf(parts[parts.length - 1]);
    }
    if (kind == AstKind.BINARY && x instanceof IASTBinaryExpression b) {
      int op = b.getOperator();
      if (isAssignment(op)) return typeOf(b.getOperand1());
      if (op == IASTBinaryExpression.op_plus || op == IASTBinaryExpression.op_minus) {
        CType left = st.types.resolve(typeOf(b.getOperand1()));
        if (left.pointers() > 0) return left;
      }
    }
    if (kind == AstKind.STATEMENT_EXPRESSION && x instanceof IGNUASTCompoundStatementExpression se) {
      return StmtLowering.lastExpressionType(se, this);
    }
    return CType.UNKNOWN;
  }

  // ---------------------------------------------------------------- helpers

  static IASTExpression unwrapParens(IASTExpression e) {
    IASTExpression x = e;
    while (AstKind.of(x) == AstKind.UNARY) {
      IASTUnaryExpression u = (IASTUnaryExpression) x;
      if (u.getOperator() != IASTUnaryExpression.op_bracketedPrimary || u.getOperand() == null) break;
      x = u.getOperand();
    }
    return x;
  }

  /** Whether evaluating {@code e} runs a call (or a statement expression), outside sizeof/typeof. */
  static boolean containsCall(IASTNode e) {
    if (e == null) return false;
    // the common expression kinds directly: getChildren() is a visitor underneath and costs far more
    return switch (AstKind.of(e)) {
      case CALL, STATEMENT_EXPRESSION -> true;
      case ID, LITERAL, TYPE_ID_EXPRESSION -> false;
      case UNARY -> {
        IASTUnaryExpression u = (IASTUnaryExpression) e;
        int op = u.getOperator();
        yield op != IASTUnaryExpression.op_sizeof && op != IASTUnaryExpression.op_alignOf
            && op != IASTUnaryExpression.op_typeof && containsCall(u.getOperand());
      }
      case BINARY -> {
        IASTBinaryExpression b = (IASTBinaryExpression) e;
        yield containsCall(b.getOperand1()) || containsCall(b.getInitOperand2());
      }
      case FIELD_REFERENCE -> containsCall(((IASTFieldReference) e).getFieldOwner());
      case CAST -> containsCall(((IASTCastExpression) e).getOperand());
      case ARRAY_SUBSCRIPT -> {
        IASTArraySubscriptExpression a = (IASTArraySubscriptExpression) e;
        yield containsCall(a.getArrayExpression()) || containsCall(a.getArgument());
      }
      case CONDITIONAL -> {
        IASTConditionalExpression c = (IASTConditionalExpression) e;
        yield containsCall(c.getLogicalConditionExpression()) || containsCall(c.getPositiveResultExpression())
            || containsCall(c.getNegativeResultExpression());
      }
      case EXPRESSION_LIST -> {
        for (IASTExpression part : ((IASTExpressionList) e).getExpressions()) if (containsCall(part)) yield true;
        yield false;
      }
      default -> {
        for (IASTNode child : e.getChildren()) if (containsCall(child)) yield true;
        yield false;
      }
    };
  }

  private static List<Dangling> concat(List<Dangling> a, List<Dangling> b) {
    List<Dangling> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  private static boolean isAssignment(int op) {
    return op == IASTBinaryExpression.op_assign || compoundToArithmetic(op) >= 0;
  }

  private static int compoundToArithmetic(int op) {
    return switch (op) {
      case IASTBinaryExpression.op_plusAssign -> IASTBinaryExpression.op_plus;
      case IASTBinaryExpression.op_minusAssign -> IASTBinaryExpression.op_minus;
      case IASTBinaryExpression.op_multiplyAssign -> IASTBinaryExpression.op_multiply;
      case IASTBinaryExpression.op_divideAssign -> IASTBinaryExpression.op_divide;
      case IASTBinaryExpression.op_moduloAssign -> IASTBinaryExpression.op_modulo;
      case IASTBinaryExpression.op_shiftLeftAssign -> IASTBinaryExpression.op_shiftLeft;
      case IASTBinaryExpression.op_shiftRightAssign -> IASTBinaryExpression.op_shiftRight;
      case IASTBinaryExpression.op_binaryAndAssign -> IASTBinaryExpression.op_binaryAnd;
      case IASTBinaryExpression.op_binaryXorAssign -> IASTBinaryExpression.op_binaryXor;
      case IASTBinaryExpression.op_binaryOrAssign -> IASTBinaryExpression.op_binaryOr;
      default -> -1;
    };
  }

  private static String binaryOperator(int op) {
    return switch (op) {
      case IASTBinaryExpression.op_multiply -> "*";
      case IASTBinaryExpression.op_divide -> "/";
      case IASTBinaryExpression.op_modulo -> "%";
      case IASTBinaryExpression.op_plus -> "+";
      case IASTBinaryExpression.op_minus -> "-";
      case IASTBinaryExpression.op_shiftLeft -> "<<";
      case IASTBinaryExpression.op_shiftRight -> ">>";
      case IASTBinaryExpression.op_lessThan -> "<";
      case IASTBinaryExpression.op_greaterThan -> ">";
      case IASTBinaryExpression.op_lessEqual -> "<=";
      case IASTBinaryExpression.op_greaterEqual -> ">=";
      case IASTBinaryExpression.op_binaryAnd -> "&";
      case IASTBinaryExpression.op_binaryXor -> "^";
      case IASTBinaryExpression.op_binaryOr -> "|";
      case IASTBinaryExpression.op_logicalAnd -> "&&";
      case IASTBinaryExpression.op_logicalOr -> "||";
      case IASTBinaryExpression.op_equals -> "==";
      case IASTBinaryExpression.op_notequals -> "!=";
      default -> null;
    };
  }
}

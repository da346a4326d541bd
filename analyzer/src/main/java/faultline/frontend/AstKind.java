package faultline.frontend;

import java.util.List;
import org.eclipse.cdt.core.dom.ast.IASTArraySubscriptExpression;
import org.eclipse.cdt.core.dom.ast.IASTBinaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTBreakStatement;
import org.eclipse.cdt.core.dom.ast.IASTCaseStatement;
import org.eclipse.cdt.core.dom.ast.IASTCastExpression;
import org.eclipse.cdt.core.dom.ast.IASTCompoundStatement;
import org.eclipse.cdt.core.dom.ast.IASTConditionalExpression;
import org.eclipse.cdt.core.dom.ast.IASTContinueStatement;
import org.eclipse.cdt.core.dom.ast.IASTDeclarationStatement;
import org.eclipse.cdt.core.dom.ast.IASTDefaultStatement;
import org.eclipse.cdt.core.dom.ast.IASTDoStatement;
import org.eclipse.cdt.core.dom.ast.IASTExpressionList;
import org.eclipse.cdt.core.dom.ast.IASTExpressionStatement;
import org.eclipse.cdt.core.dom.ast.IASTFieldReference;
import org.eclipse.cdt.core.dom.ast.IASTForStatement;
import org.eclipse.cdt.core.dom.ast.IASTFunctionCallExpression;
import org.eclipse.cdt.core.dom.ast.IASTGotoStatement;
import org.eclipse.cdt.core.dom.ast.IASTIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTIfStatement;
import org.eclipse.cdt.core.dom.ast.IASTLabelStatement;
import org.eclipse.cdt.core.dom.ast.IASTLiteralExpression;
import org.eclipse.cdt.core.dom.ast.IASTNode;
import org.eclipse.cdt.core.dom.ast.IASTNullStatement;
import org.eclipse.cdt.core.dom.ast.IASTProblemExpression;
import org.eclipse.cdt.core.dom.ast.IASTProblemStatement;
import org.eclipse.cdt.core.dom.ast.IASTReturnStatement;
import org.eclipse.cdt.core.dom.ast.IASTSwitchStatement;
import org.eclipse.cdt.core.dom.ast.IASTTypeIdExpression;
import org.eclipse.cdt.core.dom.ast.IASTUnaryExpression;
import org.eclipse.cdt.core.dom.ast.IASTWhileStatement;
import org.eclipse.cdt.core.dom.ast.gnu.IGNUASTCompoundStatementExpression;
import org.eclipse.cdt.core.dom.ast.gnu.IGNUASTGotoStatement;

/**
 * Which CDT interface an expression or statement node implements, decided once per node class. Lowering
 * dispatches on this instead of a chain of {@code instanceof} tests: CDT's node types are interfaces, and a failed
 * test against an interface scans the class's list of them every time (HotSpot caches only the last hit, per class,
 * for all threads). On a whole kernel tree those scans took 5.5 of the lowering's 40 CPU-s (async-profiler,
 * {@code slow_subtype_check}). The node is still cast to the interface the kind names, once.
 */
enum AstKind {
  ID(IASTIdExpression.class),
  LITERAL(IASTLiteralExpression.class),
  FIELD_REFERENCE(IASTFieldReference.class),
  ARRAY_SUBSCRIPT(IASTArraySubscriptExpression.class),
  CALL(IASTFunctionCallExpression.class),
  UNARY(IASTUnaryExpression.class),
  CAST(IASTCastExpression.class),
  BINARY(IASTBinaryExpression.class),
  CONDITIONAL(IASTConditionalExpression.class),
  EXPRESSION_LIST(IASTExpressionList.class),
  STATEMENT_EXPRESSION(IGNUASTCompoundStatementExpression.class),
  TYPE_ID_EXPRESSION(IASTTypeIdExpression.class),
  PROBLEM_EXPRESSION(IASTProblemExpression.class),

  NULL_STATEMENT(IASTNullStatement.class),
  COMPOUND(IASTCompoundStatement.class),
  EXPRESSION_STATEMENT(IASTExpressionStatement.class),
  DECLARATION_STATEMENT(IASTDeclarationStatement.class),
  IF(IASTIfStatement.class),
  WHILE(IASTWhileStatement.class),
  DO(IASTDoStatement.class),
  FOR(IASTForStatement.class),
  SWITCH(IASTSwitchStatement.class),
  CASE(IASTCaseStatement.class),
  DEFAULT(IASTDefaultStatement.class),
  BREAK(IASTBreakStatement.class),
  CONTINUE(IASTContinueStatement.class),
  RETURN(IASTReturnStatement.class),
  GOTO(IASTGotoStatement.class),
  LABEL(IASTLabelStatement.class),
  PROBLEM_STATEMENT(IASTProblemStatement.class),
  COMPUTED_GOTO(IGNUASTGotoStatement.class),

  /** None of the above (declarations, initializers, type ids, names ...), or no node at all. */
  OTHER(null);

  /** The CDT interface of this kind; {@code null} for {@link #OTHER}. */
  final Class<? extends IASTNode> type;

  AstKind(Class<? extends IASTNode> type) {
    this.type = type;
  }

  private static final List<AstKind> KINDS = List.of(values());

  /**
   * Kinds by node class: open addressing on the class's identity hash, each class followed by its kind. Lowering
   * asks some hundred million times per kernel tree; with a {@link ClassValue} the lookups took 2.5 CPU-s of the
   * tree's lowering, with this probe 2.0 (async-profiler, 8.9 % and 6.7 % of the lowering). A class met for the
   * first time (CDT's C parser has some 80 node classes) is added to a copy, published whole, so readers take no
   * lock.
   */
  private static volatile Object[] byClass = new Object[2 * 256];
  private static int classCount;

  /** The kind of {@code node}; {@link #OTHER} for {@code null}. */
  static AstKind of(IASTNode node) {
    return node == null ? OTHER : ofClass(node.getClass());
  }

  /** The kind of a node of class {@code nodeClass}, from the table. */
  static AstKind ofClass(Class<?> nodeClass) {
    Object[] table = byClass;
    int mask = (table.length >> 1) - 1;
    for (int i = System.identityHashCode(nodeClass) & mask; ; i = (i + 1) & mask) {
      Object known = table[2 * i];
      if (known == nodeClass) return (AstKind) table[2 * i + 1];
      if (known == null) return learn(nodeClass);
    }
  }

  private static synchronized AstKind learn(Class<?> nodeClass) {
    Object[] table = byClass;
    int mask = (table.length >> 1) - 1;
    for (int i = System.identityHashCode(nodeClass) & mask; table[2 * i] != null; i = (i + 1) & mask) {
      if (table[2 * i] == nodeClass) return (AstKind) table[2 * i + 1]; // another thread added it meanwhile
    }
    AstKind kind = kindOf(nodeClass);
    int slots = table.length >> 1;
    Object[] copy = new Object[2 * (2 * (classCount + 1) > slots ? 2 * slots : slots)];
    for (int i = 0; i < table.length; i += 2) if (table[i] != null) insert(copy, table[i], table[i + 1]);
    insert(copy, nodeClass, kind);
    classCount++;
    byClass = copy;
    return kind;
  }

  private static void insert(Object[] table, Object nodeClass, Object kind) {
    int mask = (table.length >> 1) - 1;
    int i = System.identityHashCode(nodeClass) & mask;
    while (table[2 * i] != null) i = (i + 1) & mask;
    table[2 * i] = nodeClass;
    table[2 * i + 1] = kind;
  }

  /**
   * The first kind whose interface {@code nodeClass} implements, in declaration order. CDT's C node classes each
   * implement at most one of them (AstKindTest checks every class of the parser), so the order never decides.
   */
  static AstKind kindOf(Class<?> nodeClass) {
    for (AstKind k : KINDS) if (k.type != null && k.type.isAssignableFrom(nodeClass)) return k;
    return OTHER;
  }
}

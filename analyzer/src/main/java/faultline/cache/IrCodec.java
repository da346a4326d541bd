package faultline.cache;

import faultline.ir.Callee;
import faultline.ir.Cfg;
import faultline.ir.Edge;
import faultline.ir.IrStrings;
import faultline.ir.EdgeKind;
import faultline.ir.Expr;
import faultline.ir.Function;
import faultline.ir.Local;
import faultline.ir.LockAnnotation;
import faultline.ir.Node;
import faultline.ir.OpsBinding;
import faultline.ir.Param;
import faultline.ir.ParseIssue;
import faultline.ir.Span;
import faultline.ir.Stmt;
import faultline.ir.TranslationUnit;
import java.io.DataInputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A compact binary form of one {@link TranslationUnit}: a string table (each distinct string once, so a decoded
 * unit shares its file names, types and identifiers), then the records field by field with variable-length ints.
 * No Java serialization: only the IR records below are written, each behind a one-byte tag.
 *
 * <p>{@link #SCHEMA} fingerprints the IR records' components; it is part of every cache key, so a change to
 * the IR made without touching this class turns old entries into misses instead of misreads (and the round-trip
 * test fails until the codec learns the new field).
 */
public final class IrCodec {

  /** Bumped when the encoding changes without an IR change. */
  static final int FORMAT = 1;

  /** The IR classes the codec writes; their shapes decide {@link #SCHEMA}. */
  private static final List<Class<?>> IR_RECORDS = List.of(TranslationUnit.class, Function.class, Span.class,
      Param.class, Local.class, LockAnnotation.class, Cfg.class, Node.class, Edge.class, OpsBinding.class,
      ParseIssue.class, Callee.Direct.class, Callee.Indirect.class, Expr.Name.class, Expr.Member.class,
      Expr.Unary.class, Expr.Binary.class, Expr.Literal.class, Expr.CallExpr.class, Expr.Other.class,
      Stmt.Call.class, Stmt.Assign.class, Stmt.Branch.class, Stmt.Return.class, Stmt.GuardEnter.class,
      Stmt.GuardExit.class, Stmt.Join.class, Stmt.Opaque.class);

  public static final String SCHEMA = schema();

  private IrCodec() {}

  // ---- encoding -------------------------------------------------------------------------------------

  public static byte[] encode(TranslationUnit unit) {
    ByteSink out = new ByteSink(8192);
    encodeTo(unit, out);
    return out.toByteArray();
  }

  /**
   * Appends the encoding of {@code unit} to {@code out} (a cache entry writes its header, this, and its checksum
   * into one buffer: no copy of the payload).
   */
  static void encodeTo(TranslationUnit unit, ByteSink out) {
    Writer body = WRITER.get();
    body.reset();
    body.unit(unit);
    out.writeVarint(body.strings.size());
    for (String s : body.strings) {
      byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
      out.writeVarint(utf8.length);
      out.write(utf8);
    }
    out.write(body.out.array(), 0, body.out.size());
  }

  // One per thread, reused: a string table, a body buffer and a hash table per entry were a gigabyte of garbage on a
  // cold scan of a kernel.
  private static final ThreadLocal<Writer> WRITER = ThreadLocal.withInitial(Writer::new);

  private static final class Writer {
    /** The string table, in order of first use: a string's id is its position. */
    final List<String> strings = new ArrayList<>(256);
    final ByteSink out = new ByteSink(8192);
    // Each string's id, by open addressing on the String's cached hash: a cache writer looks up some 30 strings
    // per function of a kernel, and a map from String to Integer boxed most ids.
    private String[] slots = new String[512];
    private int[] slotIds = new int[512];

    /** Ready for the next unit; what one very large unit made grow is not kept. */
    void reset() {
      strings.clear();
      out.reset(1 << 20);
      if (slots.length > 1 << 14) {
        slots = new String[512];
        slotIds = new int[512];
      } else {
        java.util.Arrays.fill(slots, null);
      }
    }

    void str(String s) {
      int hash = s.hashCode();
      int mask = slots.length - 1;
      int i = (hash ^ (hash >>> 16)) & mask;
      for (String known = slots[i]; known != null; known = slots[i]) {
        // Lowering pools a file's strings: equal ones are usually the same instance.
        if (known == s || (known.hashCode() == hash && known.equals(s))) {
          out.writeVarint(slotIds[i]);
          return;
        }
        i = (i + 1) & mask;
      }
      int id = strings.size();
      strings.add(s);
      slots[i] = s;
      slotIds[i] = id;
      if (2 * strings.size() > slots.length) growSlots();
      out.writeVarint(id);
    }

    private void growSlots() {
      String[] oldSlots = slots;
      int[] oldIds = slotIds;
      slots = new String[oldSlots.length * 2];
      slotIds = new int[oldSlots.length * 2];
      int mask = slots.length - 1;
      for (int k = 0; k < oldSlots.length; k++) {
        String s = oldSlots[k];
        if (s == null) continue;
        int i = (s.hashCode() ^ (s.hashCode() >>> 16)) & mask;
        while (slots[i] != null) i = (i + 1) & mask;
        slots[i] = s;
        slotIds[i] = oldIds[k];
      }
    }

    void num(int n) {
      // Lines, columns and counts are small and non-negative; zig-zag keeps the rare -1 short too.
      out.writeVarint((n << 1) ^ (n >> 31));
    }

    void bool(boolean b) {
      out.writeByte(b ? 1 : 0);
    }

    void optStr(Optional<String> s) {
      bool(s.isPresent());
      if (s.isPresent()) str(s.get());
    }

    void unit(TranslationUnit u) {
      str(u.file());
      num(u.lines());
      num(u.functions().size());
      for (Function f : u.functions()) function(f);
      num(u.bindings().size());
      for (OpsBinding b : u.bindings()) {
        str(b.structTag());
        str(b.field());
        str(b.function());
        span(b.at());
      }
      num(u.issues().size());
      for (ParseIssue i : u.issues()) {
        num(i.kind().ordinal());
        str(i.message());
        span(i.at());
      }
      num(u.problemNodes());
    }

    void span(Span s) {
      str(s.file());
      num(s.line());
      num(s.column());
      // Most spans end on the line they start: store the distance, which is usually 0.
      num(s.endLine() - s.line());
      num(s.endColumn());
    }

    void function(Function f) {
      str(f.name());
      bool(f.isStatic());
      span(f.at());
      span(f.nameAt());
      str(f.returnType());
      num(f.params().size());
      for (Param p : f.params()) {
        str(p.name());
        str(p.type());
      }
      num(f.locals().size());
      for (Local l : f.locals()) {
        str(l.name());
        str(l.type());
        span(l.at());
      }
      num(f.annotations().size());
      for (LockAnnotation a : f.annotations()) {
        num(a.kind().ordinal());
        expr(a.lock());
      }
      Cfg cfg = f.cfg();
      num(cfg.entry());
      num(cfg.exit());
      num(cfg.nodes().size());
      List<Node> nodes = cfg.nodes();
      for (int k = 0; k < nodes.size(); k++) { // indexed: two iterators per node were the writer's main garbage
        Node n = nodes.get(k);
        num(n.id());
        stmt(n.stmt());
        List<Edge> successors = n.successors();
        num(successors.size());
        for (int s = 0; s < successors.size(); s++) {
          Edge e = successors.get(s);
          num(e.target());
          num(e.kind().ordinal());
        }
      }
    }

    void exprs(List<Expr> es) {
      num(es.size());
      for (Expr e : es) expr(e);
    }

    void stmt(Stmt s) {
      if (s instanceof Stmt.Call c) {
        out.writeByte(0);
        callee(c.callee());
        exprs(c.args());
        optStr(c.result());
        optStr(c.viaMacro());
      } else if (s instanceof Stmt.Assign a) {
        out.writeByte(1);
        str(a.target());
        expr(a.value());
      } else if (s instanceof Stmt.Branch b) {
        out.writeByte(2);
        expr(b.cond());
      } else if (s instanceof Stmt.Return r) {
        out.writeByte(3);
        bool(r.value().isPresent());
        if (r.value().isPresent()) expr(r.value().get());
      } else if (s instanceof Stmt.GuardEnter g) {
        out.writeByte(4);
        str(g.guardType());
        exprs(g.args());
      } else if (s instanceof Stmt.GuardExit g) {
        out.writeByte(5);
        str(g.guardType());
        exprs(g.args());
      } else if (s instanceof Stmt.Join j) {
        out.writeByte(6);
        str(j.label());
      } else if (s instanceof Stmt.Opaque o) {
        out.writeByte(7);
        str(o.text());
        str(o.reason());
      } else {
        throw new IllegalStateException("IrCodec does not know " + s.getClass());
      }
      span(s.at());
    }

    void callee(Callee c) {
      if (c instanceof Callee.Direct d) {
        out.writeByte(0);
        str(d.name());
      } else if (c instanceof Callee.Indirect i) {
        out.writeByte(1);
        num(i.via().ordinal());
        str(i.target());
        str(i.expr());
        optStr(i.paramType());
      } else {
        throw new IllegalStateException("IrCodec does not know " + c.getClass());
      }
    }

    void expr(Expr e) {
      if (e instanceof Expr.Name n) {
        out.writeByte(0);
        str(n.id());
        num(n.storage().ordinal());
        optStr(n.type());
      } else if (e instanceof Expr.Member m) {
        out.writeByte(1);
        expr(m.base());
        str(m.field());
        bool(m.arrow());
        optStr(m.baseStruct());
      } else if (e instanceof Expr.Unary u) {
        out.writeByte(2);
        str(u.op());
        expr(u.operand());
      } else if (e instanceof Expr.Binary b) {
        out.writeByte(3);
        str(b.op());
        expr(b.left());
        expr(b.right());
      } else if (e instanceof Expr.Literal l) {
        out.writeByte(4);
        str(l.text());
      } else if (e instanceof Expr.CallExpr c) {
        out.writeByte(5);
        str(c.callee());
        exprs(c.args());
        str(c.text());
      } else if (e instanceof Expr.Other o) {
        out.writeByte(6);
        str(o.text());
      } else {
        throw new IllegalStateException("IrCodec does not know " + e.getClass());
      }
    }
  }

  // ---- decoding -------------------------------------------------------------------------------------

  /** Reads what {@link #encode} wrote. Malformed input throws {@link IOException}, never anything else. */
  public static TranslationUnit decode(byte[] data) throws IOException {
    try {
      return new Reader(new DataInputStream(new java.io.ByteArrayInputStream(data))).unit();
    } catch (RuntimeException e) {
      // Bad tags, ordinals or string ids from a damaged entry surface as index or argument errors.
      throw new IOException("malformed IR: " + e, e);
    }
  }

  /**
   * Decodes with the sharing the front-end's pool gives freshly lowered IR (see {@code frontend.IrPool}): short
   * strings through the scan's table ({@link IrStrings}), one Optional, direct callee and name per string. A warm
   * scan of a kernel decodes every file's IR; decoded without sharing it took a third more heap than the cold
   * scan's and the collector spent 200 s of a 260 s warm run.
   */
  private static final class Reader {
    final DataInputStream in;
    final String[] strings;
    private final Optional<String>[] optionals;
    private final Callee.Direct[] directs;
    private final Expr.Name[] names;

    Reader(DataInputStream in) throws IOException {
      this.in = in;
      int n = readVarint(in);
      if (n < 0 || n > in.available()) throw new IOException("bad string count " + n);
      strings = new String[n];
      for (int i = 0; i < n; i++) {
        int len = readVarint(in);
        if (len < 0 || len > in.available()) throw new IOException("bad string length " + len);
        byte[] utf8 = new byte[len];
        in.readFully(utf8);
        String s = new String(utf8, StandardCharsets.UTF_8);
        strings[i] = IrStrings.shared(s);
      }
      @SuppressWarnings("unchecked")
      Optional<String>[] opts = new Optional[n];
      optionals = opts;
      directs = new Callee.Direct[n];
      names = new Expr.Name[n];
    }

    int strIndex() throws IOException {
      int i = readVarint(in);
      if (i < 0 || i >= strings.length) throw new IOException("bad string index " + i);
      return i;
    }

    String str() throws IOException {
      return strings[strIndex()];
    }

    int num() throws IOException {
      int z = readVarint(in);
      return (z >>> 1) ^ -(z & 1);
    }

    /** A list length: bounded by the bytes left, so a damaged count cannot ask for gigabytes. */
    int count() throws IOException {
      int n = num();
      if (n < 0 || n > in.available()) throw new IOException("bad count " + n);
      return n;
    }

    boolean bool() throws IOException {
      int b = in.readUnsignedByte();
      if (b > 1) throw new IOException("bad boolean " + b);
      return b == 1;
    }

    Optional<String> optStr() throws IOException {
      if (!bool()) return Optional.empty();
      int i = strIndex();
      Optional<String> o = optionals[i];
      if (o == null) optionals[i] = o = Optional.of(strings[i]);
      return o;
    }

    TranslationUnit unit() throws IOException {
      String file = str();
      int lines = num();
      int nf = count();
      List<Function> functions = new ArrayList<>(nf);
      for (int i = 0; i < nf; i++) functions.add(function());
      int nb = count();
      List<OpsBinding> bindings = new ArrayList<>(nb);
      for (int i = 0; i < nb; i++) bindings.add(new OpsBinding(str(), str(), str(), span()));
      int ni = count();
      List<ParseIssue> issues = new ArrayList<>(ni);
      for (int i = 0; i < ni; i++) issues.add(new ParseIssue(ParseIssue.Kind.values()[num()], str(), span()));
      int problemNodes = num();
      if (in.available() != 0) throw new IOException(in.available() + " bytes after the unit");
      return new TranslationUnit(file, lines, List.copyOf(functions), List.copyOf(bindings), List.copyOf(issues),
          problemNodes);
    }

    Span span() throws IOException {
      String file = str();
      int line = num();
      int column = num();
      int endLine = line + num();
      return new Span(file, line, column, endLine, num());
    }

    Function function() throws IOException {
      String name = str();
      boolean isStatic = bool();
      Span at = span();
      Span nameAt = span();
      String returnType = str();
      int np = count();
      List<Param> params = new ArrayList<>(np);
      for (int i = 0; i < np; i++) params.add(new Param(str(), str()));
      int nl = count();
      List<Local> locals = new ArrayList<>(nl);
      for (int i = 0; i < nl; i++) locals.add(new Local(str(), str(), span()));
      int na = count();
      List<LockAnnotation> annotations = new ArrayList<>(na);
      for (int i = 0; i < na; i++) annotations.add(new LockAnnotation(LockAnnotation.Kind.values()[num()], expr()));
      int entry = num();
      int exit = num();
      int nn = count();
      List<Node> nodes = new ArrayList<>(nn);
      for (int i = 0; i < nn; i++) {
        int id = num();
        Stmt stmt = stmt();
        int ne = count();
        List<Edge> successors = new ArrayList<>(ne);
        for (int k = 0; k < ne; k++) successors.add(new Edge(num(), EdgeKind.values()[num()]));
        nodes.add(new Node(id, stmt, List.copyOf(successors)));
      }
      return new Function(name, isStatic, at, nameAt, returnType, List.copyOf(params), List.copyOf(locals),
          List.copyOf(annotations), new Cfg(entry, exit, List.copyOf(nodes)));
    }

    List<Expr> exprs() throws IOException {
      int n = count();
      List<Expr> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) out.add(expr());
      return List.copyOf(out);
    }

    Stmt stmt() throws IOException {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 0: {
          Callee callee = callee();
          List<Expr> args = exprs();
          Optional<String> result = optStr();
          Optional<String> viaMacro = optStr();
          return new Stmt.Call(callee, args, result, viaMacro, span());
        }
        case 1: {
          String target = str();
          return new Stmt.Assign(target, expr(), span());
        }
        case 2:
          return new Stmt.Branch(expr(), span());
        case 3: {
          Optional<Expr> value = bool() ? Optional.of(expr()) : Optional.empty();
          return new Stmt.Return(value, span());
        }
        case 4: {
          String type = str();
          return new Stmt.GuardEnter(type, exprs(), span());
        }
        case 5: {
          String type = str();
          return new Stmt.GuardExit(type, exprs(), span());
        }
        case 6:
          return new Stmt.Join(str(), span());
        case 7: {
          String text = str();
          return new Stmt.Opaque(text, str(), span());
        }
        default:
          throw new IOException("bad statement tag " + tag);
      }
    }

    Callee callee() throws IOException {
      int tag = in.readUnsignedByte();
      if (tag == 0) {
        int i = strIndex();
        Callee.Direct d = directs[i];
        if (d == null) directs[i] = d = new Callee.Direct(strings[i]);
        return d;
      }
      if (tag != 1) throw new IOException("bad callee tag " + tag);
      Callee.Via via = Callee.Via.values()[num()];
      String target = str();
      String expr = str();
      return new Callee.Indirect(via, target, expr, optStr());
    }

    Expr expr() throws IOException {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 0: {
          int id = strIndex();
          Expr.Storage storage = Expr.Storage.values()[num()];
          Optional<String> type = optStr();
          // One shared Name per identifier; a shadowing one (other storage or type) gets its own, as in the pool.
          Expr.Name known = names[id];
          if (known != null && known.storage() == storage && known.type().equals(type)) return known;
          Expr.Name made = new Expr.Name(strings[id], storage, type);
          if (known == null) names[id] = made;
          return made;
        }
        case 1: {
          Expr base = expr();
          String field = str();
          boolean arrow = bool();
          return new Expr.Member(base, field, arrow, optStr());
        }
        case 2: {
          String op = str();
          return new Expr.Unary(op, expr());
        }
        case 3: {
          String op = str();
          Expr left = expr();
          return new Expr.Binary(op, left, expr());
        }
        case 4:
          return new Expr.Literal(str());
        case 5: {
          String callee = str();
          List<Expr> args = exprs();
          return new Expr.CallExpr(callee, args, str());
        }
        case 6:
          return new Expr.Other(str());
        default:
          throw new IOException("bad expression tag " + tag);
      }
    }
  }

  // ---- helpers --------------------------------------------------------------------------------------

  private static int readVarint(DataInputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) return value;
    }
    throw new IOException("varint too long");
  }

  private static String schema() {
    StringBuilder shape = new StringBuilder("format ").append(FORMAT).append('\n');
    for (Class<?> c : IR_RECORDS) {
      shape.append(c.getName()).append('(');
      for (RecordComponent rc : c.getRecordComponents()) {
        shape.append(rc.getGenericType().getTypeName()).append(' ').append(rc.getName()).append(',');
      }
      shape.append(")\n");
    }
    for (Class<?> sealed : List.of(Stmt.class, Expr.class, Callee.class)) {
      shape.append(sealed.getName()).append(" permits");
      for (Class<?> sub : sealed.getPermittedSubclasses()) shape.append(' ').append(sub.getName());
      shape.append('\n');
    }
    for (Class<? extends Enum<?>> e : List.<Class<? extends Enum<?>>>of(ParseIssue.Kind.class, EdgeKind.class,
        Expr.Storage.class, Callee.Via.class, LockAnnotation.Kind.class)) {
      shape.append(e.getName()).append(List.of(e.getEnumConstants())).append('\n');
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(shape.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

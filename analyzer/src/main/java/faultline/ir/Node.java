package faultline.ir;

import java.util.List;

/** A CFG node: its index in {@link Cfg#nodes()}, its action and its successors. */
public record Node(int id, Stmt stmt, List<Edge> successors) {}

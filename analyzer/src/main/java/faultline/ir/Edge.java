package faultline.ir;

/** A CFG edge to node {@code target} (an index into {@link Cfg#nodes()}). */
public record Edge(int target, EdgeKind kind) {}

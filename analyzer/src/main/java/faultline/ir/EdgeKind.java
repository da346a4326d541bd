package faultline.ir;

/** Kind of a CFG edge: branches have one TRUE and one FALSE successor, everything else NEXT. */
public enum EdgeKind { NEXT, TRUE, FALSE }

using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform;

/// <summary>
/// Makes room on the tape before a loop for everything it records, so its pushes need no growth check. A checked push has
/// a slow path that calls the runtime, and a call anywhere in a loop makes the JIT keep the loop's floating-point values in
/// stack slots (no XMM register survives a call on x64 Unix), reloading them in the innermost loops. Before the outermost
/// loop whose records can be counted on entry, <c>tape.Reserve(reals, ints)</c> makes room for them, and its pushes become
/// <c>tape.PushReserved</c>: an index check, no call. A loop can be counted when it counts by ±1 with no early exit between
/// bounds it does not change, and so can every loop inside it that records; a branch counts as its larger side, a span
/// record as its length. A loop that cannot be counted (a <c>while</c>, a checkpointed loop) is left as it is, and the
/// loops inside it are tried in turn.
/// </summary>
internal static class TapeReservation
{
    public static DerivativeMethod Apply(DerivativeMethod method)
    {
        if (!StatementWalker.All(method.Body).Any(s => s is PushStmt)) return method;
        return method with { Body = Block(method.Body).ToEquatableArray() };
    }

    private static List<IrStmt> Block(IReadOnlyList<IrStmt> block)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block)
        {
            if (s is ForRangeStmt loop && Records(loop) && Counter.Reserve(loop) is (IrExpr reals, IrExpr ints))
            {
                output.Add(new ReserveStmt(null, reals, ints));
                output.AddRange(StatementWalker.Rewrite(new[] { loop }, t => t is PushStmt push ? push with { Reserved = true } : t));
                continue;
            }
            output.Add(s switch
            {
                ForRangeStmt f => f with { Body = Block(f.Body).ToEquatableArray() },
                WhileStmt w => w with { Body = Block(w.Body).ToEquatableArray(), Increment = Block(w.Increment).ToEquatableArray() },
                IfStmt b => b with { Then = Block(b.Then).ToEquatableArray(), Else = Block(b.Else).ToEquatableArray() },
                GuardStmt g => g with { Body = Block(g.Body).ToEquatableArray() },
                _ => s,
            });
        }
        return output;
    }

    private static bool Records(IrStmt s) => StatementWalker.All(new[] { s }).Any(t => t is PushStmt);

    /// <summary>The records of one loop, as expressions evaluated before it.</summary>
    private sealed class Counter
    {
        private readonly HashSet<int> _written;
        private readonly HashSet<int> _rebound;

        private Counter(ForRangeStmt loop, IrStmt[] all)
        {
            _written = StatementWalker.MayWrite(loop);
            // Spans that may point elsewhere during the loop: their lengths are not known on entry.
            _rebound = new HashSet<int>(all.SelectMany(t => t switch
            {
                StackAllocStmt a => new[] { a.Span },
                RentScratchStmt r => new[] { r.Var },
                DeclareStmt d => new[] { d.Var },
                AssignStmt a => new[] { a.Var },
                ViewBindStmt v => new[] { v.View },
                ViewPointStmt v => new[] { v.View },
                BindStmt b => new[] { b.Var },
                _ => System.Array.Empty<int>(),
            }));
        }

        /// <summary>(reals, ints) the loop records at most, or null when that is not known on entry.</summary>
        public static (IrExpr Reals, IrExpr Ints)? Reserve(ForRangeStmt loop)
        {
            IrStmt[] all = StatementWalker.All(new IrStmt[] { loop }).ToArray();
            // Checkpointed loops move the tape's counts themselves.
            if (all.Any(t => t is BeginCheckpointsStmt or EndForwardStmt || StatementWalker.OwnExpressions(t).Any(HasSchedule))) return null;
            return new Counter(loop, all).Loop(loop);
        }

        private (IrExpr Reals, IrExpr Ints)? Block(IReadOnlyList<IrStmt> block)
        {
            (IrExpr Reals, IrExpr Ints) sum = (Long(0), Long(0));
            foreach (IrStmt s in block)
            {
                if (Statement(s) is not (IrExpr reals, IrExpr ints)) return null;
                sum = (Plus(sum.Reals, reals), Plus(sum.Ints, ints));
            }
            return sum;
        }

        private (IrExpr Reals, IrExpr Ints)? Statement(IrStmt s)
        {
            switch (s)
            {
                case PushStmt { Value: SpanRefExpr span }:
                    IrExpr length = span.Length ?? new LengthExpr(span.Span);
                    if (!span.Type.IsReal() || !Invariant(length)) return null;
                    return (Wide(length), Long(0));
                case PushStmt push:
                    return push.Value.Type switch
                    {
                        ScalarKind.Double or ScalarKind.Single => (Long(1), Long(0)),
                        ScalarKind.Int32 or ScalarKind.Boolean => (Long(0), Long(1)),
                        _ => null,
                    };
                case IfStmt b:
                    if (Block(b.Then) is not (IrExpr thenReals, IrExpr thenInts) || Block(b.Else) is not (IrExpr elseReals, IrExpr elseInts)) return null;
                    return (Max(thenReals, elseReals), Max(thenInts, elseInts));
                case GuardStmt g:
                    return Block(g.Body);
                case ForRangeStmt f:
                    return Records(f) ? Loop(f) : (Long(0), Long(0));
                case WhileStmt w:
                    return Records(w) ? null : (Long(0), Long(0));
                default:
                    return (Long(0), Long(0));
            }
        }

        private (IrExpr Reals, IrExpr Ints)? Loop(ForRangeStmt loop)
        {
            if (loop.Guard is not null || !Invariant(loop.Start) || !Invariant(loop.End)) return null;
            IrExpr? trips = (loop.Step, loop.Compare) switch
            {
                (1, BinaryOp.Less) => Minus(loop.End, loop.Start, 0),
                (1, BinaryOp.LessOrEqual) => Minus(loop.End, loop.Start, 1),
                (-1, BinaryOp.Greater) => Minus(loop.Start, loop.End, 0),
                (-1, BinaryOp.GreaterOrEqual) => Minus(loop.Start, loop.End, 1),
                _ => null,
            };
            if (trips is null || Block(loop.Body) is not (IrExpr reals, IrExpr ints)) return null;
            return (Times(trips, reals), Times(trips, ints));
        }

        /// <summary>An expression whose value on the loop's entry holds throughout it.</summary>
        private bool Invariant(IrExpr e) => e switch
        {
            ConstExpr => true,
            VarExpr v => !_written.Contains(v.Var),
            LengthExpr l => !_rebound.Contains(l.Span),
            UnaryExpr or BinaryExpr or ConvertExpr or ConditionalExpr or IntrinsicCallExpr => ExpressionReads.Children(e).All(Invariant),
            _ => false,
        };

        private static bool HasSchedule(IrExpr e) => e is ScheduleExpr || ExpressionReads.Children(e).Any(HasSchedule);

        private static ConstExpr Long(long value) => Ir.Integer(value, ScalarKind.Int64);

        private static IrExpr Wide(IrExpr e) => e is ConstExpr c ? Long((long)c.Value) : Ir.Convert(e, ScalarKind.Int64);

        /// <summary><c>max(0, a − b + extra)</c>, a trip count.</summary>
        private static IrExpr Minus(IrExpr a, IrExpr b, long extra)
        {
            if (a is ConstExpr ca && b is ConstExpr cb) return Long(System.Math.Max(0, (long)ca.Value - (long)cb.Value + extra));
            IrExpr difference = b is ConstExpr { Value: 0 } ? Wide(a) : new BinaryExpr(ScalarKind.Int64, BinaryOp.Subtract, Wide(a), Wide(b));
            if (extra != 0) difference = new BinaryExpr(ScalarKind.Int64, BinaryOp.Add, difference, Long(extra));
            // A span's length from 0 needs no clamp.
            if (a is LengthExpr && b is ConstExpr { Value: 0 }) return difference;
            return Max(Long(0), difference, floor: true);
        }

        private static IrExpr Plus(IrExpr a, IrExpr b)
        {
            if (a is ConstExpr ca && b is ConstExpr cb) return Long((long)ca.Value + (long)cb.Value);
            if (a is ConstExpr { Value: 0 }) return b;
            if (b is ConstExpr { Value: 0 }) return a;
            return new BinaryExpr(ScalarKind.Int64, BinaryOp.Add, a, b);
        }

        private static IrExpr Times(IrExpr a, IrExpr b)
        {
            if (a is ConstExpr ca && b is ConstExpr cb) return Long((long)ca.Value * (long)cb.Value);
            if (a is ConstExpr { Value: 0 } || b is ConstExpr { Value: 0 }) return Long(0);
            if (a is ConstExpr { Value: 1 }) return b;
            if (b is ConstExpr { Value: 1 }) return a;
            return new BinaryExpr(ScalarKind.Int64, BinaryOp.Multiply, a, b);
        }

        /// <summary>The larger of two counts (never negative, so 0 is the other); <paramref name="floor"/>: a difference clamped at 0.</summary>
        private static IrExpr Max(IrExpr a, IrExpr b, bool floor = false)
        {
            if (a is ConstExpr ca && b is ConstExpr cb) return Long(System.Math.Max((long)ca.Value, (long)cb.Value));
            if (!floor && a is ConstExpr { Value: 0 }) return b;
            if (!floor && b is ConstExpr { Value: 0 }) return a;
            return new IntrinsicCallExpr(ScalarKind.Int64, "Max", ScalarKind.Double.MathClass(), new[] { a, b }.ToEquatableArray());
        }
    }
}

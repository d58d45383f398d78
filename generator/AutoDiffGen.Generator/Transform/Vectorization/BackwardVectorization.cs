using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Analysis;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Transform.Vectorization;

/// <summary>
/// The last pass over a generated <c>{Name}Backward</c>: in both sweeps, from the innermost loops out, hoists loop-invariant
/// zero-seed guards out of loops (<see cref="GuardHoisting"/>) and replaces each loop <see cref="LoopShapes"/> recognizes by
/// whole-slice statements (<see cref="LoopVectorizer"/>); every other loop stays as it is. It runs on the finished method, so
/// the forward sweep, the reverse sweep and a checkpointed loop's recomputation of the same loop all become the same code
/// (checkpointed and unbounded sweeps stay equal bit for bit), and forward over reverse, built from the method before this
/// pass, differentiates the scalar statements.
/// </summary>
internal sealed class BackwardVectorization
{
    private readonly DerivativeMethod _method;
    private readonly SpanAliasing _aliasing;
    private readonly SpanLengths _lengths;
    private readonly HashSet<int> _loopLocalCounters;
    private readonly HashSet<int> _vectorizedCounters = new();

    private BackwardVectorization(DerivativeMethod method)
    {
        _method = method;
        _aliasing = SpanAliasing.Of(method);
        _lengths = SpanLengths.Of(method.Body, method.Variables);
        _loopLocalCounters = CounterScope.LoopLocal(method.Body);
    }

    public static DerivativeMethod Apply(DerivativeMethod method)
    {
        var pass = new BackwardVectorization(method);
        List<IrStmt> body = pass.Block(method.Body);
        return method with { Body = pass.WithoutUnusedCounters(body).ToEquatableArray() };
    }

    private List<IrStmt> Block(IReadOnlyList<IrStmt> block)
    {
        var output = new List<IrStmt>();
        foreach (IrStmt s in block)
        {
            switch (s)
            {
                case ForRangeStmt loop:
                    output.AddRange(Loop(loop with { Body = Block(loop.Body).ToEquatableArray() }));
                    break;
                case IfStmt b:
                    output.Add(b with { Then = Block(b.Then).ToEquatableArray(), Else = Block(b.Else).ToEquatableArray() });
                    break;
                case WhileStmt w:
                    output.Add(w with { Body = Block(w.Body).ToEquatableArray(), Increment = Block(w.Increment).ToEquatableArray() });
                    break;
                case GuardStmt g:
                    output.Add(g with { Body = Block(g.Body).ToEquatableArray() });
                    break;
                default:
                    output.Add(s);
                    break;
            }
        }
        return GuardHoisting.MergeAdjacent(output, _aliasing);
    }

    /// <summary>The loop with its guard hoisted, as whole-slice statements where it is recognized.</summary>
    private IEnumerable<IrStmt> Loop(ForRangeStmt loop)
    {
        GuardStmt? hoisted = GuardHoisting.Hoist(loop, _aliasing);
        ForRangeStmt inner = hoisted is null ? loop : (ForRangeStmt)hoisted.Body[0];
        List<IrStmt> replaced = Vectorized(inner) ?? Fissioned(inner) ?? new List<IrStmt> { inner };
        if (hoisted is null) return replaced;
        return new IrStmt[] { hoisted with { Body = replaced.ToEquatableArray() } };
    }

    private List<IrStmt>? Vectorized(ForRangeStmt loop)
    {
        if (!_loopLocalCounters.Contains(loop.Counter)) return null;
        if (LoopShapes.Recognize(loop, _method.Variables, _aliasing) is LoopShape shape)
        {
            _vectorizedCounters.Add(loop.Counter);
            return LoopVectorizer.Build(shape, _lengths, _method.Variables);
        }
        // A loop guarded per element by its seed (the reverse of a column axpy): seeded kernels, which skip zero seeds.
        if (SeededLoopShapes.Recognize(loop, _method.Variables, _aliasing) is SeededLoopShape seeded)
        {
            _vectorizedCounters.Add(loop.Counter);
            return SeededLoopVectorizer.Build(seeded, _lengths, _method.Variables);
        }
        return null;
    }

    /// <summary>
    /// A loop whose one element record per iteration becomes a slice record of its own loop (<see cref="RecordFission"/>),
    /// beside the rest of the loop, which is vectorized in turn where it can be; null when it does not split.
    /// </summary>
    private List<IrStmt>? Fissioned(ForRangeStmt loop)
    {
        if (RecordFission.Split(loop, _aliasing) is not (ForRangeStmt record, ForRangeStmt rest, bool recordFirst)) return null;
        if (Vectorized(record) is not List<IrStmt> slice) return null;
        List<IrStmt> others = Vectorized(rest) ?? new List<IrStmt> { rest };
        return recordFirst ? slice.Concat(others).ToList() : others.Concat(slice).ToList();
    }

    /// <summary>Drops the declaration of a counter whose loops all became whole-slice calls, so no unused local remains.</summary>
    private List<IrStmt> WithoutUnusedCounters(List<IrStmt> body)
    {
        HashSet<int> referenced = StatementWalker.Referenced(body);
        return StatementWalker.Rewrite(body, s =>
            s is DeclareStmt { Init: null } d && _vectorizedCounters.Contains(d.Var) && !referenced.Contains(d.Var) ? null : s);
    }
}

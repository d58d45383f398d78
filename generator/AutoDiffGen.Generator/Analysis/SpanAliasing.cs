using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;

namespace AutoDiffGen.Generator.Analysis;

/// <summary>
/// Which span variables of a generated method may share memory. A loop over two spans can become one vector call only
/// if the span it writes and every other span it touches are disjoint (or are the same span at the same index):
/// otherwise a vector kernel (which rejects partial overlap) or a different order of element updates would change the
/// results. What is known:
/// <list type="bullet">
/// <item><description><b>Own buffers</b> (<c>stackalloc</c>, tape scratch, a span declared empty and only ever given such
/// a buffer) overlap nothing else.</description></item>
/// <item><description><b>Gradient parameters</b> (<c>dW</c>) overlap no other span argument: the API requires it
/// (README, "Which parameters are differentiated"; <c>{Name}Gradient</c> clears them before it reads any input).</description></item>
/// <item><description><b>Span outputs</b> of the original may overlap any other span argument the caller passes.</description></item>
/// <item><description><b>Fields of a model</b> bound at the top of a method (<c>ReadOnlySpan&lt;double&gt; W1 = this.W1;</c>,
/// <c>Span&lt;double&gt; dW1 = gradient.W1;</c>: <c>BindStmt</c>) are arguments too: a parameter field like a span parameter,
/// a gradient field like a gradient parameter (a model's <c>Gradient</c> allocates its own arrays; README, "Models as
/// types").</description></item>
/// <item><description><b>Views</b> (issue 14's reassigned span locals, and their adjoints: <c>ViewBind</c>, <c>ViewPoint</c>)
/// may point into any of their roots, at any offset: a view may overlap what one of its roots may overlap, and the root
/// itself, but is never "the same span at the same index" as it.</description></item>
/// <item><description>Anything else (a statement this analysis does not know points a span somewhere) may overlap anything.</description></item>
/// </list>
/// </summary>
internal sealed class SpanAliasing
{
    private enum Kind
    {
        Own,
        ReadOnlyArgument,
        GradientArgument,
        OutputArgument,
        Unknown,
        View,
    }

    private readonly Dictionary<int, Kind> _kinds;
    private readonly Dictionary<int, HashSet<int>> _viewRoots;

    private SpanAliasing(Dictionary<int, Kind> kinds, Dictionary<int, HashSet<int>> viewRoots)
    {
        _kinds = kinds;
        _viewRoots = viewRoots;
    }

    /// <summary>The facts for a generated method with these parameters and body.</summary>
    public static SpanAliasing Of(DerivativeMethod method)
    {
        var parameters = new HashSet<int>(method.Parameters.Select(p => p.Var));
        var definitions = new Dictionary<int, bool>();
        var viewRoots = new Dictionary<int, HashSet<int>>();
        var boundFields = new HashSet<int>();
        bool unknownStatements = false;
        foreach (IrStmt s in StatementWalker.All(method.Body))
        {
            switch (s)
            {
                case StackAllocStmt alloc:
                    Define(definitions, alloc.Span, own: true);
                    break;
                case RentScratchStmt rent:
                    Define(definitions, rent.Var, own: true);
                    break;
                case DeclareStmt d when method.Variables[d.Var].IsSpan:
                    Define(definitions, d.Var, own: d.Init is null);
                    break;
                case ViewBindStmt bind:
                    AddRoots(viewRoots, bind.View, bind.Roots);
                    break;
                case ViewPointStmt point:
                    AddRoots(viewRoots, point.View, point.Roots);
                    break;
                case BindStmt bind:
                    boundFields.Add(bind.Var);
                    break;
                default:
                    if (!Known(s)) unknownStatements = true;
                    break;
            }
        }
        var kinds = new Dictionary<int, Kind>();
        foreach (IrVariable v in method.Variables.Where(v => v.IsSpan))
        {
            kinds[v.Id] = parameters.Contains(v.Id) || boundFields.Contains(v.Id) ? ArgumentKind(v)
                : viewRoots.ContainsKey(v.Id) ? Kind.View
                : !unknownStatements && definitions.TryGetValue(v.Id, out bool own) && own ? Kind.Own
                : Kind.Unknown;
        }
        return new SpanAliasing(kinds, viewRoots);
    }

    private static void AddRoots(Dictionary<int, HashSet<int>> viewRoots, int view, EquatableArray<int> roots)
    {
        if (!viewRoots.TryGetValue(view, out HashSet<int>? set)) viewRoots[view] = set = new HashSet<int>();
        set.UnionWith(roots);
    }

    private static void Define(Dictionary<int, bool> definitions, int span, bool own) =>
        definitions[span] = own && (!definitions.TryGetValue(span, out bool before) || before);

    private static Kind ArgumentKind(IrVariable v) => v.Role switch
    {
        VariableRole.Parameter when v.ParameterRole == ParameterRole.Output => Kind.OutputArgument,
        VariableRole.Parameter => Kind.ReadOnlyArgument,
        // Seeds of span outputs (ReadOnlySpan<T> dY) are only read; the adjoints of span inputs (Span<T> dX) are gradients.
        VariableRole.Adjoint or VariableRole.GeneratedParameter => v.Shape == SpanShape.ReadOnlySpan ? Kind.ReadOnlyArgument : Kind.GradientArgument,
        _ => Kind.Unknown,
    };

    /// <summary>
    /// The statements whose effect on spans this analysis knows: none of them points a span variable at other memory
    /// (they only read, write elements of, or pass spans). A statement of any other kind makes every own buffer unknown.
    /// </summary>
    private static bool Known(IrStmt s) => s is DeclareStmt or StackAllocStmt or RentScratchStmt or AssignStmt or ElementAssignStmt or FillStmt or CopyStmt or CallStmt or ThrowStmt
        or IfStmt or WhileStmt or ForRangeStmt or BreakStmt or ContinueStmt or ReturnStmt or GuardStmt or PushStmt or PopSpanStmt
        or ReturnScratchStmt or PrepareAdjointStmt or LengthCheckStmt or InvokeStmt or ThrowIfStmt or CopySeedStmt or PullbackCallStmt
        or PrepareTangentStmt or TangentCallStmt or AddIntoStmt or SinCosStmt or SectionStmt or BeginCheckpointsStmt or EndForwardStmt
        or VectorMapStmt or VectorReduceStmt or SeededMultiplyAddStmt or SeededDotStmt or ViewBindStmt or ViewPointStmt or OverlapCheckStmt or BindStmt;

    /// <summary>Whether a span variable is one of the method's own buffers.</summary>
    public bool IsOwn(int span) => _kinds.TryGetValue(span, out Kind k) && k == Kind.Own;

    /// <summary>
    /// Whether two span variables may share memory (a variable with itself: yes; compare the indices then).
    /// </summary>
    public bool MayOverlap(int a, int b)
    {
        // A scalar variable shares memory with nothing.
        if (!_kinds.ContainsKey(a) || !_kinds.ContainsKey(b)) return false;
        if (a == b) return true;
        // A view stands for the buffers it may point into.
        return Buffers(a).Any(x => Buffers(b).Any(y => BuffersMayOverlap(x, y)));
    }

    /// <summary>The buffers a span variable may point into: a view's roots (and theirs), any other span itself.</summary>
    private IEnumerable<int> Buffers(int span)
    {
        var seen = new HashSet<int>();
        var pending = new Stack<int>();
        pending.Push(span);
        while (pending.Count > 0)
        {
            int v = pending.Pop();
            if (!seen.Add(v)) continue;
            if (_viewRoots.TryGetValue(v, out HashSet<int>? roots))
            {
                foreach (int root in roots) pending.Push(root);
            }
            else
            {
                yield return v;
            }
        }
    }

    private bool BuffersMayOverlap(int a, int b)
    {
        // A root this analysis did not classify (not a span variable of the method) may be anything.
        if (!_kinds.TryGetValue(a, out Kind ka) || !_kinds.TryGetValue(b, out Kind kb)) return true;
        if (a == b) return true;
        if (ka == Kind.Own || kb == Kind.Own) return false;
        if (ka == Kind.Unknown || kb == Kind.Unknown) return true;
        if (ka == Kind.GradientArgument || kb == Kind.GradientArgument) return false;
        return true;
    }
}

using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Span locals that are reassigned: double buffering (<c>(u, uNext) = (uNext, u)</c>, or through a temporary) and a
/// span local pointed at another buffer or slice, in loops too. Such a local is a view: three integers say which
/// of the method's buffers it points at (its roots), where and how long (<see cref="ViewBindStmt"/>), so the reverse
/// sweep can point it, and its adjoint, back. A view that owns a new buffer (<c>Span&lt;double&gt; u = stackalloc …</c>)
/// points at a hidden buffer of its own.
/// </summary>
internal sealed partial class Lowerer
{
    private readonly HashSet<ISymbol> _viewLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<int, (int Root, int Start, int Length)> _views = new();
    private readonly List<int> _viewRoots = new();

    /// <summary>Finds the span locals that are reassigned anywhere, and those initialized from one of them.</summary>
    private void FindViews(IBlockOperation block)
    {
        foreach (IOperation o in block.DescendantsAndSelf())
        {
            IOperation? target = o switch
            {
                ISimpleAssignmentOperation a => a.Target,
                IDeconstructionAssignmentOperation d => d.Target,
                _ => null,
            };
            if (target is null) continue;
            foreach (IOperation t in Unwrap(target) is ITupleOperation tuple ? tuple.Elements.ToArray() : new[] { target })
            {
                if (Unwrap(t) is ILocalReferenceOperation { Local: var local } && ParameterClassifier.Describe(local.Type).Shape != SpanShape.None)
                {
                    _viewLocals.Add(local);
                }
            }
        }
        if (_viewLocals.Count == 0) return;
        // A local initialized from a view may point anywhere the view does (declarations come before their uses).
        foreach (IVariableDeclaratorOperation declarator in block.Descendants().OfType<IVariableDeclaratorOperation>())
        {
            IOperation? init = declarator.Initializer?.Value;
            if (init is not null && ParameterClassifier.Describe(declarator.Symbol.Type).Shape != SpanShape.None
                && init.DescendantsAndSelf().Any(d => d is ILocalReferenceOperation { Local: var l } && _viewLocals.Contains(l)))
            {
                _viewLocals.Add(declarator.Symbol);
            }
        }
    }

    private bool IsView(ILocalSymbol local) => _viewLocals.Contains(local);

    /// <summary>Declares a view; with an initializer it points at what that is (a new buffer of its own, or a span).</summary>
    private void LowerViewDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarKind element, SpanShape shape,
        IOperation? initializer, List<IrStmt> output)
    {
        int view = LocalVariable(local, element, shape == SpanShape.ReadOnlySpan ? SpanShape.ReadOnlySpan : SpanShape.Span);
        string stem = local.Name;
        _views[view] = (
            _variables.Add(stem + "Root", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id,
            _variables.Add(stem + "Start", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id,
            _variables.Add(stem + "Length", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id);
        if (initializer is null) return;
        SpanRefExpr? source;
        if (FindBuffer(initializer) is BufferInitializer buffer)
        {
            int? owned = LowerBufferDeclaration(declarator, local, element, buffer, output,
                () => _variables.Add(stem + "Buffer", element, SpanShape.Span, VariableRole.Local).Id);
            if (owned is not int bufferVar) return;
            source = Ir.Span(_variables[bufferVar]);
        }
        else
        {
            source = LowerSpanArgument(Unwrap(initializer), output, requireWritable: false);
            if (source is null)
            {
                ReportExpression(initializer);
                return;
            }
        }
        output.Add(Bind(view, Pointing(source), LocationInfo.From(declarator.Syntax)));
    }

    /// <summary>The root, start and length a span argument stands for (read now, before any view changes).</summary>
    private (IrExpr Root, IrExpr Start, IrExpr Length) Pointing(SpanRefExpr source)
    {
        if (_views.TryGetValue(source.Span, out var triple))
        {
            IrExpr start = source.Start is null ? new VarExpr(ScalarKind.Int32, triple.Start)
                : new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, new VarExpr(ScalarKind.Int32, triple.Start), source.Start);
            return (new VarExpr(ScalarKind.Int32, triple.Root), start, source.Length ?? new VarExpr(ScalarKind.Int32, triple.Length));
        }
        int index = _viewRoots.IndexOf(source.Span);
        if (index < 0)
        {
            index = _viewRoots.Count;
            _viewRoots.Add(source.Span);
        }
        return (Ir.Int(index), source.Start ?? Ir.Int(0), source.Length ?? new LengthExpr(source.Span));
    }

    private ViewBindStmt Bind(int view, (IrExpr Root, IrExpr Start, IrExpr Length) to, LocationInfo? at)
    {
        (int root, int start, int length) = _views[view];
        return new ViewBindStmt(at, view, root, start, length, to.Root, to.Start, to.Length, EquatableArray<int>.Empty);
    }

    /// <summary><c>view = span</c>, or <c>(a, b) = (b, a)</c> over views: every source is read before any view moves.</summary>
    private bool TryLowerViewAssignment(IOperation operation, List<IrStmt> output)
    {
        LocationInfo? at = LocationInfo.From(operation.Syntax);
        var pairs = new List<(IOperation Target, IOperation Value)>();
        switch (operation)
        {
            case ISimpleAssignmentOperation a when Unwrap(a.Target) is ILocalReferenceOperation { Local: var l } && IsView(l):
                pairs.Add((a.Target, a.Value));
                break;
            case IDeconstructionAssignmentOperation d when Unwrap(d.Target) is ITupleOperation targets && Unwrap(d.Value) is ITupleOperation values
                && targets.Elements.Length == values.Elements.Length
                && targets.Elements.Any(t => Unwrap(t) is ILocalReferenceOperation { Local: var l2 } && IsView(l2)):
                pairs.AddRange(targets.Elements.Zip(values.Elements, (t, v) => (t, v)));
                break;
            default:
                return false;
        }
        var moves = new List<(int View, (IrExpr, IrExpr, IrExpr) To)>();
        foreach ((IOperation target, IOperation value) in pairs)
        {
            if (Unwrap(target) is not ILocalReferenceOperation { Local: var local } || !IsView(local) || !_symbolVariables.TryGetValue(local, out int view))
            {
                Unsupported(operation, "this deconstruction", "deconstruct spans into span locals only, and numbers into number locals");
                return true;
            }
            if (LowerSpanArgument(Unwrap(value), output, requireWritable: false) is not SpanRefExpr source)
            {
                ReportExpression(value);
                return true;
            }
            (IrExpr root, IrExpr start, IrExpr length) = Pointing(source);
            if (pairs.Count > 1)
            {
                // Read every source before any view moves.
                root = Keep(root, "root", output, at);
                start = Keep(start, "start", output, at);
                length = Keep(length, "length", output, at);
            }
            moves.Add((view, (root, start, length)));
        }
        foreach ((int view, var to) in moves) output.Add(Bind(view, to, at));
        return true;
    }

    /// <summary>Whether <paramref name="body"/> points the view <paramref name="view"/> elsewhere.</summary>
    private bool Repoints(IOperation body, ILocalSymbol view) =>
        body.DescendantsAndSelf().Any(o => o switch
        {
            ISimpleAssignmentOperation a => Unwrap(a.Target) is ILocalReferenceOperation { Local: var l } && SymbolEqualityComparer.Default.Equals(l, view),
            IDeconstructionAssignmentOperation d => Unwrap(d.Target) is ITupleOperation t
                && t.Elements.Any(e => Unwrap(e) is ILocalReferenceOperation { Local: var l2 } && SymbolEqualityComparer.Default.Equals(l2, view)),
            _ => false,
        });

    /// <summary>
    /// C# evaluates a <c>foreach</c> collection once: a view that the loop's body points elsewhere (buffers swapped while
    /// iterating one of them) is iterated where it pointed when the loop began, through a hidden view pointed there.
    /// </summary>
    private SpanRefExpr IteratedWhereItPoints(SpanRefExpr collection, LocationInfo? at, List<IrStmt> output)
    {
        IrVariable source = _variables[collection.Span];
        int hidden = _variables.Add(source.Name.TrimStart('@') + "Iterated", source.Element, source.Shape, VariableRole.Local).Id;
        string stem = _variables[hidden].Name;
        _views[hidden] = (
            _variables.Add(stem + "Root", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id,
            _variables.Add(stem + "Start", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id,
            _variables.Add(stem + "Length", ScalarKind.Int32, SpanShape.None, VariableRole.Temporary).Id);
        output.Add(Bind(hidden, Pointing(collection), at));
        return new SpanRefExpr(collection.Type, hidden, null, null);
    }

    private IrExpr Keep(IrExpr e, string stem, List<IrStmt> output, LocationInfo? at)
    {
        if (e is ConstExpr) return e;
        int temp = AddTemporary(stem, ScalarKind.Int32);
        output.Add(new AssignStmt(at, temp, e));
        return new VarExpr(ScalarKind.Int32, temp);
    }

    /// <summary>Gives every view statement the final list of buffers views point at.</summary>
    private List<IrStmt> WithViewRoots(List<IrStmt> body)
    {
        if (_views.Count == 0) return body;
        var roots = _viewRoots.ToEquatableArray();
        return StatementWalker.Rewrite(body, s => s is ViewBindStmt bind ? bind with { Roots = roots } : s);
    }
}

using System.Collections.Generic;
using System.Linq;
using AutoDiffGen.Generator.Diagnostics;
using AutoDiffGen.Generator.IR;
using AutoDiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Generator.Lowering;

/// <summary>
/// Span locals that own a buffer: <c>stackalloc T[n]</c>, <c>stackalloc T[] { … }</c>, <c>stackalloc[] { … }</c>, a
/// collection expression (<c>Span&lt;double&gt; a = [x, y, ..b]</c>) and local arrays (<c>new double[n]</c>,
/// <c>new double[] { … }</c>, <c>double[] a = [ … ]</c>). Each becomes one buffer of the generated code, allocated
/// once: stack space for stackalloc and collection expressions of constant length, scratch space of the per-thread
/// tape for arrays and run-time lengths (a warm call allocates nothing). A declaration inside a loop allocates its
/// buffer before the outermost loop (its length must not change between iterations) and clears or fills it where it
/// stands, as a fresh array would be.
/// </summary>
internal sealed partial class Lowerer
{
    /// <summary>Allocations of buffers declared inside loops, placed before the outermost loop.</summary>
    private List<IrStmt>? _loopPrelude;

    /// <summary>The outermost loop being lowered, against which a buffer's length is checked for loop invariance.</summary>
    private IOperation? _outermostLoop;

    /// <summary>What a buffer-creating initializer holds: its length (when given), its elements, and whether it is an array.</summary>
    private sealed record BufferInitializer(IOperation? Size, IReadOnlyList<IOperation>? Elements, bool Array);

    /// <summary>Starts lowering a loop; returns whether it is the outermost one.</summary>
    private bool EnterLoop(IOperation loop)
    {
        bool outermost = _loopDepth == 0;
        if (outermost)
        {
            _loopPrelude = new List<IrStmt>();
            _outermostLoop = loop;
        }
        _loopDepth++;
        return outermost;
    }

    /// <summary>Ends lowering a loop; before the outermost one, the buffers its body declares are allocated.</summary>
    private void ExitLoop(bool outermost, List<IrStmt> output)
    {
        _loopDepth--;
        if (!outermost) return;
        output.AddRange(_loopPrelude!);
        _loopPrelude = null;
        _outermostLoop = null;
    }

    /// <summary>The buffer an initializer creates, or null when it creates none (a view of another span).</summary>
    private BufferInitializer? FindBuffer(IOperation initializer)
    {
        IOperation value = Unwrap(initializer);
        switch (value)
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } array:
                return new BufferInitializer(array.DimensionSizes[0], array.Initializer?.ElementValues, Array: true);
            case ICollectionExpressionOperation collection:
                return new BufferInitializer(null, collection.Elements, Array: collection.Type is IArrayTypeSymbol);
        }
        SyntaxNode syntax = initializer.Syntax;
        var explicitAlloc = syntax as StackAllocArrayCreationExpressionSyntax ?? syntax.DescendantNodesAndSelf().OfType<StackAllocArrayCreationExpressionSyntax>().FirstOrDefault();
        if (explicitAlloc is not null)
        {
            IOperation? size = null;
            if (explicitAlloc.Type is ArrayTypeSyntax { RankSpecifiers: { Count: 1 } ranks } && ranks[0].Sizes.Count == 1
                && ranks[0].Sizes[0] is not OmittedArraySizeExpressionSyntax)
            {
                size = _semanticModel.GetOperation(ranks[0].Sizes[0], _cancellationToken);
            }
            var elements = explicitAlloc.Initializer is null ? null : ElementOperations(initializer, explicitAlloc.Initializer.Expressions);
            return size is null && elements is null ? null : new BufferInitializer(size, elements, Array: false);
        }
        var implicitAlloc = syntax as ImplicitStackAllocArrayCreationExpressionSyntax ?? syntax.DescendantNodesAndSelf().OfType<ImplicitStackAllocArrayCreationExpressionSyntax>().FirstOrDefault();
        if (implicitAlloc is not null)
        {
            var implicitElements = ElementOperations(initializer, implicitAlloc.Initializer.Expressions);
            return implicitElements is null ? null : new BufferInitializer(null, implicitElements, Array: false);
        }
        return null;
    }

    /// <summary>
    /// The bound elements of a stackalloc initializer: Roslyn gives stackalloc no operation of its own, so each element
    /// is found in the initializer's operation tree (the outermost operation of its syntax, its conversion included).
    /// </summary>
    private List<IOperation>? ElementOperations(IOperation initializer, IEnumerable<ExpressionSyntax> expressions)
    {
        var operations = initializer.DescendantsAndSelf().ToList();
        var elements = new List<IOperation>();
        foreach (ExpressionSyntax element in expressions)
        {
            ExpressionSyntax e = element;
            while (e is ParenthesizedExpressionSyntax parenthesized) e = parenthesized.Expression; // parentheses have no operation
            IOperation? op = operations.FirstOrDefault(o => o.Syntax == e) ?? _semanticModel.GetOperation(e, _cancellationToken);
            if (op is null) return null; // reported as an initializer the generator does not know
            elements.Add(op);
        }
        return elements;
    }

    /// <summary>Lowers a span or array local that owns a buffer (see the type's summary).</summary>
    /// <param name="bufferVariable">Makes the buffer's variable (by default the local's own); a reassigned span local
    /// owns a hidden buffer it views.</param>
    private int? LowerBufferDeclaration(IVariableDeclaratorOperation declarator, ILocalSymbol local, ScalarKind element, BufferInitializer buffer,
        List<IrStmt> output, System.Func<int>? bufferVariable = null)
    {
        LocationInfo? at = LocationInfo.From(declarator.Syntax);
        var elements = buffer.Elements ?? System.Array.Empty<IOperation>();
        // Elements and spreads (..other) in order; the length is their count plus the spreads' lengths.
        var spreads = new List<SpanRefExpr?>();
        IrExpr? size = null;
        bool constantLength = true;
        int count = 0;
        List<IrStmt> sizeOutput = _loopDepth > 0 ? _loopPrelude! : output;
        foreach (IOperation e in elements)
        {
            if (e is ISpreadOperation spread)
            {
                if (LowerSpanArgument(spread.Operand, sizeOutput, requireWritable: false) is not SpanRefExpr source)
                {
                    Report(DiagnosticDescriptors.UnsupportedExpression, spread.Syntax, FirstLine(spread.Syntax.ToString()),
                        "spread a span or array variable, or a Slice of one");
                    return null;
                }
                spreads.Add(source);
                constantLength = false;
            }
            else
            {
                spreads.Add(null);
                count++;
            }
        }
        if (buffer.Elements is null)
        {
            if (_loopDepth > 0 && !IsLoopInvariant(buffer.Size!))
            {
                LocalVariable(local, element, SpanShape.Span); // later uses then report nothing more
                Report(DiagnosticDescriptors.SpanMisuse, declarator.Syntax, local.Name, "is allocated inside a loop with a length that changes between iterations",
                    "allocate it once before the loop with the largest length and use a Slice of it");
                return null;
            }
            size = LowerPlain(buffer.Size!, sizeOutput);
            if (size is null) return null;
            constantLength = size is ConstExpr;
        }
        else
        {
            size = Ir.Int(count);
            foreach (SpanRefExpr? s in spreads)
            {
                if (s is not null) size = new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, size, s.Length ?? new LengthExpr(s.Span));
            }
            if (spreads.Any(s => s is not null) && _loopDepth > 0)
            {
                LocalVariable(local, element, SpanShape.Span);
                Report(DiagnosticDescriptors.SpanMisuse, declarator.Syntax, local.Name, "spreads another span inside a loop",
                    "build it before the loop, or copy with CopyTo into a buffer allocated before the loop");
                return null;
            }
        }
        int id = bufferVariable?.Invoke() ?? LocalVariable(local, element, SpanShape.Span);
        // Arrays and run-time lengths go to the tape's scratch space: a large array must not overflow the stack.
        bool scratch = buffer.Array || !constantLength;
        var allocation = new StackAllocStmt(at, id, size, Scratch: scratch);
        if (_loopDepth > 0)
        {
            _loopPrelude!.Add(allocation);
            // Each iteration's declaration is a fresh, zeroed buffer; an initializer writes every element anyway.
            if (buffer.Elements is null) output.Add(new FillStmt(at, Ir.Span(_variables[id]), null));
        }
        else
        {
            output.Add(allocation);
        }
        IrExpr offset = Ir.Int(0);
        for (int i = 0; i < elements.Count; i++)
        {
            if (spreads[i] is SpanRefExpr source)
            {
                IrExpr length = source.Length ?? new LengthExpr(source.Span);
                output.Add(new CopyStmt(at, source, new SpanRefExpr(element, id, offset, length)));
                offset = Simplify(new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, offset, length));
                continue;
            }
            IrExpr? value = LowerValue(elements[i], element, output);
            if (value is null) return null;
            output.Add(new ElementAssignStmt(at, id, offset, value));
            offset = Simplify(new BinaryExpr(ScalarKind.Int32, BinaryOp.Add, offset, Ir.Int(1)));
        }
        return id;
    }

    /// <summary>Folds <c>constant + constant</c> and <c>0 + e</c> in integer offsets.</summary>
    private static IrExpr Simplify(BinaryExpr e) => e switch
    {
        { Left: ConstExpr a, Right: ConstExpr b } => Ir.Int((int)(a.Value + b.Value)),
        { Left: ConstExpr { Value: 0 } } => e.Right,
        { Right: ConstExpr { Value: 0 } } => e.Left,
        _ => e,
    };

    /// <summary>
    /// Whether <paramref name="size"/> has the same value in every iteration of the outermost loop being lowered: it
    /// reads no local declared or assigned in it, no parameter assigned in it, and no span element.
    /// </summary>
    private bool IsLoopInvariant(IOperation size)
    {
        if (_outermostLoop is null) return true;
        Microsoft.CodeAnalysis.Text.TextSpan loopSpan = _outermostLoop.Syntax.Span;
        var assigned = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (IOperation o in _outermostLoop.Descendants())
        {
            IOperation? target = o switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            switch (target is null ? null : Unwrap(target))
            {
                case ILocalReferenceOperation l: assigned.Add(l.Local); break;
                case IParameterReferenceOperation p: assigned.Add(p.Parameter); break;
            }
        }
        foreach (IOperation o in size.DescendantsAndSelf())
        {
            switch (o)
            {
                case ILocalReferenceOperation l when assigned.Contains(l.Local)
                    || l.Local.DeclaringSyntaxReferences.Any(r => loopSpan.Contains(r.Span)):
                case IParameterReferenceOperation p when assigned.Contains(p.Parameter):
                case IArrayElementReferenceOperation:
                case IPropertyReferenceOperation { Property.IsIndexer: true }:
                case IInvocationOperation { TargetMethod.ContainingType.Name: not ("Math" or "MathF") }:
                    return false;
            }
        }
        return true;
    }
}

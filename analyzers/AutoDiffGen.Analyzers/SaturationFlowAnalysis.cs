using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiffGen.Analyzers;

/// <summary>One stack of saturating activations found by <see cref="SaturationFlowAnalysis"/>.</summary>
internal sealed class SaturationFinding
{
    public SaturationFinding(SaturatingCall first, int depth, ILoopOperation? loop, int? tripCount, ISymbol? carried)
    {
        First = first;
        Depth = depth;
        Loop = loop;
        TripCount = tripCount;
        Carried = carried;
    }

    /// <summary>The first saturating call of the stack (where the diagnostic goes).</summary>
    public SaturatingCall First { get; }

    /// <summary>Straight-line chains: the number of applications that feed each other.</summary>
    public int Depth { get; }

    /// <summary>Loop-carried stacks: the loop.</summary>
    public ILoopOperation? Loop { get; }

    /// <summary>Loop-carried stacks: the constant trip count, or null when unknown at compile time.</summary>
    public int? TripCount { get; }

    /// <summary>Loop-carried stacks: the variable carried from one iteration to the next.</summary>
    public ISymbol? Carried { get; }
}

/// <summary>
/// An abstract interpretation of a method body that measures, for every value, the fewest saturating activations
/// on any data-flow path from each source (a parameter, field or variable read before it is written) to it.
/// Gradients vanish when every path from an input crosses many saturating derivatives; a residual
/// <c>h + f(h)</c> keeps a path with no activation, so taking the minimum over paths models skip connections
/// without special cases. Loops run once to find the values they write; a value whose distance from its own
/// value at loop entry keeps growing from one iteration to the next is a loop-carried stack.
/// </summary>
internal sealed class SaturationFlowAnalysis
{
    private const int Unreachable = int.MaxValue;
    private static readonly ImmutableDictionary<object, Entry> Empty = ImmutableDictionary<object, Entry>.Empty;

    private readonly KnownSymbols _symbols;
    private readonly int _threshold;
    private readonly List<SaturationFinding> _findings = new();
    private readonly HashSet<IOperation> _reportedFirstCalls = new();
    private readonly HashSet<ILoopOperation> _reportedLoops = new();
    private Dictionary<ISymbol, ImmutableDictionary<object, Entry>> _state = NewState();
    private HashSet<ISymbol> _written = new(SymbolEqualityComparer.Default);
    private bool _reporting = true;
    private int _budget = 200_000;

    private SaturationFlowAnalysis(KnownSymbols symbols, int threshold)
    {
        _symbols = symbols;
        _threshold = threshold;
    }

    /// <summary>Analyzes one method body (or local function / lambda body) and returns the stacks it contains.</summary>
    public static IReadOnlyList<SaturationFinding> Analyze(IOperation body, KnownSymbols symbols, int threshold)
    {
        var analysis = new SaturationFlowAnalysis(symbols, threshold);
        analysis.Statement(body);
        return analysis._findings;
    }

    private static Dictionary<ISymbol, ImmutableDictionary<object, Entry>> NewState() => new(SymbolEqualityComparer.Default);

    private static Dictionary<ISymbol, ImmutableDictionary<object, Entry>> Copy(Dictionary<ISymbol, ImmutableDictionary<object, Entry>> state) =>
        new(state, SymbolEqualityComparer.Default);

    private bool Exhausted => _budget <= 0;

    // ---------------------------------------------------------------- statements

    private void Statement(IOperation? operation)
    {
        if (operation is null || Exhausted)
        {
            return;
        }

        _budget--;
        switch (operation)
        {
            case IBlockOperation block:
                foreach (var child in block.Operations)
                {
                    Statement(child);
                }

                break;
            case IVariableDeclarationGroupOperation group:
                foreach (var declaration in group.Declarations)
                {
                    foreach (var declarator in declaration.Declarators)
                    {
                        var initializer = declarator.Initializer ?? declaration.Initializer;
                        if (initializer is not null)
                        {
                            Write(declarator.Symbol, Eval(initializer.Value));
                        }
                    }
                }

                break;
            case IExpressionStatementOperation expression:
                Eval(expression.Operation);
                break;
            case IConditionalOperation conditional:
                Eval(conditional.Condition);
                Branches(conditional.WhenTrue, conditional.WhenFalse);
                break;
            case ILoopOperation loop:
                Loop(loop);
                break;
            case IReturnOperation @return:
                if (@return.ReturnedValue is not null)
                {
                    Eval(@return.ReturnedValue);
                }

                break;
            case ISwitchOperation @switch:
                Eval(@switch.Value);
                var entry = _state;
                var merged = Copy(entry);
                foreach (var section in @switch.Cases)
                {
                    _state = Copy(entry);
                    foreach (var body in section.Body)
                    {
                        Statement(body);
                    }

                    merged = Merge(merged, _state);
                }

                _state = merged;
                break;
            case ITryOperation @try:
                Statement(@try.Body);
                Statement(@try.Finally);
                break;
            case IUsingOperation @using:
                Eval(@using.Resources);
                Statement(@using.Body);
                break;
            case ILockOperation @lock:
                Statement(@lock.Body);
                break;
            case ILabeledOperation labeled:
                Statement(labeled.Operation);
                break;
            case ILocalFunctionOperation:
            case IBranchOperation:
            case IEmptyOperation:
                break;
            default:
                Eval(operation);
                break;
        }
    }

    private void Branches(IOperation? whenTrue, IOperation? whenFalse)
    {
        var entry = _state;
        _state = Copy(entry);
        Statement(whenTrue);
        var afterTrue = _state;
        _state = Copy(entry);
        Statement(whenFalse);
        _state = Merge(afterTrue, _state);
    }

    private void Loop(ILoopOperation loop)
    {
        IOperation? condition = null;
        ImmutableArray<IOperation> bottom = ImmutableArray<IOperation>.Empty;
        ImmutableDictionary<object, Entry>? element = null;
        ILocalSymbol? elementLocal = null;
        switch (loop)
        {
            case IForLoopOperation @for:
                foreach (var initializer in @for.Before)
                {
                    Statement(initializer);
                }

                condition = @for.Condition;
                bottom = @for.AtLoopBottom;
                break;
            case IForEachLoopOperation forEach:
                element = Eval(forEach.Collection);
                elementLocal = forEach.LoopControlVariable is IVariableDeclaratorOperation declarator ? declarator.Symbol : null;
                break;
            case IWhileLoopOperation @while:
                condition = @while.Condition;
                break;
        }

        void RunBody()
        {
            if (element is not null && elementLocal is not null)
            {
                Write(elementLocal, element);
            }

            if (condition is not null)
            {
                Eval(condition);
            }

            Statement(loop.Body);
            foreach (var operation in bottom)
            {
                Statement(operation);
            }
        }

        var tripCount = TripCount(loop);
        if (tripCount is int small && small < _threshold)
        {
            // Few iterations: unrolling is exact, and chains that continue after the loop keep their depth.
            for (var i = 0; i < small; i++)
            {
                RunBody();
            }

            return;
        }

        var before = Copy(_state);
        var outerWritten = _written;
        _written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        RunBody();
        var afterOnePass = _state;
        var writtenInLoop = _written;
        _written = outerWritten;
        _written.UnionWith(writtenInLoop);

        if (_reporting && !Exhausted)
        {
            CheckCarried(loop, tripCount, before, writtenInLoop, RunBody);
        }

        // Zero or more iterations: the distances after the loop are the smaller of "not run" and "run".
        _state = Merge(before, afterOnePass);
    }

    private void CheckCarried(ILoopOperation loop, int? tripCount, Dictionary<ISymbol, ImmutableDictionary<object, Entry>> before, HashSet<ISymbol> writtenInLoop, Action runBody)
    {
        var candidates = writtenInLoop
            .Where(symbol => !IsDeclaredInside(symbol, loop.Syntax))
            .OrderBy(symbol => symbol.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
            .ToList();
        if (candidates.Count == 0)
        {
            return;
        }

        var passes = Math.Max(4, candidates.Count + 3);
        var savedState = _state;
        var savedWritten = _written;
        _reporting = false;
        try
        {
            foreach (var carried in candidates)
            {
                var marker = new LoopEntryMarker(carried);
                _state = Copy(before);
                _state[carried] = Empty.Add(marker, new Entry(0, null));
                _written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var previous = Unreachable;
                var current = Unreachable;
                SaturatingCall? first = null;
                for (var pass = 0; pass < passes && !Exhausted; pass++)
                {
                    runBody();
                    previous = current;
                    current = Unreachable;
                    if (_state.TryGetValue(carried, out var value) && value.TryGetValue(marker, out var entry))
                    {
                        current = entry.Distance;
                        first ??= entry.First;
                    }
                }

                if (!Exhausted && current != Unreachable && previous != Unreachable && current > previous && first is { } firstCall)
                {
                    if (_reportedLoops.Add(loop) && _reportedFirstCalls.Add(firstCall.Node))
                    {
                        _findings.Add(new SaturationFinding(firstCall, current, loop, tripCount, carried));
                    }

                    return;
                }
            }
        }
        finally
        {
            _reporting = true;
            _state = savedState;
            _written = savedWritten;
        }
    }

    private static bool IsDeclaredInside(ISymbol symbol, SyntaxNode loopSyntax)
    {
        if (symbol is not ILocalSymbol)
        {
            return false;
        }

        foreach (var reference in symbol.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree == loopSyntax.SyntaxTree && loopSyntax.Span.Contains(reference.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The constant trip count of <c>for (int i = a; i &lt; b; i++)</c>-shaped loops and of foreach over an array literal.</summary>
    internal static int? TripCount(ILoopOperation loop)
    {
        if (loop is IForEachLoopOperation forEach)
        {
            var collection = ActivationMatcher.StripConversions(forEach.Collection);
            if (collection is IArrayCreationOperation creation)
            {
                if (creation.Initializer is not null)
                {
                    return creation.Initializer.ElementValues.Length;
                }

                if (creation.DimensionSizes.Length == 1 && creation.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int size })
                {
                    return size;
                }
            }

            return null;
        }

        if (loop is not IForLoopOperation { Condition: IBinaryOperation condition } @for || @for.AtLoopBottom.Length != 1)
        {
            return null;
        }

        ILocalSymbol? counter = null;
        long start = 0;
        if (@for.Before.Length == 1)
        {
            switch (@for.Before[0])
            {
                case IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
                    when group.Declarations[0].Declarators.Length == 1
                         && group.Declarations[0].Declarators[0].Initializer?.Value.ConstantValue is { HasValue: true } initial
                         && TryInteger(initial.Value, out start):
                    counter = group.Declarations[0].Declarators[0].Symbol;
                    break;
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment }
                    when assignment.Value.ConstantValue is { HasValue: true } initial && TryInteger(initial.Value, out start):
                    counter = target.Local;
                    break;
            }
        }

        if (counter is null)
        {
            return null;
        }

        long step;
        var bottom = @for.AtLoopBottom[0] is IExpressionStatementOperation statement ? statement.Operation : @for.AtLoopBottom[0];
        switch (bottom)
        {
            case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation target } increment
                when SymbolEqualityComparer.Default.Equals(target.Local, counter):
                step = increment.Kind == OperationKind.Increment ? 1 : -1;
                break;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation target } compound
                when SymbolEqualityComparer.Default.Equals(target.Local, counter)
                     && compound.Value.ConstantValue is { HasValue: true } delta
                     && TryInteger(delta.Value, out step)
                     && compound.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract:
                if (compound.OperatorKind == BinaryOperatorKind.Subtract)
                {
                    step = -step;
                }

                break;
            default:
                return null;
        }

        if (step == 0)
        {
            return null;
        }

        var kind = condition.OperatorKind;
        long end;
        if (IsCounter(condition.LeftOperand, counter) && condition.RightOperand.ConstantValue is { HasValue: true } right && TryInteger(right.Value, out end))
        {
        }
        else if (IsCounter(condition.RightOperand, counter) && condition.LeftOperand.ConstantValue is { HasValue: true } left && TryInteger(left.Value, out end))
        {
            kind = kind switch
            {
                BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
                BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
                BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
                BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
                _ => kind,
            };
        }
        else
        {
            return null;
        }

        long count;
        switch (kind)
        {
            case BinaryOperatorKind.LessThan when step > 0:
                count = end > start ? (end - start + step - 1) / step : 0;
                break;
            case BinaryOperatorKind.LessThanOrEqual when step > 0:
                count = end >= start ? ((end - start) / step) + 1 : 0;
                break;
            case BinaryOperatorKind.GreaterThan when step < 0:
                count = start > end ? (start - end - step - 1) / -step : 0;
                break;
            case BinaryOperatorKind.GreaterThanOrEqual when step < 0:
                count = start >= end ? ((start - end) / -step) + 1 : 0;
                break;
            case BinaryOperatorKind.NotEquals when (end - start) % step == 0 && (end - start) / step >= 0:
                count = (end - start) / step;
                break;
            default:
                return null;
        }

        return count > int.MaxValue ? null : (int)count;
    }

    private static bool IsCounter(IOperation operation, ILocalSymbol counter) =>
        ActivationMatcher.StripConversions(operation) is ILocalReferenceOperation reference
        && SymbolEqualityComparer.Default.Equals(reference.Local, counter);

    private static bool TryInteger(object? value, out long result)
    {
        switch (value)
        {
            case int i:
                result = i;
                return true;
            case long l:
                result = l;
                return true;
            case short s:
                result = s;
                return true;
            case byte b:
                result = b;
                return true;
            default:
                result = 0;
                return false;
        }
    }

    // ---------------------------------------------------------------- expressions

    private ImmutableDictionary<object, Entry> Eval(IOperation? operation)
    {
        if (operation is null || Exhausted)
        {
            return Empty;
        }

        _budget--;
        if (operation.ConstantValue.HasValue)
        {
            return Empty;
        }

        if (ActivationMatcher.TryMatchSaturating(operation, _symbols, out var call))
        {
            var applied = Saturate(Eval(call.Input), call);
            if (call.SpanOutput is not null)
            {
                Eval(call.SpanOutput);
                if (RootSymbol(call.SpanOutput) is { } output)
                {
                    Write(output, applied);
                }

                CheckChain(applied);
                return Empty;
            }

            CheckChain(applied);
            return applied;
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                return Eval(conversion.Operand);
            case ILocalReferenceOperation local:
                return local.IsDeclaration || IsInert(local.Type) ? Empty : Read(local.Local);
            case IParameterReferenceOperation parameter:
                return IsInert(parameter.Type) ? Empty : Read(parameter.Parameter);
            case IFieldReferenceOperation field:
                return IsInert(field.Type) ? Empty : Read(field.Field);
            case IPropertyReferenceOperation property:
                if (IsInert(property.Type))
                {
                    return Empty;
                }

                return property.Instance is not null ? Eval(property.Instance) : Read(property.Property);
            case IArrayElementReferenceOperation element:
                return IsInert(element.Type) ? Empty : Eval(element.ArrayReference);
            case IBinaryOperation binary:
                var left = Eval(binary.LeftOperand);
                var right = Eval(binary.RightOperand);
                return IsInert(binary.Type) ? Empty : Combine(left, right);
            case IUnaryOperation unary:
                return Eval(unary.Operand);
            case IConditionalOperation conditional:
                Eval(conditional.Condition);
                return Combine(Eval(conditional.WhenTrue), Eval(conditional.WhenFalse));
            case ISimpleAssignmentOperation assignment:
                var assigned = Eval(assignment.Value);
                Assign(assignment.Target, assigned);
                return assigned;
            case ICompoundAssignmentOperation compound:
                var combined = Combine(Eval(compound.Target), Eval(compound.Value));
                Assign(compound.Target, combined);
                return combined;
            case IInvocationOperation invocation:
                return Invocation(invocation);
            case IDeclarationExpressionOperation:
            case IAnonymousFunctionOperation:
            case ILocalFunctionOperation:
            case ILiteralOperation:
            case IIncrementOrDecrementOperation:
                return Empty;
            default:
                var result = Empty;
                foreach (var child in operation.ChildOperations)
                {
                    result = Combine(result, Eval(child));
                }

                return IsInert(operation.Type) ? Empty : result;
        }
    }

    private ImmutableDictionary<object, Entry> Invocation(IInvocationOperation invocation)
    {
        var inputs = new List<(IArgumentOperation? Argument, ImmutableDictionary<object, Entry> Value)>();
        if (invocation.Instance is not null)
        {
            inputs.Add((null, Eval(invocation.Instance)));
        }

        foreach (var argument in invocation.Arguments)
        {
            inputs.Add((argument, argument.Parameter?.RefKind == RefKind.Out ? Empty : Eval(argument.Value)));
        }

        var all = Empty;
        foreach (var input in inputs)
        {
            all = Combine(all, input.Value);
        }

        // Arguments the callee writes (ref/out, Span<T>) take the combination of everything else it was given.
        foreach (var input in inputs)
        {
            var argument = input.Argument;
            if (argument?.Parameter is not { } parameter)
            {
                continue;
            }

            var writes = parameter.RefKind is RefKind.Out or RefKind.Ref || _symbols.IsWritableSpan(parameter.Type);
            if (!writes || RootSymbol(argument.Value) is not { } target)
            {
                continue;
            }

            var others = Empty;
            foreach (var other in inputs)
            {
                if (!ReferenceEquals(other.Argument, argument) || parameter.RefKind == RefKind.Ref)
                {
                    others = Combine(others, other.Value);
                }
            }

            Write(target, others);
        }

        return IsInert(invocation.Type) ? Empty : all;
    }

    private void Assign(IOperation target, ImmutableDictionary<object, Entry> value)
    {
        target = ActivationMatcher.StripConversions(target);
        switch (target)
        {
            case ILocalReferenceOperation local:
                Write(local.Local, value);
                break;
            case IParameterReferenceOperation parameter:
                Write(parameter.Parameter, value);
                break;
            case IFieldReferenceOperation field:
                Write(field.Field, value);
                break;
            default:
                // An element write changes part of a buffer: the buffer keeps its other elements' paths.
                if (RootSymbol(target) is { } root)
                {
                    Write(root, Combine(Read(root), value));
                }

                break;
        }
    }

    /// <summary>The variable behind <c>h</c>, <c>h[i]</c>, <c>h.AsSpan()</c>, <c>h.Slice(..)</c>, <c>out var h</c>.</summary>
    internal static ISymbol? RootSymbol(IOperation operation)
    {
        while (true)
        {
            operation = ActivationMatcher.StripConversions(operation);
            switch (operation)
            {
                case ILocalReferenceOperation local:
                    return local.Local;
                case IParameterReferenceOperation parameter:
                    return parameter.Parameter;
                case IFieldReferenceOperation field:
                    return field.Field;
                case IArrayElementReferenceOperation element:
                    operation = element.ArrayReference;
                    continue;
                case IPropertyReferenceOperation { Instance: not null } property when property.Property.IsIndexer:
                    operation = property.Instance;
                    continue;
                case IDeclarationExpressionOperation declaration:
                    operation = declaration.Expression;
                    continue;
                case IInvocationOperation invocation when invocation.TargetMethod.Name is "AsSpan" or "Slice" or "AsMemory":
                    var source = invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null);
                    if (source is null)
                    {
                        return null;
                    }

                    operation = source;
                    continue;
                default:
                    return null;
            }
        }
    }

    private ImmutableDictionary<object, Entry> Read(ISymbol symbol) =>
        _state.TryGetValue(symbol, out var value) ? value : Empty.Add(symbol, new Entry(0, null));

    private void Write(ISymbol symbol, ImmutableDictionary<object, Entry> value)
    {
        _state[symbol] = value;
        _written.Add(symbol);
    }

    private void CheckChain(ImmutableDictionary<object, Entry> value)
    {
        if (!_reporting)
        {
            return;
        }

        // The stack's depth is that of its deepest source; every source shares the chain's first call for one report per stack.
        Entry? deepest = null;
        foreach (var entry in value.Values)
        {
            if (entry.First is null)
            {
                continue;
            }

            if (deepest is null
                || entry.Distance > deepest.Value.Distance
                || (entry.Distance == deepest.Value.Distance && entry.First.Value.Node.Syntax.SpanStart < deepest.Value.First!.Value.Node.Syntax.SpanStart))
            {
                deepest = entry;
            }
        }

        if (deepest is { } found && found.Distance >= _threshold && _reportedFirstCalls.Add(found.First!.Value.Node))
        {
            _findings.Add(new SaturationFinding(found.First.Value, found.Distance, null, null, null));
        }
    }

    private static ImmutableDictionary<object, Entry> Saturate(ImmutableDictionary<object, Entry> input, SaturatingCall call)
    {
        var builder = Empty.ToBuilder();
        foreach (var pair in input)
        {
            var entry = pair.Value;
            builder[pair.Key] = new Entry(entry.Distance == Unreachable ? Unreachable : entry.Distance + 1, entry.First ?? call);
        }

        return builder.ToImmutable();
    }

    private static ImmutableDictionary<object, Entry> Combine(ImmutableDictionary<object, Entry> left, ImmutableDictionary<object, Entry> right)
    {
        if (left.IsEmpty)
        {
            return right;
        }

        if (right.IsEmpty || ReferenceEquals(left, right))
        {
            return left;
        }

        var builder = left.ToBuilder();
        foreach (var pair in right)
        {
            if (!builder.TryGetValue(pair.Key, out var existing) || pair.Value.Distance < existing.Distance)
            {
                builder[pair.Key] = pair.Value;
            }
        }

        return builder.ToImmutable();
    }

    private Dictionary<ISymbol, ImmutableDictionary<object, Entry>> Merge(
        Dictionary<ISymbol, ImmutableDictionary<object, Entry>> first,
        Dictionary<ISymbol, ImmutableDictionary<object, Entry>> second)
    {
        var merged = NewState();
        foreach (var pair in first)
        {
            merged[pair.Key] = second.TryGetValue(pair.Key, out var other)
                ? Combine(pair.Value, other)
                : Combine(pair.Value, Empty.Add(pair.Key, new Entry(0, null)));
        }

        foreach (var pair in second)
        {
            if (!merged.ContainsKey(pair.Key))
            {
                merged[pair.Key] = Combine(pair.Value, Empty.Add(pair.Key, new Entry(0, null)));
            }
        }

        return merged;
    }

    /// <summary>Types whose values carry no gradient: integers, booleans, characters, strings, enums.</summary>
    private static bool IsInert(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        switch (type.SpecialType)
        {
            case SpecialType.System_Boolean:
            case SpecialType.System_Char:
            case SpecialType.System_String:
            case SpecialType.System_SByte:
            case SpecialType.System_Byte:
            case SpecialType.System_Int16:
            case SpecialType.System_UInt16:
            case SpecialType.System_Int32:
            case SpecialType.System_UInt32:
            case SpecialType.System_Int64:
            case SpecialType.System_UInt64:
            case SpecialType.System_IntPtr:
            case SpecialType.System_UIntPtr:
            case SpecialType.System_Void:
                return true;
            default:
                return type.TypeKind == TypeKind.Enum;
        }
    }

    /// <summary>A path length (number of saturating activations crossed) and the first activation on that path.</summary>
    private readonly struct Entry
    {
        public Entry(int distance, SaturatingCall? first)
        {
            Distance = distance;
            First = first;
        }

        public int Distance { get; }

        public SaturatingCall? First { get; }
    }

    /// <summary>Stands for a loop-carried variable's value at loop entry when measuring its growth per iteration.</summary>
    private sealed class LoopEntryMarker
    {
        public LoopEntryMarker(ISymbol symbol) => Symbol = symbol;

        public ISymbol Symbol { get; }
    }
}
